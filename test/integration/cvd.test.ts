import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * CVD cases through the API: staff-entered cases with the default clocks computed in the
 * organization's time zone, edits, the validated state path with timestamps and actors, links
 * to the organization's own products, releases and findings only, filters and keyset pages,
 * tenant isolation and the audit trail.
 */
const GHSA = readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url));
const BOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
  components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
});

type Caller = { bearer: string };
interface Case {
  id: string; state: string; allowedTransitions: string[]; version: number; cveIds: string[]; embargoDate: string | null; disclosureTarget: string; receivedAt: string;
  acknowledgedAt: string | null; closedAt: string | null; closeReason: string | null; reporter: { name: string | null; email: string | null; credit: string };
  clocks: { clock: string; dueAt: string; status: string }[];
}

let t: TestVigil;
let org: TestOrg;
let other: TestOrg;
const as = {} as Record<'analyst' | 'auditor' | 'viewer' | 'otherAnalyst', Caller>;
const ids = { product: '', release: '', finding: '', otherProduct: '' };

async function call<T = Case>(method: string, url: string, caller: Caller, body?: unknown, headers?: Record<string, string>) {
  const res = await t.api(method, url, { as: caller, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
  return { status: res.status, body: (res.body ? JSON.parse(res.body) : undefined) as T, raw: res.body, headers: res.headers };
}

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('cvd');
  other = await t.seedOrg('cvd-other');
  await t.db.updateTable('organizations').set({ time_zone: 'Europe/Berlin' }).where('id', '=', org.id).execute();
  const ctx = systemContext(org.id);
  for (const role of ['analyst', 'auditor', 'viewer'] as const) as[role] = { bearer: (await createToken(t.db, ctx, { name: role, role, expiresInDays: 1 })).secret };
  as.otherAnalyst = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'other', role: 'analyst', expiresInDays: 1 })).secret };
  ids.product = (await createProduct(t.db, ctx, { name: 'CardioWatch gateway' })).id;
  ids.otherProduct = (await createProduct(t.db, systemContext(other.id), { name: 'Other pump' })).id;
  ids.release = (await createRelease(t.db, ctx, ids.product, { version: '4.6.0' })).id;
  const source = (await call<{ id: string }>('POST', '/api/v1/intel/sources', as.analyst, { kind: 'osv', name: 'GHSA' })).body;
  expect((await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: as.analyst, body: GHSA, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
  expect((await t.api('POST', `/api/v1/releases/${ids.release}/sboms`, { as: as.analyst, body: BOM, headers: { 'content-type': 'application/json' } })).status).toBe(201);
  ids.finding = (await call<{ items: { id: string }[] }>('GET', `/api/v1/findings?releaseId=${ids.release}`, as.analyst)).body.items[0]!.id;
});
afterAll(() => t.close());

