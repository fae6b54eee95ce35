import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The SBOM explorer's read models (overview, component page, dependency graph, facets) and
 * the CSV import of support data, against the device-firmware fixture whose graph is known:
 * fw → busybox, freertos, openssl, zlib, gateway; openssl → zlib; gateway → log4j-core,
 * telemetry (a service); log4j-core → log4j-api; log4j-core and log4j-api are nested in
 * gateway, busybox and freertos in fw: 8 components.
 */
const CDX_JSON = readFileSync(new URL('../../src/formats/cyclonedx/testdata/device-firmware.cdx-1.6.json', import.meta.url));

let t: TestVigil;
let org: TestOrg;
let analyst: { bearer: string };
let viewer: { bearer: string };
let sbomId: string;

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('explorer');
  const ctx = systemContext(org.id);
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'ci', role: 'analyst', expiresInDays: 1 })).secret };
  viewer = { bearer: (await createToken(t.db, ctx, { name: 'ro', role: 'viewer', expiresInDays: 1 })).secret };
  const product = await createProduct(t.db, ctx, { name: 'InfuSafe 3000' });
  const release = await createRelease(t.db, ctx, product.id, { version: '3.1.4' });
  const res = await t.api('POST', `/api/v1/releases/${release.id}/sboms`, { as: analyst, body: CDX_JSON, headers: { 'content-type': 'application/json' } });
  sbomId = res.json<{ sbom: { id: string } }>().sbom.id;
});
afterAll(() => t.close());

const csv = (body: string, as = analyst, id = sbomId) => t.api('POST', `/api/v1/sboms/${id}/support`, { as, body, headers: { 'content-type': 'text/csv' } });

interface Component { ref: string; name: string; levelOfSupport: string | null; endOfSupport: string | null; supplier: string | null; dependents: { ref: string }[]; children: { ref: string }[]; dependsOn: string[] }
const component = async (ref: string) => (await t.api('GET', `/api/v1/sboms/${sbomId}/component?ref=${encodeURIComponent(ref)}`, { as: viewer })).json<Component>();

describe('SBOM explorer', () => {
  it('lists every current SBOM with its gaps in support data', async () => {
    const { items } = (await t.api('GET', '/api/v1/sboms', { as: viewer })).json<{ items: { sbomId: string; productName: string; releaseVersion: string; componentCount: number; componentsWithoutSupportData: number }[] }>();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ sbomId, productName: 'InfuSafe 3000', releaseVersion: '3.1.4', componentCount: 8 });
    // No component of the fixture has both a level and a date (openssl has only a date, two have only a level).
    expect(items[0]!.componentsWithoutSupportData).toBe(8);
  });

  it('shows one component with its nested components and who depends on it', async () => {
    const zlib = await component('zlib');
    expect(zlib.dependents.map((d) => d.ref).sort()).toEqual(['fw', 'openssl']);
    const gateway = await component('gateway');
    expect(gateway.children.map((c) => c.ref)).toEqual(['log4j-core', 'log4j-api']);
    expect(gateway.dependsOn).toEqual(['log4j-core', 'telemetry']);
    expect((await t.api('GET', `/api/v1/sboms/${sbomId}/component?ref=nope`, { as: viewer })).status).toBe(404);
  });

  it('gives the dependency graph rooted at the device', async () => {
    const graph = (await t.api('GET', `/api/v1/sboms/${sbomId}/graph`, { as: viewer })).json<{ roots: string[]; nodes: { ref: string; dependsOn: string[] }[] }>();
    expect(graph.roots).toEqual(['fw']);
    expect(graph.nodes.find((n) => n.ref === 'fw')?.dependsOn).toEqual(['busybox', 'freertos', 'openssl', 'zlib', 'gateway']);
  });

  it('counts licences for the filters', async () => {
    const facets = (await t.api('GET', `/api/v1/sboms/${sbomId}/facets`, { as: viewer })).json<{ license: { value: string | null; count: number }[] }>();
    expect(facets.license.find((f) => f.value === 'Apache-2.0')?.count).toBeGreaterThanOrEqual(2);
    const filtered = (await t.api('GET', `/api/v1/sboms/${sbomId}/components?license=Zlib`, { as: viewer })).json<{ items: { name: string }[] }>();
    expect(filtered.items.map((c) => c.name)).toEqual(['zlib']);
  });
});

describe('support data from CSV', () => {
  it('sets support data by ref, purl and name, in one audited change', async () => {
    const res = await csv('ref,purl,name,version,level_of_support,end_of_support,supplier\nzlib,,,,actively maintained,2030-12-31,zlib project\n,,busybox,1.36.1,no longer maintained,2024-01-01,\n');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ rows: 2, updated: 2 });
    expect(await component('zlib')).toMatchObject({ levelOfSupport: 'actively maintained', endOfSupport: '2030-12-31', supplier: 'zlib project' });
    expect(await component('busybox')).toMatchObject({ levelOfSupport: 'no longer maintained', endOfSupport: '2024-01-01' });
    const events = (await t.api('GET', '/api/v1/audit?action=sbom.support_import', { as: await t.login(org.users.auditor.email) })).json<{ items: { summary: { components: number } }[] }>();
    expect(events.items.map((e) => e.summary.components)).toEqual([2]);
  });

  it('leaves an empty cell alone, and the export carries the new data', async () => {
    await csv('ref,level_of_support,end_of_support\nzlib,,2031-06-30\n');
    expect(await component('zlib')).toMatchObject({ levelOfSupport: 'actively maintained', endOfSupport: '2031-06-30' });
    const exported = JSON.parse((await t.api('GET', `/api/v1/sboms/${sbomId}/export?format=cyclonedx-json`, { as: viewer })).body) as { components: { 'bom-ref': string; properties?: { name: string; value: string }[] }[] };
    expect(exported.components.find((c) => c['bom-ref'] === 'zlib')?.properties).toContainEqual({ name: 'vigil:support:end-of-support', value: '2031-06-30' });
  });

  it('refuses the whole file when one row is wrong, naming the line, and writes nothing', async () => {
    const res = await csv('ref,level_of_support\nopenssl,abandoned\nno-such-ref,abandoned\n');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ errors: [{ pointer: 'line 3', message: 'No component of this SBOM has ref "no-such-ref".' }] });
    expect((await component('openssl')).levelOfSupport).not.toBe('abandoned');
    expect((await csv('ref,end_of_support\nopenssl,next year\n')).json()).toMatchObject({ errors: [{ pointer: 'line 2' }] });
  });

  it('is for contributors of the SBOM’s own organization only', async () => {
    expect((await csv('ref,supplier\nzlib,x\n', viewer)).status).toBe(403);
    const other = await t.seedOrg('explorer-other');
    const stranger = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'x', role: 'analyst', expiresInDays: 1 })).secret };
    expect((await csv('ref,supplier\nzlib,x\n', stranger)).status).toBe(404);
    expect((await t.api('GET', `/api/v1/sboms/${sbomId}/graph`, { as: stranger })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/sboms', { as: stranger })).json()).toEqual({ items: [] });
  });
});
