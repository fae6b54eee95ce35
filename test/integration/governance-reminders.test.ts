import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverPending } from '../../src/modules/notifications/delivery.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import { addPolicy, addTraining, updateTraining } from '../../src/modules/governance/people.js';
import { remindGovernance } from '../../src/modules/governance/reminder-tick.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The governance reminder tick: a completed training expiring within 30 days and a policy due
 * for review within 30 days are each mailed once to the channels that subscribe to them
 * (a second tick queues nothing), records outside the window (expired, or later than 30 days,
 * or not completed) are not mailed, and a renewed training reminds again at its new date.
 * Mail goes through the outbox to the local SMTP server.
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

// A fixed "today" so the window is hand-checkable: 2031-03-01 + 30 days = 2031-03-31.
const NOW = new Date('2031-03-01T08:00:00Z');
const addressesOf = (m: { to?: unknown }) => [m.to ?? []].flat().flatMap((a) => (a as { value: { address: string }[] }).value.map((v) => v.address));

it('mails expiring training and due policy reviews once per subscribed channel', async () => {
  const org = await t.seedOrg('gov-reminders');
  const other = await t.seedOrg('gov-reminders-other');
  const ctx = systemContext(org.id);
  const admin = { bearer: (await createToken(t.db, ctx, { name: 'admin', role: 'admin', expiresInDays: 1 })).secret };
  for (const [name, events] of [['Training', ['training_expiring']], ['Quality', ['policy_review']], ['PSIRT', ['kev_hit']]] as const) {
    const res = await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'email', name, events, recipients: [`${name.toLowerCase()}@example.test`] } });
    expect(res.status, res.body).toBe(201);
  }
  // In the window: expires on the last day (2031-03-31) and on "today".
  const lastDay = await addTraining(t.db, ctx, { course: 'Secure coding', personName: 'Dana Dev', completedOn: '2030-03-31', expiresOn: '2031-03-31' });
  await addTraining(t.db, ctx, { course: 'Threat modeling', personName: 'Tom Arch', completedOn: '2030-03-01', expiresOn: '2031-03-01' });
  // Outside: the day after the window, already expired, not completed.
  await addTraining(t.db, ctx, { course: 'CVD handling', personName: 'Pat PSIRT', completedOn: '2030-04-01', expiresOn: '2031-04-01' });
  await addTraining(t.db, ctx, { course: 'Old course', personName: 'Old Timer', completedOn: '2029-01-01', expiresOn: '2031-02-28' });
  await addTraining(t.db, ctx, { course: 'Pending course', personName: 'New Hire', expiresOn: '2031-03-10' });
  await addPolicy(t.db, ctx, { kind: 'policy', title: 'Product security policy', ownerName: 'CISO', version: '2.1', approvedOn: '2030-03-15', nextReviewOn: '2031-03-15' });
  await addPolicy(t.db, ctx, { kind: 'procedure', title: 'SBOM procedure', version: '1.0', approvedOn: '2030-06-01', nextReviewOn: '2031-06-01' });
  // Another organization's due training goes to its own channels (it has none): nothing queued.
  await addTraining(t.db, systemContext(other.id), { course: 'Secure coding', personName: 'Elsewhere', completedOn: '2030-03-10', expiresOn: '2031-03-10' });

  expect(await remindGovernance(t.db, NOW)).toBe(3);
  expect(await remindGovernance(t.db, NOW)).toBe(0);
  // The next day the window reaches 2031-04-01: CVD handling comes in (and only it).
  expect(await remindGovernance(t.db, new Date('2031-03-02T08:00:00Z'))).toBe(1);
  const queued = await t.db.selectFrom('notification_outbox').select(['event', 'dedupe_key']).where('org_id', '=', org.id).execute();
  expect(queued.map((q) => q.event).sort()).toEqual(['policy_review', 'training_expiring', 'training_expiring', 'training_expiring']);
  expect(await t.db.selectFrom('notification_outbox').select('id').where('org_id', '=', other.id).execute()).toEqual([]);

  expect(await deliverPending(t.db, t.vigil.config)).toBe(4);
  const messages = await mail.waitFor(4);
  expect(messages.map((m) => m.subject).sort()).toEqual([
    '[Vigil] Review due 2031-03-15: Product security policy v2.1',
    '[Vigil] Training expires 2031-03-01: Threat modeling — Tom Arch',
    '[Vigil] Training expires 2031-03-31: Secure coding — Dana Dev',
    '[Vigil] Training expires 2031-04-01: CVD handling — Pat PSIRT',
  ]);
  const bySubject = new Map(messages.map((m) => [m.subject, m]));
  const secure = bySubject.get('[Vigil] Training expires 2031-03-31: Secure coding — Dana Dev')!;
  expect(addressesOf(secure)).toEqual(['training@example.test']);
  expect(secure.text).toContain(`Dana Dev's training "Secure coding" (completed 2030-03-31) expires on 2031-03-31.`);
  expect(addressesOf(bySubject.get('[Vigil] Training expires 2031-03-01: Threat modeling — Tom Arch')!)).toEqual(['training@example.test']);
  const policy = bySubject.get('[Vigil] Review due 2031-03-15: Product security policy v2.1')!;
  expect(addressesOf(policy)).toEqual(['quality@example.test']);
  expect(policy.text).toContain('The policy "Product security policy" version 2.1 (owner CISO) is due for review on 2031-03-15.');
  expect(policy.headers.get('x-vigil-event')).toBe('policy_review');

  // Renewed: the new expiry date is a new reminder once it comes within 30 days.
  await updateTraining(t.db, ctx, lastDay, { completedOn: '2031-03-20', expiresOn: '2032-03-20' });
  expect(await remindGovernance(t.db, new Date('2032-02-20T08:00:00Z'))).toBe(1);
  expect(await remindGovernance(t.db, new Date('2032-02-21T08:00:00Z'))).toBe(0);
});
