import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { SbomComponent, SbomDocument, SbomIssue } from '../sbom/model.js';
import { parseSpdxJson, parseSpdxTagValue, serializeSpdxJson, serializeSpdxTagValue } from './index.js';
import schema22 from './schemas/spdx-2.2.schema.json' with { type: 'json' };
import schema23 from './schemas/spdx-2.3.schema.json' with { type: 'json' };

const fixture = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

// An independent validator compiled here, so a bug in ./schema.ts cannot hide an invalid output.
const ajv = new Ajv({ strict: false, allErrors: true });
const validate23 = ajv.compile(schema23);
const validate22 = ajv.compile(schema22);

function doc(result: { document?: SbomDocument; issues: readonly SbomIssue[] }): SbomDocument {
  if (result.document === undefined) throw new Error(`no document: ${JSON.stringify(result.issues)}`);
  return result.document;
}

function component(d: SbomDocument, ref: string): SbomComponent {
  const c = d.components.find((x) => x.ref === ref);
  if (c === undefined) throw new Error(`no component ${ref}`);
  return c;
}

/** Models compared across SPDX versions: everything but the version they were read from. */
function comparable(d: SbomDocument): Omit<SbomDocument, 'specVersion'> {
  const { specVersion: _ignored, ...rest } = d;
  return rest;
}

function codes(issues: readonly SbomIssue[]): string[] {
  return issues.map((i) => i.code);
}

const debianJson = fixture('debian-gateway-2.3.spdx.json');
const debianTv = fixture('debian-gateway-2.3.spdx');
const pythonJson = fixture('python-app-2.2.spdx.json');
const pythonTv = fixture('python-app-2.2.spdx');

describe('official schemas', () => {
  it('are the SPDX 2.2 and 2.3 draft-07 schemas', () => {
    expect(schema23.title).toBe('SPDX 2.3');
    expect(schema23.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema22.title).toBe('SPDX 2.2');
    expect(schema23.properties.packages.items.properties.primaryPackagePurpose.enum).toContain('OPERATING_SYSTEM');
    expect(schema22.properties.packages.items.required).toEqual(['SPDXID', 'copyrightText', 'downloadLocation', 'licenseConcluded', 'licenseDeclared', 'name']);
  });

  it('accept the hand-written fixtures', () => {
    expect(validate23(JSON.parse(debianJson))).toBe(true);
    expect(validate22(JSON.parse(pythonJson))).toBe(true);
  });
});

