import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { insertCase } from '../../src/modules/cvd/service.js';
import { importCatalog, parseCatalogFile } from '../../src/modules/governance/catalog-import.js';
import { setOperator } from '../../src/modules/governance/benchmark-service.js';
import { buildSubmission, submissionDigest } from '../../src/modules/governance/benchmark.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Governance through the API: the catalog against framework.md (expected list written by hand
 * from it), applicability by organization kind, assessments with N/A and evidence, cycles and
 * trend, gaps → actions, catalog re-import, metrics from real records checked by hand, RACI,
 * training, policies and reminders, benchmark export → operator import → k-anonymous aggregate
 * and percentiles, the executive report, and another organization's records as 404.
 */

type Caller = { bearer: string };
let t: TestVigil;
let maker: TestOrg;
let hospital: TestOrg;
let operatorOrg: TestOrg;
const as = {} as Record<'analyst' | 'viewer' | 'admin' | 'hospitalAnalyst' | 'operatorAdmin', Caller>;

async function call<T = Record<string, unknown>>(method: string, url: string, caller: Caller, body?: unknown) {
  const res = await t.api(method, url, { as: caller, ...(body === undefined ? {} : { body }) });
  let parsed: unknown;
  try {
    parsed = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    parsed = res.body;
  }
  return { status: res.status, body: parsed as T, raw: res.body, headers: res.headers };
}

/** framework.md, area by area: each control's owner in id order (M = MDM, H = HDO, S = shared). */
const FRAMEWORK: Record<string, string> = {
  GOV: 'MMMMMMHSM', DES: 'MMMMMMMMMMMMMM', VV: 'MMMMM', LAB: 'MMMMMMMMMMMM', CMP: 'MMMMH', RSK: 'MMSMMMHHHH',
  VUL: 'MMMMMMMH', PAT: 'MMMMMH', IR: 'MHSM', EOL: 'MMMMHS', TRN: 'MH', MAT: 'MMM',
};
const OWNER = { M: 'MDM', H: 'HDO', S: 'shared' } as const;
const EXPECTED = Object.entries(FRAMEWORK).flatMap(([area, owners]) => [...owners].map((o, i) => ({ code: `JSP-${area}-${String(i + 1).padStart(2, '0')}`, area, owner: OWNER[o as 'M'] })));

interface Control { code: string; area: string; owner: string; applicable: boolean; title: string; evidence: string; assessment: { level: number | null; notApplicable: boolean; needsReassessment: boolean } | null; evidenceItems: { id: string; kind: string }[]; metrics: string[] }
interface Maturity { catalog: { version: string }; areas: { code: string }[]; controls: Control[]; scores: { overall: number | null; areas: { area: string; score: number | null; scored: number }[] }; metrics: Record<string, { numerator?: number; denominator?: number; value: number | null; cases?: number }> }

beforeAll(async () => {
  t = await startTestVigil();
  maker = await t.seedOrg('gov-maker', 'manufacturer');
  hospital = await t.seedOrg('gov-hospital', 'healthcare_provider');
  operatorOrg = await t.seedOrg('gov-operator', 'both');
  const token = async (org: TestOrg, role: 'analyst' | 'viewer' | 'admin') => ({ bearer: (await createToken(t.db, systemContext(org.id), { name: `${role}-${org.slug}`, role, expiresInDays: 1 })).secret });
  as.analyst = await token(maker, 'analyst');
  as.viewer = await token(maker, 'viewer');
  as.admin = await token(maker, 'admin');
  as.hospitalAnalyst = await token(hospital, 'analyst');
  as.operatorAdmin = await token(operatorOrg, 'admin');
});
afterAll(() => t.close());

