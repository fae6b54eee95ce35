/**
 * Exposure recomputation for 100,000 assets (issue 9 target ≤ 5 s), on PostgreSQL. A hospital
 * of 100,000 devices from 5 vendors × 10 products × 4 releases (200 catalog releases), each
 * release with 6 vendor statements (4 affected with a vendor fix, 1 not affected, 1 under
 * investigation) — so 600,000 exposure rows; KEV and EPSS for some of the CVEs; 40 compensating
 * controls on departments and zones. Measured:
 * - `recomputeExposure`: the set-based job — one statement computing every row with the priority
 *   and the controls, compared with what is stored, writing only what changed (here nothing),
 *   then the same for patch deployments;
 * - `refreshExposure`: automatic matching of the 100,000 assets (pure matcher, bulk upsert of
 *   the changes) followed by the recomputation;
 * - the first refresh, when every match, exposure row and deployment is new (all written).
 * Floor: a bulk insert of the same 600,000 exposure rows (delete + INSERT … SELECT from a copy),
 * the cheapest way to write what the job writes. Medians of 3 runs after one warm-up. The
 * database is created and dropped here (VIGIL_BENCH_DATABASE_URL names the server).
 */
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../src/platform/auth/context.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { recomputeExposure, refreshExposure } from '../src/modules/exposure/recompute.js';
import { medianMs, type BenchRow, type BenchSection } from './harness.js';

const TITLE = 'Exposure recomputation (issue 9)';
const ASSETS = 100_000;
const VENDORS = 5;
const PRODUCTS = 10;
const RELEASES = 4;

async function seed(db: Database): Promise<string> {
  const k = db.kysely;
  const org = await k.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: 'Bench Hospital', slug: 'bench-hospital', kind: 'healthcare_provider' }, null));
  const o = org.id;
  await sql`insert into vendors (org_id, name, name_key) select ${o}::uuid, 'Vendor ' || v, 'vendor ' || v from generate_series(0, ${VENDORS - 1}) v`.execute(k);
  await sql`insert into vendor_products (org_id, vendor_id, name, name_key, model_numbers)
    select ${o}::uuid, v.id, 'Model ' || p, 'model' || p, array['M-' || p] from vendors v cross join generate_series(0, ${PRODUCTS - 1}) p where v.org_id = ${o}`.execute(k);
  await sql`insert into vendor_releases (org_id, vendor_id, product_id, version, version_key)
    select ${o}::uuid, p.vendor_id, p.id, r || '.0.1', r || '.0.1' from vendor_products p cross join generate_series(1, ${RELEASES}) r where p.org_id = ${o}`.execute(k);
  await sql`insert into vendor_documents (org_id, vendor_id, kind, format, source, doc_key, sha256, signature_status, hash_status, current_release_date)
    select ${o}::uuid, v.id, 'csaf', 'csaf_security_advisory', 'upload', 'ADV-' || v.name, md5(v.name), 'not_checked', 'not_checked', '2026-01-01T00:00:00Z' from vendors v where v.org_id = ${o}`.execute(k);
  await sql`insert into vendor_statements (org_id, vendor_release_id, document_id, vuln_id, status, remediation_category, remediation, harm, cvss_score)
    select ${o}::uuid, r.id, d.id, 'CVE-2025-' || lpad(((hashtext(r.id::text) & 255) * 6 + s)::text, 5, '0'),
      case when s < 4 then 'known_affected' when s = 4 then 'known_not_affected' else 'under_investigation' end,
      case when s < 4 then 'vendor_fix' end, case when s < 4 then 'Update.' end,
      case s % 3 when 0 then 'serious' when 1 then 'critical' end, (s * 1.5 + 2)::real
    from vendor_releases r join vendor_documents d on d.vendor_id = r.vendor_id cross join generate_series(0, 5) s where r.org_id = ${o}`.execute(k);
  await sql`insert into intel_kev (org_id, cve_id, vendor_project, product, vulnerability_name, date_added, short_description, required_action, due_date, known_ransomware_campaign_use, notes, cwes)
    select distinct ${o}::uuid, vuln_id, 'v', 'p', 'n', '2025-01-01'::date, 'd', 'a', '2025-02-01'::date, 'Unknown', '', '{}'::text[] from vendor_statements where org_id = ${o} and (hashtext(vuln_id) & 7) = 0`.execute(k);
  await sql`insert into intel_epss (org_id, cve_id, epss, percentile, score_date)
    select distinct on (vuln_id) ${o}::uuid, vuln_id, ((hashtext(vuln_id) & 1023) / 1023.0), 0.5, '2026-01-01'::date from vendor_statements where org_id = ${o}`.execute(k);
  // 100,000 devices: vendor, model and version spread over the catalog; 1 in 50 on a version the catalog lacks.
  await sql`insert into assets (org_id, manufacturer, model, serial, software_version, department, network_zone, clinical_criticality, patient_connected)
    select ${o}::uuid, 'Vendor ' || (i % ${VENDORS}), 'M-' || ((i / ${VENDORS}) % ${PRODUCTS}), 'SN-' || i,
      case when i % 50 = 0 then '9.9' else (1 + (i / ${VENDORS * PRODUCTS}) % ${RELEASES}) || '.0.1' end,
      'Dept ' || (i % 20), 'zone-' || (i % 30), (array['low', 'medium', 'high', 'critical'])[1 + i % 4], i % 3 = 0
    from generate_series(0, ${ASSETS - 1}) i`.execute(k);
  await sql`insert into compensating_controls (org_id, kind, description, scope, scope_value, created_by)
    select ${o}::uuid, (array['segmentation', 'monitoring', 'access_control', 'service_disabled'])[1 + c % 4], 'control ' || c, case when c < 20 then 'department' else 'zone' end,
      case when c < 20 then 'Dept ' || c else 'zone-' || (c - 20) end, 'bench'
    from generate_series(0, 39) c where c % 2 = 0`.execute(k);
  await sql`analyze`.execute(k);
  return o;
}

