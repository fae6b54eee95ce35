/**
 * Every real SBOM in $VIGIL_CORPUS_DIR/sbom goes through Vigil's import path (the same
 * service the API and `vigil import sbom` use) into a real database. A document is imported
 * exactly when its reader finds no error; otherwise the import is refused with 415/422 and
 * nothing is written. Imported documents keep every component, and their CycloneDX 1.6 export
 * validates. Which documents are invalid, and why, is asserted in cyclonedx.test.ts and
 * spdx.test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../src/formats/cyclonedx/index.js';
import { readSbom } from '../../src/formats/sbom/read.js';
import { SYSTEM_ACTOR, systemContext } from '../../src/platform/auth/context.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { Problem } from '../../src/platform/http/problem.js';
import { createOrganization } from '../../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { rowsToDocument } from '../../src/modules/sbom/rows.js';
import { EXPORT_FORMATS } from '../../src/modules/sbom/routes.js';
import { importSbom, loadSbomForExport } from '../../src/modules/sbom/service.js';

const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');
const sbomDir = join(corpusDir, 'sbom');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(json|xml|spdx|sbom)(\.gz)?$/i.test(name) && !/metadata|README/i.test(name) ? [path] : [];
  });
}

let database: Database;
beforeAll(async () => {
  if (!existsSync(sbomDir)) throw new Error(`Corpus not found at ${sbomDir}: set VIGIL_CORPUS_DIR to the shared data folder.`);
  database = await openDatabase({ kind: 'pglite' });
  await migrate(database);
}, 120_000);
afterAll(() => database?.close());

describe('real SBOMs through the import path', () => {
  it('imports exactly the documents its readers accept, losing no component', async () => {
    const db = database.kysely;
    const org = await db.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: 'Corpus', kind: 'manufacturer' }, null));
    const ctx = systemContext(org.id);
    const product = await createProduct(db, ctx, { name: 'Corpus product' });
    const summary = { imported: 0, refused: 0, components: 0 };
    const paths = files(sbomDir);
    expect(paths.length).toBeGreaterThan(60);
    for (const [i, path] of paths.entries()) {
      const bytes = readFileSync(path);
      const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      const read = readSbom(text);
      const readable = read.document !== undefined && !read.issues.some((x) => x.severity === 'error');
      const release = await createRelease(db, ctx, product.id, { version: `corpus-${i}` });
      const outcome = await importSbom(db, ctx, release.id, bytes).catch((error: unknown) => error);
      if (!readable) {
        expect(outcome, path).toBeInstanceOf(Problem);
        expect([415, 422], path).toContain((outcome as Problem).status);
        expect(await db.selectFrom('sboms').select('id').where('release_id', '=', release.id).execute(), path).toEqual([]);
        summary.refused++;
        continue;
      }
      expect(outcome, path).not.toBeInstanceOf(Error);
      const { sbom } = outcome as Awaited<ReturnType<typeof importSbom>>;
      expect(sbom.componentCount, path).toBe(read.document!.components.length);
      const { header, rows } = await loadSbomForExport(db, ctx, sbom.id);
      const exported = JSON.parse(EXPORT_FORMATS['cyclonedx-json'].write(rowsToDocument(header, rows)).text) as unknown;
      expect(validateAgainstSchema(exported, '1.6', true), path).toEqual([]);
      summary.imported++;
      summary.components += sbom.componentCount;
    }
    console.log(`SBOM corpus through import: ${summary.imported} imported (${summary.components} components), ${summary.refused} refused, of ${paths.length} files.`);
    // 28 CycloneDX + 22 SPDX documents read clean; cyclonedx.test.ts and spdx.test.ts account for the other 25 one by one.
    expect([summary.imported, summary.refused]).toEqual([50, 25]);
  }, 600_000);
});
