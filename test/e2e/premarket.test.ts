import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { launchPage, type BrowserPage } from '../support/browser.js';
import { startTestVigil, TEST_PASSWORD, type TestVigil } from '../support/vigil.js';

/**
 * Premarket through a real browser on the demo data: define requirements (the JSP design set
 * and a custom one) for the CardioWatch monitor, import the CodeQL SARIF and the pytest JUnit
 * fixtures as evidence of release 5.0.2, read the matrix (the failing HL7 test marks its
 * requirement failed), export the package and open the PDF: page 1 rendered to PNG with pdf.js
 * in Node must have dark pixels.
 */
const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/premarket/', import.meta.url));
const EMAIL = 'premarket-owner@e2e.test';

describe('premarket screens', () => {
  let tv: TestVigil;
  let base: string;
  let browser: BrowserPage | undefined;
  let page: Page;

  beforeAll(async () => {
    tv = await startTestVigil();
    const user = await tv.db.insertInto('users').values({ email: EMAIL, name: 'Premarket Owner', password_hash: await hashPassword(TEST_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
    await loadDemo(tv.db, user.id);
    base = (await tv.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    browser = await launchPage(1440, 1000);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await tv?.close();
  });

  function screenshotOnFailure(name: string): void {
    onTestFailed(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `premarket-${name}.png`), fullPage: true }).catch(() => undefined);
    });
  }

  it('signs in, picks the monitor and its 5.0.2 release, and defines requirements', async () => {
    screenshotOnFailure('requirements');
    await page.goto(`${base}/premarket`);
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Premarket' }).waitFor();
    await page.getByRole('combobox', { name: 'Product', exact: true }).click();
    await page.getByRole('option', { name: 'CardioWatch bedside monitor' }).click();
    await page.getByRole('combobox', { name: 'Release', exact: true }).click();
    await page.getByRole('option', { name: '5.0.2' }).click();
    await page.getByRole('button', { name: 'Add set' }).click();
    await page.getByRole('status').getByText(/^Added 19 requirement\(s\); 0 already present\.$/).waitFor();
    await page.getByRole('textbox', { name: 'Ref' }).fill('SEC-REQ-002');
    await page.getByRole('textbox', { name: 'Requirement' }).fill('The gateway rejects malformed HL7 segments');
    await page.getByRole('textbox', { name: 'Design / mitigation' }).fill('Strict HL7 parser with length limits');
    await page.getByRole('button', { name: 'Add requirement' }).click();
    await page.getByRole('status').getByText('Added requirement SEC-REQ-002.').waitFor();
  });

  it('imports a SARIF and a JUnit file and shows them in the matrix with gaps highlighted', async () => {
    screenshotOnFailure('evidence');
    for (const file of ['cardiowatch-gateway.sarif', 'cardiowatch-gateway-tests.xml']) {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import SARIF or JUnit' }).click()]);
      await chooser.setFiles(join(FIXTURES, file));
      await page.getByRole('status').getByText(`Imported ${file}.`).waitFor();
    }
    const files = page.getByRole('table', { name: 'Evidence files' });
    await files.getByRole('cell', { name: 'cardiowatch-gateway.sarif' }).waitFor();
    await files.getByRole('cell', { name: 'CodeQL 2.17.6' }).waitFor();
    const matrix = page.getByRole('table', { name: 'Traceability matrix' });
    const req2 = matrix.getByRole('row').filter({ hasText: 'SEC-REQ-002' });
    await req2.getByText('Failed', { exact: true }).waitFor();
    await req2.getByText(/test_rejects_unterminated_field \(SEC-REQ-002\) \(failed\)/).first().waitFor();
    expect(await req2.getAttribute('data-gap')).toBe('true');
    const des08 = matrix.getByRole('row').filter({ hasText: 'JSP-DES-08' });
    await des08.getByText('Verified', { exact: true }).waitFor();
    expect(await des08.getAttribute('data-gap')).toBe('true'); // verified, but no design recorded yet
    await matrix.getByRole('row').filter({ hasText: 'JSP-DES-09' }).getByText('SBOM revision 1 (passed)').waitFor();
    await page.getByRole('table', { name: 'Package checklist' }).getByRole('row').filter({ hasText: 'Testing evidence summary' }).getByText('Present with gaps').waitFor();
  });

  it('exports the package and opens the PDF: page 1 renders with dark pixels', async () => {
    screenshotOnFailure('pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('premarket-CardioWatch_bedside_monitor-5.0.2.pdf');
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'premarket-package.pdf');
    await download.saveAs(file);
    const bytes = new Uint8Array(readFileSync(file));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');

    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, standardFontDataUrl: fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url)) }).promise;
    expect(doc.numPages).toBeGreaterThan(1);
    const first = await doc.getPage(1);
    const text = (await first.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    expect(text).toContain('Premarket cybersecurity package: CardioWatch bedside monitor 5.0.2');
    const viewport = first.getViewport({ scale: 1.5 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await first.render({ canvasContext: context as unknown as CanvasRenderingContext2D, viewport, canvas: canvas as unknown as HTMLCanvasElement }).promise;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 1]! < 100 && data[i + 2]! < 100) dark++;
    writeFileSync(join(ARTIFACTS, 'premarket-package-page1.png'), canvas.toBuffer('image/png'));
    expect(dark).toBeGreaterThan(500);
    await doc.destroy();
  });
});
