import { parse } from 'csv-parse/sync';

/**
 * Component support data from a CSV file (pure: text in, planned updates or errors out).
 *
 * The file has a header row. A row names its component by `ref` (the bom-ref / SPDXID), or
 * by `purl`, or by `name` + `version` — the first of these columns that has a value wins —
 * and sets any of `level_of_support`, `end_of_support` (YYYY-MM-DD) and `supplier`. An empty
 * cell leaves the stored value alone. Header names are matched loosely (case, spaces,
 * hyphens: `Level of support`, `end-of-support`, `bom-ref` all work), so a spreadsheet
 * exported from a supplier list needs no renaming.
 */

export interface SupportRow {
  /** 1-based line number in the file, for error messages. */
  readonly line: number;
  readonly key: ComponentKey;
  readonly set: SupportValues;
}

export type ComponentKey = { readonly by: 'ref'; readonly ref: string } | { readonly by: 'purl'; readonly purl: string } | { readonly by: 'name'; readonly name: string; readonly version: string | null };

export interface SupportValues {
  readonly levelOfSupport?: string;
  readonly endOfSupport?: string;
  readonly supplier?: string;
}

export interface CsvError {
  readonly line: number;
  readonly message: string;
}

/** Largest CSV accepted (a supplier list for a very large SBOM is a few MB). */
export const MAX_SUPPORT_CSV_BYTES = 10 * 1024 * 1024;
const MAX_VALUE = 500;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const HEADER_ALIASES: Record<string, keyof Columns> = {
  ref: 'ref',
  bomref: 'ref',
  spdxid: 'ref',
  purl: 'purl',
  packageurl: 'purl',
  name: 'name',
  component: 'name',
  version: 'version',
  levelofsupport: 'levelOfSupport',
  supportlevel: 'levelOfSupport',
  level: 'levelOfSupport',
  endofsupport: 'endOfSupport',
  endofsupportdate: 'endOfSupport',
  eos: 'endOfSupport',
  supplier: 'supplier',
};

interface Columns {
  ref?: number;
  purl?: number;
  name?: number;
  version?: number;
  levelOfSupport?: number;
  endOfSupport?: number;
  supplier?: number;
}

const normalizeHeader = (h: string) => h.toLowerCase().replace(/[\s_\-:.]/g, '');

function mapHeader(header: readonly string[]): { columns: Columns; errors: CsvError[] } {
  const columns: Columns = {};
  const errors: CsvError[] = [];
  header.forEach((raw, index) => {
    const field = HEADER_ALIASES[normalizeHeader(raw.replace(/^\uFEFF/, ''))];
    if (!field) return; // Other columns (notes, owner, …) are allowed and ignored.
    if (columns[field] !== undefined) errors.push({ line: 1, message: `Two columns mean "${field}": "${header[columns[field]]}" and "${raw}".` });
    columns[field] = index;
  });
  if (columns.ref === undefined && columns.purl === undefined && columns.name === undefined) {
    errors.push({ line: 1, message: 'The header needs a column that names the component: ref, purl, or name (with version).' });
  }
  if (columns.levelOfSupport === undefined && columns.endOfSupport === undefined && columns.supplier === undefined) {
    errors.push({ line: 1, message: 'The header needs at least one of level_of_support, end_of_support or supplier.' });
  }
  return { columns, errors };
}

function cell(record: readonly string[], index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  const value = record[index]?.trim();
  return value ? value : undefined;
}

function rowKey(record: readonly string[], c: Columns): ComponentKey | undefined {
  const ref = cell(record, c.ref);
  if (ref) return { by: 'ref', ref };
  const purl = cell(record, c.purl);
  if (purl) return { by: 'purl', purl };
  const name = cell(record, c.name);
  if (name) return { by: 'name', name, version: cell(record, c.version) ?? null };
  return undefined;
}

