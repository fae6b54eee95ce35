import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAdvisoryDocument } from '../../src/formats/csaf/validate.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import { startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD, type TestVigil } from '../support/vigil.js';

/**
 * Issue 8's whole path in one run, through the browser on the demo data: a researcher reports
 * through the public form; the manufacturer's owner links the report to the Log4Shell finding
 * on the CardioWatch 4.6.0 monitor, drafts the advisory from the case, sees it validate and
 * publishes it; the case timeline records both. The owner adds a customer contact, fills the
 * customer notice from the advisory and sends it (local SMTP server). Then, over HTTP from
 * the running server, the advisory is found in the ROLIE feed, index.txt and the directory
 * listing, and its SHA-256, SHA-512 and OpenPGP signature verify against the downloaded bytes
 * and the provider's published key. Last, the demo hospital's biomed engineer reads the notice
 * in Vigil's inbox.
 */
const OWNER = 'disclosure-owner@e2e.test';
const SECRET = 'e2e-disclosure-key-secret';
const TITLE = 'Gateway forwards JNDI lookups from HL7 fields';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- CSAF documents are walked by path in assertions

describe('report → case → advisory → publish → verify, and the customer notice', () => {
  let e2e: E2eSession;
  let tv: TestVigil;
  let mail: MailSink;
  let base: string;
  let page: Page;
  let biomed = { email: '', password: '' };
  let caseId = '';
  let trackingId = '';

  beforeAll(async () => {
    process.env['VIGIL_KEY_SECRET'] = SECRET;
    mail = await startMailSink();
    e2e = await startE2e('disclosure', { config: { keySecret: SECRET, smtp: { url: mail.url, from: 'Acme PSIRT <psirt@acme.example>' } }, owner: { email: OWNER, name: 'Disclosure Owner' }, demo: true });
    ({ tv, base, page } = e2e);
    biomed = e2e.demo!.users.find((u) => u.email === 'biomed@mercy.example')!;
  }, 120_000);

  afterAll(async () => {
    delete process.env['VIGIL_KEY_SECRET'];
    await e2e?.close();
    await mail?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);
  const signIn = (email: string, password: string, path: string) => e2e.signIn(email, password, path);

  it('a report through the public form becomes a case, linked to the finding it is about', async () => {
    screenshotOnFailure('report');
    await page.goto(`${base}/report/acme-medical`);
    const form = page.getByRole('form', { name: 'Vulnerability report' });
    await form.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await form.getByRole('textbox', { name: 'Description' }).fill('A ${jndi:ldap://…} string in MSH-3 makes the CardioWatch 4.6.0 gateway connect out.');
    await form.getByRole('textbox', { name: 'Your name' }).fill('Dana Researcher');
    await form.getByRole('textbox', { name: 'Your e-mail' }).fill('dana@lab.example');
    await form.getByRole('button', { name: 'Send report' }).click();
    caseId = (await page.getByTestId('case-reference').textContent()) ?? '';
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    await signIn(OWNER, TEST_PASSWORD, `/disclosure/${caseId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const links = page.getByRole('region', { name: 'Links' });
    await links.getByRole('textbox', { name: 'Finding' }).fill('CVE-2021-44228');
    await links.getByRole('button', { name: 'Find' }).click();
    await links.getByRole('button', { name: 'Link CVE-2021-44228 in log4j-core 2.14.1 (CardioWatch bedside monitor 4.6.0)' }).click();
    await links.getByRole('table', { name: 'Linked records' }).getByRole('link', { name: 'CVE-2021-44228 in log4j-core 2.14.1' }).waitFor();
  }, 60_000);

  it('drafts the advisory from the case, sees it validate, publishes it, and the case timeline records both', async () => {
    screenshotOnFailure('advisory');
    await page.getByRole('button', { name: 'Draft advisory' }).click();
    const header = page.getByText(/ACME-MEDICAL-SA-\d{4}-\d{4} · version 0 · draft/);
    await header.waitFor();
    trackingId = /ACME-MEDICAL-SA-\d{4}-\d{4}/.exec((await header.textContent()) ?? '')![0];
    await expect.poll(async () => page.getByTestId('validation-summary').textContent(), { timeout: 30_000 }).toMatch(/^Valid: schema and every mandatory test pass/);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').getByText(/Published version 1/).waitFor();

    await page.goto(`${base}/disclosure/${caseId}`);
    const activity = page.getByRole('table', { name: 'Case activity' });
    await activity.getByText(`${trackingId} drafted`).waitFor();
    await activity.getByText(`${trackingId} published (version 1)`).waitFor();
  }, 90_000);

  it('adds a customer contact, fills the notice from the advisory and sends it to every customer', async () => {
    screenshotOnFailure('notice');
    await page.goto(`${base}/disclosure/customers`);
    const add = page.getByRole('form', { name: 'Customer contact' });
    await add.getByRole('combobox', { name: 'Product' }).click();
    await page.getByRole('option', { name: 'CardioWatch bedside monitor' }).click();
    await add.getByRole('textbox', { name: 'Customer' }).fill('St. Luke’s Clinical Engineering');
    await add.getByRole('textbox', { name: 'Contact e-mail' }).fill('ce@stluke.example');
    await add.getByRole('button', { name: 'Add contact' }).click();
    const table = page.getByRole('table', { name: 'Customer contacts' });
    await table.getByRole('cell', { name: 'ce@stluke.example', exact: true }).waitFor();
    await table.getByRole('cell', { name: 'biomed@mercy.example', exact: true }).waitFor();

    await page.goto(`${base}/disclosure/${caseId}/notice`);
    await page.getByRole('button', { name: `Fill from advisory ${trackingId}` }).click();
    const advisory = (await tv.db.selectFrom('csaf_advisories').select('document').where('tracking_id', '=', trackingId).executeTakeFirstOrThrow()).document as Doc;
    await expect.poll(() => page.getByRole('textbox', { name: 'Headline' }).inputValue()).toBe(advisory.document.title);
    // The advisory has no compensating control for this finding: that field stays for the author to fill.
    await page.getByRole('textbox', { name: 'Compensating controls' }).fill('Block outbound LDAP and RMI from the monitoring VLAN.');
    await page.getByRole('textbox', { name: 'Contact' }).fill('psirt@acme.example');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('region', { name: 'Preview' }).getByText(/St\. Luke’s Clinical Engineering/).waitFor();
    await page.getByRole('button', { name: 'Send notice' }).click();
    await page.getByRole('status').getByText('Sent to 3 recipient(s), 0 failed.').waitFor();
    const messages = await mail.waitFor(2);
    const to = messages.map((m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]!.address : '')).sort();
    expect(to).toEqual(['biomed@mercy.example', 'ce@stluke.example']);
    expect(messages[0]!.text).toContain(advisory.document.title);
    expect(messages[0]!.text).toContain('Block outbound LDAP and RMI from the monitoring VLAN.');
    expect(e2e.pageErrors).toEqual([]);
  }, 90_000);

  it('finds the advisory in the ROLIE feed, index.txt and the listing; its hashes and signature verify over HTTP', async () => {
    const meta = (await (await fetch(`${base}/.well-known/csaf/acme-medical/provider-metadata.json`)).json()) as Doc;
    const feedUrl = (meta.distributions as Doc[]).find((d) => d.rolie)!.rolie.feeds.find((f: Doc) => f.tlp_label === 'WHITE').url as string;
    const feed = (await (await fetch(feedUrl)).json()) as Doc;
    const entry = (feed.feed.entry as Doc[]).find((e) => e.id === trackingId)!;
    expect(entry).toBeDefined();
    const url = (entry.link as Doc[]).find((l) => l.rel === 'self')!.href as string;
    const path = url.split('/white/')[1]!;
    expect((await (await fetch(`${base}/.well-known/csaf/acme-medical/white/index.txt`)).text()).split('\n')).toContain(path);
    const [year, file] = path.split('/');
    expect(await (await fetch(`${base}/.well-known/csaf/acme-medical/white/${year}/`)).text()).toContain(`href="${file}.asc"`);

    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    const doc = JSON.parse(bytes.toString('utf8')) as Doc;
    expect(doc.document.tracking).toMatchObject({ id: trackingId, version: '1', status: 'final' });
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
    expect(doc.vulnerabilities[0].acknowledgments).toEqual([{ names: ['Dana Researcher'], summary: 'reported this vulnerability' }]);
    expect((await (await fetch(`${url}.sha256`)).text()).split('  ')[0]).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await (await fetch(`${url}.sha512`)).text()).split('  ')[0]).toBe(createHash('sha512').update(bytes).digest('hex'));
    const key = (meta.public_openpgp_keys as Doc[])[0]!;
    const publicKey = await openpgp.readKey({ armoredKey: await (await fetch(key.url)).text() });
    expect(publicKey.getFingerprint().toUpperCase()).toBe(key.fingerprint);
    const signature = await openpgp.readSignature({ armoredSignature: await (await fetch(`${url}.asc`)).text() });
    const verified = await openpgp.verify({ message: await openpgp.createMessage({ binary: bytes }), signature, verificationKeys: publicKey });
    await expect(verified.signatures[0]!.verified).resolves.toBe(true);
  }, 60_000);

  it('the hospital’s biomed engineer reads the notice in the Vigil inbox', async () => {
    screenshotOnFailure('inbox');
    await page.context().clearCookies();
    await signIn(biomed.email, biomed.password, '/notices');
    await page.getByRole('heading', { level: 1, name: 'Security notices' }).waitFor();
    const advisory = (await tv.db.selectFrom('csaf_advisories').select('title').where('tracking_id', '=', trackingId).executeTakeFirstOrThrow()).title;
    const item = page.getByRole('button', { name: new RegExp(advisory.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await item.click();
    await page.getByText('Block outbound LDAP and RMI from the monitoring VLAN.', { exact: false }).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  }, 60_000);
});
