/**
 * SBOM import and export at 10,000 components (issue 5 targets: import ≤ 2 s end to end
 * and ≤ 3× the floor; export ≤ 1 s). Floor: `JSON.parse` of the same file plus one bulk
 * insert of the same rows into a bare table, in the same run and the same database.
 */
import { sql } from 'kysely';
import { systemContext, SYSTEM_ACTOR } from '../src/platform/auth/context.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../src/modules/portfolio/service.js';
import { rowsToDocument } from '../src/modules/sbom/rows.js';
import { EXPORT_FORMATS } from '../src/modules/sbom/routes.js';
import { importSbom, loadSbomForExport } from '../src/modules/sbom/service.js';
import type { BenchRow, BenchSection } from './harness.js';

const COMPONENTS = 10_000;

/** A CycloneDX 1.6 BOM shaped like a large real one: npm packages with purls, hashes, licences and a dependency chain. */
function generateBom(n: number): string {
  const components = Array.from({ length: n }, (_, i) => ({
    type: 'library',
    'bom-ref': `pkg:npm/bench-package-${i}@1.${i % 50}.${i % 7}`,
    name: `bench-package-${i}`,
    version: `1.${i % 50}.${i % 7}`,
    purl: `pkg:npm/bench-package-${i}@1.${i % 50}.${i % 7}`,
    licenses: [{ license: { id: i % 3 === 0 ? 'MIT' : 'Apache-2.0' } }],
    hashes: [{ alg: 'SHA-256', content: (i.toString(16).padStart(8, '0')).repeat(8) }],
  }));
  const dependencies = components.map((c, i) => ({ ref: c['bom-ref'], dependsOn: i + 1 < n ? [components[i + 1]!['bom-ref']] : [] }));
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, metadata: { timestamp: '2026-11-23T00:00:00Z' }, components, dependencies });
}

async function floor(database: Database, text: string): Promise<number> {
  await database.query('create temporary table if not exists floor_rows (name text, version text, purl text, license text, hashes jsonb)');
  const start = performance.now();
  const doc = JSON.parse(text) as { components: { name: string; version: string; purl: string; licenses: { license: { id: string } }[]; hashes: unknown[] }[] };
  await database.kysely.transaction().execute(async (tx) => {
    for (let i = 0; i < doc.components.length; i += 1000) {
      const batch = doc.components.slice(i, i + 1000);
      const values = batch.map((c) => sql`(${c.name}, ${c.version}, ${c.purl}, ${c.licenses[0]!.license.id}, ${JSON.stringify(c.hashes)}::jsonb)`);
      await sql`insert into floor_rows (name, version, purl, license, hashes) values ${sql.join(values)}`.execute(tx);
    }
  });
  return performance.now() - start;
}

async function measure(label: string, database: Database, text: string): Promise<BenchRow[]> {
  await migrate(database);
  const org = await database.kysely.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: `Bench ${Date.now()}`, kind: 'manufacturer' }, null));
  const ctx = systemContext(org.id);
  const product = await createProduct(database.kysely, ctx, { name: 'Bench product' });
  const floorMs = await floor(database, text);
  const release = await createRelease(database.kysely, ctx, product.id, { version: '1.0.0' });
  const start = performance.now();
  const { sbom } = await importSbom(database.kysely, ctx, release.id, Buffer.from(text));
  const importMs = performance.now() - start;
  const exportStart = performance.now();
  const { header, rows } = await loadSbomForExport(database.kysely, ctx, sbom.id);
  EXPORT_FORMATS['cyclonedx-json'].write(rowsToDocument(header, rows));
  const exportMs = performance.now() - exportStart;
  return [
    { name: `${label}: import 10,000-component CycloneDX JSON (validate, map, store, audit)`, value: importMs, unit: 'ms', floor: floorMs, target: '≤ 2,000 ms and ≤ 3× floor', pass: importMs <= 2000 && importMs <= 3 * floorMs },
    { name: `${label}: export the same as CycloneDX 1.6 JSON (read rows + serialize)`, value: exportMs, unit: 'ms', target: '≤ 1,000 ms', pass: exportMs <= 1000 },
  ];
}

export default async function run(): Promise<BenchSection> {
  const text = generateBom(COMPONENTS);
  const rows: BenchRow[] = [];
  const lite = await openDatabase({ kind: 'pglite' });
  rows.push(...(await measure('PGlite', lite, text)));
  await lite.close();
  const url = process.env.VIGIL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { adminQuery, withDatabaseName } = await import('../test/support/database.js');
  const name = `vigil_bench_sbom_${process.pid}`;
  await adminQuery(url, `create database ${name}`);
  try {
    const pg = await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name) });
    rows.push(...(await measure('PostgreSQL', pg, text)));
    await pg.close();
  } finally {
    await adminQuery(url, `drop database if exists ${name} with (force)`);
  }
  return {
    title: 'SBOM import and export (issue 5)',
    rows,
    notes: `Input: a generated CycloneDX 1.6 JSON BOM, ${COMPONENTS.toLocaleString('en-US')} npm components with purl, licence, SHA-256 and a dependency chain (${(text.length / 2 ** 20).toFixed(1)} MiB). Floor: JSON.parse + multi-row INSERTs of the same components into a bare table, same database, same run.`,
  };
}
