import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import type { Database } from '../platform/db/database.js';
import { CYCLONEDX_VEX_WRITE_VERSIONS, toCsafVex, toCycloneDxVex, toOpenVex, validateCsaf, type CycloneDxVexWriteVersion, type VexFormat, type VexIssue } from '../formats/vex/index.js';
import { exportVex, VEX_EXPORT_FORMATS } from '../modules/vex/export.js';
import { detectVexFormat, importVex, readVex } from '../modules/vex/import.js';
import { UsageError, withDatabase } from './context.js';

/**
 * `vigil vex export|import|convert`: a release's VEX out, a VEX document into a release's
 * findings, or a VEX document from one format to another (no database).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organization of a release given by id (the CLI acts for that organization). */
async function releaseOrg(db: Database, releaseId: string): Promise<string> {
  if (!UUID.test(releaseId)) throw new UsageError('--release takes a release id (a UUID).');
  const row = await db.kysely.selectFrom('releases').select('org_id').where('id', '=', releaseId).executeTakeFirst();
  if (!row) throw new UsageError(`No release ${releaseId}.`);
  return row.org_id;
}

const isFormat = (f: string): f is (typeof VEX_EXPORT_FORMATS)[number] => (VEX_EXPORT_FORMATS as readonly string[]).includes(f);

/** `--spec-version` (CycloneDX only), checked. */
function specVersionOf(value: string | undefined, format: string): CycloneDxVexWriteVersion | undefined {
  if (value === undefined) return undefined;
  if (!(CYCLONEDX_VEX_WRITE_VERSIONS as readonly string[]).includes(value)) throw new UsageError(`--spec-version must be one of ${CYCLONEDX_VEX_WRITE_VERSIONS.join(', ')}.`);
  if (format !== 'cyclonedx') throw new UsageError('--spec-version applies to CycloneDX only.');
  return value as CycloneDxVexWriteVersion;
}

const describeIssue = (i: VexIssue) => `  ${i.location ?? '/'}: ${i.code}: ${i.message}`;

/**
 * Reads a VEX document in one format and writes it in another through the source-neutral
 * model (src/formats/vex): the input must read without errors, the output is validated (the
 * writers check the CycloneDX and OpenVEX schemas, CSAF goes through csaf-validator-lib), and
 * every value the target has no place for is listed (`lost <pointer>: <reason>`) with the
 * reader's warnings on standard error. Refusals are input errors (exit 2) naming each problem.
 */
async function convertVex(text: string, from: VexFormat, to: VexFormat, publisherNamespace: string | undefined, specVersion: CycloneDxVexWriteVersion | undefined) {
  const parsed = await readVex(text, from);
  const readErrors = parsed.issues.filter((i) => i.severity === 'error');
  if (!parsed.document || readErrors.length > 0) throw new UsageError([`The ${from} document is invalid:`, ...readErrors.map(describeIssue)].join('\n'));
  const vex = { document: parsed.document, statements: parsed.statements };
  const written = to === 'cyclonedx' ? toCycloneDxVex(vex, specVersion ? { specVersion } : {}) : to === 'openvex' ? toOpenVex(vex) : toCsafVex(vex, publisherNamespace ? { publisherNamespace } : {});
  const invalid = written.document && to === 'csaf' ? (await validateCsaf(written.document)).filter((i) => i.severity === 'error') : [];
  const issues = [...written.issues, ...invalid];
  if (!written.document || issues.length > 0) {
    const hint = issues.some((i) => i.code === 'missing-publisher-namespace') ? ['  (pass --publisher-namespace URL)'] : [];
    throw new UsageError([`The document cannot be written as valid ${to}:`, ...issues.map(describeIssue), ...hint].join('\n'));
  }
  return { document: written.document, lost: written.lost, warnings: parsed.issues.filter((i) => i.severity === 'warning'), statements: parsed.statements.length };
}

export function registerVexCommands(program: Command, out: (line: string) => void): void {
  const vex = program.command('vex').description('VEX documents of a release (CycloneDX, OpenVEX, CSAF)');
  vex
    .command('export')
    .description('Write the release’s VEX, validated; what the format cannot carry is listed on standard error')
    .requiredOption('--release <id>')
    .option('--format <format>', VEX_EXPORT_FORMATS.join(' | '), 'cyclonedx')
    .option('--spec-version <version>', `CycloneDX version: ${CYCLONEDX_VEX_WRITE_VERSIONS.join(' | ')} (default 1.6)`)
    .option('--out <file>', 'write here instead of standard output')
    .action(async (o: { release: string; format: string; specVersion?: string; out?: string }) => {
      if (!isFormat(o.format)) throw new UsageError(`--format must be one of ${VEX_EXPORT_FORMATS.join(', ')}.`);
      const format = o.format;
      const specVersion = specVersionOf(o.specVersion, format);
      await withDatabase(async (db, config) => {
        const ctx = systemContext(await releaseOrg(db, o.release));
        const result = await exportVex(db.kysely, ctx, o.release, format, config.publicUrl, specVersion);
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
  vex
    .command('convert')
    .description('Convert a VEX document between CycloneDX, OpenVEX and CSAF (no database); the output is validated, what the target cannot carry is listed on standard error')
    .requiredOption('--to <format>', VEX_EXPORT_FORMATS.join(' | '))
    .option('--from <format>', 'the input format (detected when omitted)')
    .option('--publisher-namespace <url>', 'CSAF publisher.namespace (a URL the author controls) when the input has none')
    .option('--spec-version <version>', `CycloneDX version: ${CYCLONEDX_VEX_WRITE_VERSIONS.join(' | ')} (default 1.6)`)
    .option('--out <file>', 'write here instead of standard output')
    .argument('<file>')
    .action(async (file: string, o: { to: string; from?: string; publisherNamespace?: string; specVersion?: string; out?: string }) => {
      if (!isFormat(o.to)) throw new UsageError(`--to must be one of ${VEX_EXPORT_FORMATS.join(', ')}.`);
      const specVersion = specVersionOf(o.specVersion, o.to);
      if (o.from !== undefined && !isFormat(o.from)) throw new UsageError(`--from must be one of ${VEX_EXPORT_FORMATS.join(', ')}.`);
      const to = o.to;
      const text = await readFile(file, 'utf8').catch(() => {
        throw new UsageError(`Cannot read ${file}.`);
      });
      const from = (o.from as VexFormat | undefined) ?? detectVexFormat(text);
      if (!from) throw new UsageError('Not a CycloneDX, OpenVEX or CSAF document (or not JSON); pass --from to say which it is.');
      const result = await convertVex(text, from, to, o.publisherNamespace, specVersion);
      for (const w of result.warnings) process.stderr.write(`warning ${w.location ?? '/'}: ${w.code}: ${w.message}\n`);
      for (const loss of result.lost) process.stderr.write(`lost ${loss.location}: ${loss.reason}\n`);
      process.stderr.write(`Converted ${from} to ${to}: ${result.statements} statement(s), ${result.lost.length} value(s) the target cannot carry.\n`);
      const output = `${JSON.stringify(result.document, null, 2)}\n`;
      if (o.out) await writeFile(o.out, output);
      else process.stdout.write(output);
    });
}
