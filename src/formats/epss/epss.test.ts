import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { EpssHeader, EpssScore, IntelIssue } from '../intel/model.js';
import { type EpssReadSummary, parseEpssComment, readEpssCsv } from './index.js';

const fixturePath = new URL('./testdata/epss_scores-excerpt.csv', import.meta.url).pathname;
const fixtureBytes = readFileSync(fixturePath);
const workDir = mkdtempSync(join(tmpdir(), 'vigil-epss-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Reads everything: all batches, the generator's return value and what the callbacks saw. */
async function readAll(input: Parameters<typeof readEpssCsv>[0], batchSize?: number) {
  const headers: EpssHeader[] = [];
  const seen: IntelIssue[] = [];
  const generator = readEpssCsv(input, { batchSize, onHeader: (h) => headers.push(h), onIssue: (i) => seen.push(i) });
  const batches: EpssScore[][] = [];
  let summary: EpssReadSummary | undefined;
  for (;;) {
    const next = await generator.next();
    if (next.done) {
      summary = next.value;
      break;
    }
    batches.push(next.value);
  }
  return { batches, scores: batches.flat(), summary, headers, seen };
}

/** Chunks of `bytes`, `size` at a time, as a stream or fetch body would deliver them. */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const text = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

describe('readEpssCsv', () => {
  it('reads the real excerpt: comment header, every score, in file order', async () => {
    const { scores, summary, headers } = await readAll(fixturePath);
    expect(headers).toEqual([{ modelVersion: 'v2026.06.15', scoreDate: '2026-09-29T12:00:22Z' }]);
    expect(summary).toEqual({ header: headers[0], scores: 19, issues: [], issueCount: 0 });
    expect(scores[0]).toEqual({ cve: 'CVE-1999-0001', epss: 0.03351, percentile: 0.88255 });
    expect(scores[10]).toEqual({ cve: 'CVE-1999-0011', epss: 0.05469, percentile: 0.9248 });
    expect(scores.at(-1)).toEqual({ cve: 'CVE-2022-24706', epss: 0.9251, percentile: 0.99824 });
  });

  it('gunzips by content: the same scores from .csv.gz bytes, a path or a stream of 1-byte chunks', async () => {
    const plain = await readAll(fixturePath);
    const gzPath = join(workDir, 'epss_scores-2026-09-29.csv.gz');
    writeFileSync(gzPath, gzipSync(fixtureBytes));
    const fromGzPath = await readAll(gzPath);
    const fromGzChunks = await readAll(chunked(gzipSync(fixtureBytes), 1));
    const fromPlainChunks = await readAll(chunked(fixtureBytes, 7));
    for (const other of [fromGzPath, fromGzChunks, fromPlainChunks]) {
      expect(other.scores).toEqual(plain.scores);
      expect(other.summary).toEqual(plain.summary);
    }
  });

  it('yields batches of the requested size', async () => {
    const { batches } = await readAll(fixturePath, 5);
    expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 4]);
  });

  it('parses the v2023.03.01 comment line and reads files without one', () => {
    expect(parseEpssComment('#model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000')).toEqual({
      modelVersion: 'v2023.03.01',
      scoreDate: '2023-03-20T00:00:00+0000',
    });
    expect(parseEpssComment('#something else')).toEqual({});
  });

  it('reports a file without a comment line with an empty header', async () => {
    const { scores, summary, headers } = await readAll(chunked(text(['cve,epss,percentile', 'CVE-2021-44228,0.94358,0.99960']), 64));
    expect(headers).toEqual([{}]);
    expect(scores).toEqual([{ cve: 'CVE-2021-44228', epss: 0.94358, percentile: 0.9996 }]);
    expect(summary?.issues).toEqual([]);
  });

  it('reads the comment line behind a byte order mark, split across chunks', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text(['#model_version:v2025.03.14,score_date:2026-03-28T12:55:00Z', 'cve,epss,percentile', 'CVE-2009-3129,0.59441,0.97623'])]);
    const { scores, summary } = await readAll(chunked(bytes, 3));
    expect(summary?.header).toEqual({ modelVersion: 'v2025.03.14', scoreDate: '2026-03-28T12:55:00Z' });
    expect(scores).toEqual([{ cve: 'CVE-2009-3129', epss: 0.59441, percentile: 0.97623 }]);
    expect(summary?.issues).toEqual([]);
  });

  it('skips invalid rows with issues naming their lines, CRLF or not', async () => {
    const lines = [
      '#model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000',
      'cve,epss,percentile',
      'CVE-2021-44228,0.97565,0.99996',
      'CVE-21-44228,0.5,0.5',
      'CVE-2017-0144,1.2,0.9',
      'CVE-2014-0160,0.9,-0.1',
      'CVE-2019-0708,abc,0.9',
      '',
      'CVE-2014-6271,0.97,',
      'CVE-2022-24706,0.9251',
      'CVE-2023-4966,1,0',
    ];
    for (const newline of ['\n', '\r\n']) {
      const { scores, summary, seen } = await readAll(chunked(Buffer.from(lines.join(newline) + newline), 10));
      expect(scores).toEqual([
        { cve: 'CVE-2021-44228', epss: 0.97565, percentile: 0.99996 },
        { cve: 'CVE-2023-4966', epss: 1, percentile: 0 },
      ]);
      expect(summary?.header).toEqual({ modelVersion: 'v2023.03.01', scoreDate: '2023-03-20T00:00:00+0000' });
      expect(summary?.issues.map((i) => [i.severity, i.code, i.location])).toEqual([
        ['error', 'invalid-cve', 'line 4'],
        ['error', 'invalid-score', 'line 5'],
        ['error', 'invalid-score', 'line 6'],
        ['error', 'invalid-score', 'line 7'],
        ['error', 'invalid-score', 'line 9'],
        ['error', 'field-count', 'line 10'],
      ]);
      expect(summary?.issues[1]?.message).toContain('epss "1.2" is not a number from 0 to 1');
      expect(summary?.issues[2]?.message).toContain('percentile "-0.1"');
      expect(seen).toEqual(summary?.issues);
    }
  });

  it('refuses a file that is not EPSS, with one error and no scores', async () => {
    for (const bytes of [text(['cveID,vendorProject,product', 'CVE-2021-44228,Apache,Log4j2']), Buffer.alloc(0), text(['#model_version:v2023.03.01'])]) {
      const { scores, summary } = await readAll(chunked(bytes, 16));
      expect(scores).toEqual([]);
      expect(summary?.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'not-epss' })]);
    }
  });

  it('throws when the bytes cannot be read: a missing file, corrupt gzip', async () => {
    await expect(readAll(join(workDir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
    const corrupt = Buffer.concat([gzipSync(fixtureBytes).subarray(0, 40), Buffer.from('not gzip at all')]);
    await expect(readAll(chunked(corrupt, 16))).rejects.toThrow();
  });

  it('closes its source when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from('cve,epss,percentile\n');
        for (let i = 0; ; i++) yield Buffer.from(`CVE-2024-${String(10000 + i)},0.5,0.5\n`);
      } finally {
        closed = true;
      }
    }
    for await (const batch of readEpssCsv(source(), { batchSize: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });
});

/** A full garbage collection, so heapUsed measures what is retained rather than what awaits collection. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('readEpssCsv on a full-size file', () => {
  const ROWS = 300_000;
  const bigPath = join(workDir, 'epss_scores-generated.csv.gz');

  /** 300,000 rows of illustrative values, the size of a real daily file. */
  function writeBigFile(): number {
    const lines = ['#model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000', 'cve,epss,percentile'];
    for (let i = 0; i < ROWS; i++) lines.push(`CVE-${2000 + (i % 25)}-${String(10000 + i)},${((i % 997) / 1000).toFixed(5)},${((i % 1000) / 1000).toFixed(5)}`);
    const bytes = gzipSync(`${lines.join('\n')}\n`);
    writeFileSync(bigPath, bytes);
    return bytes.length;
  }

  it('streams 300,000 rows with retained heap growth under 50 MB, reading the file only as batches are taken', { timeout: 120_000 }, async () => {
    const gzBytes = writeBigFile();
    const fileBytes = readFileSync(bigPath);
    let pulled = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for (let i = 0; i < fileBytes.length; i += 16_384) {
        const chunk = fileBytes.subarray(i, i + 16_384);
        pulled += chunk.length;
        yield chunk;
      }
    }
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let batches = 0;
    let pulledAtFirstBatch = -1;
    let count = 0;
    let last: EpssScore | undefined;
    for await (const batch of readEpssCsv(counted())) {
      if (pulledAtFirstBatch === -1) pulledAtFirstBatch = pulled;
      count += batch.length;
      last = batch.at(-1);
      batches += 1;
      if (batches % 10 === 0) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(count).toBe(ROWS);
    expect(last).toEqual({ cve: `CVE-${2000 + ((ROWS - 1) % 25)}-${String(10000 + ROWS - 1)}`, epss: ((ROWS - 1) % 997) / 1000, percentile: ((ROWS - 1) % 1000) / 1000 });
    expect(pulledAtFirstBatch).toBeLessThan(gzBytes / 4);
    expect(peak - baseline).toBeLessThan(50 * 1024 * 1024);
  });
});
