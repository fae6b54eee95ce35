import { open } from 'node:fs/promises';

/** Thrown by {@link capBytes} when a source decompresses to more than its limit. */
export class TotalBytesExceeded extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes after decompression`);
  }
}

/** Passes chunks through, throwing {@link TotalBytesExceeded} once more than `limit` bytes went by. */
export async function* capBytes(chunks: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > limit) throw new TotalBytesExceeded(limit);
    yield chunk;
  }
}

/** The first `count` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** gzip member magic (RFC 1952). */
export function isGzipHead(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** A zip local file header, or the end-of-central-directory record of an empty zip. */
export function isZipHead(head: Buffer): boolean {
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  return (head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06);
}

/** The message of anything thrown. */
export function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
