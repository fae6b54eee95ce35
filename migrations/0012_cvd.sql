-- Coordinated vulnerability disclosure (issue 8, part 1): reports received through the public
-- form or the OpenPGP path become CVD cases (ISO/IEC 29147 / 30111 states) with default clocks
-- (acknowledge within 5 business days, reporter update every 30 days, disclosure 45 days after
-- receipt unless an embargo date is set), links to products, releases and findings, a timeline,
-- the e-mail thread with the reporter, and customer notices with their delivery log.

create table cvd_cases (
  id                    uuid primary key default gen_random_uuid(),
  org_id                uuid not null references organizations(id) on delete cascade,
  title                 text not null check (length(title) between 1 and 200),
  description           text not null check (length(description) <= 20000),
  product_hint          text check (length(product_hint) <= 200),
  state                 text not null default 'received'
                        check (state in ('received', 'acknowledged', 'triaged', 'remediation', 'disclosed', 'closed')),
  source                text not null check (source in ('form', 'encrypted', 'staff')),
  -- An armored OpenPGP message exactly as received (the team decrypts it offline).
  encrypted_message     text check (length(encrypted_message) <= 1500000),
  reporter_name         text check (length(reporter_name) <= 200),
  reporter_email        text check (length(reporter_email) <= 320),
  credit                text not null default 'named' check (credit in ('named', 'anonymous', 'none')),
  cve_requested         boolean not null default false,
  cve_ids               text[] not null default '{}',
  embargo_date          date,
  internal_notes        text check (length(internal_notes) <= 20000),
  received_at           timestamptz not null default date_trunc('milliseconds', now()),
  acknowledged_at       timestamptz,
  triaged_at            timestamptz,
  remediation_at        timestamptz,
  disclosed_at          timestamptz,
  closed_at             timestamptz,
  close_reason          text check (length(close_reason) <= 4000),
  -- Clock inputs fixed at receipt (in the organization's time zone then) and by the thread.
  acknowledge_due_at    timestamptz not null,
  disclosure_target     date not null,
  last_reporter_update_at timestamptz,
  version               integer not null default 1,
  created_at            timestamptz not null default date_trunc('milliseconds', now()),
  updated_at            timestamptz not null default date_trunc('milliseconds', now())
);
create index cvd_cases_org_received_idx on cvd_cases(org_id, received_at desc, id desc);
create index cvd_cases_org_state_idx on cvd_cases(org_id, state, received_at desc, id desc);

-- The case timeline: receipt, transitions, edits, links, messages, notices.
create table cvd_case_events (
  id       bigint generated always as identity primary key,
  case_id  uuid not null references cvd_cases(id) on delete cascade,
  org_id   uuid not null references organizations(id) on delete cascade,
  at       timestamptz not null default date_trunc('milliseconds', now()),
  actor    text not null,
  kind     text not null check (kind in ('received', 'transition', 'edit', 'link', 'unlink', 'message', 'notice')),
  detail   jsonb not null default '{}'::jsonb
);
create index cvd_case_events_case_idx on cvd_case_events(case_id, at, id);

-- Links to the organization's products, releases and findings (the service checks the org).
create table cvd_case_links (
  case_id    uuid not null references cvd_cases(id) on delete cascade,
  org_id     uuid not null references organizations(id) on delete cascade,
  kind       text not null check (kind in ('product', 'release', 'finding')),
  target_id  uuid not null,
  primary key (case_id, kind, target_id)
);

create table cvd_attachments (
  id          uuid primary key default gen_random_uuid(),
  case_id     uuid not null references cvd_cases(id) on delete cascade,
  org_id      uuid not null references organizations(id) on delete cascade,
  file_name   text not null check (length(file_name) between 1 and 200),
  media_type  text not null check (length(media_type) <= 200),
  size        integer not null check (size between 0 and 1048576),
  sha256      text not null,
  content     bytea not null
);
create index cvd_attachments_case_idx on cvd_attachments(case_id);

-- The organization's published intake key (armored OpenPGP public key) for encrypted reports.
create table cvd_intake_keys (
  org_id       uuid primary key references organizations(id) on delete cascade,
  armored      text not null check (length(armored) <= 100000),
  fingerprint  text not null,
  -- Hex key ids of the primary key and every subkey (an encrypted message names one of them).
  key_ids      text[] not null,
  updated_at   timestamptz not null default date_trunc('milliseconds', now())
);

-- Messages to the reporter (acknowledgement, status updates), one row per send attempt.
create table cvd_messages (
  id          uuid primary key default gen_random_uuid(),
  case_id     uuid not null references cvd_cases(id) on delete cascade,
  org_id      uuid not null references organizations(id) on delete cascade,
  kind        text not null check (kind in ('acknowledgement', 'status')),
  recipient   text not null,
  subject     text not null,
  body        text not null,
  ok          boolean not null,
  error       text,
  sent_by     text not null,
  sent_at     timestamptz not null default date_trunc('milliseconds', now())
);
create index cvd_messages_case_idx on cvd_messages(case_id, sent_at);

-- Who to tell about a product: a customer organization's security contact, optionally the
-- healthcare-provider organization on this instance that receives a copy in its inbox.
create table customer_contacts (
  id               uuid primary key default gen_random_uuid(),
  org_id           uuid not null references organizations(id) on delete cascade,
  product_id       uuid not null references products(id) on delete cascade,
  customer_name    text not null check (length(customer_name) between 1 and 200),
  email            text not null check (length(email) <= 320),
  customer_org_id  uuid references organizations(id) on delete set null,
  created_at       timestamptz not null default date_trunc('milliseconds', now()),
  unique (product_id, email)
);
create index customer_contacts_org_idx on customer_contacts(org_id, product_id);

-- A sent customer notice: the fields as composed and the rendered HTML and text.
create table customer_notices (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references organizations(id) on delete cascade,
  case_id     uuid not null references cvd_cases(id) on delete cascade,
  fields      jsonb not null,
  subject     text not null,
  html        text not null,
  text        text not null,
  sent_by     text not null,
  sent_at     timestamptz not null default date_trunc('milliseconds', now())
);
create index customer_notices_case_idx on customer_notices(case_id, sent_at);

-- The delivery log: one row per recipient and channel (e-mail, or the customer's Vigil inbox).
create table customer_notice_deliveries (
  id               uuid primary key default gen_random_uuid(),
  notice_id        uuid not null references customer_notices(id) on delete cascade,
  org_id           uuid not null references organizations(id) on delete cascade,
  contact_id       uuid references customer_contacts(id) on delete set null,
  channel          text not null check (channel in ('email', 'account')),
  recipient        text not null,
  customer_org_id  uuid references organizations(id) on delete cascade,
  ok               boolean not null,
  error            text,
  at               timestamptz not null default date_trunc('milliseconds', now())
);
create index customer_notice_deliveries_notice_idx on customer_notice_deliveries(notice_id);
create index customer_notice_deliveries_inbox_idx on customer_notice_deliveries(customer_org_id, at desc) where channel = 'account';
