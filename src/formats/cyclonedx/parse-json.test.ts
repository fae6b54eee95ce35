import { describe, expect, it } from 'vitest';
import type { SbomDocument, SbomParseResult } from '../sbom/model.js';
import { MAX_COMPONENT_NESTING, parseCycloneDxJson, parseCycloneDxXml, SUPPORTED_VERSIONS } from './index.js';
import { fixture, strictValidate } from './test-support.js';

function read(result: SbomParseResult): SbomDocument {
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  if (!result.document) throw new Error('no document');
  return result.document;
}

function component(doc: SbomDocument, ref: string) {
  const c = doc.components.find((x) => x.ref === ref);
  if (!c) throw new Error(`no component ${ref}`);
  return c;
}

const minimal = (extra: Record<string, unknown> = {}, specVersion = '1.6'): string =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion, version: 1, ...extra });

describe('fixtures (hand-written device firmware BOM in every version)', () => {
  for (const v of SUPPORTED_VERSIONS) {
    it(`${v} JSON is valid per the CycloneDX library's strict validator and its XML twin reads to the same model`, async () => {
      const json = fixture(`device-firmware.cdx-${v}.json`);
      expect(await strictValidate(json, v)).toBeNull();
      const fromJson = read(parseCycloneDxJson(json));
      const fromXml = read(parseCycloneDxXml(fixture(`device-firmware.cdx-${v}.xml`)));
      expect(fromXml).toEqual(fromJson);
      expect(fromJson.specVersion).toBe(v);
      expect(fromJson.components.map((c) => c.ref)).toEqual([
        'fw', 'busybox', 'freertos', 'openssl', 'zlib', 'gateway', 'log4j-core', 'log4j-api',
      ]);
    });
  }

  it('maps the 1.6 document field by field', () => {
    const doc = read(parseCycloneDxJson(fixture('device-firmware.cdx-1.6.json')));
    expect(doc).toMatchObject({
      format: 'cyclonedx',
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      version: 3,
      name: 'infusion-pump-firmware',
      created: '2024-03-01T12:00:00Z',
      authors: ['Product Security Team <psirt@example.com>'],
      tools: [{ vendor: '@cyclonedx', name: 'cdxgen', version: '10.2.1' }],
      supplier: 'Example Medical Devices Inc.',
      subjectRef: 'fw',
      properties: [
        { name: 'vigil:support:level', value: 'full' },
        { name: 'vigil:support:end-of-support', value: '2030-12-31' },
      ],
    });
    expect(component(doc, 'fw')).toMatchObject({ type: 'firmware', license: 'LicenseRef-Example-Medical-Proprietary-License' });
    expect(component(doc, 'fw').parentRef).toBeUndefined();
    expect(component(doc, 'busybox')).toMatchObject({ parentRef: 'fw', type: 'operating-system', license: 'GPL-2.0-only' });
    expect(component(doc, 'openssl')).toEqual({
      ref: 'openssl',
      type: 'library',
      name: 'openssl',
      version: '3.0.13',
      description: 'TLS/SSL and crypto library',
      purl: 'pkg:generic/openssl@3.0.13',
      cpe: 'cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*',
      supplier: 'OpenSSL Foundation',
      authors: [],
      license: 'Apache-2.0',
      hashes: [{ alg: 'SHA-256', content: '88525753f79d3bec27d2fa7c66aa0b92b3aa9498dafd93d7cfa4b3780cdae313' }],
      scope: 'required',
      externalReferences: [
        { type: 'website', url: 'https://www.openssl.org' },
        { type: 'vcs', url: 'https://github.com/openssl/openssl' },
      ],
      properties: [{ name: 'vigil:support:end-of-support', value: '2026-09-07' }],
    });
    expect(component(doc, 'zlib').authors).toEqual(['Jean-loup Gailly', 'Mark Adler']);
    expect(component(doc, 'gateway').license).toBe('LicenseRef-Example-Medical-Proprietary-License AND Apache-2.0');
    expect(component(doc, 'log4j-core')).toMatchObject({
      parentRef: 'gateway',
      group: 'org.apache.logging.log4j',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
      hashes: [{ alg: 'SHA-1', content: '779f60f3844dadc3ef597976fcb1e5127b1f343d' }],
    });
    expect(doc.services).toEqual([
      {
        ref: 'telemetry',
        group: 'com.example.medical',
        name: 'telemetry-ingest',
        version: '1.0',
        description: 'Receives pump telemetry over HTTPS',
        endpoints: ['https://telemetry.example.com/v1/ingest'],
        authenticated: true,
        crossesTrustBoundary: true,
        properties: [{ name: 'vigil:support:level', value: 'full' }],
      },
    ]);
    expect(doc.dependencies[0]).toEqual({ ref: 'fw', dependsOn: ['busybox', 'freertos', 'openssl', 'zlib', 'gateway'] });
  });

  it('reads the 1.4 tool array and the single author text', () => {
    const doc = read(parseCycloneDxJson(fixture('device-firmware.cdx-1.4.json')));
    expect(doc.tools).toEqual([{ vendor: '@cyclonedx', name: 'cdxgen', version: '10.2.1' }]);
    expect(component(doc, 'zlib').authors).toEqual(['Jean-loup Gailly, Mark Adler']);
  });

  it('1.2 has no properties: none are read', () => {
    const doc = read(parseCycloneDxJson(fixture('device-firmware.cdx-1.2.json')));
    expect(doc.properties).toEqual([]);
    expect(component(doc, 'openssl').properties).toEqual([]);
  });
});

