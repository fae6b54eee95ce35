import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { launchPage, type BrowserPage } from '../support/browser.js';
import { startTestVigil, TEST_PASSWORD, type TestVigil } from '../support/vigil.js';

/**
 * The device fleet through a real browser, for a hospital's owner: a CMMS CSV whose serial
 * and department columns have names the importer does not know is mapped by hand on the
 * mapping screen and the mapping saved (3 created, 1 duplicate line); the same system's XLSX
 * export (built here with exceljs) is offered the saved mapping and updates two devices and
 * adds one; two devices are bulk-edited to another department; the CSV export neutralises
 * the formula a CMMS cell held.
 */
const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EMAIL = 'fleet-owner@e2e.test';
const FORMULA = "=cmd|' /C calc'!A0";
const HEADERS = ['Manufacturer', 'Model', 'Asset Tag', 'Software Version', 'Cost Center', 'Criticality', 'Patient Connected', 'Location'];

const CSV = [
  HEADERS.join(','),
  'GE HealthCare,CARESCAPE B650,GE-1001,3.1,ICU,critical,yes,ICU bed 1',
  `Baxter,Sigma Spectrum,BX-2001,8.01,Oncology,high,yes,"${FORMULA.replace(/"/g, '""')}"`,
  'Siemens Healthineers,SOMATOM go.Top,SI-3001,VA40A,Radiology,medium,no,CT 1',
  'GE HealthCare,CARESCAPE B650,GE-1001,3.2,ICU,critical,yes,ICU bed 1',
].join('\r\n');

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Assets');
  ws.addRow(HEADERS);
  ws.addRow(['GE HealthCare', 'CARESCAPE B650', 'GE-1001', '3.3', 'ICU', 'critical', 'yes', 'ICU bed 1']);
  ws.addRow(['Baxter', 'Sigma Spectrum', 'BX-2001', '8.02', 'Oncology', 'high', 'yes', FORMULA]);
  ws.addRow(['Siemens Healthineers', 'SOMATOM go.Top', 'SI-3001', 'VA40A', 'Radiology', 'medium', 'no', 'CT 1']);
  ws.addRow(['Philips', 'IntelliVue MX800', 'PH-4001', 'M.00.03', 'Surgery', 'critical', 'yes', 'OR 3']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('device fleet screens', () => {
  let tv: TestVigil;
  let base: string;
  let browser: BrowserPage | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tv = await startTestVigil();
    const org = await tv.seedOrg('fleet-e2e', 'healthcare_provider');
    const user = await tv.db.insertInto('users').values({ email: EMAIL, name: 'Fleet Owner', password_hash: await hashPassword(TEST_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
    await tv.db.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'owner' }).execute();
    base = (await tv.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    browser = await launchPage(1440, 1000);
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await tv?.close();
  });

  function screenshotOnFailure(name: string): void {
    onTestFailed(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `fleet-${name}.png`), fullPage: true }).catch(() => undefined);
    });
  }

  const field = (header: string) => page.getByRole('combobox', { name: `Field for ${header}`, exact: true });
  async function mapColumn(header: string, option: string): Promise<void> {
    await field(header).click();
    await page.getByRole('option', { name: option, exact: true }).click();
    await expect.poll(() => field(header).inputValue(), { timeout: 10_000 }).toBe(option);
  }
  const count = (label: string) => page.getByRole('region', { name: 'Import result' }).getByLabel(new RegExp(`^${label}: \\d+$`));
  const counts = async () => {
    const out: Record<string, string | null> = {};
    for (const label of ['Created', 'Updated', 'Unchanged', 'Duplicate lines']) out[label] = await count(label).getAttribute('aria-label');
    return out;
  };
  const assetRows = () => page.getByRole('table', { name: 'Assets' }).getByRole('row');

  it('imports a CSV with two columns mapped by hand and saves the mapping', async () => {
    screenshotOnFailure('csv-import');
    await page.goto(`${base}/fleet`);
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Device fleet' }).waitFor();
    await page.getByText('No asset matches these filters.').waitFor();

    await page.getByRole('link', { name: 'Import CSV/XLSX' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import assets' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'biomed.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const mapping = page.getByRole('form', { name: 'Column mapping' });
    await mapping.getByText('4 data rows, 8 columns (CSV, utf-8).').waitFor();
    // The server's suggestion: the known headers mapped, the two unknown ones not imported.
    expect(await field('Manufacturer').inputValue()).toBe('Manufacturer (required)');
    expect(await field('Criticality').inputValue()).toBe('Clinical criticality');
    expect(await field('Asset Tag').inputValue()).toBe('Not imported');
    expect(await field('Cost Center').inputValue()).toBe('Not imported');
    await mapping.getByRole('alert').getByText(/Choose a column for Serial/).waitFor();
    expect(await mapping.getByRole('button', { name: 'Import 4 rows' }).isDisabled()).toBe(true);

    await mapColumn('Asset Tag', 'Serial (required)');
    await mapColumn('Cost Center', 'Department');
    await mapping.getByRole('textbox', { name: 'Save mapping as' }).fill('Biomed CMMS');
    await mapping.getByRole('button', { name: 'Import 4 rows' }).click();

    await page.getByRole('heading', { name: 'Imported 4 rows' }).waitFor();
    expect(await counts()).toEqual({ Created: 'Created: 3', Updated: 'Updated: 0', Unchanged: 'Unchanged: 0', 'Duplicate lines': 'Duplicate lines: 1' });
    await page.getByRole('table', { name: 'Duplicate lines' }).getByText('line 5 (the later line wins)').waitFor();

    await page.getByRole('link', { name: 'Show the fleet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Device fleet' }).waitFor();
    await expect.poll(() => assetRows().count(), { timeout: 15_000 }).toBe(4);
    const table = page.getByRole('table', { name: 'Assets' });
    // The later line of GE-1001 won: version 3.2, and the department came from the hand-mapped column.
    const ge = table.getByRole('row').filter({ hasText: 'GE-1001' });
    await ge.getByText('3.2').waitFor();
    await ge.getByText('ICU', { exact: true }).waitFor();
    await table.getByRole('row').filter({ hasText: 'BX-2001' }).getByText('Oncology').waitFor();
  });

  it('re-imports an XLSX export with the saved mapping offered, updating two devices', async () => {
    screenshotOnFailure('xlsx-import');
    await page.getByRole('link', { name: 'Import CSV/XLSX' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import assets' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'biomed.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx() });
    const mapping = page.getByRole('form', { name: 'Column mapping' });
    await mapping.getByText('4 data rows, 8 columns (XLSX).').waitFor();
    expect(await mapping.getByRole('combobox', { name: 'Start from' }).inputValue()).toBe('Saved mapping: Biomed CMMS');
    expect(await field('Asset Tag').inputValue()).toBe('Serial (required)');
    expect(await field('Cost Center').inputValue()).toBe('Department');
    await mapping.getByRole('button', { name: 'Import 4 rows' }).click();

    await page.getByRole('heading', { name: 'Imported 4 rows' }).waitFor();
    expect(await counts()).toEqual({ Created: 'Created: 1', Updated: 'Updated: 2', Unchanged: 'Unchanged: 1', 'Duplicate lines': 'Duplicate lines: 0' });
    await page.getByRole('link', { name: 'Show the fleet' }).click();
    await expect.poll(() => assetRows().count(), { timeout: 15_000 }).toBe(5);
    await page.getByRole('table', { name: 'Assets' }).getByRole('row').filter({ hasText: 'PH-4001' }).getByText('Surgery').waitFor();
  });

  it('bulk-edits the department of two assets', async () => {
    screenshotOnFailure('bulk');
    await page.getByRole('checkbox', { name: 'Select GE HealthCare CARESCAPE B650 GE-1001' }).check();
    await page.getByRole('checkbox', { name: 'Select Philips IntelliVue MX800 PH-4001' }).check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Bulk edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk edit 2 assets' });
    await dialog.getByRole('textbox', { name: 'Department' }).fill('Cardiology');
    await dialog.getByRole('button', { name: 'Apply to 2 assets' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const table = page.getByRole('table', { name: 'Assets' });
    await table.getByRole('row').filter({ hasText: 'GE-1001' }).getByText('Cardiology').waitFor();
    await table.getByRole('row').filter({ hasText: 'PH-4001' }).getByText('Cardiology').waitFor();
    await table.getByRole('row').filter({ hasText: 'BX-2001' }).getByText('Oncology').waitFor();

    await page.getByRole('combobox', { name: 'Department', exact: true }).click();
    await page.getByRole('option', { name: 'Cardiology (2)' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('department'), { timeout: 10_000 }).toBe('Cardiology');
    await expect.poll(() => assetRows().count(), { timeout: 15_000 }).toBe(3);
    await page.goto(`${base}/fleet`);
    await expect.poll(() => assetRows().count(), { timeout: 15_000 }).toBe(5);
  });

  it('opens an asset page with its fields and the links other capabilities fill', async () => {
    screenshotOnFailure('asset');
    await page.getByRole('link', { name: 'Baxter Sigma Spectrum' }).click();
    await page.getByRole('heading', { level: 1, name: 'Baxter Sigma Spectrum · BX-2001' }).waitFor();
    const fields = page.getByRole('table', { name: 'Asset fields' });
    await fields.getByRole('row', { name: /Software version 8\.02/ }).waitFor();
    await fields.getByRole('row', { name: /Location =cmd/ }).waitFor();
    await page.getByRole('region', { name: 'Related' }).getByRole('link', { name: 'Exposure' }).waitFor();
    await page.getByRole('link', { name: 'Back to the fleet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Device fleet' }).waitFor();
  });

  it('exports the fleet as CSV with the formula cell neutralised', async () => {
    screenshotOnFailure('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^vigil-fleet-\d{4}-\d{2}-\d{2}\.csv$/);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'fleet.csv');
    await download.saveAs(file);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.Serial).sort()).toEqual(['BX-2001', 'GE-1001', 'PH-4001', 'SI-3001']);
    expect(rows.find((r) => r.Serial === 'BX-2001')).toMatchObject({ Location: `'${FORMULA}`, Department: 'Oncology', 'Software version': '8.02' });
    expect(rows.find((r) => r.Serial === 'GE-1001')).toMatchObject({ Department: 'Cardiology', 'Software version': '3.3', 'Clinical criticality': 'critical', 'Patient connected': 'yes' });
  });

  it('adds an asset by hand and edits it', async () => {
    screenshotOnFailure('manual');
    await page.getByRole('link', { name: 'Add asset' }).click();
    await page.getByRole('heading', { level: 1, name: 'New asset' }).waitFor();
    const form = page.getByRole('form', { name: 'Asset' });
    await form.getByRole('textbox', { name: 'Manufacturer' }).fill('Stryker');
    await form.getByRole('textbox', { name: 'Model' }).fill('LIFEPAK 15');
    await form.getByRole('textbox', { name: 'Serial' }).fill('44107721');
    await form.getByRole('textbox', { name: 'MAC address' }).fill('001B.6301.0203');
    await form.getByRole('checkbox', { name: 'Patient connected' }).check();
    await form.getByRole('button', { name: 'Add asset' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stryker LIFEPAK 15 · 44107721' }).waitFor();
    await page.getByRole('table', { name: 'Asset fields' }).getByRole('row', { name: /MAC address 00:1b:63:01:02:03/ }).waitFor();
    await page.getByRole('link', { name: 'Edit asset' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit Stryker LIFEPAK 15 · 44107721' }).waitFor();
    await page.getByRole('textbox', { name: 'Department' }).fill('ED');
    await page.getByRole('button', { name: 'Save asset' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stryker LIFEPAK 15 · 44107721' }).waitFor();
    await page.getByRole('table', { name: 'Asset fields' }).getByRole('row', { name: /Department ED/ }).waitFor();
  });

  it('refuses a file with a bad cell, listing it by line and column, and imports nothing', async () => {
    screenshotOnFailure('refused');
    await page.goto(`${base}/fleet/import`);
    await page.getByRole('heading', { level: 1, name: 'Import assets' }).waitFor();
    const bad = 'Manufacturer,Model,Serial,VLAN\nGE HealthCare,CARESCAPE B650,GE-1002,20\nGE HealthCare,CARESCAPE B650,GE-1003,9999\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const mapping = page.getByRole('form', { name: 'Column mapping' });
    await mapping.getByRole('button', { name: 'Import 2 rows' }).click();
    const alert = mapping.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await alert.getByText('The file has invalid cells; nothing was imported. First: line 3, vlan "9999" is not a VLAN id (1–4094).').waitFor();
    const cells = alert.getByRole('table', { name: 'Import errors' }).getByRole('row');
    expect(await cells.nth(1).innerText()).toMatch(/^3\s+VLAN\s+vlan "9999" is not a VLAN id \(1–4094\)$/);
    const list = await page.evaluate(() => fetch('/api/v1/assets?q=GE-100').then((r) => r.json()));
    expect((list as { items: { serial: string }[] }).items.map((a) => a.serial)).toEqual(['GE-1001']);
    expect(pageErrors).toEqual([]);
  });
});
