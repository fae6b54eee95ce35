/**
 * Intelligence import (issue 6 target: importing the whole shared OSV corpus ≤ 3× the floor).
 * The import is the real service path: `readOsvSource` (gunzip, JSON lines, OSV schema
 * validation, mapping) into `importRecords` (content hashes, severity ratings, records and their
 * package keys written in batches, then the incremental rematch, the source's run and its audit
 * event). The floor is the cheapest way to do the same work in the same database: reading the
 * same gzip file line by line and `JSON.parse` of every record, then one bulk insert of the very
 * rows the import stored (read back from `intel_records` / `intel_record_packages`) into tables
 * of the same shape (`create table … (like … including all)`: same columns, defaults and indexes).
 *
 * The corpus path comes from $VIGIL_CORPUS_DIR (default ../shared/data beside the checkout);
 * without it the section says "skipped: corpus absent".
 */
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import { readOsvSource } from '../src/formats/osv/index.js';
import { systemContext, SYSTEM_ACTOR } from '../src/platform/auth/context.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { createSource, importRecords, type IntelItem } from '../src/modules/intel/service.js';
import type { BenchRow, BenchSection } from './harness.js';

const TITLE = 'Intelligence import of the OSV corpus (issue 6)';
const RATIO_TARGET = 3;

export function corpusFile(): string {
  const dir = process.env.VIGIL_CORPUS_DIR ?? resolve(fileURLToPath(new URL('../../shared/data', import.meta.url)));
  return join(dir, 'osv', 'osv-advisories.jsonl.gz');
}

/** Every line of the gzip JSON-lines file, parsed (the floor's read). */
async function parseAll(file: string): Promise<number> {
  let count = 0;
  let rest = '';
  for await (const chunk of createReadStream(file).pipe(createGunzip()).setEncoding('utf8') as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (nl > start) {
        JSON.parse(text.slice(start, nl));
        count++;
      }
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim() !== '') {
    JSON.parse(rest);
    count++;
  }
  return count;
}