describe('version detection', () => {
  it.each(['1.0', '1.1', '1.7', '2.0'])('refuses specVersion %s with unsupported-version', (v) => {
    const r = parseCycloneDxJson(minimal({}, v));
    expect(r.document).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'unsupported-version', location: '/specVersion' })]);
  });

  it('refuses a JSON document that is not CycloneDX (SPDX JSON)', () => {
    const r = parseCycloneDxJson(JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT' }));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'not-cyclonedx' })]);
  });

  it('accepts a leading byte order mark', () => {
    expect(parseCycloneDxJson(`\uFEFF${minimal()}`).document?.specVersion).toBe('1.6');
  });

  it('reports JSON syntax errors', () => {
    expect(parseCycloneDxJson('{"bomFormat": "CycloneDX",').issues[0]?.code).toBe('json-syntax');
  });
});

describe('schema validation comes first and names the place', () => {
  it('reports an unknown component type and a missing name with JSON pointers', () => {
    const r = parseCycloneDxJson(minimal({ components: [{ type: 'librari', name: 'zlib' }, { type: 'library' }] }));
    expect(r.document).toBeUndefined();
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'schema', location: '/components/0/type', message: expect.stringContaining('allowed values') }),
        expect.objectContaining({ code: 'schema', location: '/components/1', message: "must have required property 'name'" }),
      ]),
    );
  });

  it('reports a hash that is not hex of a valid length', () => {
    const r = parseCycloneDxJson(minimal({ components: [{ type: 'library', name: 'zlib', hashes: [{ alg: 'SHA-256', content: 'xyz' }] }] }));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'schema', location: '/components/0/hashes/0/content' })]);
  });

  it('1.3 requires a component version (1.4 made it optional)', () => {
    const doc = { components: [{ type: 'library', name: 'zlib' }] };
    expect(parseCycloneDxJson(minimal(doc, '1.3')).issues).toEqual([
      expect.objectContaining({ code: 'schema', location: '/components/0', message: "must have required property 'version'" }),
    ]);
    expect(parseCycloneDxJson(minimal(doc, '1.4')).document?.components).toHaveLength(1);
  });

  it('unknown properties are refused by the 1.4+ schemas', () => {
    const r = parseCycloneDxJson(minimal({ components: [{ type: 'library', name: 'zlib', licence: 'MIT' }] }, '1.5'));
    expect(r.issues).toEqual([expect.objectContaining({ location: '/components/0', message: 'unknown property "licence"' })]);
  });

  it('lists at most 20 schema errors and summarizes the rest', () => {
    const components = Array.from({ length: 30 }, (_, i) => ({ type: 'nope', name: `x${i}` }));
    const r = parseCycloneDxJson(minimal({ components }));
    expect(r.issues).toHaveLength(21);
    expect(r.issues.slice(0, 20).map((i) => i.location)).toEqual(components.slice(0, 20).map((_, i) => `/components/${i}/type`));
    expect(r.issues[20]?.message).toBe('10 more schema errors not listed.');
  });

  it('duplicate items are found in linear time (uniqueItems over 20,000 components)', () => {
    const components = Array.from({ length: 20_000 }, (_, i) => ({ type: 'library', name: `c${i}` }));
    components.push({ name: 'c7', type: 'library' });
    const r = parseCycloneDxJson(minimal({ components }));
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'schema', location: '/components', message: 'must NOT have duplicate items (items ## 7 and 20000 are identical)' }),
    ]);
  });
});

