import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/** Contracts through the API: obligations with defaults, facts recorded by hand, MDS2 statements as deliveries, the check, isolation. */
let t: TestVigil;
const as = {} as Record<'analyst' | 'viewer' | 'other', { bearer: string }>;
interface Contract { id: string; status: string; gaps: string[]; warnings: string[]; obligations: { id: string; clauseId: string; kind: string; parameters: Record<string, number>; status: string; evidence: { status: string; detail: string }[] }[] }

beforeAll(async () => {
  t = await startTestVigil();
  const org = await t.seedOrg('contracts-h', 'healthcare_provider');
  const other = await t.seedOrg('contracts-o', 'healthcare_provider');
  as.analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'a', role: 'analyst', expiresInDays: 1 })).secret };
  as.viewer = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'v', role: 'viewer', expiresInDays: 1 })).secret };
  as.other = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'o', role: 'analyst', expiresInDays: 1 })).secret };
});
afterAll(() => t.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('contracts', () => {
  let id = '';
  it('creates a contract whose obligations take the clause defaults, and flags gaps and weak values', async () => {
    const res = await t.api('POST', '/api/v1/contracts', {
      as: as.analyst,
      body: { vendorName: 'Medivance', title: 'InfuSafe fleet service agreement', mc2Version: 'v2', form: 'addendum', effectiveOn: daysAgo(400), coveredModels: ['InfuSafe 300'], obligations: [{ clauseId: 'MC2-08', parameters: { days: 45 } }, { clauseId: 'MC2-07' }, { clauseId: 'MC2-04' }, { clauseId: 'MC2-02' }] },
    });
    expect(res.status, res.body).toBe(201);
    const c = res.json<Contract>();
    id = c.id;
    expect(c.obligations.map((o) => [o.clauseId, o.kind, o.parameters])).toEqual([['MC2-02', 'evidence', {}], ['MC2-04', 'mds2_delivery', { days: 30 }], ['MC2-07', 'patch_availability', { days: 90 }], ['MC2-08', 'vulnerability_notification', { days: 45 }]]);
    expect(c.gaps).toEqual(['sbom_delivery', 'incident_notification', 'eos_notice']);
    expect(c.warnings).toEqual(['MC2-08: vulnerability notification within 45 days is weaker than the 30-day reference']);
    // No MDS2 within 30 days of a start 400 days ago: breached already.
    expect(c.obligations.find((o) => o.clauseId === 'MC2-04')).toMatchObject({ status: 'breached' });
  });

  it('checks recorded facts: advisory late, patch on time, evidence recorded; an MDS2 statement is a delivery', async () => {
    const fact = (body: Record<string, unknown>) => t.api('POST', `/api/v1/contracts/${id}/facts`, { as: as.analyst, body });
    expect((await fact({ kind: 'vulnerability_published', subject: 'CVE-2024-1111', occurredAt: daysAgo(200) })).status).toBe(201);
    expect((await fact({ kind: 'advisory_published', subject: 'CVE-2024-1111', occurredAt: daysAgo(140) })).status).toBe(201);
    expect((await fact({ kind: 'patch_available', subject: 'CVE-2024-1111', occurredAt: daysAgo(130) })).status).toBe(201);
    const c0 = (await t.api('GET', `/api/v1/contracts/${id}`, { as: as.viewer })).json<Contract>();
    const baa = c0.obligations.find((o) => o.clauseId === 'MC2-02')!;
    expect((await fact({ kind: 'evidence', subject: 'BAA signed', occurredAt: daysAgo(390), obligationId: baa.id })).status).toBe(201);
    expect((await fact({ kind: 'eos_notice', occurredAt: daysAgo(1) })).status).toBe(400);
    const mds2 = await t.api('POST', '/api/v1/mds2', { as: as.analyst, body: { manufacturer: 'MEDIVANCE', model: 'InfuSafe 300', statementDate: daysAgo(380), answers: { 'AUTH-1': { answer: 'yes' } } } });
    expect(mds2.status).toBe(201);
    const c = (await t.api('GET', `/api/v1/contracts/${id}`, { as: as.viewer })).json<Contract>();
    const by = (clause: string) => c.obligations.find((o) => o.clauseId === clause)!;
    expect(by('MC2-08')).toMatchObject({ status: 'breached', evidence: [{ status: 'breached', detail: `vendor advisory 60 days after ${daysAgo(200)} (${daysAgo(140)}; limit 45 days)` }] });
    expect(by('MC2-07')).toMatchObject({ status: 'met' });
    expect(by('MC2-02')).toMatchObject({ status: 'met' });
    expect(by('MC2-04')).toMatchObject({ status: 'met', evidence: [{ detail: `MDS2 delivered 20 days after the contract's start (${daysAgo(400)}) on ${daysAgo(380)} (limit 30 days)` }] });
    expect(c.status).toBe('breached');
    const list = (await t.api('GET', '/api/v1/contracts', { as: as.viewer })).json<{ items: { id: string; status: string; breached: number }[] }>();
    expect(list.items).toEqual([expect.objectContaining({ id, status: 'breached', breached: 1 })]);
  });

  it('refuses unknown clauses, other organizations and viewers', async () => {
    expect((await t.api('PATCH', `/api/v1/contracts/${id}`, { as: as.analyst, body: { obligations: [{ clauseId: 'MC2-99' }] } })).status).toBe(400);
    expect((await t.api('GET', `/api/v1/contracts/${id}`, { as: as.other })).status).toBe(404);
    expect((await t.api('POST', `/api/v1/contracts/${id}/facts`, { as: as.other, body: { kind: 'release', occurredAt: daysAgo(1) } })).status).toBe(404);
    expect((await t.api('DELETE', `/api/v1/contracts/${id}`, { as: as.viewer })).status).toBe(403);
    const audit = await t.db.selectFrom('audit_events').select('action').where('target_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['contracts.create', 'contracts.fact.record', 'contracts.fact.record', 'contracts.fact.record', 'contracts.fact.record']);
  });
});
