import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueAt } from '../../src/modules/clocks/time.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { releaseDueRules } from '../../src/modules/triage/suppression.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Decisions rescore their findings (issue 7): every write that changes a finding's analysis —
 * one finding, bulk, propagation, a suppression rule applied / disabled / expired, a VEX import —
 * and a release's lifecycle-stage change rescore exactly the findings they changed, in their
 * transaction, so the priority, the risk class and the clocks follow the decision.
 *
 * Log4Shell (GitHub's advisory GHSA-jfh8-c2jp-5v3q, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H,
 * 10.0, the only source loaded) in log4j-core 2.14.1, releases in support. Expected values
 * worked by hand from docs/guide-manufacturer.md ("Scoring, clocks and notifications"):
 * - unclassified: 10.0 × 40 = 400, the controlled critical clock (60 days, MDIC);
 * - catastrophic harm: exploitability sub-score 8.22 × 0.85 × 0.77 × 0.85 × 0.85 = 3.9 ≥ 3.5 is
 *   frequent (docs/core/risk.md); frequent × catastrophic is uncontrolled: 400 + 150 = 550 and
 *   the 30-day communication, 30-day remediation-plan and 60-day remediation clocks (FDA 2016);
 * - not_affected / false_positive / resolved: priority 0, no class, clocks stopped `closed`;
 * - back to in_triage: new clocks from the same first sighting (the same due dates);
 * - development −100, end of support −50.
 */
const GHSA = readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url));
const LOG4J_PURL = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1';
const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
  components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: LOG4J_PURL }],
});

let t: TestVigil;
let org: TestOrg;
let analyst: { bearer: string };
/** The Log4Shell finding of each release, by a short name. */
const f: Record<string, string> = {};
const release: Record<string, string> = {};
const firstSeen: Record<string, Date> = {};

const stateOf = (id: string) => t.db.selectFrom('findings').select(['priority', 'risk_class', 'analysis_state']).where('id', '=', id).executeTakeFirstOrThrow();
const clocksOf = (id: string) =>
  t.db.selectFrom('finding_clocks').select(['rule', 'state', 'stop_reason', 'started_at', 'base_due_at']).where('finding_id', '=', id).orderBy('created_at').orderBy('rule').execute();
const clockSummary = async (id: string) => (await clocksOf(id)).map((c) => [c.rule, c.state, c.stop_reason]);
const eventsOf = async (id: string, kind: 'clock' | 'scored') =>
  (await t.db.selectFrom('finding_events').select(['detail']).where('finding_id', '=', id).where('kind', '=', kind).orderBy('id').execute()).map((e) => e.detail);
const scoredAt = async (id: string) => (await t.db.selectFrom('finding_scores').select('scored_at').where('finding_id', '=', id).executeTakeFirstOrThrow()).scored_at;
const analysis = (id: string, body: unknown) => t.api('PATCH', `/api/v1/findings/${id}/analysis`, { as: analyst, body });

/** The three clocks of an uncontrolled risk, due 30, 30 and 60 days after the first sighting (UTC). */
const uncontrolledClocks = (id: string) => [
  { rule: 'uncontrolled_communication', state: 'running', stop_reason: null, started_at: firstSeen[id], base_due_at: dueAt(firstSeen[id]!, 30, 'UTC') },
  { rule: 'uncontrolled_plan', state: 'running', stop_reason: null, started_at: firstSeen[id], base_due_at: dueAt(firstSeen[id]!, 30, 'UTC') },
  { rule: 'uncontrolled_remediation', state: 'running', stop_reason: null, started_at: firstSeen[id], base_due_at: dueAt(firstSeen[id]!, 60, 'UTC') },
];

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('rescore');
  const ctx = systemContext(org.id);
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  const source = (await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind: 'osv', name: 'GitHub advisories' } })).json<{ id: string }>();
  expect((await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: analyst, body: GHSA, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
  const layout: [string, string[]][] = [
    ['Infusion Gateway', ['single', 'bulk1', 'bulk2', 'bulk3']],
    ['Ward Hub', ['source', 'target1', 'target2']],
    ['Bedside Monitor', ['rule1', 'rule2']],
    ['Patient Monitor', ['vex']],
    ['Telemetry Hub', ['stage']],
  ];
  for (const [name, releases] of layout) {
    const product = (await createProduct(t.db, ctx, { name })).id;
    for (const [i, key] of releases.entries()) {
      release[key] = (await createRelease(t.db, ctx, product, { version: `${i + 1}.0`, lifecycleStage: 'support' })).id;
      const res = await t.api('POST', `/api/v1/releases/${release[key]}/sboms`, { as: analyst, body: SBOM, headers: { 'content-type': 'application/json' } });
      expect(res.status, res.body).toBe(201);
      const row = await t.db.selectFrom('findings').select(['id', 'first_seen_at']).where('release_id', '=', release[key]!).where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
      f[key] = row.id;
      firstSeen[row.id] = new Date(row.first_seen_at);
    }
  }
});
afterAll(() => t.close());

