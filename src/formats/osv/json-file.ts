import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseOsvFile } from './file-record.js';
import { errorIssue, itemsOf, locate, type OsvReadItem } from './items.js';
import { resolveOsvLimits, type OsvReadLimits, type OsvReadOptions } from './limits.js';
import { JsonArrayError, splitJsonArray, type ArrayElement } from './json-array.js';
import { parseJson, parseOsvValue } from './parse.js';
import { readHead, reasonOf } from './streams.js';

/**
 * Reads a JSON file holding one OSV record, or a JSON array of records (as OSV.dev's query
 * API and some exports return them). An array is streamed element by element, each element
 * located as `file#/index` (schema problems as `file#/index/pointer`), so its size is not
 * bounded by memory; a single record is bounded by `maxRecordBytes`.
 */
export async function* readOsvJsonFile(path: string, options?: OsvReadOptions): AsyncGenerator<OsvReadItem> {
  const limits = resolveOsvLimits(options);
  const name = basename(path);
  try {
    if (firstSignificantByte(await readHead(path, 4096)) === '[') yield* arrayItems(path, name, limits);
    else yield* singleItems(path, name, limits);
  } catch (e) {
    yield { issue: errorIssue('osv.read.failed', `File could not be read: ${reasonOf(e)}`, name) };
  }
}

/** The first character that is not JSON whitespace or a byte-order mark, if the head has one. */
export function firstSignificantByte(head: Buffer): string | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  return /\S/.exec(text)?.[0];
}

async function* singleItems(path: string, name: string, limits: OsvReadLimits): AsyncGenerator<OsvReadItem> {
  const { size } = await stat(path);
  if (size > limits.maxRecordBytes) {
    const message = `File of ${size} bytes exceeds the ${limits.maxRecordBytes}-byte record limit; skipped.`;
    yield { issue: errorIssue('osv.record.too-large', message, name) };
    return;
  }
  yield* itemsOf(parseOsvFile(await readFile(path, 'utf8'), name));
}

async function* arrayItems(path: string, name: string, limits: OsvReadLimits): AsyncGenerator<OsvReadItem> {
  const stream = createReadStream(path);
  try {
    for await (const element of splitJsonArray(stream, limits.maxRecordBytes)) yield* elementItems(element, name, limits);
  } catch (e) {
    if (!(e instanceof JsonArrayError)) throw e;
    yield { issue: errorIssue('osv.json.invalid', `Stopped reading: ${e.message}.`, name) };
  } finally {
    stream.destroy();
  }
}

function elementItems(element: ArrayElement, name: string, limits: OsvReadLimits): OsvReadItem[] {
  const base = `/${element.index}`;
  if ('tooLong' in element) {
    const message = `Array element of ${element.bytes} bytes exceeds the ${limits.maxRecordBytes}-byte record limit; skipped.`;
    return [{ issue: errorIssue('osv.record.too-large', message, locate(name, base)) }];
  }
  const parsed = parseJson(element.text, locate(name, base));
  if ('issue' in parsed) return [{ issue: parsed.issue }];
  return itemsOf(parseOsvValue(parsed.value, name, base));
}
