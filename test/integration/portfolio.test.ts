import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

let t: TestVigil;
let acme: TestOrg;
let analyst: { cookie: string; csrf: string };

beforeAll(async () => {
  t = await startTestVigil();
  acme = await t.seedOrg('acme');
  analyst = await t.login(acme.users.analyst.email);
});
afterAll(() => t.close());

const pump = {
  name: 'InfuSafe 3000 infusion pump',
  manufacturer: 'Acme Medical Devices',
  modelNumbers: ['IS-3000', 'IS-3000W'],
  deviceClass: 'II',
  regulatoryIds: { fda510k: 'K203456', udiDi: '00812345678901' },
  intendedUse: 'Controlled intravenous delivery of fluids and medication.',
  clinicalFunction: 'Drug delivery',
  connectivity: ['Wi-Fi', 'Bluetooth LE', 'HL7 over TCP'],
};

describe('portfolio', () => {
  it('creates, finds and edits a product, auditing each change', async () => {
    const created = await t.api('POST', '/api/v1/products', { as: analyst, body: pump });
    expect(created.status).toBe(201);
    const product = created.json<{ id: string; releaseCount: number; regulatoryIds: Record<string, string> }>();
    expect(product).toMatchObject({ ...pump, releaseCount: 0, archivedAt: null });
    const dup = await t.api('POST', '/api/v1/products', { as: analyst, body: { name: 'infusafe 3000 INFUSION pump' } });
    expect(dup.status).toBe(409);
    const found = (await t.api('GET', '/api/v1/products?search=IS-3000W', { as: analyst })).json<{ items: { id: string }[] }>();
    expect(found.items.map((p) => p.id)).toEqual([product.id]);
    expect((await t.api('GET', '/api/v1/products?search=nothing-like-it', { as: analyst })).json().items).toEqual([]);
    const edited = await t.api('PATCH', `/api/v1/products/${product.id}`, { as: analyst, body: { connectivity: ['Wi-Fi'] } });
    expect(edited.json().connectivity).toEqual(['Wi-Fi']);
    const audit = (await t.api('GET', `/api/v1/audit?targetId=${product.id}`, { as: await t.login(acme.users.auditor.email) })).json<{ items: { action: string; summary: { before?: Record<string, unknown>; after?: Record<string, unknown> } }[] }>();
    expect(audit.items.map((e) => e.action)).toEqual(['product.update', 'product.create']);
    expect(audit.items[0]!.summary).toEqual({ before: { connectivity: ['Wi-Fi', 'Bluetooth LE', 'HL7 over TCP'] }, after: { connectivity: ['Wi-Fi'] } });
  });

  it('keeps releases with lifecycle stages and support dates, and audits stage changes', async () => {
    const product = (await t.api('POST', '/api/v1/products', { as: analyst, body: { name: 'CardioWatch monitor' } })).json<{ id: string }>();
    const body = { version: '2.4.1', lifecycleStage: 'support', releaseDate: '2021-03-01', endOfLifeDate: '2026-03-01', endOfGuaranteedSupportDate: '2026-03-01', endOfSupportDate: '2028-03-01' };
    const created = await t.api('POST', `/api/v1/products/${product.id}/releases`, { as: analyst, body });
    expect(created.status).toBe(201);
    const release = created.json<{ id: string; stageByDates: string | null }>();
    expect(release).toMatchObject(body);
    // Today (the suite runs after 2026-03-01) the dates say "limited support": the API flags the stale stage.
    expect(release.stageByDates).toBe(new Date().toISOString().slice(0, 10) >= '2026-03-01' ? 'limited_support' : null);
    expect((await t.api('POST', `/api/v1/products/${product.id}/releases`, { as: analyst, body: { version: '2.4.1' } })).status).toBe(409);
    const moved = await t.api('PATCH', `/api/v1/releases/${release.id}`, { as: analyst, body: { lifecycleStage: 'limited_support', customersNotifiedAt: '2026-01-15T09:00:00Z' } });
    expect(moved.json()).toMatchObject({ lifecycleStage: 'limited_support', customersNotifiedAt: '2026-01-15T09:00:00.000Z' });
    const events = (await t.api('GET', `/api/v1/audit?targetId=${release.id}`, { as: await t.login(acme.users.owner.email) })).json<{ items: { action: string; summary: Record<string, unknown> }[] }>();
    expect(events.items[0]).toMatchObject({ action: 'release.lifecycle_change', summary: { before: { lifecycle_stage: 'support' }, after: { lifecycle_stage: 'limited_support' } } });
    const list = (await t.api('GET', `/api/v1/products/${product.id}/releases`, { as: analyst })).json<{ items: { version: string }[] }>();
    expect(list.items.map((r) => r.version)).toEqual(['2.4.1']);
    expect((await t.api('GET', `/api/v1/products/${product.id}`, { as: analyst })).json().releaseCount).toBe(1);
  });

  it('refuses support dates that run backwards, writing nothing', async () => {
    const product = (await t.api('POST', '/api/v1/products', { as: analyst, body: { name: 'GlucoSense reader' } })).json<{ id: string }>();
    const bad = await t.api('POST', `/api/v1/products/${product.id}/releases`, { as: analyst, body: { version: '1.0', endOfLifeDate: '2029-01-01', endOfSupportDate: '2028-01-01' } });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toEqual([{ pointer: '/body/endOfSupportDate', message: 'end of support cannot come before end of life (EOL starts limited support)' }]);
    expect((await t.api('GET', `/api/v1/products/${product.id}/releases`, { as: analyst })).json().items).toEqual([]);
    const badDate = await t.api('POST', `/api/v1/products/${product.id}/releases`, { as: analyst, body: { version: '1.0', endOfSupportDate: '2028-02-30' } });
    expect(badDate.status).toBe(400);
    expect(badDate.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/body/endOfSupportDate');
  });

  it('archives and restores products; viewers read but cannot write', async () => {
    const product = (await t.api('POST', '/api/v1/products', { as: analyst, body: { name: 'Old ventilator' } })).json<{ id: string }>();
    await t.api('PATCH', `/api/v1/products/${product.id}`, { as: analyst, body: { archived: true } });
    const active = (await t.api('GET', '/api/v1/products?limit=200', { as: analyst })).json<{ items: { id: string }[] }>();
    expect(active.items.some((p) => p.id === product.id)).toBe(false);
    const all = (await t.api('GET', '/api/v1/products?includeArchived=true&limit=200', { as: analyst })).json<{ items: { id: string }[] }>();
    expect(all.items.some((p) => p.id === product.id)).toBe(true);
    const viewer = await t.login(acme.users.viewer.email);
    expect((await t.api('GET', `/api/v1/products/${product.id}`, { as: viewer })).status).toBe(200);
    expect((await t.api('PATCH', `/api/v1/products/${product.id}`, { as: viewer, body: { archived: false } })).status).toBe(403);
  });
});
