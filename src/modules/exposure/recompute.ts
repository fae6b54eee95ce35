import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.js';
import { indexCatalog, matchAsset, type CatalogRelease } from './match.js';
import { modelKey } from './normalize.js';

/**
 * Set-based exposure for one organization: automatic matching of assets to catalog releases
 * (pure matcher, bulk upsert) and the exposure rebuild — one INSERT … SELECT over matches ×
 * vendor statements × KEV/EPSS × compensating controls, with the priority of priority.ts
 * written in SQL — then patch deployments for every affected device with a vendor fix, their
 * due date from the hospital's policy. Confirmed and overridden matches are people's
 * decisions: automatic matching never touches them.
 */

const BATCH = 1000;

/** Re-runs automatic matching for the organization's assets that have no human decision. */
export async function autoMatch(db: Executor, orgId: string): Promise<{ matched: number; unmatched: number }> {
  const catalog = await db
    .selectFrom('vendor_releases as r')
    .innerJoin('vendor_products as p', 'p.id', 'r.product_id')
    .innerJoin('vendors as v', 'v.id', 'r.vendor_id')
    .select(['r.id', 'v.name_key as vendor_key', 'p.name_key as product_key', 'p.model_numbers as product_models', 'r.model_numbers', 'r.version_key', 'r.serial_numbers'])
    .where('r.org_id', '=', orgId)
    .execute();
  const index = indexCatalog(
    catalog.map<CatalogRelease>((r) => ({
      releaseId: r.id,
      vendorKey: r.vendor_key,
      productKey: r.product_key,
      modelKeys: [...new Set([...r.product_models, ...r.model_numbers].map(modelKey))],
      versionKey: r.version_key,
      serials: r.serial_numbers,
    })),
  );
  const assets = await db
    .selectFrom('assets as a')
    .leftJoin('asset_release_matches as m', 'm.asset_id', 'a.id')
    .select(['a.id', 'a.manufacturer', 'a.model', 'a.serial', 'a.software_version', 'a.firmware_version', 'm.method', 'm.vendor_release_id', 'm.confidence'])
    .where('a.org_id', '=', orgId)
    .where('a.archived', '=', false)
    .where((eb) => eb.or([eb('m.method', 'is', null), eb('m.method', '=', 'auto')]))
    .execute();
  const upserts: { asset_id: string; org_id: string; vendor_release_id: string; method: 'auto'; confidence: number; reason: string }[] = [];
  const drop: string[] = [];
  let matched = 0;
  for (const a of assets) {
    const m = matchAsset({ manufacturer: a.manufacturer, model: a.model, serial: a.serial, softwareVersion: a.software_version, firmwareVersion: a.firmware_version }, index);
    if (m) {
      matched++;
      if (m.releaseId !== a.vendor_release_id || m.confidence !== a.confidence) upserts.push({ asset_id: a.id, org_id: orgId, vendor_release_id: m.releaseId, method: 'auto', confidence: m.confidence, reason: m.reason });
    } else if (a.method === 'auto') drop.push(a.id);
  }
  for (let i = 0; i < upserts.length; i += BATCH) {
    await db
      .insertInto('asset_release_matches')
      .values(upserts.slice(i, i + BATCH))
      .onConflict((oc) => oc.column('asset_id').doUpdateSet((eb) => ({ vendor_release_id: eb.ref('excluded.vendor_release_id'), confidence: eb.ref('excluded.confidence'), reason: eb.ref('excluded.reason'), method: 'auto', updated_at: new Date() })))
      .execute();
  }
  for (let i = 0; i < drop.length; i += BATCH) await db.deleteFrom('asset_release_matches').where('asset_id', 'in', drop.slice(i, i + BATCH)).where('method', '=', 'auto').execute();
  return { matched, unmatched: assets.length - matched };
}

/** The priority formula of priority.ts over the columns of the exposure query (`s` statement, `a` asset, `k` KEV, `e` EPSS). */
export const PRIORITY_SQL = sql<number>`least(1000, greatest(0,
    round((coalesce(s.cvss_score, 0)::numeric * 30))::int
  + case when k.cve_id is not null or s.vendor_exploited then 250 else 0 end
  + round(round((coalesce(e.epss, 0) * 10000)::numeric) * 3 / 200.0)::int
  + case a.clinical_criticality when 'critical' then 150 when 'high' then 100 when 'low' then 0 else 50 end
  + case when a.patient_connected then 100 else 0 end
  + case s.harm when 'catastrophic' then 150 when 'critical' then 100 when 'serious' then 50 else 0 end
  - case when s.status = 'under_investigation' then 100 else 0 end))`;

const CONTROL_POINTS_SQL = sql<number>`case cc.kind when 'segmentation' then 200 when 'service_disabled' then 250 when 'application_allowlisting' then 150 when 'access_control' then 100 else 50 end`;

