/**
 * Intelligence matching at portfolio scale (issue 6 targets):
 * - a full rematch of 1,000 releases × 500 components (500,000 component instances) against
 *   ≥ 100,000 advisories ≤ 10 s (PostgreSQL, the scale-out target; PGlite measured too);
 * - one new or changed advisory → its affected releases ≤ 50 ms p95: `importRecords` of one
 *   record (the real service path: upsert, incremental rematch of only the packages it names,
 *   the source's run and audit event) on that portfolio.
 * Inputs from bench/intel-generator.ts: the shared OSV corpus expanded to 117,768 records, and a
 * generated portfolio of 100 products × 10 releases drawing from the packages they name.
 *
 * Floors, same database, same run: for the full rematch, one SELECT of every current SBOM's
 * components (what any rematch must read) plus one bulk INSERT of the findings it produced into a
 * table LIKE findings; for one advisory, one transaction inserting the record's row into a table
 * LIKE intel_records and selecting the current components under its package keys.
 */
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { parseOsvValue } from '../src/formats/osv/index.js';
import { systemContext, SYSTEM_ACTOR, type OrgContext } from '../src/platform/auth/context.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../src/modules/portfolio/service.js';
import { recordPackageKeys } from '../src/modules/intel/matching.js';
import { arrayLiteral } from '../src/modules/intel/pg-arrays.js';
import { rematchOrganization } from '../src/modules/intel/rematch.js';
import { drainScoringQueue, INLINE_RESCORE_LIMIT } from '../src/modules/scoring/queue.js';
import { createSource, importRecords, type IntelItem } from '../src/modules/intel/service.js';
import type { BenchRow, BenchSection } from './harness.js';
import { corpusFile } from './intel-import.bench.js';
import { buildPortfolio, cloneRecord, DEFAULT_PORTFOLIO, expandCorpus, random, readCorpus, type OsvJson, type Portfolio, type PortfolioOptions } from './intel-generator.js';

const TITLE = 'Intelligence matching at portfolio scale (issue 6)';
const CLONES = Number(process.env.VIGIL_BENCH_INTEL_CLONES ?? 6);
const OPTIONS = (): PortfolioOptions => ({ ...DEFAULT_PORTFOLIO, products: Number(process.env.VIGIL_BENCH_INTEL_PRODUCTS ?? DEFAULT_PORTFOLIO.products) });
const SINGLE_RUNS = 60;
const FULL_TARGET_MS = 10_000;
const SINGLE_TARGET_MS = 50;

async function* items(corpus: readonly OsvJson[]): AsyncGenerator<IntelItem> {
  for (const doc of expandCorpus(corpus, CLONES)) {
    const outcome = parseOsvValue(doc, doc.id, '');
    if (outcome.record) yield { record: outcome.record };
    else for (const issue of outcome.issues) yield { issue };
  }
}

interface Setup {
  readonly ctx: OrgContext;
  readonly sourceId: string;
  readonly records: number;
  readonly instances: number;
  readonly importMs: number;
}

