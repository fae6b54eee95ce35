import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { launchPage, type BrowserPage } from '../support/browser.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The hospital's MDS2, contract and legacy screens through a real browser, on the demo data,
 * signed in as Mercy General's biomedical engineer: comparing the CardioWatch CW-200 4.6.0
 * and 5.0.2 statements shows the lost emergency-access capability (EMRG-1) highlighted; the
 * Acme service agreement shows its vulnerability-notification clause breached (66 days
 * against 30); the legacy register shows the CARESCAPE B650 leaving support within 12 months
 * without a replacement plan, and editing its replacement budget year clears that flag and
 * adds the cost to that year's total.
 */
const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

describe('hospital records screens', () => {
  let tv: TestVigil;
  let base: string;
  let browser: BrowserPage | undefined;
  let page: Page;
  let hospitalId = '';
  const pageErrors: string[] = [];
  const nextYear = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    tv = await startTestVigil();
    const demo = await loadDemo(tv.db, null);
    const biomed = demo.users.find((u) => u.email === 'biomed@mercy.example')!;
    hospitalId = (await tv.db.selectFrom('organizations').select('id').where('slug', '=', 'mercy-general').executeTakeFirstOrThrow()).id;
    base = (await tv.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    browser = await launchPage(1440, 1000);
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${base}/mds2`);
    await page.getByLabel('E-mail').fill(biomed.email);
    await page.getByLabel('Password', { exact: true }).fill(biomed.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await tv?.close();
  });

  function screenshotOnFailure(name: string): void {
    onTestFailed(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `hospital-records-${name}.png`), fullPage: true }).catch(() => undefined);
    });
  }

  it('compares the two CW-200 statements and shows the lost capability', async () => {
    screenshotOnFailure('mds2');
    await page.getByRole('heading', { level: 1, name: 'MDS2 statements' }).waitFor();
    const list = page.getByRole('table', { name: 'MDS2 statements' });
    await expect.poll(() => list.getByRole('row').count()).toBe(3);
    await page.getByRole('combobox', { name: 'Baseline' }).selectOption({ label: 'Acme Medical Devices CW-200 4.6.0' });
    await page.getByRole('combobox', { name: 'Compared with' }).selectOption({ label: 'Acme Medical Devices CW-200 5.0.2' });
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Medical Devices CW-200 4.6.0 → Acme Medical Devices CW-200 5.0.2' }).waitFor();
    const lost = page.getByRole('table', { name: 'Lost security capabilities' });
    await expect.poll(() => lost.getByRole('row').count()).toBe(2);
    const row = lost.getByRole('row', { name: /EMRG-1/ });
    await row.getByText('emergency access', { exact: false }).waitFor();
    expect(await row.getByText('No', { exact: true }).count()).toBe(1);
    // Highlighted: the lost row carries the red background.
    expect(await row.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    const gained = page.getByRole('table', { name: 'Gained security capabilities' });
    for (const id of ['ALOF-2', 'AUTH-2', 'SBOM-1', 'STCF-1']) await gained.getByRole('rowheader', { name: id, exact: true }).waitFor();
    await page.getByText('1 lost', { exact: true }).waitFor();
  });

  it('shows the breached vulnerability-notification obligation on the Acme contract', async () => {
    screenshotOnFailure('contract');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contracts' }).waitFor();
    const list = page.getByRole('table', { name: 'Contracts' });
    await list.getByRole('row', { name: /CardioWatch and InfuSafe service agreement/ }).getByText('breached', { exact: true }).waitFor();
    await list.getByRole('link', { name: 'CardioWatch and InfuSafe service agreement' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Medical Devices: CardioWatch and InfuSafe service agreement' }).waitFor();
    const breached = page.getByRole('row', { name: 'MC2-08 breached' });
    await breached.getByText('CVE-2023-44487: vendor advisory 66 days after 2023-10-10 (2023-12-15; limit 30 days)').waitFor();
    await page.getByRole('row', { name: 'MC2-13 met' }).getByText("24 months' notice", { exact: false }).waitFor();
    await page.getByRole('row', { name: 'MC2-05 met' }).waitFor();
  });

  it('shows the model leaving support within 12 months and edits its replacement budget year', async () => {
    screenshotOnFailure('legacy');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Legacy planning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Legacy planning' }).waitFor();
    await page.getByRole('figure', { name: 'End-of-support forecast' }).locator('.recharts-bar-rectangle').first().waitFor();
    const row = page.getByRole('row', { name: 'GE HealthCare CARESCAPE B650' });
    await row.getByText('Support ends within 12 months').waitFor();
    await row.getByText('No replacement plan').waitFor();
    await row.getByText(/^in \d+ days$/).waitFor();
    await row.getByRole('link', { name: 'Edit plan for GE HealthCare CARESCAPE B650' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plan: GE HealthCare CARESCAPE B650' }).waitFor();
    await page.getByRole('textbox', { name: 'Replacement budget year' }).fill(String(nextYear));
    await page.getByRole('textbox', { name: 'Estimated cost (USD)' }).fill('96000');
    await page.getByRole('button', { name: 'Save plan' }).click();

    await page.getByRole('heading', { level: 1, name: 'Legacy planning' }).waitFor();
    const after = page.getByRole('row', { name: 'GE HealthCare CARESCAPE B650' });
    await after.getByText(`Budget ${nextYear}, $96,000`).waitFor();
    expect(await after.getByText('No replacement plan').count()).toBe(0);
    await after.getByText('Support ends within 12 months').waitFor();
    // The demo's IS-3000 replacement (18,400) is budgeted for the same year: 96,000 + 18,400.
    await page.getByRole('table', { name: 'Budget totals' }).getByRole('row', { name: new RegExp(`^${nextYear} 2 \\$114,400$`) }).waitFor();
    const plan = await tv.db.selectFrom('legacy_plans').select(['budget_year', 'estimated_cost', 'end_of_support_on']).where('org_id', '=', hospitalId).where('model', '=', 'CARESCAPE B650').executeTakeFirstOrThrow();
    expect(plan).toMatchObject({ budget_year: nextYear });
    expect(Number(plan.estimated_cost)).toBe(96000);
    expect(pageErrors).toEqual([]);
  });
});
