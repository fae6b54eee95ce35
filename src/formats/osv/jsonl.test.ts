import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readOsvJsonLines } from './jsonl.js';
import { collect, fixtureJson, removeTempDirs, tempDir } from './testkit.js';

const line = (relative: string) => JSON.stringify(fixtureJson(relative));

/** Six lines: two good, one broken JSON, one schema-invalid, one blank, one good. */
function mixedLines(): string {
  return [
    line('osv/GO-2021-0113.json'),
    line('osv/RUSTSEC-2021-0003.json'),
    '{"id": "PYSEC-2021-13", "modified": ',
    line('invalid/PYSEC-2024-55.json'),
    '',
    line('ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json'),
  ].join('\n');
}

async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, content);
  return path;
}

afterAll(removeTempDirs);

describe('readOsvJsonLines', () => {
  it('reads every good line and locates each bad one by line number', async () => {
    const { records, issues } = await collect(readOsvJsonLines(await fileWith('mixed.jsonl', mixedLines() + '\n')));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113', 'RUSTSEC-2021-0003', 'GHSA-jfh8-c2jp-5v3q']);
    expect(records.map((r) => r.source)).toEqual(['osv', 'osv', 'ghsa']);
    expect(issues.map((i) => [i.code, i.location])).toEqual([
      ['osv.json.invalid', 'line 3'],
      ['osv.schema.invalid', 'line 4#/modified'],
    ]);
  });

  it('reads the same lines from gzip, told by its magic and not its name', async () => {
    const plain = await collect(readOsvJsonLines(await fileWith('mixed.jsonl', mixedLines())));
    const gzipped = await collect(readOsvJsonLines(await fileWith('mixed.data', gzipSync(mixedLines()))));
    expect(gzipped).toEqual(plain);
  });

  it('accepts CRLF line ends and a byte-order mark', async () => {
    const text = '\uFEFF' + line('osv/GO-2021-0113.json') + '\r\n' + line('osv/PYSEC-2021-13.json') + '\r\n';
    const { records, issues } = await collect(readOsvJsonLines(await fileWith('crlf.jsonl', text)));
    expect(issues).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113', 'PYSEC-2021-13']);
  });

  it('skips a line longer than the record limit and keeps reading', async () => {
    const long = line('ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
    const short = line('osv/GO-2021-0113.json');
    const path = await fileWith('long.jsonl', `${long}\n${short}\n`);
    const { records, issues } = await collect(readOsvJsonLines(path, { maxRecordBytes: short.length + 10 }));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113']);
    expect(issues).toEqual([expect.objectContaining({ code: 'osv.record.too-large', location: 'line 1' })]);
  });

  it('reports a truncated gzip stream after the records before the cut', async () => {
    const gz = gzipSync(`${line('osv/GO-2021-0113.json')}\n${line('osv/RUSTSEC-2021-0003.json')}\n`);
    const { issues } = await collect(readOsvJsonLines(await fileWith('cut.jsonl.gz', gz.subarray(0, gz.length - 12))));
    expect(issues.at(-1)).toMatchObject({ severity: 'error', code: 'osv.gzip.corrupt' });
  });

  it('stops at the total decompressed size limit', async () => {
    const text = `${line('osv/GO-2021-0113.json')}\n`.repeat(50);
    const { records, issues } = await collect(readOsvJsonLines(await fileWith('many.jsonl.gz', gzipSync(text)), { maxTotalBytes: 4096 }));
    expect(records.length).toBeLessThan(50);
    expect(issues).toEqual([expect.objectContaining({ code: 'osv.source.too-large' })]);
  });
});
