import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRubricVersion } from '../../src/core/index.js';
import { strictValidate } from '../../src/formats/cyclonedx/test-support.js';
import { parseCsafVex, parseCycloneDxVex, parseOpenVex, validateCsaf, validateOpenVexSchema, type VexParseResult } from '../../src/formats/vex/index.js';
import { dueAt } from '../../src/modules/clocks/time.js';
import { startMailSink, type MailSink } from '../../src/modules/notifications/test-receivers.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { E2E_ARTIFACTS as ARTIFACTS, startE2e, type E2eSession } from '../support/e2e.js';
import { TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Issue 7's end-to-end path through the real browser: an admin adds an e-mail channel, opens
 * the Log4Shell finding, answers the MITRE medical-device rubric question by question for an
 * insulin pump reachable over BLE, rates the harm catastrophic, and sees the finding become an
 * uncontrolled risk with its 30-day communication, 30-day remediation-plan and 60-day
 * remediation clocks and their due dates; records the decision (exploitable, update) and exports the release's VEX from the
 * release page in each format the VEX panel offers — each download checked by its format's
 * validator (CycloneDX 1.6, 1.5 and 1.4 schemas, OpenVEX 0.2.0 schema, csaf-validator-lib) and read back with
 * the vulnerability and the analysis; the notification arrives on a local SMTP server this
 * test starts (the server's SMTP settings come from the test config); the /remediation
 * dashboard counts the three clocks.
 */
const GHSA = readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url));
const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:7d0c5a3e-1f0b-4a7e-9c55-2f3c8e9b1c07', version: 1,
  components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
});
/** The BLE insulin pump of core's risk test: CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H. */
const ANSWERS: Record<string, string> = {
  ...Object.fromEntries([1, 2, 3, 4, 5, 6].flatMap((n) => ['C', 'I', 'A'].map((l) => [`Q${n}.${l}`, n === 1 && l === 'C' ? 'no' : 'none']))),
  'AV.Q1': 'no', 'AV.Q2': 'no', 'AV.Q3': 'yes', 'AC.Q1': 'yes', 'PR.Q1': 'yes', 'UI.Q1': 'yes', 'S.Q1': 'no', 'Q3.I': 'high', 'Q3.A': 'high',
};
const rubric = getRubricVersion('mitre-2020.1');
if (!rubric.ok) throw new Error(rubric.error.message);
const labelOf = (questionId: string) => rubric.value.questions.find((q) => q.id === questionId)!.options.find((o) => o.value === ANSWERS[questionId])!.label;

