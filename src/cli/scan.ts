import type { Command } from 'commander';

/**
 * `vigil scan <sbom>`: the CI scanner (docs/ci.md). Registration only; the work is imported
 * when the verb runs (scan-run.ts), so the verb adds nothing to the start-up of other verbs
 * and loads neither the database nor the HTTP server.
 */
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('Scan an SBOM for known vulnerabilities, offline against an intelligence snapshot or online against a Vigil server. Exit 0: passed; 1: --fail-on policy failed; 2: the scan could not be run (bad flags, unreadable SBOM or snapshot, server refused)')
    .argument('<sbom>', 'CycloneDX JSON/XML or SPDX JSON/tag-value file, optionally gzipped')
    .option('--snapshot <file>', 'intelligence snapshot to scan against offline (vigil intel snapshot, or GET /api/v1/intel/snapshot)')
    .option('--server <url>', 'Vigil server to scan against instead (POST /api/v1/scan; nothing is stored)')
    .option('--token <token>', 'API token for --server (default: the VIGIL_TOKEN environment variable)')
    .option('--fail-on <rules>', 'fail (exit 1) on any finding that is: critical, high, medium (at least that severe), kev (CISA KEV), uncontrolled; comma-separated')
    .option('--format <format>', 'table | json | sarif | cyclonedx-vdr', 'table')
    .option('--output <file>', 'write the report here instead of standard output')
    .action(async (sbom: string, flags: { snapshot?: string; server?: string; token?: string; failOn?: string; format: string; output?: string }) => {
      const { runScan } = await import('./scan-run.js');
      process.exitCode = await runScan(sbom, flags, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        env: process.env,
      });
    });
}
