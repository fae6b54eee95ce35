import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { systemContext } from '../platform/auth/context.js';
import type { Database } from '../platform/db/database.js';
import { rowsToDocument } from '../modules/sbom/rows.js';
import { EXPORT_FORMATS } from '../modules/sbom/routes.js';
import { importSbom, loadSbomForExport } from '../modules/sbom/service.js';
import { importSupportCsv } from '../modules/sbom/support-import.js';
import { matchImportedSbom } from '../modules/intel/service.js';
import { registerIntelCommands } from './intel.js';
import { UsageError, orgIdBySlug, withDatabase } from './context.js';

/** Finds a release by product name (case-insensitive) or id, and version. */
async function findRelease(db: Database, orgId: string, product: string, version: string): Promise<string> {
  const row = await db.kysely
    .selectFrom('releases')
    .innerJoin('products', 'products.id', 'releases.product_id')
    .select('releases.id')
    .where('releases.org_id', '=', orgId)
    .where((eb) => eb.or([eb(sql<string>`lower(products.name)`, '=', product.toLowerCase()), eb(sql<string>`products.id::text`, '=', product)]))
    .where('releases.version', '=', version)
    .executeTakeFirst();
  if (!row) throw new UsageError(`No release ${version} of product "${product}" in this organization.`);
  return row.id;
}

/** The current SBOM of a release, or a usage error naming what is missing. */
async function currentSbomId(db: Database, releaseId: string): Promise<string> {
  const current = await db.kysely.selectFrom('sboms').select('id').where('release_id', '=', releaseId).where('is_current', '=', true).executeTakeFirst();
  if (!current) throw new UsageError('That release has no SBOM yet.');
  return current.id;
}

const readInput = (file: string) =>
  readFile(file).catch(() => {
    throw new UsageError(`Cannot read ${file}.`);
  });

/** The three options every per-release verb takes. */
const releaseCommand = (parent: Command, name: string, description: string) =>
  parent.command(name).description(description).requiredOption('--org <slug>').requiredOption('--product <name|id>').requiredOption('--release <version>');

export function registerSbomCommands(program: Command, out: (line: string) => void): void {
  const importCommand = program.command('import').description('Import documents into Vigil');
  registerIntelCommands(importCommand, out);
  releaseCommand(importCommand, 'support', 'Set level of support, end-of-support date and supplier on the components of a release’s current SBOM from a CSV (columns: ref | purl | name+version, level_of_support, end_of_support, supplier)')
    .argument('<file>')
    .action(async (file: string, o: { org: string; product: string; release: string }) => {
      const bytes = await readInput(file);
      await withDatabase(async (db) => {
        const orgId = await orgIdBySlug(db, o.org);
        const sbomId = await currentSbomId(db, await findRelease(db, orgId, o.product, o.release));
        const { rows, updated } = await importSupportCsv(db.kysely, systemContext(orgId), sbomId, bytes);
        out(`Read ${rows} row(s); updated ${updated} component(s).`);
      });
    });
  releaseCommand(importCommand, 'sbom', 'Import an SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value, optionally gzipped) as the release’s new revision')
    .argument('<file>')
    .action(async (file: string, o: { org: string; product: string; release: string }) => {
      const bytes = await readInput(file);
      await withDatabase(async (db) => {
        const orgId = await orgIdBySlug(db, o.org);
        const ctx = systemContext(orgId);
        const { sbom, created } = await importSbom(db.kysely, ctx, await findRelease(db, orgId, o.product, o.release), bytes);
        out(created ? `Imported revision ${sbom.revision} (${sbom.encoding} ${sbom.specVersion}, ${sbom.componentCount} components).` : `Unchanged: this document is already revision ${sbom.revision}.`);
        if (created) {
          const m = await matchImportedSbom(db.kysely, ctx, sbom.id);
          out(`Matched: ${m.affected} finding(s) affected (${m.opened} new, ${m.closed} closed); ${m.unmatchable} of ${m.components} components have no purl or CPE to match on.`);
        }
        for (const issue of sbom.issues as { code: string; message: string; location?: string }[]) out(`  warning ${issue.code}${issue.location ? ` at ${issue.location}` : ''}: ${issue.message}`);
      });
    });

  releaseCommand(program.command('export').description('Export documents from Vigil'), 'sbom', 'Export the current SBOM of a release')
    .option('--format <format>', Object.keys(EXPORT_FORMATS).join(' | '), 'cyclonedx-json')
    .option('--out <file>', 'write here instead of standard output')
    .action(async (o: { org: string; product: string; release: string; format: string; out?: string }) => {
      if (!(o.format in EXPORT_FORMATS)) throw new UsageError(`--format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}.`);
      await withDatabase(async (db) => {
        const orgId = await orgIdBySlug(db, o.org);
        const sbomId = await currentSbomId(db, await findRelease(db, orgId, o.product, o.release));
        const { header, rows } = await loadSbomForExport(db.kysely, systemContext(orgId), sbomId);
        const { text, issues } = EXPORT_FORMATS[o.format as keyof typeof EXPORT_FORMATS].write(rowsToDocument(header, rows));
        for (const issue of issues) process.stderr.write(`warning ${issue.code}: ${issue.message}\n`);
        if (o.out) await writeFile(o.out, text);
        else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      });
    });
}