describe('parseSpdxJson: SPDX 2.3 Debian fixture', () => {
  const result = parseSpdxJson(debianJson);
  const d = doc(result);

  it('reads without issues', () => {
    expect(result.issues).toEqual([]);
    expect(d.format).toBe('spdx');
    expect(d.specVersion).toBe('2.3');
  });

  it('maps the document header', () => {
    expect(d.serialNumber).toBe('https://sbom.example.org/spdx/gateway-image-2024.06-7f4c2a4e-0b8d-4c71-9d8e-2f1f0c6a9b11');
    expect(d.name).toBe('gateway-image-2024.06');
    expect(d.created).toBe('2024-06-12T09:30:00Z');
    expect(d.authors).toEqual(['Example Medical Devices Inc.', 'Jane Doe (jane.doe@example.org)']);
    expect(d.supplier).toBe('Example Medical Devices Inc.');
    expect(d.tools).toEqual([{ name: 'syft', version: '0.105.0' }]);
    expect(d.subjectRef).toBe('SPDXRef-gateway-image');
  });

  it('maps a package with purl, cpe, checksums, licence, annotations', () => {
    expect(component(d, 'SPDXRef-Package-deb-openssl')).toEqual({
      ref: 'SPDXRef-Package-deb-openssl',
      type: 'application',
      name: 'openssl',
      version: '3.0.17-1~deb12u2',
      purl: 'pkg:deb/debian/openssl@3.0.17-1~deb12u2?arch=amd64&distro=debian-12',
      cpe: 'cpe:2.3:a:openssl:openssl:3.0.17:*:*:*:*:*:*:*',
      supplier: 'Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>',
      authors: [],
      license: 'Apache-2.0',
      copyright: 'Copyright 1998-2024 The OpenSSL Project Authors',
      hashes: [{ alg: 'SHA-256', content: '64c557f50e17118b1cebde87218dc8ce02cda70cf5c0d21156b214a97f2f3ae9' }],
      externalReferences: [
        { type: 'distribution', url: 'https://deb.debian.org/debian/pool/main/o/openssl/openssl_3.0.17-1~deb12u2_amd64.deb' },
        { type: 'website', url: 'https://www.openssl.org/' },
      ],
      properties: [
        { name: 'spdx:supplier-kind', value: 'Person' },
        { name: 'vigil:support:end-of-support', value: '2026-06-10' },
        { name: 'spdx:annotation', value: 'Checked against\nthe Debian security tracker.' },
      ],
      parentRef: 'SPDXRef-gateway-image',
    });
  });

  it('maps primaryPackagePurpose, concluded licence when declared is NOASSERTION, MD5 and files', () => {
    expect(component(d, 'SPDXRef-gateway-image').type).toBe('operating-system');
    const zlib = component(d, 'SPDXRef-Package-deb-zlib1g');
    expect(zlib.type).toBe('library');
    expect(zlib.license).toBe('Zlib');
    expect(zlib.version).toBe('1:1.2.13.dfsg-1');
    expect(zlib.hashes.map((h) => h.alg)).toEqual(['MD5', 'SHA-256']);
    const file = component(d, 'SPDXRef-File-libz.so.1.2.13');
    expect(file.type).toBe('file');
    expect(file.parentRef).toBe('SPDXRef-Package-deb-zlib1g');
    expect(file.hashes).toEqual([
      { alg: 'SHA-1', content: 'f36fb4ad7920a16f8f2af0bbd6cea7a33c57278c' },
      { alg: 'SHA-256', content: '7e2a72b4c4b38c61e6962de6e3f4a5e9ae692e732c68deead10a7ce2135a7f68' },
      { alg: 'MD5', content: 'c7c774d91213e966a04b2e51c787be23' },
    ]);
  });

  it('turns DEPENDENCY_OF around and CONTAINS into parentRef', () => {
    expect(d.dependencies).toEqual([{ ref: 'SPDXRef-Package-deb-openssl', dependsOn: ['SPDXRef-Package-deb-libssl3'] }]);
    expect(component(d, 'SPDXRef-Package-deb-libssl3').parentRef).toBe('SPDXRef-gateway-image');
  });
});