async function measure(db: Database): Promise<{ rows: BenchRow[]; notes: string }> {
  const k = db.kysely;
  const started = performance.now();
  const orgId = await seed(db);
  const seedSeconds = (performance.now() - started) / 1000;
  const firstStart = performance.now();
  const first = await refreshExposure(k, orgId);
  const firstMs = performance.now() - firstStart;
  if (first.matched < ASSETS * 0.9) throw new Error(`only ${first.matched} assets matched`);
  // What autovacuum would have done by now on a live server.
  await sql`analyze`.execute(k);
  const recomputeMs = await medianMs(async () => {
    const r = await recomputeExposure(k, orgId);
    if (r.exposures !== first.exposures || r.changed !== 0) throw new Error(`recompute found ${r.exposures} rows (${r.changed} changed), the first run ${first.exposures}`);
  }, 3);
  const refreshMs = await medianMs(() => refreshExposure(k, orgId), 3);
  await sql`create table bench_exposures_copy as select * from exposures where org_id = ${orgId}`.execute(k);
  const floorMs = await medianMs(
    () =>
      k.transaction().execute(async (tx) => {
        await tx.deleteFrom('exposures').where('org_id', '=', orgId).execute();
        await sql`insert into exposures select * from bench_exposures_copy`.execute(tx);
      }),
    3,
  );
  const deployments = Number((await sql<{ n: number }>`select count(*)::int as n from patch_deployments where org_id = ${orgId}`.execute(k)).rows[0]!.n);
  return {
    rows: [
      { name: `recomputeExposure, nothing changed: ${ASSETS.toLocaleString('en-US')} assets → ${first.exposures.toLocaleString('en-US')} exposure rows compared (+ deployments)`, value: recomputeMs, unit: 'ms', floor: floorMs, target: '<= 5,000 ms', pass: recomputeMs <= 5000 },
      { name: 'refreshExposure: automatic matching of every asset + recomputation', value: refreshMs, unit: 'ms', floor: floorMs },
      // No target: the first computation writes every row, and the floor alone (writing the exposure rows) takes longer than 5 s here.
      { name: 'first refresh (every match, exposure row and deployment written)', value: firstMs, unit: 'ms', floor: floorMs },
    ],
    notes: `The 5 s target is the recomputation, the job that runs after every sync, import and decision; the first refresh of a new fleet writes every row and is shown for its ratio to the floor. PostgreSQL; seeded in ${seedSeconds.toFixed(1)} s; ${first.matched.toLocaleString('en-US')} assets matched, ${deployments.toLocaleString('en-US')} patch deployments.`,
  };
}

export default async function run(): Promise<BenchSection> {
  const url = process.env.VIGIL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { adminQuery, withDatabaseName } = await import('../test/support/database.js');
  const name = `vigil_bench_exposure_${process.pid}`;
  await adminQuery(url, `create database ${name}`);
  try {
    const db = await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name) });
    try {
      await migrate(db);
      const m = await measure(db);
      return { title: TITLE, rows: m.rows, notes: `Floor: a bulk insert (delete + INSERT … SELECT from a copy) of the same exposure rows. ${m.notes}` };
    } finally {
      await db.close();
    }
  } finally {
    await adminQuery(url, `drop database if exists ${name} with (force)`);
  }
}
