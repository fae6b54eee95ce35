import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapNvdVulnerability } from './nvd-map.js';
import { readNvdApiFile, readNvdApiStream } from './nvd-stream.js';
import { NVD_PAGE, collect, issuesOf, recordsOf } from './test-support.js';

let bytes: Buffer;
let dir: string;

beforeAll(async () => {
  bytes = await readFile(NVD_PAGE);
  dir = await mkdtemp(join(tmpdir(), 'vigil-nvd-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* chunked(data: Buffer, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const p of [...new Set(cuts)].sort((a, b) => a - b).concat(data.length)) {
    yield data.subarray(at, p);
    at = p;
  }
}

function expectedRecords(text: string): unknown[] {
  const doc = JSON.parse(text) as { vulnerabilities: unknown[] };
  return doc.vulnerabilities.map((v, i) => mapNvdVulnerability(v, `/vulnerabilities/${i}`).record);
}

describe('NVD API 2.0 streaming reader', () => {
  it('yields the same records as JSON.parse of the whole page, wherever the byte chunks are cut', async () => {
    const expected = expectedRecords(bytes.toString('utf8'));
    expect(expected).toHaveLength(6);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }), async (cuts) => {
        const items = await collect(readNvdApiStream(chunked(bytes, cuts)));
        expect(issuesOf(items)).toEqual([]);
        expect(recordsOf(items)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('cuts inside multi-byte UTF-8 characters without corrupting them', async () => {
    const at = bytes.indexOf(Buffer.from('ó', 'utf8'));
    const items = await collect(readNvdApiStream(chunked(bytes, [at + 1])));
    expect(recordsOf(items)).toEqual(expectedRecords(bytes.toString('utf8')));
  });

  it('reports malformed and invalid elements and still reads the others', async () => {
    const doc = JSON.parse(bytes.toString('utf8')) as { vulnerabilities: unknown[] };
    const good = doc.vulnerabilities.map((v) => JSON.stringify(v));
    const text = `{"format":"NVD_CVE","version":"2.0","vulnerabilities":[${good[0]},{"cve":{"id":"CVE-2024-0002","lastModified":tru}},${good[1]},{"cve":{"id":123}},${good[2]}]}`;
    const items = await collect(readNvdApiStream(chunked(Buffer.from(text), [50, 5000])));
    expect(recordsOf(items).map((r) => r.id)).toEqual(['CVE-2014-0160', 'CVE-2021-44228', 'CVE-2024-22100']);
    expect(issuesOf(items).map((i) => [i.code, i.location])).toEqual([
      ['nvd.json.invalid', '/vulnerabilities/1'],
      ['nvd.schema', '/vulnerabilities/3/cve/id'],
    ]);
  });

  it('reads a gzip-compressed page (.json.gz) like the plain one', async () => {
    const path = join(dir, 'page.json.gz');
    await writeFile(path, gzipSync(bytes));
    const items = await collect(readNvdApiFile(path));
    expect(issuesOf(items)).toEqual([]);
    expect(recordsOf(items)).toEqual(expectedRecords(bytes.toString('utf8')));
    expect(recordsOf(await collect(readNvdApiFile(NVD_PAGE)))).toHaveLength(6);
  });

  it('keeps the records before a truncation and reports it', async () => {
    const cut = bytes.indexOf(Buffer.from('"CVE-2024-22100"'));
    const items = await collect(readNvdApiStream(chunked(bytes.subarray(0, cut), [])));
    expect(recordsOf(items).map((r) => r.id)).toEqual(['CVE-2014-0160', 'CVE-2021-44228']);
    expect(issuesOf(items)).toEqual([expect.objectContaining({ severity: 'error', code: 'nvd.json.structure' })]);
  });

  it('reports a truncated gzip stream', async () => {
    const path = join(dir, 'cut.json.gz');
    const gz = gzipSync(bytes);
    await writeFile(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const items = await collect(readNvdApiFile(path));
    expect(issuesOf(items).at(-1)?.severity).toBe('error');
  });

  it('refuses a document that is not an NVD CVE response, with a hint for NVD 1.1 feeds', async () => {
    const wrongFormat = await collect(readNvdApiStream(chunked(Buffer.from('{"format":"NVD_CPE","products":[]}'), [])));
    expect(issuesOf(wrongFormat).map((i) => i.code)).toEqual(['nvd.format']);
    const legacy = await collect(readNvdApiStream(chunked(Buffer.from('{"CVE_data_type":"CVE","CVE_Items":[]}'), [])));
    expect(issuesOf(legacy)[0]?.message).toContain('NVD 1.1');
  });

  it('skips an element over maxRecordBytes and stops at maxTotalBytes', async () => {
    const small = await collect(readNvdApiStream(chunked(bytes, []), { maxRecordBytes: 4000 }));
    expect(issuesOf(small).map((i) => i.code)).toContain('nvd.record.too_large');
    expect(recordsOf(small).map((r) => r.id)).toEqual(['CVE-2024-48971', 'CVE-2023-4026']);
    const capped = await collect(readNvdApiStream(chunked(bytes, [1000, 2000]), { maxTotalBytes: 1500 }));
    expect(issuesOf(capped).map((i) => i.code)).toEqual(['nvd.too_large']);
  });

  it('reports a file that cannot be opened', async () => {
    const items = await collect(readNvdApiFile(join(dir, 'missing.json')));
    expect(issuesOf(items)[0]?.code).toBe('nvd.read');
  });
});
