// Prints the plain closing line CI reads — "N passed, N failed[, N skipped]" — summed over
// one or more Vitest JSON reports. Exits 1 when a report is missing or shows failures.
import { existsSync, readFileSync } from 'node:fs';

export function summarize(paths) {
  const total = { passed: 0, failed: 0, skipped: 0, missing: [], failures: [] };
  for (const path of paths) {
    if (!existsSync(path)) {
      total.missing.push(path);
      continue;
    }
    const report = JSON.parse(readFileSync(path, 'utf8'));
    total.passed += report.numPassedTests ?? 0;
    // A file that failed to load counts as a failure even when it declared no tests.
    total.failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
    total.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    for (const file of report.testResults ?? []) {
      const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failed) total.failures.push(`${file.name} > ${test.fullName}`);
      if (file.status === 'failed' && failed.length === 0) total.failures.push(`${file.name}: ${String(file.message ?? 'failed to run').split('\n')[0]}`);
    }
  }
  return total;
}

export function summaryLine(total) {
  return `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const total = summarize(process.argv.slice(2));
  for (const path of total.missing) console.error(`missing test report: ${path}`);
  // The names of what failed, so a CI log that shows only its tail still says where to look.
  for (const failure of total.failures) console.log(`FAILED ${failure}`);
  console.log(summaryLine(total));
  process.exit(total.failed > 0 || total.missing.length > 0 ? 1 : 0);
}
