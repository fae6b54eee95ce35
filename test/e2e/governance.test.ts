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
 * Then the action items tab (a gap becomes an action with a member as owner, overdue is
 * highlighted, editing due date and status clears it) and the applicability tab (a control
 * outside the default is switched on and shows up for assessment; an own control is added,
 * edited and removed).
 */
const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const EMAIL = 'gov-owner@e2e.test';

describe('governance screens', () => {
  let tv: TestVigil;
  let base: string;
  let browser: BrowserPage | undefined;
  let page: Page;
  let orgId = '';
  let userId = '';
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gov-e2e-'));
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tv = await startTestVigil();
    const org = await tv.seedOrg('gov-e2e', 'manufacturer');
    orgId = org.id;
    const user = await tv.db.insertInto('users').values({ email: EMAIL, name: 'Gov Owner', password_hash: await hashPassword(TEST_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
    userId = user.id;
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

  it('turns a gap into an action item with an owner and due date, highlights it overdue, and edits it', async () => {
    screenshotOnFailure('actions');
    await page.goto(`${base}/maturity?tab=actions`);
    await page.getByRole('heading', { name: 'Gaps (below level 3)' }).waitFor();
    // 73 applicable (69 MDM + 4 shared); GOV-01 (3) and DES-09 (4) meet the target: 71 gaps.
    await page.getByText('71 applicable controls are below level 3').waitFor();
    const gaps = page.getByRole('table', { name: 'Gaps' });
    expect(await gaps.getByRole('row', { name: /JSP-GOV-01/ }).count()).toBe(0);
    const gap = gaps.getByRole('row', { name: /JSP-GOV-02/ });
    expect(await gap.getByRole('cell').nth(1).textContent()).toBe('2');
    await gap.getByRole('button', { name: 'Create action' }).click();
    const form = page.getByRole('group', { name: 'New action for JSP-GOV-02' });
    expect(await form.getByRole('textbox', { name: 'Action' }).inputValue()).toMatch(/^Raise JSP-GOV-02 to level 3: /);
    await form.getByRole('textbox', { name: 'Action' }).fill('Name a product security officer for every product line');
    await form.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'Gov Owner' }).click();
    await form.getByLabel('Due on').fill('2020-01-15');
    await form.getByRole('button', { name: 'Save action' }).click();

    const items = page.getByRole('table', { name: 'Action items' });
    const row = items.getByRole('row', { name: /JSP-GOV-02/ });
    await row.getByText('Overdue').waitFor();
    expect(await row.getAttribute('data-overdue')).toBe('true');
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('Gov Owner');
    await page.getByTestId('action-summary').getByText('1 open, 1 overdue, 0 done.').waitFor();
    await gaps.getByRole('row', { name: /JSP-GOV-02/ }).getByText('Action open').waitFor();
    const stored = await tv.db.selectFrom('maturity_actions').select(['title', 'owner_id', 'due_on', 'status', 'target_level']).where('org_id', '=', orgId).execute();
    expect(stored).toEqual([{ title: 'Name a product security officer for every product line', owner_id: userId, due_on: '2020-01-15', status: 'open', target_level: 3 }]);

    await row.getByRole('button', { name: 'Edit' }).click();
    const editor = items.getByRole('row', { name: 'Edit action JSP-GOV-02' });
    await editor.getByLabel('Due on').fill('2031-06-30');
    await editor.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'done' }).click();
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('action-summary').getByText('0 open, 0 overdue, 1 done.').waitFor();
    const done = items.getByRole('row', { name: /JSP-GOV-02/ });
    expect(await done.getAttribute('data-overdue')).toBeNull();
    expect(await done.getByRole('cell').nth(3).textContent()).toBe('2031-06-30');
    expect(await tv.db.selectFrom('maturity_actions').select(['due_on', 'status', 'owner_id']).where('org_id', '=', orgId).execute()).toEqual([{ due_on: '2031-06-30', status: 'done', owner_id: userId }]);
    // Done: the gap may get a new action again.
    await gaps.getByRole('row', { name: /JSP-GOV-02/ }).getByRole('button', { name: 'Create action' }).waitFor();
  });

  it('switches a control outside the default on and adds, edits and removes an own control', async () => {
    screenshotOnFailure('applicability');
    await page.getByRole('tab', { name: 'Applicability & own controls' }).click();
    const summary = page.getByTestId('applicability-summary');
    await summary.getByText('By default a manufacturer assesses MDM and shared controls; 0 controls differ from the default.').waitFor();
    const applicability = page.getByRole('table', { name: 'Applicability' });
    // JSP-GOV-07 is a hospital (HDO) practice: off for a manufacturer until switched on.
    const gov07 = applicability.getByRole('row', { name: /JSP-GOV-07/ });
    expect(await gov07.getByRole('cell').nth(2).textContent()).toBe('does not apply');
    await gov07.getByRole('checkbox', { name: 'JSP-GOV-07 applies' }).click();
    await summary.getByText('1 control differs from the default.', { exact: false }).waitFor();
    await gov07.getByText('changed').waitFor();
    expect(await tv.db.selectFrom('control_applicability').select(['code', 'applicable']).where('org_id', '=', orgId).execute()).toEqual([{ code: 'JSP-GOV-07', applicable: true }]);

    await page.getByRole('button', { name: 'Add own control' }).click();
    const form = page.getByRole('group', { name: 'New own control' });
    await form.getByRole('textbox', { name: 'Code' }).fill('acme-sec-01');
    await form.getByRole('combobox', { name: 'Area' }).click();
    await page.getByRole('option', { name: /^GOV — / }).click();
    await form.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'MDM', exact: true }).click();
    await form.getByRole('textbox', { name: 'Title' }).fill('Quarterly product security steering meeting');
    await form.getByRole('textbox', { name: 'Expected evidence' }).fill('Minutes');
    await form.getByRole('button', { name: 'Add control' }).click();
    const own = page.getByRole('table', { name: 'Own controls' });
    const ownRow = own.getByRole('row', { name: /ACME-SEC-01/ });
    await ownRow.getByText('Quarterly product security steering meeting').waitFor();

    await ownRow.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('group', { name: 'Edit ACME-SEC-01' });
    await edit.getByRole('textbox', { name: 'Title' }).fill('Monthly product security steering meeting');
    await edit.getByRole('button', { name: 'Save control' }).click();
    await own.getByRole('row', { name: /ACME-SEC-01/ }).getByText('Monthly product security steering meeting').waitFor();
    expect(await tv.db.selectFrom('org_controls').select(['code', 'area', 'owner', 'title', 'evidence']).where('org_id', '=', orgId).execute()).toEqual([{ code: 'ACME-SEC-01', area: 'GOV', owner: 'MDM', title: 'Monthly product security steering meeting', evidence: 'Minutes' }]);

    // Both show up on the assessment tab.
    await page.getByRole('tab', { name: 'Assessment' }).click();
    await page.getByRole('button', { name: 'JSP-GOV-07', exact: true }).waitFor();
    await page.getByRole('button', { name: 'ACME-SEC-01', exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Applicability & own controls' }).click();
    await page.getByRole('table', { name: 'Own controls' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('button', { name: 'Confirm remove ACME-SEC-01' }).click();
    await page.getByText('No own controls yet.').waitFor();
    expect(await tv.db.selectFrom('org_controls').select('code').where('org_id', '=', orgId).execute()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
