/**
 * Triage at scale (issue 7 targets), on PostgreSQL with 1,000,000 findings (100 releases ×
 * 10,000; 90 % affected, a fifth of those already decided; priorities 0–999; 5,000 vulnerability
 * records so the queue's severity lookup has rows to find):
 * - bulk state change of 10,000 findings ≤ 2 s: `bulkChange` by ids (the service path: one
 *   transaction, the set-based analysis statement with its 10,000 finding events, the audit
 *   event), each run flipping the state so every finding changes. Floor: a bare
 *   `UPDATE findings SET analysis_state = … WHERE id = ANY(…)` of the same rows;
 * - first page of the triage queue ≤ 100 ms: `triageQueue` (limit 51, as the API asks for a
 *   page of 50), unfiltered and filtered by release. Floor: the bare indexed query — ids and
 *   priorities of open work in (priority desc, id) order, limit 51 — with no joins.
 * Medians of 5 runs after one warm-up. The database is created and dropped here
 * (vigil_bench_triage_<pid>; VIGIL_BENCH_DATABASE_URL names the server).
 */
import { sql } from 'kysely';
import { SYSTEM_ACTOR, type OrgContext } from '../src/platform/auth/context.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../src/modules/portfolio/service.js';
import { arrayLiteral } from '../src/modules/intel/pg-arrays.js';
import { bulkChange } from '../src/modules/triage/bulk.js';
import { OPEN_WORK, triageQueue } from '../src/modules/triage/queue.js';
import { medianMs, type BenchRow, type BenchSection } from './harness.js';

const TITLE = 'Triage: bulk change and queue (issue 7)';
const RELEASES = 100;
const PER_RELEASE = 10_000;
const BULK = 10_000;

