import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentType, SbomComponent, SbomDocument } from '../sbom/model.js';
import { parseCycloneDxJson, parseCycloneDxXml, serializeCycloneDxJson, serializeCycloneDxXml, SUPPORTED_VERSIONS } from './index.js';
import { fixture, normalize, strictValidate } from './test-support.js';

function read(text: string, xml = false): SbomDocument {
  const r = xml ? parseCycloneDxXml(text) : parseCycloneDxJson(text);
  expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  if (!r.document) throw new Error('no document');
  return r.document;
}

const device = (): SbomDocument => read(fixture('device-firmware.cdx-1.6.json'));
const withoutVersion = (d: SbomDocument): Omit<SbomDocument, 'specVersion'> => {
  const { specVersion: _ignored, ...rest } = normalize(d);
  return rest;
};

describe('JSON output validates with the official strict validator and reads back to the same model', () => {
  for (const source of SUPPORTED_VERSIONS) {
    for (const target of ['1.4', '1.5', '1.6'] as const) {
      it(`fixture ${source} → JSON ${target}`, async () => {
        const doc = read(fixture(`device-firmware.cdx-${source}.json`));
        const out = serializeCycloneDxJson(doc, target);
        expect(await strictValidate(out.text, target)).toBeNull();
        const lossy = source === '1.6' && target !== '1.6';
        expect(out.issues.map((i) => i.code)).toEqual(lossy ? ['not-representable'] : []);
        const back = read(out.text);
        if (!lossy) expect(withoutVersion(back)).toEqual(withoutVersion(doc));
      });
    }
  }

  it('1.2 and 1.3 outputs validate with the strict 1.2/1.3 schemas', async () => {
    for (const v of ['1.2', '1.3'] as const) {
      const out = serializeCycloneDxJson(device(), v);
      expect(await strictValidate(out.text, v)).toBeNull();
    }
  });
});

describe('what a version cannot hold is reported, never silently dropped', () => {
  it('several component authors before 1.6 are joined, with a warning', () => {
    const out = serializeCycloneDxJson(device(), '1.5');
    expect(out.issues).toEqual([
      {
        severity: 'warning',
        code: 'not-representable',
        message: 'Component "zlib" has 2 authors; CycloneDX 1.5 holds one author text, so they are joined with ", ".',
      },
    ]);
    expect(read(out.text).components.find((c) => c.ref === 'zlib')?.authors).toEqual(['Jean-loup Gailly, Mark Adler']);
  });

  it('1.2 has no properties: each owner of left-out properties is named, support properties included', () => {
    const out = serializeCycloneDxJson(device(), '1.2');
    const messages = out.issues.filter((i) => i.message.includes('no properties')).map((i) => i.message);
    expect(messages).toEqual([
      'CycloneDX 1.2 has no properties; 1 of component "gateway" left out (vigil:support:level).',
      'CycloneDX 1.2 has no properties; 1 of component "openssl" left out (vigil:support:end-of-support).',
      'CycloneDX 1.2 has no properties; 2 of the document left out (vigil:support:level, vigil:support:end-of-support).',
      'CycloneDX 1.2 has no properties; 1 of service "telemetry" left out (vigil:support:level).',
    ]);
  });

  it('types, reference types, serial numbers and names the target lacks', () => {
    const base = device();
    const cbom: SbomComponent = { ...(base.components[3] as SbomComponent), ref: 'aes', type: 'cryptographic-asset', name: 'AES-256-GCM', purl: undefined, externalReferences: [{ type: 'release-notes', url: 'https://example.com/rn' }] };
    const doc: SbomDocument = { ...base, serialNumber: 'https://spdx.org/spdxdocs/pump-4.2.0', name: 'Pump SBOM', components: [...base.components, cbom] };
    const out14 = serializeCycloneDxJson(doc, '1.4');
    const messages = out14.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'serialNumber "https://spdx.org/spdxdocs/pump-4.2.0" is not a urn:uuid; CycloneDX cannot hold it.',
        'The document name "Pump SBOM" is not the name of a described component; CycloneDX has no separate document name.',
        'Component "aes" has type "cryptographic-asset", which CycloneDX 1.4 lacks; written as "library".',
      ]),
    );
    const out13 = serializeCycloneDxJson(doc, '1.3');
    expect(out13.issues.map((i) => i.message)).toContain('External reference type "release-notes" of "aes" does not exist in CycloneDX 1.3; written as "other".');
    expect(serializeCycloneDxJson(doc, '1.6').issues.map((i) => i.message).some((m) => m.includes('cryptographic-asset'))).toBe(false);
  });

  it('a BOM version below 1 is written as 1, with a warning', async () => {
    const out = serializeCycloneDxJson({ ...device(), version: 0 }, '1.6');
    expect(out.issues.map((i) => i.message)).toEqual(['BOM version 0 is not an integer of at least 1; written as 1.']);
    expect(await strictValidate(out.text, '1.6')).toBeNull();
  });

  it('an unsupported target version is an error, not a guess', () => {
    expect(serializeCycloneDxJson(device(), '1.7').issues).toEqual([expect.objectContaining({ severity: 'error', code: 'unsupported-version' })]);
    expect(serializeCycloneDxXml(device(), '1.1').issues[0]?.code).toBe('unsupported-version');
  });
});

