import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mapNvdVulnerability } from '../../formats/nvd/index.js';
import { parseOsvRecord } from '../../formats/osv/index.js';
import type { IntelRecord } from '../../formats/intel/model.js';
import { osvPackageKey } from './matching.js';
import { createSnapshotWriter, readSnapshotFile } from './snapshot-file.js';
import {
  encodeEpss,
  encodeHeader,
  encodeKev,
  encodeRecord,
  recordHead,
  snapshotRecordFromIntel,
  summaryOf,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotHeader,
  type SnapshotRecord,
} from './snapshot.js';

/**
 * Snapshot round trip with real records — GitHub's Log4Shell advisory (OSV form) and NVD's
 * API page (Heartbleed with its CPE range, Log4Shell's NVD view) — through the gzip file
 * writer and the streaming reader, and every way a damaged file is refused.
 */
const testdata = (path: string) => readFileSync(new URL(`../../formats/${path}`, import.meta.url), 'utf8');
const ghsa = parseOsvRecord(testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json')).record!;
const nvdPage = JSON.parse(testdata('nvd/testdata/nvd/nvd-api-page.json')) as { vulnerabilities: unknown[] };
const nvd: IntelRecord[] = nvdPage.vulnerabilities.map((v, i) => mapNvdVulnerability(v, `/vulnerabilities/${i}`).record!);
const records: SnapshotRecord[] = [ghsa, ...nvd].map(snapshotRecordFromIntel);

const dir = mkdtempSync(join(tmpdir(), 'vigil-snapshot-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = (counts = { records: records.length, kev: 2, epss: 2 }): SnapshotHeader => ({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, createdAt: '2026-12-01T08:00:00.000Z', org: 'acme', counts });

async function write(name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  const writer = createSnapshotWriter(path);
  for (const line of lines) await writer.line(line);
  await writer.close();
  return path;
}

const goodLines = () => [
  encodeHeader(header()),
  ...records.map(encodeRecord),
  encodeKev(['CVE-2021-44228', 'CVE-2014-0160']),
  encodeEpss([['CVE-2021-44228', 0.94358, 0.99957], ['CVE-2014-0160', 0.94468, 0.99989]]),
];

describe('snapshot records', () => {
  it('derive the same ids, keys and rating the store derives', () => {
    const log4shell = records[0]!;
    expect(log4shell).toMatchObject({ recordId: 'GHSA-jfh8-c2jp-5v3q', kind: 'ghsa', vulnId: 'CVE-2021-44228', summary: 'Remote code injection in Log4j' });
    expect(log4shell.keys).toEqual([osvPackageKey('Maven', 'org.apache.logging.log4j:log4j-core')]);
    expect(log4shell.severity).toMatchObject({ level: 'critical', score: 10 });
    const heartbleed = records.find((r) => r.recordId === 'CVE-2014-0160')!;
    expect(heartbleed.keys).toContain('cpe:openssl:openssl');
    // NVD records have no summary: the start of the description stands in.
    expect(heartbleed.summary).toMatch(/^The \(1\) TLS and \(2\) DTLS implementations in OpenSSL/);
  });

  it('cut a long description at a word boundary', () => {
    const long = `${'word '.repeat(200)}end`;
    const cut = summaryOf(null, long)!;
    expect(cut.length).toBeLessThanOrEqual(501);
    expect(cut).toMatch(/word…$/);
    expect(summaryOf('  Title  ', long)).toBe('Title');
    expect(summaryOf(null, '   ')).toBeNull();
  });
});

describe('record heads', () => {
  it('give back the vulnId and keys of any encoded record, whatever characters they hold', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }), (vulnId, keys) => {
        expect(recordHead(encodeRecord({ ...records[0]!, vulnId, keys }))).toEqual({ vulnId, keys });
      }),
    );
  });

  it('decline lines not written in that order, which are then parsed whole', () => {
    expect(recordHead('{"vulnId":"CVE-1","type":"record","keys":[]}')).toBeUndefined();
    expect(recordHead('{"type":"record","vulnId":"CVE-1","keys":["a",1]}')).toBeUndefined();
    expect(recordHead('{"type":"record","vulnId":"","keys":[]}')).toBeUndefined();
  });
});

