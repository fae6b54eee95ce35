import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSbom } from '../../formats/sbom/read.js';
import { documentHeader, documentToRows, rowsToDocument } from './rows.js';

const read = (path: string) => readSbom(readFileSync(new URL(path, import.meta.url), 'utf8')).document!;

describe('SBOM rows', () => {
  it('round-trips a CycloneDX document through rows without losing modelled fields', () => {
    const doc = read('../../formats/cyclonedx/testdata/device-firmware.cdx-1.6.json');
    const back = rowsToDocument(documentHeader(doc), documentToRows(doc));
    expect(back.components).toEqual(doc.components);
    expect(back.services).toEqual(doc.services);
    const edges = (d: typeof doc) => new Set(d.dependencies.flatMap((x) => x.dependsOn.map((to) => `${x.ref}->${to}`)));
    expect(edges(back)).toEqual(edges(doc));
    expect({ ...back, components: [], dependencies: [] }).toEqual({ ...doc, components: [], dependencies: [] });
  });

  it('stores purls canonical and lifts support data into columns', () => {
    const doc = read('../../formats/spdx/testdata/debian-gateway-2.3.spdx.json');
    const rows = documentToRows(doc);
    const openssl = rows.find((r) => r.name === 'openssl')!;
    expect(openssl.purl).toMatch(/^pkg:deb\/debian\/openssl@3\.0\.17-1~deb12u2\?arch=amd64&distro=debian-12$/);
    const withEos = documentToRows({
      ...doc,
      components: [{ ...doc.components[0]!, properties: [{ name: 'vigil:support:level', value: 'limited' }, { name: 'vigil:support:end-of-support', value: '2028-06-30' }] }],
    })[0]!;
    expect([withEos.level_of_support, withEos.end_of_support]).toEqual(['limited', '2028-06-30']);
  });
});
