/**
 * Child process of scan.bench.ts: `vigil scan` entered at src/cli/scan-run.ts instead of
 * src/cli/main.ts, so the bench can tell the scan's own cost from the CLI's start-up.
 *   node --import tsx bench/scan-entry.ts <sbom> --snapshot FILE --format F --output FILE --fail-on RULES
 */
import { runScan } from '../src/cli/scan-run.js';

const [sbom, ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const i = rest.indexOf(name);
  return i === -1 ? undefined : rest[i + 1];
};
const failOn = flag('--fail-on');
const output = flag('--output');
process.exitCode = await runScan(sbom!, { snapshot: flag('--snapshot')!, format: flag('--format') ?? 'table', ...(failOn ? { failOn } : {}), ...(output ? { output } : {}) }, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