/** Advisories imported through the service; releases through the portfolio service; SBOM rows written in bulk. */
async function setup(database: Database, corpus: readonly OsvJson[], portfolio: Portfolio): Promise<Setup> {
  await migrate(database);
  const db = database.kysely;
  const org = await db.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: `Bench rematch ${Date.now()}`, kind: 'manufacturer' }, null));
  const ctx = systemContext(org.id);
  const source = await createSource(db, ctx, { kind: 'osv', name: 'corpus expanded' });
  const start = performance.now();
  const summary = await importRecords(db, ctx, source.id, items(corpus));
  const importMs = performance.now() - start;
  let instances = 0;
  let serial = 0;
  for (const p of portfolio.products) {
    const product = await createProduct(db, ctx, { name: p.name });
    const releases: string[] = [];
    for (const r of p.releases) releases.push((await createRelease(db, ctx, product.id, { version: r.version })).id);
    // The current SBOM of each release, as an import would have stored it (the rows matching reads).
    const sboms = await sql<{ id: string; release_id: string }>`
      insert into sboms (org_id, release_id, revision, encoding, format, spec_version, content_hash, size_bytes, component_count, original)
      select ${org.id}::uuid, u.release_id, 1, 'cyclonedx-json', 'cyclonedx', '1.6', u.hash, 1000, u.n, '\\x1f8b'::bytea
      from unnest(${arrayLiteral(releases)}::uuid[], ${arrayLiteral(releases.map(() => (++serial).toString(16).padStart(64, '0')))}::text[], ${arrayLiteral(p.releases.map((r) => r.components.length))}::int[]) as u(release_id, hash, n)
      returning id, release_id`.execute(db);
    const sbomOf = new Map(sboms.rows.map((s) => [s.release_id, s.id]));
    const cols = { sbom: [] as string[], ord: [] as number[], name: [] as string[], grp: [] as (string | null)[], version: [] as string[], purl: [] as (string | null)[], cpe: [] as (string | null)[] };
    p.releases.forEach((r, i) => {
      r.components.forEach((c, ord) => {
        cols.sbom.push(sbomOf.get(releases[i]!)!);
        cols.ord.push(ord);
        cols.name.push(c.name);
        cols.grp.push(c.grp);
        cols.version.push(c.version);
        cols.purl.push(c.purl);
        cols.cpe.push(c.cpe);
      });
    });
    instances += cols.sbom.length;
    await sql`insert into sbom_components (sbom_id, org_id, ord, ref, type, name, grp, version, purl, cpe)
      select u.sbom, ${org.id}::uuid, u.ord, 'c' || u.ord, 'library', u.name, u.grp, u.version, u.purl, u.cpe
      from unnest(${arrayLiteral(cols.sbom)}::uuid[], ${arrayLiteral(cols.ord)}::int[], ${arrayLiteral(cols.name)}::text[], ${arrayLiteral(cols.grp)}::text[], ${arrayLiteral(cols.version)}::text[], ${arrayLiteral(cols.purl)}::text[], ${arrayLiteral(cols.cpe)}::text[])
        as u(sbom, ord, name, grp, version, purl, cpe)`.execute(db);
  }
  await sql`analyze`.execute(db);
  return { ctx, sourceId: source.id, records: summary.inserted, instances, importMs };
}

/** Floor of the full rematch: read every current component once, write the findings rows once. */
async function fullFloor(database: Database, orgId: string): Promise<number> {
  const db = database.kysely;
  await sql`create table if not exists floor_findings (like findings including all)`.execute(db);
  await sql`truncate floor_findings`.execute(db);
  const findings = (await sql<Record<string, string | null>>`select release_id::text, component_key, vuln_id, status, component_name, component_version, component_purl, component_cpe, match_method, confidence, evidence::text, sbom_id::text from findings where org_id = ${orgId} and status = 'affected'`.execute(db)).rows;
  const col = (k: string) => arrayLiteral(findings.map((f) => f[k] ?? null));
  const start = performance.now();
  await sql`select c.id, c.sbom_id, c.name, c.grp, c.version, c.purl, c.cpe from sbom_components c join sboms s on s.id = c.sbom_id where s.org_id = ${orgId} and s.is_current`.execute(db);
  await sql`insert into floor_findings (org_id, release_id, component_key, vuln_id, status, component_name, component_version, component_purl, component_cpe, match_method, confidence, evidence, sbom_id)
    select ${orgId}::uuid, u.* from unnest(${col('release_id')}::uuid[], ${col('component_key')}::text[], ${col('vuln_id')}::text[], ${col('status')}::text[], ${col('component_name')}::text[], ${col('component_version')}::text[],
      ${col('component_purl')}::text[], ${col('component_cpe')}::text[], ${col('match_method')}::text[], ${col('confidence')}::text[], ${col('evidence')}::jsonb[], ${col('sbom_id')}::uuid[]) as u`.execute(db);
  return performance.now() - start;
}