describe('parseSpdxJson: SPDX 2.2 Python fixture', () => {
  const result = parseSpdxJson(pythonJson);
  const d = doc(result);

  it('reads without issues and maps 2.2 spellings', () => {
    expect(result.issues).toEqual([]);
    expect(d.specVersion).toBe('2.2');
    const requests = component(d, 'SPDXRef-Package-pypi-requests-2.31.0');
    expect(requests.purl).toBe('pkg:pypi/requests@2.31.0');
    expect(requests.hashes).toEqual([{ alg: 'SHA-256', content: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f' }]);
    expect(requests.authors).toEqual(['Kenneth Reitz (me@kennethreitz.org)']);
    expect(requests.supplier).toBeUndefined();
    expect(requests.externalReferences).toContainEqual({ type: 'vcs', url: 'https://github.com/psf/requests', comment: 'upstream repository' });
  });

  it('maps documentDescribes, RUNTIME_DEPENDENCY_OF, LicenseRef and relationships to NOASSERTION', () => {
    expect(d.subjectRef).toBe('SPDXRef-Package-telemetry-uploader');
    expect(d.dependencies).toEqual([
      { ref: 'SPDXRef-Package-telemetry-uploader', dependsOn: ['SPDXRef-Package-pypi-requests-2.31.0'] },
      { ref: 'SPDXRef-Package-pypi-requests-2.31.0', dependsOn: ['SPDXRef-Package-pypi-urllib3-2.0.7'] },
    ]);
    const app = component(d, 'SPDXRef-Package-telemetry-uploader');
    expect(app.license).toBe('LicenseRef-Proprietary-Example');
    expect(app.authors).toEqual(['Jane Doe']);
    expect(app.properties).toEqual([{ name: 'spdx:relationship', value: 'GENERATED_FROM NOASSERTION' }]);
    expect(d.tools).toEqual([{ name: 'spdx-sbom-generator', version: 'v0.0.15' }]);
  });
});

describe('tag-value fixtures', () => {
  it('read into the same model as their JSON twins', () => {
    const tv = parseSpdxTagValue(debianTv);
    expect(tv.issues).toEqual([]);
    expect(doc(tv)).toEqual(doc(parseSpdxJson(debianJson)));
    const py = parseSpdxTagValue(pythonTv);
    expect(py.issues).toEqual([]);
    expect(doc(py)).toEqual(doc(parseSpdxJson(pythonJson)));
  });
});

describe('round trips', () => {
  for (const [name, text] of [['debian 2.3', debianJson], ['python 2.2', pythonJson]] as const) {
    it(`${name}: JSON → model → SPDX 2.3 JSON (valid) → model is equal`, () => {
      const first = doc(parseSpdxJson(text));
      const out = serializeSpdxJson(first);
      expect(out.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(validate23(JSON.parse(out.text)), JSON.stringify(validate23.errors)).toBe(true);
      const second = parseSpdxJson(out.text);
      expect(second.issues).toEqual([]);
      expect(comparable(doc(second))).toEqual(comparable(first));
    });

    it(`${name}: SPDX 2.2 JSON output validates against the 2.2 schema and reads back equal`, () => {
      const first = doc(parseSpdxJson(text));
      const out = serializeSpdxJson(first, '2.2');
      expect(validate22(JSON.parse(out.text)), JSON.stringify(validate22.errors)).toBe(true);
      const back = doc(parseSpdxJson(out.text));
      // 2.2 has no primaryPackagePurpose: non-library types travel in an annotation and come back.
      expect(back.components.map((c) => c.type)).toEqual(first.components.map((c) => c.type));
      expect(back.dependencies).toEqual(first.dependencies);
    });

    it(`${name}: tag-value → model → tag-value → model is equal, and JSON ↔ tag-value agree`, () => {
      const fromJson = doc(parseSpdxJson(text));
      const tv = serializeSpdxTagValue(fromJson);
      const fromTv = parseSpdxTagValue(tv.text);
      expect(fromTv.issues).toEqual([]);
      expect(comparable(doc(fromTv))).toEqual(comparable(fromJson));
      const again = parseSpdxTagValue(serializeSpdxTagValue(doc(fromTv)).text);
      expect(doc(again)).toEqual(doc(fromTv));
      const json = serializeSpdxJson(doc(fromTv));
      expect(comparable(doc(parseSpdxJson(json.text)))).toEqual(comparable(fromJson));
    });
  }

  it('output is deterministic', () => {
    const d = doc(parseSpdxJson(debianJson));
    expect(serializeSpdxJson(d).text).toBe(serializeSpdxJson(structuredClone(d)).text);
    expect(serializeSpdxTagValue(d).text).toBe(serializeSpdxTagValue(structuredClone(d)).text);
  });
});

const base = {
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 't',
  documentNamespace: 'https://example.org/t',
  creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: test-1.0'] },
};

function pkg(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { SPDXID: id, name: id.replace('SPDXRef-', ''), downloadLocation: 'NOASSERTION', ...extra };
}

describe('invalid JSON documents', () => {
  it('names schema violations by JSON pointer', () => {
    const text = JSON.stringify({
      ...base,
      creationInfo: { created: '2024-01-01T00:00:00Z' },
      packages: [pkg('SPDXRef-a', { checksums: [{ algorithm: 'SHA-256', checksumValue: 'ab' }], bogus: 1 })],
    });
    const r = parseSpdxJson(text);
    const errors = r.issues.filter((i) => i.code === 'schema');
    expect(errors.map((i) => i.location).sort()).toEqual(['/creationInfo/creators', '/packages/0/bogus', '/packages/0/checksums/0/algorithm']);
    expect(errors.every((i) => i.severity === 'error')).toBe(true);
    expect(r.document?.components).toHaveLength(1);
  });

  it('applies the 2.2 schema to SPDX-2.2 documents (copyrightText and licences mandatory)', () => {
    const r = parseSpdxJson(JSON.stringify({ ...base, spdxVersion: 'SPDX-2.2', packages: [pkg('SPDXRef-a')] }));
    expect(r.issues.filter((i) => i.code === 'schema').map((i) => i.location).sort()).toEqual([
      '/packages/0/copyrightText',
      '/packages/0/licenseConcluded',
      '/packages/0/licenseDeclared',
    ]);
  });

  it('rejects unsupported versions, non-objects, invalid JSON', () => {
    expect(parseSpdxJson(JSON.stringify({ ...base, spdxVersion: 'SPDX-2.1' })).issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'unsupported-version', location: '/spdxVersion' }),
    ]);
    expect(parseSpdxJson(JSON.stringify({ ...base, spdxVersion: 'SPDX-3.0' })).document).toBeUndefined();
    expect(codes(parseSpdxJson('[1]').issues)).toEqual(['json']);
    expect(codes(parseSpdxJson('{"spdxVersion": ').issues)).toEqual(['json']);
  });

  it('reports duplicate SPDXIDs as errors and keeps the first element', () => {
    const r = parseSpdxJson(JSON.stringify({ ...base, packages: [pkg('SPDXRef-a', { versionInfo: '1' }), pkg('SPDXRef-a', { versionInfo: '2' })] }));
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'duplicate-ref', location: '/packages/1/SPDXID' })]);
    expect(doc(r).components.map((c) => c.version)).toEqual(['1']);
  });

  it('warns about dangling relationships, but not about DocumentRef- elements', () => {
    const r = parseSpdxJson(
      JSON.stringify({
        ...base,
        packages: [pkg('SPDXRef-a')],
        relationships: [
          { spdxElementId: 'SPDXRef-a', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-missing' },
          { spdxElementId: 'SPDXRef-a', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'DocumentRef-other:SPDXRef-b' },
        ],
      }),
    );
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'dangling-dependency', location: '/relationships/0/relatedSpdxElement' })]);
    expect(doc(r).dependencies).toEqual([{ ref: 'SPDXRef-a', dependsOn: ['SPDXRef-missing', 'DocumentRef-other:SPDXRef-b'] }]);
  });

  it('warns about cycles, invalid purls and invalid licence expressions', () => {
    const r = parseSpdxJson(
      JSON.stringify({
        ...base,
        packages: [
          pkg('SPDXRef-a', { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:/no-type' }] }),
          pkg('SPDXRef-b', { licenseDeclared: 'Apache 2' }),
        ],
        relationships: [
          { spdxElementId: 'SPDXRef-a', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-b' },
          { spdxElementId: 'SPDXRef-b', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-a' },
        ],
      }),
    );
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'invalid-purl', location: '/packages/0/externalRefs/0/referenceLocator' }),
        expect.objectContaining({ code: 'invalid-license', location: '/packages/1/licenseDeclared' }),
        expect.objectContaining({ code: 'dependency-cycle', message: 'Dependency cycle: SPDXRef-a → SPDXRef-b → SPDXRef-a.' }),
      ]),
    );
    expect(r.issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(doc(r).components[1]?.license).toBe('Apache 2');
  });
});

