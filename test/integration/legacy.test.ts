import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { remindEndOfSupport } from '../../src/modules/legacy/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/** Legacy register: fleet models with plans, flags, budget per year, end-of-support reminders once per threshold, isolation. */
let t: TestVigil;
let org: TestOrg;
const as = {} as Record<'analyst' | 'viewer' | 'other', { bearer: string }>;
interface Register { items: { manufacturer: string; model: string; assets: number; patientConnected: number; endOfSupportOn: string | null; daysToEndOfSupport: number | null; lifecycleStage: string | null; stageSource: string | null; flags: string[]; plan: { id: string } | null; lastReminder: { daysBefore: number } | null }[]; budget: { year: number; currency: string; total: number; models: number }[] }

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('legacy-h', 'healthcare_provider');
  const other = await t.seedOrg('legacy-o', 'healthcare_provider');
  as.analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'a', role: 'analyst', expiresInDays: 1 })).secret };
  as.viewer = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'v', role: 'viewer', expiresInDays: 1 })).secret };
  as.other = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'o', role: 'analyst', expiresInDays: 1 })).secret };
  const csv = ['Manufacturer,Model,Serial,Patient connected', 'Medivance,InfuSafe 300,P1,yes', 'Medivance,InfuSafe 300,P2,yes', 'CardioWorks,CardioWatch Gateway,G1,no', 'Philips,IntelliVue MX450,M1,yes'].join('\n');
  const res = await t.api('POST', '/api/v1/assets/import', { as: as.analyst, body: csv, headers: { 'content-type': 'text/csv' } });
  expect(res.status, res.body).toBe(200);
});
afterAll(() => t.close());

describe('legacy register', () => {
  it('lists every fleet model; plans add dates, controls and budget; flags say what needs attention', async () => {
    const put = (body: Record<string, unknown>) => t.api('PUT', '/api/v1/legacy/plans', { as: as.analyst, body });
    expect((await put({ manufacturer: 'medivance', model: 'infusafe 300', endOfSupportOn: inDays(200), lifecycleStage: 'limited_support', decision: 'replace', replacementModel: 'InfuSafe 500', budgetYear: 2027, estimatedCost: 84000.5 })).json()).toMatchObject({ created: true });
    expect((await put({ manufacturer: 'CardioWorks', model: 'CardioWatch Gateway', endOfSupportOn: inDays(-10), lifecycleStage: 'end_of_support', compensatingControls: [{ control: 'segmentation', description: 'Own VLAN, HL7 port only', status: 'in_place' }], budgetYear: 2027, estimatedCost: 15999.5 })).status).toBe(200);
    const again = await put({ manufacturer: 'Medivance', model: 'InfuSafe 300', notes: 'quote received' });
    expect(again.json()).toMatchObject({ created: false });
    const got = await t.api('GET', '/api/v1/legacy', { as: as.viewer });
    expect(got.status, got.body).toBe(200);
    const reg = got.json<Register>();
    expect(reg.items.map((i) => [i.model, i.assets, i.patientConnected, i.daysToEndOfSupport, i.stageSource, i.flags])).toEqual([
      ['CardioWatch Gateway', 1, 0, -10, 'manual', ['past_end_of_support', 'no_risk_acceptance']],
      ['InfuSafe 300', 2, 2, 200, 'manual', ['eos_within_12_months', 'no_compensating_controls']],
      ['IntelliVue MX450', 1, 1, null, null, []],
    ]);
    expect(reg.budget).toEqual([{ year: 2027, currency: 'USD', total: 100000, models: 2 }]);
  });

  it('sends each end-of-support reminder once per threshold and records it', async () => {
    // 200 days left: the 365-day reminder is due (the gateway's date has passed: none).
    expect(await remindEndOfSupport(t.db)).toBe(1);
    expect(await remindEndOfSupport(t.db)).toBe(0);
    // 25 days left: the 180-, 90- and 30-day thresholds have all come.
    expect(await remindEndOfSupport(t.db, new Date(Date.now() + 175 * 86_400_000))).toBe(3);
    const reminders = (await t.api('GET', '/api/v1/legacy/reminders', { as: as.viewer })).json<{ items: { model: string; daysBefore: number }[] }>();
    expect(reminders.items.map((r) => r.daysBefore).sort((a, b) => a - b)).toEqual([30, 90, 180, 365]);
    const audit = await t.db.selectFrom('audit_events').select('summary').where('org_id', '=', org.id).where('action', '=', 'legacy.reminder').execute();
    expect(audit).toHaveLength(2);
    const reg = (await t.api('GET', '/api/v1/legacy', { as: as.viewer })).json<Register>();
    expect(reg.items.find((i) => i.model === 'InfuSafe 300')!.lastReminder).toMatchObject({ daysBefore: 30 });
  });

  it('keeps plans to their organization and to writers', async () => {
    const reg = (await t.api('GET', '/api/v1/legacy', { as: as.viewer })).json<Register>();
    const planId = reg.items[0]!.plan!.id;
    expect((await t.api('DELETE', `/api/v1/legacy/plans/${planId}`, { as: as.other })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/legacy', { as: as.other })).json<Register>().items).toEqual([]);
    expect((await t.api('PUT', '/api/v1/legacy/plans', { as: as.viewer, body: { manufacturer: 'x', model: 'y' } })).status).toBe(403);
    expect((await t.api('PUT', '/api/v1/legacy/plans', { as: as.analyst, body: { manufacturer: 'x', model: 'y', currency: 'usd' } })).status).toBe(400);
    expect((await t.api('DELETE', `/api/v1/legacy/plans/${planId}`, { as: as.analyst })).status).toBe(204);
  });
});