describe('CVD cases', () => {
  let caseId = '';

  it('creates a case in received with the acknowledgement and disclosure clocks', async () => {
    const created = await call('POST', '/api/v1/cvd/cases', as.analyst, { title: 'Telemetry replay', description: 'Replayed BLE packets change the dose log', reporterName: 'Ada', reporterEmail: 'ada@example.org' });
    expect(created.status, created.raw).toBe(201);
    caseId = created.body.id;
    expect(created.body).toMatchObject({ state: 'received', allowedTransitions: ['acknowledged', 'closed'], reporter: { name: 'Ada', email: 'ada@example.org', credit: 'named' }, version: 1 });
    // Independent check of the clocks: 5 weekdays after the Berlin receipt day, then local midnight.
    const received = new Date(created.body.receivedAt);
    const berlinDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(d);
    const day = new Date(`${berlinDay(received)}T12:00:00Z`);
    let counted = 0;
    while (counted < 5) {
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) counted++;
    }
    const ack = created.body.clocks.find((c) => c.clock === 'acknowledge')!;
    const dueAt = new Date(ack.dueAt);
    day.setUTCDate(day.getUTCDate() + 1);
    expect(berlinDay(dueAt)).toBe(day.toISOString().slice(0, 10));
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(dueAt)).toBe('00:00');
    expect(ack.status).toBe('due');
    const target = new Date(`${berlinDay(received)}T12:00:00Z`);
    target.setUTCDate(target.getUTCDate() + 45);
    expect(created.body.disclosureTarget).toBe(target.toISOString().slice(0, 10));
  });

  it('edits CVE ids, credit and the embargo date (which moves the disclosure target); bad CVE ids are refused', async () => {
    const bad = await call('PATCH', `/api/v1/cvd/cases/${caseId}`, as.analyst, { cveIds: ['CVE-21-1'] });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const edited = await call('PATCH', `/api/v1/cvd/cases/${caseId}`, as.analyst, { cveIds: ['CVE-2024-12345', 'CVE-2024-0001', 'CVE-2024-12345'], cveRequested: true, credit: 'anonymous', embargoDate: '2030-01-15' }, { 'if-match': '"v1"' });
    expect(edited.status, edited.raw).toBe(200);
    expect(edited.body).toMatchObject({ cveIds: ['CVE-2024-0001', 'CVE-2024-12345'], embargoDate: '2030-01-15', disclosureTarget: '2030-01-15', reporter: { credit: 'anonymous' }, version: 2 });
    const stale = await call('PATCH', `/api/v1/cvd/cases/${caseId}`, as.analyst, { title: 'x' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(412);
  });

  it('follows the state path with timestamps and actors; skipping a step is a 409, early closing needs a reason', async () => {
    const skip = await call('POST', `/api/v1/cvd/cases/${caseId}/transition`, as.analyst, { to: 'triaged' });
    expect(skip.status).toBe(409);
    expect((skip.body as unknown as { detail: string }).detail).toBe('A case in received can move to acknowledged or closed, not triaged.');
    const acked = await call('POST', `/api/v1/cvd/cases/${caseId}/transition`, as.analyst, { to: 'acknowledged' });
    expect(acked.status).toBe(200);
    expect(acked.body.state).toBe('acknowledged');
    expect(acked.body.acknowledgedAt).not.toBeNull();
    expect(acked.body.clocks.map((c) => [c.clock, c.status])).toEqual([['acknowledge', 'met'], ['status_update', 'due'], ['disclosure', 'due']]);
    expect(new Date(acked.body.clocks[1]!.dueAt).getTime() - new Date(acked.body.acknowledgedAt!).getTime()).toBe(30 * 86_400_000);
    const noReason = await call('POST', `/api/v1/cvd/cases/${caseId}/transition`, as.analyst, { to: 'closed' });
    expect(noReason.status).toBe(400);
    for (const to of ['triaged', 'remediation', 'disclosed', 'closed']) expect((await call('POST', `/api/v1/cvd/cases/${caseId}/transition`, as.analyst, { to })).status).toBe(200);
    const closed = await call('POST', `/api/v1/cvd/cases/${caseId}/transition`, as.analyst, { to: 'acknowledged' });
    expect(closed.status).toBe(409);
    const detail = await call<{ events: { kind: string; actor: string; detail: { from?: string; to?: string } }[] }>('GET', `/api/v1/cvd/cases/${caseId}`, as.auditor);
    expect(detail.body.events.filter((e) => e.kind === 'transition').map((e) => `${e.detail.from}>${e.detail.to}@${e.actor}`)).toEqual(
      ['received>acknowledged', 'acknowledged>triaged', 'triaged>remediation', 'remediation>disclosed', 'disclosed>closed'].map((s) => `${s}@token:analyst`),
    );
  });

  it('links products, releases and findings of the same organization only', async () => {
    const fresh = (await call('POST', '/api/v1/cvd/cases', as.analyst, { title: 'Log4Shell in the gateway', description: 'JNDI lookup in HL7 listener' })).body;
    for (const [kind, id] of [['product', ids.product], ['release', ids.release], ['finding', ids.finding]] as const) {
      expect((await call('POST', `/api/v1/cvd/cases/${fresh.id}/links`, as.analyst, { kind, id })).status).toBe(200);
    }
    expect((await call('POST', `/api/v1/cvd/cases/${fresh.id}/links`, as.analyst, { kind: 'product', id: ids.otherProduct })).status).toBe(404);
    const detail = await call<{ links: { kind: string; label: string }[] }>('GET', `/api/v1/cvd/cases/${fresh.id}`, as.auditor);
    expect(detail.body.links).toEqual([
      { kind: 'finding', id: ids.finding, label: 'CVE-2021-44228 in log4j-core 2.14.1' },
      { kind: 'product', id: ids.product, label: 'CardioWatch gateway' },
      { kind: 'release', id: ids.release, label: 'CardioWatch gateway 4.6.0' },
    ]);
    const byProduct = await call<{ items: Case[] }>('GET', `/api/v1/cvd/cases?productId=${ids.product}`, as.analyst);
    expect(byProduct.body.items.map((c) => c.id)).toEqual([fresh.id]);
    expect((await call('DELETE', `/api/v1/cvd/cases/${fresh.id}/links`, as.analyst, { kind: 'release', id: ids.release })).status).toBe(200);
  });

  it('lists with filters and keyset pages, isolated per organization and role-checked', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/api/v1/cvd/cases', as.analyst, { title: `Page case ${i}`, description: 'filler' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Case[]; nextCursor: string | null } } = await call('GET', `/api/v1/cvd/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`, as.auditor);
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await call<{ items: Case[] }>('GET', '/api/v1/cvd/cases?state=closed', as.auditor)).body.items.map((c) => c.id)).toEqual([caseId]);
    expect((await call<{ items: Case[] }>('GET', '/api/v1/cvd/cases?open=true', as.auditor)).body.items).toHaveLength(4);
    expect((await call<{ items: Case[] }>('GET', '/api/v1/cvd/cases?q=CVE-2024-0001', as.auditor)).body.items.map((c) => c.id)).toEqual([caseId]);
    expect((await call<{ items: Case[] }>('GET', '/api/v1/cvd/cases', as.otherAnalyst)).body.items).toEqual([]);
    expect((await call('GET', `/api/v1/cvd/cases/${caseId}`, as.otherAnalyst)).status).toBe(404);
    expect((await call('GET', '/api/v1/cvd/cases', as.viewer)).status).toBe(403);
    expect((await call('POST', '/api/v1/cvd/cases', as.auditor, { title: 'x', description: 'y' })).status).toBe(403);
    const actions = await t.db.selectFrom('audit_events').select('action').where('org_id', '=', org.id).where('action', 'like', 'cvd.%').execute();
    expect(actions.filter((a) => a.action === 'cvd.case.transitioned')).toHaveLength(5);
    expect(actions.filter((a) => a.action === 'cvd.case.linked')).toHaveLength(3);
    expect((await verifyChain(t.db, org.id)).ok).toBe(true);
  });
});
