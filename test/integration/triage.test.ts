import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { releaseDueRules } from '../../src/modules/triage/suppression.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The triage workflow through the API: analysis with its rules, assignment, comments and the
 * merged history; bulk changes by ids and by filter; the queue's order, filters and pages;
 * propagation to the same component version in other releases; suppression rules (by alias,
 * package URL, version, product) with expiry. Findings come from the real matcher: GitHub's
 * lodash advisory GHSA-p6mc-m468-83gw (CVE-2020-8203, fixed in 4.17.19) against SBOMs of three
 * releases; queue cases use findings written directly with chosen priorities.
 */

const LODASH = {
  schema_version: '1.6.0',
  id: 'GHSA-p6mc-m468-83gw',
  modified: '2024-03-15T00:00:00Z',
  aliases: ['CVE-2020-8203'],
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '3.7.0' }, { fixed: '4.17.19' }] }] }],
};

const bom = (version: string) =>
  Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'lodash', name: 'lodash', version, purl: `pkg:npm/lodash@${version}` }] }));

let t: TestVigil;
let org: TestOrg;
let analyst: { cookie: string; csrf: string };
let viewer: { bearer: string };
let pump: { product: string; r1: string; r2: string };
let monitor: { product: string; r1: string };
/** Findings of CVE-2020-8203 by release. */
const lodash: Record<string, string> = {};

interface Event { at: string; kind: string; actor: string | null; detail: Record<string, unknown> }
const history = async (id: string) => (await t.api('GET', `/api/v1/findings/${id}/history`, { as: analyst })).json<{ items: Event[] }>().items;
const analysisOf = (id: string) => t.db.selectFrom('findings').select(['analysis_state', 'analysis_justification', 'analysis_responses', 'analysis_detail', 'assignee_id', 'suppression_rule_id']).where('id', '=', id).executeTakeFirstOrThrow();
const auditActions = async () => (await t.db.selectFrom('audit_events').select('action').where('org_id', '=', org.id).orderBy('seq').execute()).map((e) => e.action);

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('triage');
  const ctx = systemContext(org.id);
  analyst = await t.login(org.users.analyst.email);
  viewer = { bearer: (await createToken(t.db, ctx, { name: 'viewer', role: 'viewer', expiresInDays: 1 })).secret };
  const source = await createSource(t.db, ctx, { kind: 'osv', name: 'osv' });
  await importRecords(t.db, ctx, source.id, (async function* () { yield { record: parseOsvRecord(LODASH).record! }; })());
  const pumpProduct = (await createProduct(t.db, ctx, { name: 'Infusion Pump' })).id;
  const monitorProduct = (await createProduct(t.db, ctx, { name: 'Bedside Monitor' })).id;
  pump = { product: pumpProduct, r1: (await createRelease(t.db, ctx, pumpProduct, { version: '1.0' })).id, r2: (await createRelease(t.db, ctx, pumpProduct, { version: '2.0' })).id };
  monitor = { product: monitorProduct, r1: (await createRelease(t.db, ctx, monitorProduct, { version: '7.1' })).id };
  // Pump 1.0 and the monitor ship lodash 4.17.15; pump 2.0 ships 4.17.11 (also affected, another version).
  for (const [release, version] of [[pump.r1, '4.17.15'], [pump.r2, '4.17.11'], [monitor.r1, '4.17.15']] as const) {
    const { sbom } = await importSbom(t.db, ctx, release, bom(version));
    await matchImportedSbom(t.db, ctx, sbom.id);
    lodash[release] = (await t.db.selectFrom('findings').select('id').where('release_id', '=', release).executeTakeFirstOrThrow()).id;
  }
});
afterAll(() => t.close());