describe('catalog', () => {
  it('holds framework.md: 84 controls in 12 areas with their owners, in order', async () => {
    const res = await call<Maturity>('GET', '/api/v1/maturity', as.viewer);
    expect(res.status, res.raw).toBe(200);
    expect(res.body.catalog.version).toBe('2026.1');
    expect(res.body.areas.map((a) => a.code)).toEqual(Object.keys(FRAMEWORK));
    expect(res.body.controls.map((c) => ({ code: c.code, area: c.area, owner: c.owner }))).toEqual(EXPECTED);
    expect(EXPECTED).toHaveLength(84);
    const sbom = res.body.controls.find((c) => c.code === 'JSP-DES-09')!;
    expect(sbom.title).toContain('SBOM produced per release');
    expect(sbom.evidence).toBe('SBOM (SPDX/CycloneDX) per version');
    expect(sbom.metrics).toEqual(['releasesWithSbom']);
  });

  it('applies MDM + shared controls to a manufacturer and HDO + shared to a hospital by default', async () => {
    const m = (await call<Maturity>('GET', '/api/v1/maturity', as.viewer)).body;
    const h = (await call<Maturity>('GET', '/api/v1/maturity', as.hospitalAnalyst)).body;
    expect(m.controls.filter((c) => c.applicable)).toHaveLength(69 + 4);
    expect(h.controls.filter((c) => c.applicable).map((c) => c.code)).toEqual(EXPECTED.filter((c) => c.owner !== 'MDM').map((c) => c.code));
    expect(h.controls.filter((c) => c.applicable)).toHaveLength(11 + 4);
  });

  it('lets the organization toggle applicability and add its own control', async () => {
    expect((await call('PUT', '/api/v1/maturity/applicability', as.hospitalAnalyst, { code: 'JSP-DES-09', applicable: true, justification: 'We build our own integration engine' })).status).toBe(204);
    expect((await call('POST', '/api/v1/maturity/controls', as.hospitalAnalyst, { code: 'MERCY-SEC-1', area: 'RSK', title: 'Quarterly biomed network walk-through', owner: 'HDO' })).status).toBe(201);
    expect((await call('POST', '/api/v1/maturity/controls', as.hospitalAnalyst, { code: 'JSP-XYZ-1', area: 'RSK', title: 'x', owner: 'HDO' })).status).toBe(400);
    expect((await call('POST', '/api/v1/maturity/controls', as.hospitalAnalyst, { code: 'MERCY-SEC-1', area: 'RSK', title: 'again', owner: 'HDO' })).status).toBe(409);
    expect((await call('POST', '/api/v1/maturity/controls', as.hospitalAnalyst, { code: 'MERCY-SEC-2', area: 'NOPE', title: 'x', owner: 'HDO' })).status).toBe(400);
    const h = (await call<Maturity>('GET', '/api/v1/maturity', as.hospitalAnalyst)).body;
    expect(h.controls.filter((c) => c.applicable)).toHaveLength(17);
    expect(h.controls.at(-1)).toMatchObject({ code: 'MERCY-SEC-1', area: 'RSK', applicable: true });
    // The manufacturer does not see the hospital's own control.
    expect((await call<Maturity>('GET', '/api/v1/maturity', as.viewer)).body.controls).toHaveLength(84);
  });
});