describe('lenient reading', () => {
  it('reads checksum algorithms case-insensitively and warns about malformed SPDXIDs', () => {
    const r = parseSpdxJson(
      JSON.stringify({
        ...base,
        packages: [pkg('SPDXRef-a', { checksums: [{ algorithm: 'sha256', checksumValue: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f' }] }), pkg('bb33ffbc8fb4be81')],
      }),
    );
    expect(doc(r).components[0]?.hashes).toEqual([{ alg: 'SHA-256', content: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f' }]);
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'invalid-spdxid', location: '/packages/1/SPDXID' }));
    const out = JSON.parse(serializeSpdxJson(doc(r)).text);
    expect(out.packages.map((p: { SPDXID: string }) => p.SPDXID)).toEqual(['SPDXRef-a', 'SPDXRef-bb33ffbc8fb4be81']);
    expect(out.packages[0].checksums).toEqual([{ algorithm: 'SHA256', checksumValue: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f' }]);
  });
});

describe('details', () => {
  it('accepts a byte-order mark, warns about dangling documentDescribes', () => {
    const r = parseSpdxJson(`\ufeff${JSON.stringify({ ...base, documentDescribes: ['SPDXRef-nothing'] })}`);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'dangling-dependency', location: '/documentDescribes/0' })]);
    expect(doc(parseSpdxTagValue(`\ufeffSPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: t\nDocumentNamespace: https://example.org/t\nCreator: Tool: x\nCreated: 2024-01-01T00:00:00Z\n`)).name).toBe('t');
  });

  it('keeps kept relationships pointing at elements whose SPDXID was rewritten', () => {
    const r = parseSpdxJson(
      JSON.stringify({
        ...base,
        packages: [pkg('SPDXRef-a'), pkg('b/1')],
        relationships: [{ spdxElementId: 'SPDXRef-a', relationshipType: 'GENERATED_FROM', relatedSpdxElement: 'b/1' }],
      }),
    );
    const out = JSON.parse(serializeSpdxJson(doc(r)).text);
    expect(out.relationships).toEqual([{ spdxElementId: 'SPDXRef-a', relationshipType: 'GENERATED_FROM', relatedSpdxElement: 'SPDXRef-b-1' }]);
  });
});

describe('package dates', () => {
  it('reads validUntilDate as end of support and writes it back (2.3), with release and build dates', () => {
    const dates = { releaseDate: '2023-05-22T00:00:00Z', builtDate: '2023-05-22T12:00:00Z', validUntilDate: '2026-06-10T00:00:00Z' };
    const r = parseSpdxJson(JSON.stringify({ ...base, packages: [pkg('SPDXRef-a', dates)] }));
    expect(doc(r).components[0]?.properties).toEqual([
      { name: 'spdx:releaseDate', value: '2023-05-22T00:00:00Z' },
      { name: 'spdx:builtDate', value: '2023-05-22T12:00:00Z' },
      { name: 'vigil:support:end-of-support', value: '2026-06-10T00:00:00Z' },
    ]);
    const out = serializeSpdxJson(doc(r));
    expect(JSON.parse(out.text).packages[0]).toMatchObject(dates);
    expect(JSON.parse(out.text).packages[0].annotations).toBeUndefined();
    expect(doc(parseSpdxTagValue(serializeSpdxTagValue(doc(r)).text)).components).toEqual(doc(r).components);
    const old = serializeSpdxJson(doc(r), '2.2');
    expect(old.issues.filter((i) => i.code === 'not-representable')).toHaveLength(2);
    // End of support has no 2.2 field: it travels as an annotation instead.
    expect(JSON.parse(old.text).packages[0].annotations[0].comment).toBe('vigil:support:end-of-support=2026-06-10T00:00:00Z');
  });
});

describe('invalid tag-value documents', () => {
  const header = 'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: t\nDocumentNamespace: https://example.org/t\nCreator: Tool: x\nCreated: 2024-01-01T00:00:00Z\n';

  it('warns about unknown tags with their line', () => {
    const r = parseSpdxTagValue(`${header}\nPackageName: a\nSPDXID: SPDXRef-a\nPackageDownloadLocation: NONE\nPackageFlavour: sweet\n`);
    expect(r.issues).toEqual([{ severity: 'warning', code: 'unknown-tag', message: 'Unknown tag "PackageFlavour" is ignored.', location: 'line 12' }]);
  });

  it('reports missing mandatory fields as errors at the element line', () => {
    const r = parseSpdxTagValue('SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\nPackageName: a\nSPDXID: SPDXRef-a\n\nFileName: ./f\nSPDXID: SPDXRef-f\n');
    expect(r.issues.map((i) => `${i.code} ${i.location ?? ''} ${i.message}`)).toEqual([
      'missing-field line 1 Mandatory document field DocumentName is missing.',
      'missing-field line 1 Mandatory document field DocumentNamespace is missing.',
      'missing-field line 1 Mandatory document field Creator is missing.',
      'missing-field line 1 Mandatory document field Created is missing.',
      'missing-field line 5 Mandatory PackageDownloadLocation of package "a" is missing.',
      'missing-field line 8 Mandatory FileChecksum of file "./f" is missing.',
    ]);
  });

  it('reports an unterminated <text> at its opening line, and no document', () => {
    const r = parseSpdxTagValue(`${header}\nPackageName: a\nSPDXID: SPDXRef-a\nPackageDownloadLocation: NONE\nPackageCopyrightText: <text>Copyright\n2024 nobody\n`);
    expect(r.document).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'unterminated-text', location: 'line 12' })]);
  });

  it('rejects other SPDX versions with the line of SPDXVersion', () => {
    const r = parseSpdxTagValue('## comment\nSPDXVersion: SPDX-2.1\n');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'unsupported-version', location: 'line 2' })]);
  });

  it('names lines for post-checks and accepts CR-only line ends', () => {
    const text = `${header}\nPackageName: a\nSPDXID: SPDXRef-a\nPackageDownloadLocation: NONE\nExternalRef: PACKAGE-MANAGER purl pkg:/bad\nRelationship: SPDXRef-a DEPENDS_ON SPDXRef-zzz\n`;
    const r = parseSpdxTagValue(text.replace(/\n/g, '\r'));
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'invalid-purl', location: 'line 12' }),
      expect.objectContaining({ code: 'dangling-dependency', location: 'line 13' }),
    ]);
  });

  it('warns about a tag outside its block', () => {
    const r = parseSpdxTagValue(`${header}PackageVersion: 1.0\n`);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'misplaced-tag', location: 'line 8' })]);
  });
});

