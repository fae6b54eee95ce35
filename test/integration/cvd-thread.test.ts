import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The reporter thread: acknowledgement and status mails arrive at a local SMTP server (parsed
 * with mailparser), the reporter's <script> title stays escaped in the HTML part, each message
 * is logged on the timeline, the acknowledgement moves the case on and restarts the update clock.
 */
let t: TestVigil;
let sink: MailSink;
let analyst: { bearer: string };
let auditor: { bearer: string };
const XSS = '<script>alert(1)</script>';

beforeAll(async () => {
  sink = await startMailSink();
  t = await startTestVigil({ smtp: { url: sink.url, from: 'Vigil <vigil@test>' } });
  const org = await t.seedOrg('thread');
  analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  auditor = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'auditor', role: 'auditor', expiresInDays: 1 })).secret };
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

describe('reporter thread', () => {
  it('acknowledges by e-mail, escaping the reporter text in HTML, and logs it on the case', async () => {
    const report = await t.app.inject({ method: 'POST', url: '/api/v1/public/organizations/thread/reports', payload: { title: `Pump ${XSS}`, description: 'd', reporterEmail: 'finder@example.org' } });
    const id = report.json<{ caseId: string }>().caseId;
    expect((await t.api('POST', `/api/v1/cvd/cases/${id}/messages`, { as: auditor, body: { kind: 'acknowledgement' } })).status).toBe(403);
    const ack = await t.api('POST', `/api/v1/cvd/cases/${id}/messages`, { as: analyst, body: { kind: 'acknowledgement', body: 'We can reproduce it.' } });
    expect(ack.status, ack.body).toBe(200);
    const item = ack.json<{ state: string; acknowledgedAt: string; lastReporterUpdateAt: string; clocks: { clock: string; status: string; dueAt: string }[] }>();
    expect(item.state).toBe('acknowledged');
    expect(item.clocks.map((c) => [c.clock, c.status])).toEqual([['acknowledge', 'met'], ['status_update', 'due'], ['disclosure', 'due']]);
    const [mail] = await sink.waitFor(1);
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.text : '').toBe('finder@example.org');
    expect(mail!.subject).toBe(`[Org thread] We received your vulnerability report (${id.slice(0, 8)})`);
    expect(mail!.text).toContain(`Thank you for your report "Pump ${XSS}"`);
    expect(mail!.text).toContain('We can reproduce it.');
    expect(mail!.html).toContain('Pump &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.headers.get('x-vigil-case')).toBe(id);

    const again = await t.api('POST', `/api/v1/cvd/cases/${id}/messages`, { as: analyst, body: { kind: 'acknowledgement' } });
    expect(again.status).toBe(409);
    expect((await t.api('POST', `/api/v1/cvd/cases/${id}/messages`, { as: analyst, body: { kind: 'status' } })).status).toBe(400);
    const status = await t.api('POST', `/api/v1/cvd/cases/${id}/messages`, { as: analyst, body: { kind: 'status', body: 'Fix planned for 5.0.3.' } });
    expect(status.status).toBe(200);
    const mails = await sink.waitFor(2);
    expect(mails[1]!.text).toContain('Status of your report');
    expect(mails[1]!.text).toContain('Fix planned for 5.0.3.');

    const detail = (await t.api('GET', `/api/v1/cvd/cases/${id}`, { as: auditor })).json<{ messages: { kind: string; ok: boolean; recipient: string }[]; events: { kind: string; detail: { kind?: string; to?: string } }[] }>();
    expect(detail.messages.map((m) => [m.kind, m.ok, m.recipient])).toEqual([['acknowledgement', true, 'finder@example.org'], ['status', true, 'finder@example.org']]);
    expect(detail.events.map((e) => e.kind)).toEqual(['received', 'message', 'transition', 'message']);
  });

  it('logs a failed send and answers 502 without moving the case', async () => {
    await sink.close();
    const report = await t.app.inject({ method: 'POST', url: '/api/v1/public/organizations/thread/reports', payload: { title: 'x', description: 'd', reporterEmail: 'r@example.org' } });
    const id = report.json<{ caseId: string }>().caseId;
    const res = await t.api('POST', `/api/v1/cvd/cases/${id}/messages`, { as: analyst, body: { kind: 'acknowledgement' } });
    expect(res.status).toBe(502);
    const detail = (await t.api('GET', `/api/v1/cvd/cases/${id}`, { as: auditor })).json<{ item: { state: string }; messages: { ok: boolean; error: string }[] }>();
    expect(detail.item.state).toBe('received');
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]!.ok).toBe(false);
    sink = await startMailSink();
  });
});
