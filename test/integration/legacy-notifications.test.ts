import { afterAll, beforeAll, expect, it } from 'vitest';
import { remindEndOfSupport } from '../../src/modules/legacy/service.js';
import { deliverPending } from '../../src/modules/notifications/delivery.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * End-of-support reminders reach the notification channels: the legacy tick queues one
 * `end_of_support` notification per model and threshold for each channel subscribed to it
 * (not to others), a second tick sends nothing, and the local SMTP server receives a mail
 * naming the model, the date and the days left. Thresholds that come together make one mail.
 */
let t: TestVigil;
let mail: MailSink;
beforeAll(async () => {
  mail = await startMailSink();
  t = await startTestVigil({ smtp: { url: mail.url, from: 'Vigil <vigil@test.local>' }, notifyIntervalMs: 3_600_000 });
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

const DAY = 86_400_000;
const inDays = (n: number, from = Date.now()) => new Date(from + n * DAY).toISOString().slice(0, 10);

it('mails each end-of-support threshold once to the channels that subscribe to it', async () => {
  const org = await t.seedOrg('legacy-mail', 'healthcare_provider');
  const admin = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'admin', role: 'admin', expiresInDays: 1 })).secret };
  for (const [name, events] of [['Clinical engineering', ['end_of_support']], ['PSIRT', ['kev_hit']]] as const) {
    const res = await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'email', name, events, recipients: [`${name.replace(/\W/g, '').toLowerCase()}@example.test`] } });
    expect(res.status, res.body).toBe(201);
  }
  const now = Date.parse(`${inDays(0)}T09:00:00Z`);
  const eos = inDays(200, now);
  const put = await t.api('PUT', '/api/v1/legacy/plans', { as: admin, body: { manufacturer: 'Medivance', model: 'InfuSafe 300', endOfSupportOn: eos } });
  expect(put.status, put.body).toBe(200);

  // 200 days left: the 365-day threshold has come.
  expect(await remindEndOfSupport(t.db, new Date(now))).toBe(1);
  expect(await remindEndOfSupport(t.db, new Date(now))).toBe(0);
  expect(await deliverPending(t.db, t.vigil.config)).toBe(1);
  const [first] = await mail.waitFor(1);
  expect([first!.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address))).toEqual(['clinicalengineering@example.test']);
  expect(first!.subject).toBe(`[Vigil] Support ends ${eos} (in 200 days): Medivance InfuSafe 300`);
  expect(first!.text).toContain('(the 365-day reminder)');
  expect(first!.headers.get('x-vigil-event')).toBe('end_of_support');

  // 175 days on, 25 left: 180, 90 and 30 all come at once — one mail, for the 30-day one.
  expect(await remindEndOfSupport(t.db, new Date(now + 175 * DAY))).toBe(3);
  expect(await deliverPending(t.db, t.vigil.config)).toBe(1);
  const mails = await mail.waitFor(2);
  expect(mails[1]!.subject).toBe(`[Vigil] Support ends ${eos} (in 25 days): Medivance InfuSafe 300`);
  expect(mails[1]!.text).toContain('(the 30-day reminder)');
  const outbox = await t.db.selectFrom('notification_outbox').select(['event', 'dedupe_key']).where('org_id', '=', org.id).orderBy('created_at').execute();
  expect(outbox.map((o) => o.event)).toEqual(['end_of_support', 'end_of_support']);
});
