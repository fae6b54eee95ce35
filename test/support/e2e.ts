import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { loadDemo, type DemoResult } from '../../src/modules/demo/demo.js';
import type { Config } from '../../src/platform/config.js';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { launchPage, type BrowserPage } from './browser.js';
import { startTestVigil, TEST_PASSWORD, type TestVigil } from './vigil.js';

/** Where failing e2e tests leave their screenshots. */
export const E2E_ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

export interface E2eOptions {
  readonly config?: Partial<Config>;
  /** A person created first (password TEST_PASSWORD); with `demo`, the owner of the demo organizations. */
  readonly owner?: { readonly email: string; readonly name: string };
  /** Load the demo data the first start loads. */
  readonly demo?: boolean;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** One e2e file's Vigil, listening on loopback, and one Chromium page on it. */
export interface E2eSession {
  readonly tv: TestVigil;
  readonly base: string;
  readonly page: Page;
  readonly demo: DemoResult | undefined;
  /** Uncaught errors of the page's scripts: tests expect none. */
  readonly pageErrors: string[];
  /** Signs in through the form shown at `path`. */
  signIn(email: string, password: string, path?: string): Promise<void>;
  /** Call at the start of a test: a full-page screenshot `<file>-<name>.png` if it fails. */
  screenshotOnFailure(name: string): void;
  close(): Promise<void>;
}

/** Starts Vigil (optionally with the demo) and a browser page for an e2e file named `file`. */
export async function startE2e(file: string, options: E2eOptions = {}): Promise<E2eSession> {
  const tv = await startTestVigil(options.config);
  let browser: BrowserPage | undefined;
  try {
    const owner = options.owner
      ? (await tv.db.insertInto('users').values({ email: options.owner.email, name: options.owner.name, password_hash: await hashPassword(TEST_PASSWORD) }).returning('id').executeTakeFirstOrThrow()).id
      : null;
    const demo = options.demo ? await loadDemo(tv.db, owner) : undefined;
    const base = (await tv.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    browser = await launchPage(options.viewport?.width ?? 1440, options.viewport?.height ?? 1000);
    const { page } = browser;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const opened = browser;
    return {
      tv,
      base,
      page,
      demo,
      pageErrors,
      async signIn(email, password, path = '/') {
        await page.goto(`${base}${path}`);
        await page.getByLabel('E-mail').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
      },
      screenshotOnFailure(name) {
        onTestFailed(async () => {
          mkdirSync(E2E_ARTIFACTS, { recursive: true });
          await page.screenshot({ path: join(E2E_ARTIFACTS, `${file}-${name}.png`), fullPage: true }).catch(() => undefined);
        });
      },
      async close() {
        await opened.close().catch(() => undefined);
        await tv.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await tv.close();
    throw error;
  }
}
