import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../src/formats/cyclonedx/index.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { E2E_ARTIFACTS as ARTIFACTS, startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The SBOM explorer through a real browser: an analyst uploads an SBOM for a release (and
 * sees an invalid one refused with its location), browses it by search, component page and
 * dependency tree, fixes a quality gap by bulk edit and by CSV, compares it with the
 * previous release, and exports it as CycloneDX 1.6, which validates.
 *
 * The fixture's facts: 8 components (fw → busybox, freertos, openssl, zlib, gateway;
 * gateway → log4j-core → log4j-api), one end-of-support date (openssl's).
 */
const FIXTURE = fileURLToPath(new URL('../../src/formats/cyclonedx/testdata/device-firmware.cdx-1.6.json', import.meta.url));
const PRODUCT = 'E2E Pump Gateway';

describe('SBOM screens', () => {
  let e2e: E2eSession;
  let tv: TestVigil;
  let org: TestOrg;
  let base: string;
  let page: Page;
  let releasePath = '';

  beforeAll(async () => {
    e2e = await startE2e('sbom', { viewport: { width: 1440, height: 900 } });
    ({ tv, base, page } = e2e);
    org = await tv.seedOrg('e2e-sbom', 'manufacturer');
    const ctx = systemContext(org.id);
    const product = await createProduct(tv.db, ctx, { name: PRODUCT });
    // The previous release had an older OpenSSL: the comparison must show exactly that change.
    const previous = await createRelease(tv.db, ctx, product.id, { version: '2.0.0' });
    const older = readFileSync(FIXTURE, 'utf8').replaceAll('3.0.13', '3.0.12');
    await importSbom(tv.db, ctx, previous.id, Buffer.from(older));
    const release = await createRelease(tv.db, ctx, product.id, { version: '2.1.0' });
    releasePath = `/portfolio/${product.id}/releases/${release.id}`;
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /** The release page also offers a VEX import: choose the file through the SBOM section's own button. */
  async function uploadThroughSbomSection(path: string): Promise<void> {
    const sbomSection = page.getByRole('region', { name: 'SBOM', exact: true });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), sbomSection.getByRole('button', { name: 'Upload SBOM' }).click()]);
    await chooser.setFiles(path);
  }

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  const explorer = () => page.getByRole('region', { name: 'SBOM explorer' });
  const tab = (name: string) => explorer().getByRole('tab', { name });

  it('refuses an invalid SBOM with the place of the error, storing nothing', async () => {
    screenshotOnFailure('invalid');
    await page.goto(`${base}${releasePath}`);
    await page.getByLabel('E-mail').fill(org.users.analyst.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `${PRODUCT} 2.1.0` }).waitFor();
    await page.getByText('This release has no SBOM yet').waitFor();

    const invalid = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { components: { type: string }[] };
    invalid.components[1]!.type = 'spaceship';
    mkdirSync(ARTIFACTS, { recursive: true });
    const invalidPath = join(ARTIFACTS, 'invalid-sbom.json');
    writeFileSync(invalidPath, JSON.stringify(invalid));
    await uploadThroughSbomSection(invalidPath);
    const alert = page.getByRole('alert').filter({ hasText: 'nothing was stored' });
    await alert.waitFor();
    await alert.getByText('/components/1/type').waitFor();
    await page.getByText('This release has no SBOM yet').waitFor();
  });

  it('uploads an SBOM with progress and shows it as revision 1', async () => {
    screenshotOnFailure('upload');
    await uploadThroughSbomSection(FIXTURE);
    await page.getByRole('heading', { name: 'SBOM — revision 1' }).waitFor();
    const sbom = page.getByRole('region', { name: 'SBOM — revision 1' });
    await sbom.getByText('CycloneDX JSON 1.6').waitFor();
    await sbom.getByText('8', { exact: true }).waitFor();
    // The components table lists all eight in document order.
    await expect.poll(() => explorer().getByRole('table', { name: 'Components' }).getByRole('row').count()).toBe(9);
    await explorer().getByText('Showing 8 components — all loaded').waitFor();
  });

  it('finds components by search and filter and opens a component page', async () => {
    screenshotOnFailure('browse');
    const table = explorer().getByRole('table', { name: 'Components' });
    await explorer().getByRole('textbox', { name: 'Search' }).fill('log4j');
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    await explorer().getByRole('textbox', { name: 'Search' }).fill('');
    await explorer().getByRole('combobox', { name: 'Missing' }).click();
    await page.getByRole('option', { name: 'No end-of-support date' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(8);
    await explorer().getByRole('combobox', { name: 'Missing' }).click();
    await page.getByRole('option', { name: 'No end-of-support date' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(9);

    await table.getByRole('link', { name: 'log4j-core' }).click();
    await page.getByRole('heading', { level: 1, name: /^log4j-core 2\./ }).waitFor();
    const relationships = page.getByRole('region', { name: 'Relationships' });
    await relationships.getByRole('link', { name: /pump-gateway/ }).waitFor();
    await relationships.getByRole('link', { name: 'log4j-api' }).waitFor();
    await page.getByRole('link', { name: 'Release SBOM' }).click();
    await page.getByRole('heading', { level: 1, name: `${PRODUCT} 2.1.0` }).waitFor();
  });

  it('walks the dependency tree from the device down', async () => {
    screenshotOnFailure('tree');
    await tab('Dependency tree').click();
    const tree = explorer().getByRole('tree', { name: 'Dependency tree' });
    await tree.getByRole('link', { name: 'pump-gateway' }).waitFor();
    expect(await tree.getByRole('link', { name: 'log4j-api' }).count()).toBe(0);
    await tree.getByRole('button', { name: /Open the dependencies of pump-gateway/ }).click();
    await tree.getByRole('button', { name: /Open the dependencies of log4j-core/ }).click();
    await tree.getByRole('link', { name: 'log4j-api' }).waitFor();
    // telemetry is a service, not a component: named, not linked.
    await tree.getByText('(not a component of this SBOM)').waitFor();
  });

  it('fixes a quality gap by bulk edit, then another from a CSV', async () => {
    screenshotOnFailure('quality');
    await tab('Quality').click();
    const eos = explorer().getByRole('progressbar', { name: /^End-of-support date: 1 of 8/ });
    await eos.waitFor();
    const gaps = explorer().getByRole('table', { name: /components with gaps/ });
    await gaps.getByRole('checkbox', { name: 'Select zlib' }).check();
    await explorer().getByLabel('Level of support', { exact: true }).fill('actively maintained');
    await explorer().getByLabel('End of support', { exact: true }).fill('2030-12-31');
    await explorer().getByRole('button', { name: 'Set on 1 selected' }).click();
    await explorer().getByRole('progressbar', { name: /^End-of-support date: 2 of 8/ }).waitFor();

    const csvPath = join(ARTIFACTS, 'support.csv');
    writeFileSync(csvPath, 'Name,Version,Level of support,End-of-support date\nbusybox,1.36.1,no longer maintained,2024-01-01\n');
    await explorer().locator('input[type=file]').setInputFiles(csvPath);
    await explorer().getByText('Read 1 rows; updated 1 components.').waitFor();
    await explorer().getByRole('progressbar', { name: /^End-of-support date: 3 of 8/ }).waitFor();
  });

  it('compares the release with the previous one', async () => {
    screenshotOnFailure('compare');
    await tab('Compare releases').click();
    await explorer().getByRole('combobox', { name: 'Compare with release' }).click();
    await page.getByRole('option', { name: '2.0.0' }).click();
    const changed = explorer().getByRole('region', { name: 'Version changed (1)' });
    await changed.getByText('3.0.12 → 3.0.13').waitFor();
    await explorer().getByText('0 added').waitFor();
  });

  it('exports CycloneDX 1.6 JSON that validates and carries the fixes', async () => {
    screenshotOnFailure('export');
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CycloneDX 1.6 JSON' }).click()]);
    const path = join(ARTIFACTS, 'export.cdx.json');
    await download.saveAs(path);
    const bom = JSON.parse(readFileSync(path, 'utf8')) as { components: { name: string; properties?: { name: string; value: string }[] }[] };
    expect(validateAgainstSchema(bom, '1.6', true)).toEqual([]);
    const zlib = bom.components.find((c) => c.name === 'zlib');
    expect(zlib?.properties).toEqual(expect.arrayContaining([{ name: 'vigil:support:end-of-support', value: '2030-12-31' }, { name: 'vigil:support:level', value: 'actively maintained' }]));
    expect(e2e.pageErrors).toEqual([]);
  });

  it('opened by a link, the release page asks for its data before the session check answers', async () => {
    screenshotOnFailure('deep-link');
    const requests: string[] = [];
    const record = (r: { url(): string }) => requests.push(new URL(r.url()).pathname);
    page.on('request', record);
    try {
      await page.goto(`${base}${releasePath}`);
      await page.getByRole('table', { name: 'Components' }).getByRole('row', { name: /zlib/u }).waitFor();
    } finally {
      page.off('request', record);
    }
    const api = requests.filter((p) => p.startsWith('/api/'));
    const session = api.indexOf('/api/v1/session');
    const releaseId = releasePath.split('/').at(-1)!;
    // src/app/early-start.ts runs before the first render; the session is asked for by the first render.
    expect(api.indexOf(`/api/v1/releases/${releaseId}/sboms`)).toBeGreaterThanOrEqual(0);
    expect(api.indexOf(`/api/v1/releases/${releaseId}/sboms`)).toBeLessThan(session);
    expect(api.indexOf(`/api/v1/releases/${releaseId}`)).toBeLessThan(session);
    // Each request was made once: the page found the early answers in the cache.
    expect(api.filter((p) => p === `/api/v1/releases/${releaseId}/sboms`)).toHaveLength(1);
    expect(api.filter((p) => /\/api\/v1\/sboms\/[^/]+\/components$/u.test(p))).toHaveLength(1);
    expect(e2e.pageErrors).toEqual([]);
  });
});
