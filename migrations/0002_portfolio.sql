-- Portfolio: a manufacturer's products and their released versions, with the JSP/IMDRF N70
-- lifecycle stage and the separate EOL / EOGS / EOS dates (jsp/legacy.md).

create table products (
  id                 uuid primary key default gen_random_uuid(),
  org_id             uuid not null references organizations(id) on delete cascade,
  name               text not null check (length(name) between 1 and 200),
  manufacturer       text check (length(manufacturer) <= 200),
  model_numbers      text[] not null default '{}',
  device_class       text check (length(device_class) <= 50),
  -- Regulatory identifiers by scheme, e.g. {"fda510k": "K203456", "udiDi": "00812345678901"}.
  regulatory_ids     jsonb not null default '{}'::jsonb,
  intended_use       text check (length(intended_use) <= 4000),
  clinical_function  text check (length(clinical_function) <= 1000),
  connectivity       text[] not null default '{}',
  description        text check (length(description) <= 8000),
  archived_at        timestamptz,
  created_at         timestamptz not null default date_trunc('milliseconds', now()),
  updated_at         timestamptz not null default date_trunc('milliseconds', now())
);
create unique index products_org_name_idx on products(org_id, lower(name));
create index products_org_created_idx on products(org_id, created_at desc, id desc);

create table releases (
  id                     uuid primary key default gen_random_uuid(),
  org_id                 uuid not null references organizations(id) on delete cascade,
  product_id             uuid not null references products(id) on delete cascade,
  version                text not null check (length(version) between 1 and 100),
  lifecycle_stage        text not null default 'development'
                           check (lifecycle_stage in ('development', 'support', 'limited_support', 'end_of_support')),
  release_date           date,
  end_of_life_date       date,
  end_of_guaranteed_support_date date,
  end_of_support_date    date,
  customers_notified_at  timestamptz,
  release_notes_url      text check (length(release_notes_url) <= 2000),
  archived_at            timestamptz,
  created_at             timestamptz not null default date_trunc('milliseconds', now()),
  updated_at             timestamptz not null default date_trunc('milliseconds', now()),
  unique (product_id, version)
);
create index releases_org_product_idx on releases(org_id, product_id, created_at desc, id desc);
create index releases_org_eos_idx on releases(org_id, end_of_support_date) where archived_at is null;