/** Brings the organization's exposures up to date (writing only what changed) and the patch deployments they call for. */
export async function recomputeExposure(db: Db, orgId: string): Promise<{ exposures: number; changed: number; deployments: number }> {
  return db.transaction().execute(async (tx) => {
    await planForBulkComparison(tx);
    // Controls reach devices through equality joins (asset, department, zone) aggregated per
    // device — for every vulnerability and for one — so the big join stays hash joins.
    const inserted = await sql<{ n: number; written: number; removed: number }>`
      with ctl as (
        select cc.asset_id, cc.id, cc.vuln_id, ${CONTROL_POINTS_SQL} as points
        from compensating_controls cc where cc.org_id = ${orgId} and cc.status <> 'planned' and cc.scope = 'asset'
        union all
        select a.id, cc.id, cc.vuln_id, ${CONTROL_POINTS_SQL}
        from compensating_controls cc join assets a on a.org_id = cc.org_id and a.department = cc.scope_value
        where cc.org_id = ${orgId} and cc.status <> 'planned' and cc.scope = 'department'
        union all
        select a.id, cc.id, cc.vuln_id, ${CONTROL_POINTS_SQL}
        from compensating_controls cc join assets a on a.org_id = cc.org_id and a.network_zone = cc.scope_value
        where cc.org_id = ${orgId} and cc.status <> 'planned' and cc.scope = 'zone'
      ), ctl_all as (
        select asset_id, sum(points)::int as points, array_agg(id order by id) as ids from ctl where vuln_id is null group by asset_id
      ), ctl_one as (
        select asset_id, vuln_id, sum(points)::int as points, array_agg(id order by id) as ids from ctl where vuln_id is not null group by asset_id, vuln_id
      ), installed as (
        select asset_id, vuln_id from patch_deployments where org_id = ${orgId} and state = 'installed'
      ), b as (
        select a.id as asset_id, s.vuln_id, a.org_id, m.vendor_release_id, s.id as statement_id, case when d.kind = 'sbom' then 'sbom' else 'vendor' end as source,
               case when i.asset_id is not null and s.status in ('known_affected', 'under_investigation') then 'patched' else s.status end as status,
               (k.cve_id is not null or s.vendor_exploited) as kev, e.epss, s.cvss_score as cvss,
               case when i.asset_id is not null or s.status not in ('known_affected', 'under_investigation') then 0 else ${PRIORITY_SQL} end as base
        from asset_release_matches m
        join assets a on a.id = m.asset_id and not a.archived
        join vendor_statements s on s.vendor_release_id = m.vendor_release_id
        left join intel_kev k on k.org_id = m.org_id and k.cve_id = s.vuln_id
        left join intel_epss e on e.org_id = m.org_id and e.cve_id = s.vuln_id
        left join installed i on i.asset_id = a.id and i.vuln_id = s.vuln_id
        left join vendor_documents d on d.id = s.document_id
        where m.org_id = ${orgId} and m.vendor_release_id is not null
      ), c as materialized (
        -- Materialized: the priority expression is computed once per row, not again in the comparison below.
        select b.*, coalesce(ca.points, 0) + coalesce(co.points, 0) as wanted, coalesce(ca.ids, '{}') || coalesce(co.ids, '{}') as ids
        from b
        left join ctl_all ca on ca.asset_id = b.asset_id and b.status in ('known_affected', 'under_investigation')
        left join ctl_one co on co.asset_id = b.asset_id and co.vuln_id = b.vuln_id and b.status in ('known_affected', 'under_investigation')
      ), n as not materialized (
        -- Not materialized: c already is, and these are cheap expressions over it.
        select asset_id, vuln_id, org_id, vendor_release_id, statement_id, source, status, kev, epss, cvss, base,
               least(wanted, floor(base * 0.6)::int) as control_points, base - least(wanted, floor(base * 0.6)::int) as priority, ids
        from c
      ), changed as (
        -- Incremental: only rows that are new or whose facts changed are written (one hash join
        -- against what is stored; no row locks, index churn or dead tuples for the rest).
        select n.* from n left join exposures x on x.asset_id = n.asset_id and x.vuln_id = n.vuln_id
        where x.asset_id is null
           or x.vendor_release_id is distinct from n.vendor_release_id
           or x.statement_id is distinct from n.statement_id
           or x.source is distinct from n.source
           or x.status is distinct from n.status
           or x.kev is distinct from n.kev
           or x.epss is distinct from n.epss
           or x.cvss is distinct from n.cvss
           or x.base_priority is distinct from n.base
           or x.control_points is distinct from n.control_points
           or x.priority is distinct from n.priority
           or x.control_ids is distinct from n.ids
      ), upserted as (
        insert into exposures (asset_id, vuln_id, org_id, vendor_release_id, statement_id, source, status, kev, epss, cvss, base_priority, control_points, priority, control_ids)
        select asset_id, vuln_id, org_id, vendor_release_id, statement_id, source, status, kev, epss, cvss, base, control_points, priority, ids from changed
        on conflict (asset_id, vuln_id) do update set
          vendor_release_id = excluded.vendor_release_id, statement_id = excluded.statement_id, source = excluded.source, status = excluded.status, kev = excluded.kev, epss = excluded.epss,
          cvss = excluded.cvss, base_priority = excluded.base_priority, control_points = excluded.control_points, priority = excluded.priority,
          control_ids = excluded.control_ids, computed_at = date_trunc('milliseconds', now())
        returning 1
      ), removed as (
        -- NOT IN over the two key columns is a hashed subplan (no sort of every row's full width).
        delete from exposures x where x.org_id = ${orgId} and (x.asset_id, x.vuln_id) not in (select c.asset_id, c.vuln_id from c)
        returning 1
      )
      select (select count(*)::int from c) as n, (select count(*)::int from upserted) as written, (select count(*)::int from removed) as removed`.execute(tx);
    const deployments = await syncDeployments(tx, orgId);
    const row = inserted.rows[0];
    return { exposures: row?.n ?? 0, changed: (row?.written ?? 0) + (row?.removed ?? 0), deployments };
  });
}