describe('post-checks', () => {
  it('duplicate bom-refs are an error', () => {
    const r = parseCycloneDxJson(
      minimal({
        components: [
          { type: 'library', 'bom-ref': 'zlib', name: 'zlib', version: '1.3.1' },
          { type: 'library', 'bom-ref': 'zlib', name: 'zlib', version: '1.2.13' },
        ],
      }),
    );
    expect(r.document).toBeUndefined();
    expect(r.issues).toEqual([{ severity: 'error', code: 'duplicate-ref', message: 'bom-ref "zlib" is used more than once.', location: '/components/1/bom-ref' }]);
  });

  it('a service reusing a component bom-ref is a duplicate, located at the service', () => {
    const r = parseCycloneDxJson(
      minimal({
        components: [{ type: 'library', 'bom-ref': 'api', name: 'api-client' }],
        services: [{ 'bom-ref': 'x', name: 'x', services: [{ 'bom-ref': 'api', name: 'api' }] }],
      }),
    );
    expect(r.issues).toEqual([expect.objectContaining({ code: 'duplicate-ref', location: '/services/0/services/0/bom-ref' })]);
  });

  it('the metadata component listed again in components is a duplicate (a real tool mistake)', () => {
    const fw = { type: 'firmware', 'bom-ref': 'fw', name: 'fw' };
    const r = parseCycloneDxJson(minimal({ metadata: { component: fw }, components: [fw] }));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'duplicate-ref', location: '/components/0/bom-ref' })]);
  });

  it('dependency refs that name nothing are dangling-dependency warnings', () => {
    const r = parseCycloneDxJson(
      minimal({
        components: [{ type: 'library', 'bom-ref': 'a', name: 'a' }],
        dependencies: [{ ref: 'a', dependsOn: ['ghost'] }, { ref: 'phantom' }],
      }),
    );
    expect(r.document).toBeDefined();
    expect(r.issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'dangling-dependency', location: '/dependencies/0', message: expect.stringContaining('"ghost"') }),
      expect.objectContaining({ severity: 'warning', code: 'dangling-dependency', location: '/dependencies/1', message: expect.stringContaining('"phantom"') }),
    ]);
  });

  it('cycles are dependency-cycle warnings, one per strongly connected set, self-loops included', () => {
    const components = ['a', 'b', 'c', 'd', 'e'].map((r) => ({ type: 'library', 'bom-ref': r, name: r }));
    const r = parseCycloneDxJson(
      minimal({
        components,
        dependencies: [
          { ref: 'a', dependsOn: ['b'] },
          { ref: 'b', dependsOn: ['c'] },
          { ref: 'c', dependsOn: ['a', 'd'] },
          { ref: 'd', dependsOn: [] },
          { ref: 'e', dependsOn: ['e'] },
        ],
      }),
    );
    expect(r.document).toBeDefined();
    const cycles = r.issues.filter((i) => i.code === 'dependency-cycle').map((i) => i.message).sort();
    expect(cycles).toEqual(['Dependency cycle among: a, b, c.', 'Dependency cycle among: e.']);
  });

  it('finds a cycle through 50,000 nodes without overflowing the stack', () => {
    const n = 50_000;
    const deps = Array.from({ length: n }, (_, i) => ({ ref: `n${i}`, dependsOn: [`n${(i + 1) % n}`] }));
    const components = deps.map((d) => ({ type: 'library', 'bom-ref': d.ref, name: d.ref }));
    const r = parseCycloneDxJson(minimal({ components, dependencies: deps }));
    expect(r.issues.filter((i) => i.code === 'dependency-cycle')).toHaveLength(1);
    expect(r.issues[0]?.message).toContain('(50000 in all)');
  });

  it('invalid purls are warnings with the pointer of the purl', () => {
    const r = parseCycloneDxJson(minimal({ components: [{ type: 'library', name: 'x', purl: 'npm/left-pad@1.3.0' }] }));
    expect(r.document).toBeDefined();
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'invalid-purl', location: '/components/0/purl' })]);
  });
});

function nested(depth: number): Record<string, unknown> {
  let c: Record<string, unknown> = { type: 'library', 'bom-ref': `c${depth}`, name: `c${depth}` };
  for (let i = depth - 1; i >= 1; i--) c = { type: 'library', 'bom-ref': `c${i}`, name: `c${i}`, components: [c] };
  return c;
}

