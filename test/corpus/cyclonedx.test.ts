/**
 * Corpus check of the CycloneDX readers and writer (src/formats/cyclonedx) against real BOMs.
 *
 * Every file under $VIGIL_CORPUS_DIR/sbom/{cyclonedx-bom-examples, bom-shelter/in-the-wild/cyclonedx,
 * medical-device} (JSON, XML, gzip-compressed either way; the format is told by content) must:
 *   - parse without errors, and re-serialize to CycloneDX 1.6 JSON that the CycloneDX library's
 *     strict validator accepts and that reads back to the same model, and to 1.6 XML that reads back; or
 *   - be listed in KNOWN_INVALID (a real schema violation, investigated) or NOT_CYCLONEDX
 *     (a file in a CycloneDX folder that is another format).
 *
 * The corpus is NOT in the repository: it is read from $VIGIL_CORPUS_DIR (default ../shared/data).
 * Run: npx vitest run --project corpus test/corpus/cyclonedx.test.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  parseCycloneDxJson,
  parseCycloneDxXml,
  serializeCycloneDxJson,
  serializeCycloneDxXml,
} from '../../src/formats/cyclonedx/index.js';
import { normalize, strictValidate } from '../../src/formats/cyclonedx/test-support.js';
import type { SbomParseResult } from '../../src/formats/sbom/model.js';

const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');
const FOLDERS = ['sbom/cyclonedx-bom-examples', 'sbom/bom-shelter/in-the-wild/cyclonedx', 'sbom/medical-device'];

/** Files that are genuinely invalid CycloneDX: the schema errors we report are real. */
const KNOWN_INVALID: Readonly<Record<string, { why: string; pointer: RegExp }>> = {
  'obsidian-sailboat-sbom-cdx.json': {
    why:
      'CycloneDX 1.2 written by "CycloneDX module for .NET" 1.6.1.0: 138 components carry licenses with only a ' +
      '`url` ({"license": {"url": …}}), but the 1.2 schema requires `id` or `name` in every license; and 130 ' +
      'descriptions span several lines, which the 1.2 schema forbids (pattern "^(.*)$", "." matches no line break).',
    pointer: /^\/components\/\d+\/(licenses\/0\/license|description)$/u,
  },
};

/** Files in the CycloneDX folders that are not CycloneDX at all. */
const NOT_CYCLONEDX: Readonly<Record<string, string>> = {
  'bashrc2-sbom-cdx.json': 'SCANOSS scanner output (a JSON object keyed by file path), not a CycloneDX BOM.',
  'scanoss-sbom-cdx.json': 'SCANOSS SBOM ingestion format (a JSON array of components), not a CycloneDX BOM.',
  'jx-darwin-arm64.tar.gz.sbom': 'SPDX 2.2 JSON written by syft 0.60.1, despite the folder.',
};

interface CorpusFile {
  readonly name: string;
  readonly text: string;
  readonly kind: 'json' | 'xml';
}

function corpusFiles(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const folder of FOLDERS) {
    const dir = join(corpusDir, folder);
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!statSync(path).isFile() || /\.(md|csv)$/u.test(name)) continue;
      let bytes = readFileSync(path);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
      const text = bytes.toString('utf8');
      files.push({ name, text, kind: text.replace(/^\uFEFF/u, '').trimStart().startsWith('<') ? 'xml' : 'json' });
    }
  }
  return files;
}

const parse = (f: CorpusFile): SbomParseResult => (f.kind === 'xml' ? parseCycloneDxXml(f.text) : parseCycloneDxJson(f.text));

describe('CycloneDX corpus', () => {
  if (!existsSync(join(corpusDir, FOLDERS[0] ?? ''))) {
    it('needs the corpus', () => {
      throw new Error(`CycloneDX corpus not found under ${corpusDir} (set VIGIL_CORPUS_DIR).`);
    });
    return;
  }
  const files = corpusFiles();

  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it('imports every file, or fails only as listed; parsed documents re-serialize to valid 1.6 JSON and XML', async () => {
    const counts = { files: files.length, imported: 0, json: 0, xml: 0, components: 0, warnings: 0, knownInvalid: 0, notCycloneDx: 0 };
    const unexpected: string[] = [];
    const warningCodes = new Map<string, number>();
    for (const f of files) {
      const r = parse(f);
      const errors = r.issues.filter((i) => i.severity === 'error');
      if (NOT_CYCLONEDX[f.name] !== undefined) {
        counts.notCycloneDx++;
        if (errors.length !== 1 || errors[0]?.code !== 'not-cyclonedx') unexpected.push(`${f.name}: expected not-cyclonedx, got ${JSON.stringify(errors)}`);
        continue;
      }
      const known = KNOWN_INVALID[f.name];
      if (known) {
        counts.knownInvalid++;
        const wrong = errors.filter((e) => e.code !== 'schema' || (e.location !== undefined && !known.pointer.test(e.location)));
        if (errors.length === 0 || wrong.length > 0) unexpected.push(`${f.name}: expected only its known schema errors, got ${JSON.stringify(wrong.length > 0 ? wrong : errors)}`);
        continue;
      }
      if (!r.document) {
        unexpected.push(`${f.name}: ${JSON.stringify(errors.slice(0, 5))}`);
        continue;
      }
      counts.imported++;
      counts[f.kind]++;
      counts.components += r.document.components.length;
      counts.warnings += r.issues.length;
      for (const w of r.issues) warningCodes.set(w.code, (warningCodes.get(w.code) ?? 0) + 1);

      const json = serializeCycloneDxJson(r.document, '1.6');
      const verdict = await strictValidate(json.text, '1.6');
      if (verdict !== null) unexpected.push(`${f.name}: 1.6 JSON output invalid: ${JSON.stringify(verdict).slice(0, 500)}`);
      const back = parseCycloneDxJson(json.text).document;
      if (!back) unexpected.push(`${f.name}: 1.6 JSON output does not read back`);
      else expect({ ...normalize(back), specVersion: '' }, f.name).toEqual({ ...normalize(r.document), specVersion: '' });
      const xml = parseCycloneDxXml(serializeCycloneDxXml(r.document, '1.6').text);
      if (!xml.document) unexpected.push(`${f.name}: 1.6 XML output does not read back: ${JSON.stringify(xml.issues.slice(0, 3))}`);
    }
    console.log('CycloneDX corpus:', JSON.stringify(counts), 'warnings by code:', JSON.stringify(Object.fromEntries(warningCodes)));
    expect(unexpected).toEqual([]);
    expect(counts.knownInvalid).toBe(Object.keys(KNOWN_INVALID).length);
    expect(counts.notCycloneDx).toBe(Object.keys(NOT_CYCLONEDX).length);
  });
});
