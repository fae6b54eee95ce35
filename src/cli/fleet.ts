import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import { orgIdBySlug, withDatabase } from './context.js';

/**
 * `vigil fleet import FILE --org SLUG [--mapping NAME] [--save-mapping NAME]`,
 * `vigil fleet export --org SLUG [--out FILE]` and `vigil mds2 import FILE --org SLUG`:
 * the same services as the API, so the same all-or-nothing rules and problems.
 */
export function registerFleetCommands(program: Command, out: (line: string) => void): void {
  const fleet = program.command('fleet').description('Hospital device fleet');
  fleet
    .command('import <file>')
    .description('Import assets from a CMMS CSV/XLSX export (upsert on manufacturer + serial; all rows or none)')
    .requiredOption('--org <slug>')
    .option('--mapping <name>', 'use the column mapping saved under this name')
    .option('--save-mapping <name>', 'remember the mapping used under this name')
    .action(async (file: string, o: { org: string; mapping?: string; saveMapping?: string }) => {
      const { importAssets } = await import('../modules/fleet/import.js');
      const bytes = await readFile(file);
      await withDatabase(async (db) => {
        const ctx = systemContext(await orgIdBySlug(db, o.org));
        const r = await importAssets(db.kysely, ctx, bytes, { fileName: basename(file), mappingName: o.mapping, saveMappingAs: o.saveMapping });
        out(`Imported ${r.rows} row(s) from ${basename(file)} (${r.format}${r.encoding ? `, ${r.encoding}` : ''}): ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.duplicates.length} duplicate line(s) overridden.`);
      });
    });
  fleet
    .command('export')
    .description('Write the fleet as CSV (the import’s headers; formula-like cells prefixed with \')')
    .requiredOption('--org <slug>')
    .option('--out <file>', 'write here instead of standard output')
    .action(async (o: { org: string; out?: string }) => {
      const { assetsCsv } = await import('../modules/fleet/export.js');
      await withDatabase(async (db) => {
        const text = await assetsCsv(db.kysely, systemContext(await orgIdBySlug(db, o.org)), {});
        if (o.out) {
          await writeFile(o.out, text);
          out(`Wrote ${o.out}: ${text.split('\r\n').length - 2} asset(s).`);
        } else process.stdout.write(text);
      });
    });
  program
    .command('mds2')
    .description('MDS2 statements')
    .command('import <file>')
    .description('Import an MDS2 (2019) spreadsheet export (XLSX/CSV)')
    .requiredOption('--org <slug>')
    .option('--model-version <version>', 'the device version the statement is for')
    .action(async (file: string, o: { org: string; modelVersion?: string }) => {
      const { importStatement } = await import('../modules/mds2/service.js');
      const bytes = await readFile(file);
      await withDatabase(async (db) => {
        const ctx = systemContext(await orgIdBySlug(db, o.org));
        const { statement, created } = await importStatement(db.kysely, ctx, bytes, { fileName: basename(file), modelVersion: o.modelVersion });
        out(`${created ? 'Stored' : 'Replaced'} the MDS2 of ${statement.manufacturer} ${statement.model}${statement.modelVersion ? ` ${statement.modelVersion}` : ''}: ${Object.keys(statement.answers).length} answer(s).`);
      });
    });
}
