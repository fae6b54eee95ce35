-- SBOM documents per release (revisions; the original kept gzipped) and their components.

create table sboms (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references organizations(id) on delete cascade,
  release_id      uuid not null references releases(id) on delete cascade,
  revision        integer not null,
  is_current      boolean not null default true,
  encoding        text not null check (encoding in ('cyclonedx-json', 'cyclonedx-xml', 'spdx-json', 'spdx-tag-value')),
  format          text not null check (format in ('cyclonedx', 'spdx')),
  spec_version    text not null,
  content_hash    text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  size_bytes      integer not null,
  serial_number   text,
  doc_name        text,
  doc_version     integer,
  -- As written in the document (not every producer writes a valid timestamp).
  doc_created     text,
  authors         text[] not null default '{}',
  tools           jsonb not null default '[]'::jsonb,
  supplier        text,
  subject_ref     text,
  services        jsonb not null default '[]'::jsonb,
  properties      jsonb not null default '[]'::jsonb,
  -- Warnings found while reading (errors refuse the import).
  issues          jsonb not null default '[]'::jsonb,
  component_count integer not null,
  original        bytea not null,
  imported_by     text,
  imported_at     timestamptz not null default date_trunc('milliseconds', now()),
  unique (release_id, revision),
  unique (release_id, content_hash)
);
create index sboms_org_release_idx on sboms(org_id, release_id, revision desc);

create table sbom_components (
  id                bigint generated always as identity primary key,
  sbom_id           uuid not null references sboms(id) on delete cascade,
  org_id            uuid not null,
  ord               integer not null,
  ref               text not null,
  parent_ref        text,
  type              text not null,
  name              text not null,
  grp               text,
  version           text,
  description       text,
  purl              text,
  cpe               text,
  supplier          text,
  authors           text[] not null default '{}',
  publisher         text,
  license           text,
  copyright         text,
  scope             text,
  hashes            jsonb not null default '[]'::jsonb,
  external_refs     jsonb not null default '[]'::jsonb,
  properties        jsonb not null default '[]'::jsonb,
  depends_on        text[] not null default '{}',
  level_of_support  text,
  end_of_support    date,
  unique (sbom_id, ref)
);
create index sbom_components_sbom_ord_idx on sbom_components(sbom_id, ord);
create index sbom_components_org_purl_idx on sbom_components(org_id, purl) where purl is not null;