describe('one finding’s analysis', () => {
  it('starts uncontrolled with running clocks (catastrophic harm)', async () => {
    const id = f.single!;
    expect(await stateOf(id)).toEqual({ priority: 400, risk_class: null, analysis_state: null });
    expect((await t.api('PUT', `/api/v1/findings/${id}/score`, { as: analyst, body: { harmSeverity: 'catastrophic' } })).status).toBe(200);
    expect(await stateOf(id)).toEqual({ priority: 550, risk_class: 'uncontrolled', analysis_state: null });
    expect((await clocksOf(id)).filter((c) => c.state === 'running')).toEqual(uncontrolledClocks(id));
  });

  it('not_affected: priority 0, no class, the three clocks stopped as closed, each move an event', async () => {
    const id = f.single!;
    const clockEventsBefore = (await eventsOf(id, 'clock')).length;
    const res = await analysis(id, { state: 'not_affected', justification: 'requires_configuration', detail: 'JNDI lookups are disabled (log4j2.formatMsgNoLookups=true).' });
    expect(res.status, res.body).toBe(200);
    expect(await stateOf(id)).toEqual({ priority: 0, risk_class: null, analysis_state: 'not_affected' });
    expect(await clockSummary(id)).toEqual([
      ['controlled_critical', 'stopped', 'reclassified'],
      ['uncontrolled_communication', 'stopped', 'closed'],
      ['uncontrolled_plan', 'stopped', 'closed'],
      ['uncontrolled_remediation', 'stopped', 'closed'],
    ]);
    const moves = (await eventsOf(id, 'clock')).slice(clockEventsBefore);
    expect(moves.map((d) => [d['action'], d['rule'], d['reason']]).sort()).toEqual([
      ['stopped', 'uncontrolled_communication', 'closed'],
      ['stopped', 'uncontrolled_plan', 'closed'],
      ['stopped', 'uncontrolled_remediation', 'closed'],
    ]);
    expect((await eventsOf(id, 'scored')).at(-1)).toMatchObject({ from: 'uncontrolled', to: null, priority: 0, why: 'Analysis: not_affected.' });
    const score = (await t.api('GET', `/api/v1/findings/${id}/score`, { as: analyst })).json<{ priority: number; priorityFactors: { factor: string; why: string }[] }>();
    expect(score.priorityFactors).toEqual([{ factor: 'analysis', effect: 'lowered', points: 0, why: 'Analysis says not affected: priority 0.' }]);
  });

  it('back to in_triage: uncontrolled again, new clocks from the same first sighting', async () => {
    const id = f.single!;
    expect((await analysis(id, { state: 'in_triage' })).status).toBe(200);
    expect(await stateOf(id)).toEqual({ priority: 550, risk_class: 'uncontrolled', analysis_state: 'in_triage' });
    const clocks = await clocksOf(id);
    expect(clocks.filter((c) => c.state === 'stopped').map((c) => [c.rule, c.stop_reason])).toEqual([
      ['controlled_critical', 'reclassified'],
      ['uncontrolled_communication', 'closed'],
      ['uncontrolled_plan', 'closed'],
      ['uncontrolled_remediation', 'closed'],
    ]);
    expect(clocks.filter((c) => c.state === 'running')).toEqual(uncontrolledClocks(id));
    const started = (await eventsOf(id, 'clock')).slice(-3);
    expect(started.map((d) => [d['action'], d['rule'], d['dueAt']]).sort()).toEqual([
      ['started', 'uncontrolled_communication', dueAt(firstSeen[id]!, 30, 'UTC').toISOString()],
      ['started', 'uncontrolled_plan', dueAt(firstSeen[id]!, 30, 'UTC').toISOString()],
      ['started', 'uncontrolled_remediation', dueAt(firstSeen[id]!, 60, 'UTC').toISOString()],
    ]);
    expect((await eventsOf(id, 'scored')).at(-1)).toMatchObject({ from: null, to: 'uncontrolled', priority: 550 });
  });

  it('exploitable with an update planned keeps the risk and its clocks; a clock a person stopped stays stopped', async () => {
    const id = f.single!;
    const communication = (await t.db.selectFrom('finding_clocks').select('id').where('finding_id', '=', id).where('rule', '=', 'uncontrolled_communication').where('state', '=', 'running').executeTakeFirstOrThrow()).id;
    const stop = await t.api('POST', `/api/v1/clocks/${communication}/stop`, { as: analyst, body: { reason: 'communicated', note: 'Customer letter sent.' } });
    expect(stop.status, stop.body).toBe(200);
    expect((await analysis(id, { state: 'exploitable', responses: ['update'] })).status).toBe(200);
    expect(await stateOf(id)).toEqual({ priority: 550, risk_class: 'uncontrolled', analysis_state: 'exploitable' });
    expect((await analysis(id, { state: 'false_positive' })).status).toBe(200);
    expect((await analysis(id, { state: 'in_triage' })).status).toBe(200);
    // The plan and remediation clocks restart; the communication a person settled is not started again.
    const running = (await clocksOf(id)).filter((c) => c.state === 'running');
    expect(running).toEqual(uncontrolledClocks(id).slice(1));
  });
});

