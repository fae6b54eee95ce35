import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { buildSubmission } from '../../src/modules/governance/benchmark.js';
import { setOperator } from '../../src/modules/governance/benchmark-service.js';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { launchPage, type BrowserPage } from '../support/browser.js';
import { startTestVigil, TEST_PASSWORD, type TestVigil } from '../support/vigil.js';

/**
 * Governance through a real browser: the owner of a manufacturer (also made a benchmark
 * operator, so one person can play both parts) assesses three controls, attaches a link and a
 * document as evidence, sees the radar with the scores, exports a submission (the downloaded
 * file is checked), imports it with four peers' as the operator, and sees the aggregate with a
 * percentile per area. Before the fifth organization, the aggregate is refused (k = 5).
 */
const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EMAIL = 'gov-owner@e2e.test';

describe('governance screens', () => {
  let tv: TestVigil;
  let base: string;
  let browser: BrowserPage | undefined;
  let page: Page;
  let orgId = '';
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gov-e2e-'));
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tv = await startTestVigil();
    const org = await tv.seedOrg('gov-e2e', 'manufacturer');
    orgId = org.id;
    const user = await tv.db.insertInto('users').values({ email: EMAIL, name: 'Gov Owner', password_hash: await hashPassword(TEST_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
    await tv.db.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'owner' }).execute();
    await setOperator(tv.db, org.id, true);
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
      await page.screenshot({ path: join(ARTIFACTS, `governance-${name}.png`), fullPage: true }).catch(() => undefined);
    });
  }

  async function assess(code: string, level: string): Promise<void> {
    await page.getByRole('button', { name: code, exact: true }).click();
    const panel = page.getByLabel(`Control ${code}`);
    await panel.getByRole('heading', { name: code }).waitFor();
    await panel.getByRole('combobox', { name: 'Level', exact: true }).click();
    await page.getByRole('option', { name: level }).click();
    await panel.getByRole('textbox', { name: 'Rationale' }).fill(`E2E assessment of ${code}`);
    await panel.getByRole('button', { name: 'Save assessment' }).click();
    await panel.getByText('Saved').waitFor();
  }

  it('assesses controls, attaches evidence and shows the radar', async () => {
    screenshotOnFailure('maturity');
    await page.goto(`${base}/maturity`);
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Maturity' }).waitFor();
    await assess('JSP-GOV-01', '3 — Defined');
    await assess('JSP-GOV-02', '2 — Managed');
    await assess('JSP-DES-09', '4 — Quantitatively managed');
    // GOV (3+2)/2 = 2.5, DES 4: overall 3.25.
    await page.getByTestId('overall-score').getByText('Overall 3.25 of 5').waitFor();
    const radar = page.getByTestId('maturity-radar');
    expect(await radar.getAttribute('aria-label')).toContain('GOV 2.5, DES 4');
    expect(await radar.locator('svg path.recharts-polygon, svg .recharts-radar-polygon path').count()).toBeGreaterThan(0);

    const panel = page.getByLabel('Control JSP-DES-09');
    await panel.getByRole('textbox', { name: 'Evidence URL' }).fill('https://acme.example/sbom/pump-3.1.4.cdx.json');
    await panel.getByRole('textbox', { name: 'Evidence label' }).fill('Pump SBOM');
    await panel.getByRole('button', { name: 'Add link' }).click();
    await panel.getByRole('link', { name: 'Pump SBOM' }).waitFor();
    await panel.locator('input[type=file]').setInputFiles({ name: 'sbom-procedure.txt', mimeType: 'text/plain', buffer: Buffer.from('SBOM procedure: every release gets a CycloneDX SBOM.\n') });
    await panel.getByRole('link', { name: 'sbom-procedure.txt' }).waitFor();
    const stored = await tv.db.selectFrom('maturity_evidence').select(['kind', 'label', 'content']).where('org_id', '=', orgId).orderBy('added_at').execute();
    expect(stored.map((e) => [e.kind, e.label])).toEqual([['url', 'Pump SBOM'], ['document', 'sbom-procedure.txt']]);
    expect(Buffer.from(stored[1]!.content!).toString()).toBe('SBOM procedure: every release gets a CycloneDX SBOM.\n');
  });

  it('exports a submission, is refused the aggregate below k, imports five as the operator and sees the aggregate', async () => {
    screenshotOnFailure('benchmark');
    await page.getByRole('link', { name: 'Benchmarking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benchmarking' }).waitFor();
    await page.getByTestId('below-k').getByText(/aggregates are published from 5 organizations on/).waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export submission' }).click();
    const file = join(dir, 'own.json');
    await (await downloading).saveAs(file);
    const own = JSON.parse(readFileSync(file, 'utf8')) as { format: string; overall: number; areas: { area: string; level: number }[] };
    expect(own).toMatchObject({ format: 'vigil-jsp-benchmark/1', overall: 3.5, areas: [{ area: 'GOV', level: 2.5 }, { area: 'DES', level: 4 }] });
    expect(readFileSync(file, 'utf8')).not.toContain('gov-e2e');
    const files = [file];
    for (const [i, gov] of [1, 2, 3, 4].entries()) {
      const peer = join(dir, `peer-${i}.json`);
      writeFileSync(peer, JSON.stringify(buildSubmission({ secret: `peer-${i}`, now: new Date(), orgKind: 'manufacturer', catalogVersion: '2026.1', overall: gov, areas: [{ area: 'GOV', score: gov }, { area: 'DES', score: gov }], metrics: { releasesWithSbom: 0.5, findingsTriagedInClock: null, cvdAckMedianDays: null, releasesWithEos: null, trainingCompletion: null } })));
      files.push(peer);
    }
    await page.locator('input[type=file][multiple]').setInputFiles(files);
    await page.getByTestId('imported').getByText('Imported 5; 0 replays skipped; 0 superseded.').waitFor();
    await page.getByTestId('aggregate-summary').getByText(/^5 organizations contributed/).waitFor();
    // GOV among 1, 2, 2.5, 3, 4 → (2 + 0.5)/5 = 50th percentile; DES 4 among 1, 2, 3, 4, 4 → (3 + 1)/5 = 80.
    const table = page.getByRole('table', { name: 'Percentile per area' });
    await expect(table.getByRole('row', { name: /GOV/ }).getByRole('cell').nth(3).textContent()).resolves.toBe('50');
    await expect(table.getByRole('row', { name: /DES/ }).getByRole('cell').nth(3).textContent()).resolves.toBe('80');
    expect(pageErrors).toEqual([]);
  });
});
