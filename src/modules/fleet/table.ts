import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { Problem } from '../../platform/http/problem.js';

/**
 * A spreadsheet upload read as a header row plus data rows of cell texts, for CSV and XLSX
 * alike. Both are read as streams that stop at the row limit, so a million-row file costs
 * the time to reach row 200,001, not to parse it all (and the body limit bounds the bytes).
 */

/** Data rows one import accepts; a larger file is refused whole (413) before anything is written. */
export const MAX_IMPORT_ROWS = 200_000;
/** The upload body limit for imports (a 200,000-row CMMS export is ~40 MB as CSV). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export interface Table {
  readonly format: 'csv' | 'xlsx';
  /** The text encoding a CSV was read with (null for XLSX, which is always UTF-8 XML). */
  readonly encoding: string | null;
  readonly headers: readonly string[];
  /** Data rows, each as long as the header row (missing cells are ''). */
  readonly rows: readonly string[][];
}

export const isXlsx = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export async function readTable(bytes: Buffer, maxRows = MAX_IMPORT_ROWS): Promise<Table> {
  if (bytes.length === 0) throw new Problem(422, 'empty-file', 'The file is empty.');
  const table = isXlsx(bytes) ? await readXlsx(bytes, maxRows) : await readCsv(bytes, maxRows);
  return finish(table);
}

/** Every row as read, the first included and none cut to the first row's width (forms with title rows, such as MDS2). */
export async function readRawRows(bytes: Buffer, maxRows = MAX_IMPORT_ROWS): Promise<{ format: 'csv' | 'xlsx'; encoding: string | null; rows: string[][] }> {
  if (bytes.length === 0) throw new Problem(422, 'empty-file', 'The file is empty.');
  const table = isXlsx(bytes) ? await readXlsx(bytes, maxRows) : await readCsv(bytes, maxRows);
  return { format: table.format, encoding: table.encoding, rows: table.headers ? [table.headers, ...table.rows] : [] };
}

interface RawTable { format: 'csv' | 'xlsx'; encoding: string | null; headers: string[] | null; rows: string[][] }

/**
 * The text of a CSV. A byte-order mark decides: UTF-8, UTF-16LE or UTF-16BE. Without one,
 * the bytes are UTF-8 if they decode as UTF-8 without error (ASCII is), otherwise they are
 * taken as Windows-1252, what Excel writes for "CSV" on Western-language Windows. NUL bytes
 * without a BOM mean UTF-16 without a BOM or a binary file: refused rather than guessed.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: strictDecode('utf-8', bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strictDecode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strictDecode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes.includes(0)) {
    throw new Problem(415, 'unsupported-encoding', 'The file holds NUL bytes: it is binary or UTF-16 without a byte-order mark. Save it as CSV (UTF-8) or XLSX.');
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** 0x80–0x9F of Windows-1252 (the rest is Latin-1); unassigned bytes stay U+FFFD. */
const CP1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

/**
 * Node's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x92 comes out as a C1 control,
 * not ’), so the 32 bytes where the two differ are mapped here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk).replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
  return out;
}

function strictDecode(encoding: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new Problem(415, 'unsupported-encoding', `The file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}.`);
  }
}

/** Comma, semicolon (European Excel) or tab: whichever the header line holds most of. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

const tooManyRows = (maxRows: number) =>
  new Problem(413, 'too-many-rows', `The file has more than ${maxRows.toLocaleString('en-US')} data rows; split it into several imports.`, { extensions: { maxRows } });

async function readCsv(bytes: Buffer, maxRows: number): Promise<RawTable> {
  const { text, encoding } = decodeText(bytes);
  const parser = Readable.from([text]).pipe(parse({ delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: true, bom: false }));
  let headers: string[] | null = null;
  const rows: string[][] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!headers) {
        headers = record.map((h) => h.trim());
        continue;
      }
      if (rows.length === maxRows) throw tooManyRows(maxRows);
      rows.push(record);
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof Problem) throw error;
    const line = (error as { lines?: number }).lines;
    throw new Problem(422, 'malformed-csv', `The CSV cannot be read${line ? ` at line ${line}` : ''}: ${(error as Error).message}`);
  }
  return { format: 'csv', encoding, headers, rows };
}

function finish({ format, encoding, headers, rows }: RawTable): Table {
  if (!headers || headers.every((h) => h === '')) throw new Problem(422, 'empty-file', 'The file has no header row.');
  const width = headers.length;
  for (const row of rows) {
    if (row.length < width) row.push(...Array<string>(width - row.length).fill(''));
    else if (row.length > width) row.length = width;
  }
  return { format, encoding, headers, rows };
}

/** The first worksheet; row 1 is the header row, empty rows are skipped. */
async function readXlsx(bytes: Buffer, maxRows: number): Promise<RawTable> {
  // styles are read so date-formatted cells arrive as dates, not serial numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  // exceljs 4.4 names a worksheet from `model.sheets`, which it sets only once workbook.xml is
  // parsed; when a worksheet entry is reached first (a race in its async zip reading) it throws
  // "Cannot read properties of undefined (reading 'sheets')". The first sheet needs no name.
  const racy = reader as unknown as { model?: { sheets?: unknown[] } };
  racy.model ??= { sheets: [] };
  let headers: string[] | null = null;
  const rows: string[][] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        // row.values is sparse (index 0 unused, empty cells are holes): Array.from fills the holes.
        const cells = Array.from(values.slice(1), cellText);
        if (cells.every((c) => c === '')) continue;
        if (!headers) {
          headers = cells.map((h) => h.trim());
          continue;
        }
        if (rows.length === maxRows) throw tooManyRows(maxRows);
        rows.push(cells);
      }
      break;
    }
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw new Problem(422, 'malformed-xlsx', `The XLSX workbook cannot be read: ${(error as Error).message}`);
  }
  return { format: 'xlsx', encoding: null, headers, rows };
}

/** A cell as text: dates as YYYY-MM-DD, formulas by their cached result, rich text joined. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: string; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v || 'formula' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return '';
  }
  return '';
}
