import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import type { Database } from '../platform/db/database.js';
import { exportVex, VEX_EXPORT_FORMATS } from '../modules/vex/export.js';
import { importVex } from '../modules/vex/import.js';
import { UsageError, withDatabase } from './context.js';

/** `vigil vex export|import`: a release's VEX out, or a VEX document into a release's findings. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organization of a release given by id (the CLI acts for that organization). */
async function releaseOrg(db: Database, releaseId: string): Promise<string> {
  if (!UUID.test(releaseId)) throw new UsageError('--release takes a release id (a UUID).');
  const row = await db.kysely.selectFrom('releases').select('org_id').where('id', '=', releaseId).executeTakeFirst();
  if (!row) throw new UsageError(`No release ${releaseId}.`);
  return row.org_id;
}

const isFormat = (f: string): f is (typeof VEX_EXPORT_FORMATS)[number] => (VEX_EXPORT_FORMATS as readonly string[]).includes(f);

export function registerVexCommands(program: Command, out: (line: string) => void): void {
  const vex = program.command('vex').description('VEX documents of a release (CycloneDX, OpenVEX, CSAF)');
  vex
    .command('export')
    .description('Write the release’s VEX, validated; what the format cannot carry is listed on standard error')
    .requiredOption('--release <id>')
    .option('--format <format>', VEX_EXPORT_FORMATS.join(' | '), 'cyclonedx')
    .option('--out <file>', 'write here instead of standard output')
    .action(async (o: { release: string; format: string; out?: string }) => {
      if (!isFormat(o.format)) throw new UsageError(`--format must be one of ${VEX_EXPORT_FORMATS.join(', ')}.`);
      const format = o.format;
      await withDatabase(async (db, config) => {
        const ctx = systemContext(await releaseOrg(db, o.release));
        const result = await exportVex(db.kysely, ctx, o.release, format, config.publicUrl);
        for (const loss of result.lost) process.stderr.write(`lost ${loss.location}: ${loss.reason}\n`);
        const text = `${JSON.stringify(result.document, null, 2)}\n`;
        if (o.out) await writeFile(o.out, text);
        else process.stdout.write(text);
      });
    });
  vex
    .command('import')
    .description('Apply a VEX document (format detected) to the release’s findings: all statements or none')
    .requiredOption('--release <id>')
    .option('--format <format>', VEX_EXPORT_FORMATS.join(' | '))
    .argument('<file>')
    .action(async (file: string, o: { release: string; format?: string }) => {
      if (o.format !== undefined && !isFormat(o.format)) throw new UsageError(`--format must be one of ${VEX_EXPORT_FORMATS.join(', ')}.`);
      const format = o.format as (typeof VEX_EXPORT_FORMATS)[number] | undefined;
      const text = await readFile(file, 'utf8').catch(() => {
        throw new UsageError(`Cannot read ${file}.`);
      });
      await withDatabase(async (db) => {
        const ctx = systemContext(await releaseOrg(db, o.release));
        const result = await importVex(db.kysely, ctx, o.release, text, format);
        out(`Read ${result.format} document ${result.document.id ?? '(no id)'}: ${result.statements.length} statement(s); ${result.applied} finding(s) changed, ${result.unchanged} unchanged, ${result.unmatched} statement(s) matched nothing.`);
        for (const s of result.statements) if (s.outcome === 'unmatched') out(`  unmatched statement ${s.index}: ${s.messages.join('; ')}`);
        for (const w of result.warnings) out(`  warning ${w}`);
      });
    });
}
