import type { Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import { importIntelFile } from '../modules/intel/import-file.js';
import { sourceByName, type SourceKind } from '../modules/intel/service.js';
import { UsageError, orgIdBySlug, withDatabase } from './context.js';

const KINDS: { kind: SourceKind; what: string }[] = [
  { kind: 'osv', what: 'OSV records (per-ecosystem or all-ecosystem zip, folder such as the GitHub advisory-database, JSON lines, JSON)' },
  { kind: 'nvd', what: 'NVD CVE API 2.0 JSON (.json/.json.gz) or CVE JSON 5 records (cvelistV5 folder or release zip)' },
  { kind: 'kev', what: 'the CISA Known Exploited Vulnerabilities catalog (JSON or CSV)' },
  { kind: 'epss', what: 'FIRST EPSS scores (CSV, gzip accepted)' },
];

/** `vigil import osv|nvd|kev|epss --org SLUG [--source NAME] PATH`, on the `import` command. */
export function registerIntelCommands(importCommand: Command, out: (line: string) => void): void {
  for (const { kind, what } of KINDS) {
    importCommand
      .command(kind)
      .description(`Import ${what} into a source, then rematch what changed`)
      .requiredOption('--org <slug>')
      .option('--source <name>', 'the source to import into (created when missing)', `${kind} (files)`)
      .argument('<path>')
      .action(async (path: string, o: { org: string; source: string }) => {
        await withDatabase(async (db) => {
          const ctx = systemContext(await orgIdBySlug(db, o.org));
          const source = await sourceByName(db.kysely, ctx, kind, o.source);
          let last = 0;
          const { summary } = await importIntelFile(db.kysely, ctx, source, path, async (done) => {
            if (done - last >= 10_000) out(`  ${(last = done).toLocaleString('en-US')} records…`);
          });
          out(Object.entries(summary).filter(([k]) => k !== 'firstIssues').map(([k, v]) => `${k}: ${String(v)}`).join(', '));
          for (const issue of (summary['firstIssues'] as { code: string; message: string; location?: string }[] | undefined)?.slice(0, 20) ?? []) {
            out(`  skipped ${issue.location ?? ''}: ${issue.code}: ${issue.message}`);
          }
        });
      });
  }
}

/**
 * `vigil intel snapshot --org SLUG --out FILE`: the offline scanner's intelligence, as a file
 * (docs/formats/intel-snapshot.md); `vigil intel rematch --org SLUG`: a full rematch in this
 * process (after an upgrade whose release notes ask for one).
 */
export function registerIntelSnapshotCommand(program: Command, out: (line: string) => void): void {
  const intel = program.command('intel').description('Vulnerability intelligence');
  intel
    .command('rematch')
    .description('Rematch every current SBOM of the organization against all its intelligence')
    .requiredOption('--org <slug>')
    .action(async (o: { org: string }) => {
      const { rematchOrganization } = await import('../modules/intel/rematch.js');
      await withDatabase(async (db) => {
        const summary = await rematchOrganization(db.kysely, await orgIdBySlug(db, o.org));
        out(`Rematched ${summary.sboms} SBOMs: ${summary.opened} findings opened, ${summary.reopened} reopened, ${summary.closed} closed, ${summary.affected} affected.`);
      });
    });
  intel
    .command('snapshot')
    .description('Write the organization’s intelligence (records, KEV, EPSS) as a compact snapshot file for `vigil scan --snapshot`')
    .requiredOption('--org <slug>')
    .requiredOption('--out <file>', 'where to write the snapshot (gzip JSON lines; written to a temporary file, then renamed)')
    .action(async (o: { org: string; out: string }) => {
      const { writeSnapshot } = await import('../modules/intel/snapshot-store.js');
      await withDatabase(async (db) => {
        const ctx = systemContext(await orgIdBySlug(db, o.org));
        const { header, bytes } = await writeSnapshot(db.kysely, ctx, o.out).catch((error: NodeJS.ErrnoException) => {
          throw error.code && error.path ? new UsageError(`Cannot write ${o.out}: ${error.code}.`) : error;
        });
        const c = header.counts;
        out(`Wrote ${o.out}: ${c.records.toLocaleString('en-US')} records, ${c.kev} KEV and ${c.epss} EPSS entries of ${header.org}, ${(bytes / 2 ** 20).toFixed(2)} MiB.`);
      });
    });
}
