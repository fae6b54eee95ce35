import { parse } from 'csv-parse/sync';
import type { IntelIssue } from '../intel/model.js';
import { KevEntryCollector, type KevParseResult } from './entry.js';

/** The columns of the official KEV CSV export, in its order; the first eight are required by the schema. */
export const KEV_CSV_COLUMNS = [
  'cveID',
  'vendorProject',
  'product',
  'vulnerabilityName',
  'dateAdded',
  'shortDescription',
  'requiredAction',
  'dueDate',
  'knownRansomwareCampaignUse',
  'notes',
  'cwes',
] as const;

const REQUIRED_COLUMNS = KEV_CSV_COLUMNS.slice(0, 8);

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly bytes_records: number };
}

interface CsvSkip {
  readonly code?: string;
  readonly message: string;
  readonly lines?: number;
}

/** Maps byte offsets of the UTF-8 text to 1-based line numbers. */
function lineLocator(bytes: Buffer): (offset: number) => number {
  const newlines: number[] = [];
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) newlines.push(i);
  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((newlines[mid] ?? Infinity) < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}

/**
 * The line a record starts on. csv-parse reports where a record ends (in bytes, reliably; its
 * own line counter miscounts CRLF inside quotes), so the start is the end line less the line
 * breaks kept inside its quoted fields.
 */
function startLine(entry: CsvRecord, lineOf: (offset: number) => number): number {
  const endLine = lineOf(Math.max(0, entry.info.bytes_records - 1));
  const inner = entry.record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
  return endLine - inner;
}

/** Column index by official name; header names are matched without case or surrounding spaces. */
function mapHeader(header: readonly string[]): { columns: Map<string, number>; issues: IntelIssue[] } | { notKev: string } {
  const byName = new Map(KEV_CSV_COLUMNS.map((name) => [name.toLowerCase(), name]));
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  for (const [index, raw] of header.entries()) {
    const name = byName.get(raw.trim().toLowerCase());
    if (name === undefined) unknown.push(raw);
    else if (columns.has(name)) return { notKev: `the column ${name} appears twice` };
    else columns.set(name, index);
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0) return { notKev: `the header lacks ${missing.join(', ')}` };
  const issues: IntelIssue[] =
    unknown.length === 0 ? [] : [{ severity: 'warning', code: 'unknown-column', message: `Columns ignored (not in the KEV export): ${unknown.join(', ')}.`, location: 'line 1' }];
  return { columns, issues };
}

/** The official export writes several CWEs into one field, comma separated (`CWE-250, CWE-273`). */
function splitCwes(field: string): string[] {
  return field
    .split(',')
    .map((cwe) => cwe.trim())
    .filter((cwe) => cwe !== '');
}

function rowObject(record: readonly string[], columns: ReadonlyMap<string, number>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, index] of columns) {
    const value = record[index] ?? '';
    row[name] = name === 'cwes' ? splitCwes(value) : value;
  }
  return row;
}

function readRecords(text: string): { records: CsvRecord[]; skipped: CsvSkip[] } {
  const skipped: CsvSkip[] = [];
  const records = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n'],
    // A record with broken quoting is reported and skipped instead of failing the whole file.
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) skipped.push(error);
    },
  }) as unknown as CsvRecord[]; // With `info: true` each record comes as { record, info }; the typings say string[][].
  return { records, skipped };
}

/**
 * Reads the official CISA KEV CSV export (`known_exploited_vulnerabilities.csv`): a header row
 * naming the KEV columns (matched by name, so older exports without `cwes` or
 * `knownRansomwareCampaignUse` read too), then one entry per record; `cwes` holds several CWE
 * ids comma separated in one field. Every row passes the official schema's entry definition;
 * a bad row becomes an issue at `line N` (where the record starts) and is skipped. A file
 * whose header is not KEV's gives one `not-kev` error and no entries.
 */
export function parseKevCsv(text: string): KevParseResult {
  const { records, skipped } = readRecords(text);
  const header = records[0];
  if (!header) return { entries: [], issues: [{ severity: 'error', code: 'not-kev', message: 'Not a KEV CSV: the file has no header row.', location: 'line 1' }] };
  const mapped = mapHeader(header.record);
  if ('notKev' in mapped) {
    return { entries: [], issues: [{ severity: 'error', code: 'not-kev', message: `Not a KEV CSV: ${mapped.notKev}.`, location: 'line 1' }] };
  }
  const lineOf = lineLocator(Buffer.from(text, 'utf8'));
  const collector = new KevEntryCollector();
  for (const entry of records.slice(1)) {
    const location = `line ${startLine(entry, lineOf)}`;
    if (entry.record.length === header.record.length) collector.add(rowObject(entry.record, mapped.columns), location);
    else {
      const message = `Row skipped: ${entry.record.length} fields where the header has ${header.record.length}.`;
      collector.reject({ severity: 'error', code: 'field-count', message, location });
    }
  }
  const syntax = skipped.map((e): IntelIssue => ({ severity: 'error', code: 'csv-syntax', message: `Row skipped, not readable as CSV: ${e.message}`, location: `line ${e.lines ?? 0}` }));
  // Rows with broken quoting are reported by the CSV parser on the side; merged back by line so issues read in file order.
  const rowIssues = [...collector.issues, ...syntax].sort((a, b) => lineOfLocation(a) - lineOfLocation(b));
  return { entries: collector.entries, issues: [...mapped.issues, ...rowIssues] };
}

function lineOfLocation(issue: IntelIssue): number {
  return Number(issue.location?.slice('line '.length) ?? 0);
}
