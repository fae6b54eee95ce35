import { describe, expect, it } from 'vitest';
import { assessQuality } from './quality.js';
import type { ComponentRow, SbomHeader } from './rows.js';

const header: SbomHeader = {
  format: 'cyclonedx', spec_version: '1.6', serial_number: null, doc_name: 'pump', doc_version: 1, doc_created: '2026-11-01T10:00:00Z',
  authors: ['Acme Medical Devices PSIRT'], tools: [], supplier: null, subject_ref: 'pump', services: [], properties: [],
};

function row(partial: Partial<ComponentRow> & { ref: string; name: string }): ComponentRow {
  return {
    ord: 0, parent_ref: null, type: 'library', grp: null, version: null, description: null, purl: null, cpe: null, supplier: null, authors: [], publisher: null,
    license: null, copyright: null, scope: null, hashes: [], external_refs: [], properties: [], depends_on: [], level_of_support: null, end_of_support: null,
    ...partial,
  };
}

describe('SBOM quality', () => {
  // Hand-worked: 3 components × 4 NTIA component elements + 2 NTIA document elements = 14 NTIA checks.
  const rows = [
    row({ ref: 'pump', name: 'InfuSafe firmware', version: '3.1.4', supplier: 'Acme', cpe: 'cpe:2.3:o:acme:infusafe_firmware:3.1.4:*:*:*:*:*:*:*', depends_on: ['openssl', 'zlib'], level_of_support: 'full', end_of_support: '2032-06-30' }),
    row({ ref: 'openssl', name: 'openssl', version: '3.0.13', supplier: 'OpenSSL Software Foundation', purl: 'pkg:generic/openssl@3.0.13', level_of_support: 'full', end_of_support: '2026-09-07' }),
    row({ ref: 'zlib', name: 'zlib', purl: 'pkg:generic/zlib' }),
  ];

  it('scores NTIA and FDA elements and lists what each component lacks', () => {
    const q = assessQuality(header, rows);
    // NTIA: pump 4/4, openssl 4/4, zlib 2/4 (no supplier, no version) + author + timestamp = 12/14.
    expect(q.ntiaScore).toBe(85.7);
    // FDA: support level 2/3, end of support 2/3, no vulnerability reference 0/1 = 4/7.
    expect(q.fdaScore).toBe(57.1);
    expect(q.componentGaps).toEqual([{ ref: 'zlib', name: 'zlib', version: null, missing: ['supplier', 'version', 'levelOfSupport', 'endOfSupport'] }]);
    expect(q.documentGaps).toEqual(['knownVulnerabilitiesReference']);
  });

  it('counts a component outside the dependency graph as a gap, and fixes show at once', () => {
    const orphan = row({ ref: 'busybox', name: 'busybox', version: '1.36.1', supplier: 'BusyBox', purl: 'pkg:generic/busybox@1.36.1' });
    const q = assessQuality({ ...header, doc_created: null, authors: [] }, [...rows, orphan]);
    expect(q.componentGaps.find((g) => g.ref === 'busybox')!.missing).toContain('dependencyRelationship');
    expect(q.documentGaps).toEqual(['author', 'timestamp', 'knownVulnerabilitiesReference']);
    const fixed = assessQuality(header, rows.map((r) => (r.ref === 'zlib' ? { ...r, supplier: 'zlib', version: '1.3.1', level_of_support: 'full', end_of_support: '2030-01-01' } : r)).concat(row({ ref: 'vex', name: 'vex', version: '1', supplier: 'Acme', purl: 'pkg:generic/vex@1', depends_on: ['pump'], level_of_support: 'full', end_of_support: '2030-01-01', external_refs: [{ type: 'advisories', url: 'https://acme.example/advisories' }] })));
    expect([fixed.ntiaScore, fixed.fdaScore, fixed.componentsWithGaps]).toEqual([100, 100, 0]);
  });
});
