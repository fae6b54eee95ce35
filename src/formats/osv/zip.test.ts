import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOsvZip } from './zip.js';
import { buildZip, collect, fixtureText, removeTempDirs, tempDir, type ZipEntrySpec } from './testkit.js';

async function zipOf(entries: readonly ZipEntrySpec[]): Promise<string> {
  const path = join(await tempDir(), 'all.zip');
  await writeFile(path, buildZip(entries));
  return path;
}

const entry = (relative: string, name = relative.split('/').at(-1)!): ZipEntrySpec => ({ name, data: fixtureText(relative) });

afterAll(removeTempDirs);

describe('readOsvZip', () => {
  it('reads each JSON entry in archive order, skipping directories and other files', async () => {
    const path = await zipOf([
      { name: 'osv/', data: '' },
      entry('osv/GO-2021-0113.json'),
      { name: 'README.txt', data: 'not a record' },
      { ...entry('osv/RUSTSEC-2021-0003.json'), method: 'store' },
      entry('ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json'),
    ]);
    const { records, issues } = await collect(readOsvZip(path));
    expect(issues).toEqual([]);
    expect(records.map((r) => [r.id, r.source])).toEqual([
      ['GO-2021-0113', 'osv'],
      ['RUSTSEC-2021-0003', 'osv'],
      ['GHSA-jfh8-c2jp-5v3q', 'ghsa'],
    ]);
  });

  it('locates schema problems at the entry name and warns when a name disagrees with its id', async () => {
    const path = await zipOf([entry('invalid/PYSEC-2024-55.json'), entry('osv/PYSEC-2021-13.json', 'renamed.json')]);
    const { records, issues } = await collect(readOsvZip(path));
    expect(records.map((r) => r.id)).toEqual(['PYSEC-2021-13']);
    expect(issues.map((i) => [i.severity, i.code, i.location])).toEqual([
      ['error', 'osv.schema.invalid', 'PYSEC-2024-55.json#/modified'],
      ['warning', 'osv.id.file-name-mismatch', 'renamed.json'],
    ]);
  });

  it('refuses a zip bomb by its declared ratio without inflating it, then reads on', async () => {
    const bomb: ZipEntrySpec = { name: 'BOMB-1.json', data: ' '.repeat(4 * 1024 * 1024) };
    const { records, issues } = await collect(readOsvZip(await zipOf([bomb, entry('osv/GO-2021-0113.json')])));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113']);
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', code: 'osv.zip.bomb', location: 'BOMB-1.json' })]);
    expect(issues[0]!.message).toMatch(/inflates \d+:1/);
  });

  it('refuses an entry above the record size limit', async () => {
    const path = await zipOf([entry('osv/GO-2021-0113.json'), entry('osv/BIT-activemq-2020-11998.json')]);
    const { records, issues } = await collect(readOsvZip(path, { maxRecordBytes: 2048 }));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113']);
    expect(issues).toEqual([expect.objectContaining({ code: 'osv.record.too-large', location: 'BIT-activemq-2020-11998.json' })]);
  });

  it('refuses an entry whose header understates its size (the stream is checked too)', async () => {
    const liar: ZipEntrySpec = { ...entry('osv/RUSTSEC-2021-0003.json'), declaredSize: 100 };
    const { records, issues } = await collect(readOsvZip(await zipOf([liar, entry('osv/GO-2021-0113.json')])));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113']);
    expect(issues).toEqual([expect.objectContaining({ code: 'osv.zip.entry-unreadable', location: 'RUSTSEC-2021-0003.json' })]);
  });

  it('reports a file that is not a zip archive', async () => {
    const path = join(await tempDir(), 'not.zip');
    await writeFile(path, 'PK but not really');
    const { records, issues } = await collect(readOsvZip(path));
    expect(records).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'osv.zip.unreadable' })]);
  });
});
