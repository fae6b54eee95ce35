-- Hospital side (issue 9, part B): the vendor catalog a healthcare provider keeps of its
-- manufacturers' products and releases, the feeds it fills from (a manufacturer on the same
-- instance, a CSAF trusted provider, uploads), the documents received, the vendors'
-- statements per release and CVE, asset ↔ release matches, compensating controls, the
-- computed exposure, patch deployments and the hospital's patch policy.

create table vendors (
  id                    uuid primary key default gen_random_uuid(),
  org_id                uuid not null references organizations(id) on delete cascade,
  name                  text not null check (length(name) between 1 and 200),
  -- Lower-case, legal suffixes dropped (src/modules/exposure/normalize.ts); matches asset manufacturers.
  name_key              text not null,
  -- A manufacturer organization on this instance that shares its portfolio with this hospital.
  manufacturer_org_id   uuid references organizations(id) on delete set null,
  created_at            timestamptz not null default date_trunc('milliseconds', now()),
  updated_at            timestamptz not null default date_trunc('milliseconds', now()),
  unique (org_id, name_key)
);

create table vendor_products (
  id             uuid primary key default gen_random_uuid(),
  org_id         uuid not null references organizations(id) on delete cascade,
  vendor_id      uuid not null references vendors(id) on delete cascade,
  name           text not null check (length(name) between 1 and 300),
  name_key       text not null,
  model_numbers  text[] not null default '{}',
  created_at     timestamptz not null default date_trunc('milliseconds', now()),
  unique (vendor_id, name_key)
);

create table vendor_releases (
  id                              uuid primary key default gen_random_uuid(),
  org_id                          uuid not null references organizations(id) on delete cascade,
  vendor_id                       uuid not null references vendors(id) on delete cascade,
  product_id                      uuid not null references vendor_products(id) on delete cascade,
  version                         text not null check (length(version) between 1 and 200),
  version_key                     text not null,
  -- When the vendor says (same-instance portfolios carry them; CSAF documents do not).
  lifecycle_stage                 text check (lifecycle_stage in ('development', 'support', 'limited_support', 'end_of_support')),
  end_of_life_date                date,
  end_of_guaranteed_support_date  date,
  end_of_support_date             date,
  -- CSAF product identification helpers gathered from the documents naming this release.
  model_numbers                   text[] not null default '{}',
  serial_numbers                  text[] not null default '{}',
  purls                           text[] not null default '{}',
  cpes                            text[] not null default '{}',
  created_at                      timestamptz not null default date_trunc('milliseconds', now()),
  updated_at                      timestamptz not null default date_trunc('milliseconds', now()),
  unique (product_id, version_key)
);
create index vendor_releases_org_idx on vendor_releases(org_id, vendor_id);

create table vendor_feeds (
  id                 uuid primary key default gen_random_uuid(),
  org_id             uuid not null references organizations(id) on delete cascade,
  vendor_id          uuid references vendors(id) on delete set null,
  kind               text not null check (kind in ('csaf_provider', 'instance')),
  -- csaf_provider: provider-metadata.json URL; instance: null (manufacturer_org_id says who).
  url                text check (length(url) <= 2000),
  manufacturer_org_id uuid references organizations(id) on delete cascade,
  name               text not null check (length(name) between 1 and 200),
  enabled            boolean not null default true,
  status             text not null default 'new' check (status in ('new', 'running', 'ok', 'partial', 'failed')),
  last_job_id        uuid,
  last_sync_at       timestamptz,
  last_success_at    timestamptz,
  -- Conditional GET state of changes.csv / the ROLIE feed (incremental sync).
  etag               text,
  last_modified      text,
  documents_total    integer not null default 0,
  last_new           integer not null default 0,
  last_updated       integer not null default 0,
  last_unchanged     integer not null default 0,
  last_rejected      integer not null default 0,
  -- [{"url": "...", "problem": "signature" | "hash" | "invalid" | "fetch", "detail": "..."}] of the last sync, at most 100.
  errors             jsonb not null default '[]'::jsonb,
  last_error         text,
  -- The provider's OpenPGP public keys: [{"fingerprint": "...", "armored": "...", "pinned": bool}].
  public_keys        jsonb not null default '[]'::jsonb,
  created_by         text not null,
  created_at         timestamptz not null default date_trunc('milliseconds', now()),
  check ((kind = 'csaf_provider') = (url is not null)),
  check ((kind = 'instance') = (manufacturer_org_id is not null))
);
create unique index vendor_feeds_url_idx on vendor_feeds(org_id, url) where url is not null;
create unique index vendor_feeds_instance_idx on vendor_feeds(org_id, manufacturer_org_id) where manufacturer_org_id is not null;

