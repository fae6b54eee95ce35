import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { once } from 'node:events';
import { constants as zlib, createGunzip, createGzip } from 'node:zlib';
import { splitLines } from '../../formats/osv/lines.js';
import { MAX_SNAPSHOT_LINE_BYTES, SnapshotAssembler, SnapshotError, type IntelIndex, type SnapshotHeader } from './snapshot.js';

/**
 * Snapshot files: gzip JSON lines (plain JSON lines are read too, told by the gzip magic).
 * Reading streams, so memory is the index being built, not the file; writing goes to a
 * temporary file beside the target that is renamed into place when complete, so a reader
 * never sees half a snapshot under the final name.
 */

const READ_CHUNK = 256 * 1024;

async function head(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path} (${code ?? (error as Error).message})`);
  }
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reads a snapshot from a stream of its (possibly gzipped) bytes into a scan index. */
export async function readSnapshotStream(bytes: Readable, gzip: boolean): Promise<{ header: SnapshotHeader; index: IntelIndex }> {
  // Chunks of 256 KiB, not zlib's 16 KiB: a fifth of the time goes to passing chunks otherwise.
  const text = gzip ? pipeline(bytes, createGunzip({ chunkSize: READ_CHUNK }), () => undefined) : bytes;
  const assembler = new SnapshotAssembler();
  try {
    for await (const line of splitLines(text, MAX_SNAPSHOT_LINE_BYTES)) {
      if ('tooLong' in line) throw new SnapshotError(`line ${line.lineNumber}: longer than ${MAX_SNAPSHOT_LINE_BYTES / 2 ** 20} MiB`);
      assembler.push(line.text);
    }
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (gzip && typeof code === 'string' && code.startsWith('Z_')) throw new SnapshotError(`the gzip data is corrupt or truncated (${(error as Error).message})`);
    throw new SnapshotError(`cannot read the snapshot (${(error as Error).message})`);
  } finally {
    bytes.destroy();
  }
  return assembler.finish();
}

/** Reads a snapshot file; every problem is a {@link SnapshotError} naming the file's fault. */
export async function readSnapshotFile(path: string): Promise<{ header: SnapshotHeader; index: IntelIndex }> {
  const magic = await head(path);
  const gzip = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  try {
    return await readSnapshotStream(createReadStream(path, { highWaterMark: READ_CHUNK }), gzip);
  } catch (error) {
    throw error instanceof SnapshotError ? new SnapshotError(`${path}: ${error.message}`) : error;
  }
}

export interface SnapshotFileWriter {
  /** Appends one line (no newline in it), waiting when the disk is behind. */
  line(text: string): Promise<void>;
  /** Flushes and moves the file into place; returns its compressed size in bytes. */
  close(): Promise<number>;
  /** Removes the partial file. */
  abort(): Promise<void>;
}

/** Opens a gzip snapshot file for writing, complete only on {@link SnapshotFileWriter.close}. */
export function createSnapshotWriter(path: string): SnapshotFileWriter {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.partial`);
  const file = createWriteStream(temp);
  // Level 6 (zlib's default) halves the time of level 9 for a few per cent more bytes.
  const gzip = createGzip({ level: zlib.Z_DEFAULT_COMPRESSION });
  let failure: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    pipeline(gzip, file, (error) => {
      if (error) {
        failure = error;
        reject(error);
      } else resolve();
    });
  });
  done.catch(() => undefined); // surfaced by line()/close()
  return {
    async line(text) {
      if (failure) throw failure;
      if (!gzip.write(`${text}\n`)) await Promise.race([once(gzip, 'drain'), done]);
    },
    async close() {
      gzip.end();
      await done;
      await rename(temp, path);
      return file.bytesWritten;
    },
    async abort() {
      gzip.destroy();
      await done.catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}
