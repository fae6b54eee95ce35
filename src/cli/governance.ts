import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import { Problem } from '../platform/http/problem.js';
import { UsageError, orgIdBySlug, withDatabase } from './context.js';

/**
 * `vigil governance catalog import FILE` (instance-wide: a new JSP catalog version),
 * `vigil benchmark export --org SLUG [--out FILE]` (the organization's anonymized submission),
 * `vigil benchmark import --org SLUG FILE...` (an operator imports submissions, all or nothing),
 * `vigil benchmark operator enable|disable --org SLUG` (instance administration).
 */
function problemText(error: unknown): never {
  if (error instanceof Problem) {
    const first = error.errors?.[0];
    throw new UsageError(`${error.detail ?? error.title}${first ? ` (${first.pointer}: ${first.message})` : ''}`);
  }
  throw error;
}

export function registerGovernanceCommands(program: Command, out: (line: string) => void): void {
  const governance = program.command('governance').description('JSP catalog and governance');
  governance
    .command('catalog')
    .description('The JSP control catalog')
    .command('import <file>')
    .description('Import a new catalog version (format vigil-jsp-catalog/1); assessments of changed controls are marked for re-assessment')
    .action(async (file: string) => {
      const { importCatalog, parseCatalogFile } = await import('../modules/governance/catalog-import.js');
      const text = await readFile(file, 'utf8');
      await withDatabase(async (db) => {
        const result = await importCatalog(db.kysely, parseCatalogFile(text)).catch(problemText);
        out(`Catalog ${result.version} is current: ${result.unchanged.length} unchanged, ${result.changed.length} changed, ${result.added.length} added, ${result.removed.length} removed; ${result.marked} assessment(s) marked for re-assessment.`);
      });
    });

  const benchmark = program.command('benchmark').description('Anonymous JSP maturity benchmarking (docs/benchmark.md)');
  benchmark
    .command('export')
    .description('Write the organization’s anonymized submission (JSON)')
    .requiredOption('--org <slug>')
    .option('--out <file>', 'write here instead of standard output')
    .action(async (o: { org: string; out?: string }) => {
      const { exportSubmission } = await import('../modules/governance/benchmark-service.js');
      await withDatabase(async (db) => {
        const doc = await exportSubmission(db.kysely, systemContext(await orgIdBySlug(db, o.org))).catch(problemText);
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (o.out) {
          await writeFile(o.out, text);
          out(`Wrote ${o.out}: submission ${doc.submissionId} for ${doc.period}.`);
        } else process.stdout.write(text);
      });
    });
  benchmark
    .command('import <files...>')
    .description('As the operator organization, import submissions (each file one submission, or a JSON array); any bad file rejects them all')
    .requiredOption('--org <slug>', 'the operator organization')
    .action(async (files: string[], o: { org: string }) => {
      const { importSubmissions } = await import('../modules/governance/benchmark-service.js');
      const docs: unknown[] = [];
      for (const file of files) {
        let json: unknown;
        try {
          json = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          throw new UsageError(`${file} is not JSON: ${(error as Error).message} (nothing was imported).`);
        }
        docs.push(...(Array.isArray(json) ? json : [json]));
      }
      await withDatabase(async (db) => {
        const r = await importSubmissions(db.kysely, systemContext(await orgIdBySlug(db, o.org)), docs).catch(problemText);
        out(`Imported ${r.imported} submission(s); ${r.duplicates} replay(s) skipped; ${r.superseded} superseded by a newer one of the same participant.`);
      });
    });
  const operator = benchmark.command('operator').description('Instance administration: which organizations operate the benchmark');
  for (const verb of ['enable', 'disable'] as const) {
    operator
      .command(verb)
      .description(verb === 'enable' ? 'Let the organization import submissions' : 'Stop the organization importing submissions (what it imported stays)')
      .requiredOption('--org <slug>')
      .action(async (o: { org: string }) => {
        const { setOperator } = await import('../modules/governance/benchmark-service.js');
        await withDatabase(async (db) => {
          await setOperator(db.kysely, await orgIdBySlug(db, o.org), verb === 'enable');
          out(`${o.org} is ${verb === 'enable' ? 'now' : 'no longer'} a benchmark operator.`);
        });
      });
  }
}
