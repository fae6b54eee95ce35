/**
 * Corpus check of the VEX readers and writers (src/formats/vex) against real documents.
 *
 * - Every `.json` under $VIGIL_CORPUS_DIR/vex/cyclonedx-bom-examples/VEX (the CycloneDX VEX
 *   use cases, including CISA's) must read as CycloneDX VEX, or fail exactly as listed in
 *   NOT_VEX / KNOWN_INVALID with the stated reason.
 * - Every `.json` under $VIGIL_CORPUS_DIR/csaf must read as CSAF 2.0 VEX.
 * - Each document read is written as CycloneDX 1.6 (accepted by the CycloneDX library's strict
 *   validator), as CSAF 2.0 (passing the schema and every mandatory test) and as OpenVEX
 *   (passing the official schema), or refused for exactly the reasons the target's rules give
 *   for that file (see expectedRefusals).
 *
 * The corpus is NOT in the repository: it is read from $VIGIL_CORPUS_DIR (default
 * ../shared/data); the test fails when it is absent.
 * Run: npx vitest run --project corpus test/corpus/vex.test.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strictValidate } from '../../src/formats/cyclonedx/test-support.js';
import {
  parseCsafVex,
  parseCycloneDxVex,
  toCsafVex,
  toCycloneDxVex,
  toOpenVex,
  validateCsaf,
  validateOpenVexSchema,
  type Vex,
  type VexParseResult,
} from '../../src/formats/vex/index.js';

const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');
const CDX_DIR = join(corpusDir, 'vex/cyclonedx-bom-examples/VEX');
const CSAF_DIR = join(corpusDir, 'csaf');

/** CycloneDX files of the VEX folder that state no VEX: the BOMs the use cases refer to. */
const NOT_VEX: Readonly<Record<string, { code: string; why: string }>> = Object.fromEntries([
  ['bom.json', { code: 'unsupported-version', why: 'CycloneDX 1.3 SBOM the top-level vex.json refers to; vulnerabilities came with 1.4' }],
  ...['CISA-Use-Cases/Case-7', 'CISA-Use-Cases/Case-8'].flatMap((c) => ['bom-1.json', 'bom-2.json'].map((b) => [`${c}/${b}`, { code: 'not-vex', why: 'product BOM the case refers to by BOM-Link; no vulnerabilities' }])),
  ...['Use-Cases/Case-6', 'Use-Cases/Case-9', 'Use-Cases/Case-13'].flatMap((c) => ['bom-1.json', 'bom-2.json', 'bom-3.json'].map((b) => [`${c}/${b}`, { code: 'not-vex', why: 'product BOM the case refers to by BOM-Link; no vulnerabilities' }])),
]);

/** Real contradictions in the examples: the error we report is the finding. */
const KNOWN_INVALID: Readonly<Record<string, { issue: string; why: string }>> = {
  'CISA-Use-Cases/Case-8/vex.json': {
    issue: 'contradictory-statements /vulnerabilities/7',
    why:
      'CVE-2021-45105 for product-JKL 5.2 is both not_affected (/vulnerabilities/5, "unaffected" version 5.2) and resolved (/vulnerabilities/7), ' +
      'with no timestamps to order them; CSAF mandatory test 6.1.6 calls a product in two status groups contradictory too.',
  },
};

/**
 * Why a CycloneDX example that reads cannot be written as OpenVEX or CSAF, judged from the
 * raw JSON by the targets' rules (not by the writers): a target refuses a document lacking
 * what it requires — the CISA minimum elements the examples leave out (no author, serial
 * number or timestamp), an action statement for "exploitable" (OpenVEX schema; CSAF 6.1.27.10),
 * a product for every statement (CSAF product status), and for OpenVEX a product identifier
 * (purl, CPE, or a URL/URN such as a BOM-Link; a local bom-ref is none).
 */
