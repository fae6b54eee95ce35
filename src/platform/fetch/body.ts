import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FetchError } from './errors.js';

/** Yields the chunks of a response body and fails as soon as more than `maxBytes` arrived. */
async function* limitedChunks(body: ReadableStream<Uint8Array>, maxBytes: number, what: string): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new FetchError('too-large', `${what} is larger than the limit of ${maxBytes} bytes; download stopped.`);
      yield value;
    }
    finished = true;
  } finally {
    // Cancelling closes the connection instead of downloading the rest for nothing.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Streams a response body into a new private temporary folder (`vigil-fetch-…/body`) and
 * returns the file's path and size. On any failure, the partial file and folder are removed.
 */
export async function writeBodyToTempFile(
  body: ReadableStream<Uint8Array> | null,
  options: { readonly maxBytes: number; readonly tempDir?: string; readonly what: string },
): Promise<{ path: string; bytes: number }> {
  const folder = await mkdtemp(join(options.tempDir ?? tmpdir(), 'vigil-fetch-'));
  const path = join(folder, 'body');
  try {
    const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    await pipeline(body ? limitedChunks(body, options.maxBytes, options.what) : [], file);
    return { path, bytes: file.bytesWritten };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Deletes a body written by `fetchIfChanged` (the file and its temporary folder). */
export async function removeFetchedBody(path: string): Promise<void> {
  // The folder is removed recursively, so make sure it is one this module created.
  if (basename(path) !== 'body' || !basename(dirname(path)).startsWith('vigil-fetch-')) {
    throw new Error(`Not a body written by fetchIfChanged: ${path}`);
  }
  await rm(dirname(path), { recursive: true, force: true });
}
