-- Hospital side (issue 9, part A): the device fleet of a healthcare provider organization,
-- its CMMS imports, MDS2 statements, vendor contracts with tracked MC2 obligations, and the
-- legacy / end-of-support register. Part B (0018_hospital_vendors.sql) references assets(id).

-- One physical device. Dedupe key: manufacturer (case-insensitive) + serial within an org;
-- a re-import with the same key updates the row in place.
create table assets (
  id                    uuid primary key default gen_random_uuid(),
  org_id                uuid not null references organizations(id) on delete cascade,
  manufacturer          text not null check (length(manufacturer) between 1 and 200),
  model                 text not null check (length(model) between 1 and 200),
  serial                text not null check (length(serial) between 1 and 200),
  software_version      text check (length(software_version) <= 100),
  firmware_version      text check (length(firmware_version) <= 100),
  location              text check (length(location) <= 200),
  department            text check (length(department) <= 200),
  network_zone          text check (length(network_zone) <= 100),
  vlan                  integer check (vlan between 1 and 4094),
  ip                    text check (length(ip) <= 45),
  -- Normalised to lower-case colon form aa:bb:cc:dd:ee:ff by the service.
  mac                   text check (mac ~ '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$'),
  -- null = not assessed yet (an import without the column must not invent a level).
  clinical_criticality  text check (clinical_criticality in ('low', 'medium', 'high', 'critical')),
  patient_connected     boolean not null default false,
  owner                 text check (length(owner) <= 200),
  purchased_on          date,
  installed_on          date,
  archived              boolean not null default false,
  -- The import run that last created or changed the row (null: entered by hand).
  last_import_id        uuid,
  created_at            timestamptz not null default date_trunc('milliseconds', now()),
  updated_at            timestamptz not null default date_trunc('milliseconds', now())
);
create unique index assets_org_manufacturer_serial_idx on assets(org_id, lower(manufacturer), serial);
create index assets_org_model_idx on assets(org_id, lower(manufacturer), lower(model));
create index assets_org_department_idx on assets(org_id, department);

-- A column mapping remembered per source system ("Nuvolo export", "TMS weekly"): which
-- header of the file fills which asset field. {"serial": "Serial No.", ...}
create table asset_import_mappings (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references organizations(id) on delete cascade,
  name        text not null check (length(name) between 1 and 100),
  mapping     jsonb not null,
  updated_by  text not null,
  created_at  timestamptz not null default date_trunc('milliseconds', now()),
  updated_at  timestamptz not null default date_trunc('milliseconds', now())
);
create unique index asset_import_mappings_org_name_idx on asset_import_mappings(org_id, lower(name));

-- One import: what the file held and what it did. A rejected file is recorded with
-- status 'rejected' and its errors, and no asset row changes.
create table asset_import_runs (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references organizations(id) on delete cascade,
  file_name       text not null check (length(file_name) <= 300),
  format          text not null check (format in ('csv', 'xlsx')),
  encoding        text,
  mapping_name    text,
  status          text not null check (status in ('succeeded', 'rejected')),
  rows_total      integer not null default 0,
  created_count   integer not null default 0,
  updated_count   integer not null default 0,
  unchanged_count integer not null default 0,
  duplicate_count integer not null default 0,
  -- [{"row": 12, "column": "Serial", "message": "..."}], at most 100 kept.
  errors          jsonb not null default '[]'::jsonb,
  actor           text not null,
  started_at      timestamptz not null default date_trunc('milliseconds', now()),
  finished_at     timestamptz
);
create index asset_import_runs_org_idx on asset_import_runs(org_id, started_at desc);
alter table assets add constraint assets_last_import_fk
  foreign key (last_import_id) references asset_import_runs(id) on delete set null;

-- MDS2 (2019 form) per manufacturer / model / device version. answers is keyed by the form's
-- question id: {"AUTH-1": {"answer": "yes" | "no" | "n/a" | null, "note": "..."}}.
create table mds2_statements (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references organizations(id) on delete cascade,
  manufacturer    text not null check (length(manufacturer) between 1 and 200),
  model           text not null check (length(model) between 1 and 200),
  model_version   text not null default '' check (length(model_version) <= 100),
  form_version    text not null default '2019',
  statement_date  date,
  source          text not null check (source in ('import', 'form')),
  file_name       text,
  answers         jsonb not null default '{}'::jsonb,
  created_by      text not null,
  created_at      timestamptz not null default date_trunc('milliseconds', now()),
  updated_at      timestamptz not null default date_trunc('milliseconds', now())
);
create unique index mds2_statements_model_idx
  on mds2_statements(org_id, lower(manufacturer), lower(model), model_version);

