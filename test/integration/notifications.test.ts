import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkClocks } from '../../src/modules/notifications/clock-tick.js';
import { deliverPending } from '../../src/modules/notifications/delivery.js';
import { signPayload, verifySignature } from '../../src/modules/notifications/signing.js';
import { startMailSink, startWebhookReceiver, type MailSink, type WebhookReceiver } from '../../src/modules/notifications/test-receivers.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Notifications end to end on this machine: a local SMTP server (smtp-server + mailparser) and
 * a local webhook receiver that verifies the HMAC-SHA256 signature, both on 127.0.0.1. A KEV
 * hit, a newly uncontrolled risk and approaching / missed clocks each reach both channels once;
 * a failing webhook is retried on the documented schedule and finally marked failed, every
 * attempt in the delivery log; the webhook secret is shown once and never again.
 */
const testdata = (path: string) => readFileSync(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA = testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const KEV = testdata('kev/testdata/kev-excerpt.json');
const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:5e671687-395b-41f5-a30f-a58921a69d01', version: 1,
  components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
});
const ALL = ['kev_hit', 'uncontrolled', 'clock_approaching', 'clock_missed'];

let t: TestVigil;
let org: TestOrg;
let mail: MailSink;
let hook: WebhookReceiver;
let admin: { bearer: string };
let analyst: { bearer: string };
let findingId = '';
let webhookChannel = '';

const deliver = () => deliverPending(t.db, t.vigil.config);
const hookBodies = () => hook.received.map((h) => JSON.parse(h.body) as { event: string; title: string; finding: { vulnId: string } | null; clock?: { clock: string } });

beforeAll(async () => {
  mail = await startMailSink();
  hook = await startWebhookReceiver();
  // Ticks every hour: the test runs deliveries and clock checks itself, at the moments it chooses.
  t = await startTestVigil({ smtp: { url: mail.url, from: 'Vigil <vigil@test.local>' }, notifyIntervalMs: 3_600_000 });
  org = await t.seedOrg('notify');
  const ctx = systemContext(org.id);
  admin = { bearer: (await createToken(t.db, ctx, { name: 'admin', role: 'admin', expiresInDays: 1 })).secret };
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  const product = (await createProduct(t.db, ctx, { name: 'Infusion Gateway' })).id;
  const release = (await createRelease(t.db, ctx, product, { version: '5.0', lifecycleStage: 'support' })).id;
  for (const [kind, body] of [['osv', GHSA], ['kev', KEV]] as const) {
    const source = (await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind, name: kind } })).json<{ id: string }>();
    expect((await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: analyst, body, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
  }
  const email = await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'email', name: 'PSIRT mail', events: ALL, recipients: ['psirt@example.test', 'qa@example.test'] } });
  expect(email.status, email.body).toBe(201);
  const webhook = await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'webhook', name: 'Ticketing', events: ALL, url: hook.url } });
  expect(webhook.status, webhook.body).toBe(201);
  const created = webhook.json<{ id: string; secret: string }>();
  webhookChannel = created.id;
  hook.secret = created.secret;
  expect((await t.api('POST', `/api/v1/releases/${release}/sboms`, { as: analyst, body: SBOM, headers: { 'content-type': 'application/json' } })).status).toBe(201);
  findingId = (await t.db.selectFrom('findings').select('id').where('org_id', '=', org.id).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
  await hook?.close();
});

describe('channels', () => {
  it('the webhook secret is shown once: never listed, audited or logged', async () => {
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await t.api('GET', '/api/v1/notifications/channels', { as: admin });
    expect(list.body).not.toContain(hook.secret);
    expect(list.json<{ items: { name: string; kind: string }[] }>().items.map((c) => [c.name, c.kind])).toEqual([['PSIRT mail', 'email'], ['Ticketing', 'webhook']]);
    const audit = await t.db.selectFrom('audit_events').select(sql<string>`summary::text`.as('s')).where('org_id', '=', org.id).execute();
    expect(audit.some((a) => a.s.includes(hook.secret))).toBe(false);
    expect((await t.api('GET', '/api/v1/notifications/channels', { as: analyst })).status).toBe(403);
  });

  it('bad channels are refused whole', async () => {
    const noRecipients = await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'email', name: 'x', events: ['kev_hit'] } });
    expect([noRecipients.status, noRecipients.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer]).toEqual([400, '/body/recipients']);
    expect((await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'webhook', name: 'y', events: ['kev_hit'] } })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'webhook', name: 'z', events: ['kev_hit'], url: 'ftp://x' } })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'email', name: 'Ticketing', events: ['kev_hit'], recipients: ['a@b.test'] } })).status).toBe(409);
    expect(await t.db.selectFrom('notification_channels').select('name').where('org_id', '=', org.id).orderBy('name').execute()).toEqual([{ name: 'PSIRT mail' }, { name: 'Ticketing' }]);
  });
});