-- A document received and accepted (rejected ones are listed on the feed's errors, not stored).
create table vendor_documents (
  id                    uuid primary key default gen_random_uuid(),
  org_id                uuid not null references organizations(id) on delete cascade,
  vendor_id             uuid not null references vendors(id) on delete cascade,
  feed_id               uuid references vendor_feeds(id) on delete set null,
  kind                  text not null check (kind in ('csaf', 'vex', 'sbom')),
  format                text not null check (length(format) <= 50),
  source                text not null check (source in ('feed', 'instance', 'upload')),
  -- Identity across versions: CSAF tracking id, VEX document id, or the content hash.
  doc_key               text not null check (length(doc_key) between 1 and 500),
  url                   text,
  title                 text,
  tracking_version      text,
  current_release_date  timestamptz,
  sha256                text not null,
  -- valid: the provider's key verified the .asc; not_checked: uploads and same-instance documents.
  signature_status      text not null check (signature_status in ('valid', 'not_checked')),
  hash_status           text not null check (hash_status in ('valid', 'not_checked')),
  statements            integer not null default 0,
  content               jsonb,
  received_at           timestamptz not null default date_trunc('milliseconds', now()),
  unique (org_id, vendor_id, kind, doc_key)
);
create index vendor_documents_org_idx on vendor_documents(org_id, received_at desc);

-- The vendor's word on one release and one vulnerability (the newest document wins).
create table vendor_statements (
  id                     uuid primary key default gen_random_uuid(),
  org_id                 uuid not null references organizations(id) on delete cascade,
  vendor_release_id      uuid not null references vendor_releases(id) on delete cascade,
  document_id            uuid references vendor_documents(id) on delete cascade,
  vuln_id                text not null check (length(vuln_id) between 1 and 100),
  status                 text not null check (status in ('known_affected', 'known_not_affected', 'fixed', 'under_investigation')),
  justification          text,
  detail                 text,
  remediation_category   text,
  remediation            text,
  remediation_url        text,
  patient_safety         text,
  -- Harm severity the vendor rated (negligible … catastrophic) when it said so.
  harm                   text,
  vendor_exploited       boolean not null default false,
  cvss_score             real,
  cvss_vector            text,
  updated_at             timestamptz not null default date_trunc('milliseconds', now()),
  unique (vendor_release_id, vuln_id)
);
create index vendor_statements_org_idx on vendor_statements(org_id, vuln_id);

-- SBOM components of a vendor release (uploaded SBOMs), matched against the hospital's intelligence.
create table vendor_release_components (
  vendor_release_id  uuid not null references vendor_releases(id) on delete cascade,
  org_id             uuid not null references organizations(id) on delete cascade,
  document_id        uuid not null references vendor_documents(id) on delete cascade,
  purl               text,
  name               text not null,
  version            text,
  package_key        text
);
create index vendor_release_components_release_idx on vendor_release_components(vendor_release_id);
create index vendor_release_components_key_idx on vendor_release_components(org_id, package_key);

create table asset_release_matches (
  asset_id           uuid primary key references assets(id) on delete cascade,
  org_id             uuid not null references organizations(id) on delete cascade,
  -- null with method 'overridden': a person said no catalog release is this device.
  vendor_release_id  uuid references vendor_releases(id) on delete cascade,
  method             text not null check (method in ('auto', 'confirmed', 'overridden')),
  confidence         real not null check (confidence between 0 and 1),
  reason             text not null,
  decided_by         text,
  updated_at         timestamptz not null default date_trunc('milliseconds', now())
);
create index asset_release_matches_release_idx on asset_release_matches(org_id, vendor_release_id);

create table compensating_controls (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  kind         text not null check (kind in ('segmentation', 'service_disabled', 'monitoring', 'access_control', 'application_allowlisting', 'other')),
  description  text not null check (length(description) between 1 and 2000),
  -- Which assets: one asset, every asset of a department, or of a network zone.
  scope        text not null check (scope in ('asset', 'department', 'zone')),
  asset_id     uuid references assets(id) on delete cascade,
  scope_value  text check (length(scope_value) <= 200),
  -- null: every vulnerability; else this one only.
  vuln_id      text check (length(vuln_id) <= 100),
  status       text not null default 'implemented' check (status in ('planned', 'implemented', 'verified')),
  created_by   text not null,
  created_at   timestamptz not null default date_trunc('milliseconds', now()),
  check ((scope = 'asset') = (asset_id is not null)),
  check ((scope = 'asset') or scope_value is not null)
);
create index compensating_controls_org_idx on compensating_controls(org_id, scope);

-- The computed exposure (rebuilt per organization by the exposure.recompute job).
create table exposures (
  asset_id           uuid not null references assets(id) on delete cascade,
  vuln_id            text not null,
  org_id             uuid not null references organizations(id) on delete cascade,
  vendor_release_id  uuid not null references vendor_releases(id) on delete cascade,
  statement_id       uuid references vendor_statements(id) on delete cascade,
  source             text not null check (source in ('vendor', 'sbom')),
  status             text not null check (status in ('known_affected', 'known_not_affected', 'fixed', 'under_investigation', 'patched')),
  kev                boolean not null,
  epss               double precision,
  cvss               real,
  base_priority      integer not null,
  control_points     integer not null,
  priority           integer not null,
  control_ids        uuid[] not null default '{}',
  computed_at        timestamptz not null default date_trunc('milliseconds', now()),
  primary key (asset_id, vuln_id)
);
create index exposures_org_priority_idx on exposures(org_id, priority desc);

create table patch_deployments (
  id             uuid primary key default gen_random_uuid(),
  org_id         uuid not null references organizations(id) on delete cascade,
  asset_id       uuid not null references assets(id) on delete cascade,
  vuln_id        text not null,
  document_id    uuid references vendor_documents(id) on delete set null,
  remediation    text,
  state          text not null default 'available' check (state in ('available', 'validated', 'scheduled', 'installed')),
  priority       integer not null default 0,
  available_on   date not null,
  due_on         date not null,
  validated_on   date,
  scheduled_for  date,
  installed_on   date,
  note           text check (length(note) <= 2000),
  updated_by     text not null,
  updated_at     timestamptz not null default date_trunc('milliseconds', now()),
  unique (asset_id, vuln_id)
);
create index patch_deployments_org_idx on patch_deployments(org_id, state, due_on);

-- Days from "patch available" to "installed", per priority band.
create table patch_policies (
  org_id         uuid primary key references organizations(id) on delete cascade,
  critical_days  integer not null default 15 check (critical_days between 1 and 3650),
  high_days      integer not null default 30 check (high_days between 1 and 3650),
  medium_days    integer not null default 90 check (medium_days between 1 and 3650),
  low_days       integer not null default 180 check (low_days between 1 and 3650),
  updated_by     text not null,
  updated_at     timestamptz not null default date_trunc('milliseconds', now())
);
