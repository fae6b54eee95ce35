import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ARTIFACTS as ARTIFACTS, startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD } from '../support/vigil.js';

/**
 * Premarket through a real browser on the demo data: define requirements (the IEC set on top of
 * the demo's JSP and FDA sets, and a custom one) for the CardioWatch monitor, import the CodeQL
 * SARIF and the pytest JUnit fixtures as evidence of release 5.0.2, read the matrix (the failing
 * HL7 test marks its requirement failed), export the package and open the PDF: page 1 rendered
 * to PNG with pdf.js in Node must have dark pixels. Then the demo's 4.6.0 matrix (its own
 * evidence) and the threat model tab: add a threat, see its marker in the diagram, save,
 * export the JSON and import it back.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/premarket/', import.meta.url));
const EMAIL = 'premarket-owner@e2e.test';

describe('premarket screens', () => {
  let e2e: E2eSession;
  let page: Page;

  beforeAll(async () => {
    e2e = await startE2e('premarket', { owner: { email: EMAIL, name: 'Premarket Owner' }, demo: true });
    page = e2e.page;
  }, 300_000); // the whole demo loads first: slow on a busy machine

  afterAll(async () => {
    await e2e?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  it('signs in, picks the monitor and its 5.0.2 release, and defines requirements', async () => {
    screenshotOnFailure('requirements');
    await e2e.signIn(EMAIL, TEST_PASSWORD, '/premarket');
    await page.getByRole('heading', { level: 1, name: 'Premarket' }).waitFor();
    await page.getByRole('combobox', { name: 'Product', exact: true }).click();
    await page.getByRole('option', { name: 'CardioWatch bedside monitor' }).click();
    await page.getByRole('combobox', { name: 'Release', exact: true }).click();
    await page.getByRole('option', { name: '5.0.2' }).click();
    // The demo gave the monitor the JSP design and FDA sets: adding JSP again adds nothing; IEC 81001-5-1 adds its 22 activities.
    await page.getByRole('button', { name: 'Add set' }).click();
    await page.getByRole('status').getByText(/^Added 0 requirement\(s\); 19 already present\.$/).waitFor();
    await page.getByRole('combobox', { name: 'Built-in set', exact: true }).click();
    await page.getByRole('option', { name: 'IEC 81001-5-1 activities' }).click();
    await page.getByRole('button', { name: 'Add set' }).click();
    await page.getByRole('status').getByText(/^Added 22 requirement\(s\); 0 already present\.$/).waitFor();
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
  it('shows the demo 4.6.0 release with verified, failed and not verified rows from its own evidence', async () => {
    screenshotOnFailure('demo-matrix');
    await page.getByRole('combobox', { name: 'Release', exact: true }).click();
    await page.getByRole('option', { name: '4.6.0' }).click();
    const files = page.getByRole('table', { name: 'Evidence files' });
    await files.getByRole('cell', { name: 'cardiowatch-gateway-4.6.0.semgrep.sarif' }).waitFor();
    const matrix = page.getByRole('table', { name: 'Traceability matrix' });
    const row = (ref: string) => matrix.getByRole('row').filter({ hasText: ref });
    await row('SEC-REQ-001').getByText('Verified', { exact: true }).waitFor();
    await row('SEC-REQ-003').getByText('Failed', { exact: true }).waitFor();
    await row('FDA-SC-AUTHENTICATION').getByText('Failed', { exact: true }).waitFor();
    await row('FDA-SC-CRYPTOGRAPHY').getByText('Not verified', { exact: true }).waitFor();
  });

  it('edits the threat model: adds a threat that shows in the diagram, saves, exports and imports the JSON', async () => {
    screenshotOnFailure('threat-model');
    await page.getByRole('tab', { name: 'Threat model' }).click();
    const diagram = page.getByRole('img', { name: 'Threat model diagram' });
    await diagram.locator('[data-threat="T-01"]').first().waitFor();
    expect(await diagram.locator('[aria-label^="Trust boundary "]').count()).toBe(3);
    expect(await diagram.locator('[data-threat="T-06"]').count()).toBe(0);
    await page.getByText('Saved version 1').waitFor();

    await page.getByRole('textbox', { name: 'Threat', exact: true }).fill('Replayed HL7 acknowledgement hides a lost alarm');
    // A MultiSelect's field sits under its pill box, which takes the click a user makes.
    const pick = async (label: string, option: string) => {
      await page.getByRole('combobox', { name: label, exact: true }).click({ force: true });
      await page.getByRole('option', { name: option }).click();
      await page.keyboard.press('Escape');
    };
    await pick('STRIDE', 'Repudiation');
    await pick('STRIDE', 'Tampering');
    await pick('Targets', 'if-hl7 HL7 alarms to central station');
    await pick('Risk items', 'Log4Shell: remote code execution on the CardioWatch 4.6.0 gateway');
    await pick('Mitigated by', 'M-02 Gateway listeners require mutual TLS');
    await page.getByRole('button', { name: 'Add threat' }).click();
    const marker = diagram.locator('[data-threat="T-06"]');
    await marker.waitFor();
    expect(await marker.getAttribute('aria-label')).toBe('Threat T-06: Replayed HL7 acknowledgement hides a lost alarm');
    const threats = page.getByRole('table', { name: 'Threats' });
    await threats.getByRole('row').filter({ hasText: 'T-06' }).getByText('Repudiation, Tampering').waitFor();

    await page.getByRole('button', { name: 'Save threat model' }).click();
    await page.getByRole('status').getByText('Saved threat model version 2.').waitFor();
    await page.reload();
    await page.getByRole('img', { name: 'Threat model diagram' }).locator('[data-threat="T-06"]').waitFor();
    await page.getByText('Saved version 2').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export JSON' }).click()]);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'premarket-threat-model.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { threats: { id: string; stride: string[]; targets: string[]; mitigations: string[]; riskItemIds?: string[] }[] };
    const t06 = exported.threats.find((t) => t.id === 'T-06');
    expect(t06).toMatchObject({ stride: ['repudiation', 'tampering'], targets: ['if-hl7'], mitigations: ['M-02'] });
    expect(t06?.riskItemIds).toHaveLength(1);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import JSON' }).click()]);
    await chooser.setFiles(file);
    await page.getByRole('status').getByText('Saved threat model version 3.').waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
