/**
 * CSV writing per RFC 4180 — CRLF line ends, a field quoted when it holds a comma, a double
 * quote, CR or LF, and quotes inside doubled — with a guard against formula injection
 * (OWASP "CSV Injection"): a cell a spreadsheet would run as a formula, one starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return, is prefixed with a single quote so it
 * opens as text. The guard changes what such a cell reads as; docs/api.md says so.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole document: the header row, then one row per record. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return csvRow(header) + rows.map(csvRow).join('');
}
