import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { parseCycloneDxXml, validateAgainstSchema } from '../../src/formats/cyclonedx/index.js';
import { parseSpdxTagValue, validateSpdxSchema } from '../../src/formats/spdx/index.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

const fixture = (path: string) => readFileSync(new URL(`../../src/formats/${path}`, import.meta.url));
const CDX_JSON = fixture('cyclonedx/testdata/device-firmware.cdx-1.6.json');
const SPDX_TV = fixture('spdx/testdata/debian-gateway-2.3.spdx');

let t: TestVigil;
let org: TestOrg;
let analyst: { bearer: string };
let releaseId: string;

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('acme');
  analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'ci', role: 'analyst', expiresInDays: 1 })).secret };
  const product = await createProduct(t.db, systemContext(org.id), { name: 'InfuSafe 3000' });
  releaseId = (await createRelease(t.db, systemContext(org.id), product.id, { version: '3.1.4' })).id;
});
afterAll(() => t.close());

const upload = (body: Buffer | string, contentType = 'application/json', release = releaseId) =>
  t.api('POST', `/api/v1/releases/${release}/sboms`, { as: analyst, body, headers: { 'content-type': contentType } });

const count = async (table: 'sboms' | 'sbom_components') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('SBOM import', () => {
  it('imports a CycloneDX document as revision 1, idempotently by content hash', async () => {
    const first = await upload(CDX_JSON);
    expect(first.status).toBe(201);
    const { sbom } = first.json<{ sbom: { id: string; revision: number; isCurrent: boolean; format: string; specVersion: string; componentCount: number; contentHash: string } }>();
    expect(sbom).toMatchObject({ revision: 1, isCurrent: true, format: 'cyclonedx', specVersion: '1.6' });
    // Every component at any depth, the metadata component (the device) and its own children included.
    const bom = JSON.parse(CDX_JSON.toString()) as { metadata: { component: Nested }; components: Nested[] };
    expect(sbom.componentCount).toBe(countAll([bom.metadata.component, ...bom.components]));
    const again = await upload(CDX_JSON);
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ created: false, sbom: { id: sbom.id } });
    const components = (await t.api('GET', `/api/v1/sboms/${sbom.id}/components?search=openssl`, { as: analyst })).json<{ items: { name: string; purl: string }[] }>();
    expect(components.items.map((c) => c.purl)).toContain('pkg:generic/openssl@3.0.13');
  });

  it('adds an SPDX tag-value document as the new current revision and keeps history', async () => {
    const second = await upload(SPDX_TV, 'text/spdx');
    expect(second.status).toBe(201);
    const revisions = (await t.api('GET', `/api/v1/releases/${releaseId}/sboms`, { as: analyst })).json<{ items: { revision: number; isCurrent: boolean; encoding: string }[] }>();
    expect(revisions.items.map((r) => [r.revision, r.isCurrent, r.encoding])).toEqual([
      [2, true, 'spdx-tag-value'],
      [1, false, 'cyclonedx-json'],
    ]);
    const events = (await t.api('GET', '/api/v1/audit?action=sbom.import', { as: await t.login(org.users.auditor.email) })).json<{ items: { summary: { revision: number } }[] }>();
    expect(events.items.map((e) => e.summary.revision)).toEqual([2, 1]);
  });

  it('exports every format, each passing its official schema, and the original byte for byte', async () => {
    const { sbom } = (await upload(gzipSync(CDX_JSON.toString().replace('"version": 1', '"version": 2')), 'application/gzip')).json<{ sbom: { id: string } }>();
    const get = (format: string) => t.api('GET', `/api/v1/sboms/${sbom.id}/export?format=${format}`, { as: analyst });
    const cdx = await get('cyclonedx-json');
    expect(cdx.headers['content-type']).toMatch(/^application\/vnd\.cyclonedx\+json/);
    expect(validateAgainstSchema(JSON.parse(cdx.body), '1.6', true)).toEqual([]);
    const spdx = await get('spdx-json');
    expect(validateSpdxSchema(JSON.parse(spdx.body), '2.3')).toEqual([]);
    // The validator does reject a broken document (so the line above can fail).
    expect(validateSpdxSchema({ ...JSON.parse(spdx.body), spdxVersion: 7 }, '2.3')).not.toEqual([]);
    expect(parseCycloneDxXml((await get('cyclonedx-xml')).body).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(parseSpdxTagValue((await get('spdx-tag-value')).body).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect((await get('original')).body).toBe(CDX_JSON.toString().replace('"version": 1', '"version": 2'));
  });

  it('refuses invalid documents whole: 422 with locations, 415 for unknown formats, 413 for gzip bombs', async () => {
    const before = [await count('sboms'), await count('sbom_components')];
    const invalid = JSON.parse(CDX_JSON.toString());
    invalid.components[0].type = 'spaceship';
    const bad = await upload(JSON.stringify(invalid));
    expect(bad.status).toBe(422);
    expect(bad.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/components/0/type');
    const doctype = await upload('<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>&x;</name></component></components></bom>', 'application/xml');
    expect(doctype.status).toBe(422);
    expect(doctype.body).not.toContain('root:');
    expect((await upload('name,version\nzlib,1.3.1\n', 'text/plain')).status).toBe(415);
    const bomb = gzipSync(Buffer.alloc(300 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await upload(bomb, 'application/gzip')).status).toBe(413);
    expect((await upload('{}', 'image/png')).status).toBe(415);
    expect([await count('sboms'), await count('sbom_components')]).toEqual(before);
  });

  it('reports quality gaps, and a bulk edit of support data closes them', async () => {
    const { sbom } = (await upload(SPDX_TV.toString().replace('DocumentName: ', 'DocumentName: quality-'), 'text/spdx')).json<{ sbom: { id: string } }>();
    const before = (await t.api('GET', `/api/v1/sboms/${sbom.id}/quality`, { as: analyst })).json<{ fdaScore: number; componentGaps: { ref: string; missing: string[] }[] }>();
    const lacking = before.componentGaps.filter((g) => g.missing.includes('endOfSupport') || g.missing.includes('levelOfSupport')).map((g) => g.ref);
    expect(lacking.length).toBeGreaterThan(0);
    const edit = await t.api('PATCH', `/api/v1/sboms/${sbom.id}/components`, { as: analyst, body: { refs: lacking, set: { levelOfSupport: 'security-fixes-only', endOfSupport: '2028-06-30' } } });
    expect(edit.json()).toEqual({ updated: lacking.length });
    const after = (await t.api('GET', `/api/v1/sboms/${sbom.id}/quality`, { as: analyst })).json<{ fdaScore: number; componentGaps: { missing: string[] }[] }>();
    expect(after.componentGaps.some((g) => g.missing.includes('endOfSupport') || g.missing.includes('levelOfSupport'))).toBe(false);
    expect(after.fdaScore).toBeGreaterThan(before.fdaScore);
    const exported = await t.api('GET', `/api/v1/sboms/${sbom.id}/export?format=cyclonedx-json`, { as: analyst });
    expect(exported.body).toContain('"vigil:support:end-of-support"');
    const unknown = await t.api('PATCH', `/api/v1/sboms/${sbom.id}/components`, { as: analyst, body: { refs: ['no-such-ref'], set: { levelOfSupport: 'full' } } });
    expect(unknown.status).toBe(400);
  });

  it('stores one revision when the same document arrives twice at once', async () => {
    const product = await createProduct(t.db, systemContext(org.id), { name: 'Race pump' });
    const release = (await createRelease(t.db, systemContext(org.id), product.id, { version: '1.0' })).id;
    const [a, b] = await Promise.all([upload(CDX_JSON, 'application/json', release), upload(CDX_JSON, 'application/json', release)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(await t.db.selectFrom('sboms').select('id').where('release_id', '=', release).execute()).toHaveLength(1);
  });

  it('compares two releases', async () => {
    const product = await createProduct(t.db, systemContext(org.id), { name: 'Diff pump' });
    const v1 = (await createRelease(t.db, systemContext(org.id), product.id, { version: '1.0' })).id;
    const v2 = (await createRelease(t.db, systemContext(org.id), product.id, { version: '2.0' })).id;
    const bom = (components: object[]) => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components });
    await upload(bom([{ type: 'library', name: 'openssl', version: '1.1.1w', purl: 'pkg:generic/openssl@1.1.1w', licenses: [{ license: { id: 'OpenSSL' } }] }, { type: 'library', name: 'busybox', version: '1.35.0' }]), 'application/json', v1);
    await upload(bom([{ type: 'library', name: 'openssl', version: '3.0.13', purl: 'pkg:generic/openssl@3.0.13', licenses: [{ license: { id: 'Apache-2.0' } }] }, { type: 'library', name: 'zlib', version: '1.3.1' }]), 'application/json', v2);
    const diff = (await t.api('GET', `/api/v1/releases/diff?from=${v1}&to=${v2}`, { as: analyst })).json<{ added: { name: string }[]; removed: { name: string }[]; versionChanged: { to: { version: string } }[]; licenseChanged: { to: { license: string } }[] }>();
    expect(diff.added.map((c) => c.name)).toEqual(['zlib']);
    expect(diff.removed.map((c) => c.name)).toEqual(['busybox']);
    expect(diff.versionChanged.map((c) => c.to.version)).toEqual(['3.0.13']);
    expect(diff.licenseChanged.map((c) => c.to.license)).toEqual(['Apache-2.0']);
    const other = await t.seedOrg('diff-other');
    const stranger = (await createToken(t.db, systemContext(other.id), { name: 'x', role: 'viewer', expiresInDays: 1 })).secret;
    expect((await t.api('GET', `/api/v1/releases/diff?from=${v1}&to=${v2}`, { as: { bearer: stranger } })).status).toBe(404);
  });

  it("does not show or accept SBOMs for another organization's release", async () => {
    const other = await t.seedOrg('other');
    const token = (await createToken(t.db, systemContext(other.id), { name: 'x', role: 'analyst', expiresInDays: 1 })).secret;
    const res = await t.api('POST', `/api/v1/releases/${releaseId}/sboms`, { as: { bearer: token }, body: CDX_JSON, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(404);
    expect((await t.api('GET', `/api/v1/releases/${releaseId}/sboms`, { as: { bearer: token } })).status).toBe(404);
  });
});

type Nested = { components?: Nested[] };
function countAll(components: Nested[]): number {
  return components.reduce((n, c) => n + 1 + countAll(c.components ?? []), 0);
}
