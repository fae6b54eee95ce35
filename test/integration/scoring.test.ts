import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueAt } from '../../src/modules/clocks/time.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Scoring through the API on real intelligence (GitHub's Log4Shell advisory, NVD's page with
 * Log4Shell and Heartbleed, the CISA KEV excerpt, FIRST's EPSS for Log4Shell): findings are
 * scored when opened and rescored when KEV/EPSS arrive, harm and rubric answers move the risk
 * class and the clocks, a product environment changes the CVSS, and bad input changes nothing.
 * Expected priorities follow the formula in src/modules/scoring/priority.ts, worked by hand.
 */
const testdata = (path: string) => readFileSync(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA = testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const NVD_PAGE = testdata('nvd/testdata/nvd/nvd-api-page.json');
const KEV = testdata('kev/testdata/kev-excerpt.json');
const EPSS = '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\n';

const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  serialNumber: 'urn:uuid:5e671687-395b-41f5-a30f-a58921a69b01',
  version: 1,
  components: [
    { 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
    { 'bom-ref': 'openssl', type: 'library', name: 'openssl', version: '1.0.1f', cpe: 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*' },
  ],
});

const BLE_PUMP_ANSWERS: Record<string, string> = {
  ...Object.fromEntries([1, 2, 3, 4, 5, 6].flatMap((n) => ['C', 'I', 'A'].map((l) => [`Q${n}.${l}`, n === 1 && l === 'C' ? 'no' : 'none']))),
  'AV.Q1': 'no', 'AV.Q2': 'no', 'AV.Q3': 'yes', 'AC.Q1': 'yes', 'PR.Q1': 'yes', 'UI.Q1': 'yes', 'S.Q1': 'no', 'Q3.I': 'high', 'Q3.A': 'high',
};

interface Score {
  inputs: { cvssSource: string; harmSeverity: string | null; rubricAnswers: Record<string, string> };
  assessment: {
    sources: { source: string; version: string; base: number }[];
    chosen: { source: { source: string; vector: string } | null; why: string };
    environmental: { vector: string; score: number } | null;
    rubric: { complete: boolean; nextQuestion: string | null; vector: string | null } | null;
    exploitability: { level: string } | null;
    riskClass: string | null;
  };
  riskClass: string | null;
  priority: number;
  priorityFactors: { factor: string; points: number }[];
}

let t: TestVigil;
let org: TestOrg;
let other: TestOrg;
let analyst: { bearer: string };
let viewer: { bearer: string };
let productId = '';
const findings = { log4shell: '', heartbleed: '', firstSeen: new Date(0) };

async function importInto(kind: string, body: Buffer | string): Promise<void> {
  const source = (await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind, name: `${kind} files` } })).json<{ id: string }>();
  const res = await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: analyst, body, headers: { 'content-type': 'application/octet-stream' } });
  expect(res.status, res.body).toBe(200);
}

const score = async (id: string) => {
  const res = await t.api('GET', `/api/v1/findings/${id}/score`, { as: viewer });
  expect(res.status, res.body).toBe(200);
  return res.json<Score>();
};
const put = (id: string, body: unknown, as: { bearer: string } = analyst) => t.api('PUT', `/api/v1/findings/${id}/score`, { as, body });
const clocksOf = (findingId: string) =>
  t.db.selectFrom('finding_clocks').select(['rule', 'clock', 'days', 'kind', 'state', 'stop_reason', 'started_at', 'base_due_at']).where('finding_id', '=', findingId).orderBy('created_at').orderBy('rule').execute();

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('scoring');
  other = await t.seedOrg('scoring-other');
  const ctx = systemContext(org.id);
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  viewer = { bearer: (await createToken(t.db, ctx, { name: 'viewer', role: 'viewer', expiresInDays: 1 })).secret };
  productId = (await createProduct(t.db, ctx, { name: 'Infusion Gateway' })).id;
  const release = (await createRelease(t.db, ctx, productId, { version: '5.0', lifecycleStage: 'support' })).id;
  await importInto('osv', GHSA);
  await importInto('nvd', NVD_PAGE);
  const res = await t.api('POST', `/api/v1/releases/${release}/sboms`, { as: analyst, body: SBOM, headers: { 'content-type': 'application/json' } });
  expect(res.status, res.body).toBe(201);
  const rows = await t.db.selectFrom('findings').select(['id', 'vuln_id', 'first_seen_at']).where('org_id', '=', org.id).execute();
  findings.log4shell = rows.find((r) => r.vuln_id === 'CVE-2021-44228')!.id;
  findings.heartbleed = rows.find((r) => r.vuln_id === 'CVE-2014-0160')!.id;
  findings.firstSeen = new Date(rows.find((r) => r.vuln_id === 'CVE-2021-44228')!.first_seen_at);
});
afterAll(() => t.close());

