import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchPage, type BrowserPage } from '../support/browser.js';
import { startTestVigil, TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The foundation through a real browser: sign in, API tokens, invitations (accepted in a
 * separate browser profile), organization switching, and the audit log with filters and
 * chain verification. Locators use roles and accessible names, waits use visible state.
 * test/support/e2e-setup.ts builds web/dist and finds Chromium before this runs.
 */

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

const SECOND_ORG = 'E2E Mercy Hospital';
const INVITEE = 'new.person@e2e.test';

type Browser = BrowserPage;
const launch = () => launchPage(1360, 900);

describe('web app foundation', () => {
  let tv: TestVigil;
  let org: TestOrg;
  let base: string;
  let admin: Browser | undefined;
  let invitee: Browser | undefined;
  let page: Page;
  let tokenSecret = '';
  let invitationLink = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tv = await startTestVigil();
    org = await tv.seedOrg('e2e-acme', 'manufacturer');
    // The owner also belongs to a second organization, to switch to.
    const owner = await tv.login(org.users.owner.email);
    const created = await tv.api('POST', '/api/v1/organizations', { as: owner, body: { name: SECOND_ORG, kind: 'healthcare_provider' } });
    expect(created.status).toBe(201);
    base = (await tv.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    admin = await launch();
    page = admin.page;
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });

  afterAll(async () => {
    for (const browser of [invitee, admin]) await browser?.close().catch(() => undefined);
    await tv?.close();
  });

  function screenshotOnFailure(name: string): void {
    onTestFailed(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => undefined);
    });
  }

  async function openNav(label: string, heading = label): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  it('signs in through the login page', async () => {
    screenshotOnFailure('login');
    await page.goto(`${base}/settings/tokens`);
    // Signed out: sent to the sign-in page, and back to the requested page afterwards.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in · Vigil');
    await page.getByLabel('E-mail').fill(org.users.owner.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('E-mail or password is wrong');

    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/tokens');
    expect(await page.title()).toBe('API tokens · Vigil');
    expect(await page.getByRole('combobox', { name: 'Organization' }).inputValue()).toBe('Org e2e-acme');
  });

  it('creates an API token, shows its secret once, and the token works against the API', async () => {
    screenshotOnFailure('token');
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('e2e-ci');
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const created = page.getByRole('dialog', { name: 'Token created' });
    await created.getByText('it will not be shown again').waitFor();
    tokenSecret = await created.getByRole('textbox', { name: 'Token secret' }).inputValue();
    expect(tokenSecret).toMatch(/^vgl_[\w-]{20,}$/);
    await created.getByRole('button', { name: 'I have copied it' }).click();
    await created.waitFor({ state: 'hidden' });

    const row = page.getByRole('row').filter({ hasText: 'e2e-ci' });
    await row.waitFor();
    expect(await row.textContent()).toContain(tokenSecret.slice(0, 10));
    expect(await row.textContent()).not.toContain(tokenSecret);

    const response = await fetch(`${base}/api/v1/organization`, { headers: { authorization: `Bearer ${tokenSecret}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }).name).toBe('Org e2e-acme');

    // The list shows the use.
    await page.reload();
    await expect.poll(async () => page.getByRole('row').filter({ hasText: 'e2e-ci' }).textContent()).not.toContain('Never');
  });

  it('invites someone, who accepts the link in a separate browser', async () => {
    screenshotOnFailure('invite');
    await openNav('Members');
    await page.getByRole('button', { name: 'Invite member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a member' });
    await dialog.getByRole('textbox', { name: 'E-mail address' }).fill(INVITEE);
    await dialog.getByRole('button', { name: 'Create invitation' }).click();

    const created = page.getByRole('dialog', { name: 'Invitation created' });
    invitationLink = await created.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(invitationLink).toMatch(new RegExp(`^${base}/accept-invitation#[\\w-]{16,}$`));
    await created.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row').filter({ hasText: INVITEE }).filter({ hasText: 'Pending' }).waitFor();

    invitee = await launch();
    const other = invitee.page;
    await other.goto(invitationLink);
    await other.getByRole('heading', { name: 'Accept invitation' }).waitFor();
    await other.getByLabel('Your name').fill('New Person');
    await other.getByLabel('Password', { exact: true }).fill('a long enough passphrase');
    await other.getByLabel('Confirm password').fill('a long enough passphrase');
    await other.getByRole('button', { name: 'Create account and join' }).click();
    await other.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await other.getByText('Welcome, New').waitFor();
    expect(await other.getByRole('combobox', { name: 'Organization' }).inputValue()).toBe('Org e2e-acme');
    await invitee.close();
    invitee = undefined;

    await page.reload();
    await page.getByRole('row').filter({ hasText: 'New Person' }).waitFor();
    await page.getByRole('row').filter({ hasText: INVITEE }).filter({ hasText: 'Accepted' }).waitFor();
  });

  it('switches organization with the switcher and refetches what is shown', async () => {
    screenshotOnFailure('switch');
    await openNav('API tokens');
    await page.getByRole('row').filter({ hasText: 'e2e-ci' }).waitFor();

    await page.getByRole('combobox', { name: 'Organization' }).click();
    await page.getByRole('option', { name: SECOND_ORG }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Organization' }).inputValue()).toBe(SECOND_ORG);
    // The tokens list now belongs to the other organization, which has none.
    await page.getByText('No API tokens yet').waitFor();

    await openNav('Dashboard');
    await page.getByText(`You are working in ${SECOND_ORG}`).waitFor();
    // A hospital's dashboard leads to the hospital and governance screens, not the manufacturer's.
    await page.getByRole('main').getByRole('region', { name: 'Hospital' }).getByRole('link', { name: /Device fleet/ }).waitFor();
    await page.getByRole('main').getByRole('region', { name: 'Governance' }).getByRole('link', { name: /Maturity/ }).waitFor();
    expect(await page.getByRole('main').getByRole('region', { name: 'Manufacturer' }).count()).toBe(0);

    await page.getByRole('combobox', { name: 'Organization' }).click();
    await page.getByRole('option', { name: 'Org e2e-acme' }).click();
    await page.getByText('You are working in Org e2e-acme').waitFor();
  });

  it('lists token and invitation events in the audit log, filters them, and verifies the chain', async () => {
    screenshotOnFailure('audit');
    await openNav('Audit log');
    const events = page.getByRole('region', { name: 'Audit events' });
    for (const action of ['token.create', 'invitation.create', 'invitation.accept']) await events.getByText(action, { exact: true }).first().waitFor();

    // Expand one event to see its summary.
    const tokenRow = events.getByRole('row').filter({ hasText: 'token.create' }).first();
    await tokenRow.getByRole('button', { name: /Show details of event/ }).click();
    await events.getByText('"name": "e2e-ci"').waitFor();

    await page.getByRole('combobox', { name: 'Action' }).fill('token.');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('token.');
    await events.getByText('invitation.create', { exact: true }).waitFor({ state: 'detached' });
    await events.getByText('token.create', { exact: true }).waitFor();
    expect(await events.getByText('session.login', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('Audit chain verified').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Audit chain verified' }).textContent()).toMatch(/All \d+ events are intact/);

    // The verification is a job, visible on the jobs screen.
    await openNav('Jobs');
    await page.getByRole('row').filter({ hasText: 'Audit chain verification' }).filter({ hasText: 'Succeeded' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
