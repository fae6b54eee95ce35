import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueAt } from '../../src/modules/clocks/time.js';
import { loadMigrations } from '../../src/platform/db/migrate.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Remediation clocks and plans through the API: the uncontrolled-risk clocks of a KEV-listed
 * Log4Shell finding (communication, remediation plan, remediation), pause / resume (elapsed
 * paused time shifts the due date) / stop, plans that stop the clock they answer, the SLA
 * policy (time zone, overrides, defaults), the dashboard with its burndown, and migration
 * 0021 giving existing uncontrolled risks their plan clock. Clock arithmetic itself is unit-tested with fixed instants
 * across time zones and DST in src/modules/clocks/clocks.test.ts.
 */
const testdata = (path: string) => readFileSync(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA = testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const NVD_PAGE = testdata('nvd/testdata/nvd/nvd-api-page.json');
const KEV = testdata('kev/testdata/kev-excerpt.json');
const DAY = 86_400_000;

const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:5e671687-395b-41f5-a30f-a58921a69c01', version: 1,
  components: [
    { 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
    { 'bom-ref': 'openssl', type: 'library', name: 'openssl', version: '1.0.1f', cpe: 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*' },
  ],
});

interface Clock { id: string; rule: string; clock: string; source: string; state: string; status: string; stopReason: string | null; stopNote: string | null; pauseReason: string | null; dueAt: string; baseDueAt: string; pausedMs: number; timeZone: string; kind: string; days: number }

let t: TestVigil;
let org: TestOrg;
let analyst: { bearer: string };
let admin: { bearer: string };
const ids = { product: '', release: '', otherProductRelease: '', nextRelease: '', log4shell: '', heartbleed: '' };

async function importInto(kind: string, body: Buffer | string): Promise<void> {
  const source = (await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind, name: `${kind} files` } })).json<{ id: string }>();
  const res = await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: analyst, body, headers: { 'content-type': 'application/octet-stream' } });
  expect(res.status, res.body).toBe(200);
}
const clocks = async (findingId: string) => (await t.api('GET', `/api/v1/findings/${findingId}/clocks`, { as: analyst })).json<{ items: Clock[] }>().items;
const running = async (findingId: string, rule: string) => (await clocks(findingId)).find((c) => c.rule === rule && c.state !== 'stopped')!;

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('clocks');
  const ctx = systemContext(org.id);
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  admin = { bearer: (await createToken(t.db, ctx, { name: 'admin', role: 'admin', expiresInDays: 1 })).secret };
  ids.product = (await createProduct(t.db, ctx, { name: 'Infusion Gateway' })).id;
  ids.release = (await createRelease(t.db, ctx, ids.product, { version: '5.0', lifecycleStage: 'support' })).id;
  ids.nextRelease = (await createRelease(t.db, ctx, ids.product, { version: '5.1', lifecycleStage: 'development' })).id;
  const other = (await createProduct(t.db, ctx, { name: 'Bedside Monitor' })).id;
  ids.otherProductRelease = (await createRelease(t.db, ctx, other, { version: '1.0' })).id;
  await importInto('osv', GHSA);
  await importInto('nvd', NVD_PAGE);
  await importInto('kev', KEV);
  const res = await t.api('POST', `/api/v1/releases/${ids.release}/sboms`, { as: analyst, body: SBOM, headers: { 'content-type': 'application/json' } });
  expect(res.status, res.body).toBe(201);
  const rows = await t.db.selectFrom('findings').select(['id', 'vuln_id']).where('org_id', '=', org.id).execute();
  ids.log4shell = rows.find((r) => r.vuln_id === 'CVE-2021-44228')!.id;
  ids.heartbleed = rows.find((r) => r.vuln_id === 'CVE-2014-0160')!.id;
  expect((await t.api('PUT', `/api/v1/findings/${ids.log4shell}/score`, { as: analyst, body: { harmSeverity: 'catastrophic' } })).status).toBe(200);
});
afterAll(() => t.close());