async function counts(database: Database, orgId: string): Promise<{ affected: number; instancesAffected: number; releasesAffected: number }> {
  const r = await sql<{ affected: number; releases: number }>`select count(*)::int as affected, count(distinct release_id)::int as releases from findings where org_id = ${orgId} and status = 'affected'`.execute(database.kysely);
  const i = await sql<{ n: number }>`select count(*)::int as n from (select distinct release_id, component_key from findings where org_id = ${orgId} and status = 'affected') x`.execute(database.kysely);
  return { affected: r.rows[0]!.affected, releasesAffected: r.rows[0]!.releases, instancesAffected: i.rows[0]!.n };
}

/** One advisory each: half new records for a package of the portfolio, half changed existing records naming one. */
function singleAdvisories(corpus: readonly OsvJson[], portfolio: Portfolio, n: number): OsvJson[] {
  const rnd = random(99);
  const out: OsvJson[] = [];
  const named = portfolio.products.flatMap((p) => p.releases[p.releases.length - 1]!.components.filter((c) => c.purl && !c.purl.startsWith('pkg:npm') && !c.purl.startsWith('pkg:maven')));
  const byName = new Map<string, OsvJson>();
  for (let k = 0; k < CLONES; k++) for (const r of corpus) for (const a of r.affected ?? []) if (a.package) byName.set(`${a.package.name}-c${k}`, r);
  for (let i = 0; i < n; i++) {
    const c = named[Math.floor(rnd() * named.length)]!;
    const fullName = c.grp ? `${c.grp}/${c.name}` : c.name;
    const ecosystem = c.purl!.startsWith('pkg:golang') ? 'Go' : c.purl!.startsWith('pkg:pypi') ? 'PyPI' : c.purl!.startsWith('pkg:cargo') ? 'crates.io' : 'Bitnami';
    const base = /-c(\d+)$/.exec(fullName);
    const existing = base ? byName.get(fullName) : undefined;
    const k = base ? Number(base[1]) : 0;
    if (i % 2 === 1 && existing) {
      // A changed record: the source moved its fix one minor version on.
      const changed = cloneRecord(existing, k);
      changed.modified = `2027-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`;
      for (const a of changed.affected ?? []) for (const range of a.ranges ?? []) range.events = range.events.map((e) => ('fixed' in e ? { fixed: e['fixed']!.replace(/^(\d+)\.(\d+)/, (_, x: string, y: string) => `${x}.${Number(y) + 1}`) } : e));
      out.push(changed);
    } else {
      out.push({
        id: `OSV-2027-${1000 + i}`,
        modified: '2027-01-01T00:00:00Z',
        published: '2027-01-01T00:00:00Z',
        aliases: [`CVE-2027-${50000 + i}`],
        summary: `Bench advisory ${i} for ${fullName}`,
        details: 'A new advisory naming a package the portfolio ships.',
        affected: [{ package: { ecosystem, name: fullName }, ranges: [{ type: ecosystem === 'Go' || ecosystem === 'Bitnami' ? 'SEMVER' : 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '999.0.0' }] }] }],
        references: [{ type: 'ADVISORY', url: `https://example.com/advisories/${i}` }],
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      });
    }
  }
  return out;
}

