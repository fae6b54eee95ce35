import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/** `vigil premarket requirements add-set | evidence import | package` with the real binary, on the demo data. */
const FIXTURES = fileURLToPath(new URL('../fixtures/premarket/', import.meta.url));
let target: CliTarget;
let dir: string;
let product: string;
let release: string;
const vigil = (...args: string[]) => runCli(args, target.env);

beforeAll(async () => {
  target = await createCliTarget();
  dir = mkdtempSync(join(tmpdir(), 'vigil-premarket-cli-'));
  const demo = await runCli(['demo'], target.env, 120_000);
  expect(demo.code, demo.stderr).toBe(0);
  const db = await target.open();
  try {
    const r = await db.kysely
      .selectFrom('releases as r')
      .innerJoin('products as p', 'p.id', 'r.product_id')
      .select(['r.id', 'p.id as productId'])
      .where('p.name', '=', 'CardioWatch bedside monitor')
      .where('r.version', '=', '5.0.2')
      .executeTakeFirstOrThrow();
    product = r.productId;
    release = r.id;
  } finally {
    await db.close();
  }
}, 180_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await target.cleanup();
});

function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('vigil premarket', () => {
  it('adds a built-in set once, and names an unknown set or product', async () => {
    const first = await vigil('premarket', 'requirements', 'add-set', '--product', product, 'iec-81001-5-1');
    expect([first.code, first.stdout.trim()], first.stderr).toEqual([0, 'Added 22 requirement(s) from iec-81001-5-1; 0 already present.']);
    const again = await vigil('premarket', 'requirements', 'add-set', '--product', product, 'iec-81001-5-1');
    expect(again.stdout.trim()).toBe('Added 0 requirement(s) from iec-81001-5-1; 22 already present.');
    const unknown = await vigil('premarket', 'requirements', 'add-set', '--product', product, 'iso-27001');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'vigil: No built-in set "iso-27001"; choose one of jsp-design, iec-81001-5-1, fda-premarket, jsp-labeling.']);
    const noProduct = await vigil('premarket', 'requirements', 'add-set', '--product', '00000000-0000-4000-8000-000000000000', 'jsp-design');
    expect([noProduct.code, noProduct.stderr.trim()]).toEqual([2, 'vigil: No product 00000000-0000-4000-8000-000000000000.']);
    const notId = await vigil('premarket', 'requirements', 'add-set', '--product', 'CardioWatch', 'jsp-design');
    expect([notId.code, notId.stderr.trim()]).toEqual([2, 'vigil: --product takes a product id (a UUID).']);
  });

  it('imports SARIF and JUnit evidence once, and exits 2 with line and column for a broken file', async () => {
    const sarif = await vigil('premarket', 'evidence', 'import', '--release', release, join(FIXTURES, 'cardiowatch-gateway.sarif'));
    expect(sarif.code, sarif.stderr).toBe(0);
    expect(sarif.stdout.trim()).toMatch(/^Imported cardiowatch-gateway\.sarif as SARIF evidence [0-9a-f-]{36} \(CodeQL 2\.17\.6\): 3 rule\(s\), 0 failed; 3 result\(s\), 1 not counted\.$/);
    const junit = await vigil('premarket', 'evidence', 'import', '--release', release, '--name', 'pytest-security.xml', join(FIXTURES, 'cardiowatch-gateway-tests.xml'));
    expect(junit.code, junit.stderr).toBe(0);
    expect(junit.stdout.trim()).toMatch(/^Imported pytest-security\.xml as JUnit evidence [0-9a-f-]{36} \(pytest\): 6 test\(s\): 4 passed, 1 failed, 0 error, 1 skipped\.$/);
    const again = await vigil('premarket', 'evidence', 'import', '--release', release, join(FIXTURES, 'cardiowatch-gateway-tests.xml'));
    expect(again.stdout.trim()).toMatch(/^pytest-security\.xml was imported already as evidence [0-9a-f-]{36}; nothing changed\.$/);

    const badXml = join(dir, 'broken.xml');
    writeFileSync(badXml, '<testsuites>\n  <testsuite name="x">\n    <testcase name="a">\n  </testsuite>\n</testsuites>\n');
    const xml = await vigil('premarket', 'evidence', 'import', '--release', release, badXml);
    expect(xml.code).toBe(2);
    expect(xml.stderr.trim()).toBe(`vigil: ${badXml}: line 4, column 14: Not well-formed XML: 4:14: unexpected close tag.`);
    const badJson = join(dir, 'broken.sarif');
    writeFileSync(badJson, '{\n  "version": "2.1.0",\n  "runs": [\n}\n');
    const json = await vigil('premarket', 'evidence', 'import', '--release', release, badJson);
    expect(json.code).toBe(2);
    expect(json.stderr.trim()).toMatch(new RegExp(`^vigil: ${badJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 4, column 1: [^\\n]+$`));
    const schema = join(dir, 'not-sarif.sarif');
    writeFileSync(schema, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }));
    const invalid = await vigil('premarket', 'evidence', 'import', '--release', release, schema);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('  /runs/0/tool/driver: ');
    const missing = await vigil('premarket', 'evidence', 'import', '--release', release, join(dir, 'nope.xml'));
    expect([missing.code, missing.stderr.trim()]).toEqual([2, `vigil: Cannot read ${join(dir, 'nope.xml')}.`]);

    const db = await target.open();
    try {
      const files = await db.kysely.selectFrom('premarket_evidence').select(['file_name', 'kind']).where('release_id', '=', release).orderBy('imported_at').execute();
      expect(files).toEqual([{ file_name: 'cardiowatch-gateway.sarif', kind: 'sarif' }, { file_name: 'pytest-security.xml', kind: 'junit' }]);
    } finally {
      await db.close();
    }
  });

  it('writes the package as zip, PDF and HTML, and refuses another extension', async () => {
    const zip = join(dir, 'package.zip');
    const z = await vigil('premarket', 'package', '--release', release, '--out', zip);
    expect(z.code, z.stderr).toBe(0);
    expect(z.stdout.split('\n')[0]).toMatch(new RegExp(`^Wrote ${zip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 9 sections, \\d+ present, \\d+ with gaps, \\d+ missing\\.$`));
    const names = await zipEntries(zip);
    expect(names).toEqual(expect.arrayContaining(['package.html', 'package.pdf', 'manifest.json', 'checklist.json', 'sbom/sbom.cdx.json', 'sbom/sbom.spdx.json', 'threat-model/threat-model.json', 'traceability/matrix.csv', 'testing/summary.json']));
    const pdf = join(dir, 'package.pdf');
    expect((await vigil('premarket', 'package', '--release', release, '--out', pdf)).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const html = join(dir, 'package.html');
    expect((await vigil('premarket', 'package', '--release', release, '--out', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('Premarket cybersecurity package: CardioWatch bedside monitor 5.0.2');
    const txt = await vigil('premarket', 'package', '--release', release, '--out', join(dir, 'package.txt'));
    expect([txt.code, txt.stderr.trim()]).toEqual([2, 'vigil: --out must end in .zip, .pdf or .html.']);
  });
});
