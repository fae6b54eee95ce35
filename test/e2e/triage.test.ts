import { mkdirSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { parseCycloneDxVex } from '../../src/formats/vex/index.js';
import { strictValidate } from '../../src/formats/cyclonedx/test-support.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { E2E_ARTIFACTS as ARTIFACTS, startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Triage through a real browser: the keyboard-driven queue (help overlay, j/k, assign to me,
 * a state key, Enter), the analysis panel on the finding page (not affected with a
 * justification, a comment in the history, propagation to the same lodash version in another
 * release), bulk triage from the Findings page's filter, a suppression rule, and VEX on the
 * release page: the CycloneDX download validates, an OpenVEX import reports what it changed
 * and what matched nothing, a bad document is refused with the statement named.
 */
const GHSA_LOG4J = JSON.parse(readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url), 'utf8'));
const LODASH = {
  schema_version: '1.6.0', id: 'GHSA-p6mc-m468-83gw', modified: '2024-03-15T00:00:00Z', aliases: ['CVE-2020-8203'], summary: 'Prototype Pollution in lodash',
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '3.7.0' }, { fixed: '4.17.19' }] }] }],
};
const LOG4J_PURL = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1';
const bom = (withLog4j: boolean) => ({
  bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
  components: [
    ...(withLog4j ? [{ type: 'library', 'bom-ref': 'log4j', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: LOG4J_PURL }] : []),
    { type: 'library', 'bom-ref': 'lodash', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' },
  ],
});

describe('triage screens', () => {
  let e2e: E2eSession;
  let tv: TestVigil;
  let org: TestOrg;
  let base: string;
  let page: Page;
  let gateway: { product: string; release: string };

  beforeAll(async () => {
    e2e = await startE2e('triage', { viewport: { width: 1440, height: 900 } });
    ({ tv, base, page } = e2e);
    org = await tv.seedOrg('e2e-triage', 'manufacturer');
    const ctx = systemContext(org.id);
    const source = await createSource(tv.db, ctx, { kind: 'osv', name: 'GitHub advisories' });
    await importRecords(tv.db, ctx, source.id, (async function* () {
      yield { record: parseOsvRecord(GHSA_LOG4J).record! };
      yield { record: parseOsvRecord(LODASH).record! };
    })());
    const product = (await createProduct(tv.db, ctx, { name: 'Infusion Gateway' })).id;
    gateway = { product, release: (await createRelease(tv.db, ctx, product, { version: '3.1.0' })).id };
    const monitor = (await createRelease(tv.db, ctx, (await createProduct(tv.db, ctx, { name: 'Bedside Monitor' })).id, { version: '7.1' })).id;
    for (const [release, log4j] of [[gateway.release, true], [monitor, false]] as const) {
      const { sbom } = await importSbom(tv.db, ctx, release, Buffer.from(JSON.stringify(bom(log4j))));
      await matchImportedSbom(tv.db, ctx, sbom.id);
    }
    // Known priorities, so the queue's order is known: Log4Shell, then lodash in the gateway, then in the monitor.
    for (const [vuln, release, priority] of [['CVE-2021-44228', gateway.release, 90], ['CVE-2020-8203', gateway.release, 50], ['CVE-2020-8203', monitor, 40]] as const) {
      await tv.db.updateTable('findings').set({ priority }).where('vuln_id', '=', vuln).where('release_id', '=', release).execute();
    }
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  const queueRows = () => page.getByRole('table', { name: 'Open findings by priority' }).getByRole('row').filter({ has: page.getByRole('link') });
  const selected = () => page.getByRole('table', { name: 'Open findings by priority' }).locator('tr[aria-selected="true"]');

  it('drives the queue with the keyboard: help, move, assign to me, decide, open', async () => {
    screenshotOnFailure('queue');
    await page.goto(`${base}/triage`);
    await page.getByLabel('E-mail').fill(org.users.analyst.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Triage queue' }).waitFor();
    await expect.poll(() => queueRows().count()).toBe(3);

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Assign to me').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await selected().getByRole('link').first().textContent()).toBe('CVE-2020-8203');
    await selected().getByText('Infusion Gateway 3.1.0').waitFor();
    await page.keyboard.press('m');
    await page.getByRole('status').filter({ hasText: 'CVE-2020-8203 in lodash: assigned to you' }).waitFor();
    await selected().getByText('analyst of e2e-triage').waitFor();
    // u: exploitable with response update is a decision, so the finding leaves the queue.
    await page.keyboard.press('u');
    await page.getByRole('status').filter({ hasText: 'CVE-2020-8203 in lodash: Exploitable' }).waitFor();
    await expect.poll(() => queueRows().count()).toBe(2);
    expect(await queueRows().allTextContents()).toEqual([expect.stringContaining('CVE-2021-44228'), expect.stringContaining('Bedside Monitor 7.1')]);

    // Back to the top and open Log4Shell.
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'CVE-2021-44228 in log4j-core 2.14.1' }).waitFor();
  });

  it('decides on the finding page, comments, and propagates a lodash decision to the other release', async () => {
    screenshotOnFailure('finding');
    const panel = page.getByRole('region', { name: 'Analysis' });
    await panel.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Exploitable' }).click();
    await panel.getByRole('checkbox', { name: 'Update' }).check();
    await panel.getByRole('textbox', { name: 'Detail' }).fill('HL7 patient names reach log4j-core.');
    await panel.getByRole('button', { name: 'Save analysis' }).click();
    await panel.getByRole('status').filter({ hasText: 'Analysis saved.' }).waitFor();
    const history = panel.getByRole('table', { name: 'Triage history' });
    await history.getByText('Analysis: Exploitable, update').waitFor();
    await panel.getByRole('textbox', { name: 'Comment' }).fill('Patch planned for 3.1.1.');
    await panel.getByRole('button', { name: 'Add comment' }).click();
    await history.getByText('Patch planned for 3.1.1.').waitFor();

    await page.goto(`${base}/findings?vulnId=CVE-2020-8203&productId=${gateway.product}`);
    await page.getByRole('link', { name: 'CVE-2020-8203' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'CVE-2020-8203 in lodash 4.17.15' }).waitFor();
    await panel.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Not affected' }).click();
    await panel.getByRole('combobox', { name: 'Justification' }).click();
    await page.getByRole('option', { name: 'Code not reachable at runtime' }).click();
    await panel.getByRole('button', { name: 'Save analysis' }).click();
    await history.getByText('Analysis: Not affected, code_not_reachable').waitFor();
    await panel.getByRole('button', { name: 'Propagate to other releases…' }).click();
    const propagate = panel.getByRole('region', { name: 'Propagate the decision' });
    await propagate.getByRole('checkbox', { name: /Bedside Monitor 7.1/ }).check();
    await propagate.getByRole('button', { name: 'Apply to 1 release' }).click();
    await propagate.getByRole('status').filter({ hasText: 'Applied to 1 finding.' }).waitFor();
    const monitorFinding = await tv.db.selectFrom('findings as f').innerJoin('releases as r', 'r.id', 'f.release_id').select(['f.analysis_state', 'f.analysis_justification']).where('r.version', '=', '7.1').executeTakeFirstOrThrow();
    expect(monitorFinding).toEqual({ analysis_state: 'not_affected', analysis_justification: 'code_not_reachable' });
  });

  it('changes every finding a filter shows from the Findings page', async () => {
    screenshotOnFailure('bulk');
    await page.goto(`${base}/findings?vulnId=CVE-2020-8203`);
    const toolbar = page.getByRole('region', { name: 'Bulk triage' });
    await toolbar.getByRole('combobox', { name: 'Set state of all matching findings' }).click();
    await page.getByRole('option', { name: 'False positive' }).click();
    await toolbar.getByRole('textbox', { name: 'Detail' }).fill('Our build vendors a patched lodash.');
    await toolbar.getByRole('button', { name: 'Apply to matching findings' }).click();
    await toolbar.getByRole('status').filter({ hasText: '2 of 2 matching findings changed.' }).waitFor();
  });

  it('creates, lists and disables a suppression rule', async () => {
    screenshotOnFailure('rules');
    await page.goto(`${base}/triage/rules`);
    const form = page.getByRole('form', { name: 'New suppression rule' });
    await form.getByRole('textbox', { name: 'Vulnerability' }).fill('GHSA-jfh8-c2jp-5v3q');
    await form.getByRole('textbox', { name: 'Component' }).fill('pkg:maven/org.apache.logging.log4j/log4j-core');
    await form.getByRole('combobox', { name: 'Justification' }).click();
    await page.getByRole('option', { name: 'Requires a configuration that is not set' }).click();
    await form.getByRole('button', { name: 'Create rule' }).click();
    // The Log4Shell finding is decided already (exploitable), so the rule decides nothing now.
    await form.getByRole('status').filter({ hasText: 'Rule created; applied to 0 findings.' }).waitFor();
    const table = page.getByRole('table', { name: 'Suppression rules' });
    await table.getByRole('row').filter({ hasText: 'GHSA-jfh8-c2jp-5v3q' }).getByText('Active').waitFor();
    await table.getByRole('button', { name: 'Disable rule GHSA-jfh8-c2jp-5v3q' }).click();
    await table.getByRole('row').filter({ hasText: 'GHSA-jfh8-c2jp-5v3q' }).getByText('Disabled').waitFor();
  });

  it('downloads a valid CycloneDX VEX and imports VEX on the release page, refusing a bad document whole', async () => {
    screenshotOnFailure('vex');
    await page.goto(`${base}/portfolio/${gateway.product}/releases/${gateway.release}`);
    const panel = page.getByRole('region', { name: 'VEX' });
    const href = await panel.getByRole('link', { name: 'CycloneDX VEX' }).getAttribute('href');
    const download = await page.request.get(`${base}${href}`);
    expect(download.status()).toBe(200);
    const text = await download.text();
    expect(await strictValidate(text, '1.6')).toBeNull();
    const read = parseCycloneDxVex(text);
    expect(read.statements.find((s) => s.vulnerability.id === 'CVE-2021-44228')).toMatchObject({ state: 'exploitable', responses: ['update'] });
    expect(read.statements.find((s) => s.vulnerability.id === 'CVE-2021-44228')!.history.map((h) => h.text)).toContain('Patch planned for 3.1.1.');

    mkdirSync(ARTIFACTS, { recursive: true });
    const good = join(ARTIFACTS, 'triage-import.openvex.json');
    writeFileSync(good, JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/e2e-1', author: 'Upstream PSIRT', timestamp: '2026-11-01T10:00:00Z', version: 1,
      statements: [
        { vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': LOG4J_PURL }], status: 'fixed' },
        { vulnerability: { name: 'CVE-2099-0001' }, products: [{ '@id': LOG4J_PURL }], status: 'fixed' },
      ],
    }));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), panel.getByRole('button', { name: 'Import VEX…' }).click()]);
    await chooser.setFiles(good);
    await panel.getByRole('status').filter({ hasText: 'Imported openvex: 1 finding changed, 0 unchanged, 1 statement matched nothing.' }).waitFor();

    const bad = join(ARTIFACTS, 'triage-bad.openvex.json');
    writeFileSync(bad, JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/e2e-2', author: 'Upstream PSIRT', timestamp: '2026-11-01T10:00:00Z', version: 1,
      statements: [{ vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:npm/left-pad@1.0.0' }], status: 'fixed' }],
    }));
    const [again] = await Promise.all([page.waitForEvent('filechooser'), panel.getByRole('button', { name: 'Import VEX…' }).click()]);
    await again.setFiles(bad);
    const alert = panel.getByRole('alert');
    await alert.getByText(/Nothing was imported/).waitFor();
    await alert.getByText('/statements/0: unknown-product: pkg:npm/left-pad@1.0.0 is neither Infusion Gateway 3.1.0 nor a component of it').waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
