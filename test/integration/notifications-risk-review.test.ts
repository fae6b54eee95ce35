import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverPending } from '../../src/modules/notifications/delivery.js';
import { remindRiskReviews } from '../../src/modules/notifications/risk-review-tick.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import { createProduct } from '../../src/modules/portfolio/service.js';
import { acceptRisk } from '../../src/modules/risk/acceptance.js';
import { createRisk } from '../../src/modules/risk/service.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The risk register's re-review reminder: an accepted item whose re-review date has come is
 * announced once per subscribed channel (a second tick sends nothing), and reaches the local
 * SMTP server as a plain e-mail naming the item, its product and the acceptance's expiry.
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

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

it('reminds once per subscribed channel when an accepted risk is due for re-review', async () => {
  const org = await t.seedOrg('risk-review');
  const ctx = systemContext(org.id);
  const admin = { bearer: (await createToken(t.db, ctx, { name: 'admin', role: 'admin', expiresInDays: 1 })).secret };
  for (const [name, events] of [['Risk owners', ['risk_review']], ['PSIRT', ['kev_hit']]] as const) {
    const res = await t.api('POST', '/api/v1/notifications/channels', { as: admin, body: { kind: 'email', name, events, recipients: [`${name.replace(/\W/g, '').toLowerCase()}@example.test`] } });
    expect(res.status, res.body).toBe(201);
  }
  const product = await createProduct(t.db, ctx, { name: 'InfuSafe pump' });
  const due = await createRisk(t.db, ctx, { productId: product.id, title: 'Bluetooth pairing without PIN', likelihood: 'remote', severity: 'serious' });
  await acceptRisk(t.db, ctx, due.id, { rationale: 'Pairing needs physical access to the pump.', expiresOn: inDays(40), reviewOn: inDays(0) });
  const later = await createRisk(t.db, ctx, { productId: product.id, title: 'Service port open', likelihood: 'improbable', severity: 'minor' });
  await acceptRisk(t.db, ctx, later.id, { rationale: 'Port is behind a sealed cover.', expiresOn: inDays(90), reviewOn: inDays(20) });

  expect(await remindRiskReviews(t.db)).toBe(1);
  expect(await remindRiskReviews(t.db)).toBe(0);
  expect(await deliverPending(t.db, t.vigil.config)).toBe(1);
  const [message] = await mail.waitFor(1);
  const to = [message!.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
  expect(to).toEqual(['riskowners@example.test']);
  expect(message!.subject).toBe('[Vigil] Re-review due: Bluetooth pairing without PIN (InfuSafe pump)');
  expect(message!.text).toContain(`acceptance expires ${inDays(40)}`);
});
