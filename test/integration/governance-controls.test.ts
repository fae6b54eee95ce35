import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Applicability, own controls and action items through the API (the screens' calls):
 * choosing the default again removes the override, an own control is edited (a changed text
 * sends its assessment back for re-assessment) and removed with its evidence and actions,
 * the gaps list follows the assessments, and an action's owner moves between a member and a
 * name. Another organization's controls and actions are 404.
 */
type Caller = { bearer: string };
let t: TestVigil;
let maker: TestOrg;
let other: TestOrg;
let analyst: Caller;
let otherAnalyst: Caller;

interface Control { code: string; applicable: boolean; applicabilityDefault: boolean; applicabilityJustification: string | null; title: string; area: string; description: string; evidence: string; custom: boolean; assessment: { level: number | null; needsReassessment: boolean } | null }
interface Maturity { controls: Control[]; gaps: { code: string; level: number | null }[]; targetLevel: number; scores: { areas: { area: string; score: number | null; scored: number }[] } }
interface Action { id: string; code: string; owner: string | null; ownerId: string | null; dueOn: string; status: string; overdue: boolean }

async function call<T = unknown>(method: string, url: string, caller: Caller, body?: unknown): Promise<{ status: number; body: T; raw: string }> {
  const res = await t.api(method, url, { as: caller, ...(body === undefined ? {} : { body }) });
  return { status: res.status, body: (res.body ? JSON.parse(res.body) : undefined) as T, raw: res.body };
}
const maturity = async (caller = analyst) => (await call<Maturity>('GET', '/api/v1/maturity', caller)).body;
const control = (m: Maturity, code: string) => m.controls.find((c) => c.code === code)!;

beforeAll(async () => {
  t = await startTestVigil();
  maker = await t.seedOrg('gov-ctl-maker', 'manufacturer');
  other = await t.seedOrg('gov-ctl-other', 'manufacturer');
  analyst = { bearer: (await createToken(t.db, systemContext(maker.id), { name: 'a', role: 'analyst', expiresInDays: 1 })).secret };
  otherAnalyst = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'a', role: 'analyst', expiresInDays: 1 })).secret };
});
afterAll(() => t.close());

it('toggles applicability against the default by kind; the default again removes the override', async () => {
  // JSP-GOV-07 is an HDO control: a manufacturer does not assess it by default.
  expect(control(await maturity(), 'JSP-GOV-07')).toMatchObject({ applicable: false, applicabilityDefault: false });
  expect((await call('PUT', '/api/v1/maturity/applicability', analyst, { code: 'JSP-GOV-07', applicable: true })).status).toBe(204);
  expect(control(await maturity(), 'JSP-GOV-07')).toMatchObject({ applicable: true, applicabilityDefault: false });
  expect(control(await maturity(otherAnalyst), 'JSP-GOV-07').applicable).toBe(false);
  expect((await call('PUT', '/api/v1/maturity/applicability', analyst, { code: 'JSP-GOV-01', applicable: false, justification: 'Covered by the group charter' })).status).toBe(204);
  expect(control(await maturity(), 'JSP-GOV-01')).toMatchObject({ applicable: false, applicabilityDefault: true, applicabilityJustification: 'Covered by the group charter' });
  const overrides = () => t.db.selectFrom('control_applicability').select('code').where('org_id', '=', maker.id).orderBy('code').execute();
  expect((await overrides()).map((o) => o.code)).toEqual(['JSP-GOV-01', 'JSP-GOV-07']);
  // Back to the default: the rows go.
  expect((await call('PUT', '/api/v1/maturity/applicability', analyst, { code: 'JSP-GOV-07', applicable: false })).status).toBe(204);
  expect((await call('PUT', '/api/v1/maturity/applicability', analyst, { code: 'JSP-GOV-01', applicable: true })).status).toBe(204);
  expect(await overrides()).toEqual([]);
  expect(control(await maturity(), 'JSP-GOV-01')).toMatchObject({ applicable: true, applicabilityJustification: null });
  expect((await call('PUT', '/api/v1/maturity/applicability', analyst, { code: 'JSP-NOPE-01', applicable: true })).status).toBe(404);
});

