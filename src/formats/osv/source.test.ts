import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readOsvJsonFile } from './json-file.js';
import { detectOsvSource, readOsvSource } from './source.js';
import { buildZip, collect, fixtureJson, fixturePath, fixtureText, removeTempDirs, tempDir } from './testkit.js';

afterAll(removeTempDirs);

const GO = 'osv/GO-2021-0113.json';
const RUST = 'osv/RUSTSEC-2021-0003.json';

async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, content);
  return path;
}

describe('detectOsvSource', () => {
  it('tells each layout by content, not by name', async () => {
    const lines = `${JSON.stringify(fixtureJson(GO))}\n${JSON.stringify(fixtureJson(RUST))}\n`;
    expect(await detectOsvSource(fixturePath('ghsa-db'))).toBe('folder');
    expect(await detectOsvSource(await fileWith('a.bin', buildZip([{ name: 'GO-2021-0113.json', data: fixtureText(GO) }])))).toBe('zip');
    expect(await detectOsvSource(await fileWith('a.json', gzipSync(lines)))).toBe('jsonl-gzip');
    expect(await detectOsvSource(await fileWith('a.json', lines))).toBe('jsonl');
    expect(await detectOsvSource(fixturePath(GO))).toBe('json');
    expect(await detectOsvSource(await fileWith('a.jsonl', `[${fixtureText(GO)}]`))).toBe('json');
  });
});

describe('readOsvSource', () => {
  it('reads a single pretty-printed record file', async () => {
    const { records, issues } = await collect(readOsvSource(fixturePath(RUST)));
    expect(issues).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(['RUSTSEC-2021-0003']);
  });

  it('reads a JSON array of records element by element, locating problems by index', async () => {
    const array = [fixtureJson(GO), fixtureJson('invalid/PYSEC-2024-55.json'), 'not a record', fixtureJson(RUST)];
    const { records, issues } = await collect(readOsvSource(await fileWith('records.json', JSON.stringify(array, null, 2))));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113', 'RUSTSEC-2021-0003']);
    expect(issues.map((i) => [i.code, i.location])).toEqual([
      ['osv.schema.invalid', 'records.json#/1/modified'],
      ['osv.schema.invalid', 'records.json#/2'],
    ]);
  });

  it('reads zip, gzip JSON lines and folders through the same entry point', async () => {
    const zip = await fileWith('all.zip', buildZip([{ name: 'GO-2021-0113.json', data: fixtureText(GO) }]));
    const gz = await fileWith('all.jsonl.gz', gzipSync(`${JSON.stringify(fixtureJson(RUST))}\n`));
    const ids = async (path: string) => (await collect(readOsvSource(path))).records.map((r) => r.id);
    expect(await ids(zip)).toEqual(['GO-2021-0113']);
    expect(await ids(gz)).toEqual(['RUSTSEC-2021-0003']);
    expect(await ids(fixturePath('ghsa-db'))).toEqual(['GHSA-jfh8-c2jp-5v3q', 'GHSA-2222-hcqf-c429']);
  });
});

describe('readOsvJsonFile: arrays', () => {
  it('keeps strings with brackets, braces, commas and escaped quotes inside one element', async () => {
    const tricky = { ...fixtureJson(GO), details: 'a "quoted" ], }, [ { , \\" text' };
    const { records, issues } = await collect(readOsvJsonFile(await fileWith('t.json', `\uFEFF[ ${JSON.stringify(tricky)} ,${fixtureText(RUST)}]`)));
    expect(issues).toEqual([]);
    expect(records[0]!.details).toBe(tricky.details);
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113', 'RUSTSEC-2021-0003']);
  });

  it('reads an empty array as nothing, and reports a broken one after the elements before the break', async () => {
    expect(await collect(readOsvJsonFile(await fileWith('e.json', ' [ ] ')))).toEqual({ records: [], issues: [] });
    const { records, issues } = await collect(readOsvJsonFile(await fileWith('b.json', `[${fixtureText(GO)}, `)));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113']);
    expect(issues).toEqual([expect.objectContaining({ code: 'osv.json.invalid', location: 'b.json' })]);
    expect(issues[0]!.message).toContain('not closed');
  });

  it('skips an element above the record size limit', async () => {
    const text = JSON.stringify([fixtureJson('osv/BIT-activemq-2020-11998.json'), fixtureJson(GO)]);
    const { records, issues } = await collect(readOsvJsonFile(await fileWith('big.json', text), { maxRecordBytes: 1500 }));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113']);
    expect(issues).toEqual([expect.objectContaining({ code: 'osv.record.too-large', location: 'big.json#/0' })]);
  });
});