describe('self-assessment', () => {
  it('scores areas from assessed levels and refuses N/A without a justification and unknown controls', async () => {
    for (const [code, level] of [['JSP-GOV-01', 3], ['JSP-GOV-02', 2], ['JSP-DES-09', 4], ['JSP-DES-02', 1]] as const) {
      const res = await call('PUT', '/api/v1/maturity/assessments', as.analyst, { code, level, rationale: `assessed ${code}` });
      expect(res.status, res.raw).toBe(200);
    }
    const na = await call<{ errors: { pointer: string }[] }>('PUT', '/api/v1/maturity/assessments', as.analyst, { code: 'JSP-GOV-06', level: null, rationale: 'no' });
    expect(na.status).toBe(400);
    expect(na.body.errors[0]!.pointer).toBe('/body/rationale');
    expect((await call('PUT', '/api/v1/maturity/assessments', as.analyst, { code: 'JSP-GOV-06', level: null, rationale: 'We are a private company without public statements' })).status).toBe(200);
    expect((await call('PUT', '/api/v1/maturity/assessments', as.analyst, { code: 'JSP-NOPE-01', level: 1 })).status).toBe(404);
    expect((await call('PUT', '/api/v1/maturity/assessments', as.analyst, { code: 'JSP-GOV-01', level: 6 })).status).toBe(400);
    expect((await call('PUT', '/api/v1/maturity/assessments', as.viewer, { code: 'JSP-GOV-01', level: 1 })).status).toBe(403);
    const m = (await call<Maturity>('GET', '/api/v1/maturity', as.viewer)).body;
    // GOV (3+2)/2 = 2.5 (GOV-06 N/A left out); DES (4+1)/2 = 2.5; overall (2.5+2.5)/2 = 2.5.
    expect(m.scores.areas.find((a) => a.area === 'GOV')).toMatchObject({ score: 2.5, scored: 2 });
    expect(m.scores.areas.find((a) => a.area === 'DES')).toMatchObject({ score: 2.5, scored: 2 });
    expect(m.scores.overall).toBe(2.5);
    const audit = await t.db.selectFrom('audit_events').select('action').where('org_id', '=', maker.id).where('action', '=', 'maturity.assess').execute();
    expect(audit).toHaveLength(5);
  });

  it('attaches evidence: URL, a document within the size limit, a record of the same organization only', async () => {
    const url = await call<{ id: string }>('POST', '/api/v1/maturity/evidence', as.analyst, { kind: 'url', code: 'JSP-GOV-01', label: 'Charter', url: 'https://intranet.example/charter.pdf' });
    expect(url.status, url.raw).toBe(201);
    const text = 'Product security charter v3\n';
    const doc = await call<{ id: string; sha256: string; size: number }>('POST', '/api/v1/maturity/evidence', as.analyst, { kind: 'document', code: 'JSP-GOV-01', label: 'Org chart', fileName: 'org chart.txt', mediaType: 'text/plain', contentBase64: Buffer.from(text).toString('base64') });
    expect(doc.status, doc.raw).toBe(201);
    expect(doc.body.size).toBe(text.length);
    const download = await t.api('GET', `/api/v1/maturity/evidence/${doc.body.id}`, { as: as.viewer });
    expect(download.status).toBe(200);
    expect(download.body).toBe(text);
    expect(download.headers['content-disposition']).toBe('attachment; filename="org_chart.txt"');
    const big = await call('POST', '/api/v1/maturity/evidence', as.analyst, { kind: 'document', code: 'JSP-GOV-01', label: 'Too big', fileName: 'big.bin', contentBase64: Buffer.alloc(2 * 1024 * 1024 + 1).toString('base64') });
    expect(big.status).toBe(413);
    const product = await createProduct(t.db, systemContext(maker.id), { name: 'Evidence pump' });
    const otherProduct = await createProduct(t.db, systemContext(hospital.id), { name: 'Hospital thing' });
    expect((await call('POST', '/api/v1/maturity/evidence', as.analyst, { kind: 'record', code: 'JSP-DES-09', label: 'Pump', recordType: 'product', recordId: product.id })).status).toBe(201);
    const before = await t.db.selectFrom('maturity_evidence').select('id').execute();
    expect((await call('POST', '/api/v1/maturity/evidence', as.analyst, { kind: 'record', code: 'JSP-DES-09', label: 'Theirs', recordType: 'product', recordId: otherProduct.id })).status).toBe(404);
    expect(await t.db.selectFrom('maturity_evidence').select('id').execute()).toHaveLength(before.length);
    // Another organization's evidence is not found, to read or to delete.
    expect((await call('GET', `/api/v1/maturity/evidence/${doc.body.id}`, as.hospitalAnalyst)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/maturity/evidence/${doc.body.id}`, as.hospitalAnalyst)).status).toBe(404);
    const m = (await call<Maturity>('GET', '/api/v1/maturity', as.viewer)).body;
    expect(m.controls.find((c) => c.code === 'JSP-GOV-01')!.evidenceItems.map((e) => e.kind)).toEqual(['url', 'document']);
    // The hospital sees none of the manufacturer's assessments.
    expect((await call<Maturity>('GET', '/api/v1/maturity', as.hospitalAnalyst)).body.controls.every((c) => c.assessment === null)).toBe(true);
  });

  it('closes a cycle into the trend and carries assessments forward', async () => {
    const closed = await call<{ name: string; closedAt: string | null; overall: number | null }[]>('POST', '/api/v1/maturity/cycles/close', as.analyst, { nextName: '2027 assessment' });
    expect(closed.status, closed.raw).toBe(200);
    expect(closed.body.map((c) => [c.name, c.closedAt !== null, c.overall])).toEqual([[`${new Date().getUTCFullYear()} assessment`, true, 2.5], ['2027 assessment', false, 2.5]]);
    await call('PUT', '/api/v1/maturity/assessments', as.analyst, { code: 'JSP-DES-02', level: 3 });
    const trend = (await call<{ overall: number | null }[]>('GET', '/api/v1/maturity/cycles', as.viewer)).body;
    // DES now (4+3)/2 = 3.5; overall (2.5+3.5)/2 = 3; the closed cycle keeps 2.5.
    expect(trend.map((c) => c.overall)).toEqual([2.5, 3]);
    expect((await call<unknown[]>('GET', '/api/v1/maturity/cycles', as.hospitalAnalyst)).body).toEqual([]);
  });

  it('turns gaps into action items with owners and due dates', async () => {
    const res = await call<{ created: number; actions: { code: string; owner: string; dueOn: string }[] }>('POST', '/api/v1/maturity/actions/from-gaps', as.analyst, { dueOn: '2027-06-30', ownerId: maker.users.analyst.id });
    expect(res.status, res.raw).toBe(200);
    // 73 applicable; GOV-06 N/A; GOV-01 (3), DES-09 (4), DES-02 (3) at target: 73 - 1 - 3 = 69 gaps.
    expect(res.body.created).toBe(69);
    expect(res.body.actions.find((a) => a.code === 'JSP-GOV-02')).toMatchObject({ owner: `analyst of gov-maker`, dueOn: '2027-06-30' });
    expect(res.body.actions.some((a) => a.code === 'JSP-GOV-01')).toBe(false);
    const again = await call<{ created: number }>('POST', '/api/v1/maturity/actions/from-gaps', as.analyst, { dueOn: '2027-06-30' });
    expect(again.body.created).toBe(0);
    const one = res.body.actions[0] as unknown as { id: string };
    expect((await call('PATCH', `/api/v1/maturity/actions/${one.id}`, as.hospitalAnalyst, { status: 'done' })).status).toBe(404);
    expect((await call<{ status: string }>('PATCH', `/api/v1/maturity/actions/${one.id}`, as.analyst, { status: 'done' })).body.status).toBe('done');
    expect((await call('POST', '/api/v1/maturity/actions', as.analyst, { code: 'JSP-GOV-02', title: 'x', ownerId: hospital.users.analyst.id, dueOn: '2027-01-01' })).status).toBe(400);
  });
});

describe('catalog import', () => {
  it('keeps assessments of unchanged controls and marks changed ones for re-assessment', async () => {
    const current = (await call<Maturity>('GET', '/api/v1/maturity', as.viewer)).body;
    const rows = await t.db.selectFrom('jsp_controls').selectAll().where('catalog_version', '=', '2026.1').orderBy('ord').execute();
    const file = {
      format: 'vigil-jsp-catalog/1', version: '2026.2', title: 'HSCC JSP 2.0 control checklist', source: 'test',
      areas: current.areas.map((a) => ({ code: a.code, name: a.code })),
      controls: rows.filter((r) => r.code !== 'JSP-MAT-03').map((r) => ({ code: r.code, area: r.area, title: r.code === 'JSP-GOV-02' ? `${r.title} and to the board` : r.title, description: r.description, owner: r.owner, evidence: r.evidence, source: r.code === 'JSP-GOV-01' ? 'JSP, IEC 81001-5-1 4.1.2' : r.source })),
    };
    file.controls.push({ code: 'JSP-MAT-04', area: 'MAT', title: 'New practice', description: '', owner: 'MDM', evidence: 'e', source: 's' });
    const result = await importCatalog(t.db, parseCatalogFile(JSON.stringify(file)));
    // GOV-01's source changed only: unchanged. GOV-02's title changed: re-assess.
    expect(result).toMatchObject({ version: '2026.2', changed: ['JSP-GOV-02'], added: ['JSP-MAT-04'], removed: ['JSP-MAT-03'], marked: 1 });
    const m = (await call<Maturity>('GET', '/api/v1/maturity', as.viewer)).body;
    expect(m.catalog.version).toBe('2026.2');
    expect(m.controls).toHaveLength(84);
    expect(m.controls.find((c) => c.code === 'JSP-GOV-01')!.assessment).toMatchObject({ level: 3, needsReassessment: false });
    expect(m.controls.find((c) => c.code === 'JSP-GOV-02')!.assessment).toMatchObject({ level: 2, needsReassessment: true });
    // GOV now only GOV-01 (3) counts.
    expect(m.scores.areas.find((a) => a.area === 'GOV')).toMatchObject({ score: 3, scored: 1 });
    await call('PUT', '/api/v1/maturity/assessments', as.analyst, { code: 'JSP-GOV-02', level: 2 });
    expect((await call<Maturity>('GET', '/api/v1/maturity', as.viewer)).body.controls.find((c) => c.code === 'JSP-GOV-02')!.assessment!.needsReassessment).toBe(false);
    expect(() => parseCatalogFile(JSON.stringify({ ...file, version: '2026.3', controls: [...file.controls, file.controls[0]] }))).toThrow(/inconsistent/);
    await expect(importCatalog(t.db, parseCatalogFile(JSON.stringify(file)))).rejects.toThrow(/loaded already/);
  });
});

describe('derived metrics', () => {
  it('computes every metric from records created here, as worked out by hand', async () => {
    const ctx = systemContext(hospital.id);
    const product = await createProduct(t.db, ctx, { name: 'Metrics monitor' });
    const r1 = await createRelease(t.db, ctx, product.id, { version: '1.0', endOfSupportDate: '2030-01-01' });
    const r2 = await createRelease(t.db, ctx, product.id, { version: '2.0' });
    await createRelease(t.db, ctx, product.id, { version: '3.0' });
    const archived = await createRelease(t.db, ctx, product.id, { version: '0.9', endOfSupportDate: '2020-01-01' });
    await t.db.updateTable('releases').set({ archived_at: new Date() }).where('id', '=', archived.id).execute();
    const bom = (v: string) => Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'z', name: 'zlib', version: v, purl: `pkg:generic/zlib@${v}` }] }));
    await importSbom(t.db, ctx, r1.id, bom('1.3.1'));
    await importSbom(t.db, ctx, r2.id, bom('1.3.0'));

    // Findings with clocks: A decided before due, B decided after due, C undecided and overdue,
    // D undecided and not yet due (not counted), E set back to in_triage only and overdue.
    const now = Date.now();
    const day = 86_400_000;
    const finding = async (key: string) => (await t.db.insertInto('findings').values({ org_id: hospital.id, release_id: r1.id, component_key: key, vuln_id: `CVE-2099-${key}`, status: 'affected', component_name: key, match_method: 'purl', confidence: 'exact' }).returning('id').executeTakeFirstOrThrow()).id;
    const clock = (findingId: string, dueInDays: number) => t.db.insertInto('finding_clocks').values({ org_id: hospital.id, finding_id: findingId, clock: 'remediation', rule: 'controlled_high', days: 30, kind: 'guidance', source: 'test', time_zone: 'UTC', started_at: new Date(now - 40 * day), base_due_at: new Date(now + dueInDays * day) }).execute();
    const decide = (findingId: string, at: number, state: string) => t.db.insertInto('finding_events').values({ finding_id: findingId, org_id: hospital.id, kind: 'analysis', at: new Date(at), detail: JSON.stringify({ after: { state } }) }).execute();
    const a = await finding('a'); await clock(a, -5); await decide(a, now - 10 * day, 'not_affected');
    const b = await finding('b'); await clock(b, -5); await decide(b, now - 2 * day, 'exploitable');
    const c = await finding('c'); await clock(c, -1);
    const d = await finding('d'); await clock(d, 10);
    const e = await finding('e'); await clock(e, -1); await decide(e, now - 20 * day, 'in_triage');

    // CVD: acknowledged after 1, 2 and 6 days (median 2); one not acknowledged.
    for (const [i, ackDays] of [[0, 1], [1, 2], [2, 6], [3, null]] as const) {
      const received = new Date(now - (30 - i) * day);
      const id = await t.db.transaction().execute((tx) => insertCase(tx, hospital.id, SYSTEM_ACTOR, null, { title: `Report ${i}`, description: 'd', source: 'staff' }, received));
      if (ackDays !== null) await t.db.updateTable('cvd_cases').set({ acknowledged_at: new Date(received.getTime() + ackDays * day), state: 'acknowledged' }).where('id', '=', id).execute();
    }

    // Training: current, expired, never completed, completed without expiry → 2 of 4.
    const past = (n: number) => new Date(now - n * day).toISOString().slice(0, 10);
    const future = (n: number) => new Date(now + n * day).toISOString().slice(0, 10);
    for (const body of [
      { course: 'Device security basics', personName: 'Ana', completedOn: past(100), expiresOn: future(200) },
      { course: 'Device security basics', personName: 'Ben', completedOn: past(500), expiresOn: past(135) },
      { course: 'Legacy risk', personId: hospital.users.analyst.id },
      { course: 'Legacy risk', personName: 'Cleo', completedOn: past(3) },
    ]) expect((await call('POST', '/api/v1/governance/training', as.hospitalAnalyst, body)).status).toBe(201);

    const m = (await call<Maturity>('GET', '/api/v1/maturity', as.hospitalAnalyst)).body.metrics;
    expect(m.releasesWithSbom).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
    expect(m.releasesWithEos).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
    // Counted: A, B, C, E (D is still inside its clock); in time: A only.
    expect(m.findingsTriagedInClock).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect(m.cvdAckMedianDays).toEqual({ cases: 3, value: 2 });
    expect(m.trainingCompletion).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
  });
});

describe('governance records', () => {
  it('keeps a RACI per area with members or names, one accountable per area', async () => {
    expect((await call('POST', '/api/v1/governance/raci', as.analyst, { area: 'VUL', raci: 'A', personId: maker.users.admin.id, roleTitle: 'Head of product security' })).status).toBe(201);
    expect((await call('POST', '/api/v1/governance/raci', as.analyst, { area: 'VUL', raci: 'R', personName: 'PSIRT on-call' })).status).toBe(201);
    expect((await call('POST', '/api/v1/governance/raci', as.analyst, { area: 'VUL', raci: 'A', personName: 'Someone else' })).status).toBe(409);
    expect((await call('POST', '/api/v1/governance/raci', as.analyst, { area: 'VUL', raci: 'C' })).status).toBe(400);
    expect((await call('POST', '/api/v1/governance/raci', as.analyst, { area: 'VUL', raci: 'C', personId: hospital.users.admin.id })).status).toBe(400);
    expect((await call('POST', '/api/v1/governance/raci', as.analyst, { area: 'XX', raci: 'C', personName: 'n' })).status).toBe(400);
    const g = (await call<{ raci: { id: string; area: string; raci: string; person: string }[] }>('GET', '/api/v1/governance', as.viewer)).body;
    expect(g.raci.map((r) => [r.area, r.raci, r.person])).toEqual([['VUL', 'A', 'admin of gov-maker'], ['VUL', 'R', 'PSIRT on-call']]);
    expect((await call('DELETE', `/api/v1/governance/raci/${g.raci[0]!.id}`, as.hospitalAnalyst)).status).toBe(404);
  });

  it('lists policies due for review and training reminders', async () => {
    const today = new Date();
    const inDays = (n: number) => new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const p1 = await call<{ id: string }>('POST', '/api/v1/governance/policies', as.analyst, { kind: 'policy', title: 'Product security policy', ownerId: maker.users.admin.id, version: '3.0', approvedOn: inDays(-340), nextReviewOn: inDays(25) });
    expect(p1.status, p1.raw).toBe(201);
    expect((await call('POST', '/api/v1/governance/policies', as.analyst, { kind: 'procedure', title: 'CVD procedure', ownerName: 'PSIRT lead', version: '1.2', approvedOn: inDays(-30), nextReviewOn: inDays(335) })).status).toBe(201);
    expect((await call('POST', '/api/v1/governance/policies', as.analyst, { kind: 'policy', title: 'Bad', version: '1', approvedOn: inDays(1), nextReviewOn: inDays(0) })).status).toBe(400);
    expect((await call('POST', '/api/v1/governance/training', as.analyst, { course: 'Secure coding', personId: maker.users.analyst.id, completedOn: inDays(-360), expiresOn: inDays(5) })).status).toBe(201);
    const g = (await call<{ reminders: { kind: string; subject: string }[]; policies: { title: string; reviewDue: boolean }[] }>('GET', '/api/v1/governance', as.viewer)).body;
    expect(g.policies.map((p) => [p.title, p.reviewDue])).toEqual([['CVD procedure', false], ['Product security policy', true]]);
    expect(g.reminders.map((r) => r.kind)).toEqual(['training_expiring', 'policy_review_due']);
    expect((await call('PATCH', `/api/v1/governance/policies/${p1.body.id}`, as.analyst, { version: '3.1', approvedOn: inDays(0), nextReviewOn: inDays(365) })).status).toBe(204);
    expect((await call<{ reminders: unknown[] }>('GET', '/api/v1/governance', as.viewer)).body.reminders).toHaveLength(1);
    expect((await call('PATCH', `/api/v1/governance/policies/${p1.body.id}`, as.hospitalAnalyst, { version: '9' })).status).toBe(404);
  });
});

describe('benchmarking', () => {
  let own: Record<string, unknown>;

  it('exports an anonymized submission with no names or ids', async () => {
    expect((await call('POST', '/api/v1/benchmark/submissions/export', as.analyst)).status).toBe(403);
    const res = await call<Record<string, unknown>>('POST', '/api/v1/benchmark/submissions/export', as.admin);
    expect(res.status, res.raw).toBe(200);
    own = res.body;
    expect(Object.keys(own).sort()).toEqual(['areas', 'catalogVersion', 'digest', 'format', 'generatedIn', 'metrics', 'orgKind', 'overall', 'participant', 'period', 'submissionId']);
    for (const secret of [maker.id, maker.slug, 'Org gov-maker', maker.users.admin.id, 'Evidence pump']) expect(res.raw).not.toContain(secret);
    // GOV (3+2)/2 = 2.5; DES (4+3)/2 = 3.5; overall 3.
    expect(own).toMatchObject({ orgKind: 'manufacturer', overall: 3, areas: [{ area: 'GOV', level: 2.5 }, { area: 'DES', level: 3.5 }] });
    const second = (await call<{ submissionId: string; participant: string }>('POST', '/api/v1/benchmark/submissions/export', as.admin)).body;
    expect(second.submissionId).not.toBe(own.submissionId);
    expect(second.participant).toBe(own.participant);
  });

  it('lets only an operator import, all or nothing, refusing tampered files and skipping replays', async () => {
    expect((await call('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [own] })).status).toBe(403);
    await setOperator(t.db, operatorOrg.id, true);
    const peers = [1, 2, 3, 4].map((i) => buildSubmission({ secret: `peer-${i}`, now: new Date(), orgKind: 'manufacturer', catalogVersion: '2026.2', overall: i, areas: [{ area: 'GOV', score: i }, { area: 'DES', score: i + 0.5 }], metrics: { releasesWithSbom: 0.9, findingsTriagedInClock: 0.5, cvdAckMedianDays: 2, releasesWithEos: 0.3, trainingCompletion: null } }));
    const tampered = { ...peers[0]!, overall: 5 };
    const bad = await call<{ detail: string; errors: { pointer: string }[] }>('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [own, tampered] });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain('Submission 2 of 2');
    expect(bad.body.errors[0]!.pointer).toBe('/body/submissions/1/digest');
    const malformed = await call<{ errors: { pointer: string }[] }>('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [{ ...own, organization: 'Acme' }] });
    expect(malformed.status).toBe(422);
    expect(await t.db.selectFrom('benchmark_submissions').select('submission_id').execute()).toEqual([]);
    const forged = { ...peers[1]!, submissionId: own.submissionId as string };
    const ok = await call('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [own, ...peers.slice(0, 3)] });
    expect(ok.body).toEqual({ imported: 4, duplicates: 0, superseded: 0 });
    expect((await call('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [own] })).body).toEqual({ imported: 0, duplicates: 1, superseded: 0 });
    const clash = await call('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [{ ...forged, digest: submissionDigest(forged) }] });
    expect(clash.status).toBe(409);
  });

  it('refuses aggregates below k = 5 organizations, then publishes them with percentiles', async () => {
    const below = await call<{ type: string; contributors: number }>('GET', '/api/v1/benchmark/aggregate', as.viewer);
    expect(below.status).toBe(422);
    expect(below.body).toMatchObject({ type: 'https://vigil.dev/problems/below-k-anonymity', contributors: 4 });
    expect((await call('GET', '/api/v1/benchmark/comparison', as.viewer)).status).toBe(422);
    // A second export of the same organization replaces its first: still four organizations.
    const again = (await call<Record<string, unknown>>('POST', '/api/v1/benchmark/submissions/export', as.admin)).body;
    expect((await call('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [again] })).body).toEqual({ imported: 1, duplicates: 0, superseded: 1 });
    expect((await call('GET', '/api/v1/benchmark/aggregate', as.viewer)).status).toBe(422);
    const fifth = buildSubmission({ secret: 'peer-4', now: new Date(), orgKind: 'manufacturer', catalogVersion: '2026.2', overall: 4, areas: [{ area: 'GOV', score: 4 }], metrics: { releasesWithSbom: 0.9, findingsTriagedInClock: null, cvdAckMedianDays: null, releasesWithEos: null, trainingCompletion: null } });
    await call('POST', '/api/v1/benchmark/submissions/import', as.operatorAdmin, { submissions: [fifth] });
    const agg = await call<{ participants: number; overall: { published: boolean; median: number }; areas: { area: string; figure: { published: boolean; n: number; median?: number } }[] }>('GET', '/api/v1/benchmark/aggregate', as.hospitalAnalyst);
    expect(agg.status, agg.raw).toBe(200);
    // Overall levels: 3 (own), 1, 2, 3, 4 → median 3. GOV: 2.5, 1, 2, 3, 4 → median 2.5. DES: only four contributors → withheld.
    expect(agg.body.participants).toBe(5);
    expect(agg.body.overall).toMatchObject({ published: true, median: 3 });
    expect(agg.body.areas).toEqual([{ area: 'DES', figure: { published: false, n: 4 } }, { area: 'GOV', figure: expect.objectContaining({ published: true, n: 5, median: 2.5 }) }]);
    const cmp = await call<{ overall: { percentile: number }; areas: { area: string; percentile: number | null; published: boolean }[] }>('GET', '/api/v1/benchmark/comparison', as.viewer);
    expect(cmp.status, cmp.raw).toBe(200);
    // Own GOV 2.5 among 1, 2, 2.5, 3, 4: below 2, equal 1 → (2 + 0.5)/5 = 50. Own overall 3 among 1, 2, 3, 3, 4: (2 + 2/2)/5 = 60.
    expect(cmp.body.areas.find((a) => a.area === 'GOV')).toMatchObject({ published: true, percentile: 50 });
    expect(cmp.body.areas.find((a) => a.area === 'DES')).toMatchObject({ published: false, percentile: null });
    expect(cmp.body.overall.percentile).toBe(60);
    expect((await call('GET', '/api/v1/benchmark/aggregate?orgKind=healthcare_provider', as.viewer)).status).toBe(422);
  });
});

describe('executive report', () => {
  it('renders HTML (escaped) and a PDF with maturity, trend, top risks and overdue clocks', async () => {
    const ctx = systemContext(maker.id);
    const product = await createProduct(t.db, ctx, { name: 'Pump <script>alert(1)</script>' });
    const { createRisk } = await import('../../src/modules/risk/service.js');
    await createRisk(t.db, ctx, { productId: product.id, title: 'Unauthenticated bolus command', likelihood: 'probable', severity: 'catastrophic' });
    const html = await t.api('GET', '/api/v1/reports/executive.html', { as: as.viewer });
    expect(html.status).toBe(200);
    expect(html.body).toContain('Executive security summary — Org gov-maker');
    expect(html.body).toContain('Unauthenticated bolus command');
    expect(html.body).toContain('Pump &lt;script&gt;');
    expect(html.body).not.toContain('<script>');
    expect(html.body).toContain('2027 assessment');
    expect(html.body).toContain('No remediation or communication clock is overdue.');
    const hosp = await t.api('GET', '/api/v1/reports/executive.html', { as: as.hospitalAnalyst });
    // The hospital's overdue clocks from the metrics test (B, C, E are running past due; A too).
    expect(hosp.body).toMatch(/4 clock\(s\) overdue/);
    const pdf = await t.app.inject({ method: 'GET', url: '/api/v1/reports/executive.pdf', headers: { authorization: `Bearer ${as.viewer.bearer}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(pdf.rawPayload);
    expect(doc.getTitle()).toBe('Executive security summary - Org gov-maker');
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it('keeps every organization’s audit chain intact', async () => {
    for (const org of [maker, hospital, operatorOrg]) expect((await verifyChain(t.db, org.id)).ok).toBe(true);
  });
});