it('edits an own control (a changed text asks for re-assessment) and removes it with its evidence and actions', async () => {
  expect((await call('POST', '/api/v1/maturity/controls', analyst, { code: 'ACME-SEC-01', area: 'GOV', title: 'Quarterly security steering', owner: 'MDM', evidence: 'Minutes' })).status).toBe(201);
  expect((await call('PUT', '/api/v1/maturity/assessments', analyst, { code: 'ACME-SEC-01', level: 4, rationale: 'Minutes for 8 quarters' })).status).toBe(200);
  // GOV: only ACME-SEC-01 scored, 4.
  expect((await maturity()).scores.areas.find((a) => a.area === 'GOV')).toMatchObject({ score: 4, scored: 1 });
  // Only the evidence text changes … still re-assess (expected evidence is part of the control).
  expect((await call('PATCH', '/api/v1/maturity/controls/ACME-SEC-01', analyst, { evidence: 'Minutes and action log' })).status).toBe(204);
  let m = await maturity();
  expect(control(m, 'ACME-SEC-01')).toMatchObject({ title: 'Quarterly security steering', evidence: 'Minutes and action log', assessment: { level: 4, needsReassessment: true } });
  expect(m.scores.areas.find((a) => a.area === 'GOV')).toMatchObject({ score: null, scored: 0 });
  expect(m.gaps).toContainEqual({ code: 'ACME-SEC-01', level: null });
  await call('PUT', '/api/v1/maturity/assessments', analyst, { code: 'ACME-SEC-01', level: 4 });
  // Saving the same text again is not a change.
  expect((await call('PATCH', '/api/v1/maturity/controls/ACME-SEC-01', analyst, { title: 'Quarterly security steering', area: 'GOV' })).status).toBe(204);
  m = await maturity();
  expect(control(m, 'ACME-SEC-01').assessment).toMatchObject({ level: 4, needsReassessment: false });
  expect(m.gaps.some((g) => g.code === 'ACME-SEC-01')).toBe(false);
  expect((await call<{ errors: { pointer: string }[] }>('PATCH', '/api/v1/maturity/controls/ACME-SEC-01', analyst, { area: 'NOPE' })).status).toBe(400);
  expect((await call('PATCH', '/api/v1/maturity/controls/ACME-SEC-01', analyst, { code: 'ACME-SEC-02' })).status).toBe(400);
  expect((await call('PATCH', '/api/v1/maturity/controls/JSP-GOV-01', analyst, { title: 'mine now' })).status).toBe(404);
  // Another organization cannot see, edit or remove it.
  expect(control(await maturity(otherAnalyst), 'ACME-SEC-01')).toBeUndefined();
  expect((await call('PATCH', '/api/v1/maturity/controls/ACME-SEC-01', otherAnalyst, { title: 'x' })).status).toBe(404);
  expect((await call('DELETE', '/api/v1/maturity/controls/ACME-SEC-01', otherAnalyst)).status).toBe(404);

  expect((await call('POST', '/api/v1/maturity/evidence', analyst, { kind: 'url', code: 'ACME-SEC-01', label: 'Minutes', url: 'https://intranet.example/minutes' })).status).toBe(201);
  expect((await call('POST', '/api/v1/maturity/actions', analyst, { code: 'ACME-SEC-01', title: 'Publish minutes', dueOn: '2030-01-01' })).status).toBe(201);
  expect((await call('DELETE', '/api/v1/maturity/controls/ACME-SEC-01', analyst)).status).toBe(204);
  const left = (table: 'maturity_evidence' | 'maturity_actions' | 'maturity_assessments' | 'org_controls') => t.db.selectFrom(table).select('code').where('org_id', '=', maker.id).where('code', '=', 'ACME-SEC-01').execute();
  expect([await left('org_controls'), await left('maturity_evidence'), await left('maturity_actions'), await left('maturity_assessments')]).toEqual([[], [], [], []]);
  expect(control(await maturity(), 'ACME-SEC-01')).toBeUndefined();
  expect((await call('DELETE', '/api/v1/maturity/controls/ACME-SEC-01', analyst)).status).toBe(404);
  const audit = await t.db.selectFrom('audit_events').select(['action', 'summary']).where('org_id', '=', maker.id).where('action', 'in', ['maturity.control_update', 'maturity.control_delete']).orderBy('id').execute();
  expect(audit.map((a) => a.action)).toEqual(['maturity.control_update', 'maturity.control_update', 'maturity.control_delete']);
  expect(audit[2]!.summary).toMatchObject({ code: 'ACME-SEC-01', evidenceRemoved: 1, actionsRemoved: 1 });
});

it('lists gaps by the assessments and moves an action owner between a member and a name', async () => {
  const before = await maturity();
  // A manufacturer: 69 MDM + 4 shared applicable, ACME-SEC-01 gone, nothing else assessed: 73 gaps.
  expect(before.gaps).toHaveLength(73);
  await call('PUT', '/api/v1/maturity/assessments', analyst, { code: 'JSP-GOV-02', level: 3 });
  await call('PUT', '/api/v1/maturity/assessments', analyst, { code: 'JSP-GOV-03', level: 2 });
  await call('PUT', '/api/v1/maturity/assessments', analyst, { code: 'JSP-GOV-04', level: null, rationale: 'No separate product security budget exists' });
  const after = await maturity();
  expect(after.gaps).toHaveLength(71);
  expect(after.gaps.find((g) => g.code === 'JSP-GOV-03')).toEqual({ code: 'JSP-GOV-03', level: 2 });
  expect(after.gaps.some((g) => g.code === 'JSP-GOV-02' || g.code === 'JSP-GOV-04')).toBe(false);

  const created = await call<Action>('POST', '/api/v1/maturity/actions', analyst, { code: 'JSP-GOV-03', title: 'Write the PSIRT charter', ownerName: 'Interim CISO', dueOn: '2020-01-01' });
  expect(created.status, created.raw).toBe(201);
  expect(created.body).toMatchObject({ owner: 'Interim CISO', ownerId: null, status: 'open', overdue: true });
  const id = created.body.id;
  const member = maker.users.analyst;
  let a = (await call<Action>('PATCH', `/api/v1/maturity/actions/${id}`, analyst, { ownerId: member.id, dueOn: '2031-01-31' })).body;
  expect(a).toMatchObject({ ownerId: member.id, owner: 'analyst of gov-ctl-maker', dueOn: '2031-01-31', overdue: false });
  a = (await call<Action>('PATCH', `/api/v1/maturity/actions/${id}`, analyst, { ownerName: 'Quality lead' })).body;
  expect(a).toMatchObject({ ownerId: null, owner: 'Quality lead' });
  a = (await call<Action>('PATCH', `/api/v1/maturity/actions/${id}`, analyst, { ownerId: null })).body;
  expect(a).toMatchObject({ ownerId: null, owner: null });
  expect((await call('PATCH', `/api/v1/maturity/actions/${id}`, analyst, { ownerId: other.users.analyst.id })).status).toBe(400);
  a = (await call<Action>('PATCH', `/api/v1/maturity/actions/${id}`, analyst, { status: 'done', dueOn: '2020-01-01' })).body;
  // Done is never overdue.
  expect(a).toMatchObject({ status: 'done', overdue: false });
  expect((await call<Action[]>('GET', '/api/v1/maturity/actions', otherAnalyst)).body).toEqual([]);
});