async function seed(db: Database): Promise<{ ctx: OrgContext; releaseIds: string[] }> {
  const k = db.kysely;
  const org = await k.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: 'Bench Medical', slug: 'bench', kind: 'manufacturer' }, null));
  const user = await k.insertInto('users').values({ email: 'analyst@bench.example', name: 'Bench Analyst', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
  await k.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'analyst' }).execute();
  const ctx: OrgContext = { actor: { type: 'user', id: user.id, label: 'analyst@bench.example' }, userId: user.id, orgId: org.id, role: 'analyst', requestId: null };
  const releaseIds: string[] = [];
  for (let p = 0; p < 10; p++) {
    const product = await createProduct(k, ctx, { name: `Device ${p}` });
    for (let r = 0; r < RELEASES / 10; r++) releaseIds.push((await createRelease(k, ctx, product.id, { version: `${r}.0` })).id);
  }
  // Set-based seeding inside the database: 10,000 findings per release.
  for (const releaseId of releaseIds) {
    await sql`insert into findings (org_id, release_id, component_key, vuln_id, status, component_name, component_version, component_purl, match_method, confidence, priority,
        analysis_state, analysis_justification)
      select ${org.id}::uuid, ${releaseId}::uuid, 'pkg:npm/pkg' || (i % 2000), 'CVE-2024-' || lpad((i / 2000 * 1000 + i % 1000)::text, 5, '0') || '-' || i,
        case when i % 10 = 0 then 'fixed' else 'affected' end, 'pkg' || (i % 2000), '1.' || (i % 7) || '.0', 'pkg:npm/pkg' || (i % 2000) || '@1.' || (i % 7) || '.0', 'purl', 'exact',
        (hashtext(${releaseId} || i) & 1023) % 1000,
        case when i % 5 = 1 then 'not_affected' end, case when i % 5 = 1 then 'code_not_present' end
      from generate_series(0, ${PER_RELEASE - 1}) as i`.execute(k);
  }
  const source = await k.insertInto('intel_sources').values({ org_id: org.id, kind: 'osv', name: 'bench', last_counts: '{}' }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into intel_records (org_id, source_id, record_id, record_kind, vuln_id, summary, modified, content_hash, severity_score)
    select ${org.id}::uuid, ${source.id}::uuid, 'GHSA-' || i, 'osv', f.vuln_id, 'bench', '2024-01-01T00:00:00Z', md5(i::text), (i % 100) / 10.0
    from (select vuln_id, row_number() over () as i from findings where org_id = ${org.id} limit 5000) f`.execute(k);
  await sql`analyze`.execute(k);
  return { ctx, releaseIds };
}

async function measure(db: Database): Promise<{ rows: BenchRow[]; notes: string }> {
  const start = performance.now();
  const { ctx, releaseIds } = await seed(db);
  const seedSeconds = (performance.now() - start) / 1000;
  const k = db.kysely;
  const total = Number((await sql<{ n: number }>`select count(*)::int as n from findings`.execute(k)).rows[0]!.n);
  const ids = (await k.selectFrom('findings').select('id').where('release_id', '=', releaseIds[0]!).orderBy('id').limit(BULK).execute()).map((r) => r.id);

  let flip = 0;
  const states = ['false_positive', 'in_triage'] as const;
  const bulk = () => bulkChange(k, ctx, { ids }, { analysis: { state: states[flip++ % 2]!, detail: null } });
  const first = await bulk();
  if (first.analysed !== BULK) throw new Error(`bulk changed ${first.analysed} findings, not ${BULK}`);
  const bulkMs = await medianMs(async () => {
    const r = await bulk();
    if (r.analysed !== BULK) throw new Error(`bulk changed ${r.analysed}`);
  });
  let floorFlip = 0;
  const bulkFloorMs = await medianMs(() => sql`update findings set analysis_state = ${states[floorFlip++ % 2]} where id = any(${arrayLiteral(ids)}::uuid[])`.execute(k));

  const queue = (filter: Parameters<typeof triageQueue>[2]) => triageQueue(k, ctx, filter, 51);
  await queue({});
  const queueMs = await medianMs(() => queue({}));
  const queueReleaseMs = await medianMs(() => queue({ releaseId: releaseIds[42]! }));
  const floorQuery = () => sql`select f.id, f.priority from findings f where f.org_id = ${ctx.orgId} and ${OPEN_WORK} order by f.priority desc, f.id limit 51`.execute(k);
  await floorQuery();
  const queueFloorMs = await medianMs(floorQuery);
  const floorReleaseMs = await medianMs(() => sql`select f.id, f.priority from findings f where f.org_id = ${ctx.orgId} and f.release_id = ${releaseIds[42]!} and ${OPEN_WORK} order by f.priority desc, f.id limit 51`.execute(k));
  const page = await queue({});
  if (page.length !== 51) throw new Error(`queue page has ${page.length} rows`);
  const plan = (await sql<{ 'QUERY PLAN': string }>`explain select f.id from findings f where f.org_id = ${ctx.orgId} and ${OPEN_WORK} order by f.priority desc, f.id limit 51`.execute(k)).rows.map((r) => r['QUERY PLAN']).join(' ');

  return {
    rows: [
      { name: `bulk analysis change, ${BULK.toLocaleString('en-US')} findings by id (service: tx + events + audit)`, value: bulkMs, unit: 'ms', floor: bulkFloorMs, target: '<= 2,000 ms', pass: bulkMs <= 2000 },
      { name: `triage queue first page (51 rows) of ${total.toLocaleString('en-US')} findings`, value: queueMs, unit: 'ms', floor: queueFloorMs, target: '<= 100 ms', pass: queueMs <= 100 },
      { name: 'triage queue first page, filtered by release', value: queueReleaseMs, unit: 'ms', floor: floorReleaseMs, target: '<= 100 ms', pass: queueReleaseMs <= 100 },
    ],
    notes: `PostgreSQL; seeded in ${seedSeconds.toFixed(1)} s. Queue plan: ${plan.includes('findings_triage_queue_idx') ? 'findings_triage_queue_idx (partial index, no sort)' : plan}.`,
  };
}

export default async function run(): Promise<BenchSection> {
  const url = process.env.VIGIL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { adminQuery, withDatabaseName } = await import('../test/support/database.js');
  const name = `vigil_bench_triage_${process.pid}`;
  await adminQuery(url, `create database ${name}`);
  try {
    const db = await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name) });
    try {
      await migrate(db);
      const m = await measure(db);
      return { title: TITLE, rows: m.rows, notes: `Floors: a bare UPDATE of the same 10,000 rows; the bare indexed queue query (ids and priorities, no joins). ${m.notes}` };
    } finally {
      await db.close();
    }
  } finally {
    await adminQuery(url, `drop database if exists ${name} with (force)`);
  }
}
