import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { E2E_ARTIFACTS as ARTIFACTS, startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The intelligence screens through a real browser: an analyst adds an OSV and a KEV source,
 * imports GitHub's real Log4Shell advisory and a CISA KEV excerpt into them, uploads an SBOM
 * with log4j-core 2.14.1, and sees the CVE-2021-44228 finding with its KEV badge and why it
 * matched; finds the vulnerability by its GHSA alias with the affected release and the
 * versions that fix it; and sees the release's coverage list its pkg:generic component as
 * unmatchable, with the reason.
 */
const testdata = (path: string) => fileURLToPath(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA_FILE = testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const KEV_FILE = testdata('kev/testdata/kev-excerpt.json');
const PRODUCT = 'E2E Infusion Gateway';

const ghsa = JSON.parse(readFileSync(GHSA_FILE, 'utf8')) as { affected: { ranges: { events: { fixed?: string }[] }[] }[] };
/** The fixed versions GitHub's record itself names (2.3.1, 2.12.2, 2.15.0). */
const GHSA_FIXED = ghsa.affected.flatMap((a) => a.ranges.flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : []))));
const kev = (JSON.parse(readFileSync(KEV_FILE, 'utf8')) as { vulnerabilities: { cveID: string; dueDate: string; requiredAction: string }[] }).vulnerabilities;
const LOG4SHELL_KEV = kev.find((v) => v.cveID === 'CVE-2021-44228')!;

const SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  serialNumber: 'urn:uuid:7d0c5a3e-1f0b-4a7e-9c55-2f3c8e9b1a01',
  version: 1,
  metadata: { component: { 'bom-ref': 'gw', type: 'firmware', name: 'infusion-gateway', version: '4.0' } },
  components: [
    { 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
    { 'bom-ref': 'zlib', type: 'library', name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1' },
  ],
};

describe('intelligence screens', () => {
  let e2e: E2eSession;
  let tv: TestVigil;
  let org: TestOrg;
  let base: string;
  let page: Page;
  let releasePath = '';

  beforeAll(async () => {
    e2e = await startE2e('intel', { viewport: { width: 1440, height: 900 } });
    ({ tv, base, page } = e2e);
    org = await tv.seedOrg('e2e-intel', 'manufacturer');
    const ctx = systemContext(org.id);
    const product = await createProduct(tv.db, ctx, { name: PRODUCT });
    const release = await createRelease(tv.db, ctx, product.id, { version: '4.0', lifecycleStage: 'support' });
    releasePath = `/portfolio/${product.id}/releases/${release.id}`;
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  const sourcesTable = () => page.getByRole('table', { name: 'Intelligence sources' });

  async function addSource(kind: string, name: string): Promise<void> {
    await page.getByRole('button', { name: 'Add source' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add intelligence source' });
    await dialog.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: kind }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('button', { name: 'Add source' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await sourcesTable().getByRole('rowheader', { name: new RegExp(name) }).waitFor();
  }

  async function importInto(name: string, file: string, expected: string): Promise<void> {
    await sourcesTable().getByRole('button', { name: `Import file into ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Import a file into ${name}` });
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByRole('status').filter({ hasText: expected }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }

  it('adds an OSV and a KEV source and imports a file into each', async () => {
    screenshotOnFailure('sources');
    await page.goto(`${base}/intel/sources`);
    await page.getByLabel('E-mail').fill(org.users.analyst.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Intelligence sources' }).waitFor();
    await page.getByText('No sources yet').waitFor();

    await addSource('OSV / GHSA', 'GitHub advisories');
    await addSource('CISA KEV', 'CISA KEV catalog');
    await importInto('GitHub advisories', GHSA_FILE, 'Imported GHSA-jfh8-c2jp-5v3q.json: 1 new');
    await importInto('CISA KEV catalog', KEV_FILE, `${kev.length} catalog entries`);
    // The table shows each source's last run.
    const osvRow = sourcesTable().getByRole('row').filter({ hasText: 'GitHub advisories' });
    await osvRow.getByText('1 new · 0 updated · 0 unchanged').waitFor();
    await osvRow.getByText('Succeeded').waitFor();
  });

  it('uploads an SBOM and shows the Log4Shell finding with its KEV badge and why it matched', async () => {
    screenshotOnFailure('finding');
    mkdirSync(ARTIFACTS, { recursive: true });
    const sbomPath = join(ARTIFACTS, 'intel-gateway.cdx.json');
    writeFileSync(sbomPath, JSON.stringify(SBOM));
    await page.goto(`${base}${releasePath}`);
    await page.getByRole('heading', { level: 1, name: `${PRODUCT} 4.0` }).waitFor();
    // The release page also offers a VEX import: choose the file through the SBOM section's own button.
    const sbomSection = page.getByRole('region', { name: 'SBOM', exact: true });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), sbomSection.getByRole('button', { name: 'Upload SBOM' }).click()]);
    await chooser.setFiles(sbomPath);
    await page.getByRole('heading', { name: 'SBOM — revision 1' }).waitFor();

    const explorer = page.getByRole('region', { name: 'SBOM explorer' });
    await explorer.getByRole('tab', { name: 'Findings' }).click();
    const findings = explorer.getByRole('table', { name: 'Findings' });
    const row = findings.getByRole('row').filter({ hasText: 'CVE-2021-44228' });
    await row.waitFor();
    await row.getByText('KEV').waitFor();
    await row.getByText('Critical 10.0').waitFor();
    expect(await findings.getByRole('row').count()).toBe(2);

    await row.getByRole('link', { name: 'CVE-2021-44228' }).click();
    await page.getByRole('heading', { level: 1, name: 'CVE-2021-44228 in log4j-core 2.14.1' }).waitFor();
    const why = page.getByRole('region', { name: 'Why it matched' });
    await why.getByText('GHSA-jfh8-c2jp-5v3q — from source “GitHub advisories” (package URL)').waitFor();
    await why.getByText('ECOSYSTEM range 0: introduced in 2.13.0, fixed in 2.15.0').waitFor();
    await page.getByRole('region', { name: 'Finding' }).getByText('KEV').waitFor();
    await page.getByRole('table', { name: 'Finding history' }).getByText('Opened').waitFor();
  });

  it('finds the vulnerability by its GHSA alias, with the affected release and the versions that fix it', async () => {
    screenshotOnFailure('vulnerability');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vulnerabilities' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vulnerabilities' }).waitFor();
    // Typed key by key: the field must keep every keystroke while the address follows it.
    const search = page.getByRole('searchbox', { name: 'Search vulnerabilities' });
    await search.pressSequentially('GHSA-jfh8-c2jp-5v3q');
    expect(await search.inputValue()).toBe('GHSA-jfh8-c2jp-5v3q');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('GHSA-jfh8-c2jp-5v3q');
    const results = page.getByRole('table', { name: 'Vulnerabilities' });
    await results.getByRole('row').filter({ hasText: 'Remote code injection in Log4j' }).waitFor();
    await expect.poll(() => results.getByRole('row').count()).toBe(2);
    await results.getByRole('link', { name: 'CVE-2021-44228' }).click();

    await page.getByRole('heading', { level: 1, name: 'CVE-2021-44228' }).waitFor();
    await page.getByText('Also known as').waitFor();
    const kevPanel = page.getByRole('region', { name: 'Apache Log4j2 Remote Code Execution Vulnerability' });
    await kevPanel.getByText(LOG4SHELL_KEV.requiredAction).waitFor();
    const affected = page.getByRole('table', { name: 'Affected releases' });
    await affected.getByRole('link', { name: `${PRODUCT} 4.0`, exact: true }).waitFor();
    await affected.getByText('Support', { exact: true }).waitFor();
    const fixed = page.getByRole('table', { name: 'Fixed in' }).getByRole('row').filter({ hasText: 'org.apache.logging.log4j:log4j-core' });
    // Every fixed version GitHub's record names, in Maven order: 2.3.1, 2.12.2, 2.15.0.
    expect(GHSA_FIXED).toContain('2.15.0');
    const shown = await fixed.getByRole('cell').first().locator('.mono').allTextContents();
    expect(shown).toEqual(['2.3.1', '2.12.2', '2.15.0']);
    expect([...shown].sort()).toEqual([...GHSA_FIXED].sort());
  });

  it('lists the pkg:generic component as unmatchable in the release’s coverage', async () => {
    screenshotOnFailure('coverage');
    await page.getByRole('table', { name: 'Affected releases' }).getByRole('link', { name: `${PRODUCT} 4.0`, exact: true }).click();
    const explorer = page.getByRole('region', { name: 'SBOM explorer' });
    await explorer.getByRole('tab', { name: 'Coverage' }).click();
    const unmatchable = explorer.getByRole('table', { name: 'Unmatchable components' });
    const zlib = unmatchable.getByRole('row').filter({ hasText: 'zlib' });
    await zlib.getByText('pkg:generic package URLs name no OSV ecosystem, so no advisory ranges apply.').waitFor();
    await zlib.getByText('pkg:generic/zlib@1.3.1').waitFor();
    // The SBOM's subject (the gateway firmware itself) names no package either, and says so.
    expect(await unmatchable.getByRole('rowheader').allTextContents()).toEqual(['infusion-gateway', 'zlib']);
    await unmatchable.getByRole('row').filter({ hasText: 'infusion-gateway' }).getByText('No package URL and no CPE').waitFor();
    await explorer.getByText('Matchable by package URL').waitFor();
  });

  it('filters the portfolio-wide findings by KEV and severity', async () => {
    screenshotOnFailure('queue');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings & triage' }).click();
    await page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor();
    const table = page.getByRole('table', { name: 'Findings' });
    await table.getByRole('link', { name: `${PRODUCT} 4.0` }).waitFor();
    const choose = async (label: string, option: string) => {
      const select = page.getByRole('combobox', { name: label });
      await select.click();
      await page.getByRole('option', { name: option }).click();
      await expect.poll(() => select.inputValue()).toBe(option);
    };
    await choose('KEV', 'Not in KEV');
    await page.getByText('No open finding matches these filters.').waitFor();
    await choose('KEV', 'Known exploited only');
    await expect.poll(() => new URL(page.url()).searchParams.get('kev')).toBe('true');
    await choose('Severity', 'Critical');
    await table.getByRole('link', { name: 'CVE-2021-44228' }).waitFor();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ kev: 'true', severity: 'critical' });
  });

  it('edits a source’s URL and interval (the password masked), follows a sync job to its failure, and removes the source', async () => {
    screenshotOnFailure('manage');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intelligence sources' }).click();
    await sourcesTable().getByRole('button', { name: 'Edit CISA KEV catalog' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit CISA KEV catalog' });
    // Nothing listens on port 9: the sync fails, and says why.
    await dialog.getByRole('textbox', { name: 'URL' }).fill('http://feeds:s3cret@127.0.0.1:9/kev.json');
    await dialog.getByRole('textbox', { name: 'Sync every (minutes)' }).fill('60');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = sourcesTable().getByRole('row').filter({ hasText: 'CISA KEV catalog' });
    await row.getByText('http://feeds:***@127.0.0.1:9/kev.json').waitFor();
    await row.getByText('Every 1 hour(s)').waitFor();
    expect(await page.content()).not.toContain('s3cret');

    await row.getByRole('button', { name: 'Sync now CISA KEV catalog' }).click();
    const sync = page.getByRole('dialog', { name: 'Syncing CISA KEV catalog' });
    await sync.getByRole('progressbar', { name: 'Sync of CISA KEV catalog' }).waitFor({ state: 'attached' });
    await sync.getByRole('alert').filter({ hasText: 'The sync failed' }).waitFor();
    await sync.getByRole('button', { name: 'Close' }).click();
    await row.getByText('Failed').waitFor();

    await row.getByRole('button', { name: 'Remove CISA KEV catalog' }).click();
    await page.getByRole('dialog', { name: 'Remove CISA KEV catalog?' }).getByRole('button', { name: 'Remove source' }).click();
    await page.getByRole('status').filter({ hasText: 'Source removed' }).waitFor();
    await expect.poll(() => sourcesTable().getByRole('row').count()).toBe(2);
    expect(e2e.pageErrors).toEqual([]);
  });
});
