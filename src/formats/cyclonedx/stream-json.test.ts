import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SbomComponent, SbomParseResult } from '../sbom/model.js';
import { MAX_COMPONENT_NESTING, parseCycloneDxJson, prepareCycloneDxJson, SUPPORTED_VERSIONS, type StreamOptions } from './index.js';
import { fixture } from './test-support.js';

/** The streaming reader's result in the shape of parseCycloneDxJson's (components collected from the batches). */
async function streamed(text: string | Buffer, options: StreamOptions = {}): Promise<SbomParseResult> {
  const prepared = prepareCycloneDxJson(typeof text === 'string' ? Buffer.from(text) : text, options);
  if (!prepared.ok) return { issues: prepared.issues };
  const components: SbomComponent[] = [];
  const result = await prepared.read((batch, first) => {
    expect(first).toBe(components.length);
    components.push(...batch);
  });
  return result.document ? { document: { ...result.document, components }, issues: result.issues } : { issues: result.issues };
}

/** Both readers, every way of streaming: in small and default batches. */
async function expectSameAsWholeDocument(text: string): Promise<SbomParseResult> {
  const whole = parseCycloneDxJson(text);
  for (const options of [{}, { batchSize: 3 }, { batchSize: 1 }]) expect(await streamed(text, options)).toEqual(whole);
  return whole;
}

const bom = (extra: Record<string, unknown> = {}, specVersion = '1.6'): string => JSON.stringify({ bomFormat: 'CycloneDX', specVersion, version: 1, ...extra });

function nested(depth: number): Record<string, unknown> {
  let c: Record<string, unknown> = { type: 'library', 'bom-ref': `c${depth}`, name: `c${depth}` };
  for (let i = depth - 1; i >= 1; i--) c = { type: 'library', 'bom-ref': `c${i}`, name: `c${i}`, components: [c] };
  return c;
}

