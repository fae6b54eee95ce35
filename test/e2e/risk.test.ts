import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { E2E_ARTIFACTS as ARTIFACTS, startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD, type TestVigil } from '../support/vigil.js';

/**
 * The risk register through a real browser, on the demo data: the owner adds a risk item for
 * the CardioWatch monitor linked to the demo Log4Shell finding, finds it in its heat-map cell
 * (the count there goes up by one and the cell filters the list to it), accepts its residual
 * risk, and downloads the register as CSV, which reads back with the item, its finding and
 * the acceptance.
 */
const TITLE = 'E2E: JNDI injection through the HL7 gateway';
const EMAIL = 'risk-owner@e2e.test';

describe('risk register screens', () => {
  let e2e: E2eSession;
  let tv: TestVigil;
  let base: string;
  let page: Page;
  let residualBefore = 0;

  beforeAll(async () => {
    e2e = await startE2e('risk');
    ({ tv, base, page } = e2e);
    const user = await tv.db.insertInto('users').values({ email: EMAIL, name: 'Risk Owner', password_hash: await hashPassword(TEST_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
    await loadDemo(tv.db, user.id);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  const residualCell = () => page.getByRole('button', { name: /^After controls \(residual\): Remote × Serious, \d+ risk items?, controlled$/ });
  const countIn = async (label: string | null) => Number(/, (\d+) risk item/.exec(label ?? '')?.[1] ?? NaN);

  async function choose(label: string, option: string | RegExp): Promise<void> {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option }).first().click();
  }

  it('signs in and shows the register with its heat maps', async () => {
    screenshotOnFailure('register');
    await page.goto(`${base}/risk`);
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Risk register' }).waitFor();
    await page.getByRole('heading', { name: 'Before controls' }).waitFor();
    residualBefore = await countIn(await residualCell().getAttribute('aria-label'));
    expect(Number.isInteger(residualBefore)).toBe(true);
  });

  it('adds an item linked to the demo Log4Shell finding, with the class shown as it is chosen', async () => {
    screenshotOnFailure('editor');
    await page.getByRole('link', { name: 'Add risk item' }).click();
    await page.getByRole('heading', { level: 1, name: 'New risk item' }).waitFor();
    await choose('Product', 'CardioWatch bedside monitor');
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE);
    await page.getByRole('textbox', { name: 'Threat', exact: true }).fill('Attacker on the clinical network sends a JNDI lookup string');
    await choose('Linked findings', /CVE-2021-44228 · log4j-core 2\.14\.1 · 4\.6\.0/);
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Hazardous situation', exact: true }).fill('Attacker controls the monitor’s alarm forwarding');
    await page.getByRole('textbox', { name: 'Harm', exact: true }).fill('Missed arrhythmia alarm: death');
    await choose('Likelihood (exploitability)', 'Frequent');
    await choose('Severity of harm', 'Catastrophic');
    // frequent × catastrophic is uncontrolled on the default matrix.
    await page.getByText('Before controls:').locator('..').getByText('Uncontrolled').waitFor();
    await page.getByRole('button', { name: 'Add control' }).click();
    await page.getByRole('textbox', { name: 'Control 1', exact: true }).fill('Upgrade log4j-core to 2.17.1');
    await choose('Residual likelihood', 'Remote');
    await choose('Residual severity', 'Serious');
    await page.getByText('Residual risk:').locator('..').getByText('Controlled').waitFor();
    await page.getByRole('button', { name: 'Add risk item' }).click();

    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('table', { name: 'Linked findings' }).getByRole('link', { name: 'CVE-2021-44228' }).waitFor();
    await page.getByRole('table', { name: 'Risk history' }).getByText('Created').waitFor();
  });

  it('counts the item in its heat-map cell, and the cell filters the register to it', async () => {
    screenshotOnFailure('heatmap');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risk register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Risk register' }).waitFor();
    await expect.poll(async () => countIn(await residualCell().getAttribute('aria-label'))).toBe(residualBefore + 1);
    const beforeCell = page.getByRole('button', { name: /^Before controls: Frequent × Catastrophic, \d+ risk items?, uncontrolled$/ });
    expect(await countIn(await beforeCell.getAttribute('aria-label'))).toBeGreaterThanOrEqual(1);
    await residualCell().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('likelihood')).toBe('remote');
    const table = page.getByRole('table', { name: 'Risk items' });
    await table.getByRole('link', { name: TITLE }).waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(residualBefore + 2);
  });

  it('accepts the residual risk as the approver', async () => {
    screenshotOnFailure('accept');
    await page.getByRole('table', { name: 'Risk items' }).getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('button', { name: 'Accept risk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept the residual risk' });
    await dialog.getByRole('textbox', { name: 'Rationale' }).fill('Remote after the upgrade; the monitors stay on the isolated VLAN.');
    await dialog.getByRole('button', { name: 'Accept risk' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const acceptance = page.getByRole('region', { name: 'Acceptance' });
    await acceptance.getByText(EMAIL).waitFor();
    await page.getByRole('region', { name: 'Risk' }).getByText('Accepted').waitFor();
    await page.getByRole('table', { name: 'Risk history' }).getByText('Accepted').waitFor();
  });

  it('downloads the register as CSV that reads back with the item, its finding and the acceptance', async () => {
    screenshotOnFailure('csv');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risk register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Risk register' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^vigil-risk-register-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = join(ARTIFACTS, 'risk-register.csv');
    mkdirSync(ARTIFACTS, { recursive: true });
    await download.saveAs(file);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.title === TITLE);
    expect(row).toMatchObject({
      product: 'CardioWatch bedside monitor',
      likelihood: 'frequent',
      severity: 'catastrophic',
      initial_class: 'uncontrolled',
      residual_likelihood: 'remote',
      residual_severity: 'serious',
      residual_class: 'controlled',
      status: 'accepted',
      accepted_by: EMAIL,
      linked_vulnerabilities: 'CVE-2021-44228',
      new_controls: 'Upgrade log4j-core to 2.17.1 [planned]',
    });
    const finding = await tv.db.selectFrom('findings').select('id').where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
    expect(row!.linked_findings).toBe(finding.id);
    expect(e2e.pageErrors).toEqual([]);
  });
});
