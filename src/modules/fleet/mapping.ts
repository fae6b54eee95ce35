import { Problem, type ProblemFieldError } from '../../platform/http/problem.js';
import { ASSET_FIELDS, FieldError, headerKey, parseField, REQUIRED_FIELDS, type AssetField, type FieldValue } from './fields.js';
import type { Table } from './table.js';

/**
 * From a table and a column mapping to asset rows: which column fills which field, every cell
 * parsed, every bad cell reported by row and column, and rows of the same device (same
 * manufacturer, case-insensitively, and serial) collapsed with the last one winning — a CMMS
 * export lists a device again after an edit, and the later line is the newer one.
 */

export type ColumnMapping = Partial<Record<AssetField, string>>;

export interface ImportRow {
  /** The line of the file (the header is line 1), for messages. */
  readonly line: number;
  readonly values: Partial<Record<AssetField, FieldValue>>;
}

export interface RowError {
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

export interface Prepared {
  /** Only the mapped fields: a re-import leaves the others of an existing asset alone. */
  readonly fields: readonly AssetField[];
  readonly rows: readonly ImportRow[];
  readonly errors: readonly RowError[];
  /** Lines overridden by a later line for the same device. */
  readonly duplicates: readonly { line: number; keptLine: number; manufacturer: string; serial: string }[];
}

/** Distinct cell texts remembered per column while parsing a file. */
const MEMO_LIMIT = 4_096;

/** Errors kept per import (the count is always exact). */
export const MAX_REPORTED_ERRORS = 100;

export function isAssetField(name: string): name is AssetField {
  return (ASSET_FIELDS as readonly string[]).includes(name);
}

/**
 * The column index of each mapped field. A required field left unmapped, or mapped to a
 * header the file does not have, is a 422 naming every such field at once.
 */
export function resolveColumns(headers: readonly string[], mapping: ColumnMapping): [AssetField, number][] {
  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    if (!byKey.has(h)) byKey.set(h, i);
    if (!byKey.has(`~${headerKey(h)}`)) byKey.set(`~${headerKey(h)}`, i);
  });
  const columns: [AssetField, number][] = [];
  const errors: ProblemFieldError[] = [];
  const missing: string[] = [];
  for (const field of ASSET_FIELDS) {
    const header = mapping[field];
    if (header === undefined || header === '') {
      if (REQUIRED_FIELDS.includes(field)) {
        missing.push(field);
        errors.push({ pointer: `/mapping/${field}`, message: `required column ${field} is not mapped` });
      }
      continue;
    }
    // Exact header first, then the same letters and digits (case, spaces, punctuation aside).
    const index = byKey.get(header) ?? byKey.get(`~${headerKey(header)}`);
    if (index === undefined) {
      missing.push(field);
      errors.push({ pointer: `/mapping/${field}`, message: `column "${header}" (mapped to ${field}) is not in the file` });
      continue;
    }
    columns.push([field, index]);
  }
  if (missing.length > 0) {
    throw new Problem(422, 'missing-columns', `Missing required columns: ${missing.join(', ')}. The file's columns are: ${headers.join(', ')}.`, { errors, extensions: { missing, headers } });
  }
  return columns;
}

export function prepareRows(table: Table, mapping: ColumnMapping): Prepared {
  const columns = resolveColumns(table.headers, mapping);
  const errors: RowError[] = [];
  let errorCount = 0;
  const byKey = new Map<string, ImportRow>();
  const duplicates: { line: number; keptLine: number; manufacturer: string; serial: string }[] = [];
  // A CMMS column repeats few distinct texts (departments, models, criticality words, dates),
  // so each column remembers what its texts parsed to; bounded, so a column of unique values
  // (serials, addresses) stops remembering instead of growing.
  const memo = columns.map(() => new Map<string, FieldValue | FieldError>());
  table.rows.forEach((cells, i) => {
    const line = i + 2;
    const values: Partial<Record<AssetField, FieldValue>> = {};
    let ok = true;
    columns.forEach(([field, index], c) => {
      const raw = cells[index] ?? '';
      const seen = memo[c]!;
      let parsed = seen.get(raw);
      if (parsed === undefined) {
        try {
          parsed = parseField(field, raw);
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          parsed = error;
        }
        if (seen.size < MEMO_LIMIT) seen.set(raw, parsed);
      }
      if (!(parsed instanceof FieldError)) values[field] = parsed;
      else {
        const error = parsed;
        ok = false;
        errorCount++;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push({ row: line, column: table.headers[index] ?? field, message: `${field} ${error.message}` });
      }
    });
    if (!ok) return;
    const key = `${String(values.manufacturer).toLowerCase()}\u0000${String(values.serial)}`;
    const earlier = byKey.get(key);
    if (earlier) {
      duplicates.push({ line: earlier.line, keptLine: line, manufacturer: String(values.manufacturer), serial: String(values.serial) });
      byKey.delete(key); // re-inserted below, so the kept row sits where its last line is
    }
    byKey.set(key, { line, values });
  });
  return { fields: columns.map(([f]) => f), rows: [...byKey.values()], errors: errorCount > errors.length ? [...errors, { row: null, column: null, message: `${errorCount - errors.length} more errors not listed` }] : errors, duplicates };
}
