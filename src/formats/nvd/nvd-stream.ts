import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { JsonArraySplitter, type SplitEvent } from './json-array-splitter.js';
import { resolveLimits, type ReadLimits, type ReadOptions } from './limits.js';
import { mapNvdVulnerability } from './nvd-map.js';
import { errorIssue, itemsOf, locate, warningIssue, type IntelReadItem } from './read-item.js';

/** Top-level members of an NVD API response worth checking; all are small scalars. */
const MAX_MEMBER_CHARS = 64 * 1024;

interface StreamState {
  readonly prefix: string | undefined;
  readonly seenKeys: Set<string>;
}

interface Handled {
  readonly items: IntelReadItem[];
  readonly stop: boolean;
}

function parseMember(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function handleMember(key: string, text: string | undefined, state: StreamState): Handled {
  state.seenKeys.add(key);
  const value = parseMember(text);
  if (key === 'format' && value !== 'NVD_CVE') {
    return { items: [{ issue: errorIssue('nvd.format', `format is ${JSON.stringify(value)}, not "NVD_CVE": not an NVD CVE API response.`, locate(state.prefix, '/format')) }], stop: true };
  }
  if (key === 'version' && (typeof value !== 'string' || !value.startsWith('2.'))) {
    return { items: [{ issue: warningIssue('nvd.version', `version is ${JSON.stringify(value)}; this reader implements NVD CVE API 2.0.`, locate(state.prefix, '/version')) }], stop: false };
  }
  return { items: [], stop: false };
}

function handleElement(index: number, text: string, state: StreamState): IntelReadItem[] {
  const pointer = `/vulnerabilities/${index}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return [{ issue: errorIssue('nvd.json.invalid', `Element is not valid JSON: ${(e as Error).message}`, locate(state.prefix, pointer)) }];
  }
  return itemsOf(mapNvdVulnerability(value, pointer, state.prefix));
}

function handleEvent(event: SplitEvent, state: StreamState, limits: ReadLimits): Handled {
  switch (event.kind) {
    case 'element':
      return { items: handleElement(event.index, event.text, state), stop: false };
    case 'oversized':
      return { items: [{ issue: errorIssue('nvd.record.too_large', `Element is ${event.chars} characters, over the ${limits.maxRecordBytes} limit; skipped.`, locate(state.prefix, `/vulnerabilities/${event.index}`)) }], stop: false };
    case 'member':
      return handleMember(event.key, event.text, state);
    case 'problem':
      return { items: [{ issue: errorIssue('nvd.json.structure', `${event.message} (at character ${event.offset})`, state.prefix) }], stop: true };
  }
}

function missingArrayIssue(state: StreamState): IntelReadItem {
  const legacy = state.seenKeys.has('CVE_Items') ? ' This looks like a retired NVD 1.1 data feed (CVE_Items); use the CVE API 2.0.' : '';
  return { issue: errorIssue('nvd.vulnerabilities.missing', `No "vulnerabilities" array: not an NVD CVE API 2.0 response.${legacy}`, state.prefix) };
}

/**
 * Reads an NVD CVE API 2.0 response from chunks of text or UTF-8 bytes, yielding one record
 * per `vulnerabilities[i].cve` as soon as its element is complete. Memory is bounded by the
 * largest element (`maxRecordBytes`), never the document. A bad element is an issue and the
 * rest still read; structural damage (truncation) ends the stream with an issue.
 */
export async function* readNvdApiStream(chunks: AsyncIterable<string | Uint8Array>, options?: ReadOptions & { readonly location?: string }): AsyncGenerator<IntelReadItem> {
  const limits = resolveLimits(options);
  const state: StreamState = { prefix: options?.location, seenKeys: new Set() };
  const splitter = new JsonArraySplitter('vulnerabilities', { maxElementChars: limits.maxRecordBytes, maxMemberChars: MAX_MEMBER_CHARS });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  const feed = function* (events: SplitEvent[]): Generator<IntelReadItem, boolean> {
    for (const event of events) {
      const handled = handleEvent(event, state, limits);
      yield* handled.items;
      if (handled.stop) return true;
    }
    return false;
  };
  try {
    for await (const chunk of chunks) {
      total += chunk.length;
      if (total > limits.maxTotalBytes) {
        yield { issue: errorIssue('nvd.too_large', `The input exceeds ${limits.maxTotalBytes} bytes; reading stopped.`, state.prefix) };
        return;
      }
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (yield* feed(splitter.push(text))) return;
    }
    if (yield* feed(splitter.push(decoder.decode()))) return;
  } catch (e) {
    yield { issue: errorIssue('nvd.read', `Could not read the input: ${(e as Error).message}`, state.prefix) };
    return;
  }
  if (yield* feed(splitter.end())) return;
  if (!splitter.arrayFound) yield missingArrayIssue(state);
}

/** Whether a file starts with the gzip magic bytes `1f 8b`. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Reads an NVD CVE API 2.0 response file, plain (`.json`) or gzip-compressed (`.json.gz`,
 * recognised by content, not name), streaming: see {@link readNvdApiStream}. Issue locations
 * are JSON pointers into the file (`/vulnerabilities/3`); open failures name the path.
 */
export async function* readNvdApiFile(path: string, options?: ReadOptions): AsyncGenerator<IntelReadItem> {
  let stream: Readable;
  try {
    const gzip = await isGzipFile(path);
    const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
    stream = gzip ? file.pipe(createGunzip()) : file;
    // A gunzip error is emitted on the gunzip stream; a file error must reach it too.
    if (gzip) file.on('error', (e) => stream.destroy(e));
  } catch (e) {
    yield { issue: errorIssue('nvd.read', `Could not open ${path}: ${(e as Error).message}`, path) };
    return;
  }
  try {
    yield* readNvdApiStream(stream as AsyncIterable<Uint8Array>, options);
  } finally {
    stream.destroy();
  }
}