describe('deterministic output', () => {
  it('the same content in another order gives the same text', () => {
    const doc = device();
    const shuffled: SbomDocument = {
      ...doc,
      components: [...doc.components].reverse().map((c) => ({ ...c, hashes: [...c.hashes].reverse(), externalReferences: [...c.externalReferences].reverse() })),
      dependencies: [...doc.dependencies].reverse().map((d) => ({ ...d, dependsOn: [...d.dependsOn].reverse() })),
      properties: [...doc.properties].reverse(),
    };
    expect(serializeCycloneDxJson(shuffled).text).toBe(serializeCycloneDxJson(doc).text);
    expect(serializeCycloneDxXml(shuffled).text).toBe(serializeCycloneDxXml(doc).text);
  });

  it('puts the subject in metadata.component with its nested components, sorted by ref', () => {
    const bom = JSON.parse(serializeCycloneDxJson(device()).text) as { metadata: { component: { 'bom-ref': string; components: { 'bom-ref': string }[] } }; components: { 'bom-ref': string }[] };
    expect(bom.metadata.component['bom-ref']).toBe('fw');
    expect(bom.metadata.component.components.map((c) => c['bom-ref'])).toEqual(['busybox', 'freertos']);
    expect(bom.components.map((c) => c['bom-ref'])).toEqual(['gateway', 'openssl', 'zlib']);
  });
});

describe('XML output', () => {
  for (const v of SUPPORTED_VERSIONS) {
    it(`${v}: namespace, re-parses, same model as the JSON reading`, () => {
      const doc = read(fixture(`device-firmware.cdx-${v}.json`));
      const out = serializeCycloneDxXml(doc, v);
      expect(out.issues).toEqual([]);
      expect(out.text).toContain(`<bom xmlns="http://cyclonedx.org/schema/bom/${v}" serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79" version="3">`);
      expect(withoutVersion(read(out.text, true))).toEqual(withoutVersion(doc));
    });
  }

  it('XML → model → JSON 1.6 validates (cross-format)', async () => {
    for (const v of SUPPORTED_VERSIONS) {
      const doc = read(fixture(`device-firmware.cdx-${v}.xml`), true);
      const out = serializeCycloneDxJson(doc, '1.6');
      expect(await strictValidate(out.text, '1.6')).toBeNull();
      expect(withoutVersion(read(out.text))).toEqual(withoutVersion(doc));
    }
  });

  it('leaves out scp-style git URLs that xs:anyURI refuses, with a warning; JSON keeps them', () => {
    const doc = device();
    const withGit: SbomDocument = {
      ...doc,
      components: doc.components.map((c) => (c.ref === 'zlib' ? { ...c, externalReferences: [{ type: 'vcs', url: 'git@github.com:madler/zlib.git' }] } : c)),
    };
    const xml = serializeCycloneDxXml(withGit);
    expect(xml.issues.map((i) => i.message)).toEqual(['External reference "git@github.com:madler/zlib.git" of "zlib" is not a URI reference that XML (xs:anyURI) accepts; left out.']);
    expect(xml.text).not.toContain('git@github.com');
    const json = serializeCycloneDxJson(withGit);
    expect(json.issues).toEqual([]);
    expect(read(json.text).components.find((c) => c.ref === 'zlib')?.externalReferences).toEqual([{ type: 'vcs', url: 'git@github.com:madler/zlib.git' }]);
  });

  it('escapes markup in values', () => {
    const doc = device();
    const tricky: SbomDocument = { ...doc, components: doc.components.map((c) => (c.ref === 'zlib' ? { ...c, description: 'a < b && "c" > \'d\' ]]>' } : c)) };
    const out = serializeCycloneDxXml(tricky);
    expect(read(out.text, true).components.find((c) => c.ref === 'zlib')?.description).toBe('a < b && "c" > \'d\' ]]>');
  });
});