describe('bulk', () => {
  const bulk = [() => f.bulk1!, () => f.bulk2!, () => f.bulk3!];

  it('false_positive on several findings: each priority 0, each clock closed; one already so is not rescored', async () => {
    const ids = bulk.map((g) => g());
    for (const id of ids) {
      expect(await stateOf(id)).toEqual({ priority: 400, risk_class: null, analysis_state: null });
      expect(await clockSummary(id)).toEqual([['controlled_critical', 'running', null]]);
    }
    expect((await analysis(ids[2]!, { state: 'false_positive', detail: 'Shaded copy without JndiLookup.class.' })).status).toBe(200);
    const untouchedAt = await scoredAt(ids[2]!);
    const singleAt = await scoredAt(f.single!);
    const res = await t.api('POST', '/api/v1/findings/bulk', { as: analyst, body: { ids, change: { analysis: { state: 'false_positive', detail: 'Shaded copy without JndiLookup.class.' } } } });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toEqual({ matched: 3, analysed: 2, assigned: 0 });
    for (const id of ids) {
      expect(await stateOf(id)).toEqual({ priority: 0, risk_class: null, analysis_state: 'false_positive' });
      expect(await clockSummary(id)).toEqual([['controlled_critical', 'stopped', 'closed']]);
      expect((await eventsOf(id, 'clock')).at(-1)).toMatchObject({ action: 'stopped', rule: 'controlled_critical', reason: 'closed' });
    }
    // Exactly what changed: the finding that already said false_positive, and another release's, keep their scoring.
    expect(await scoredAt(ids[2]!)).toEqual(untouchedAt);
    expect(await scoredAt(f.single!)).toEqual(singleAt);
  });

  it('back to in_triage by the findings filter: each clock restarts from its first sighting', async () => {
    const res = await t.api('POST', '/api/v1/findings/bulk', { as: analyst, body: { filter: { productId: await productOf(release.bulk1!), vulnId: 'CVE-2021-44228' }, change: { analysis: { state: 'in_triage' } } } });
    expect(res.status, res.body).toBe(200);
    // The single-finding release of the same product was in_triage already.
    expect(res.json()).toEqual({ matched: 4, analysed: 3, assigned: 0 });
    for (const id of bulk.map((g) => g())) {
      expect(await stateOf(id)).toEqual({ priority: 400, risk_class: null, analysis_state: 'in_triage' });
      const clocks = await clocksOf(id);
      expect(clocks.map((c) => [c.rule, c.state, c.stop_reason])).toEqual([['controlled_critical', 'stopped', 'closed'], ['controlled_critical', 'running', null]]);
      expect(clocks[1]!.base_due_at).toEqual(dueAt(firstSeen[id]!, 60, 'UTC'));
    }
  });
});

