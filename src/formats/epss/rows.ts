import type { EpssHeader, EpssScore, IntelIssue } from '../intel/model.js';

/** CVE ids as MITRE assigns them: a year and at least four digits. */
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
/** A plain decimal, optionally with an exponent (`0.00042`, `1`, `4.2e-05`); no sign, no hex, no blanks. */
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

export const EPSS_COLUMNS = ['cve', 'epss', 'percentile'] as const;
export type EpssColumns = Readonly<Record<(typeof EPSS_COLUMNS)[number], number>>;

/**
 * Reads the comment line FIRST puts before the header,
 * `#model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000`, as `key:value` pairs
 * split at the first colon (the date itself holds colons). Unknown keys are ignored.
 */
export function parseEpssComment(line: string): EpssHeader {
  const header: { modelVersion?: string; scoreDate?: string } = {};
  for (const part of line.replace(/^#/, '').split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1) continue;
    const key = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (key === 'model_version' && value !== '') header.modelVersion = value;
    if (key === 'score_date' && value !== '') header.scoreDate = value;
  }
  return header;
}

/** Column positions by name, or the reason the record is not an EPSS header. */
export function mapEpssHeader(record: readonly string[]): EpssColumns | string {
  const names = record.map((name) => name.trim().toLowerCase());
  const missing = EPSS_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) return `the header "${record.join(',')}" lacks ${missing.join(', ')}`;
  return { cve: names.indexOf('cve'), epss: names.indexOf('epss'), percentile: names.indexOf('percentile') };
}

function probability(field: string | undefined): number | undefined {
  if (field === undefined || !DECIMAL.test(field)) return undefined;
  const value = Number(field);
  return value >= 0 && value <= 1 ? value : undefined;
}

/** One data record as a score, or the issue that rejects it. */
export function toEpssScore(record: readonly string[], columns: EpssColumns, width: number, line: number): EpssScore | IntelIssue {
  const location = `line ${line}`;
  if (record.length !== width) {
    return { severity: 'error', code: 'field-count', message: `Row skipped: ${record.length} fields where the header has ${width}.`, location };
  }
  const cve = record[columns.cve] ?? '';
  if (!CVE_ID.test(cve)) return { severity: 'error', code: 'invalid-cve', message: `Row skipped: "${cve}" is not a CVE id.`, location };
  const epss = probability(record[columns.epss]);
  const percentile = probability(record[columns.percentile]);
  if (epss === undefined || percentile === undefined) {
    const [name, raw] = epss === undefined ? ['epss', record[columns.epss]] : ['percentile', record[columns.percentile]];
    return { severity: 'error', code: 'invalid-score', message: `Row skipped: ${cve} ${name} "${raw ?? ''}" is not a number from 0 to 1.`, location };
  }
  return { cve, epss, percentile };
}
