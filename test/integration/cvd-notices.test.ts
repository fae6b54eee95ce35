import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * Customer notices: the toolkit's fields in order in both forms, escaped in HTML, sent to the
 * customer contacts of the case's products (through a linked release too), a copy in the inbox
 * of a healthcare-provider organization on the instance, the delivery log, and the permissions.
 */
let t: TestVigil;
let sink: MailSink;
const as = {} as Record<'analyst' | 'admin' | 'hospital' | 'otherMaker', { bearer: string }>;
let caseId = '';
const XSS = '<script>alert(1)</script>';
const fields = {
  headline: `InfuSafe pump: remote dose change ${XSS}`,
  summary: 'A nearby attacker could change a dose. There are no known reports of patient harm. Keep using the pump.',
  affectedProducts: 'InfuSafe pump firmware 2.8.0 to 2.8.1',
  patientSafetyImpact: 'Wrong dose if exploited; no known exploitation.',
  actions: 'Biomed: install 2.8.2.\nClinicians: no change.',
  compensatingControls: 'Disable Bluetooth pairing mode.',
  fixAvailability: 'Firmware 2.8.2 is available now from the service portal.',
  contact: 'psirt@maker.example, +1 555 0100',
};

beforeAll(async () => {
  sink = await startMailSink();
  t = await startTestVigil({ smtp: { url: sink.url, from: 'Vigil <vigil@test>' } });
  const maker = await t.seedOrg('maker');
  const hospital = await t.seedOrg('st-mary', 'healthcare_provider');
  const otherMaker = await t.seedOrg('other-maker');
  const ctx = systemContext(maker.id);
  for (const role of ['analyst', 'admin'] as const) as[role] = { bearer: (await createToken(t.db, ctx, { name: role, role, expiresInDays: 1 })).secret };
  as.hospital = { bearer: (await createToken(t.db, systemContext(hospital.id), { name: 'h', role: 'viewer', expiresInDays: 1 })).secret };
  as.otherMaker = { bearer: (await createToken(t.db, systemContext(otherMaker.id), { name: 'o', role: 'admin', expiresInDays: 1 })).secret };
  const pump = (await createProduct(t.db, ctx, { name: 'InfuSafe pump' })).id;
  const unrelated = (await createProduct(t.db, ctx, { name: 'Monitor' })).id;
  const release = (await createRelease(t.db, ctx, pump, { version: '2.8.1' })).id;
  const add = (body: object) => t.api('POST', '/api/v1/cvd/customer-contacts', { as: as.analyst, body });
  expect((await add({ productId: pump, customerName: 'St Mary Hospital', email: 'security@stmary.example', customerOrgSlug: 'st-mary' })).status).toBe(201);
  expect((await add({ productId: pump, customerName: 'City Clinic', email: 'it@city.example' })).status).toBe(201);
  expect((await add({ productId: unrelated, customerName: 'Not told', email: 'no@x.example' })).status).toBe(201);
  expect((await add({ productId: pump, customerName: 'Dup', email: 'IT@city.example' })).status).toBe(409);
  expect((await add({ productId: pump, customerName: 'Bad', email: 'b@x.example', customerOrgSlug: 'other-maker' })).status).toBe(400);
  caseId = (await t.api('POST', '/api/v1/cvd/cases', { as: as.analyst, body: { title: 'BLE dose change', description: 'd' } })).json<{ id: string }>().id;
  await t.api('PATCH', `/api/v1/cvd/cases/${caseId}`, { as: as.analyst, body: { cveIds: ['CVE-2026-1234'] } });
  expect((await t.api('POST', `/api/v1/cvd/cases/${caseId}/links`, { as: as.analyst, body: { kind: 'release', id: release } })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

describe('customer notices', () => {
  it('previews both forms with the fields in toolkit order, escaped, and the recipients of the linked product', async () => {
    const res = await t.api('POST', `/api/v1/cvd/cases/${caseId}/notices/preview`, { as: as.analyst, body: fields });
    expect(res.status, res.body).toBe(200);
    const p = res.json<{ subject: string; text: string; html: string; recipients: { email: string; inbox: boolean }[] }>();
    expect(p.subject).toBe(`[Org maker] Security notice: ${fields.headline}`);
    expect(p.recipients.map((r) => [r.email, r.inbox])).toEqual([['it@city.example', false], ['security@stmary.example', true]]);
    const order = ['SUMMARY', 'AFFECTED PRODUCTS AND VERSIONS', 'PATIENT SAFETY IMPACT', 'WHAT TO DO NOW', 'COMPENSATING CONTROLS', 'FIX AVAILABILITY AND TIMELINE', 'CONTACT'].map((h) => p.text.indexOf(h));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    expect(p.text).toContain('CVE: CVE-2026-1234');
    expect(p.html).not.toContain('<script>');
    expect(p.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(p.html).toContain('<p>Biomed: install 2.8.2.<br>Clinicians: no change.</p>');
  });

  it('only advisories.publish sends; e-mails arrive, the provider gets an inbox copy, the log records each', async () => {
    expect((await t.api('POST', `/api/v1/cvd/cases/${caseId}/notices`, { as: as.analyst, body: fields })).status).toBe(403);
    const sent = await t.api('POST', `/api/v1/cvd/cases/${caseId}/notices`, { as: as.admin, body: fields });
    expect(sent.status, sent.body).toBe(201);
    const notice = sent.json<{ id: string; deliveries: { channel: string; recipient: string; ok: boolean }[] }>();
    expect(notice.deliveries.map((d) => [d.channel, d.recipient, d.ok])).toEqual([['account', 'St Mary Hospital', true], ['email', 'it@city.example', true], ['email', 'security@stmary.example', true]]);
    const mails = await sink.waitFor(2);
    expect(mails.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort()).toEqual(['it@city.example', 'security@stmary.example']);
    expect(mails[0]!.html).not.toContain('<script>');
    expect(mails[0]!.text).toContain('Firmware 2.8.2 is available now');
    const inbox = (await t.api('GET', '/api/v1/notices/inbox', { as: as.hospital })).json<{ items: { id: string; manufacturer: string; subject: string }[] }>();
    expect(inbox.items.map((n) => [n.id, n.manufacturer])).toEqual([[notice.id, 'Org maker']]);
    expect((await t.api('GET', '/api/v1/notices/inbox', { as: as.otherMaker })).json<{ items: unknown[] }>().items).toEqual([]);
    const list = (await t.api('GET', `/api/v1/cvd/cases/${caseId}/notices`, { as: as.analyst })).json<{ items: { id: string }[] }>();
    expect(list.items.map((n) => n.id)).toEqual([notice.id]);
    expect((await t.api('GET', `/api/v1/cvd/cases/${caseId}/notices`, { as: as.otherMaker })).status).toBe(404);
    const events = (await t.api('GET', `/api/v1/cvd/cases/${caseId}`, { as: as.analyst })).json<{ events: { kind: string; detail: { emails?: number; inboxes?: number } }[] }>().events;
    expect(events.at(-1)).toMatchObject({ kind: 'notice', detail: { emails: 2, failed: 0, inboxes: 1 } });
  });

  it('refuses a notice for a case without customer contacts, and incomplete notices', async () => {
    const bare = (await t.api('POST', '/api/v1/cvd/cases', { as: as.analyst, body: { title: 'no links', description: 'd' } })).json<{ id: string }>().id;
    expect((await t.api('POST', `/api/v1/cvd/cases/${bare}/notices`, { as: as.admin, body: fields })).status).toBe(409);
    const { contact: _c, ...partial } = fields;
    expect((await t.api('POST', `/api/v1/cvd/cases/${caseId}/notices`, { as: as.admin, body: partial })).status).toBe(400);
  });
});