describe('scoring findings', () => {
  it('scores a finding when it opens: every source, NVD chosen by default, a controlled-risk clock for its severity', async () => {
    const s = await score(findings.log4shell);
    expect(s.assessment.sources.map((c) => [c.source, c.version, c.base])).toEqual([
      ['nvd', '3.1', 10],
      ['nvd', '2.0', 9.3],
      ['ghsa', '3.1', 10],
    ]);
    expect(s.assessment.chosen.source?.source).toBe('nvd');
    expect([s.riskClass, s.priority]).toEqual([null, 400]); // CVSS 10.0 × 40, no KEV or EPSS yet, harm not assessed
    const stored = await t.db.selectFrom('findings').select(['priority', 'risk_class']).where('id', '=', findings.log4shell).executeTakeFirstOrThrow();
    expect(stored).toEqual({ priority: 400, risk_class: null });
    expect(await clocksOf(findings.log4shell)).toEqual([
      { rule: 'controlled_critical', clock: 'remediation', days: 60, kind: 'framework', state: 'running', stop_reason: null, started_at: findings.firstSeen, base_due_at: dueAt(findings.firstSeen, 60, 'UTC') },
    ]);
  });

  it('rescores after KEV and EPSS imports: 400 + 250, then + round(0.94358 × 200) = 189', async () => {
    await importInto('kev', KEV);
    expect((await score(findings.log4shell)).priority).toBe(650);
    await importInto('epss', EPSS);
    const s = await score(findings.log4shell);
    expect(s.priority).toBe(839);
    expect(s.priorityFactors.map((f) => [f.factor, f.points])).toEqual([['cvss', 400], ['kev', 250], ['epss', 189]]);
    // Heartbleed is in KEV too: CVSS 7.5 × 40 + 250.
    expect((await score(findings.heartbleed)).priority).toBe(550);
  });

  it('catastrophic harm makes Log4Shell uncontrolled: +150, the 30/30/60-day clocks replace the controlled one', async () => {
    const res = await put(findings.log4shell, { harmSeverity: 'catastrophic' });
    expect(res.status, res.body).toBe(200);
    const s = res.json<Score>();
    expect([s.riskClass, s.priority, s.assessment.exploitability?.level]).toEqual(['uncontrolled', 989, 'frequent']);
    const clocks = await clocksOf(findings.log4shell);
    expect(clocks.map((c) => [c.rule, c.state, c.stop_reason, c.days, c.kind])).toEqual([
      ['controlled_critical', 'stopped', 'reclassified', 60, 'framework'],
      ['uncontrolled_communication', 'running', null, 30, 'guidance'],
      ['uncontrolled_plan', 'running', null, 30, 'guidance'],
      ['uncontrolled_remediation', 'running', null, 60, 'guidance'],
    ]);
    expect(clocks[1]!.base_due_at).toEqual(dueAt(findings.firstSeen, 30, 'UTC'));
    const events = await t.db.selectFrom('finding_events').select(['kind', 'detail']).where('finding_id', '=', findings.log4shell).where('kind', '=', 'scored').execute();
    expect(events.map((e) => [e.detail['from'], e.detail['to']])).toEqual([[null, 'uncontrolled']]);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'target_id']).where('org_id', '=', org.id).where('action', '=', 'finding.score_inputs').execute();
    expect(audit).toEqual([{ action: 'finding.score_inputs', target_id: findings.log4shell }]);
  });

  it('the analyst may choose another source; one that has no score falls back and says so', async () => {
    expect((await put(findings.log4shell, { cvssSource: 'ghsa' })).json<Score>().assessment.chosen.source?.source).toBe('ghsa');
    const fallback = (await put(findings.log4shell, { cvssSource: 'osv' })).json<Score>();
    expect(fallback.assessment.chosen.why).toBe('No osv score exists; default order (rubric, NVD, CNA, GHSA, OSV): nvd.');
  });

  it('the rubric step by step, then complete: the rubric vector becomes the default source', async () => {
    const partial = (await put(findings.heartbleed, { cvssSource: 'auto', rubricAnswers: { 'AV.Q1': 'no' } })).json<Score>();
    expect(partial.assessment.rubric).toMatchObject({ complete: false, nextQuestion: 'AV.Q2' });
    const complete = (await put(findings.heartbleed, { rubricAnswers: BLE_PUMP_ANSWERS, harmSeverity: 'serious' })).json<Score>();
    expect(complete.assessment.rubric).toMatchObject({ complete: true, vector: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H' });
    expect(complete.assessment.chosen.source?.source).toBe('rubric');
    // KEV → frequent exploitability whatever the vector; frequent × serious → uncontrolled. 8.1 × 40 + 250 + 150.
    expect([complete.riskClass, complete.priority]).toEqual(['uncontrolled', 724]);
  });

  it('a product environment changes the environmental CVSS of its findings', async () => {
    await put(findings.heartbleed, { cvssSource: 'nvd' });
    const res = await t.api('PUT', `/api/v1/products/${productId}/cvss-environment`, { as: analyst, body: { requirements: { CR: 'L' }, v3: { MAV: 'A' } } });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ requirements: { CR: 'L' }, v3: { MAV: 'A' }, v4: {}, findingsRescored: 2 });
    const s = await score(findings.heartbleed);
    // Worked in src/modules/scoring/score.test.ts: 7.5 → 4.7. 4.7 × 40 + 250 + 150 (still uncontrolled).
    expect(s.assessment.environmental).toEqual({ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/CR:L/MAV:A', score: 4.7, severity: 'medium' });
    expect(s.priority).toBe(588);
    expect((await t.api('GET', `/api/v1/products/${productId}/cvss-environment`, { as: viewer })).json()).toMatchObject({ requirements: { CR: 'L' }, v3: { MAV: 'A' } });
  });
});

