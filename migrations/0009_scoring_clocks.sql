-- Scoring inputs, remediation clocks and notifications (issue 7; src/modules/scoring, clocks,
-- notifications). The computed risk class, priority and priority factors live on `findings`
-- (migration 0007); the tables here hold what feeds them and what follows from them.

-- Clock due dates end at the end of a local calendar day, so the organization has a time zone
-- (IANA name, checked by the application with luxon).
alter table organizations add column time_zone text not null default 'UTC';

-- Environmental CVSS per product: security requirements (CR/IR/AR) and modified base metrics
-- for CVSS v3.x and v4.0, as {"requirements": {...}, "v3": {...}, "v4": {...}}.
create table product_cvss_environments (
  product_id  uuid primary key references products(id) on delete cascade,
  org_id      uuid not null references organizations(id) on delete cascade,
  environment jsonb not null default '{}'::jsonb,
  updated_at  timestamptz not null default date_trunc('milliseconds', now()),
  updated_by  uuid references users(id) on delete set null
);
create index product_cvss_environments_org_idx on product_cvss_environments(org_id);

-- Per finding: the analyst's scoring inputs and what the last scoring used (so a sweep finds
-- the findings whose intelligence, environment, lifecycle stage or analysis changed since).
create table finding_scores (
  finding_id          uuid primary key references findings(id) on delete cascade,
  org_id              uuid not null references organizations(id) on delete cascade,
  cvss_source         text not null default 'auto' check (cvss_source in ('auto', 'nvd', 'cna', 'ghsa', 'osv', 'rubric')),
  rubric_version      text,
  rubric_answers      jsonb not null default '{}'::jsonb,
  harm_severity       text check (harm_severity in ('negligible', 'minor', 'serious', 'critical', 'catastrophic')),
  inputs_updated_at   timestamptz,
  inputs_updated_by   uuid references users(id) on delete set null,
  scored_at           timestamptz,
  scored_kev          boolean,
  scored_epss         double precision,
  scored_records      text,
  scored_stage        text,
  scored_analysis     text,
  scored_status       text,
  scored_environment  timestamptz,
  -- Qualitative severity of the effective (environmental, else base) CVSS score: picks the
  -- controlled-risk clock. null when no source scored the vulnerability.
  severity            text check (severity in ('critical', 'high', 'medium', 'low', 'none')),
  result              jsonb not null default '{}'::jsonb
);
create index finding_scores_org_idx on finding_scores(org_id);

-- SLA policy: the organization's overrides of the default clock table (src/modules/clocks/policy.ts).
-- days null = no clock for that rule.
create table sla_rules (
  org_id      uuid not null references organizations(id) on delete cascade,
  rule        text not null check (rule in ('uncontrolled_communication', 'uncontrolled_remediation',
                'controlled_critical', 'controlled_high', 'controlled_medium', 'controlled_low')),
  days        integer check (days between 1 and 3650),
  kind        text not null check (kind in ('regulatory', 'guidance', 'framework', 'contract', 'industry practice')),
  source      text not null,
  updated_at  timestamptz not null default date_trunc('milliseconds', now()),
  primary key (org_id, rule)
);

create table clock_settings (
  org_id              uuid primary key references organizations(id) on delete cascade,
  notify_before_days  integer not null default 7 check (notify_before_days between 0 and 365)
);

create table finding_clocks (
  id                      uuid primary key default gen_random_uuid(),
  org_id                  uuid not null references organizations(id) on delete cascade,
  finding_id              uuid not null references findings(id) on delete cascade,
  clock                   text not null check (clock in ('communication', 'remediation')),
  rule                    text not null,
  days                    integer not null,
  kind                    text not null,
  source                  text not null,
  time_zone               text not null,
  started_at              timestamptz not null,
  -- Due before any pause: the end of the local day `days` calendar days after the start.
  base_due_at             timestamptz not null,
  state                   text not null default 'running' check (state in ('running', 'paused', 'stopped')),
  paused_ms               bigint not null default 0,
  paused_at               timestamptz,
  pause_reason            text,
  stopped_at              timestamptz,
  stop_reason             text check (stop_reason in ('remediated', 'mitigated', 'communicated', 'risk_accepted', 'reclassified', 'closed')),
  stop_note               text,
  approaching_notified_at timestamptz,
  missed_notified_at      timestamptz,
  created_at              timestamptz not null default date_trunc('milliseconds', now())
);
-- One open clock per finding, clock and rule.
create unique index finding_clocks_open_idx on finding_clocks(finding_id, rule) where state <> 'stopped';
create index finding_clocks_org_idx on finding_clocks(org_id, state, base_due_at);
create index finding_clocks_finding_idx on finding_clocks(finding_id);

create table remediation_plans (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  finding_id   uuid not null references findings(id) on delete cascade,
  kind         text not null check (kind in ('patch', 'compensating_control', 'customer_communication')),
  release_id   uuid references releases(id) on delete set null,
  description  text not null,
  target_date  date,
  status       text not null default 'planned' check (status in ('planned', 'in_progress', 'validated', 'released')),
  created_by   uuid references users(id) on delete set null,
  created_at   timestamptz not null default date_trunc('milliseconds', now()),
  updated_at   timestamptz not null default date_trunc('milliseconds', now()),
  check (kind = 'patch' or release_id is null)
);
create index remediation_plans_finding_idx on remediation_plans(finding_id);
create index remediation_plans_org_idx on remediation_plans(org_id, created_at desc, id desc);

create table notification_channels (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references organizations(id) on delete cascade,
  kind        text not null check (kind in ('email', 'webhook')),
  name        text not null,
  enabled     boolean not null default true,
  events      text[] not null,
  recipients  text[] not null default '{}',
  url         text,
  -- The webhook signing key: needed in clear to sign, never returned after creation.
  secret      text,
  created_at  timestamptz not null default date_trunc('milliseconds', now()),
  updated_at  timestamptz not null default date_trunc('milliseconds', now()),
  unique (org_id, name),
  check ((kind = 'email' and url is null and secret is null) or (kind = 'webhook' and url is not null and secret is not null))
);

create table notification_outbox (
  id               uuid primary key default gen_random_uuid(),
  org_id           uuid not null references organizations(id) on delete cascade,
  channel_id       uuid not null references notification_channels(id) on delete cascade,
  event            text not null,
  dedupe_key       text not null,
  payload          jsonb not null,
  state            text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default date_trunc('milliseconds', now()),
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz not null default date_trunc('milliseconds', now()),
  unique (channel_id, dedupe_key)
);
create index notification_outbox_due_idx on notification_outbox(next_attempt_at) where state = 'pending';
create index notification_outbox_org_idx on notification_outbox(org_id, created_at desc, id desc);

create table notification_deliveries (
  id           bigint generated always as identity primary key,
  outbox_id    uuid not null references notification_outbox(id) on delete cascade,
  org_id       uuid not null,
  attempt      integer not null,
  at           timestamptz not null default date_trunc('milliseconds', now()),
  ok           boolean not null,
  status_code  integer,
  error        text,
  duration_ms  integer not null
);
create index notification_deliveries_outbox_idx on notification_deliveries(outbox_id, attempt);
