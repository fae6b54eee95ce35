-- NuGet package ids are case-insensitive: package keys now hold them lower-cased (see
-- normalizeOsvPackageName). Keys written before are re-keyed so stored records and SBOM
-- components meet again; a record or component holding two casings keeps one key.

insert into intel_record_packages (record_id, org_id, package_key)
  select record_id, org_id, 'osv:NuGet:' || lower(substr(package_key, 11))
  from intel_record_packages where package_key like 'osv:NuGet:%'
  on conflict do nothing;
delete from intel_record_packages
  where package_key like 'osv:NuGet:%' and package_key <> 'osv:NuGet:' || lower(substr(package_key, 11));

insert into sbom_component_keys (org_id, sbom_id, component_id, package_key)
  select org_id, sbom_id, component_id, 'osv:NuGet:' || lower(substr(package_key, 11))
  from sbom_component_keys where package_key like 'osv:NuGet:%'
  on conflict do nothing;
delete from sbom_component_keys
  where package_key like 'osv:NuGet:%' and package_key <> 'osv:NuGet:' || lower(substr(package_key, 11));