describe('bad input and access', () => {
  it('rubric answers to unknown questions, tokens not offered and contradicting paths: 400 by pointer, nothing written', async () => {
    const before = await t.db.selectFrom('finding_scores').select(['rubric_answers', 'harm_severity', 'cvss_source']).where('finding_id', '=', findings.heartbleed).executeTakeFirstOrThrow();
    const unknown = await put(findings.heartbleed, { rubricAnswers: { 'XX.Q9': 'yes' }, harmSeverity: 'minor' });
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/body/rubricAnswers/XX.Q9');
    const invalid = await put(findings.heartbleed, { rubricAnswers: { 'AV.Q1': 'maybe' } });
    expect([invalid.status, invalid.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer]).toEqual([400, '/body/rubricAnswers/AV.Q1']);
    const rejected = await put(findings.heartbleed, { rubricAnswers: { 'AV.Q1': 'no', 'AV.Q2': 'no', 'AV.Q3': 'no', 'AV.Q4': 'no', 'AV.Q5': 'no' } });
    expect([rejected.status, rejected.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer]).toEqual([400, '/body/rubricAnswers/AV.Q5']);
    expect((await put(findings.heartbleed, { harmSeverity: 'fatal' })).status).toBe(400);
    const after = await t.db.selectFrom('finding_scores').select(['rubric_answers', 'harm_severity', 'cvss_source']).where('finding_id', '=', findings.heartbleed).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('an invalid environment metric: 400 naming it, the stored environment unchanged', async () => {
    const res = await t.api('PUT', `/api/v1/products/${productId}/cvss-environment`, { as: analyst, body: { v3: { MAV: 'Q' } } });
    expect(res.status).toBe(400);
    expect(res.json<{ errors: { pointer: string; message: string }[] }>().errors).toEqual([{ pointer: '/body/v3/MAV', message: 'MAV must be one of N, A, L, P, not "Q".' }]);
    expect((await t.api('GET', `/api/v1/products/${productId}/cvss-environment`, { as: viewer })).json()).toMatchObject({ v3: { MAV: 'A' } });
  });

  it('viewers read but do not edit; another organization sees 404', async () => {
    expect((await put(findings.log4shell, { harmSeverity: 'minor' }, viewer)).status).toBe(403);
    const stranger = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'x', role: 'analyst', expiresInDays: 1 })).secret };
    expect((await t.api('GET', `/api/v1/findings/${findings.log4shell}/score`, { as: stranger })).status).toBe(404);
    expect((await put(findings.log4shell, { harmSeverity: 'minor' }, stranger)).status).toBe(404);
    expect((await t.api('PUT', `/api/v1/products/${productId}/cvss-environment`, { as: stranger, body: {} })).status).toBe(404);
  });

  it('the rubric questions come from core', async () => {
    const versions = (await t.api('GET', '/api/v1/rubric/versions', { as: viewer })).json<{ items: { id: string }[] }>();
    expect(versions.items.map((v) => v.id)).toEqual(['mitre-2020.1']);
    const v = (await t.api('GET', '/api/v1/rubric/versions/mitre-2020.1', { as: viewer })).json<{ questions: { id: string }[]; flows: unknown[] }>();
    expect(v.questions[0]!.id).toBe('AV.Q1');
    expect(v.flows).toHaveLength(8);
    expect((await t.api('GET', '/api/v1/rubric/versions/nope', { as: viewer })).status).toBe(404);
  });
});