function expectedRefusals(raw: Record<string, unknown>, target: 'openvex' | 'csaf'): string[] {
  const metadata = (raw['metadata'] ?? {}) as Record<string, unknown>;
  const components = new Map<string, Record<string, unknown>>();
  const visit = (c: Record<string, unknown>): void => {
    if (typeof c['bom-ref'] === 'string') components.set(c['bom-ref'], c);
    ((c['components'] ?? []) as Record<string, unknown>[]).forEach(visit);
  };
  if (metadata['component']) visit(metadata['component'] as Record<string, unknown>);
  ((raw['components'] ?? []) as Record<string, unknown>[]).forEach(visit);
  const vulns = ((raw['vulnerabilities'] ?? []) as Record<string, unknown>[]).filter((v) => v['analysis']);
  const refusals = new Set<string>();
  if (!Array.isArray(metadata['authors']) || metadata['authors'].length === 0) refusals.add('missing-author');
  if (raw['serialNumber'] === undefined) refusals.add('missing-id');
  if (metadata['timestamp'] === undefined) refusals.add('missing-timestamp');
  for (const v of vulns) {
    const analysis = v['analysis'] as Record<string, unknown>;
    const affects = (v['affects'] ?? []) as Record<string, unknown>[];
    if (analysis['state'] === 'exploitable' && !analysis['response'] && !v['recommendation'] && !v['workaround']) refusals.add('missing-action-statement');
    if (target === 'csaf' && affects.length === 0) refusals.add('no-product');
    if (target === 'openvex') {
      for (const a of affects) {
        const ref = String(a['ref']);
        const c = components.get(ref);
        if (!ref.startsWith('urn:') && !c?.['purl'] && !c?.['cpe']) refusals.add('unidentifiable-product');
      }
    }
  }
  return [...refusals].sort();
}

/** The CSAF corpus: Red Hat's products are named by product ids and CPE 2.2 only; its RPM subcomponents carry no purl or CPE. */
const CSAF_FILE_REFUSALS: Readonly<Record<string, { openvex: readonly string[]; csaf: readonly string[] }>> = {
  'redhat__rhsa-2020_1358.json': { openvex: ['unidentifiable-product'], csaf: [] },
};

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') && statSync(join(dir, f)).isFile())
    .sort();
}

function codes(r: { readonly issues: readonly { severity: string; code: string }[] }): string[] {
  return [...new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.code))].sort();
}

async function exportsOf(name: string, vex: Vex, expected: { openvex: readonly string[]; csaf: readonly string[] }, problems: string[]): Promise<void> {
  const cdx = toCycloneDxVex(vex);
  if (!cdx.document) problems.push(`${name}: CycloneDX export refused: ${JSON.stringify(cdx.issues)}`);
  else {
    const verdict = await strictValidate(JSON.stringify(cdx.document), '1.6');
    if (verdict !== null) problems.push(`${name}: CycloneDX 1.6 export invalid: ${JSON.stringify(verdict).slice(0, 300)}`);
    const back = parseCycloneDxVex(JSON.stringify(cdx.document));
    // What CycloneDX carries comes back unchanged (a CSAF source loses what `lost` lists).
    if (cdx.lost.length === 0) {
      expect(back.document, name).toEqual(vex.document);
      expect(back.statements, name).toEqual(vex.statements);
    }
  }
  const ov = toOpenVex(vex);
  const ovExpected = [...expected.openvex].sort();
  if (ov.document) {
    const schema = validateOpenVexSchema(ov.document);
    if (schema.length > 0) problems.push(`${name}: OpenVEX export invalid: ${JSON.stringify(schema.slice(0, 3))}`);
  }
  if (JSON.stringify(codes(ov)) !== JSON.stringify(ovExpected)) problems.push(`${name}: OpenVEX refusals ${JSON.stringify(codes(ov))}, expected ${JSON.stringify(ovExpected)}`);
  const csaf = toCsafVex(vex, { publisherNamespace: 'https://vigil.example/corpus' });
  const csafExpected = [...expected.csaf].sort();
  if (csaf.document) {
    const verdict = await validateCsaf(csaf.document);
    if (verdict.some((i) => i.severity === 'error')) problems.push(`${name}: CSAF export invalid: ${JSON.stringify(verdict.slice(0, 3))}`);
  }
  if (JSON.stringify(codes(csaf)) !== JSON.stringify(csafExpected)) problems.push(`${name}: CSAF refusals ${JSON.stringify(codes(csaf))}, expected ${JSON.stringify(csafExpected)}`);
}