describe('serializing models SPDX cannot hold completely', () => {
  const cdx: SbomDocument = {
    format: 'cyclonedx',
    specVersion: '1.6',
    version: 3,
    authors: [],
    tools: [{ vendor: 'CycloneDX', name: 'cyclonedx-python', version: '4.1.0' }],
    components: [
      {
        ref: 'pkg:pypi/requests@2.31.0',
        type: 'library',
        name: 'requests',
        group: 'psf',
        version: '2.31.0',
        purl: 'pkg:pypi/requests@2.31.0',
        authors: ['Kenneth Reitz', 'Nate Prewitt'],
        publisher: 'Python Software Foundation',
        scope: 'required',
        hashes: [{ alg: 'SHA3-256', content: 'ab'.repeat(32) }],
        externalReferences: [{ type: 'vcs', url: 'https://github.com/psf/requests' }],
        properties: [{ name: 'vigil:support:level', value: 'community' }],
      },
      { ref: 'fw', type: 'platform', name: 'pump-platform', authors: [], hashes: [], externalReferences: [], properties: [] },
    ],
    services: [{ ref: 'svc-1', name: 'telemetry-api', endpoints: ['https://telemetry.example.org/v1'], authenticated: true, properties: [] }],
    dependencies: [{ ref: 'fw', dependsOn: ['pkg:pypi/requests@2.31.0'] }],
    properties: [{ name: 'cdx:reproducible', value: 'true' }],
  };

  it('writes valid SPDX 2.3, reports NOASSERTION gaps and carried fields, and reads them back', () => {
    const out = serializeSpdxJson(cdx);
    expect(validate23(JSON.parse(out.text)), JSON.stringify(validate23.errors)).toBe(true);
    expect(out.issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(new Set(codes(out.issues))).toEqual(new Set(['noassertion', 'generated-namespace', 'not-representable']));
    // group, scope, publisher, the second author; the platform type; the service; the tool vendor.
    expect(out.issues.filter((i) => i.code === 'not-representable').map((i) => i.location)).toEqual([
      '/packages/0',
      '/packages/0',
      '/packages/0',
      '/packages/0',
      '/packages/1',
      '/services/0',
      '/creationInfo/creators',
    ]);
    const back = doc(parseSpdxJson(out.text));
    const requests = back.components[0];
    expect(requests).toMatchObject({
      ref: 'SPDXRef-pkg-pypi-requests-2.31.0',
      group: 'psf',
      scope: 'required',
      publisher: 'Python Software Foundation',
      authors: ['Kenneth Reitz', 'Nate Prewitt'],
      externalReferences: [{ type: 'vcs', url: 'https://github.com/psf/requests' }],
      properties: [{ name: 'vigil:support:level', value: 'community' }],
    });
    expect(back.components[1]?.type).toBe('platform');
    expect(back.services).toEqual(cdx.services);
    expect(back.version).toBe(3);
    expect(back.tools).toEqual(cdx.tools);
    expect(back.properties).toEqual(cdx.properties);
    expect(back.dependencies).toEqual([{ ref: 'SPDXRef-fw', dependsOn: ['SPDXRef-pkg-pypi-requests-2.31.0'] }]);
    expect(back.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('generates the same namespace for the same model, and uses serialNumber when it is a URI', () => {
    expect(JSON.parse(serializeSpdxJson(cdx).text).documentNamespace).toBe(JSON.parse(serializeSpdxJson(structuredClone(cdx)).text).documentNamespace);
    const withSerial = { ...cdx, serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' };
    expect(JSON.parse(serializeSpdxJson(withSerial).text).documentNamespace).toBe('urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
  });

  it('writes valid SPDX 2.2 (NOASSERTION for its mandatory licence and copyright fields)', () => {
    const out = serializeSpdxJson(cdx, '2.2');
    expect(validate22(JSON.parse(out.text)), JSON.stringify(validate22.errors)).toBe(true);
    expect(out.issues.filter((i) => i.code === 'noassertion').map((i) => i.location)).toContain('/packages/0/licenseDeclared');
    // SHA3-256 came with SPDX 2.3.
    expect(out.issues).toContainEqual(expect.objectContaining({ code: 'not-representable', location: '/packages/0/checksums' }));
    expect(JSON.parse(serializeSpdxJson(cdx).text).packages[0].checksums).toEqual([{ algorithm: 'SHA3-256', checksumValue: 'ab'.repeat(32) }]);
    expect(serializeSpdxJson(cdx, '3.0').issues).toEqual([expect.objectContaining({ severity: 'error', code: 'unsupported-version' })]);
  });

  it('tag-value carries multi-line and edge-space values in <text>', () => {
    const d: SbomDocument = {
      ...cdx,
      components: [{ ref: 'SPDXRef-x', type: 'library', name: ' spaced ', copyright: 'line 1\nline 2', authors: [], hashes: [], externalReferences: [], properties: [] }],
      dependencies: [],
    };
    const tv = serializeSpdxTagValue(d).text;
    expect(tv).toContain('PackageName: <text> spaced </text>');
    expect(tv).toContain('PackageCopyrightText: <text>line 1\nline 2</text>');
    const back = doc(parseSpdxTagValue(tv));
    expect(back.components[0]?.name).toBe(' spaced ');
    expect(back.components[0]?.copyright).toBe('line 1\nline 2');
  });
});

describe('adversarial input', () => {
  it('reads a 5 MB single-line value', () => {
    const huge = 'x'.repeat(5_000_000);
    const text = `SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: ${huge}\nDocumentNamespace: https://example.org/t\nCreator: Tool: x\nCreated: 2024-01-01T00:00:00Z\n`;
    const started = performance.now();
    const r = parseSpdxTagValue(text);
    expect(doc(r).name).toHaveLength(5_000_000);
    const json = parseSpdxJson(JSON.stringify({ ...base, name: huge }));
    expect(doc(json).name).toHaveLength(5_000_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('handles 100k relationships in bounded time (JSON and tag-value)', () => {
    const n = 1_000;
    const packages = Array.from({ length: n }, (_, i) => pkg(`SPDXRef-p${i}`));
    const relationships: Record<string, string>[] = [];
    for (let i = 0; i < n; i++)
      for (let k = 1; k <= 100; k++) relationships.push({ spdxElementId: `SPDXRef-p${i}`, relationshipType: 'DEPENDS_ON', relatedSpdxElement: `SPDXRef-p${(i + k) % n}` });
    const started = performance.now();
    const r = parseSpdxJson(JSON.stringify({ ...base, packages, relationships }));
    const d = doc(r);
    expect(d.dependencies.reduce((s, x) => s + x.dependsOn.length, 0)).toBe(100_000);
    // The whole graph is one strongly connected component: one cycle, reported once.
    expect(r.issues.filter((i) => i.code === 'dependency-cycle')).toHaveLength(1);
    const tv = serializeSpdxTagValue(d);
    const back = parseSpdxTagValue(tv.text);
    expect(doc(back).dependencies).toEqual(d.dependencies);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('refuses nesting deeper than the limit, and oversized input', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseSpdxJson(deep).issues).toEqual([expect.objectContaining({ code: 'too-deep', location: 'line 1' })]);
    expect(codes(parseSpdxJson(JSON.stringify(base), { maxLength: 10 }).issues)).toEqual(['too-large']);
    expect(codes(parseSpdxTagValue('SPDXVersion: SPDX-2.3', { maxLength: 10 }).issues)).toEqual(['too-large']);
  });

  it('does not hand over-long or over-deep licence expressions to the recursive parser', () => {
    const long = `${'MIT AND '.repeat(20_000)}MIT`;
    const deep = `${'('.repeat(5_000)}MIT${')'.repeat(5_000)}`;
    const started = performance.now();
    const r = parseSpdxJson(JSON.stringify({ ...base, packages: [pkg('SPDXRef-a', { licenseDeclared: long }), pkg('SPDXRef-b', { licenseDeclared: deep })] }));
    expect(performance.now() - started).toBeLessThan(500);
    expect(r.issues.map((i) => `${i.code} ${i.location ?? ''}`)).toEqual(['invalid-license /packages/0/licenseDeclared', 'invalid-license /packages/1/licenseDeclared']);
  });

  it('does not take "{" inside strings for nesting', () => {
    const r = parseSpdxJson(JSON.stringify({ ...base, comment: '{'.repeat(1_000) }));
    expect(r.issues).toEqual([]);
  });
});