describe('clocks of an uncontrolled risk', () => {
  it('three clocks with their kind, days and due dates; the controlled clock stopped as reclassified', async () => {
    const first = await t.db.selectFrom('findings').select('first_seen_at').where('id', '=', ids.log4shell).executeTakeFirstOrThrow();
    const list = await clocks(ids.log4shell);
    expect(list.map((c) => [c.rule, c.clock, c.days, c.kind, c.state, c.stopReason])).toEqual([
      ['controlled_critical', 'remediation', 60, 'framework', 'stopped', 'reclassified'],
      ['uncontrolled_communication', 'communication', 30, 'guidance', 'running', null],
      ['uncontrolled_plan', 'plan', 30, 'guidance', 'running', null],
      ['uncontrolled_remediation', 'remediation', 60, 'guidance', 'running', null],
    ]);
    expect(list.slice(1).map((c) => [c.rule, c.dueAt, c.status])).toEqual([
      ['uncontrolled_communication', dueAt(new Date(first.first_seen_at), 30, 'UTC').toISOString(), 'on_track'],
      ['uncontrolled_plan', dueAt(new Date(first.first_seen_at), 30, 'UTC').toISOString(), 'on_track'],
      ['uncontrolled_remediation', dueAt(new Date(first.first_seen_at), 60, 'UTC').toISOString(), 'on_track'],
    ]);
    expect(list[2]!.source).toMatch(/FDA, Postmarket Management of Cybersecurity in Medical Devices \(Dec 2016\): identify interim compensating controls and write a remediation plan/);
  });

  it('pause, then resume after two days: the due date moves by the paused time', async () => {
    const c = await running(ids.log4shell, 'uncontrolled_communication');
    // A pause needs its reason.
    for (const body of [{}, { reason: '   ' }]) {
      const refused = await t.api('POST', `/api/v1/clocks/${c.id}/pause`, { as: analyst, body });
      expect([refused.status, refused.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer]).toEqual([400, '/body/reason']);
    }
    expect((await running(ids.log4shell, 'uncontrolled_communication')).state).toBe('running');
    const paused = await t.api('POST', `/api/v1/clocks/${c.id}/pause`, { as: analyst, body: { reason: 'Waiting for the hospital network team' } });
    expect([paused.status, paused.json<Clock>().state, paused.json<Clock>().pauseReason]).toEqual([200, 'paused', 'Waiting for the hospital network team']);
    const event = await t.db.selectFrom('finding_events').select('detail').where('finding_id', '=', ids.log4shell).where('kind', '=', 'clock').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(event.detail).toMatchObject({ action: 'paused', reason: 'Waiting for the hospital network team' });
    expect((await t.api('POST', `/api/v1/clocks/${c.id}/pause`, { as: analyst, body: { reason: 'again' } })).status).toBe(409);
    // Two days pass (the pause is moved back instead of waiting).
    await t.db.updateTable('finding_clocks').set({ paused_at: sql<Date>`paused_at - interval '2 days'` }).where('id', '=', c.id).execute();
    const resumed = (await t.api('POST', `/api/v1/clocks/${c.id}/resume`, { as: analyst })).json<Clock>();
    expect(resumed.state).toBe('running');
    expect(resumed.pausedMs).toBeGreaterThanOrEqual(2 * DAY);
    expect(resumed.pausedMs).toBeLessThan(2 * DAY + 60_000);
    expect(Date.parse(resumed.dueAt) - Date.parse(resumed.baseDueAt)).toBe(resumed.pausedMs);
    expect((await t.api('POST', `/api/v1/clocks/${c.id}/resume`, { as: analyst })).status).toBe(409);
  });

  it('stop with a reason; a stopped clock is not restarted when the finding is rescored', async () => {
    const c = await running(ids.log4shell, 'uncontrolled_communication');
    expect((await t.api('POST', `/api/v1/clocks/${c.id}/stop`, { as: analyst, body: { reason: 'finished' } })).status).toBe(400);
    const stopped = (await t.api('POST', `/api/v1/clocks/${c.id}/stop`, { as: analyst, body: { reason: 'communicated', note: 'Customer letter 2026-12-01' } })).json<Clock>();
    expect([stopped.state, stopped.stopReason]).toEqual(['stopped', 'communicated']);
    await t.api('PUT', `/api/v1/findings/${ids.log4shell}/score`, { as: analyst, body: { cvssSource: 'ghsa' } });
    expect((await clocks(ids.log4shell)).filter((x) => x.rule === 'uncontrolled_communication').map((x) => x.state)).toEqual(['stopped']);
    const audit = await t.db.selectFrom('audit_events').select('action').where('org_id', '=', org.id).where('action', 'like', 'clock.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['clock.pause', 'clock.resume', 'clock.stop']);
  });
});

describe('remediation plans', () => {
  it('a patch names a release of the same product', async () => {
    const post = (body: unknown) => t.api('POST', `/api/v1/findings/${ids.log4shell}/remediation`, { as: analyst, body });
    const other = await post({ kind: 'patch', releaseId: ids.otherProductRelease, description: 'log4j 2.17.1' });
    expect([other.status, other.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer]).toEqual([400, '/body/releaseId']);
    expect((await post({ kind: 'patch', description: 'log4j 2.17.1' })).status).toBe(400);
    expect((await post({ kind: 'compensating_control', releaseId: ids.nextRelease, description: 'x' })).status).toBe(400);
    expect(await t.db.selectFrom('remediation_plans').select('id').where('org_id', '=', org.id).execute()).toEqual([]);
  });

  it('a patch recorded stops the plan clock as planned; released, it stops the remediation clock as remediated', async () => {
    const created = await t.api('POST', `/api/v1/findings/${ids.log4shell}/remediation`, { as: analyst, body: { kind: 'patch', releaseId: ids.nextRelease, description: 'Upgrade log4j-core to 2.17.1', targetDate: '2027-01-15' } });
    expect(created.status, created.body).toBe(201);
    const plan = created.json<{ id: string; status: string; releaseVersion: string }>();
    expect([plan.status, plan.releaseVersion]).toEqual(['planned', '5.1']);
    const planClock = (await clocks(ids.log4shell)).find((c) => c.rule === 'uncontrolled_plan')!;
    expect([planClock.state, planClock.stopReason, planClock.stopNote]).toEqual(['stopped', 'planned', 'Plan patch planned: Upgrade log4j-core to 2.17.1']);
    const stopEvent = await t.db.selectFrom('finding_events').select('detail').where('finding_id', '=', ids.log4shell).where('kind', '=', 'clock').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(stopEvent.detail).toMatchObject({ action: 'stopped', clock: 'plan', rule: 'uncontrolled_plan', reason: 'planned', onTime: true });
    expect((await running(ids.log4shell, 'uncontrolled_remediation')).state).toBe('running');
    await t.api('PATCH', `/api/v1/remediation/${plan.id}`, { as: analyst, body: { status: 'validated' } });
    expect((await running(ids.log4shell, 'uncontrolled_remediation')).state).toBe('running');
    const released = await t.api('PATCH', `/api/v1/remediation/${plan.id}`, { as: analyst, body: { status: 'released' } });
    expect(released.status, released.body).toBe(200);
    const remediation = (await clocks(ids.log4shell)).find((c) => c.rule === 'uncontrolled_remediation')!;
    expect([remediation.state, remediation.stopReason]).toEqual(['stopped', 'remediated']);
    const list = (await t.api('GET', '/api/v1/remediation?status=released', { as: analyst })).json<{ items: { id: string; vulnId: string; productName: string }[] }>();
    expect(list.items.map((p) => [p.id, p.vulnId, p.productName])).toEqual([[plan.id, 'CVE-2021-44228', 'Infusion Gateway']]);
  });
});

describe('SLA policy and dashboard', () => {
  it('defaults, overrides, time zone; bad input is a 400 and analysts cannot edit', async () => {
    const policy = (await t.api('GET', '/api/v1/clocks/policy', { as: analyst })).json<{ timeZone: string; notifyBeforeDays: number; rules: { rule: string; days: number | null; isDefault: boolean }[] }>();
    expect([policy.timeZone, policy.notifyBeforeDays, policy.rules.every((r) => r.isDefault)]).toEqual(['UTC', 7, true]);
    expect((await t.api('PUT', '/api/v1/clocks/policy', { as: analyst, body: { timeZone: 'Europe/Berlin' } })).status).toBe(403);
    const bad = await t.api('PUT', '/api/v1/clocks/policy', { as: admin, body: { timeZone: 'Mars/Olympus', notifyBeforeDays: 3 } });
    expect([bad.status, bad.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer]).toEqual([400, '/body/timeZone']);
    expect((await t.api('GET', '/api/v1/clocks/policy', { as: analyst })).json()).toMatchObject({ timeZone: 'UTC', notifyBeforeDays: 7 });
    const res = await t.api('PUT', '/api/v1/clocks/policy', { as: admin, body: { timeZone: 'America/New_York', notifyBeforeDays: 10, rules: [{ rule: 'controlled_low', days: 90, kind: 'contract', source: 'MC2 contract §4' }] } });
    expect(res.status, res.body).toBe(200);
    const low = res.json<{ rules: { rule: string; days: number; kind: string; isDefault: boolean }[] }>().rules.find((r) => r.rule === 'controlled_low');
    expect(low).toMatchObject({ days: 90, kind: 'contract', isDefault: false });
  });

  it('clocks started after the change use the new time zone', async () => {
    await t.api('PUT', `/api/v1/findings/${ids.heartbleed}/score`, { as: analyst, body: { harmSeverity: 'catastrophic' } });
    const first = await t.db.selectFrom('findings').select('first_seen_at').where('id', '=', ids.heartbleed).executeTakeFirstOrThrow();
    const comm = await running(ids.heartbleed, 'uncontrolled_communication');
    expect([comm.timeZone, comm.dueAt]).toEqual(['America/New_York', dueAt(new Date(first.first_seen_at), 30, 'America/New_York').toISOString()]);
  });

  it('dashboard: totals, per product, urgent first, burndown with its due line', async () => {
    const comm = await running(ids.heartbleed, 'uncontrolled_communication');
    const first = await t.api('GET', '/api/v1/remediation/dashboard?days=7', { as: analyst });
    expect(first.status, first.body).toBe(200);
    let d = first.json<{
      totals: Record<string, number>; products: { productName: string; onTrack: number; overdue: number }[]; clocks: { id: string; status: string }[]; burndown: { date: string; open: number; dueLine: number }[];
    }>();
    // Heartbleed's three uncontrolled-risk clocks (Log4Shell's are all stopped by now).
    expect(d.totals).toEqual({ overdue: 0, dueSoon: 0, onTrack: 3, paused: 0 });
    // The communication clock is overdue once its due date is in the past; the plan clock is paused.
    await t.db.updateTable('finding_clocks').set({ base_due_at: sql<Date>`now() - interval '1 hour'` }).where('id', '=', comm.id).execute();
    const planClock = await running(ids.heartbleed, 'uncontrolled_plan');
    const paused = await t.api('POST', `/api/v1/clocks/${planClock.id}/pause`, { as: analyst, body: { reason: 'Waiting for the firewall vendor' } });
    expect([paused.status, paused.json<Clock>().state]).toEqual([200, 'paused']);
    d = (await t.api('GET', '/api/v1/remediation/dashboard?days=7', { as: analyst })).json();
    expect(d.totals).toEqual({ overdue: 1, dueSoon: 0, onTrack: 1, paused: 1 });
    expect(d.products).toMatchObject([{ productName: 'Infusion Gateway', overdue: 1, onTrack: 1, paused: 1 }]);
    expect(d.clocks.map((c) => [c.id, c.status])[0]).toEqual([comm.id, 'overdue']);
    expect(d.clocks.map((c) => c.id).sort()).toEqual([comm.id, planClock.id, (await running(ids.heartbleed, 'uncontrolled_remediation')).id].sort());
    // Every clock started today (first_seen_at): nothing open before today; today three open, one of them past due.
    expect(d.burndown).toHaveLength(7);
    expect(d.burndown.slice(0, 6).every((b) => b.open === 0 && b.dueLine === 0)).toBe(true);
    expect(d.burndown[6]).toMatchObject({ open: 3, dueLine: 2 });
    expect((await t.api('GET', '/api/v1/remediation/dashboard?days=3', { as: analyst })).status).toBe(400);
  });
});

describe('plans that answer the other clocks', () => {
  const byRule = async (findingId: string) => Object.fromEntries((await clocks(findingId)).filter((c) => c.rule.startsWith('uncontrolled_')).map((c) => [c.rule, [c.state, c.stopReason, c.stopNote]]));

  it('a customer communication planned is not a remediation plan: the plan clock keeps its state', async () => {
    const created = await t.api('POST', `/api/v1/findings/${ids.heartbleed}/remediation`, { as: analyst, body: { kind: 'customer_communication', description: 'Advance notice to the pilot hospitals' } });
    expect(created.status, created.body).toBe(201);
    expect((await byRule(ids.heartbleed)).uncontrolled_plan).toEqual(['paused', null, null]);
  });

  it('a compensating control recorded stops the (paused) plan clock as planned; validated, the remediation clock as mitigated', async () => {
    const created = await t.api('POST', `/api/v1/findings/${ids.heartbleed}/remediation`, { as: analyst, body: { kind: 'compensating_control', description: 'Block TLS heartbeat at the hospital firewall' } });
    expect(created.status, created.body).toBe(201);
    const plan = created.json<{ id: string }>();
    expect((await byRule(ids.heartbleed)).uncontrolled_plan).toEqual(['stopped', 'planned', 'Plan compensating control planned: Block TLS heartbeat at the hospital firewall']);
    // The pause ended with the stop: its time is added to the clock's due date.
    const planClock = (await clocks(ids.heartbleed)).find((c) => c.rule === 'uncontrolled_plan')!;
    expect(planClock.pausedMs).toBeGreaterThan(0);
    expect(Date.parse(planClock.dueAt) - Date.parse(planClock.baseDueAt)).toBe(planClock.pausedMs);
    const audit = await t.db.selectFrom('audit_events').select('summary').where('org_id', '=', org.id).where('target_id', '=', planClock.id).where('action', '=', 'clock.stop').executeTakeFirstOrThrow();
    expect(audit.summary).toMatchObject({ findingId: ids.heartbleed, rule: 'uncontrolled_plan', reason: 'planned', onTime: true });
    await t.api('PATCH', `/api/v1/remediation/${plan.id}`, { as: analyst, body: { status: 'in_progress' } });
    expect((await byRule(ids.heartbleed)).uncontrolled_remediation).toEqual(['running', null, null]);
    const validated = await t.api('PATCH', `/api/v1/remediation/${plan.id}`, { as: analyst, body: { status: 'validated' } });
    expect(validated.status, validated.body).toBe(200);
    const now = await byRule(ids.heartbleed);
    expect(now.uncontrolled_remediation).toEqual(['stopped', 'mitigated', 'Plan compensating control validated: Block TLS heartbeat at the hospital firewall']);
    // The communication clock is another plan's to answer.
    expect(now.uncontrolled_communication).toEqual(['running', null, null]);
  });

  it('a customer communication stops the communication clock as communicated once sent (released)', async () => {
    const created = await t.api('POST', `/api/v1/findings/${ids.heartbleed}/remediation`, { as: analyst, body: { kind: 'customer_communication', description: 'Customer letter: disconnect the gateway from untrusted networks' } });
    expect(created.status, created.body).toBe(201);
    const plan = created.json<{ id: string }>();
    await t.api('PATCH', `/api/v1/remediation/${plan.id}`, { as: analyst, body: { status: 'validated' } });
    expect((await byRule(ids.heartbleed)).uncontrolled_communication).toEqual(['running', null, null]);
    expect((await t.api('PATCH', `/api/v1/remediation/${plan.id}`, { as: analyst, body: { status: 'released' } })).status).toBe(200);
    expect((await byRule(ids.heartbleed)).uncontrolled_communication).toEqual(['stopped', 'communicated', 'Plan customer communication released: Customer letter: disconnect the gateway from untrusted networks']);
    const events = await t.db.selectFrom('audit_events').select('action').where('org_id', '=', org.id).where('target_id', '=', plan.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['remediation.create', 'remediation.update', 'remediation.update']);
  });
});

describe('migration 0021 on clocks that ran before it', () => {
  it('existing uncontrolled risks get the plan clock: stopped as planned where a patch or control was recorded, else running and due on the 30th local day', async () => {
    const migration = (await loadMigrations()).find((m) => m.name === '0021_plan_clock.sql');
    expect(migration).toBeDefined();
    const first = Object.fromEntries((await t.db.selectFrom('findings').select(['id', 'first_seen_at']).where('org_id', '=', org.id).execute()).map((f) => [f.id, new Date(f.first_seen_at)]));
    const patch = await t.db.selectFrom('remediation_plans').select('created_at').where('finding_id', '=', ids.log4shell).where('kind', '=', 'patch').executeTakeFirstOrThrow();
    const rollback = new Error('rollback');
    let backfilled: { finding_id: string; clock: string; days: number; kind: string; time_zone: string; started_at: Date; base_due_at: Date; state: string; stopped_at: Date | null; stop_reason: string | null; stop_note: string | null }[] = [];
    // In a transaction rolled back at the end, as the database was before 0021: no plan clock;
    // Heartbleed (clocks in America/New_York) with its remediation clock running and no plan.
    await t.db
      .transaction()
      .execute(async (tx) => {
        await tx.deleteFrom('finding_clocks').where('org_id', '=', org.id).where('rule', '=', 'uncontrolled_plan').execute();
        await tx.deleteFrom('remediation_plans').where('finding_id', '=', ids.heartbleed).execute();
        await tx.updateTable('finding_clocks').set({ state: 'running', stopped_at: null, stop_reason: null, stop_note: null }).where('finding_id', '=', ids.heartbleed).where('rule', '=', 'uncontrolled_remediation').execute();
        for (const statement of migration!.sql.split(/;\s*\n/).filter((s) => s.replace(/--.*$/gm, '').trim())) await sql.raw(statement).execute(tx);
        backfilled = await tx
          .selectFrom('finding_clocks')
          .select(['finding_id', 'clock', 'days', 'kind', 'time_zone', 'started_at', 'base_due_at', 'state', 'stopped_at', 'stop_reason', 'stop_note'])
          .where('org_id', '=', org.id)
          .where('rule', '=', 'uncontrolled_plan')
          .execute();
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    const byFinding = Object.fromEntries(backfilled.map((c) => [c.finding_id, { ...c, started_at: new Date(c.started_at), base_due_at: new Date(c.base_due_at), stopped_at: c.stopped_at && new Date(c.stopped_at) }]));
    expect(backfilled).toHaveLength(2);
    expect(byFinding[ids.log4shell]).toMatchObject({
      clock: 'plan', days: 30, kind: 'guidance', time_zone: 'UTC', started_at: first[ids.log4shell], base_due_at: dueAt(first[ids.log4shell]!, 30, 'UTC'),
      state: 'stopped', stopped_at: new Date(patch.created_at), stop_reason: 'planned', stop_note: 'Plan patch released: Upgrade log4j-core to 2.17.1',
    });
    expect(byFinding[ids.heartbleed]).toMatchObject({
      clock: 'plan', days: 30, kind: 'guidance', time_zone: 'America/New_York', started_at: first[ids.heartbleed], base_due_at: dueAt(first[ids.heartbleed]!, 30, 'America/New_York'),
      state: 'running', stopped_at: null, stop_reason: null, stop_note: null,
    });
    // Rolled back: the clocks are as the API left them.
    expect((await clocks(ids.heartbleed)).filter((c) => c.rule === 'uncontrolled_plan').map((c) => [c.state, c.stopReason])).toEqual([['stopped', 'planned']]);
  });
});
