/**
 * Corpus check of the SPDX readers and the SPDX 2.3 JSON writer (src/formats/spdx) against the
 * real SBOMs of bom-shelter (in-the-wild/spdx and in-the-lab): JSON (`.json`), tag-value
 * (`.spdx`) and their `.gz` forms. The format is taken from the content, not the name, because
 * names lie (grype-sbom-modified.spdx.json.gz holds tag-value).
 *
 * Every document must read without errors, or fail with exactly the error codes listed in
 * EXPECTED_FAILURES — each investigated, each a real defect of the document. Every document that
 * was read (with or without errors) must be written again as SPDX 2.3 JSON that the official
 * schema accepts, and that reads back with no errors and the same components; documents read
 * without errors and without malformed SPDXIDs (which the writer must rewrite) must come back as
 * equal models through both SPDX 2.3 JSON and tag-value.
 *
 * The corpus is NOT in the repository: it is read from $VIGIL_CORPUS_DIR (default
 * ../shared/data), folder sbom/bom-shelter. Run: npx vitest run --project corpus
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import type { SbomDocument, SbomParseResult } from '../../src/formats/sbom/model.js';
import { parseSpdxJson, parseSpdxTagValue, serializeSpdxJson, serializeSpdxTagValue } from '../../src/formats/spdx/index.js';
import schema23 from '../../src/formats/spdx/schemas/spdx-2.3.schema.json' with { type: 'json' };

const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');
const shelter = resolve(corpusDir, 'sbom/bom-shelter');
const folders = ['in-the-wild/spdx', 'in-the-lab'];

const SYFT_22 =
  'syft wrote "SPDX-2.2" JSON without copyrightText (and licence fields) on packages, which the 2.2 schema requires ' +
  '(SPDX 2.3 made them optional).';
const FILE_WITHOUT_CHECKSUM = 'a FileName block without FileChecksum (SHA1 is mandatory for files in SPDX 2.2 and 2.3).';

/** Documents that fail for real, with the error codes they must fail with. */
const EXPECTED_FAILURES: Readonly<Record<string, { codes: readonly string[]; why: string }>> = {
  'chronicle-sbom.spdx.json.gz': {
    codes: ['duplicate-ref', 'schema'],
    why: `${SYFT_22} Also 312 packages repeat an SPDXID already used (e.g. SPDXRef-Package-go-module-github.com/adrg/xdg-v0.3.3 six times).`,
  },
  'constellation-spdx.json.gz': { codes: ['schema'], why: SYFT_22 },
  'flagger_1.18.0_sbom.spdx.json.gz': { codes: ['schema'], why: SYFT_22 },
  'flux_0.26.3_sbom.spdx.json.gz': { codes: ['schema'], why: SYFT_22 },
  'grype-sbom.spdx.json.gz': { codes: ['schema'], why: SYFT_22 },
  'helm-controller_0.16.0_sbom.spdx.json': { codes: ['schema'], why: SYFT_22 },
  'image-automation-controller_0.20.0_sbom.spdx.json': { codes: ['schema'], why: SYFT_22 },
  'image-reflector-controller_0.16.0_sbom.spdx.json': { codes: ['schema'], why: SYFT_22 },
  'kustomizer_2.1.0_sbom.spdx.json': { codes: ['schema'], why: SYFT_22 },
  'notification-controller_0.21.0_sbom.spdx.json': { codes: ['schema'], why: SYFT_22 },
  'source-controller_0.21.2_sbom.spdx.json.gz': { codes: ['schema'], why: SYFT_22 },
  'powershell.spdx.json.gz': { codes: ['schema'], why: 'Microsoft SBOM tool wrote "hasFiles": null on 330 of 331 packages; the 2.2 schema requires an array.' },
  'fatbom-sbom.spdx.gz': { codes: ['missing-field'], why: 'No Created tag (and an empty DocumentNamespace).' },
  'flux_0.26.3_sbom.spdx.gz': { codes: ['missing-field'], why: `tests/azure/terraform/shared/variables.tf: ${FILE_WITHOUT_CHECKSUM}` },
  'helm-controller_0.16.0_sbom.spdx': { codes: ['missing-field'], why: `config/testdata/charts/crds/v1/values.yaml: ${FILE_WITHOUT_CHECKSUM}` },
  'source-controller_0.21.2_sbom.spdx': { codes: ['missing-field'], why: `internal/fs/testdata/test.file: ${FILE_WITHOUT_CHECKSUM}` },
  'istio-source.spdx.gz': {
    codes: ['unterminated-text'],
    why: 'The PackageCopyrightText of google.golang.org/grpc@v1.43.0 (line 59827) opens <text> that is never closed: the file is truncated.',
  },
  'maubot-spdx.json.gz': { codes: ['unsupported-version'], why: 'Not an SBOM: it is the SPDX licence list as a JSON map ("0BSD": {…}), without spdxVersion.' },
  'powershell-2.2.6.spdx.json': { codes: ['json'], why: 'Not valid JSON: a second JSON value follows the document at offset 95877.' },
  'usbutils.spdx': { codes: ['unsupported-version'], why: 'SPDX-2.1, older than the supported 2.2 and 2.3.' },
  'vast-sbom.spdx': {
    codes: ['duplicate-ref', 'missing-field'],
    why: 'Hand-written and malformed: no Creator/Created, SPDXID before FileName, every file "SPDXRef-File", packages without PackageDownloadLocation.',
  },
};