function rowValues(record: readonly string[], c: Columns, line: number, errors: CsvError[]): SupportValues {
  const values: { levelOfSupport?: string; endOfSupport?: string; supplier?: string } = {};
  for (const field of ['levelOfSupport', 'endOfSupport', 'supplier'] as const) {
    const value = cell(record, c[field]);
    if (value === undefined) continue;
    if (value.length > MAX_VALUE) errors.push({ line, message: `${field} is longer than ${MAX_VALUE} characters.` });
    else if (field === 'endOfSupport' && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) errors.push({ line, message: `end_of_support "${value}" is not a date written YYYY-MM-DD.` });
    else values[field] = value;
  }
  return values;
}

/** Reads the file; any error refuses the whole file (the import applies all rows or none). */
export function parseSupportCsv(text: string): { rows: SupportRow[]; errors: CsvError[] } {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true, delimiter: detectDelimiter(text) }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { rows: [], errors: [{ line: e.lines ?? 1, message: `Not readable as CSV: ${e.message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'The file is empty.' }] };
  const { columns, errors } = mapHeader(header);
  if (errors.length > 0) return { rows: [], errors };
  const rows: SupportRow[] = [];
  body.forEach((record, i) => {
    const line = i + 2;
    const key = rowKey(record, columns);
    if (!key) {
      errors.push({ line, message: 'The row names no component (ref, purl and name are all empty).' });
      return;
    }
    const set = rowValues(record, columns, line, errors);
    if (Object.keys(set).length > 0) rows.push({ line, key, set });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, message: 'No row sets any value.' });
  return { rows, errors };
}

/** Spreadsheets in many locales export `;`-separated files; the header line tells which. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ',';
}

export interface StoredComponent {
  readonly ref: string;
  readonly purl: string | null;
  readonly name: string;
  readonly version: string | null;
}

export interface PlannedUpdate {
  readonly ref: string;
  readonly set: SupportValues;
}

/**
 * Matches rows to stored components. A row matching nothing is an error; a name + version
 * row may match several copies of a component (all are updated). Two rows setting different
 * values on the same component are an error, since neither can be said to win.
 */
export function planSupportUpdates(rows: readonly SupportRow[], components: readonly StoredComponent[], canonicalPurl: (p: string) => string): { updates: PlannedUpdate[]; errors: CsvError[] } {
  const byRef = new Map(components.map((c) => [c.ref, c]));
  const byPurl = groupBy(components.filter((c) => c.purl), (c) => c.purl!);
  const byName = groupBy(components, (c) => `${c.name}\u0000${c.version ?? ''}`);
  const planned = new Map<string, { line: number; set: Record<string, string> }>();
  const errors: CsvError[] = [];
  for (const row of rows) {
    const k = row.key;
    const targets = k.by === 'ref' ? (byRef.has(k.ref) ? [byRef.get(k.ref)!] : []) : k.by === 'purl' ? (byPurl.get(canonicalPurl(k.purl)) ?? []) : (byName.get(`${k.name}\u0000${k.version ?? ''}`) ?? []);
    if (targets.length === 0) {
      errors.push({ line: row.line, message: `No component of this SBOM has ${describeKey(k)}.` });
      continue;
    }
    for (const target of targets) {
      const existing = planned.get(target.ref);
      const merged: Record<string, string> = { ...(existing?.set ?? {}) };
      for (const [field, value] of Object.entries(row.set)) {
        if (merged[field] !== undefined && merged[field] !== value) errors.push({ line: row.line, message: `Line ${existing!.line} already sets ${field} of ${target.ref} to "${merged[field]}".` });
        merged[field] = value;
      }
      planned.set(target.ref, { line: existing?.line ?? row.line, set: merged });
    }
  }
  return { updates: [...planned].map(([ref, p]) => ({ ref, set: p.set })), errors };
}

function describeKey(k: ComponentKey): string {
  if (k.by === 'ref') return `ref "${k.ref}"`;
  if (k.by === 'purl') return `purl "${k.purl}"`;
  return `name "${k.name}"${k.version ? ` and version "${k.version}"` : ' without a version'}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
