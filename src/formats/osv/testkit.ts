import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { IntelIssue, IntelRecord } from '../intel/model.js';
import type { OsvReadItem } from './items.js';

/*
 * Test support for the OSV readers: fixture access, a minimal zip writer (so archives are
 * built at test time without a new dependency) and item collection.
 */

/** Absolute path of a file under ./testdata. */
export function fixturePath(relative: string): string {
  return join(import.meta.dirname, 'testdata', relative);
}

/** A fixture's text. */
export function fixtureText(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

/** A fixture parsed as a JSON object, to be mutated by a test. */
export function fixtureJson(relative: string): Record<string, unknown> {
  return JSON.parse(fixtureText(relative)) as Record<string, unknown>;
}

const created: string[] = [];

/** A fresh temporary folder, removed by {@link removeTempDirs}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-osv-'));
  created.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made (for `afterAll`). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Everything a reader yielded, split by kind, in order. */
export interface Collected {
  readonly records: IntelRecord[];
  readonly issues: IntelIssue[];
}

/** Drains a reader. */
export async function collect(items: AsyncIterable<OsvReadItem>): Promise<Collected> {
  const records: IntelRecord[] = [];
  const issues: IntelIssue[] = [];
  for await (const item of items) {
    if ('record' in item) records.push(item.record);
    else issues.push(item.issue);
  }
  return { records, issues };
}

/** One entry for {@link buildZip}. */
export interface ZipEntrySpec {
  readonly name: string;
  readonly data?: Buffer | string;
  /** `deflate` (default) or `store`. */
  readonly method?: 'deflate' | 'store';
  /** Uncompressed size to declare instead of the real one (a lying header). */
  readonly declaredSize?: number;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309), as zip stores it. */
export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Written {
  readonly name: Buffer;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

function localHeader(w: Written): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x0800, 6); // UTF-8 names
  h.writeUInt16LE(w.method, 8);
  h.writeUInt16LE(0x21, 12); // 1980-01-01
  h.writeUInt32LE(w.crc, 14);
  h.writeUInt32LE(w.compressedSize, 18);
  h.writeUInt32LE(w.size, 22);
  h.writeUInt16LE(w.name.length, 26);
  return Buffer.concat([h, w.name]);
}

function centralHeader(w: Written): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(w.method, 10);
  h.writeUInt16LE(0x21, 14);
  h.writeUInt32LE(w.crc, 16);
  h.writeUInt32LE(w.compressedSize, 20);
  h.writeUInt32LE(w.size, 24);
  h.writeUInt16LE(w.name.length, 28);
  h.writeUInt32LE(w.offset, 42);
  return Buffer.concat([h, w.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

/** A zip archive (no zip64, no encryption) holding the given entries in order. */
export function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const deflate = (e.method ?? 'deflate') === 'deflate' && !e.name.endsWith('/');
    const body = deflate ? deflateRawSync(data) : data;
    const w: Written = {
      name: Buffer.from(e.name, 'utf8'),
      method: deflate ? 8 : 0,
      crc: crc32(data),
      compressedSize: body.length,
      size: e.declaredSize ?? data.length,
      offset,
    };
    const header = localHeader(w);
    parts.push(header, body);
    written.push(w);
    offset += header.length + body.length;
  }
  const central = Buffer.concat(written.map(centralHeader));
  return Buffer.concat([...parts, central, endOfCentralDirectory(written.length, central.length, offset)]);
}
