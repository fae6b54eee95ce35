import type { Entry } from 'yauzl';
import { errorIssue, itemsOf, type OsvReadItem } from './items.js';
import { RATIO_CHECK_FLOOR, resolveOsvLimits, type OsvReadLimits, type OsvReadOptions } from './limits.js';
import { parseOsvFile } from './file-record.js';
import { reasonOf } from './streams.js';
import { ZipEntries } from './zip-entries.js';

/**
 * Reads an OSV zip archive (OSV.dev's per-ecosystem or all-ecosystem `all.zip`: one JSON
 * record per entry). Entries are read one at a time, so memory is bounded by one record.
 * Directories and entries not named `*.json` are skipped. An entry larger than
 * `maxRecordBytes`, or one that claims to inflate more than `maxCompressionRatio` times its
 * compressed size (a zip bomb), is refused with an issue located at the entry's name; the
 * archive stops at `maxTotalBytes` of declared content.
 */
export async function* readOsvZip(path: string, options?: OsvReadOptions): AsyncGenerator<OsvReadItem> {
  const limits = resolveOsvLimits(options);
  let entries: ZipEntries;
  try {
    entries = await ZipEntries.open(path);
  } catch (e) {
    yield { issue: errorIssue('osv.zip.unreadable', `Not a readable zip archive: ${reasonOf(e)}`, path) };
    return;
  }
  try {
    yield* readEntries(entries, limits);
  } finally {
    entries.close();
  }
}

async function* readEntries(entries: ZipEntries, limits: OsvReadLimits): AsyncGenerator<OsvReadItem> {
  let declaredTotal = 0;
  for (;;) {
    let entry: Entry | undefined;
    try {
      entry = await entries.next();
    } catch (e) {
      yield { issue: errorIssue('osv.zip.corrupt', `Stopped reading the archive: ${reasonOf(e)}`) };
      return;
    }
    if (entry === undefined) return;
    if (!isJsonEntry(entry)) continue;
    declaredTotal += entry.uncompressedSize;
    if (declaredTotal > limits.maxTotalBytes) {
      const message = `Stopped reading: the archive declares more than ${limits.maxTotalBytes} bytes of content.`;
      yield { issue: errorIssue('osv.source.too-large', message, entry.fileName) };
      return;
    }
    yield* entryItems(entries, entry, limits);
  }
}

function isJsonEntry(entry: Entry): boolean {
  return !entry.fileName.endsWith('/') && entry.fileName.toLowerCase().endsWith('.json');
}

async function* entryItems(entries: ZipEntries, entry: Entry, limits: OsvReadLimits): AsyncGenerator<OsvReadItem> {
  const refusal = refuseEntry(entry, limits);
  if (refusal) {
    yield refusal;
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await entries.read(entry, limits.maxRecordBytes);
  } catch (e) {
    yield { issue: errorIssue('osv.zip.entry-unreadable', `Entry could not be read: ${reasonOf(e)}`, entry.fileName) };
    return;
  }
  yield* itemsOf(parseOsvFile(bytes.toString('utf8'), entry.fileName));
}

/** The issue refusing an entry by its declared sizes, before a byte of it is inflated. */
function refuseEntry(entry: Entry, limits: OsvReadLimits): OsvReadItem | undefined {
  const size = entry.uncompressedSize;
  if (size > limits.maxRecordBytes) {
    const message = `Entry of ${size} bytes exceeds the ${limits.maxRecordBytes}-byte record limit; skipped.`;
    return { issue: errorIssue('osv.record.too-large', message, entry.fileName) };
  }
  const ratio = size / Math.max(entry.compressedSize, 1);
  if (size > RATIO_CHECK_FLOOR && ratio > limits.maxCompressionRatio) {
    const message = `Entry inflates ${Math.round(ratio)}:1 (${entry.compressedSize} → ${size} bytes), beyond the ${limits.maxCompressionRatio}:1 limit: refused as a zip bomb.`;
    return { issue: errorIssue('osv.zip.bomb', message, entry.fileName) };
  }
  return undefined;
}