async function productOf(releaseId: string): Promise<string> {
  return (await t.db.selectFrom('releases').select('product_id').where('id', '=', releaseId).executeTakeFirstOrThrow()).product_id;
}

describe('propagation, suppression rules and VEX import', () => {
  it('propagating a resolved decision rescores the chosen findings only', async () => {
    expect((await analysis(f.source!, { state: 'resolved', detail: 'Updated to log4j-core 2.17.1 in the field update.' })).status).toBe(200);
    expect(await stateOf(f.source!)).toMatchObject({ priority: 0 });
    const res = await t.api('POST', `/api/v1/findings/${f.source}/propagate`, { as: analyst, body: { findingIds: [f.target1] } });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toEqual({ changed: 1 });
    expect(await stateOf(f.target1!)).toEqual({ priority: 0, risk_class: null, analysis_state: 'resolved' });
    expect(await clockSummary(f.target1!)).toEqual([['controlled_critical', 'stopped', 'closed']]);
    expect(await stateOf(f.target2!)).toEqual({ priority: 400, risk_class: null, analysis_state: null });
    expect(await clockSummary(f.target2!)).toEqual([['controlled_critical', 'running', null]]);
  });

  it('a suppression rule closes the clocks of the findings it decides; disabling and expiry restart them', async () => {
    const product = await productOf(release.rule1!);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const created = await t.api('POST', '/api/v1/triage/suppression-rules', {
      as: analyst,
      body: { vulnId: 'GHSA-jfh8-c2jp-5v3q', component: 'pkg:maven/org.apache.logging.log4j/log4j-core', productId: product, analysis: { state: 'not_affected', justification: 'requires_configuration' }, expiresAt: expiresAt.toISOString() },
    });
    expect(created.status, created.body).toBe(201);
    expect(created.json()).toMatchObject({ applied: 2 });
    const ruleId = created.json<{ rule: { id: string } }>().rule.id;
    const both = [f.rule1!, f.rule2!];
    for (const id of both) {
      expect(await stateOf(id)).toEqual({ priority: 0, risk_class: null, analysis_state: 'not_affected' });
      expect(await clockSummary(id)).toEqual([['controlled_critical', 'stopped', 'closed']]);
    }
    // Other products' findings are not the rule's.
    expect(await stateOf(f.target2!)).toMatchObject({ priority: 400 });

    expect((await t.api('PATCH', `/api/v1/triage/suppression-rules/${ruleId}`, { as: analyst, body: { disabled: true } })).json()).toMatchObject({ released: 2 });
    for (const id of both) {
      expect(await stateOf(id)).toEqual({ priority: 400, risk_class: null, analysis_state: 'in_triage' });
      expect(await clockSummary(id)).toEqual([['controlled_critical', 'stopped', 'closed'], ['controlled_critical', 'running', null]]);
    }

    expect((await t.api('PATCH', `/api/v1/triage/suppression-rules/${ruleId}`, { as: analyst, body: { disabled: false } })).json()).toMatchObject({ applied: 2 });
    for (const id of both) expect(await stateOf(id)).toMatchObject({ priority: 0, analysis_state: 'not_affected' });

    // The expiry job, run as if two hours had passed.
    expect(await releaseDueRules(t.db, new Date(expiresAt.getTime() + 3_600_000))).toEqual({ rules: 1, findings: 2 });
    for (const id of both) {
      expect(await stateOf(id)).toEqual({ priority: 400, risk_class: null, analysis_state: 'in_triage' });
      expect((await clockSummary(id)).at(-1)).toEqual(['controlled_critical', 'running', null]);
      expect((await clocksOf(id)).filter((c) => c.state === 'running')).toHaveLength(1);
    }
  });

  it('a VEX import that says not affected rescores the matched finding', async () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/rescore-1', author: 'Upstream PSIRT', timestamp: '2026-11-01T10:00:00Z', version: 1,
      statements: [{ vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': LOG4J_PURL }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    };
    const res = await t.api('POST', `/api/v1/releases/${release.vex}/vex`, { as: analyst, body: JSON.stringify(doc), headers: { 'content-type': 'application/json' } });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ applied: 1, unmatched: 0 });
    expect(await stateOf(f.vex!)).toEqual({ priority: 0, risk_class: null, analysis_state: 'not_affected' });
    expect(await clockSummary(f.vex!)).toEqual([['controlled_critical', 'stopped', 'closed']]);
  });

  it('a refused VEX document rescores nothing', async () => {
    const before = await scoredAt(f.stage!);
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/rescore-2', author: 'Upstream PSIRT', timestamp: '2026-11-01T10:00:00Z', version: 1,
      statements: [
        { vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': LOG4J_PURL }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
        { vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': LOG4J_PURL }], status: 'affected', action_statement: 'Update.' },
      ],
    };
    const res = await t.api('POST', `/api/v1/releases/${release.stage}/vex`, { as: analyst, body: JSON.stringify(doc), headers: { 'content-type': 'application/json' } });
    expect(res.status, res.body).toBe(422);
    expect(await scoredAt(f.stage!)).toEqual(before);
    expect(await stateOf(f.stage!)).toEqual({ priority: 400, risk_class: null, analysis_state: null });
  });
});