/** A PostgreSQL array literal of text values (NULL for null), one flat string. */
function literal(values: readonly (string | null)[]): string {
  if (values.length === 0) return '{}';
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

const RECORD_COLUMNS = [
  ['org_id', 'uuid'], ['source_id', 'uuid'], ['record_id', 'text'], ['record_kind', 'text'], ['vuln_id', 'text'], ['aliases', 'text[]'], ['related', 'text[]'],
  ['summary', 'text'], ['details', 'text'], ['published', 'text'], ['modified', 'text'], ['withdrawn', 'text'], ['severities', 'jsonb'], ['cwes', 'text[]'],
  ['refs', 'jsonb'], ['affected', 'jsonb'], ['cpe_configurations', 'jsonb'], ['content_hash', 'text'], ['severity_level', 'text'], ['severity_score', 'real'],
] as const;

interface StoredRows {
  readonly records: Record<string, (string | null)[]>;
  readonly packages: { record_id: string[]; org_id: string[]; package_key: string[] };
}

/** The rows the import stored, as text, column by column. */
async function storedRows(database: Database, sourceId: string): Promise<StoredRows> {
  const db = database.kysely;
  const rows = (await sql<Record<string, string | null>>`select ${sql.raw(RECORD_COLUMNS.map(([c]) => `${c}::text as ${c}`).join(', '))} from intel_records where source_id = ${sourceId} order by id`.execute(db)).rows;
  const records: Record<string, (string | null)[]> = {};
  for (const [c] of RECORD_COLUMNS) records[c] = rows.map((r) => r[c] ?? null);
  const packages = (await sql<{ record_id: string; org_id: string; package_key: string }>`select p.record_id::text as record_id, p.org_id::text as org_id, p.package_key from intel_record_packages p join intel_records r on r.id = p.record_id where r.source_id = ${sourceId}`.execute(db)).rows;
  return { records, packages: { record_id: packages.map((p) => p.record_id), org_id: packages.map((p) => p.org_id), package_key: packages.map((p) => p.package_key) } };
}

/** The floor: parse every record, then one bulk insert of the stored rows per table. */
async function floor(database: Database, file: string, rows: StoredRows, round: number): Promise<number> {
  const db = database.kysely;
  const records = `floor_records_${round}`;
  const packages = `floor_record_packages_${round}`;
  await sql`create table ${sql.raw(records)} (like intel_records including all)`.execute(db);
  await sql`create table ${sql.raw(packages)} (like intel_record_packages including all)`.execute(db);
  const start = performance.now();
  await parseAll(file);
  await db.transaction().execute(async (tx) => {
    const arrays = sql.join(RECORD_COLUMNS.map(([c, type]) => sql`${literal(rows.records[c]!)}::${sql.raw(type === 'text[]' ? 'text' : type)}[]`));
    const selected = sql.raw(RECORD_COLUMNS.map(([c, type]) => (type === 'text[]' ? `u.${c}::text[]` : `u.${c}`)).join(', '));
    const names = sql.raw(RECORD_COLUMNS.map(([c]) => c).join(', '));
    await sql`insert into ${sql.raw(records)} (${names}) select ${selected} from unnest(${arrays}) as u(${names})`.execute(tx);
    const p = rows.packages;
    await sql`insert into ${sql.raw(packages)} (record_id, org_id, package_key) select * from unnest(${literal(p.record_id)}::bigint[], ${literal(p.org_id)}::uuid[], ${literal(p.package_key)}::text[])`.execute(tx);
  });
  return performance.now() - start;
}

async function measure(label: string, database: Database, file: string): Promise<{ rows: BenchRow[]; records: number; packages: number }> {
  await migrate(database);
  const db = database.kysely;
  const org = await db.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: `Bench intel ${Date.now()}`, kind: 'manufacturer' }, null));
  const ctx = systemContext(org.id);
  const imports: number[] = [];
  const floors: number[] = [];
  let stored: StoredRows | undefined;
  let unchangedMs = 0;
  for (let round = 0; round < 2; round++) {
    const source = await createSource(db, ctx, { kind: 'osv', name: `corpus ${round}` });
    const start = performance.now();
    const summary = await importRecords(db, ctx, source.id, readOsvSource(file) as AsyncIterable<IntelItem>);
    imports.push(performance.now() - start);
    if (summary.inserted < 19_000) throw new Error(`corpus import stored only ${summary.inserted} records`);
    stored ??= await storedRows(database, source.id);
    floors.push(await floor(database, file, stored, round));
    if (round === 0) {
      const again = performance.now();
      const second = await importRecords(db, ctx, source.id, readOsvSource(file) as AsyncIterable<IntelItem>);
      unchangedMs = performance.now() - again;
      // The corpus lists five OSS-Fuzz ids twice with different content, so those five are rewritten on every import.
      if (second.inserted > 0 || second.updated > 10) throw new Error(`re-import of the unchanged corpus changed records: ${JSON.stringify(second)}`);
    }
  }
  const importMs = Math.min(...imports);
  const floorMs = Math.min(...floors);
  const records = stored!.records['record_id']!.length;
  return {
    records,
    packages: stored!.packages.record_id.length,
    rows: [
      { name: `${label}: import the OSV corpus (read, validate, map, hash, rate, store, rematch, audit)`, value: importMs, unit: 'ms', floor: floorMs, target: `≤ ${RATIO_TARGET}× floor`, pass: importMs <= RATIO_TARGET * floorMs },
      { name: `${label}: re-import of the unchanged corpus (every record unchanged by content hash)`, value: unchangedMs, unit: 'ms', floor: floorMs },
    ],
  };
}

export default async function run(): Promise<BenchSection> {
  const file = corpusFile();
  if (!existsSync(file)) return { title: TITLE, rows: [], notes: `skipped: corpus absent (${file}; set VIGIL_CORPUS_DIR).` };
  const rows: BenchRow[] = [];
  const lite = await openDatabase({ kind: 'pglite' });
  let counts: { records: number; packages: number };
  try {
    const m = await measure('PGlite', lite, file);
    rows.push(...m.rows);
    counts = m;
  } finally {
    await lite.close();
  }
  const url = process.env.VIGIL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { adminQuery, withDatabaseName } = await import('../test/support/database.js');
  const name = `vigil_bench_intel_import_${process.pid}`;
  await adminQuery(url, `create database ${name}`);
  try {
    const pg = await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name) });
    try {
      rows.push(...(await measure('PostgreSQL', pg, file)).rows);
    } finally {
      await pg.close();
    }
  } finally {
    await adminQuery(url, `drop database if exists ${name} with (force)`);
  }
  return {
    title: TITLE,
    rows,
    notes:
      `Input: the shared OSV corpus (osv/osv-advisories.jsonl.gz, ${counts.records.toLocaleString('en-US')} distinct records stored, ${counts.packages.toLocaleString('en-US')} package keys), imported into a fresh source of an organization without SBOMs through importRecords (the real service path, as \`vigil import osv\` runs it). ` +
      'Floor: the same gzip file read line by line with JSON.parse of every record, then one INSERT … SELECT FROM unnest() per table of the very rows the import stored (read back as text) into tables created LIKE intel_records / intel_record_packages INCLUDING ALL, in one transaction, same database, same run. ' +
      'Two rounds each (a second source for the second import round); the faster import and the faster floor are compared.',
  };
}
