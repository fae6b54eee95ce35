import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCve5Folder } from './cve5-files.js';
import { readCve5Zip } from './cve5-zip.js';
import { CVE5_DIR, collect, issuesOf, recordsOf, writeZip, type ZipEntrySpec } from './test-support.js';

/** The fixture records in sorted path order (cves/2014 … cves/2025). */
const IDS = ['CVE-2014-0160', 'CVE-2019-10964', 'CVE-2021-44228', 'CVE-2023-4026', 'CVE-2024-22100', 'CVE-2024-48971', 'CVE-2025-0626'];

const PATHS = [
  'cves/2014/0xxx/CVE-2014-0160.json',
  'cves/2019/10xxx/CVE-2019-10964.json',
  'cves/2021/44xxx/CVE-2021-44228.json',
  'cves/2023/4xxx/CVE-2023-4026.json',
  'cves/2024/22xxx/CVE-2024-22100.json',
  'cves/2024/48xxx/CVE-2024-48971.json',
  'cves/2025/0xxx/CVE-2025-0626.json',
  'cves/delta.json',
  'cves/deltaLog.json',
];

let dir: string;
let entries: ZipEntrySpec[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-cve5-test-'));
  entries = await Promise.all(PATHS.map(async (name, i) => ({ name, data: await readFile(join(CVE5_DIR, name)), deflate: i % 2 === 0 })));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readCve5Folder', () => {
  it('reads every CVE-*.json below the folder in sorted order, skipping delta.json and deltaLog.json', async () => {
    const items = await collect(readCve5Folder(CVE5_DIR));
    expect(issuesOf(items)).toEqual([]);
    expect(recordsOf(items).map((r) => r.id)).toEqual(IDS);
  });

  it('reports a malformed file and a mis-named file, and reads the others', async () => {
    const copy = join(dir, 'folder');
    await cp(CVE5_DIR, copy, { recursive: true });
    await writeFile(join(copy, 'cves/2021/44xxx/CVE-2021-44229.json'), '{"dataType": "CVE_RECORD", "cveMetadata": ');
    await cp(join(CVE5_DIR, 'cves/2014/0xxx/CVE-2014-0160.json'), join(copy, 'cves/2014/0xxx/CVE-2014-0161.json'));
    const items = await collect(readCve5Folder(copy));
    expect(issuesOf(items).map((i) => [i.code, i.location])).toEqual([
      ['cve5.filename.mismatch', 'cves/2014/0xxx/CVE-2014-0161.json'],
      ['cve5.json.invalid', 'cves/2021/44xxx/CVE-2021-44229.json'],
    ]);
    expect(recordsOf(items)).toHaveLength(IDS.length + 1);
  });

  it('skips a file over maxRecordBytes', async () => {
    const items = await collect(readCve5Folder(CVE5_DIR, { maxRecordBytes: 3000 }));
    expect(recordsOf(items).map((r) => r.id)).toEqual(['CVE-2023-4026']);
    expect(issuesOf(items).every((i) => i.code === 'cve5.file.too_large')).toBe(true);
  });

  it('reports a folder that does not exist', async () => {
    expect(issuesOf(await collect(readCve5Folder(join(dir, 'nope'))))[0]?.code).toBe('cve5.read');
  });
});

describe('readCve5Zip', () => {
  it('reads the record entries of a delta-style zip and skips the others', async () => {
    const path = join(dir, 'delta.zip');
    await writeZip(path, entries);
    const items = await collect(readCve5Zip(path));
    expect(issuesOf(items)).toEqual([]);
    expect(recordsOf(items).map((r) => r.id)).toEqual(IDS);
  });

  it('reads a baseline zip that wraps cves.zip, naming entries inside it', async () => {
    const inner = join(dir, 'cves.zip');
    await writeZip(inner, entries);
    const outer = join(dir, '2025-12-13_all_CVEs_at_midnight.zip.zip');
    await writeZip(outer, [{ name: 'cves.zip', data: await readFile(inner) }]);
    const broken = [...entries.slice(0, 1), { name: 'cves/2021/44xxx/CVE-2021-44229.json', data: Buffer.from('{') }];
    await writeZip(inner, broken);
    const outerBroken = join(dir, 'outer-broken.zip');
    await writeZip(outerBroken, [{ name: 'cves.zip', data: await readFile(inner) }]);
    expect(recordsOf(await collect(readCve5Zip(outer))).map((r) => r.id)).toEqual(IDS);
    expect(issuesOf(await collect(readCve5Zip(outerBroken))).map((i) => i.location)).toEqual(['cves.zip/cves/2021/44xxx/CVE-2021-44229.json']);
  });

  it('refuses an entry whose compression ratio marks a zip bomb, before decompressing it', async () => {
    const path = join(dir, 'bomb.zip');
    await writeZip(path, [{ name: 'cves/2024/1xxx/CVE-2024-1000.json', data: Buffer.alloc(8 * 1024 * 1024, 0x20), deflate: true }, entries[0]!]);
    const items = await collect(readCve5Zip(path));
    expect(issuesOf(items)).toEqual([expect.objectContaining({ code: 'zip.entry.refused', message: expect.stringContaining('compression ratio') })]);
    expect(recordsOf(items).map((r) => r.id)).toEqual(['CVE-2014-0160']);
  });

  it('stops decompressing an entry whose header understates its size, and reads the next', async () => {
    const path = join(dir, 'liar.zip');
    const padded = Buffer.concat([Buffer.alloc(2 * 1024 * 1024, 0x20), entries[2]!.data]);
    await writeZip(path, [{ name: 'cves/2021/44xxx/CVE-2021-44228.json', data: padded, deflate: true, declaredSize: 1000 }, entries[0]!]);
    const items = await collect(readCve5Zip(path));
    expect(issuesOf(items).map((i) => i.code)).toEqual(['zip.entry.read']);
    expect(recordsOf(items).map((r) => r.id)).toEqual(['CVE-2014-0160']);
  });

  it('refuses entries over maxRecordBytes and stops at maxTotalBytes', async () => {
    const path = join(dir, 'limits.zip');
    await writeZip(path, entries);
    const big = await collect(readCve5Zip(path, { maxRecordBytes: 3000 }));
    expect(recordsOf(big).map((r) => r.id)).toEqual(['CVE-2023-4026']);
    const total = await collect(readCve5Zip(path, { maxTotalBytes: 20_000 }));
    expect(issuesOf(total).some((i) => i.message.includes('in total'))).toBe(true);
  });

  it('reports a file that is not a zip', async () => {
    expect(issuesOf(await collect(readCve5Zip(join(CVE5_DIR, 'cves/delta.json'))))[0]?.code).toBe('zip.open');
  });
});
