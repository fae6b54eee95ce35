import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectSbomEncoding, readSbom } from './read.js';

const fixture = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('SBOM encoding detection', () => {
  it('tells the four encodings apart by content', () => {
    expect(detectSbomEncoding('\uFEFF  {"bomFormat": "CycloneDX", "specVersion": "1.6"}')).toBe('cyclonedx-json');
    expect(detectSbomEncoding('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>')).toBe('cyclonedx-xml');
    expect(detectSbomEncoding('{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT"}')).toBe('spdx-json');
    expect(detectSbomEncoding('SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n')).toBe('spdx-tag-value');
    expect(detectSbomEncoding('name,version\nopenssl,3.0.13\n')).toBeNull();
  });

  it('reads each encoding into the model', () => {
    for (const [path, format] of [
      ['../cyclonedx/testdata/device-firmware.cdx-1.6.json', 'cyclonedx'],
      ['../cyclonedx/testdata/device-firmware.cdx-1.4.xml', 'cyclonedx'],
      ['../spdx/testdata/debian-gateway-2.3.spdx.json', 'spdx'],
      ['../spdx/testdata/debian-gateway-2.3.spdx', 'spdx'],
    ] as const) {
      const result = readSbom(fixture(path));
      expect(result.issues.filter((i) => i.severity === 'error'), path).toEqual([]);
      expect(result.document?.format, path).toBe(format);
      expect(result.document!.components.length, path).toBeGreaterThan(3);
    }
    expect(readSbom('hello').issues[0]!.code).toBe('unknown-format');
  });
});
