import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD } from '../support/vigil.js';

/**
 * Advisories through a real browser, on the demo data (whose provider key the demo generated):
 * the owner creates a draft advisory for Heartbleed from the demo findings, sees the validation
 * panel report it valid, breaks it in the JSON and sees the mandatory test's error with its
 * pointer, restores it, saves and publishes; then the directory is fetched over HTTP from the
 * running server — the ROLIE feed lists the advisory, index.txt names its file, and the file's
 * SHA-256 matches its .sha256.
 */
const EMAIL = 'csaf-owner@e2e.test';
const SECRET = 'e2e-csaf-key-secret-value';

describe('advisory screens', () => {
  let e2e: E2eSession;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    process.env['VIGIL_KEY_SECRET'] = SECRET;
    e2e = await startE2e('csaf', { config: { keySecret: SECRET }, owner: { email: EMAIL, name: 'CSAF Owner' }, demo: true });
    ({ base, page } = e2e);
  });

  afterAll(async () => {
    delete process.env['VIGIL_KEY_SECRET'];
    await e2e?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  const summary = () => page.getByTestId('validation-summary');

  it('creates a draft advisory from the demo Heartbleed findings and sees it validate', async () => {
    screenshotOnFailure('create');
    await page.goto(`${base}/advisories`);
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Advisories (CSAF)' }).waitFor();
    // The demo's published Log4Shell advisory is listed.
    await page.getByRole('table', { name: 'Advisories' }).getByText('final').first().waitFor();
    await page.getByRole('textbox', { name: 'Vulnerability' }).fill('CVE-2014-0160');
    await page.getByRole('button', { name: 'Create draft advisory' }).click();
    await page.getByText(/ACME-MEDICAL-SA-\d{4}-0002 · version 0 · draft/).waitFor();
    await expect.poll(async () => summary().textContent(), { timeout: 20_000 }).toMatch(/^Valid: schema and every mandatory test pass/);
  }, 60_000);

  it('shows a mandatory test’s error with its pointer for a broken edit, then saves the valid one and publishes', async () => {
    screenshotOnFailure('publish');
    const json = page.getByRole('textbox', { name: 'CSAF document (JSON)' });
    const valid = await json.inputValue();
    const doc = JSON.parse(valid) as { vulnerabilities: { product_status: Record<string, string[]> }[] };
    const status = doc.vulnerabilities[0]!.product_status;
    const category = Object.keys(status)[0]!;
    status[category] = [...status[category]!, 'CSAFPID-NOWHERE'];
    await json.fill(JSON.stringify(doc, null, 2));
    await expect.poll(async () => summary().textContent(), { timeout: 20_000 }).toMatch(/^1 error/);
    await page.getByLabel('Validation').getByText(`/vulnerabilities/0/product_status/${category}/${status[category]!.length - 1}`).waitFor();
    await json.fill(valid);
    await page.getByRole('textbox', { name: 'Patient safety' }).fill('No patient harm has been reported. Keep using the devices as prescribed.');
    await expect.poll(async () => summary().textContent(), { timeout: 20_000 }).toMatch(/^Valid/);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').getByText(/Published version 1/).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  }, 60_000);

  it('finds the advisory in the ROLIE feed and index.txt, and its .sha256 matches the file', async () => {
    const meta = (await (await fetch(`${base}/.well-known/csaf/acme-medical/provider-metadata.json`)).json()) as { distributions: { rolie?: { feeds: { tlp_label: string; url: string }[] } }[] };
    const feedUrl = meta.distributions.find((d) => d.rolie)!.rolie!.feeds.find((f) => f.tlp_label === 'WHITE')!.url;
    const feed = (await (await fetch(feedUrl)).json()) as { feed: { entry: { id: string; link: { rel: string; href: string }[] }[] } };
    const entry = feed.feed.entry.find((e) => /-0002$/u.test(e.id))!;
    expect(entry).toBeDefined();
    const url = entry.link.find((l) => l.rel === 'self')!.href;
    const index = await (await fetch(`${base}/.well-known/csaf/acme-medical/white/index.txt`)).text();
    expect(index.split('\n')).toContain(url.split('/white/')[1]);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    const sha256 = await (await fetch(`${url}.sha256`)).text();
    expect(sha256.split('  ')[0]).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((JSON.parse(bytes.toString('utf8')) as { document: { notes: { text: string }[] } }).document.notes[0]!.text).toBe('No patient harm has been reported. Keep using the devices as prescribed.');
  });
});