describe('scoring, clocks and notification', () => {
  let e2e: E2eSession;
  let tv: TestVigil;
  let org: TestOrg;
  let mail: MailSink;
  let base: string;
  let page: Page;
  let findingId = '';
  let firstSeen = new Date(0);
  let releasePath = '';

  beforeAll(async () => {
    mail = await startMailSink();
    e2e = await startE2e('clocks', { config: { smtp: { url: mail.url, from: 'Vigil <vigil@e2e.test>' }, notifyIntervalMs: 300 }, viewport: { width: 1440, height: 900 } });
    ({ tv, base, page } = e2e);
    org = await tv.seedOrg('e2e-clocks', 'manufacturer');
    const ctx = systemContext(org.id);
    const analyst = { bearer: (await createToken(tv.db, ctx, { name: 'setup', role: 'analyst', expiresInDays: 1 })).secret };
    const product = await createProduct(tv.db, ctx, { name: 'E2E Insulin Pump' });
    const release = await createRelease(tv.db, ctx, product.id, { version: '2.0', lifecycleStage: 'support' });
    releasePath = `/portfolio/${product.id}/releases/${release.id}`;
    const source = (await tv.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind: 'osv', name: 'GitHub advisories' } })).json<{ id: string }>();
    expect((await tv.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: analyst, body: GHSA, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
    expect((await tv.api('POST', `/api/v1/releases/${release.id}/sboms`, { as: analyst, body: SBOM, headers: { 'content-type': 'application/json' } })).status).toBe(201);
    const finding = await tv.db.selectFrom('findings').select(['id', 'first_seen_at']).where('org_id', '=', org.id).executeTakeFirstOrThrow();
    findingId = finding.id;
    firstSeen = new Date(finding.first_seen_at);
  });

  afterAll(async () => {
    await e2e?.close();
    await mail?.close();
  });

  const screenshotOnFailure = (name: string) => e2e.screenshotOnFailure(name);

  it('an admin adds an e-mail channel', async () => {
    screenshotOnFailure('channel');
    await page.goto(`${base}/settings/notifications`);
    await page.getByLabel('E-mail').fill(org.users.admin.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByRole('textbox', { name: 'Name' }).fill('PSIRT on call');
    await form.getByRole('textbox', { name: 'Recipients (comma-separated)' }).fill('psirt@pump.example');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('table', { name: 'Notification channels' }).getByText('psirt@pump.example').waitFor();
  });

  it('triages the finding with the rubric and sees it become uncontrolled with three clocks', async () => {
    screenshotOnFailure('triage');
    await page.goto(`${base}/findings/${findingId}`);
    await page.getByRole('heading', { level: 1, name: 'CVE-2021-44228 in log4j-core 2.14.1' }).waitFor();
    const panel = page.getByRole('region', { name: 'Scoring and patient-safety risk' });
    await panel.getByTestId('risk-class').filter({ hasText: 'Not classified' }).waitFor();
    const wizard = panel.getByRole('region', { name: /Medical-device rubric/ });
    // Question by question, as the server leads: each answer is saved and names the next question.
    for (let asked = 0; asked < 40; asked++) {
      const progress = await wizard.getByTestId('rubric-progress').textContent();
      if (progress === 'Complete') break;
      const meta = await wizard.getByText(/ · .+ \(X[A-Z]+\)$/).textContent();
      const questionId = /· (\S+) \(/.exec(meta ?? '')![1]!;
      await wizard.getByRole('button', { name: labelOf(questionId), exact: true }).click();
      await wizard.getByTestId('rubric-progress').filter({ hasNotText: progress ?? '' }).waitFor();
    }
    await wizard.getByText('CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H').waitFor();
    await panel.getByRole('table', { name: 'CVSS scores by source' }).getByRole('row').filter({ hasText: 'Medical-device rubric (used)' }).waitFor();

    await panel.getByRole('combobox', { name: 'Severity of patient harm (ISO 14971)' }).click();
    await page.getByRole('option', { name: 'Catastrophic — patient death' }).click();
    await panel.getByTestId('risk-class').filter({ hasText: 'Uncontrolled' }).waitFor();
    await panel.getByText('probable exploitability × catastrophic harm → uncontrolled (matrix vigil-default-5x5-v1).').waitFor();
    // 8.1 × 40 + 150 (uncontrolled): no KEV or EPSS loaded here.
    await panel.getByTestId('priority').filter({ hasText: '474 / 1000' }).waitFor();

    const clocks = page.getByRole('table', { name: 'Clocks' });
    const formatted = (iso: Date) => page.evaluate((v) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v)), iso.toISOString());
    const communication = clocks.getByRole('row').filter({ hasText: 'Customer communication (30 days)' });
    await communication.getByText('guidance', { exact: true }).waitFor();
    await communication.getByTestId('due-uncontrolled_communication').getByText(await formatted(dueAt(firstSeen, 30, 'UTC'))).waitFor();
    const plan = clocks.getByRole('row').filter({ hasText: 'Compensating controls and remediation plan (30 days)' }).filter({ hasText: 'On track' });
    await plan.getByText('guidance', { exact: true }).waitFor();
    await plan.getByText(/identify interim compensating controls and write a remediation plan/).waitFor();
    await plan.getByTestId('due-uncontrolled_plan').getByText(await formatted(dueAt(firstSeen, 30, 'UTC'))).waitFor();
    const remediation = clocks.getByRole('row').filter({ hasText: 'Remediation (60 days)' }).filter({ hasText: 'On track' });
    await remediation.getByTestId('due-uncontrolled_remediation').getByText(await formatted(dueAt(firstSeen, 60, 'UTC'))).waitFor();
    // The controlled-risk clocks it ran while unclassified — critical from GitHub's 10.0, then high
    // from the rubric's 8.1 — stopped as reclassified.
    await clocks.getByRole('row').filter({ hasText: 'reclassified' }).nth(1).waitFor();
    expect(await clocks.getByRole('row').filter({ hasText: 'reclassified' }).count()).toBe(2);
  });

  it('records the decision and exports the release’s VEX in every format the panel offers', async () => {
    screenshotOnFailure('vex');
    const DETAIL = 'Pairing over BLE reaches log4j-core; firmware 2.1 ships log4j-core 2.17.1.';
    const analysis = page.getByRole('region', { name: 'Analysis' });
    await analysis.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Exploitable' }).click();
    await analysis.getByRole('checkbox', { name: 'Update' }).check();
    await analysis.getByRole('textbox', { name: 'Detail' }).fill(DETAIL);
    await analysis.getByRole('button', { name: 'Save analysis' }).click();
    await analysis.getByRole('status').filter({ hasText: 'Analysis saved.' }).waitFor();
    // Exploitable keeps the risk and its clocks: rescored with the decision, nothing moved.
    const stored = await tv.db.selectFrom('findings').select(['priority', 'risk_class', 'analysis_state']).where('id', '=', findingId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ priority: 474, risk_class: 'uncontrolled', analysis_state: 'exploitable' });
    const running = await tv.db.selectFrom('finding_clocks').select('rule').where('finding_id', '=', findingId).where('state', '=', 'running').orderBy('rule').execute();
    expect(running.map((c) => c.rule)).toEqual(['uncontrolled_communication', 'uncontrolled_plan', 'uncontrolled_remediation']);

    await page.goto(`${base}${releasePath}`);
    const panel = page.getByRole('region', { name: 'VEX' });
    const download = async (link: string, fileName: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: link, exact: true }).click()]);
      expect(file.suggestedFilename()).toBe(fileName);
      mkdirSync(ARTIFACTS, { recursive: true });
      const path = join(ARTIFACTS, `clocks-${fileName}`);
      await file.saveAs(path);
      return readFileSync(path, 'utf8');
    };
    const log4shell = (read: VexParseResult) => {
      expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const found = read.statements.filter((st) => st.vulnerability.id === 'CVE-2021-44228');
      expect(found).toHaveLength(1);
      return found[0]!;
    };

    const cdx = await download('CycloneDX VEX', 'vex-E2E_Insulin_Pump-2.0.cdx.json');
    expect(JSON.parse(cdx)).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(await strictValidate(cdx, '1.6')).toBeNull();
    expect(log4shell(parseCycloneDxVex(cdx))).toMatchObject({ state: 'exploitable', responses: ['update'], detail: DETAIL });
    // The older CycloneDX versions, for tools that read only those: each valid against its own schema.
    for (const version of ['1.5', '1.4'] as const) {
      const older = await download(`CycloneDX ${version} VEX`, `vex-E2E_Insulin_Pump-2.0.cdx-${version}.json`);
      expect(JSON.parse(older)).toMatchObject({ bomFormat: 'CycloneDX', specVersion: version });
      expect(await strictValidate(older, version)).toBeNull();
      expect(log4shell(parseCycloneDxVex(older))).toMatchObject({ state: 'exploitable', responses: ['update'], detail: DETAIL });
      // 1.4's analysis has no place for the first-issued time (1.5 and 1.6 do).
      const analysis = (JSON.parse(older) as { vulnerabilities: { analysis: Record<string, unknown> }[] }).vulnerabilities[0]!.analysis;
      expect(['firstIssued' in analysis, analysis['state']]).toEqual([version !== '1.4', 'exploitable']);
    }

    const openvex = await download('OpenVEX', 'vex-E2E_Insulin_Pump-2.0.openvex.json');
    const openvexDoc = JSON.parse(openvex) as { '@context': string; statements: { vulnerability: { name: string }; status: string; status_notes?: string; action_statement?: string }[] };
    expect(openvexDoc['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    expect(validateOpenVexSchema(openvexDoc)).toEqual([]);
    // OpenVEX has no responses: "affected" with the detail as status notes and the response in words as the action.
    expect(openvexDoc.statements.map((st) => [st.vulnerability.name, st.status, st.status_notes, st.action_statement])).toEqual([
      ['CVE-2021-44228', 'affected', DETAIL, 'Update to a different revision or release'],
    ]);
    expect(log4shell(parseOpenVex(openvex))).toMatchObject({ state: 'exploitable', statusNotes: DETAIL });

    const csaf = await download('CSAF VEX', 'vex-E2E_Insulin_Pump-2.0.csaf.json');
    const csafDoc = JSON.parse(csaf) as { document: { csaf_version: string; category: string }; vulnerabilities: { cve?: string; product_status: { known_affected?: string[] }; remediations: { category: string }[] }[] };
    expect(csafDoc.document).toMatchObject({ csaf_version: '2.0', category: 'csaf_vex' });
    expect((await validateCsaf(csafDoc)).filter((i) => i.severity === 'error')).toEqual([]);
    const vulnerability = csafDoc.vulnerabilities.find((v) => v.cve === 'CVE-2021-44228')!;
    expect(vulnerability.product_status.known_affected).toHaveLength(1);
    expect(vulnerability.remediations.map((r) => r.category)).toEqual(['vendor_fix']);
    expect(log4shell(await parseCsafVex(csaf))).toMatchObject({ state: 'exploitable', responses: ['update'], detail: DETAIL });
  });

  it('the newly uncontrolled risk reaches the local SMTP server', async () => {
    const mails = await mail.waitFor(1, 20_000);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('[Vigil] Uncontrolled risk: CVE-2021-44228 in E2E Insulin Pump 2.0 (log4j-core 2.14.1)');
    expect(mails[0]!.to && !Array.isArray(mails[0]!.to) ? mails[0]!.to.text : '').toBe('psirt@pump.example');
    await page.goto(`${base}/settings/notifications`);
    await page.getByRole('table', { name: 'Deliveries' }).getByRole('row').filter({ hasText: 'Uncontrolled risk: CVE-2021-44228' }).filter({ hasText: 'delivered' }).waitFor();
  });

  it('the remediation dashboard counts the three clocks', async () => {
    screenshotOnFailure('dashboard');
    await page.goto(`${base}/remediation`);
    await page.getByRole('heading', { level: 1, name: 'Remediation & clocks' }).waitFor();
    await page.getByTestId('total-on-track').filter({ hasText: '3' }).waitFor();
    await page.getByRole('table', { name: 'Open clocks' }).getByText('Compensating controls and remediation plan (guidance)').waitFor();
    await page.getByTestId('total-overdue').filter({ hasText: '0' }).waitFor();
    await page.getByRole('table', { name: 'Clocks per product' }).getByRole('row').filter({ hasText: 'E2E Insulin Pump' }).waitFor();
    await page.getByTestId('burndown-chart').locator('.recharts-line').first().waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