/**
 * The recomputation compares every exposure row with what is stored: hundreds of thousands of
 * rows through hash joins and one anti join. With the server defaults (work_mem 4 MB) those
 * spill to disk in batches, and JIT compiles the statement for over a second to save less than
 * that; both are set for this transaction only. Measured on 588,000 rows: see bench/RESULTS.md.
 */
async function planForBulkComparison(tx: Executor): Promise<void> {
  await sql`set local work_mem = '128MB'`.execute(tx);
  await sql`set local jit = off`.execute(tx);
}

/**
 * A vendor fix for an affected device is a deployment to make: created "available" on the day
 * the vendor's document was released, due after the policy's days for its priority band.
 * Open deployments follow the exposure's current priority; installed ones are history.
 */
async function syncDeployments(tx: Executor, orgId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    with policy as (
      select coalesce((select critical_days from patch_policies where org_id = ${orgId}), 15) as critical_days,
             coalesce((select high_days from patch_policies where org_id = ${orgId}), 30) as high_days,
             coalesce((select medium_days from patch_policies where org_id = ${orgId}), 90) as medium_days,
             coalesce((select low_days from patch_policies where org_id = ${orgId}), 180) as low_days
    ), src as (
      select e.org_id, e.asset_id, e.vuln_id, s.document_id, s.remediation, e.priority,
             coalesce((d.current_release_date at time zone 'UTC')::date, (now() at time zone 'UTC')::date) as available_on
      from exposures e
      join vendor_statements s on s.id = e.statement_id
      left join vendor_documents d on d.id = s.document_id
      where e.org_id = ${orgId} and e.status = 'known_affected' and s.remediation_category = 'vendor_fix'
    ), wanted as (
      select src.*, case when src.priority >= 700 then p.critical_days when src.priority >= 400 then p.high_days when src.priority >= 200 then p.medium_days else p.low_days end as days
      from src cross join policy p
    ), changed as (
      -- Only new deployments and open ones whose priority, advisory or due date moved are written.
      select w.* from wanted w left join patch_deployments d on d.asset_id = w.asset_id and d.vuln_id = w.vuln_id
      where d.id is null
         or (d.state <> 'installed' and (d.priority <> w.priority or d.document_id is distinct from w.document_id or d.remediation is distinct from w.remediation or d.due_on <> d.available_on + w.days))
    ), ins as (
      insert into patch_deployments (org_id, asset_id, vuln_id, document_id, remediation, state, priority, available_on, due_on, updated_by)
      select org_id, asset_id, vuln_id, document_id, remediation, 'available', priority, available_on, available_on + days, 'vigil'
      from changed
      on conflict (asset_id, vuln_id) do update set
        priority = excluded.priority,
        document_id = excluded.document_id,
        remediation = excluded.remediation,
        due_on = patch_deployments.available_on + (excluded.due_on - excluded.available_on)
      where patch_deployments.state <> 'installed'
      returning 1
    )
    select count(*)::int as n from ins`.execute(tx);
  return r.rows[0]?.n ?? 0;
}

/** Matching then exposure: what a sync, an import or a decision ends with. */
export async function refreshExposure(db: Db, orgId: string): Promise<{ exposures: number; changed: number; deployments: number; matched: number }> {
  const m = await db.transaction().execute((tx) => autoMatch(tx, orgId));
  const e = await recomputeExposure(db, orgId);
  return { ...e, matched: m.matched };
}
