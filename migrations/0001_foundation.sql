-- Foundation: organizations, people, sessions, API tokens, audit chain, job runs.
-- created_at is kept to the millisecond so keyset-pagination cursors (JavaScript Dates) compare exactly.
-- Runs unchanged on PGlite (PostgreSQL 18 in WASM) and PostgreSQL 15+: no PG16+ syntax.

create table organizations (
  id          uuid primary key default gen_random_uuid(),
  name        text not null check (length(name) between 1 and 200),
  slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  kind        text not null check (kind in ('manufacturer', 'healthcare_provider', 'both')),
  created_at  timestamptz not null default date_trunc('milliseconds', now()),
  updated_at  timestamptz not null default now()
);

create table users (
  id                   uuid primary key default gen_random_uuid(),
  email                text not null unique check (email = lower(email) and length(email) <= 320),
  name                 text not null check (length(name) between 1 and 200),
  password_hash        text not null,
  password_changed_at  timestamptz not null default now(),
  created_at           timestamptz not null default date_trunc('milliseconds', now())
);

create table memberships (
  org_id      uuid not null references organizations(id) on delete cascade,
  user_id     uuid not null references users(id) on delete cascade,
  role        text not null check (role in ('owner', 'admin', 'analyst', 'auditor', 'viewer')),
  created_at  timestamptz not null default date_trunc('milliseconds', now()),
  primary key (org_id, user_id)
);
create index memberships_user_idx on memberships(user_id);

create table invitations (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  email        text not null check (email = lower(email)),
  role         text not null check (role in ('owner', 'admin', 'analyst', 'auditor', 'viewer')),
  token_hash   text not null unique,
  invited_by   uuid references users(id) on delete set null,
  created_at   timestamptz not null default date_trunc('milliseconds', now()),
  expires_at   timestamptz not null,
  accepted_at  timestamptz,
  revoked_at   timestamptz
);
create index invitations_org_idx on invitations(org_id, created_at desc);

create table sessions (
  id             uuid primary key default gen_random_uuid(),
  token_hash     text not null unique,
  user_id        uuid not null references users(id) on delete cascade,
  active_org_id  uuid references organizations(id) on delete set null,
  csrf_token     text not null,
  created_at     timestamptz not null default date_trunc('milliseconds', now()),
  expires_at     timestamptz not null,
  last_seen_at   timestamptz not null default now()
);
create index sessions_user_idx on sessions(user_id);

create table api_tokens (
  id            uuid primary key default gen_random_uuid(),
  org_id        uuid not null references organizations(id) on delete cascade,
  name          text not null check (length(name) between 1 and 100),
  role          text not null check (role in ('admin', 'analyst', 'auditor', 'viewer')),
  token_hash    text not null unique,
  token_prefix  text not null,
  created_by    uuid references users(id) on delete set null,
  created_at    timestamptz not null default date_trunc('milliseconds', now()),
  expires_at    timestamptz not null,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
create index api_tokens_org_idx on api_tokens(org_id, created_at desc);

-- Append-only, hash-chained audit trail. One chain per organization (chain_id = org id)
-- plus a 'system' chain for events outside any organization, so organizations never
-- contend for the same chain head and each can be verified on its own.
create table audit_chains (
  chain_id  text primary key,
  seq       bigint not null,
  hash      text not null
);

create table audit_events (
  id           bigserial primary key,
  chain_id     text not null,
  seq          bigint not null,
  org_id       uuid,
  at           timestamptz not null,
  actor_type   text not null check (actor_type in ('user', 'token', 'system')),
  actor_id     text,
  actor_label  text not null,
  action       text not null,
  target_type  text not null,
  target_id    text,
  summary      jsonb not null default '{}'::jsonb,
  request_id   text,
  prev_hash    text not null,
  hash         text not null,
  unique (chain_id, seq)
);
create index audit_events_org_idx on audit_events(org_id, id desc);
create index audit_events_org_action_idx on audit_events(org_id, action, id desc);

-- The trail is append-only: updates and deletes are refused by the database itself.
create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end;
$$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();

-- Vigil's own record of background work (progress, result), readable per organization.
-- The queue itself is pg-boss's; this table is what the API shows.
create table job_runs (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  kind         text not null,
  state        text not null check (state in ('queued', 'running', 'succeeded', 'failed')),
  progress     integer not null default 0,
  total        integer,
  message      text,
  result       jsonb,
  error        text,
  created_by   text,
  created_at   timestamptz not null default date_trunc('milliseconds', now()),
  started_at   timestamptz,
  finished_at  timestamptz
);
create index job_runs_org_idx on job_runs(org_id, created_at desc);