describe('release lifecycle stage', () => {
  const factorsOf = async (id: string) =>
    (await t.api('GET', `/api/v1/findings/${id}/score`, { as: analyst })).json<{ priority: number; priorityFactors: { factor: string; effect: string; points: number }[] }>();
  const patch = (body: unknown) => t.api('PATCH', `/api/v1/releases/${release.stage}`, { as: analyst, body });

  it('a stage change rescores the release’s findings: development −100, end of support −50', async () => {
    const otherAt = await scoredAt(f.vex!);
    expect((await patch({ lifecycleStage: 'development' })).status).toBe(200);
    expect(await stateOf(f.stage!)).toMatchObject({ priority: 300 });
    expect((await factorsOf(f.stage!)).priorityFactors.map((x) => [x.factor, x.effect, x.points])).toEqual([['cvss', 'raised', 400], ['lifecycle', 'lowered', 100]]);
    expect((await patch({ lifecycleStage: 'end_of_support' })).status).toBe(200);
    expect(await stateOf(f.stage!)).toMatchObject({ priority: 350 });
    expect((await factorsOf(f.stage!)).priorityFactors.map((x) => [x.factor, x.effect, x.points])).toEqual([['cvss', 'raised', 400], ['lifecycle', 'lowered', 50]]);
    expect((await patch({ lifecycleStage: 'limited_support' })).status).toBe(200);
    expect(await stateOf(f.stage!)).toMatchObject({ priority: 400 });
    // The stage changes no clock; another release's findings are not rescored.
    expect(await clockSummary(f.stage!)).toEqual([['controlled_critical', 'running', null]]);
    expect(await scoredAt(f.vex!)).toEqual(otherAt);
    const audit = await t.db.selectFrom('audit_events').select('action').where('org_id', '=', org.id).where('target_id', '=', release.stage!).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['release.create', 'release.lifecycle_change', 'release.lifecycle_change', 'release.lifecycle_change']);
  });

  it('an edit that keeps the stage rescores nothing', async () => {
    const before = await scoredAt(f.stage!);
    expect((await patch({ releaseNotesUrl: 'https://telemetry.example/notes/1.0' })).status).toBe(200);
    expect(await scoredAt(f.stage!)).toEqual(before);
  });
});
