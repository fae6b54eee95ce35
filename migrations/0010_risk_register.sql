-- Risk register (issue 7): ISO 14971-style risk items per product — threat, the vulnerability
-- and the findings it stands for, hazardous situation, harm, exploitability (likelihood) and
-- severity of harm before controls, existing and new controls, the residual risk after them
-- and its controlled/uncontrolled class (src/core/risk, classifyRisk with the matrix named in
-- matrix_id) — with the acceptance of residual risk by an approver, its expiry and re-review.
--
-- Level names are the core vocabulary's (DEFAULT_EXPLOITABILITY_LEVELS, DEFAULT_HARM_SEVERITIES);
-- the service checks them against the matrix it classifies with, so a configurable matrix later
-- needs no migration here.

create table risk_items (
  id                   uuid primary key default gen_random_uuid(),
  org_id               uuid not null references organizations(id) on delete cascade,
  product_id           uuid not null references products(id) on delete cascade,
  title                text not null check (length(title) between 1 and 200),
  threat               text check (length(threat) <= 4000),
  vulnerability        text check (length(vulnerability) <= 4000),
  hazardous_situation  text check (length(hazardous_situation) <= 4000),
  harm                 text check (length(harm) <= 4000),
  likelihood           text not null,
  severity             text not null,
  initial_class        text not null check (initial_class in ('controlled', 'uncontrolled')),
  existing_controls    text check (length(existing_controls) <= 8000),
  -- [{"description": "...", "status": "planned" | "in_progress" | "implemented" | "verified"}]
  new_controls         jsonb not null default '[]'::jsonb,
  residual_likelihood  text not null,
  residual_severity    text not null,
  residual_class       text not null check (residual_class in ('controlled', 'uncontrolled')),
  matrix_id            text not null,
  owner_id             uuid references users(id) on delete set null,
  status               text not null default 'open' check (status in ('open', 'mitigating', 'accepted', 'closed')),
  -- Bumped by every change; the ETag for If-Match.
  version              integer not null default 1,
  created_by           text not null,
  created_at           timestamptz not null default date_trunc('milliseconds', now()),
  updated_at           timestamptz not null default date_trunc('milliseconds', now())
);
create index risk_items_org_created_idx on risk_items(org_id, created_at desc, id desc);
create index risk_items_org_product_idx on risk_items(org_id, product_id, created_at desc, id desc);

-- A risk item groups findings of its product; a finding may sit in several items.
create table risk_item_findings (
  risk_id     uuid not null references risk_items(id) on delete cascade,
  finding_id  uuid not null references findings(id) on delete cascade,
  org_id      uuid not null references organizations(id) on delete cascade,
  primary key (risk_id, finding_id)
);
create index risk_item_findings_finding_idx on risk_item_findings(finding_id);

-- Every acceptance ever given; the one with ended_at null is in force (at most one per item).
create table risk_acceptances (
  id                     uuid primary key default gen_random_uuid(),
  org_id                 uuid not null references organizations(id) on delete cascade,
  risk_id                uuid not null references risk_items(id) on delete cascade,
  approver_id            uuid references users(id) on delete set null,
  approver_label         text not null,
  rationale              text not null check (length(rationale) between 1 and 8000),
  -- The residual risk that was accepted, as it stood then.
  residual_likelihood    text not null,
  residual_severity      text not null,
  residual_class         text not null check (residual_class in ('controlled', 'uncontrolled')),
  -- Accepting an uncontrolled residual risk needs the explicit flag and a benefit-risk rationale.
  uncontrolled_accepted  boolean not null default false,
  benefit_risk_rationale text check (length(benefit_risk_rationale) <= 8000),
  expires_on             date not null,
  review_on              date not null check (review_on <= expires_on),
  accepted_at            timestamptz not null default date_trunc('milliseconds', now()),
  ended_at               timestamptz,
  end_reason             text check (end_reason in ('revoked', 'expired', 'superseded', 'risk_changed', 'closed')),
  ended_by               text,
  end_note               text check (length(end_note) <= 4000),
  check ((ended_at is null) = (end_reason is null)),
  check (residual_class = 'controlled' or (uncontrolled_accepted and benefit_risk_rationale is not null))
);
create unique index risk_acceptances_active_idx on risk_acceptances(risk_id) where ended_at is null;
create index risk_acceptances_expiry_idx on risk_acceptances(expires_on) where ended_at is null;
create index risk_acceptances_review_idx on risk_acceptances(org_id, review_on) where ended_at is null;

-- The item's own history (the audit trail has the same changes, hash-chained, across the organization).
create table risk_events (
  id        bigint generated always as identity primary key,
  risk_id   uuid not null references risk_items(id) on delete cascade,
  org_id    uuid not null references organizations(id) on delete cascade,
  at        timestamptz not null default date_trunc('milliseconds', now()),
  actor     text not null,
  kind      text not null check (kind in ('created', 'updated', 'accepted', 'acceptance_revoked', 'acceptance_expired', 'acceptance_ended')),
  detail    jsonb not null default '{}'::jsonb
);
create index risk_events_risk_idx on risk_events(risk_id, at, id);
