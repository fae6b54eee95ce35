import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { cve5ItemsFromText, isCve5FileName } from './cve5-files.js';
import { RATIO_CHECK_FLOOR, resolveLimits, type ReadLimits, type ReadOptions } from './limits.js';
import { errorIssue, warningIssue, type IntelReadItem } from './read-item.js';

/** Bytes decompressed so far from one top-level archive, nested archives included. */
interface Budget {
  used: number;
}

interface ZipContext {
  readonly limits: ReadLimits;
  readonly budget: Budget;
  /** Entry-name prefix for locations inside a nested archive (`cves.zip/`). */
  readonly prefix: string;
  readonly depth: number;
}

class LimitExceeded extends Error {}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // lazyEntries: one entry at a time, read before the next is requested, so memory stays bounded.
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (e, zip) => (e ? reject(e) : resolve(zip)));
  });
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry): void => (cleanup(), resolve(entry));
    const onEnd = (): void => (cleanup(), resolve(undefined));
    const onError = (e: Error): void => (cleanup(), reject(e));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (e, stream) => (e ? reject(e) : resolve(stream))));
}

/** Counts bytes through a stream and fails once `max` is passed, whatever the headers claimed. */
function byteLimit(max: number, budget: Budget, maxTotal: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      budget.used += chunk.length;
      if (seen > max || budget.used > maxTotal) done(new LimitExceeded(`more than ${seen > max ? max : maxTotal} bytes`));
      else done(null, chunk);
    },
  });
}

async function readEntryText(zip: ZipFile, entry: Entry, ctx: ZipContext): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()) });
  await pipeline(await openEntry(zip, entry), byteLimit(ctx.limits.maxRecordBytes, ctx.budget, ctx.limits.maxTotalBytes), sink);
  // TextDecoder drops a UTF-8 byte order mark, which JSON.parse would reject.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/** Why an entry must not be decompressed at all, judged from its central-directory sizes. */
function refusal(entry: Entry, maxBytes: number, ctx: ZipContext): string | undefined {
  if (entry.isEncrypted()) return 'it is encrypted';
  if (entry.uncompressedSize > maxBytes) return `it is ${entry.uncompressedSize} bytes, over the ${maxBytes} limit`;
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > RATIO_CHECK_FLOOR && ratio > ctx.limits.maxCompressionRatio) {
    return `its compression ratio ${ratio.toFixed(0)}:1 exceeds ${ctx.limits.maxCompressionRatio}:1 (zip bomb?)`;
  }
  if (ctx.budget.used + entry.uncompressedSize > ctx.limits.maxTotalBytes) return `the archive would exceed ${ctx.limits.maxTotalBytes} bytes in total`;
  return undefined;
}

async function recordItems(zip: ZipFile, entry: Entry, ctx: ZipContext, location: string, baseName: string): Promise<IntelReadItem[]> {
  const refused = refusal(entry, ctx.limits.maxRecordBytes, ctx);
  if (refused !== undefined) return [{ issue: errorIssue('zip.entry.refused', `Entry skipped: ${refused}.`, location) }];
  try {
    return cve5ItemsFromText(await readEntryText(zip, entry, ctx), location, baseName);
  } catch (e) {
    return [{ issue: errorIssue('zip.entry.read', `Could not read the entry: ${(e as Error).message}`, location) }];
  }
}

/** Spools a nested zip to a temporary file (yauzl needs random access) and reads it. */
async function* nestedItems(zip: ZipFile, entry: Entry, ctx: ZipContext, location: string): AsyncGenerator<IntelReadItem> {
  const refused = ctx.depth > 0 ? 'only one level of nested archives is read' : refusal(entry, ctx.limits.maxNestedZipBytes, ctx);
  if (refused !== undefined) {
    yield { issue: warningIssue('zip.entry.refused', `Nested archive skipped: ${refused}.`, location) };
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'vigil-cve5-'));
  try {
    const path = join(dir, 'nested.zip');
    try {
      await pipeline(await openEntry(zip, entry), byteLimit(ctx.limits.maxNestedZipBytes, ctx.budget, ctx.limits.maxTotalBytes), createWriteStream(path));
    } catch (e) {
      yield { issue: errorIssue('zip.entry.read', `Could not extract the nested archive: ${(e as Error).message}`, location) };
      return;
    }
    yield* readZip(path, { ...ctx, prefix: `${location}/`, depth: ctx.depth + 1 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* readZip(path: string, ctx: ZipContext): AsyncGenerator<IntelReadItem> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (e) {
    yield { issue: errorIssue('zip.open', `Not a readable zip archive: ${(e as Error).message}`, ctx.prefix === '' ? path : ctx.prefix.slice(0, -1)) };
    return;
  }
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (entry === undefined) return;
      const name = entry.fileName;
      const baseName = name.slice(name.lastIndexOf('/') + 1);
      const location = ctx.prefix + name;
      if (isCve5FileName(baseName)) yield* await recordItems(zip, entry, ctx, location, baseName);
      else if (baseName.toLowerCase().endsWith('.zip')) yield* nestedItems(zip, entry, ctx, location);
    }
  } catch (e) {
    yield { issue: errorIssue('zip.read', `The archive is damaged; reading stopped: ${(e as Error).message}`, ctx.prefix === '' ? path : ctx.prefix.slice(0, -1)) };
  } finally {
    zip.close();
  }
}

/**
 * Reads a cvelistV5 release zip: every `CVE-*.json` entry (in archive order), skipping
 * `delta.json`, `deltaLog.json` and other files. The daily baseline asset
 * (`…_all_CVEs_at_midnight.zip.zip`) wraps `cves.zip`; one level of nested zip is read
 * through a temporary file. Entries are refused before decompression when their declared
 * size or compression ratio is out of bounds, and decompression stops at the same bounds
 * whatever the headers claimed. Issue locations are entry names (`cves.zip/cves/2021/…`).
 */
export async function* readCve5Zip(path: string, options?: ReadOptions): AsyncGenerator<IntelReadItem> {
  yield* readZip(path, { limits: resolveLimits(options), budget: { used: 0 }, prefix: '', depth: 0 });
}