describe('analysis', () => {
  it('sets state, justification, responses and detail, with before/after in the history and the audit trail', async () => {
    const id = lodash[pump.r1]!;
    const res = await t.api('PATCH', `/api/v1/findings/${id}/analysis`, { as: analyst, body: { state: 'not_affected', justification: 'code_not_reachable', detail: 'zipObjectDeep is never called' } });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ changed: true, analysis: { state: 'not_affected', justification: 'code_not_reachable', responses: [], detail: 'zipObjectDeep is never called' } });
    const events = await history(id);
    const analysis = events.find((e) => e.kind === 'analysis')!;
    expect(analysis.actor).toBe(org.users.analyst.email);
    expect(analysis.detail).toMatchObject({
      before: { state: null, justification: null, responses: [], detail: null },
      after: { state: 'not_affected', justification: 'code_not_reachable', responses: [], detail: 'zipObjectDeep is never called' },
    });
    expect(events[0]!.kind).toBe('opened');
    expect((await auditActions()).filter((a) => a === 'finding.analysis')).toHaveLength(1);
    // The same analysis again changes nothing and records nothing.
    const again = await t.api('PATCH', `/api/v1/findings/${id}/analysis`, { as: analyst, body: { state: 'not_affected', justification: 'code_not_reachable', detail: 'zipObjectDeep is never called' } });
    expect(again.json()).toMatchObject({ changed: false });
    expect((await history(id)).filter((e) => e.kind === 'analysis')).toHaveLength(1);
  });

  it('refuses invalid pairs with the field named, writing nothing', async () => {
    const id = lodash[pump.r2]!;
    const cases: [unknown, string][] = [
      [{ state: 'exploitable', justification: 'code_not_present' }, '/body/justification'],
      [{ state: 'not_affected' }, '/body/justification'],
      [{ state: 'not_affected', detail: '   ' }, '/body/justification'],
      [{ state: 'exploitable', responses: ['update', 'update'] }, '/body/responses/1'],
      [{ state: 'exploitable', responses: ['patch'] }, '/body/responses/0'],
      [{ state: 'affected' }, '/body/state'],
      [{ state: 'in_triage', extra: 1 }, '/body/'],
    ];
    for (const [body, pointer] of cases) {
      const res = await t.api('PATCH', `/api/v1/findings/${id}/analysis`, { as: analyst, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json<{ errors: { pointer: string }[] }>().errors.map((e) => e.pointer), JSON.stringify(body)).toContain(pointer);
    }
    expect(await analysisOf(id)).toMatchObject({ analysis_state: null });
    expect((await history(id)).map((e) => e.kind)).toEqual(['opened']);
  });

  it('lets a viewer read but not decide, and hides other organizations’ findings', async () => {
    const id = lodash[pump.r2]!;
    expect((await t.api('PATCH', `/api/v1/findings/${id}/analysis`, { as: viewer, body: { state: 'in_triage' } })).status).toBe(403);
    expect((await t.api('GET', `/api/v1/findings/${id}/history`, { as: viewer })).status).toBe(200);
    const other = await t.seedOrg('triage-other');
    const stranger = await t.login(other.users.owner.email);
    expect((await t.api('PATCH', `/api/v1/findings/${id}/analysis`, { as: stranger, body: { state: 'in_triage' } })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/findings/${id}/history`, { as: stranger })).status).toBe(404);
    expect((await t.api('POST', `/api/v1/findings/${id}/comments`, { as: stranger, body: { body: 'x' } })).status).toBe(404);
  });
});

describe('assignee, comments and history', () => {
  it('assigns to members only and merges comments into the history in time order', async () => {
    const id = lodash[pump.r2]!;
    const outsider = await t.db.insertInto('users').values({ email: 'outsider@example.org', name: 'Outsider', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
    const refused = await t.api('PUT', `/api/v1/findings/${id}/assignee`, { as: analyst, body: { userId: outsider.id } });
    expect(refused.status).toBe(400);
    expect(refused.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/body/userId');
    expect((await t.api('PUT', `/api/v1/findings/${id}/assignee`, { as: analyst, body: { userId: org.users.admin.id } })).json()).toEqual({ assigneeId: org.users.admin.id });
    const comment = await t.api('POST', `/api/v1/findings/${id}/comments`, { as: analyst, body: { body: 'Asked the vendor whether 4.17.11 is in the build.' } });
    expect(comment.status).toBe(201);
    expect(comment.json()).toMatchObject({ author: org.users.analyst.email, body: 'Asked the vendor whether 4.17.11 is in the build.' });
    expect((await t.api('POST', `/api/v1/findings/${id}/comments`, { as: analyst, body: { body: '' } })).status).toBe(400);
    await t.api('PATCH', `/api/v1/findings/${id}/analysis`, { as: analyst, body: { state: 'exploitable', responses: ['update'], detail: 'Upgrade to 4.17.21 in 2.0.1' } });
    expect((await t.api('GET', `/api/v1/findings/${id}/comments`, { as: viewer })).json<{ items: unknown[] }>().items).toHaveLength(1);
    const events = await history(id);
    expect(events.map((e) => e.kind)).toEqual(['opened', 'assigned', 'comment', 'analysis']);
    expect(events[1]!.detail).toMatchObject({ from: null, to: org.users.admin.id });
    expect(events[2]!.detail).toMatchObject({ body: 'Asked the vendor whether 4.17.11 is in the build.' });
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
    const actions = await auditActions();
    expect(actions).toContain('finding.assign');
    expect(actions).toContain('finding.comment');
  });
});

/** Findings written directly, for the queue and bulk cases: one release, chosen priorities. */
async function seedQueue(n: number, priority: (i: number) => number, release: string): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    org_id: org.id, release_id: release, component_key: `pkg:npm/q${i}`, vuln_id: `CVE-2099-${String(1000 + i)}`, status: 'affected' as const,
    component_name: `q${i}`, component_version: '1.0.0', component_purl: `pkg:npm/q${i}@1.0.0`, match_method: 'purl' as const, confidence: 'exact', evidence: '[]', priority: priority(i),
  }));
  return (await t.db.insertInto('findings').values(rows).returning('id').execute()).map((r) => r.id);
}

describe('bulk triage', () => {
  let release: string;
  let ids: string[];
  beforeAll(async () => {
    const ctx = systemContext(org.id);
    release = (await createRelease(t.db, ctx, (await createProduct(t.db, ctx, { name: 'Bulk Box' })).id, { version: '1' })).id;
    ids = await seedQueue(30, (i) => i, release);
  });

  it('changes findings by ids in one transaction, one event each and one audit event', async () => {
    const before = (await auditActions()).length;
    const res = await t.api('POST', '/api/v1/findings/bulk', { as: analyst, body: { ids: ids.slice(0, 10), change: { analysis: { state: 'false_positive', detail: 'not our lodash' }, assigneeId: org.users.analyst.id } } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ matched: 10, analysed: 10, assigned: 10 });
    const events = await t.db.selectFrom('finding_events').select(['kind']).where('finding_id', 'in', ids.slice(0, 10)).execute();
    expect(events.filter((e) => e.kind === 'analysis')).toHaveLength(10);
    expect(events.filter((e) => e.kind === 'assigned')).toHaveLength(10);
    const actions = await auditActions();
    expect(actions.slice(before)).toEqual(['finding.bulk_change']);
    // Again: already so, nothing changes.
    expect((await t.api('POST', '/api/v1/findings/bulk', { as: analyst, body: { ids: ids.slice(0, 10), change: { analysis: { state: 'false_positive', detail: 'not our lodash' } } } })).json()).toEqual({ matched: 10, analysed: 0, assigned: 0 });
  });

  it('changes findings by the list’s filter, and refuses a bad change whole', async () => {
    const res = await t.api('POST', '/api/v1/findings/bulk', { as: analyst, body: { filter: { releaseId: release, q: 'q2' }, change: { analysis: { state: 'in_triage' } } } });
    // q2, q20…q29: 11 findings whose name contains "q2".
    expect(res.json()).toEqual({ matched: 11, analysed: 11, assigned: 0 });
    const bad = await t.api('POST', '/api/v1/findings/bulk', { as: analyst, body: { filter: { releaseId: release }, change: { analysis: { state: 'exploitable', justification: 'code_not_present' }, assigneeId: org.users.viewer.id } } });
    expect(bad.status).toBe(400);
    expect(bad.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/body/change/analysis/justification');
    expect(await t.db.selectFrom('findings').select('id').where('release_id', '=', release).where('assignee_id', '=', org.users.viewer.id).execute()).toEqual([]);
    expect((await t.api('POST', '/api/v1/findings/bulk', { as: analyst, body: { ids: [ids[0]], change: {} } })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/findings/bulk', { as: viewer, body: { ids: [ids[0]], change: { assigneeId: null } } })).status).toBe(403);
  });
});

describe('triage queue', () => {
  let release: string;
  let ids: string[];
  type Item = { id: string; priority: number; analysisState: string | null; assignee: { id: string } | null };
  const queue = async (query: string) => (await t.api('GET', `/api/v1/triage/queue?releaseId=${release}&${query}`, { as: analyst })).json<{ items: Item[]; nextCursor: string | null }>();

  beforeAll(async () => {
    const ctx = systemContext(org.id);
    release = (await createRelease(t.db, ctx, (await createProduct(t.db, ctx, { name: 'Queue Box' })).id, { version: '1' })).id;
    // Priorities 50, 40, 40, 30, 20, 10, 0, 0: ties ordered by id.
    ids = await seedQueue(8, (i) => [50, 40, 40, 30, 20, 10, 0, 0][i]!, release);
  });

  it('lists open work by priority then id, leaving decided findings out', async () => {
    await t.db.updateTable('findings').set({ analysis_state: 'not_affected', analysis_justification: 'code_not_present' }).where('id', '=', ids[3]!).execute();
    await t.db.updateTable('findings').set({ analysis_state: 'exploitable', analysis_responses: ['update'] }).where('id', '=', ids[4]!).execute();
    await t.db.updateTable('findings').set({ analysis_state: 'exploitable' }).where('id', '=', ids[5]!).execute();
    await t.db.updateTable('findings').set({ analysis_state: 'in_triage' }).where('id', '=', ids[6]!).execute();
    await t.db.updateTable('findings').set({ status: 'fixed' }).where('id', '=', ids[7]!).execute();
    const tie = [ids[1]!, ids[2]!].sort();
    const expected = [ids[0]!, ...tie, ids[5]!, ids[6]!];
    expect((await queue('limit=50')).items.map((i) => i.id)).toEqual(expected);
    // Pages of two walk the same order.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await queue(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(expected);
  });

  it('filters by assignee (me, none, a member), KEV and risk class', async () => {
    await t.db.updateTable('findings').set({ assignee_id: org.users.analyst.id }).where('id', '=', ids[0]!).execute();
    await t.db.updateTable('findings').set({ assignee_id: org.users.admin.id, risk_class: 'uncontrolled' }).where('id', '=', ids[1]!).execute();
    expect((await queue('assignee=me')).items.map((i) => i.id)).toEqual([ids[0]]);
    expect((await queue(`assignee=${org.users.admin.id}`)).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await queue('assignee=none')).items.map((i) => i.id)).not.toContain(ids[0]);
    expect((await queue('riskClass=uncontrolled')).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await queue('kev=true')).items).toEqual([]);
    expect((await t.api('GET', '/api/v1/triage/queue?assignee=someone', { as: analyst })).status).toBe(400);
    expect((await t.api('GET', '/api/v1/triage/queue?cursor=bad', { as: analyst })).status).toBe(400);
  });
});

describe('propagation', () => {
  it('previews the same component version in other releases and applies the decision to the chosen ones', async () => {
    const source = lodash[pump.r1]!; // lodash 4.17.15, decided not_affected above
    const preview = (await t.api('GET', `/api/v1/findings/${source}/propagation`, { as: viewer })).json<{ componentVersion: string; items: { id: string; productName: string; releaseVersion: string }[] }>();
    // The monitor ships the same version; pump 2.0 ships 4.17.11 and is not a candidate.
    expect(preview.componentVersion).toBe('4.17.15');
    expect(preview.items.map((c) => `${c.productName} ${c.releaseVersion}`)).toEqual(['Bedside Monitor 7.1']);
    const wrong = await t.api('POST', `/api/v1/findings/${source}/propagate`, { as: analyst, body: { findingIds: [lodash[pump.r2]] } });
    expect(wrong.status).toBe(400);
    expect(wrong.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/body/findingIds/0');
    const res = await t.api('POST', `/api/v1/findings/${source}/propagate`, { as: analyst, body: { findingIds: [lodash[monitor.r1]] } });
    expect(res.json()).toEqual({ changed: 1 });
    expect(await analysisOf(lodash[monitor.r1]!)).toMatchObject({ analysis_state: 'not_affected', analysis_justification: 'code_not_reachable', analysis_detail: 'zipObjectDeep is never called' });
    const event = (await history(lodash[monitor.r1]!)).find((e) => e.kind === 'propagated')!;
    expect(event.detail).toMatchObject({ sourceFindingId: source, before: { state: null }, after: { state: 'not_affected' } });
    expect(await auditActions()).toContain('finding.propagate');
  });
});

describe('suppression rules', () => {
  let rule: string;
  it('creates a rule by alias and package URL that decides matching undecided findings only', async () => {
    // Reset: the monitor's finding undecided again, pump 2.0's stays a decision (exploitable + update).
    await t.db.updateTable('findings').set({ analysis_state: null, analysis_justification: null, analysis_detail: null }).where('id', '=', lodash[monitor.r1]!).execute();
    const res = await t.api('POST', '/api/v1/triage/suppression-rules', {
      as: analyst,
      body: { vulnId: 'GHSA-p6mc-m468-83gw', component: 'pkg:npm/lodash', analysis: { state: 'not_affected', justification: 'requires_configuration', detail: 'Only with zipObjectDeep enabled' }, expiresAt: '2099-01-01T00:00:00Z', reason: 'vendor statement' },
    });
    expect(res.status).toBe(201);
    const body = res.json<{ rule: { id: string; componentKind: string; component: string; active: boolean; findings: number }; applied: number }>();
    rule = body.rule.id;
    expect(body).toMatchObject({ applied: 1, rule: { componentKind: 'purl', component: 'pkg:npm/lodash', active: true, findings: 1 } });
    expect(await analysisOf(lodash[monitor.r1]!)).toMatchObject({ analysis_state: 'not_affected', analysis_justification: 'requires_configuration', suppression_rule_id: rule });
    expect(await analysisOf(lodash[pump.r2]!)).toMatchObject({ analysis_state: 'exploitable', suppression_rule_id: null });
    expect((await history(lodash[monitor.r1]!)).at(-1)).toMatchObject({ kind: 'suppressed', detail: { ruleId: rule } });
  });

  it('restricts by version and product, and refuses bad rules', async () => {
    const bad = [
      [{ vulnId: 'CVE-2020-8203', component: 'pkg:npm/lodash', analysis: { state: 'in_triage' }, expiresAt: '2099-01-01T00:00:00Z' }, '/body/analysis/state'],
      [{ vulnId: 'CVE-2020-8203', component: 'pkg:npm/lodash', analysis: { state: 'not_affected' }, expiresAt: '2099-01-01T00:00:00Z' }, '/body/analysis/justification'],
      [{ vulnId: 'CVE-2020-8203', component: 'pkg:npm/lodash', analysis: { state: 'false_positive' }, expiresAt: '2001-01-01T00:00:00Z' }, '/body/expiresAt'],
      [{ vulnId: 'CVE-2020-8203', component: 'pkg:', analysis: { state: 'false_positive' }, expiresAt: '2099-01-01T00:00:00Z' }, '/body/component'],
      [{ vulnId: 'CVE-2020-8203', component: 'lodash', productId: '00000000-0000-4000-8000-000000000000', analysis: { state: 'false_positive' }, expiresAt: '2099-01-01T00:00:00Z' }, '/body/productId'],
    ] as const;
    for (const [body, pointer] of bad) {
      const res = await t.api('POST', '/api/v1/triage/suppression-rules', { as: analyst, body });
      expect(res.status, pointer).toBe(400);
      expect(res.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe(pointer);
    }
    // A version in the purl is the rule's version: 4.17.11 is pump 2.0's, which is decided, so nothing applies.
    const versioned = await t.api('POST', '/api/v1/triage/suppression-rules', { as: analyst, body: { vulnId: 'CVE-2020-8203', component: 'pkg:npm/lodash@4.17.11', productId: pump.product, analysis: { state: 'false_positive' }, expiresAt: '2099-01-01T00:00:00Z' } });
    expect(versioned.json()).toMatchObject({ applied: 0, rule: { version: '4.17.11', productId: pump.product, productName: 'Infusion Pump' } });
    const rules = (await t.api('GET', '/api/v1/triage/suppression-rules', { as: viewer })).json<{ items: { id: string }[] }>().items;
    expect(rules.map((r) => r.id)).toContain(rule);
    expect((await t.api('POST', '/api/v1/triage/suppression-rules', { as: viewer, body: bad[0][0] })).status).toBe(403);
  });

  let laterFinding: string;
  it('decides findings opened later by the matcher (the findings engine applies active rules)', async () => {
    const ctx = systemContext(org.id);
    const release = (await createRelease(t.db, ctx, monitor.product, { version: '7.2' })).id;
    const { sbom } = await importSbom(t.db, ctx, release, bom('4.17.15'));
    await matchImportedSbom(t.db, ctx, sbom.id);
    laterFinding = (await t.db.selectFrom('findings').select('id').where('release_id', '=', release).executeTakeFirstOrThrow()).id;
    expect(await analysisOf(laterFinding)).toMatchObject({ analysis_state: 'not_affected', analysis_justification: 'requires_configuration', analysis_detail: 'Only with zipObjectDeep enabled', suppression_rule_id: rule });
    expect((await history(laterFinding)).map((e) => e.kind)).toEqual(['opened', 'suppressed']);
  });

  it('returns suppressed findings to in_triage when the rule expires', async () => {
    const later = new Date('2099-01-02T00:00:00Z');
    const released = await releaseDueRules(t.db, later);
    expect(released.findings).toBe(2);
    expect(await analysisOf(lodash[monitor.r1]!)).toMatchObject({ analysis_state: 'in_triage', analysis_justification: null, suppression_rule_id: null });
    expect(await analysisOf(laterFinding)).toMatchObject({ analysis_state: 'in_triage', suppression_rule_id: null });
    expect((await history(lodash[monitor.r1]!)).at(-1)).toMatchObject({ kind: 'unsuppressed', detail: { ruleId: rule, reason: 'expired' } });
    expect(await auditActions()).toContain('triage.suppression_expired');
    expect((await releaseDueRules(t.db, later)).findings).toBe(0);
  });

  it('keeps a person’s later decision when the rule is disabled, and deletes rules', async () => {
    const res = await t.api('PATCH', `/api/v1/triage/suppression-rules/${rule}`, { as: analyst, body: { expiresAt: '2099-06-01T00:00:00Z' } });
    expect(res.json()).toMatchObject({ applied: 2, released: 0, rule: { active: true } });
    // A person decides: the rule no longer holds the finding.
    await t.api('PATCH', `/api/v1/findings/${lodash[monitor.r1]}/analysis`, { as: analyst, body: { state: 'exploitable', responses: ['update'] } });
    const disabled = await t.api('PATCH', `/api/v1/triage/suppression-rules/${rule}`, { as: analyst, body: { disabled: true } });
    // Only the finding the rule still holds goes back to triage.
    expect(disabled.json()).toMatchObject({ applied: 0, released: 1, rule: { active: false, disabled: true } });
    expect(await analysisOf(lodash[monitor.r1]!)).toMatchObject({ analysis_state: 'exploitable' });
    expect(await analysisOf(laterFinding)).toMatchObject({ analysis_state: 'in_triage' });
    expect((await t.api('DELETE', `/api/v1/triage/suppression-rules/${rule}`, { as: analyst })).json()).toEqual({ released: 0 });
    expect((await t.api('GET', `/api/v1/triage/suppression-rules/${rule}`, { as: analyst })).status).toBe(404);
  });
});
