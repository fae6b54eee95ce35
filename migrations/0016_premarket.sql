-- Premarket cybersecurity (issue 11): a security requirements catalog per product (copied from
-- built-in sets or written by hand, versioned with a history), a threat model per product or
-- release (one JSON document, validated by the service's zod schema), evidence imported per
-- release (SARIF 2.1.0 and JUnit XML files, each split into evidence items: SARIF rules and
-- JUnit test cases), and manual links from requirements to evidence. The traceability matrix
-- and the package are computed from these rows (src/modules/premarket), never stored.

create table premarket_requirements (
  id                   uuid primary key default gen_random_uuid(),
  org_id               uuid not null references organizations(id) on delete cascade,
  product_id           uuid not null references products(id) on delete cascade,
  -- The identifier that test names, SARIF properties and links use (e.g. JSP-DES-08, SEC-REQ-004).
  ref                  text not null check (ref ~ '^[A-Za-z][A-Za-z0-9._-]{0,63}$'),
  -- 'custom', 'threat-model', or the built-in set it was copied from (src/modules/premarket/catalog.ts).
  source               text not null,
  source_version       text,
  category             text,
  title                text not null check (length(title) between 1 and 300),
  description          text check (length(description) <= 8000),
  -- The design input's answer: how the product meets it (the mitigation / design element).
  design               text check (length(design) <= 8000),
  verification_method  text not null default 'test' check (verification_method in ('test', 'analysis', 'inspection')),
  -- What Vigil itself can show as evidence: its SBOM or its vulnerability assessment.
  auto_evidence        text check (auto_evidence in ('sbom', 'findings')),
  applicable           boolean not null default true,
  na_justification     text check (length(na_justification) <= 4000),
  version              integer not null default 1,
  created_by           text not null,
  created_at           timestamptz not null default date_trunc('milliseconds', now()),
  updated_at           timestamptz not null default date_trunc('milliseconds', now()),
  unique (product_id, ref)
);
create index premarket_requirements_org_product_idx on premarket_requirements(org_id, product_id, ref);

-- Every version a requirement has had (version 1 at creation), for "versioned".
create table premarket_requirement_versions (
  requirement_id  uuid not null references premarket_requirements(id) on delete cascade,
  org_id          uuid not null references organizations(id) on delete cascade,
  version         integer not null,
  snapshot        jsonb not null,
  changed_by      text not null,
  changed_at      timestamptz not null default date_trunc('milliseconds', now()),
  primary key (requirement_id, version)
);

-- One threat model per product (release_id null) and per release that has its own.
create table premarket_threat_models (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references organizations(id) on delete cascade,
  product_id  uuid not null references products(id) on delete cascade,
  release_id  uuid references releases(id) on delete cascade,
  document    jsonb not null,
  version     integer not null default 1,
  updated_by  text not null,
  created_at  timestamptz not null default date_trunc('milliseconds', now()),
  updated_at  timestamptz not null default date_trunc('milliseconds', now())
);
create unique index premarket_threat_models_scope_idx on premarket_threat_models(product_id, coalesce(release_id, '00000000-0000-0000-0000-000000000000'::uuid));

create table premarket_evidence (
  id            uuid primary key default gen_random_uuid(),
  org_id        uuid not null references organizations(id) on delete cascade,
  release_id    uuid not null references releases(id) on delete cascade,
  kind          text not null check (kind in ('sarif', 'junit')),
  file_name     text not null,
  content_hash  text not null,
  size_bytes    integer not null,
  tool          text,
  -- Counts by outcome and anything the reader reports about the file.
  summary       jsonb not null default '{}'::jsonb,
  content       bytea not null,
  imported_by   text not null,
  imported_at   timestamptz not null default date_trunc('milliseconds', now()),
  -- Re-importing the same file into the same release changes nothing.
  unique (release_id, content_hash)
);
create index premarket_evidence_org_release_idx on premarket_evidence(org_id, release_id, imported_at);

-- SARIF: one item per rule (outcome failed when the rule has an error-level result);
-- JUnit: one item per test case (passed | failed | error | skipped).
create table premarket_evidence_items (
  id                uuid primary key default gen_random_uuid(),
  evidence_id       uuid not null references premarket_evidence(id) on delete cascade,
  org_id            uuid not null references organizations(id) on delete cascade,
  ord               integer not null,
  name              text not null,
  outcome           text not null check (outcome in ('passed', 'failed', 'error', 'skipped')),
  detail            text,
  -- Requirement refs named by the item itself (test name, properties, SARIF rule/result properties).
  requirement_refs  text[] not null default '{}'
);
create index premarket_evidence_items_evidence_idx on premarket_evidence_items(evidence_id, ord);

-- A person's link from a requirement to a whole evidence file or to one item of it.
create table premarket_trace_links (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references organizations(id) on delete cascade,
  requirement_id  uuid not null references premarket_requirements(id) on delete cascade,
  evidence_id     uuid not null references premarket_evidence(id) on delete cascade,
  item_id         uuid references premarket_evidence_items(id) on delete cascade,
  note            text check (length(note) <= 2000),
  created_by      text not null,
  created_at      timestamptz not null default date_trunc('milliseconds', now())
);
create unique index premarket_trace_links_unique_idx on premarket_trace_links(requirement_id, evidence_id, coalesce(item_id, '00000000-0000-0000-0000-000000000000'::uuid));
