-- Vulnerability intelligence (issue 6): configured sources, the records they brought, the
-- packages each record names (so a new or changed record rematches only those), CISA KEV
-- and FIRST EPSS, and findings (release × component identity × vulnerability).
--
-- Intelligence belongs to the organization that imported it. Public data could be shared
-- instance-wide, but then one tenant's crafted "advisory" file would change another
-- tenant's findings; per-organization sources keep every finding explainable by data the
-- organization itself chose to trust.

create table intel_sources (
  id               uuid primary key default gen_random_uuid(),
  org_id           uuid not null references organizations(id) on delete cascade,
  kind             text not null check (kind in ('osv', 'nvd', 'kev', 'epss')),
  name             text not null check (length(name) between 1 and 200),
  -- Where a scheduled sync fetches from; null for sources fed only by uploads and the CLI.
  url              text check (length(url) <= 2000),
  interval_minutes integer check (interval_minutes between 5 and 10080),
  enabled          boolean not null default true,
  etag             text,
  last_modified    text,
  last_run_at      timestamptz,
  last_success_at  timestamptz,
  last_status      text check (last_status in ('running', 'succeeded', 'failed', 'not-modified')),
  last_counts      jsonb not null default '{}'::jsonb,
  last_error       text,
  created_at       timestamptz not null default date_trunc('milliseconds', now()),
  unique (org_id, name)
);

create table intel_records (
  id                 bigint generated always as identity primary key,
  org_id             uuid not null references organizations(id) on delete cascade,
  source_id          uuid not null references intel_sources(id) on delete cascade,
  record_id          text not null,
  -- osv | ghsa | cve5 | nvd: the format the record was read from.
  record_kind        text not null,
  -- The id findings use: the record's lowest CVE alias, or its own id.
  vuln_id            text not null,
  aliases            text[] not null default '{}',
  related            text[] not null default '{}',
  summary            text,
  details            text,
  published          text,
  modified           text not null,
  withdrawn          text,
  severities         jsonb not null default '[]'::jsonb,
  cwes               text[] not null default '{}',
  refs               jsonb not null default '[]'::jsonb,
  affected           jsonb not null default '[]'::jsonb,
  cpe_configurations jsonb not null default '[]'::jsonb,
  content_hash       text not null,
  imported_at        timestamptz not null default date_trunc('milliseconds', now()),
  unique (source_id, record_id)
);
create index intel_records_org_vuln_idx on intel_records(org_id, vuln_id);

-- The packages (purl-style keys: `npm/lodash`, `maven/org.apache.logging.log4j/log4j-core`,
-- `deb/openssl`) and CPE products (`cpe/openssl/openssl`) a record names.
create table intel_record_packages (
  record_id   bigint not null references intel_records(id) on delete cascade,
  org_id      uuid not null,
  package_key text not null,
  primary key (record_id, package_key)
);
create index intel_record_packages_key_idx on intel_record_packages(org_id, package_key);

create table intel_kev (
  org_id                        uuid not null references organizations(id) on delete cascade,
  cve_id                        text not null,
  vendor_project                text not null,
  product                       text not null,
  vulnerability_name            text not null,
  date_added                    date not null,
  short_description             text not null,
  required_action               text not null,
  due_date                      date not null,
  known_ransomware_campaign_use text not null,
  notes                         text not null,
  cwes                          text[] not null default '{}',
  primary key (org_id, cve_id)
);

create table intel_epss (
  org_id      uuid not null references organizations(id) on delete cascade,
  cve_id      text not null,
  epss        real not null check (epss between 0 and 1),
  percentile  real not null check (percentile between 0 and 1),
  score_date  date,
  primary key (org_id, cve_id)
);

-- A finding: a component identity (version-free, so an upgrade is the same finding) of a
-- release affected by a vulnerability. Rows are never deleted: a finding whose component
-- went past the fix, or left the SBOM, is marked fixed with the evidence.
create table findings (
  id                 uuid primary key default gen_random_uuid(),
  org_id             uuid not null references organizations(id) on delete cascade,
  release_id         uuid not null references releases(id) on delete cascade,
  component_key      text not null,
  vuln_id            text not null,
  -- affected: matched now; fixed: the component moved past the fix or left the SBOM;
  -- withdrawn: every record that matched was withdrawn by its source.
  status             text not null check (status in ('affected', 'fixed', 'withdrawn')),
  component_name     text not null,
  component_version  text,
  component_purl     text,
  component_cpe      text,
  match_method       text not null check (match_method in ('purl', 'cpe')),
  -- 'exact' for purl ranges; 'high' | 'medium' | 'low' for CPE matches (see matching docs).
  confidence         text not null,
  -- Which records matched and why (ranges, listed versions, CPE criteria).
  evidence           jsonb not null default '[]'::jsonb,
  fixed_evidence     jsonb,
  sbom_id            uuid references sboms(id) on delete set null,
  first_seen_at      timestamptz not null default date_trunc('milliseconds', now()),
  last_seen_at       timestamptz not null default date_trunc('milliseconds', now()),
  fixed_at           timestamptz,
  unique (release_id, component_key, vuln_id)
);
create index findings_org_status_idx on findings(org_id, status, first_seen_at desc, id desc);
create index findings_org_vuln_idx on findings(org_id, vuln_id);

create table finding_events (
  id          bigint generated always as identity primary key,
  finding_id  uuid not null references findings(id) on delete cascade,
  org_id      uuid not null,
  at          timestamptz not null default date_trunc('milliseconds', now()),
  kind        text not null check (kind in ('opened', 'fixed', 'withdrawn', 'reopened', 'evidence')),
  detail      jsonb not null default '{}'::jsonb
);
create index finding_events_finding_idx on finding_events(finding_id, at);

-- The package keys each component of an SBOM can be affected under (see matching.ts), so a
-- new or changed record finds the components it names without reading every SBOM. A
-- component with no key is unmatchable and is listed in the coverage report.
create table sbom_component_keys (
  org_id       uuid not null,
  sbom_id      uuid not null references sboms(id) on delete cascade,
  component_id bigint not null references sbom_components(id) on delete cascade,
  package_key  text not null,
  primary key (sbom_id, component_id, package_key)
);
create index sbom_component_keys_org_key_idx on sbom_component_keys(org_id, package_key);
