/**
 * Corpus check of the CISA KEV readers (src/formats/kev) against the real catalog: the official
 * known_exploited_vulnerabilities.json (cisagov/kev-data, commit eacf03ec, catalogVersion
 * 2025.08.25, 1,404 entries) must read with no issues, and the same catalog written as the
 * official CSV export (by this test, independently of the readers) must read back to
 * identical entries.
 *
 * The corpus is NOT in the repository: it is read from $VIGIL_CORPUS_DIR (default
 * ../shared/data), file kev/known_exploited_vulnerabilities.json.
 * Run: npx vitest run --project corpus test/corpus/kev.test.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKev, parseKevCsv, parseKevJson } from '../../src/formats/kev/index.js';

const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');
const catalogPath = resolve(corpusDir, 'kev/known_exploited_vulnerabilities.json');

const COLUMNS = ['cveID', 'vendorProject', 'product', 'vulnerabilityName', 'dateAdded', 'shortDescription', 'requiredAction', 'dueDate', 'knownRansomwareCampaignUse', 'notes', 'cwes'];

function readCatalog(): string {
  if (!existsSync(catalogPath)) {
    throw new Error(`KEV corpus missing: ${catalogPath} does not exist. Set VIGIL_CORPUS_DIR to the folder holding kev/known_exploited_vulnerabilities.json.`);
  }
  return readFileSync(catalogPath, 'utf8');
}

/** Quotes like CISA's export: any field with a space, comma, quote or line break. */
const csvField = (value: string) => (/[\s,"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Writes the catalog as the official CSV export does, straight from the JSON values. */
function toCsv(vulnerabilities: readonly Record<string, unknown>[]): string {
  const lines = vulnerabilities.map((v) =>
    COLUMNS.map((column) => {
      const value = v[column];
      return csvField(Array.isArray(value) ? value.join(', ') : String(value ?? ''));
    }).join(','),
  );
  return `${COLUMNS.join(',')}\n${lines.join('\n')}\n`;
}

describe('CISA KEV corpus', () => {
  it('reads the official catalog: 1,404 entries, no issues', () => {
    const text = readCatalog();
    const raw = JSON.parse(text) as { catalogVersion: string; count: number; vulnerabilities: { cveID: string; cwes: string[] }[] };
    const result = parseKevJson(text);
    expect(result.issues).toEqual([]);
    expect(result.entries).toHaveLength(1404);
    expect(result.catalogVersion).toBe(raw.catalogVersion);
    expect(result.entries.map((e) => e.cveId)).toEqual(raw.vulnerabilities.map((v) => v.cveID));
    expect(result.entries.map((e) => e.cwes)).toEqual(raw.vulnerabilities.map((v) => v.cwes));
    expect(parseKev(text).entries).toEqual(result.entries);
  });

  it('reads the same catalog written as the CSV export back to identical entries', () => {
    const text = readCatalog();
    const raw = JSON.parse(text) as { vulnerabilities: Record<string, unknown>[] };
    const csv = toCsv(raw.vulnerabilities);
    const fromCsv = parseKevCsv(csv);
    expect(fromCsv.issues).toEqual([]);
    expect(fromCsv.entries).toEqual(parseKevJson(text).entries);
    expect(parseKev(csv).entries).toHaveLength(1404);
  });
});