interface Entry {
  readonly name: string;
  readonly text: string;
}

function corpus(): Entry[] {
  if (!existsSync(shelter)) throw new Error(`SPDX corpus not found at ${shelter}; set VIGIL_CORPUS_DIR to the folder holding sbom/bom-shelter`);
  const entries: Entry[] = [];
  for (const folder of folders) {
    const dir = join(shelter, folder);
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(spdx|json)(\.gz)?$/.test(name)) continue;
      const buffer = readFileSync(join(dir, name));
      entries.push({ name, text: (name.endsWith('.gz') ? gunzipSync(buffer) : buffer).toString('utf8') });
    }
  }
  return entries;
}

function read(text: string): SbomParseResult {
  return text.trimStart().startsWith('{') ? parseSpdxJson(text) : parseSpdxTagValue(text);
}

function withoutVersion(d: SbomDocument | undefined): Omit<SbomDocument, 'specVersion'> | undefined {
  if (d === undefined) return undefined;
  const { specVersion: _ignored, ...rest } = d;
  return rest;
}

const validate23 = new Ajv({ strict: false, allErrors: true }).compile(schema23);

describe('SPDX corpus (bom-shelter)', () => {
  it('finds the corpus', () => {
    expect(existsSync(shelter), `SPDX corpus not found at ${shelter}; set VIGIL_CORPUS_DIR`).toBe(true);
  });

  it('reads every document or fails only for listed reasons, and re-serializes what it read to valid SPDX 2.3', () => {
    const entries = corpus();
    expect(entries.length).toBeGreaterThanOrEqual(40);
    const unexpected: string[] = [];
    let clean = 0;
    let withDocument = 0;
    let components = 0;
    let roundTrips = 0;
    for (const { name, text } of entries) {
      const result = read(text);
      const errorCodes = [...new Set(result.issues.filter((i) => i.severity === 'error').map((i) => i.code))].sort();
      const expected = EXPECTED_FAILURES[name];
      if (JSON.stringify(errorCodes) !== JSON.stringify(expected?.codes ?? [])) {
        unexpected.push(`${name}: errors ${JSON.stringify(errorCodes)}, expected ${JSON.stringify(expected?.codes ?? [])}: ${JSON.stringify(result.issues.slice(0, 3))}`);
      }
      if (errorCodes.length === 0) clean++;
      const document = result.document;
      if (document === undefined) continue;
      withDocument++;
      components += document.components.length;
      const out = serializeSpdxJson(document);
      if (!validate23(JSON.parse(out.text))) unexpected.push(`${name}: SPDX 2.3 output invalid: ${JSON.stringify(validate23.errors?.slice(0, 3))}`);
      const back = parseSpdxJson(out.text);
      const backErrors = back.issues.filter((i) => i.severity === 'error');
      if (backErrors.length > 0) unexpected.push(`${name}: written SPDX 2.3 reads back with errors: ${JSON.stringify(backErrors.slice(0, 3))}`);
      if (back.document?.components.length !== document.components.length) unexpected.push(`${name}: component count changed on the way back`);
      // Where no SPDXID had to be rewritten and nothing was wrong, both writers must give back the same model.
      if (result.issues.some((i) => i.severity === 'error' || i.code === 'invalid-spdxid')) continue;
      const viaTagValue = parseSpdxTagValue(serializeSpdxTagValue(document).text).document;
      if (!isDeepStrictEqual(withoutVersion(back.document), withoutVersion(document))) unexpected.push(`${name}: JSON round trip changed the model`);
      else if (!isDeepStrictEqual(withoutVersion(viaTagValue), withoutVersion(document))) unexpected.push(`${name}: tag-value round trip changed the model`);
      else roundTrips++;
    }
    const listedButAbsent = Object.keys(EXPECTED_FAILURES).filter((n) => !entries.some((e) => e.name === n));
    console.log(
      `SPDX corpus: ${entries.length} documents, ${clean} read without errors, ${entries.length - clean} failed for listed reasons, ` +
        `${withDocument} mapped (${components} components) and re-serialized to valid SPDX 2.3 JSON; ` +
        `${roundTrips} came back as equal models through both JSON and tag-value.`,
    );
    expect(listedButAbsent).toEqual([]);
    expect(unexpected).toEqual([]);
  });
});
