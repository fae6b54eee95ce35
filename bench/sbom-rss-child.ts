/**
 * Child process of sbom.bench.ts, so that its peak RSS is the import's own:
 *   tsx bench/sbom-rss-child.ts import <file> pglite:<data dir> | postgres:<url>
 *   tsx bench/sbom-rss-child.ts parse <file>        (the floor: read the file, JSON.parse it)
 *   tsx bench/sbom-rss-child.ts init pglite:<data dir>   (creates and migrates a data directory)
 * All modes load the same modules; the last stdout line is a JSON report.
 */
import { readFileSync } from 'node:fs';
import { systemContext, SYSTEM_ACTOR } from '../src/platform/auth/context.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../src/modules/portfolio/service.js';
import { importSbom } from '../src/modules/sbom/service.js';

const [mode, file, target] = process.argv.slice(2);
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;

if (mode === 'init') {
  const database = await openDatabase({ kind: 'pglite', dataDir: file!.slice('pglite:'.length) });
  await migrate(database);
  await database.close();
  console.log(JSON.stringify({ ms: 0, peakRssMb: rssMb(), components: 0 }));
} else if (mode === 'parse') {
  const start = performance.now();
  const doc = JSON.parse(readFileSync(file!).toString('utf8')) as { components: unknown[] };
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, peakRssMb: rssMb(), components: doc.components.length }));
} else {
  const database = target!.startsWith('pglite:')
    ? await openDatabase({ kind: 'pglite', dataDir: target!.slice('pglite:'.length) })
    : await openDatabase({ kind: 'postgres', url: target!.slice('postgres:'.length), poolSize: 2 });
  try {
    await migrate(database);
    const org = await database.kysely.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: `Bench ${Date.now()}`, kind: 'manufacturer' }, null));
    const ctx = systemContext(org.id);
    const product = await createProduct(database.kysely, ctx, { name: 'Bench product' });
    const release = await createRelease(database.kysely, ctx, product.id, { version: '1.0.0' });
    const beforeMb = process.memoryUsage().rss / 2 ** 20;
    const start = performance.now();
    const { sbom } = await importSbom(database.kysely, ctx, release.id, readFileSync(file!));
    const ms = performance.now() - start;
    const stored = await database.kysely.selectFrom('sbom_components').select((eb) => eb.fn.countAll<number>().as('n')).where('sbom_id', '=', sbom.id).executeTakeFirstOrThrow();
    console.log(JSON.stringify({ ms, peakRssMb: rssMb(), beforeImportRssMb: beforeMb, components: sbom.componentCount, stored: Number(stored.n) }));
  } finally {
    await database.close();
  }
}
