import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { evaluateConfiguration, parseCpeOrThrow, schemeById, unwrap, type NvdConfiguration, type VersionCompare } from '../../core/index.js';
import type { IntelIssue, IntelRecord } from '../intel/model.js';
import type { IntelReadItem } from './read-item.js';

/** Test helpers for the CVE 5 / NVD readers (not a test file itself). */

export const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url));
export const CVE5_DIR = `${TESTDATA}cve5`;
export const NVD_PAGE = `${TESTDATA}nvd/nvd-api-page.json`;

export async function collect(items: AsyncIterable<IntelReadItem>): Promise<IntelReadItem[]> {
  const out: IntelReadItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function recordsOf(items: readonly IntelReadItem[]): IntelRecord[] {
  return items.flatMap((i) => ('record' in i ? [i.record] : []));
}

export function issuesOf(items: readonly IntelReadItem[]): IntelIssue[] {
  return items.flatMap((i) => ('issue' in i ? [i.issue] : []));
}

const generic = schemeById('generic')!;

/** The generic version order core uses for NVD/CPE versions (`1.0.1f < 1.0.1g`, `2.0-beta9 < 2.0.1`). */
export const compareGeneric: VersionCompare = (a, b) => generic.compare(unwrap(generic.parse(a)), unwrap(generic.parse(b)));

/** Whether any configuration marks the system of these CPE names vulnerable. */
export function isVulnerable(configurations: readonly NvdConfiguration[], ...cpes: string[]): boolean {
  const components = cpes.map((c) => parseCpeOrThrow(c));
  return configurations.some((c) => unwrap(evaluateConfiguration(c, components, compareGeneric)).vulnerable);
}

export interface ZipEntrySpec {
  readonly name: string;
  readonly data: Buffer;
  readonly deflate?: boolean;
  /** Overrides the declared uncompressed size (to build an archive whose headers lie). */
  readonly declaredSize?: number;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** Writes a minimal PKZIP archive (stored or deflated entries, UTF-8 names), enough for yauzl. */
export async function writeZip(path: string, entries: readonly ZipEntrySpec[]): Promise<void> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const size = e.declaredSize ?? e.data.length;
    const common = [u16(20), u16(0x0800), u16(e.deflate ? 8 : 0), u16(0), u16(0x21), u32(crc32(e.data)), u32(body.length), u32(size), u16(name.length), u16(0)];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, body]);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(20), ...common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(central.length), u32(offset), u16(0)]);
  await writeFile(path, Buffer.concat([...locals, central, end]));
}