describe('snapshot files', () => {
  it('round-trip: the reader gives back every record, KEV and EPSS entry that was written', async () => {
    const path = await write('good.jsonl.gz', goodLines());
    // gzip on disk, one JSON object per line, header first.
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    expect(text.split('\n')[0]).toBe(encodeHeader(header()));
    const { header: read, index } = await readSnapshotFile(path);
    expect(read).toEqual(header());
    expect(index.counts).toEqual({ records: records.length, kev: 2, epss: 2 });
    expect(index.recordsOf('CVE-2021-44228').map((r) => r.recordId).sort()).toEqual(['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q']);
    // Equal to what was written, field by field (JSON-equal: the file holds JSON).
    for (const r of records) expect(index.recordsOf(r.vulnId).find((x) => x.recordId === r.recordId)).toEqual(JSON.parse(JSON.stringify(r)));
    expect(index.isKev('CVE-2021-44228')).toBe(true);
    expect(index.isKev('CVE-2024-22100')).toBe(false);
    expect(index.epss('CVE-2014-0160')).toEqual({ epss: 0.94468, percentile: 0.99989 });
  });

  it('indexes records by package key so a component sees only its candidates', async () => {
    const { index } = await readSnapshotFile(await write('index.jsonl.gz', goodLines()));
    expect(index.candidates([osvPackageKey('Maven', 'org.apache.logging.log4j:log4j-core')]).map((r) => r.recordId)).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(index.candidates(['cpe:openssl:openssl']).map((r) => r.recordId)).toEqual(['CVE-2014-0160']);
    expect(index.candidates(['osv:npm:left-pad'])).toEqual([]);
    // A record reached by two of a component's keys comes back once.
    const both = index.candidates(['cpe:openssl:openssl', 'cpe:openssl:openssl']);
    expect(both).toHaveLength(1);
  });

  it('reads plain (not gzipped) JSON lines too', async () => {
    const path = join(dir, 'plain.jsonl');
    writeFileSync(path, `${goodLines().join('\n')}\n`);
    expect((await readSnapshotFile(path)).index.counts.records).toBe(records.length);
  });

  it('refuses a file that was cut short', async () => {
    const gz = readFileSync(await write('whole.jsonl.gz', goodLines()));
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
    await expect(readSnapshotFile(cut)).rejects.toThrow(/gzip data is corrupt or truncated/);
    // Cut at a line boundary, then compressed again: the counts give it away.
    const lines = goodLines();
    const short = join(dir, 'short.jsonl.gz');
    writeFileSync(short, gzipSync(lines.slice(0, 3).join('\n')));
    await expect(readSnapshotFile(short)).rejects.toThrow(`short.jsonl.gz: the header announces ${records.length} records entries but the file holds 2: it is truncated or was altered`);
  });

  it('refuses other files, newer versions and broken lines with the line and field named', async () => {
    await expect(readSnapshotFile(join(dir, 'missing.jsonl.gz'))).rejects.toThrow(/missing\.jsonl\.gz does not exist/);
    await expect(readSnapshotFile(await write('bom.jsonl.gz', ['{"bomFormat":"CycloneDX"}']))).rejects.toThrow(/line 1: not a Vigil intelligence snapshot/);
    await expect(readSnapshotFile(await write('v2.jsonl.gz', [JSON.stringify({ ...header(), version: 2 })]))).rejects.toThrow(/line 1: snapshot format version 2 is newer than this Vigil reads \(1\)/);
    const broken = JSON.parse(encodeRecord(records[0]!)) as Record<string, unknown>;
    broken['vulnId'] = 42;
    await expect(readSnapshotFile(await write('field.jsonl.gz', [encodeHeader(header({ records: 1, kev: 0, epss: 0 })), JSON.stringify(broken)]))).rejects.toThrow(/line 2: "vulnId" must be a non-empty string/);
    await expect(readSnapshotFile(await write('type.jsonl.gz', [encodeHeader(header({ records: 0, kev: 0, epss: 0 })), '{"type":"advisory"}']))).rejects.toThrow(/line 2: unknown line type "advisory"/);
    await expect(readSnapshotFile(await write('json.jsonl.gz', [encodeHeader(header({ records: 0, kev: 0, epss: 0 })), '{"type":'] ))).rejects.toThrow(/line 2: not JSON/);
    await expect(readSnapshotFile(await write('epss.jsonl.gz', [encodeHeader(header({ records: 0, kev: 0, epss: 1 })), '{"type":"epss","scores":[["CVE-1",3,0.5]]}']))).rejects.toThrow(/line 2: "scores" must be an array of \[cve, epss 0–1, percentile 0–1\]/);
  });

  it('parses a record when a scan first asks for it, and names the line of one broken past its head', async () => {
    const good = encodeRecord(records[0]!);
    const truncatedBody = `${good.slice(0, good.indexOf(',"recordId"'))},"recordId":"GHSA-x","kind":"ghsa"}`;
    const path = await write('lazy.jsonl.gz', [encodeHeader(header({ records: 1, kev: 0, epss: 0 })), truncatedBody]);
    const { index } = await readSnapshotFile(path);
    expect(() => index.candidates([records[0]!.keys[0]!])).toThrow(/^line 2: "aliases" must be an array of strings$/);
    expect(() => index.recordsOf('CVE-2021-44228')).toThrow('line 2');
  });

  it('refuses a record line whose vulnId is repeated with another value', async () => {
    const good = encodeRecord(records[0]!);
    const repeated = `${good.slice(0, -1)},"vulnId":"CVE-1999-0001"}`;
    const { index } = await readSnapshotFile(await write('repeated.jsonl.gz', [encodeHeader(header({ records: 1, kev: 0, epss: 0 })), repeated]));
    expect(() => index.recordsOf('CVE-2021-44228')).toThrow(/^line 2: "vulnId" or "keys" appear twice with different values$/);
  });

  it('writes under the final name only when complete', async () => {
    const path = join(dir, 'atomic.jsonl.gz');
    const writer = createSnapshotWriter(path);
    await writer.line(encodeHeader(header()));
    await writer.abort();
    await expect(readSnapshotFile(path)).rejects.toThrow(/does not exist/);
  });
});
