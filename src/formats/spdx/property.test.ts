import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentType, SbomComponent, SbomDocument } from '../sbom/model.js';
import { parseSpdxJson, parseSpdxTagValue, serializeSpdxJson, serializeSpdxTagValue } from './index.js';
import schema23 from './schemas/spdx-2.3.schema.json' with { type: 'json' };

const validate23 = new Ajv({ strict: false, allErrors: true }).compile(schema23);

// Free text as SBOMs carry it: any characters but CR (tag-value lines end at CR) and "</text>"
// (tag-value cannot quote it); both limits are documented. NOASSERTION/NONE mean "absent" in SPDX.
const text = fc
  .string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ':', '-', '\n', '<', '>', '=', '#', 'é', '©', '"', '\\', '/'), maxLength: 24 })
  .filter((s) => !s.includes('</text>') && s !== 'NOASSERTION' && s !== 'NONE');
// Agent names are trimmed by SPDX's "Person: name" syntax.
const agentName = text.map((s) => s.trim()).filter((s) => s !== '' && s !== 'NOASSERTION' && s !== 'NONE');
const token = fc.string({ unit: fc.constantFrom('a', 'b', 'z', '0', '9', '.', '-'), minLength: 1, maxLength: 8 });
const hex = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });

const types: ComponentType[] = [
  'application', 'framework', 'library', 'container', 'platform', 'operating-system', 'device', 'device-driver',
  'firmware', 'machine-learning-model', 'data', 'cryptographic-asset',
];

const hash = fc.oneof(
  hex(40).map((content) => ({ alg: 'SHA-1', content })),
  hex(64).map((content) => ({ alg: 'SHA-256', content })),
  hex(32).map((content) => ({ alg: 'MD5', content })),
  hex(64).map((content) => ({ alg: 'SHA3-256', content })),
);

const property = fc.record({
  name: fc.tuple(fc.constantFrom('acme:', 'vigil:support:', 'x.'), token).map(([a, b]) => a + b),
  value: text,
});

const reference = fc.record(
  {
    type: fc.constantFrom('vcs', 'issue-tracker', 'advisories', 'SECURITY/advisory', 'PERSISTENT-ID/swh', 'OTHER/bower'),
    url: token.map((t) => `https://example.org/${t}`),
    comment: text,
  },
  { requiredKeys: ['type', 'url'] },
);

function componentArb(ref: string): fc.Arbitrary<SbomComponent> {
  return fc.record(
    {
      ref: fc.constant(ref),
      type: fc.constantFrom(...types),
      name: text,
      group: text,
      version: text,
      description: text,
      purl: fc.constantFrom('pkg:pypi/requests@2.31.0', 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64'),
      cpe: fc.constantFrom('cpe:2.3:a:openssl:openssl:3.0.17:*:*:*:*:*:*:*', 'cpe:/a:zlib:zlib:1.2.13'),
      supplier: agentName,
      authors: fc.array(agentName, { maxLength: 3 }),
      publisher: text,
      license: fc.constantFrom('MIT', 'Apache-2.0 OR MIT', 'LicenseRef-Proprietary', 'GPL-2.0-or-later WITH Classpath-exception-2.0'),
      copyright: text.filter((s) => s.trim() !== ''),
      hashes: fc.array(hash, { maxLength: 3 }),
      scope: fc.constantFrom('required' as const, 'optional' as const, 'excluded' as const),
      externalReferences: fc.array(reference, { maxLength: 3 }),
      properties: fc.array(property, { maxLength: 3 }),
    },
    { requiredKeys: ['ref', 'type', 'name', 'authors', 'hashes', 'externalReferences', 'properties'] },
  );
}

const documentArb: fc.Arbitrary<SbomDocument> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => {
    const refs = Array.from({ length: n }, (_, i) => `SPDXRef-c${i}`);
    const deps = fc.uniqueArray(fc.constantFrom(...refs), { minLength: 0, maxLength: n }).chain((from) =>
      fc.tuple(...from.map((ref) => fc.uniqueArray(fc.constantFrom(...refs), { minLength: 1, maxLength: n }).map((dependsOn) => ({ ref, dependsOn })))),
    );
    return fc.record(
      {
        format: fc.constant('cyclonedx' as const),
        specVersion: fc.constant('1.6'),
        serialNumber: fc.uuid().map((u) => `urn:uuid:${u}`),
        version: fc.integer({ min: 1, max: 99 }),
        name: text,
        created: fc.constant('2024-06-12T09:30:00Z'),
        authors: fc.uniqueArray(agentName, { maxLength: 2 }),
        tools: fc.array(fc.record({ vendor: agentName, name: fc.constantFrom('syft', 'cyclonedx-python'), version: fc.constantFrom('0.105.0', '4.1.0') }, { requiredKeys: ['name', 'version'] }), { maxLength: 2 }),
        subjectRef: fc.constantFrom(...refs),
        components: fc.tuple(...refs.map(componentArb)),
        services: fc.array(fc.record({ ref: token, name: text, endpoints: fc.array(token.map((t) => `https://api.example.org/${t}`), { maxLength: 2 }), properties: fc.constant([]) }), { maxLength: 2 }),
        dependencies: deps,
        properties: fc.array(property, { maxLength: 2 }),
      },
      // serialNumber and created are always set: without them the writer fills in values (a generated namespace, the epoch) that read back as values.
      { requiredKeys: ['format', 'specVersion', 'serialNumber', 'created', 'authors', 'tools', 'components', 'services', 'dependencies', 'properties'] },
    );
  });

/** What a reader gives back for a written model: the SPDX format, and a supplier that SPDX can only state as an Organization creator. */
function expected(d: SbomDocument): Omit<SbomDocument, 'specVersion'> {
  const { specVersion: _v, ...rest } = d;
  return { ...rest, format: 'spdx' };
}

function actual(d: SbomDocument | undefined): Omit<SbomDocument, 'specVersion'> | undefined {
  if (d === undefined) return undefined;
  const { specVersion: _v, ...rest } = d;
  return rest;
}

describe('property: model → SPDX 2.3 → model', () => {
  it('JSON validates and reads back equal; tag-value reads back equal', () => {
    fc.assert(
      fc.property(documentArb, (d) => {
        const json = serializeSpdxJson(d);
        expect(json.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(validate23(JSON.parse(json.text))).toBe(true);
        const fromJson = parseSpdxJson(json.text);
        expect(fromJson.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(actual(fromJson.document)).toEqual(expected(d));
        const fromTv = parseSpdxTagValue(serializeSpdxTagValue(d).text);
        expect(fromTv.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(actual(fromTv.document)).toEqual(expected(d));
      }),
      { numRuns: 300 },
    );
  });
});