describe('events reach both channels once', () => {
  it('a new KEV hit: an e-mail to the recipients and a signed webhook', async () => {
    expect(await deliver()).toBe(2);
    const [m] = await mail.waitFor(1);
    expect(m!.subject).toBe('[Vigil] KEV hit: CVE-2021-44228 in Infusion Gateway 5.0 (log4j-core 2.14.1)');
    expect(m!.to && !Array.isArray(m!.to) ? m!.to.value.map((a) => a.address) : []).toEqual(['psirt@example.test', 'qa@example.test']);
    expect(m!.from?.value[0]?.address).toBe('vigil@test.local');
    expect(m!.text).toContain("listed in CISA's Known Exploited Vulnerabilities catalog");
    const [h] = await hook.waitFor(1);
    expect(h!.verified).toBe(true);
    expect(h!.headers['vigil-event']).toBe('kev_hit');
    expect(hookBodies()[0]).toMatchObject({ event: 'kev_hit', organizationId: org.id, finding: { id: findingId, vulnId: 'CVE-2021-44228' } });
    // The signature is HMAC-SHA256 over "timestamp.body", checked independently here.
    const { t: ts, v1 } = Object.fromEntries(String(h!.headers['vigil-signature']).split(',').map((p) => p.split('='))) as { t: string; v1: string };
    expect(v1).toBe(signPayload(hook.secret, Number(ts), h!.body));
    expect(verifySignature('whsec_wrong', String(h!.headers['vigil-signature']), h!.body, Number(ts))).toBe(false);
    // Rescoring the same finding does not notify again.
    await t.api('PUT', `/api/v1/findings/${findingId}/score`, { as: analyst, body: { cvssSource: 'ghsa' } });
    expect(await deliver()).toBe(0);
  });

  it('a newly uncontrolled risk, naming the clocks the organization’s policy sets', async () => {
    // The organization shortened its communication clock: the notice says so.
    expect((await t.api('PUT', '/api/v1/clocks/policy', { as: admin, body: { rules: [{ rule: 'uncontrolled_communication', days: 15 }] } })).status).toBe(200);
    await t.api('PUT', `/api/v1/findings/${findingId}/score`, { as: analyst, body: { harmSeverity: 'catastrophic' } });
    expect(await deliver()).toBe(2);
    const mails = await mail.waitFor(2);
    expect(mails[1]!.subject).toBe('[Vigil] Uncontrolled risk: CVE-2021-44228 in Infusion Gateway 5.0 (log4j-core 2.14.1)');
    expect(mails[1]!.text).toContain('The 15-day customer communication, 30-day remediation plan and 60-day remediation clocks run from');
    expect(hookBodies()[1]).toMatchObject({ event: 'uncontrolled' });
  });

  it('approaching (within 7 days) and missed due dates, each once', async () => {
    const clocks = await t.db.selectFrom('finding_clocks').select(['id', 'clock']).where('finding_id', '=', findingId).where('state', '=', 'running').orderBy('clock').execute();
    expect(clocks.map((c) => c.clock)).toEqual(['communication', 'plan', 'remediation']);
    const [communication, , remediation] = clocks;
    await t.db.updateTable('finding_clocks').set({ base_due_at: sql<Date>`now() + interval '3 days'` }).where('id', '=', remediation!.id).execute();
    await t.db.updateTable('finding_clocks').set({ base_due_at: sql<Date>`now() - interval '1 hour'` }).where('id', '=', communication!.id).execute();
    expect(await checkClocks(t.db)).toEqual({ approaching: 1, missed: 1 });
    expect(await checkClocks(t.db)).toEqual({ approaching: 0, missed: 0 });
    expect(await deliver()).toBe(4);
    const subjects = (await mail.waitFor(4)).slice(2).map((m) => m.subject).sort();
    expect(subjects).toEqual([
      '[Vigil] Due soon: remediation clock of CVE-2021-44228 in Infusion Gateway 5.0 (log4j-core 2.14.1)',
      '[Vigil] Missed: communication clock of CVE-2021-44228 in Infusion Gateway 5.0 (log4j-core 2.14.1)',
    ]);
    expect(hookBodies().slice(2).map((b) => [b.event, b.clock?.clock]).sort()).toEqual([['clock_approaching', 'remediation'], ['clock_missed', 'communication']]);
  });
});

