import { alignedLines } from '../../platform/text/columns.js';
import { describeViolation } from './scan-policy.js';
import type { ScanResult } from './scan.js';

/** The human-readable scan report: one row per finding, then the counts and the policy verdict. */

const HEADERS = ['SEVERITY', 'SCORE', 'VULNERABILITY', 'COMPONENT', 'VERSION', 'FIXED IN', 'KEV', 'EPSS', 'RISK'] as const;
/** Long cells are cut so a row stays on a terminal line; the JSON output has everything. */
const MAX_CELL = 48;

const cut = (s: string) => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);

export function renderTable(result: ScanResult): string {
  const rows = result.findings.map((f) => [
    f.severity.level,
    f.severity.score === null ? '-' : f.severity.score.toFixed(1),
    f.vulnId,
    cut(`${f.component.group ? `${f.component.group}/` : ''}${f.component.name}`),
    cut(f.component.version ?? '-'),
    cut(f.fixedVersions.join(', ') || '-'),
    f.kev ? 'yes' : '-',
    f.epss ? f.epss.epss.toFixed(3) : '-',
    f.uncontrolled.value ? 'uncontrolled' : '-',
  ]);
  const out: string[] = [];
  const s = result.summary;
  const source = `${result.intelligence.source} of ${result.intelligence.org} as of ${result.intelligence.asOf}`;
  out.push(`Scanned ${result.sbom.file ?? 'the SBOM'} (${result.sbom.encoding} ${result.sbom.specVersion}): ${s.components} components, ${s.unmatchable} without a purl or CPE to match on; intelligence: ${source}.`);
  if (rows.length === 0) out.push('', 'No known vulnerabilities found.');
  else out.push('', ...alignedLines(HEADERS, rows));
  const levels = Object.entries(s.bySeverity).filter(([, n]) => n > 0).map(([level, n]) => `${n} ${level}`);
  out.push('', `${s.findings} finding(s) of ${s.vulnerabilities} vulnerabilit${s.vulnerabilities === 1 ? 'y' : 'ies'}${levels.length > 0 ? ` (${levels.join(', ')})` : ''}; ${s.kev} on the CISA KEV list; ${s.uncontrolled} with uncontrolled risk.`);
  if (result.policy.failOn.length === 0) out.push('Policy: none given (--fail-on), so the scan passes.');
  else if (result.policy.passed) out.push(`Policy passed: --fail-on ${result.policy.failOn.join(',')}.`);
  else out.push('Policy FAILED:', ...result.policy.violations.map((v) => `  ${describeViolation(v)}`));
  return `${out.join('\n')}\n`;
}
