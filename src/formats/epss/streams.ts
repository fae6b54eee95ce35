import { createReadStream } from 'node:fs';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Where EPSS bytes come from: a file path, or any async iterable of byte chunks (a stream, a fetch body). */
export type ByteSource = string | AsyncIterable<Uint8Array>;

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Runs `source` through a transform stream and yields what comes out, with backpressure: while
 * the consumer of this generator is busy, the transform's buffers fill and `source` is no
 * longer read. Ending early (break/return) or failing destroys the transform, and the pipeline
 * then closes `source` too.
 */
export async function* through<T>(source: AsyncIterable<Uint8Array>, stage: Duplex): AsyncGenerator<T, void, undefined> {
  const feeding = pipeline(source, stage);
  let completed = false;
  try {
    for await (const item of stage) yield item as T;
    completed = true;
  } finally {
    if (!completed) stage.destroy();
    // After an early stop the pipeline reports a premature close (or the stage's own error,
    // already thrown by the loop above); only a failure after a complete read is news.
    await feeding.catch((error: unknown) => {
      if (completed) throw error;
    });
  }
}

/** Yields `head` (already read from `rest`) and then the remaining chunks of `rest`. */
async function* replay(head: Buffer, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    if (head.length > 0) yield head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

/**
 * The bytes of `input`, gunzipped when they start with the gzip magic number: EPSS files come
 * as `.csv.gz` and as `.csv`, and names (or HTTP content types) are not trusted to say which.
 */
export async function* decodedBytes(input: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  let head = Buffer.alloc(0);
  // The first chunk may be a single byte; read until the magic number can be told apart.
  while (head.length < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const rest = replay(head, iterator);
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  if (gzipped) yield* through<Uint8Array>(rest, createGunzip());
  else yield* rest;
}

/**
 * Passes `source` through unchanged and hands its first line (without the line break) to
 * `onLine` once it has been seen, before that line's bytes are passed on. Only the first
 * `maxBytes` are searched: a file whose first line is longer has no line to report.
 */
export async function* tapFirstLine(source: AsyncIterable<Uint8Array>, maxBytes: number, onLine: (line: string) => void): AsyncGenerator<Uint8Array, void, undefined> {
  let pending: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of source) {
    if (pending === undefined) {
      yield chunk;
      continue;
    }
    pending = Buffer.concat([pending, chunk]);
    const newline = pending.indexOf(0x0a);
    if (newline === -1 && pending.length < maxBytes) continue;
    if (newline !== -1) onLine(pending.subarray(0, newline).toString('utf8').replace(/\r$/, ''));
    yield pending;
    pending = undefined;
  }
  if (pending !== undefined && pending.length > 0) {
    onLine(pending.toString('utf8'));
    yield pending;
  }
}