describe('retries and the delivery log', () => {
  it('a failing webhook is retried after a minute, then succeeds; each attempt is logged', async () => {
    hook.status = 500;
    const test = await t.api('POST', `/api/v1/notifications/channels/${webhookChannel}/test`, { as: admin });
    expect(test.status).toBe(202);
    const { outboxId } = test.json<{ outboxId: string }>();
    expect(await deliver()).toBe(1);
    let row = await t.db.selectFrom('notification_outbox').select(['state', 'attempts', 'last_error', sql<number>`extract(epoch from next_attempt_at - now())`.as('wait')]).where('id', '=', outboxId).executeTakeFirstOrThrow();
    expect([row.state, row.attempts, row.last_error]).toEqual(['pending', 1, 'HTTP 500']);
    expect(Number(row.wait)).toBeGreaterThan(55);
    expect(Number(row.wait)).toBeLessThanOrEqual(60);
    expect(await deliver()).toBe(0); // not due yet
    hook.status = 204;
    await t.db.updateTable('notification_outbox').set({ next_attempt_at: sql<Date>`now()` }).where('id', '=', outboxId).execute();
    expect(await deliver()).toBe(1);
    row = await t.db.selectFrom('notification_outbox').select(['state', 'attempts', 'last_error', sql<number>`0`.as('wait')]).where('id', '=', outboxId).executeTakeFirstOrThrow();
    expect([row.state, row.attempts]).toEqual(['delivered', 2]);
    const log = (await t.api('GET', `/api/v1/notifications/deliveries?channelId=${webhookChannel}&limit=1`, { as: admin })).json<{ items: { id: string; state: string; log: { attempt: number; ok: boolean; statusCode: number | null }[] }[] }>();
    expect(log.items[0]!.id).toBe(outboxId);
    expect(log.items[0]!.log.map((l) => [l.attempt, l.ok, l.statusCode])).toEqual([[1, false, 500], [2, true, 204]]);
  });

  it('an unreachable webhook fails honestly after the sixth attempt', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const dead = (await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'webhook', name: 'Dead end', events: ['kev_hit'], url: `http://127.0.0.1:${port}/none` } })).json<{ id: string }>();
    const { outboxId } = (await t.api('POST', `/api/v1/notifications/channels/${dead.id}/test`, { as: admin })).json<{ outboxId: string }>();
    for (let attempt = 1; attempt <= 6; attempt++) {
      await t.db.updateTable('notification_outbox').set({ next_attempt_at: sql<Date>`now()` }).where('id', '=', outboxId).execute();
      expect(await deliver()).toBe(1);
    }
    const row = await t.db.selectFrom('notification_outbox').select(['state', 'attempts', 'last_error']).where('id', '=', outboxId).executeTakeFirstOrThrow();
    expect([row.state, row.attempts]).toEqual(['failed', 6]);
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    const failed = (await t.api('GET', '/api/v1/notifications/deliveries?state=failed', { as: admin })).json<{ items: { id: string; log: unknown[] }[] }>();
    expect(failed.items.map((i) => [i.id, i.log.length])).toEqual([[outboxId, 6]]);
    expect(JSON.stringify(failed)).not.toContain(hook.secret);
  });
});
