import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectNvdSource, readNvdSource } from './source.js';
import { CVE5_DIR, NVD_PAGE, collect, issuesOf, recordsOf, writeZip } from './test-support.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-source-test-'));
  await writeFile(join(dir, 'page.json.gz'), gzipSync(await readFile(NVD_PAGE)));
  await writeZip(join(dir, 'delta.zip'), [{ name: 'deltaCves/CVE-2024-48971.json', data: await readFile(join(CVE5_DIR, 'cves/2024/48xxx/CVE-2024-48971.json')), deflate: true }]);
  await writeFile(join(dir, 'other.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readNvdSource', () => {
  it('recognises each kind of source by content', async () => {
    expect(await detectNvdSource(CVE5_DIR)).toBe('cve5-folder');
    expect(await detectNvdSource(join(dir, 'delta.zip'))).toBe('cve5-zip');
    expect(await detectNvdSource(NVD_PAGE)).toBe('nvd-api');
    expect(await detectNvdSource(join(dir, 'page.json.gz'))).toBe('nvd-api');
    expect(await detectNvdSource(join(CVE5_DIR, 'cves/2021/44xxx/CVE-2021-44228.json'))).toBe('cve5-file');
    // A record converted from CVE 4 lists `containers` first and `dataType` last.
    expect(await detectNvdSource(join(CVE5_DIR, 'cves/2019/10xxx/CVE-2019-10964.json'))).toBe('cve5-file');
    expect(await detectNvdSource(join(dir, 'other.json'))).toBeUndefined();
  });

  it('reads each kind with its reader', async () => {
    const read = async (path: string): Promise<string[]> => recordsOf(await collect(readNvdSource(path))).map((r) => `${r.source} ${r.id}`);
    expect(await read(CVE5_DIR)).toHaveLength(7);
    expect(await read(join(dir, 'delta.zip'))).toEqual(['cve5 CVE-2024-48971']);
    expect(await read(join(dir, 'page.json.gz'))).toHaveLength(6);
    expect((await read(NVD_PAGE))[0]).toBe('nvd CVE-2014-0160');
    expect(await read(join(CVE5_DIR, 'cves/2023/4xxx/CVE-2023-4026.json'))).toEqual(['cve5 CVE-2023-4026']);
  });

  it('reports an unrecognised or missing input as one error issue', async () => {
    expect(issuesOf(await collect(readNvdSource(join(dir, 'other.json')))).map((i) => i.code)).toEqual(['source.unknown']);
    expect(issuesOf(await collect(readNvdSource(join(dir, 'missing')))).map((i) => i.code)).toEqual(['source.read']);
  });
});
