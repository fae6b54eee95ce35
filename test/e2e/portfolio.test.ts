import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchPage, type BrowserPage } from '../support/browser.js';
import { startTestVigil, TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The portfolio screens through a real browser: an analyst creates a product, adds a release
 * with support dates, is told about a date order the server refuses, and moves the release to
 * limited support; the audit trail has the changes; a viewer sees the same data without any
 * way to change it. Locators use roles and accessible names, waits use visible state.
 */

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const PRODUCT = 'E2E InfuSafe 500';
const VERSION = '2.1.0';

type Browser = BrowserPage;
const launch = () => launchPage(1440, 900);

/** A calendar date `days` from today (UTC), YYYY-MM-DD; the tests stay true whatever day they run. */
function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('portfolio screens', () => {
  let tv: TestVigil;
  let org: TestOrg;
  let base: string;
  let analyst: Browser | undefined;
  let viewer: Browser | undefined;
  let page: Page;
  let productId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tv = await startTestVigil();
    org = await tv.seedOrg('e2e-portfolio', 'manufacturer');
    base = (await tv.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    analyst = await launch();
    page = analyst.page;
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });

  afterAll(async () => {
    for (const browser of [viewer, analyst]) await browser?.close().catch(() => undefined);
    await tv?.close();
  });

  function screenshotOnFailure(name: string, which: () => Page = () => page): void {
    onTestFailed(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await which()
        .screenshot({ path: join(ARTIFACTS, `portfolio-${name}.png`), fullPage: true })
        .catch(() => undefined);
    });
  }

  async function signIn(p: Page, email: string): Promise<void> {
    await p.goto(`${base}/portfolio`);
    await p.getByRole('heading', { name: 'Sign in' }).waitFor();
    await p.getByLabel('E-mail').fill(email);
    await p.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { level: 1, name: 'Portfolio' }).waitFor();
  }

  it('signs the analyst in to an empty portfolio', async () => {
    screenshotOnFailure('sign-in');
    await signIn(page, org.users.analyst.email);
    expect(await page.title()).toBe('Portfolio · Vigil');
    await page.getByText('No products yet').waitFor();
  });

  it('creates a product through the form and opens it from the list', async () => {
    screenshotOnFailure('create-product');
    await page.getByRole('button', { name: 'Create product' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create product' });
    // The name is required: the form says so before anything is sent.
    await dialog.getByRole('button', { name: 'Create product' }).click();
    await dialog.getByText('Enter a name').waitFor();
    await dialog.getByRole('textbox', { name: 'Name' }).fill(PRODUCT);
    await dialog.getByRole('textbox', { name: 'Manufacturer' }).fill('E2E Medical');
    await dialog.getByRole('textbox', { name: 'Device class' }).fill('IIb');
    await dialog.getByRole('textbox', { name: 'Clinical function' }).fill('Drug delivery');
    await dialog.getByRole('button', { name: 'Create product' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Creating opens the new product's page.
    await page.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
    productId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(productId).toMatch(/^[0-9a-f-]{36}$/);

    await page.getByRole('link', { name: 'All products' }).click();
    await page.getByRole('heading', { level: 1, name: 'Portfolio' }).waitFor();
    const row = page.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: PRODUCT });
    await row.waitFor();
    expect(await row.textContent()).toContain('E2E Medical');

    // Search narrows the list.
    await page.getByRole('searchbox', { name: 'Search' }).fill('no such device');
    await page.getByText('No products match').waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('infusafe');
    await row.getByRole('link', { name: PRODUCT }).click();

    await page.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
    expect(await page.title()).toBe(`${PRODUCT} · Vigil`);
    expect(new URL(page.url()).pathname).toBe(`/portfolio/${productId}`);
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText('Drug delivery').waitFor();
    await details.getByText('IIb', { exact: true }).waitFor();
    await page.getByText('No releases yet').waitFor();
  });

  it('adds a release with dates; the stage the dates imply is flagged', async () => {
    screenshotOnFailure('add-release');
    await page.getByRole('button', { name: 'Add release' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add release' });
    await dialog.getByRole('textbox', { name: 'Version' }).fill(VERSION);
    await dialog.getByLabel('Release date').fill(daysFromToday(-3 * 365));
    // End of life has passed: the dates put the release in limited support, while it is declared "support".
    await dialog.getByLabel('End of life (EOL)').fill(daysFromToday(-30));
    await dialog.getByLabel('End of support (EOS)').fill(daysFromToday(3 * 365));
    await dialog.getByRole('button', { name: 'Add release' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const releases = page.getByRole('table', { name: 'Releases' });
    const row = releases.getByRole('row').filter({ hasText: VERSION });
    await row.waitFor();
    await row.getByText('Support', { exact: true }).waitFor();
    await row.getByText('Dates say: limited support').waitFor();
    expect(await row.getByRole('img').getAttribute('aria-label')).toMatch(/today falls in limited support/);

    // The same version twice is refused, and the form says so at the field.
    await page.getByRole('button', { name: 'Add release' }).click();
    const again = page.getByRole('dialog', { name: 'Add release' });
    const version = again.getByRole('textbox', { name: 'Version' });
    await version.fill(VERSION);
    await again.getByRole('button', { name: 'Add release' }).click();
    await again.getByText(`Version ${VERSION} already exists for this product.`).waitFor();
    expect(await version.getAttribute('aria-invalid')).toBe('true');
    await again.getByRole('button', { name: 'Cancel' }).click();
    await again.waitFor({ state: 'hidden' });
  });

  it('shows the server’s error next to the field when dates run backwards', async () => {
    screenshotOnFailure('date-order');
    await page.getByRole('button', { name: `Edit release ${VERSION}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit release ${VERSION}` });
    const eos = dialog.getByLabel('End of support (EOS)');
    await eos.fill(daysFromToday(-4 * 365));
    await dialog.getByRole('button', { name: 'Save release' }).click();
    await dialog.getByText('End of support cannot come before the release').waitFor();
    expect(await eos.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('alert').filter({ hasText: 'Check the highlighted fields.' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('moves the release to limited support', async () => {
    screenshotOnFailure('lifecycle-change');
    await page.getByRole('button', { name: `Edit release ${VERSION}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit release ${VERSION}` });
    await dialog.getByRole('combobox', { name: 'Lifecycle stage' }).click();
    await page.getByRole('option', { name: 'Limited support' }).click();
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Lifecycle stage' }).inputValue()).toBe('Limited support');
    await dialog.getByRole('button', { name: 'Save release' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('table', { name: 'Releases' }).getByRole('row').filter({ hasText: VERSION });
    await row.getByText('Limited support', { exact: true }).waitFor();
    // Declared and dated stages agree now, so the reminder is gone.
    await row.getByText('Dates say: limited support').waitFor({ state: 'detached' });
  });

  it('edits the product, archives it and restores it', async () => {
    screenshotOnFailure('edit-archive');
    await page.getByRole('button', { name: 'Edit product' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${PRODUCT}` });
    const models = dialog.getByLabel('Model numbers');
    await models.fill('IS-500');
    await models.press('Enter');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Details' }).getByText('IS-500', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Archive product' }).click();
    const confirm = page.getByRole('dialog', { name: 'Archive product' });
    await confirm.getByRole('button', { name: 'Archive product' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('main').getByText('Archived product', { exact: true }).waitFor();

    // Archived products leave the list unless asked for.
    await page.getByRole('link', { name: 'All products' }).click();
    await page.getByText('No products yet').waitFor();
    await page.getByRole('switch', { name: 'Show archived products' }).check();
    const row = page.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: PRODUCT });
    await row.getByText('Archived').waitFor();
    await row.getByRole('link', { name: PRODUCT }).click();
    await page.getByRole('button', { name: 'Restore product' }).click();
    await page.getByRole('button', { name: 'Archive product' }).waitFor();
    await page.getByRole('main').getByText('Archived product', { exact: true }).waitFor({ state: 'detached' });
  });

  it('records the changes in the audit trail', async () => {
    const owner = await tv.login(org.users.owner.email);
    const response = await tv.api('GET', '/api/v1/audit?limit=200', { as: owner });
    expect(response.status).toBe(200);
    const events = response.json<{ items: { action: string; target: { type: string; id: string | null }; summary: Record<string, unknown> }[] }>().items;
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['product.create', 'release.create', 'release.lifecycle_change', 'product.update', 'product.archive', 'product.unarchive']));
    expect(events.find((e) => e.action === 'product.create')?.target).toEqual({ type: 'product', id: productId });
    const change = events.find((e) => e.action === 'release.lifecycle_change');
    expect(change?.summary).toMatchObject({ version: VERSION, before: { lifecycle_stage: 'support' }, after: { lifecycle_stage: 'limited_support' } });
    // The refused edit changed nothing.
    expect(actions.filter((a) => a === 'release.update')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows a viewer the portfolio without create or edit buttons', async () => {
    viewer = await launch();
    const other = viewer.page;
    screenshotOnFailure('viewer', () => other);
    const errors: string[] = [];
    other.on('pageerror', (error) => errors.push(String(error)));
    await signIn(other, org.users.viewer.email);
    const row = other.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: PRODUCT });
    await row.waitFor();
    expect(await other.getByRole('button', { name: 'Create product' }).count()).toBe(0);

    await row.getByRole('link', { name: PRODUCT }).click();
    await other.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
    const release = other.getByRole('table', { name: 'Releases' }).getByRole('row').filter({ hasText: VERSION });
    await release.getByText('Limited support', { exact: true }).waitFor();
    for (const name of ['Edit product', 'Archive product', 'Restore product', 'Add release', `Edit release ${VERSION}`]) {
      expect(await other.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(errors).toEqual([]);
  });
});