describe('streaming CycloneDX JSON reader = whole-document reader', () => {
  it.each(SUPPORTED_VERSIONS)('reads the %s fixture to the same document and issues', async (v) => {
    const r = await expectSameAsWholeDocument(fixture(`device-firmware.cdx-${v}.json`));
    expect(r.document?.components.length).toBeGreaterThan(0);
  });

  it.each(SUPPORTED_VERSIONS)('gives the same schema issues for the %s fixture broken in several places', async (v) => {
    const doc = JSON.parse(fixture(`device-firmware.cdx-${v}.json`)) as Record<string, unknown> & { components: Record<string, unknown>[] };
    doc.components[0]!.type = 'spaceship';
    doc.components.push({ ...doc.components[1]! });
    doc.components.push({ type: 'library' });
    doc.serialNumber = 'not-a-urn';
    doc.version = 'seven';
    (doc as Record<string, unknown>).unknownMember = true;
    doc.dependencies = [{ ref: 7 }];
    const r = await expectSameAsWholeDocument(JSON.stringify(doc));
    expect(r.issues.length).toBeGreaterThan(3);
    expect(r.issues.every((i) => i.code === 'schema')).toBe(true);
  });

  it('keeps whole-document order and the 20-error cap when errors are on both sides of components', async () => {
    const components = Array.from({ length: 30 }, (_, i) => ({ type: 'nope', name: `x${i}` }));
    const r = await expectSameAsWholeDocument(JSON.stringify({ services: [{ name: 5 }], components, bomFormat: 'CycloneDX', serialNumber: 'x', specVersion: '1.6', extra: 1 }));
    expect(r.issues).toHaveLength(21);
    expect(r.issues[20]?.message).toBe('13 more schema errors not listed.');
  });

  it('finds duplicate components across the stream, re-reading the earlier one from the bytes', async () => {
    const components = Array.from({ length: 5_000 }, (_, i) => ({ type: 'library', name: `c${i}` }));
    components.push({ name: 'c7', type: 'library' });
    const r = await expectSameAsWholeDocument(bom({ components }));
    expect(r.issues).toEqual([expect.objectContaining({ location: '/components', message: 'must NOT have duplicate items (items ## 7 and 5000 are identical)' })]);
    // Same top level, different nested content: not duplicates.
    await expectSameAsWholeDocument(bom({ components: [{ type: 'library', name: 'a', hashes: [{ alg: 'MD5', content: 'a'.repeat(32) }] }, { type: 'library', name: 'a', hashes: [{ alg: 'MD5', content: 'b'.repeat(32) }] }] }));
  });

  it('reads metadata, services and dependencies written after the components, and refs generated before a later bom-ref', async () => {
    const text = JSON.stringify({
      components: [
        { type: 'library', name: 'zlib copy', purl: 'pkg:generic/zlib@1.3.1' },
        { type: 'firmware', name: 'blob', components: [{ type: 'file', name: 'boot.bin' }] },
        { type: 'library', 'bom-ref': 'pkg:generic/zlib@1.3.1', name: 'zlib' },
      ],
      services: [{ name: 'svc' }],
      dependencies: [{ ref: 'pkg:generic/zlib@1.3.1', dependsOn: ['ghost'] }, { ref: 'x' }],
      metadata: { component: { type: 'device', name: 'pump', purl: 'pkg:generic/zlib@1.3.1' }, timestamp: '2024-01-01T00:00:00Z' },
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
    });
    const r = await expectSameAsWholeDocument(text);
    expect(r.document?.components.map((c) => c.ref)).toEqual([
      'pkg:generic/zlib@1.3.1#/metadata/component',
      'pkg:generic/zlib@1.3.1#/components/0',
      'component:/components/1',
      'component:/components/1/components/0',
      'pkg:generic/zlib@1.3.1',
    ]);
  });

  it('gives the same post-check issues: duplicate refs, dangling dependencies, cycles, purls, licences, nesting', async () => {
    await expectSameAsWholeDocument(bom({ components: [{ type: 'library', 'bom-ref': 'a', name: 'a' }, { type: 'library', 'bom-ref': 'a', name: 'b', purl: 'nope' }], services: [{ 'bom-ref': 'a', name: 's' }] }));
    const fw = { type: 'firmware', 'bom-ref': 'fw', name: 'fw' };
    await expectSameAsWholeDocument(bom({ metadata: { component: fw }, components: [fw] }));
    const cycle = ['a', 'b', 'c'].map((r) => ({ type: 'library', 'bom-ref': r, name: r }));
    await expectSameAsWholeDocument(bom({ components: cycle, dependencies: [{ ref: 'a', dependsOn: ['b'] }, { ref: 'b', dependsOn: ['c', 'zz'] }, { ref: 'c', dependsOn: ['a'] }] }));
    await expectSameAsWholeDocument(bom({ components: [{ type: 'library', name: 'x', purl: 'npm/left-pad', licenses: [{ expression: 'GPL or whatever' }] }] }, '1.4'));
    const deep = await expectSameAsWholeDocument(bom({ components: [{ type: 'library', name: 'ok' }, nested(MAX_COMPONENT_NESTING + 1)] }));
    expect(deep.issues).toEqual([expect.objectContaining({ code: 'nesting-too-deep' })]);
  });

  it('gives the same guard issues: version, format, depth, size', async () => {
    for (const text of [
      bom({}, '1.1'),
      JSON.stringify({ spdxVersion: 'SPDX-2.3' }),
      JSON.stringify({ components: [], bomFormat: 'CycloneDX' }),
      `{"bomFormat":"CycloneDX","specVersion":"1.6","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"a":[]},{"b":${'['.repeat(1200)}${']'.repeat(1200)}},{"c":${'{"d":'.repeat(1100)}1${'}'.repeat(1100)}}],"y":[]}`,
      `\uFEFF${bom()}`,
      bom({ components: [] }),
      '{}',
    ]) {
      await expectSameAsWholeDocument(text);
    }
    expect((await streamed(bom(), { maxLength: 10 })).issues[0]?.code).toBe('too-large');
  });

  it('refuses broken JSON with json-syntax, naming the element', async () => {
    for (const text of ['{"bomFormat": "CycloneDX",', '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a"},{"type":tru}]}', '', '{"a":1} {']) {
      const r = await streamed(text);
      expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'json-syntax' })]);
      expect(parseCycloneDxJson(text).issues).toEqual([expect.objectContaining({ code: 'json-syntax' })]);
    }
    expect((await streamed('{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a"},{"type":tru}]}')).issues[0]?.location).toBe('/components/1');
    // A top level that is no object is no BOM: the whole-document reader's verdict (format or syntax).
    for (const text of ['[1]', '"x"', '[1']) await expectSameAsWholeDocument(text);
  });

  it('falls back to the whole-document reader for a repeated components member, with the same result', async () => {
    await expectSameAsWholeDocument('{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a"}],"components":[{"type":"library","name":"b"}]}');
  });

  it('agrees with the whole-document reader on generated documents, valid or not', async () => {
    const ref = fc.constantFrom('a', 'b', 'c', 'pkg:npm/x@1', undefined);
    const leaf = fc.record(
      {
        type: fc.constantFrom('library', 'application', 'spaceship'),
        name: fc.constantFrom('x', 'y', 'z'),
        'bom-ref': ref,
        purl: fc.constantFrom('pkg:npm/x@1', 'pkg:npm/y@2', 'not a purl', undefined),
        version: fc.constantFrom('1.0', undefined),
        licenses: fc.constantFrom(undefined, [{ license: { id: 'MIT' } }], [{ expression: 'MIT OR Apache-2.0' }], [{ expression: 'what ever' }]),
        hashes: fc.constantFrom(undefined, [{ alg: 'SHA-1', content: 'a'.repeat(40) }], [{ alg: 'SHA-1', content: 'zz' }]),
      },
      { requiredKeys: ['type', 'name'] },
    );
    const component = fc.oneof({ depthSize: 'small' }, leaf, fc.record({ type: fc.constant('library'), name: fc.constant('parent'), components: fc.array(leaf, { maxLength: 3 }) }));
    const members = fc.record(
      {
        bomFormat: fc.constant('CycloneDX'),
        specVersion: fc.constantFrom(...SUPPORTED_VERSIONS),
        version: fc.constantFrom(1, 'x'),
        metadata: fc.record({ component: leaf, timestamp: fc.constantFrom('2024-01-01T00:00:00Z', 'yesterday') }, { requiredKeys: [] }),
        components: fc.array(component, { maxLength: 8 }),
        services: fc.array(fc.record({ name: fc.constantFrom('s', 7), 'bom-ref': ref }, { requiredKeys: ['name'] }), { maxLength: 2 }),
        dependencies: fc.array(fc.record({ ref: fc.constantFrom('a', 'b', 'c', 'ghost'), dependsOn: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }) }), { maxLength: 4 }),
      },
      { requiredKeys: ['bomFormat', 'specVersion', 'components'] },
    );
    await fc.assert(
      fc.asyncProperty(members, fc.array(fc.nat(), { maxLength: 7 }), async (doc, order) => {
        // Members in a random order: components before or after metadata, dependencies first, …
        const keys = Object.keys(doc).sort((a, b) => (order[Object.keys(doc).indexOf(a)] ?? 0) - (order[Object.keys(doc).indexOf(b)] ?? 0));
        const text = JSON.stringify(Object.fromEntries(keys.map((k) => [k, (doc as Record<string, unknown>)[k]])));
        await expectSameAsWholeDocument(text);
      }),
      { numRuns: 300 },
    );
  });
});