const TYPES: readonly ComponentType[] = ['application', 'framework', 'library', 'container', 'operating-system', 'device', 'firmware', 'file'];
const HASHES = [
  { alg: 'SHA-256', content: '88525753f79d3bec27d2fa7c66aa0b92b3aa9498dafd93d7cfa4b3780cdae313' },
  { alg: 'SHA-1', content: '779f60f3844dadc3ef597976fcb1e5127b1f343d' },
];
const LICENSES = ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0', 'MIT OR Apache-2.0', 'LicenseRef-Vendor-EULA'];
const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .<>&'"_-]{0,12}[A-Za-z0-9]$/u);

const componentArb = (ref: string): fc.Arbitrary<SbomComponent> =>
  fc.record(
    {
      ref: fc.constant(ref),
      type: fc.constantFrom(...TYPES),
      name: word,
      group: word,
      version: fc.stringMatching(/^\d{1,2}\.\d{1,2}\.\d{1,2}$/u),
      description: word,
      purl: fc.constant(`pkg:generic/${ref}@1.0.0`),
      supplier: word,
      authors: fc.array(word, { maxLength: 1 }),
      license: fc.constantFrom(...LICENSES),
      hashes: fc.subarray(HASHES),
      scope: fc.constantFrom('required' as const, 'optional' as const, 'excluded' as const),
      externalReferences: fc.array(fc.record({ type: fc.constantFrom('vcs', 'website', 'advisories'), url: fc.constant(`https://example.com/${ref}`) }), { maxLength: 1 }),
      properties: fc.array(fc.record({ name: fc.constantFrom('vigil:support:level', 'vigil:support:end-of-support', 'x:y'), value: word }), { maxLength: 3 }),
    },
    { requiredKeys: ['ref', 'type', 'name', 'authors', 'hashes', 'externalReferences', 'properties'] },
  );

const documentArb: fc.Arbitrary<SbomDocument> = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => {
    const refs = Array.from({ length: n }, (_, i) => `c${i}`);
    return fc.record({
      components: fc.tuple(...refs.map(componentArb)),
      parents: fc.tuple(...refs.map((_, i) => (i === 0 ? fc.constant(undefined) : fc.option(fc.constantFrom(...refs.slice(0, i)), { nil: undefined })))),
      deps: fc.array(fc.record({ ref: fc.constantFrom(...refs), dependsOn: fc.uniqueArray(fc.constantFrom(...refs), { maxLength: 3 }) }), { maxLength: 4 }),
      created: fc.constantFrom('2024-03-01T12:00:00Z', '2023-11-30T08:15:00.123+01:00'),
      authors: fc.array(word, { maxLength: 2 }),
      withSubject: fc.boolean(),
    });
  })
  .map(({ components, parents, deps, created, authors, withSubject }) => {
    const comps = components.map((c, i) => (parents[i] === undefined ? c : { ...c, parentRef: parents[i] }));
    const first = comps[0] as SbomComponent;
    return {
      format: 'cyclonedx',
      specVersion: '1.6',
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      version: 1,
      created,
      authors,
      tools: [{ vendor: 'OWASP', name: 'cdxgen', version: '10.2.1' }],
      components: comps,
      services: [],
      dependencies: deps,
      properties: [],
      ...(withSubject ? { subjectRef: first.ref, name: first.name } : {}),
    } satisfies SbomDocument;
  });

describe('property: generated models survive JSON 1.6 and XML 1.6 round trips', () => {
  it('model → JSON → model and model → XML → model are equal up to order; JSON validates', async () => {
    await fc.assert(
      fc.asyncProperty(documentArb, async (doc) => {
        const json = serializeCycloneDxJson(doc, '1.6');
        expect(json.issues).toEqual([]);
        expect(await strictValidate(json.text, '1.6')).toBeNull();
        expect(normalize(read(json.text))).toEqual(normalize(doc));
        const xml = serializeCycloneDxXml(doc, '1.6');
        expect(normalize(read(xml.text, true))).toEqual(normalize(doc));
      }),
      { numRuns: 60 },
    );
  });
});
