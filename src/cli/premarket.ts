import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import type { Database } from '../platform/db/database.js';
import { Problem } from '../platform/http/problem.js';
import { UsageError, withDatabase } from './context.js';

/**
 * `vigil premarket …`: the premarket verbs a CI job or release manager needs, over the same
 * services as the API — import SARIF/JUnit evidence into a release, write the package, and copy
 * a built-in requirement set into a product. The CLI acts for the organization that owns the
 * release or product given by id.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PACKAGE_FORMATS = { '.zip': 'zip', '.pdf': 'pdf', '.html': 'html', '.htm': 'html' } as const;

async function ownerOf(db: Database, table: 'releases' | 'products', flag: string, id: string): Promise<string> {
  if (!UUID.test(id)) throw new UsageError(`${flag} takes a ${table === 'releases' ? 'release' : 'product'} id (a UUID).`);
  const row = await db.kysely.selectFrom(table).select('org_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new UsageError(`No ${table === 'releases' ? 'release' : 'product'} ${id}.`);
  return row.org_id;
}

/** A 4xx from the evidence reader, said about the file: "FILE: message" and one line per location. */
function aboutFile(file: string, error: unknown): never {
  if (error instanceof Problem && error.status < 500) {
    const where = (pointer: string) => pointer.replace(/^\/body ?/, '').replace(/^\((line \d+, column \d+)\)$/, '$1') || '/';
    const lines = (error.errors ?? []).map((e) => `${where(e.pointer)}: ${e.message}`);
    // A syntax error has one position: say it once.
    if (lines.length === 1 && typeof error.extensions.line === 'number') throw new UsageError(`${file}: ${lines[0]}`);
    throw new UsageError([`${file}: ${error.detail ?? error.title}`, ...lines.map((l) => `  ${l}`)].join('\n'));
  }
  throw error;
}

export function registerPremarketCommands(program: Command, out: (line: string) => void): void {
  const premarket = program.command('premarket').description('Premarket cybersecurity: requirements, evidence and the package of a release');

  premarket
    .command('evidence')
    .description('Evidence of a release')
    .command('import')
    .description('Import a SARIF 2.1.0 log or a JUnit XML report as evidence (the same file again changes nothing)')
    .requiredOption('--release <id>')
    .option('--name <fileName>', 'the file name to record (default: the file’s own)')
    .argument('<file>')
    .action(async (file: string, o: { release: string; name?: string }) => {
      const { importEvidence, MAX_EVIDENCE_BYTES } = await import('../modules/premarket/service.js');
      const size = await stat(file).then((s) => s.size, () => {
        throw new UsageError(`Cannot read ${file}.`);
      });
      // Refused before reading, like the API's body limit.
      if (size > MAX_EVIDENCE_BYTES) throw new UsageError(`${file}: evidence files are limited to ${MAX_EVIDENCE_BYTES} bytes; this one has ${size}.`);
      const bytes = await readFile(file);
      await withDatabase(async (db) => {
        const ctx = systemContext(await ownerOf(db, 'releases', '--release', o.release));
        const result = await importEvidence(db.kysely, ctx, o.release, bytes, o.name ?? basename(file)).catch((e: unknown) => aboutFile(file, e));
        const e = result.evidence;
        const n = (k: string) => Number(e.summary[k] ?? 0);
        const summary = e.kind === 'sarif' ? `${n('rules')} rule(s), ${n('failedRules')} failed; ${n('results')} result(s), ${n('ignored')} not counted` : `${n('tests')} test(s): ${n('passed')} passed, ${n('failed')} failed, ${n('error')} error, ${n('skipped')} skipped`;
        out(result.created ? `Imported ${e.fileName} as ${e.kind === 'sarif' ? 'SARIF' : 'JUnit'} evidence ${e.id}${e.tool ? ` (${e.tool})` : ''}: ${summary}.` : `${e.fileName} was imported already as evidence ${e.id}; nothing changed.`);
      });
    });

  premarket
    .command('package')
    .description('Write the premarket package of a release: .html, .pdf, or .zip (machine-readable artifacts, both renderings, manifest)')
    .requiredOption('--release <id>')
    .requiredOption('--out <file>', 'FILE.zip | FILE.pdf | FILE.html (the format follows the extension)')
    .action(async (o: { release: string; out: string }) => {
      const format = PACKAGE_FORMATS[extname(o.out).toLowerCase() as keyof typeof PACKAGE_FORMATS];
      if (!format) throw new UsageError('--out must end in .zip, .pdf or .html.');
      const { gatherPackage } = await import('../modules/premarket/gather.js');
      const { packageHtml, packagePdf, packageZip } = await import('../modules/premarket/render.js');
      await withDatabase(async (db, config) => {
        const ctx = systemContext(await ownerOf(db, 'releases', '--release', o.release));
        const { pkg, files } = await gatherPackage(db.kysely, ctx, o.release, config.publicUrl);
        const content = format === 'html' ? packageHtml(pkg) : format === 'pdf' ? await packagePdf(pkg) : await packageZip(pkg, files);
        await writeFile(o.out, content);
        const count = (s: string) => pkg.checklist.filter((c) => c.status === s).length;
        out(`Wrote ${o.out}: ${pkg.checklist.length} sections, ${count('present')} present, ${count('partial')} with gaps, ${count('gap')} missing.`);
        for (const c of pkg.checklist) if (c.status !== 'present') out(`  ${c.title}: ${c.gaps.join('; ')}`);
      });
    });

  premarket
    .command('requirements')
    .description('Security requirements of a product')
    .command('add-set')
    .description('Copy a built-in requirement set into the product (refs it has already are skipped)')
    .requiredOption('--product <id>')
    .argument('<set>')
    .action(async (set: string, o: { product: string }) => {
      const { CATALOG_SET_IDS } = await import('../modules/premarket/catalog.js');
      if (!(CATALOG_SET_IDS as readonly string[]).includes(set)) throw new UsageError(`No built-in set "${set}"; choose one of ${CATALOG_SET_IDS.join(', ')}.`);
      const { addCatalogSet } = await import('../modules/premarket/service.js');
      await withDatabase(async (db) => {
        const ctx = systemContext(await ownerOf(db, 'products', '--product', o.product));
        const r = await addCatalogSet(db.kysely, ctx, o.product, set);
        out(`Added ${r.added} requirement(s) from ${set}; ${r.skipped} already present.`);
      });
    });
}
