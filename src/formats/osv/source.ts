import { stat } from 'node:fs/promises';
import { readOsvFolder } from './folder.js';
import type { OsvReadItem } from './items.js';
import { readOsvJsonFile, firstSignificantByte } from './json-file.js';
import { readOsvJsonLines } from './jsonl.js';
import type { OsvReadOptions } from './limits.js';
import { isGzipHead, isZipHead, readHead } from './streams.js';
import { readOsvZip } from './zip.js';

/** The layouts {@link readOsvSource} recognises. */
export type OsvSourceKind = 'folder' | 'zip' | 'jsonl-gzip' | 'jsonl' | 'json';

/** Enough of a file to hold the first line of any real JSON-lines export. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Tells an OSV source's layout by content, not name: a folder; a zip (magic `PK`); gzip
 * (magic 1f 8b, read as gzip JSON lines); JSON lines, when the first line is a complete
 * JSON object on its own; otherwise one JSON document (a record, or an array of records).
 * A pretty-printed record's first line (`{`) never parses alone, and a one-line document
 * reads the same either way.
 */
export async function detectOsvSource(path: string): Promise<OsvSourceKind> {
  if ((await stat(path)).isDirectory()) return 'folder';
  const head = await readHead(path, SNIFF_BYTES);
  if (isZipHead(head)) return 'zip';
  if (isGzipHead(head)) return 'jsonl-gzip';
  if (firstSignificantByte(head) !== '{') return 'json';
  const newline = head.indexOf(0x0a);
  if (newline === -1) return head.length < SNIFF_BYTES ? 'json' : 'jsonl';
  try {
    JSON.parse(head.subarray(0, newline).toString('utf8').replace(/^\uFEFF/, ''));
    return 'jsonl';
  } catch {
    return 'json';
  }
}

/**
 * Reads OSV records from any supported source: a folder of JSON files (OSV export or GitHub
 * advisory-database clone), an OSV zip archive, a JSON-lines file (plain or gzip), or a JSON
 * file holding one record or an array of records. See {@link detectOsvSource}.
 */
export async function* readOsvSource(path: string, options?: OsvReadOptions): AsyncGenerator<OsvReadItem> {
  switch (await detectOsvSource(path)) {
    case 'folder':
      return yield* readOsvFolder(path, options);
    case 'zip':
      return yield* readOsvZip(path, options);
    case 'jsonl-gzip':
    case 'jsonl':
      return yield* readOsvJsonLines(path, options);
    case 'json':
      return yield* readOsvJsonFile(path, options);
  }
}
