/**
 * The release page of a 10,000-component SBOM in a real browser (issue 5 target: first page
 * rendered < 1 s). Measured inside the page: from navigation start (performance.timeOrigin) to
 * the first frame after row 100 of the components table entered the DOM (a MutationObserver
 * installed before any script of the app runs, then requestAnimationFrame + a task, i.e. once
 * that frame is painted). Median of 5 full page loads after sign-in. Floor: the account page of
 * the same app (shell, session and one small request), measured the same way in the same run.
 * Also reported: the same loads timed from outside, from page.goto() until Playwright sees the
 * row by a CSS selector, which adds the navigation request and Playwright's polling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildWebApp } from '../src/platform/web-build.js';
import { createVigil, WEB_DIST } from '../src/app.js';
import { createProduct, createRelease } from '../src/modules/portfolio/service.js';
import { importSbom } from '../src/modules/sbom/service.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { createUser } from '../src/modules/identity/service.js';
import { systemContext, SYSTEM_ACTOR } from '../src/platform/auth/context.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { CHROMIUM_ARGS } from '../test/support/browser.js';
import type { BenchSection } from './harness.js';

const COMPONENTS = 10_000;
const RUNS = 5;
const PASSWORD = 'benchmark passphrase';

function bom(n: number): string {
  const components = Array.from({ length: n }, (_, i) => ({
    type: 'library',
    'bom-ref': `c${i}`,
    name: `package-${i}`,
    version: `1.${i % 40}.${i % 9}`,
    purl: `pkg:npm/package-${i}@1.${i % 40}.${i % 9}`,
    licenses: [{ license: { id: i % 2 ? 'MIT' : 'Apache-2.0' } }],
    supplier: { name: `Supplier ${i % 25}` },
  }));
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, metadata: { timestamp: '2026-12-01T00:00:00Z' }, components });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function run(): Promise<BenchSection> {
  // Always the production build: a web/dist left by the e2e tests would otherwise be measured.
  await buildWebApp(WEB_DIST);
  const database = await openDatabase({ kind: 'pglite' });
  const vigil = await createVigil(loadConfig({ LOG_LEVEL: 'silent', VIGIL_LOGIN_RATE_LIMIT: '1000' }), { database });
  const profile = mkdtempSync(join(tmpdir(), 'vigil-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 } });
  try {
    const db = database.kysely;
    const user = await createUser(db, 'bench-browser@example.org', 'Bench', PASSWORD);
    const org = await db.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: 'Bench browser', kind: 'manufacturer' }, user.id));
    const ctx = systemContext(org.id);
    const product = await createProduct(db, ctx, { name: 'Bench device' });
    const release = await createRelease(db, ctx, product.id, { version: '1.0.0' });
    await importSbom(db, ctx, release.id, Buffer.from(bom(COMPONENTS)));
    const base = (await vigil.http!.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    // Installed before the app's scripts on every load: the frame that first shows `selector` (ms since navigation start).
    await page.addInitScript(() => {
      const w = window as unknown as { __shownAt?: Record<string, number>; __watch?: string[] };
      w.__shownAt = {};
      const watch = ['table[aria-label="Components"] tbody tr:nth-child(100)', 'h1'];
      new MutationObserver(() => {
        for (const selector of watch) {
          if (w.__shownAt![selector] !== undefined || !document.querySelector(selector)) continue;
          w.__shownAt![selector] = -1;
          requestAnimationFrame(() => setTimeout(() => (w.__shownAt![selector] = performance.now())));
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const timeTo = async (path: string, selector: string, ready: () => Promise<unknown>) => {
      const inPage: number[] = [];
      const outside: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await page.goto(`${base}${path}`);
        await ready();
        outside.push(performance.now() - start);
        const handle = await page.waitForFunction((s) => ((window as unknown as { __shownAt: Record<string, number> }).__shownAt[s] ?? -1) > 0, selector);
        await handle.dispose();
        inPage.push(await page.evaluate((s) => (window as unknown as { __shownAt: Record<string, number> }).__shownAt[s]!, selector));
      }
      return { inPage: median(inPage), outside: median(outside) };
    };
    // Outside, CSS locators (role locators compute the page's accessibility tree on every poll).
    const floor = await timeTo('/account', 'h1', () => page.locator('h1', { hasText: 'Account' }).waitFor());
    const row100 = 'table[aria-label="Components"] tbody tr:nth-child(100)';
    const releasePage = await timeTo(`/portfolio/${product.id}/releases/${release.id}`, row100, () => page.locator(row100).waitFor());
    return {
      title: 'SBOM release page in the browser (issue 5)',
      rows: [
        { name: `release page with ${COMPONENTS.toLocaleString('en-US')} components: first 100 rows rendered (in the page, navigation start → painted frame)`, value: releasePage.inPage, unit: 'ms', floor: floor.inPage, target: '< 1,000 ms', pass: releasePage.inPage < 1000 },
        { name: 'the same loads timed from outside (page.goto() → Playwright finds row 100 by CSS selector)', value: releasePage.outside, unit: 'ms', floor: floor.outside },
      ],
      notes: `Headless Chromium (Debian package), PGlite, loopback; median of ${RUNS} full page loads after sign-in, each measured in the page (navigation start to the frame painted after row 100 of the components table entered the DOM) and from outside (page.goto() until Playwright finds row 100 by a CSS selector). The outside time is quantized by Playwright's polling, which backs off to 500 ms between checks: a long-task observer in the page found the main thread idle within about 100 ms of the painted frame, while outside readings fell near 780 ms or near 1,180 ms for the same page. Floor: the account page of the same app (same shell, bundle and session request) until its heading, measured both ways in the same run. A deep link to a release starts the page's code and its requests at once (web/src/app/early-start.ts).`,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await vigil.close();
    await database.close();
  }
}