describe('nesting', () => {
  it(`reads ${MAX_COMPONENT_NESTING} levels of nested components with parentRef chains`, () => {
    const doc = read(parseCycloneDxJson(minimal({ components: [nested(MAX_COMPONENT_NESTING)] })));
    expect(doc.components).toHaveLength(100);
    expect(doc.components[99]).toMatchObject({ ref: 'c100', parentRef: 'c99' });
  });

  it(`refuses ${MAX_COMPONENT_NESTING + 1} levels with nesting-too-deep`, () => {
    const r = parseCycloneDxJson(minimal({ components: [nested(MAX_COMPONENT_NESTING + 1)] }));
    expect(r.document).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ code: 'nesting-too-deep', location: `/components/0${'/components/0'.repeat(99)}/components` })]);
  });

  it('refuses absurdly deep JSON before the schema validator could overflow', () => {
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    expect(parseCycloneDxJson(text).issues).toEqual([expect.objectContaining({ code: 'nesting-too-deep' })]);
  });

  it('refuses input over the size limit', () => {
    expect(parseCycloneDxJson(minimal(), { maxLength: 10 }).issues[0]?.code).toBe('too-large');
  });
});

describe('refs and licences', () => {
  it('generates refs from the purl, else from the position, never colliding with written bom-refs', () => {
    const r = parseCycloneDxJson(
      minimal({
        components: [
          { type: 'library', 'bom-ref': 'pkg:generic/zlib@1.3.1', name: 'zlib' },
          { type: 'library', name: 'zlib copy', purl: 'pkg:generic/zlib@1.3.1' },
          { type: 'library', name: 'openssl', purl: 'pkg:generic/openssl@3.0.13' },
          { type: 'firmware', name: 'blob', components: [{ type: 'file', name: 'boot.bin' }] },
        ],
      }),
    );
    expect(read(r).components.map((c) => [c.ref, c.parentRef])).toEqual([
      ['pkg:generic/zlib@1.3.1', undefined],
      ['pkg:generic/zlib@1.3.1#/components/1', undefined],
      ['pkg:generic/openssl@3.0.13', undefined],
      ['component:/components/3', undefined],
      ['component:/components/3/components/0', 'component:/components/3'],
    ]);
  });

  it('turns ids, names and expressions into one SPDX expression', () => {
    const lic = (licenses: unknown[]): string | undefined =>
      read(parseCycloneDxJson(minimal({ components: [{ type: 'library', name: 'x', licenses }] }, '1.4'))).components[0]?.license;
    expect(lic([{ license: { id: 'MIT' } }, { license: { id: 'Apache-2.0' } }])).toBe('MIT AND Apache-2.0');
    expect(lic([{ license: { name: 'MIT' } }])).toBe('MIT');
    expect(lic([{ license: { name: 'The Apache Software License, Version 2.0' } }])).toBe('LicenseRef-The-Apache-Software-License-Version-2.0');
    expect(lic([{ expression: 'GPL-2.0-only WITH Classpath-exception-2.0' }, { license: { id: 'MIT' } }])).toBe(
      '(GPL-2.0-only WITH Classpath-exception-2.0) AND MIT',
    );
  });

  it('an invalid licence expression is kept as a LicenseRef with a warning', () => {
    const r = parseCycloneDxJson(minimal({ components: [{ type: 'library', name: 'x', licenses: [{ expression: 'GPL or whatever' }] }], }, '1.4'));
    expect(r.document?.components[0]?.license).toBe('LicenseRef-GPL-or-whatever');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'invalid-license-expression', location: '/components/0/licenses/0/expression' })]);
  });

  it('reads 1.5 tool components and services', () => {
    const doc = read(
      parseCycloneDxJson(
        minimal(
          {
            metadata: {
              tools: {
                components: [{ type: 'application', name: 'syft', version: '1.0.1', supplier: { name: 'Anchore, Inc.' } }],
                services: [{ name: 'scanner-api', provider: { name: 'Example' } }],
              },
            },
          },
          '1.5',
        ),
      ),
    );
    expect(doc.tools).toEqual([
      { vendor: 'Anchore, Inc.', name: 'syft', version: '1.0.1' },
      { vendor: 'Example', name: 'scanner-api' },
    ]);
  });
});