async function singleFloor(database: Database, orgId: string, keys: readonly string[], n: number): Promise<number> {
  const db = database.kysely;
  await sql`create table if not exists floor_records (like intel_records including all)`.execute(db);
  const start = performance.now();
  await db.transaction().execute(async (tx) => {
    await sql`insert into floor_records (org_id, source_id, record_id, record_kind, vuln_id, modified, content_hash, affected)
      select org_id, source_id, record_id || ${`-floor-${n}`}, record_kind, vuln_id, modified, content_hash, affected from intel_records where org_id = ${orgId} limit 1`.execute(tx);
    await sql`select c.id, c.sbom_id, c.name, c.grp, c.version, c.purl, c.cpe from sbom_component_keys k join sbom_components c on c.id = k.component_id join sboms s on s.id = k.sbom_id
      where k.org_id = ${orgId} and s.is_current and k.package_key = any(${arrayLiteral(keys)}::text[])`.execute(tx);
  });
  return performance.now() - start;
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function measure(label: string, database: Database, corpus: readonly OsvJson[], portfolio: Portfolio): Promise<{ rows: BenchRow[]; notes: string }> {
  const s = await setup(database, corpus, portfolio);
  process.stdout.write(`  ${label}: ${s.records} advisories imported in ${s.importMs.toFixed(0)} ms, ${s.instances} component instances\n`);
  const orgId = s.ctx.orgId;
  let start = performance.now();
  const first = await rematchOrganization(database.kysely, orgId);
  const firstMs = performance.now() - start;
  process.stdout.write(`  ${label}: first full match ${firstMs.toFixed(0)} ms ${JSON.stringify(first)}\n`);
  // What the first match queued for scoring, as the worker's drain scores it (not part of the match's time).
  start = performance.now();
  const drained = await drainScoringQueue(database.kysely);
  const drainMs = performance.now() - start;
  // What autovacuum would have done by now on a live server (the setup's statistics predate every finding).
  await sql`analyze`.execute(database.kysely);
  start = performance.now();
  const second = await rematchOrganization(database.kysely, orgId);
  const secondMs = performance.now() - start;
  if (second.opened + second.reopened + second.closed !== 0) throw new Error(`second full rematch changed findings: ${JSON.stringify(second)}`);
  const floorMs = await fullFloor(database, orgId);
  const c = await counts(database, orgId);

  const singles: number[] = [];
  const singleFloors: number[] = [];
  const touched: number[] = [];
  for (const doc of singleAdvisories(corpus, portfolio, SINGLE_RUNS)) {
    const record = parseOsvValue(doc, doc.id, '').record;
    if (!record) throw new Error(`generated advisory ${doc.id} is not valid OSV`);
    singleFloors.push(await singleFloor(database, orgId, recordPackageKeys(record), singleFloors.length));
    const t = performance.now();
    const summary = await importRecords(database.kysely, s.ctx, s.sourceId, (async function* () {
      yield { record };
    })());
    singles.push(performance.now() - t);
    touched.push(summary.sbomsRematched);
  }
  const p95 = percentile(singles, 95);
  const floor95 = percentile(singleFloors, 95);
  const rows: BenchRow[] = [
    { name: `${label}: first full match of the portfolio (${s.instances.toLocaleString('en-US')} component instances; package keys and every finding written)`, value: firstMs, unit: 'ms', floor: floorMs, target: `≤ ${FULL_TARGET_MS.toLocaleString('en-US')} ms`, pass: firstMs <= FULL_TARGET_MS },
    { name: `${label}: full rematch of the same portfolio (rematchOrganization; nothing changed)`, value: secondMs, unit: 'ms', floor: floorMs, target: `≤ ${FULL_TARGET_MS.toLocaleString('en-US')} ms`, pass: secondMs <= FULL_TARGET_MS },
    { name: `${label}: one new or changed advisory → affected releases (importRecords + incremental rematch), p95 of ${SINGLE_RUNS}`, value: p95, unit: 'ms', floor: floor95, target: `≤ ${SINGLE_TARGET_MS} ms p95`, pass: p95 <= SINGLE_TARGET_MS },
    { name: `${label}: the same, median`, value: percentile(singles, 50), unit: 'ms', floor: percentile(singleFloors, 50) },
    { name: `${label}: scoring what the first match queued (worker drain: ${drained.toLocaleString('en-US')} findings, clocks and notifications)`, value: drainMs, unit: 'ms' },
  ];
  const notes =
    `${label}: ${s.records.toLocaleString('en-US')} advisories imported in ${(s.importMs / 1000).toFixed(1)} s (setup, not a target); the first full match opened ${first.opened.toLocaleString('en-US')} findings ` +
    `(${c.affected.toLocaleString('en-US')} affected: ${c.instancesAffected.toLocaleString('en-US')} component identities in ${c.releasesAffected.toLocaleString('en-US')} releases); the second changed nothing. ` +
    `Single advisories rematched ${Math.min(...touched)}–${Math.max(...touched)} current SBOMs each (median ${percentile(touched, 50)}). ` +
    `Scoring: a write that touches more than ${INLINE_RESCORE_LIMIT} findings queues them (src/modules/scoring/queue.ts) and the worker scores them in batches; the drain row is that work for the first match, measured on its own.`;
  return { rows, notes };
}

export default async function run(): Promise<BenchSection> {
  const file = corpusFile();
  if (!existsSync(file)) return { title: TITLE, rows: [], notes: `skipped: corpus absent (${file}; set VIGIL_CORPUS_DIR).` };
  const corpus = await readCorpus(file);
  const portfolio = buildPortfolio(corpus, CLONES, OPTIONS());
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const url = process.env.VIGIL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { adminQuery, withDatabaseName } = await import('../test/support/database.js');
  const name = `vigil_bench_intel_rematch_${process.pid}`;
  await adminQuery(url, `create database ${name}`);
  try {
    const pg = await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name) });
    try {
      const m = await measure('PostgreSQL', pg, corpus, portfolio);
      rows.push(...m.rows);
      notes.push(m.notes);
    } finally {
      await pg.close();
    }
  } finally {
    await adminQuery(url, `drop database if exists ${name} with (force)`);
  }
  if (process.env.VIGIL_BENCH_INTEL_PGLITE !== '0') {
    const lite = await openDatabase({ kind: 'pglite' });
    try {
      const m = await measure('PGlite', lite, corpus, portfolio);
      rows.push(...m.rows);
      notes.push(m.notes);
    } finally {
      await lite.close();
    }
  }
  return {
    title: TITLE,
    rows,
    notes:
      `Advisories: the shared OSV corpus expanded ${CLONES}× by bench/intel-generator.ts (renamed packages, shifted versions, same ecosystems, ranges, events and name distribution). ` +
      `Portfolio: ${OPTIONS().products} products × ${OPTIONS().releasesPerProduct} releases × ${OPTIONS().componentsPerRelease} components; ${OPTIONS().platformPackages} platform packages in every product, ${Math.round(OPTIONS().namedShare * 100)}% of the rest named by the advisories (at versions their events and lists mention), the others npm/Maven/CPE-only/unidentified packages no advisory names; ${Math.round(OPTIONS().churn * 100)}% of components change version from one release to the next. ` +
      'Releases are made through the portfolio service; SBOM rows are written in bulk (the rows an import stores that matching reads). ' +
      'Floors: full rematch — one SELECT of every current component plus one INSERT … FROM unnest() of the affected findings into a table LIKE findings; one advisory — one transaction inserting a record row into a table LIKE intel_records and selecting the current components under its package keys. ' +
      notes.join(' '),
  };
}

/** For ad-hoc profiling: the setup alone, into an open database, and the single advisories the bench imports. */
export async function __setupForScratch(database: Database, withSetup = true): Promise<{ setup: Setup | undefined; singles: OsvJson[] }> {
  const corpus = await readCorpus(corpusFile());
  const portfolio = buildPortfolio(corpus, CLONES, OPTIONS());
  return { setup: withSetup ? await setup(database, corpus, portfolio) : undefined, singles: singleAdvisories(corpus, portfolio, SINGLE_RUNS) };
}
