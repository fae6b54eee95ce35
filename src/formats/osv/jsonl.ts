import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { IntelIssue } from '../intel/model.js';
import { errorIssue, itemsOf, type OsvReadItem } from './items.js';
import { resolveOsvLimits, type OsvReadLimits, type OsvReadOptions } from './limits.js';
import { splitLines, type StreamLine } from './lines.js';
import { parseOsvRecord } from './parse.js';
import { capBytes, isGzipHead, readHead, reasonOf, TotalBytesExceeded } from './streams.js';

/**
 * Reads a JSON-lines file of OSV records (one record per line, blank lines ignored), plain
 * or gzip-compressed (told by the gzip magic, not the name). Streams: memory is bounded by
 * the longest line, itself capped at `maxRecordBytes`. Issues are located as `line N`
 * (`line N#/pointer` for schema problems); a bad line is reported and the next one read.
 */
export async function* readOsvJsonLines(path: string, options?: OsvReadOptions): AsyncGenerator<OsvReadItem> {
  const limits = resolveOsvLimits(options);
  const gzip = isGzipHead(await readHead(path, 2));
  const stream = openText(path, gzip);
  let lastLine = 0;
  try {
    for await (const line of splitLines(capBytes(stream, limits.maxTotalBytes), limits.maxRecordBytes)) {
      lastLine = line.lineNumber;
      yield* lineItems(line, limits);
    }
  } catch (e) {
    yield { issue: streamIssue(e, gzip, lastLine + 1) };
  } finally {
    stream.destroy();
  }
}

function openText(path: string, gzip: boolean): Readable {
  const file = createReadStream(path);
  // pipeline() forwards a read error of the file to the gunzip stream being iterated.
  return gzip ? pipeline(file, createGunzip(), () => undefined) : file;
}

function lineItems(line: StreamLine, limits: OsvReadLimits): OsvReadItem[] {
  const location = `line ${line.lineNumber}`;
  if ('tooLong' in line) {
    const message = `Line of ${line.bytes} bytes exceeds the ${limits.maxRecordBytes}-byte record limit; skipped.`;
    return [{ issue: errorIssue('osv.record.too-large', message, location) }];
  }
  if (line.text.trim() === '') return [];
  return itemsOf(parseOsvRecord(line.text, location));
}

function streamIssue(e: unknown, gzip: boolean, lineNumber: number): IntelIssue {
  const location = `line ${lineNumber}`;
  if (e instanceof TotalBytesExceeded) {
    return errorIssue('osv.source.too-large', `Stopped reading: the source is ${e.message}.`, location);
  }
  const what = gzip ? 'gzip stream' : 'file';
  return errorIssue(gzip ? 'osv.gzip.corrupt' : 'osv.read.failed', `Stopped reading: the ${what} could not be read (${reasonOf(e)}).`, location);
}
