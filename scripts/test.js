// `npm test`: lint, typecheck, then unit, integration (PGlite, or PostgreSQL when
// VIGIL_TEST_DATABASE_URL is set) and end-to-end tests in headless Chromium.
// Ends with one plain line "N passed, N failed" for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { summarize, summaryLine } from './vitest-summary.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error(
    `Chromium is needed for the browser tests and was not found at ${CHROMIUM}.\n` +
      'Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n' +
      '(or point CHROMIUM_PATH at a Chromium/Chrome binary).',
  );
  process.exit(1);
}

const run = (label, command, args) => {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
};

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
rmSync(report, { force: true });

const linted = run('lint', npx, ['eslint', '--max-warnings', '0', '.']);
const typed = run('typecheck', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
const tested = run('tests (unit, integration, e2e)', npx, [
  'vitest', 'run', '--project', 'unit', '--project', 'integration', '--project', 'e2e',
  '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
]);

const total = summarize([report]);
for (const failure of total.failures) console.log(`FAILED ${failure}`);
if (!linted) console.log('lint failed');
if (!typed) console.log('typecheck failed');
console.log(summaryLine(total));
process.exit(linted && typed && tested && total.failed === 0 && total.missing.length === 0 ? 0 : 1);
