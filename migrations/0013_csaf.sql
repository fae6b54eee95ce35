-- CSAF 2.0 advisories (issue 8): one stored CSAF document per advisory, edited as JSON or through
-- the editor model (src/formats/csaf/model.ts); tracking columns mirror the document so lists
-- need not parse it. Published versions are kept byte-exact with their hashes and signature, and
-- the trusted-provider directory (/.well-known/csaf/<org-slug>/...) is served from them.
--
-- case_id names a CVD case (migration 0012, built in parallel) without a foreign key: the case
-- table may not exist when this migration is applied; a later migration adds the constraint.

create table csaf_advisories (
  id                 uuid primary key default gen_random_uuid(),
  org_id             uuid not null references organizations(id) on delete cascade,
  tracking_id        text not null check (length(tracking_id) between 1 and 200),
  title              text not null check (length(title) between 1 and 500),
  profile            text not null check (profile in ('csaf_security_advisory', 'csaf_vex')),
  status             text not null default 'draft' check (status in ('draft', 'interim', 'final')),
  tlp                text not null default 'WHITE' check (tlp in ('WHITE', 'GREEN', 'AMBER', 'RED')),
  -- tracking.version of the stored document (integer versioning: 0 while a draft, 1, 2, ... once published)
  version            text not null,
  vulnerability_id   text,
  case_id            uuid,
  document           jsonb not null,
  -- Bumped by every change; the ETag for If-Match.
  revision           integer not null default 1,
  published_at       timestamptz,
  created_by         text not null,
  created_at         timestamptz not null default date_trunc('milliseconds', now()),
  updated_at         timestamptz not null default date_trunc('milliseconds', now()),
  unique (org_id, tracking_id)
);
create index csaf_advisories_org_created_idx on csaf_advisories(org_id, created_at desc, id desc);

-- What an advisory was generated from: findings (and through them releases and products).
create table csaf_advisory_findings (
  advisory_id  uuid not null references csaf_advisories(id) on delete cascade,
  org_id       uuid not null references organizations(id) on delete cascade,
  finding_id   uuid not null references findings(id) on delete cascade,
  primary key (advisory_id, finding_id)
);
create index csaf_advisory_findings_org_idx on csaf_advisory_findings(org_id, finding_id);

-- Every published version, byte-exact as served, with its checksums and detached signature.
create table csaf_publications (
  advisory_id   uuid not null references csaf_advisories(id) on delete cascade,
  org_id        uuid not null references organizations(id) on delete cascade,
  version       text not null,
  tracking_id   text not null,
  tlp           text not null,
  file_name     text not null,
  year          integer not null,
  content       text not null,
  sha256        text not null,
  sha512        text not null,
  signature     text not null,
  key_fingerprint text not null,
  released_at   timestamptz not null,
  published_at  timestamptz not null default date_trunc('milliseconds', now()),
  primary key (advisory_id, version)
);
create index csaf_publications_org_idx on csaf_publications(org_id, published_at desc);

-- The organization's OpenPGP signing key; the private key is armored and encrypted with a
-- passphrase derived from the server secret (docs/operations.md), never stored in clear.
create table csaf_keys (
  id                 uuid primary key default gen_random_uuid(),
  org_id             uuid not null references organizations(id) on delete cascade,
  fingerprint        text not null,
  public_key         text not null,
  private_key        text not null,
  user_id            text not null,
  algorithm          text not null,
  active             boolean not null default true,
  created_by         text not null,
  created_at         timestamptz not null default date_trunc('milliseconds', now())
);
create unique index csaf_keys_one_active_idx on csaf_keys(org_id) where active;