describe('VEX corpus', () => {
  if (!existsSync(CDX_DIR) || !existsSync(CSAF_DIR)) {
    it('needs the corpus', () => {
      throw new Error(`VEX corpus not found under ${corpusDir} (vex/cyclonedx-bom-examples/VEX and csaf; set VIGIL_CORPUS_DIR).`);
    });
    return;
  }

  it('reads every CycloneDX VEX example, or fails only as listed, and writes what it read', async () => {
    const files = jsonFiles(CDX_DIR);
    expect(files.length).toBeGreaterThanOrEqual(39);
    const problems: string[] = [];
    const counts = { files: files.length, read: 0, statements: 0, notVex: 0, knownInvalid: 0 };
    for (const name of files) {
      const text = readFileSync(join(CDX_DIR, name), 'utf8');
      const r: VexParseResult = parseCycloneDxVex(text);
      const notVex = NOT_VEX[name];
      const known = KNOWN_INVALID[name];
      const errors = r.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.location ?? ''}`);
      if (notVex) {
        counts.notVex++;
        if (r.document || JSON.stringify(codes(r)) !== JSON.stringify([notVex.code])) problems.push(`${name}: expected ${notVex.code}, got ${JSON.stringify(errors)}`);
        continue;
      }
      if (known) {
        counts.knownInvalid++;
        if (r.document || JSON.stringify(errors) !== JSON.stringify([known.issue])) problems.push(`${name}: expected ${known.issue}, got ${JSON.stringify(errors)}`);
        continue;
      }
      if (!r.document) {
        problems.push(`${name}: ${JSON.stringify(errors)}`);
        continue;
      }
      counts.read++;
      counts.statements += r.statements.length;
      const raw = JSON.parse(text) as Record<string, unknown>;
      await exportsOf(name, { document: r.document, statements: r.statements }, { openvex: expectedRefusals(raw, 'openvex'), csaf: expectedRefusals(raw, 'csaf') }, problems);
    }
    console.log('CycloneDX VEX corpus:', JSON.stringify(counts));
    expect(problems).toEqual([]);
    expect(counts.notVex).toBe(Object.keys(NOT_VEX).length);
    expect(counts.knownInvalid).toBe(Object.keys(KNOWN_INVALID).length);
  });

  it('reads every CSAF file as CSAF 2.0 VEX and writes it back to the same model', async () => {
    const files = jsonFiles(CSAF_DIR);
    expect(files.length).toBeGreaterThanOrEqual(1);
    const problems: string[] = [];
    for (const name of files) {
      const r = await parseCsafVex(readFileSync(join(CSAF_DIR, name), 'utf8'));
      if (!r.document) {
        problems.push(`${relative(corpusDir, join(CSAF_DIR, name))}: ${JSON.stringify(r.issues.slice(0, 5))}`);
        continue;
      }
      const vex = { document: r.document, statements: r.statements };
      const csaf = toCsafVex(vex);
      expect(csaf.lost, name).toEqual([]);
      const back = await parseCsafVex(JSON.stringify(csaf.document));
      expect(back.document, name).toEqual(r.document);
      expect(back.statements, name).toEqual(r.statements);
      await exportsOf(name, vex, CSAF_FILE_REFUSALS[name] ?? { openvex: [], csaf: [] }, problems);
      console.log(`CSAF corpus: ${name}: ${r.statements.length} statements, ${r.statements.reduce((n, s) => n + s.products.length, 0)} products`);
    }
    expect(problems).toEqual([]);
  });
});