-- A contract with one vendor (MC2 model contract language, contract.md).
create table contracts (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references organizations(id) on delete cascade,
  vendor_name     text not null check (length(vendor_name) between 1 and 200),
  title           text not null check (length(title) between 1 and 200),
  reference       text check (length(reference) <= 100),
  mc2_version     text check (mc2_version in ('v1', 'v2')),
  form            text check (form in ('standalone', 'addendum')),
  -- Models the contract covers; empty = every model of the vendor.
  covered_models  text[] not null default '{}',
  effective_on    date not null,
  renewal_on      date,
  expires_on      date,
  notes           text check (length(notes) <= 8000),
  created_by      text not null,
  created_at      timestamptz not null default date_trunc('milliseconds', now()),
  updated_at      timestamptz not null default date_trunc('milliseconds', now())
);
create index contracts_org_idx on contracts(org_id, lower(vendor_name));

-- A clause commitment: the MC2 clause id, the checkable kind and its negotiated parameters
-- ({"days": 30}, {"months": 24}, {"hours": 72}).
create table contract_obligations (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  contract_id  uuid not null references contracts(id) on delete cascade,
  clause_id    text not null check (clause_id ~ '^MC2-[0-9]{2}$'),
  kind         text not null check (kind in ('sbom_delivery', 'mds2_delivery', 'vulnerability_notification',
                 'patch_availability', 'incident_notification', 'eos_notice', 'evidence')),
  included     text not null default 'yes' check (included in ('yes', 'modified')),
  parameters   jsonb not null default '{}'::jsonb,
  description  text check (length(description) <= 4000),
  created_at   timestamptz not null default date_trunc('milliseconds', now())
);
create index contract_obligations_contract_idx on contract_obligations(contract_id);

-- Facts recorded by hand against a contract (the vendor tables of part B supply the rest).
create table contract_facts (
  id                 uuid primary key default gen_random_uuid(),
  org_id             uuid not null references organizations(id) on delete cascade,
  contract_id        uuid not null references contracts(id) on delete cascade,
  kind               text not null check (kind in ('vulnerability_published', 'advisory_published', 'patch_available',
                       'release', 'sbom_delivered', 'mds2_delivered', 'incident_occurred', 'incident_notified',
                       'eos_notice', 'evidence')),
  -- The CVE id, "model version", incident reference or obligation the fact is about.
  subject            text check (length(subject) <= 200),
  occurred_at        timestamptz not null,
  -- eos_notice: the announced end-of-support date.
  end_of_support_on  date,
  obligation_id      uuid references contract_obligations(id) on delete cascade,
  note               text check (length(note) <= 4000),
  recorded_by        text not null,
  created_at         timestamptz not null default date_trunc('milliseconds', now()),
  check (kind <> 'eos_notice' or end_of_support_on is not null)
);
create index contract_facts_contract_idx on contract_facts(contract_id, occurred_at);

-- Legacy register: per manufacturer + model, the lifecycle stage and dates when entered by
-- hand (otherwise taken from the matched vendor release), compensating-control plan and
-- replacement planning.
create table legacy_plans (
  id                   uuid primary key default gen_random_uuid(),
  org_id               uuid not null references organizations(id) on delete cascade,
  manufacturer         text not null check (length(manufacturer) between 1 and 200),
  model                text not null check (length(model) between 1 and 200),
  lifecycle_stage      text check (lifecycle_stage in ('development', 'support', 'limited_support', 'end_of_support')),
  end_of_life_on       date,
  end_of_guaranteed_support_on date,
  end_of_support_on    date,
  -- [{"control": "segmentation", "description": "...", "status": "planned" | "in_place" | "verified"}]
  compensating_controls jsonb not null default '[]'::jsonb,
  decision             text check (decision in ('continue', 'replace', 'decommission', 'accept_risk')),
  replacement_model    text check (length(replacement_model) <= 200),
  budget_year          integer check (budget_year between 2000 and 2100),
  estimated_cost       numeric(14, 2) check (estimated_cost >= 0),
  currency             text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  risk_accepted_by     text check (length(risk_accepted_by) <= 200),
  risk_accepted_on     date,
  next_review_on       date,
  -- Days before end of support at which a reminder goes out.
  reminder_days        integer[] not null default '{365,180,90,30}',
  notes                text check (length(notes) <= 8000),
  updated_by           text not null,
  created_at           timestamptz not null default date_trunc('milliseconds', now()),
  updated_at           timestamptz not null default date_trunc('milliseconds', now())
);
create unique index legacy_plans_model_idx on legacy_plans(org_id, lower(manufacturer), lower(model));

-- A reminder sent once per plan, threshold and end-of-support date (a moved date reminds again).
create table legacy_reminders (
  plan_id            uuid not null references legacy_plans(id) on delete cascade,
  org_id             uuid not null references organizations(id) on delete cascade,
  days_before        integer not null,
  end_of_support_on  date not null,
  sent_at            timestamptz not null default date_trunc('milliseconds', now()),
  primary key (plan_id, days_before, end_of_support_on)
);
