import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { createPlan } from '../../src/modules/clocks/remediation.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { launchPage, type BrowserPage } from '../support/browser.js';
import { startTestVigil, TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The JSP shared responsibility across two Vigil instances. Instance 1: the manufacturer
 * "cardio" analyses Log4Shell in its CardioWatch Gateway — 2.4.0 exploitable, 2.3.0 not
 * affected (code not reachable), 2.5.0 the fix — and publishes the CSAF advisory with those
 * VEX statuses through the advisory API, signed with its key. Instance 2 (another loopback
 * port, another database): the hospital "mercy" follows instance 1's trusted-provider URL in the
 * browser, syncs once, and sees on the exposure dashboard its patient-connected 2.4.0 gateway
 * exposed to the known-exploited CVE, the 2.3.0 one shown as not affected with the vendor's
 * justification, the compensating control it adds lowering the priority, and the vendor patch
 * on the deployment board. A second feed — a proxy serving instance 1's advisory altered, once
 * with the original hashes and once with recomputed hashes — is rejected, and the feed status
 * page says "Bad hash" and "Bad signature".
 */
const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const GHSA_LOG4J = JSON.parse(readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url), 'utf8'));
const LOG4J = { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'log4j', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }] };
const CVE = 'CVE-2021-44228';

describe('two instances: a manufacturer publishes, a hospital sees its exposure', () => {
  let maker: TestVigil;
  let hospitalVigil: TestVigil;
  let cardio: TestOrg;
  let mercy: TestOrg;
  let makerBase = '';
  let hospitalBase = '';
  let proxy: Server;
  let proxyBase = '';
  let browser: BrowserPage | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    maker = await startTestVigil({ keySecret: 'e2e-key-secret' });
    cardio = await maker.seedOrg('cardio');
    const ctx = systemContext(cardio.id);
    const source = await createSource(maker.db, ctx, { kind: 'osv', name: 'osv' });
    await importRecords(maker.db, ctx, source.id, (async function* () { yield { record: parseOsvRecord(GHSA_LOG4J).record! }; })());
    const product = await createProduct(maker.db, ctx, { name: 'CardioWatch Gateway', modelNumbers: ['CW-100'] });
    const affected = (await createRelease(maker.db, ctx, product.id, { version: '2.4.0' })).id;
    const notAffected = (await createRelease(maker.db, ctx, product.id, { version: '2.3.0' })).id;
    const fixed = (await createRelease(maker.db, ctx, product.id, { version: '2.5.0' })).id;
    for (const release of [affected, notAffected]) {
      const { sbom } = await importSbom(maker.db, ctx, release, Buffer.from(JSON.stringify(LOG4J)));
      await matchImportedSbom(maker.db, ctx, sbom.id);
    }
    const analyst = await maker.login(cardio.users.analyst.email);
    const findingOf = async (release: string) => (await maker.db.selectFrom('findings').select('id').where('release_id', '=', release).where('vuln_id', '=', CVE).executeTakeFirstOrThrow()).id;
    const f1 = await findingOf(affected);
    await maker.api('PATCH', `/api/v1/findings/${f1}/analysis`, { as: analyst, body: { state: 'exploitable', responses: ['update'], detail: 'The HL7 listener logs patient names through log4j-core.' } });
    await maker.api('PATCH', `/api/v1/findings/${await findingOf(notAffected)}/analysis`, { as: analyst, body: { state: 'not_affected', justification: 'code_not_reachable', detail: 'Release 2.3.0 never enables the JNDI lookup.' } });
    await createPlan(maker.db, ctx, f1, { kind: 'patch', releaseId: fixed, description: 'Update to 2.5.0 (log4j-core 2.17.1)' });
    const admin = await maker.login(cardio.users.admin.email);
    expect((await maker.api('POST', '/api/v1/provider/key', { as: admin, body: { name: 'Cardio PSIRT', email: 'psirt@cardio.test' } })).status).toBe(201);
    const draft = await maker.api('POST', '/api/v1/advisories', { as: analyst, body: { vulnerabilityId: CVE, patientSafety: 'No patient harm has been reported.' } });
    expect(draft.status).toBe(201);
    makerBase = (await maker.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    const publisher = (await createToken(maker.db, ctx, { name: 'release pipeline', role: 'admin', expiresInDays: 1 })).secret;
    const published = await fetch(`${makerBase}/api/v1/advisories/${draft.json<{ id: string }>().id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${publisher}`, 'content-type': 'application/json' }, body: '{}' });
    expect(published.status).toBe(200);

    // A tampering mirror of instance 1's directory.
    const year = new Date().getUTCFullYear();
    const original = `/.well-known/csaf/cardio/white/${year}/cardio-sa-${year}-0001.json`;
    const bytes = Buffer.from(await (await fetch(`${makerBase}${original}`)).arrayBuffer());
    const tampered = Buffer.from(bytes.toString('utf8').replace('No patient harm has been reported.', 'No patient harm has been reported!'));
    const sha = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex');
    proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        const path = req.url ?? '/';
        const dir = '/.well-known/csaf/cardio/white/';
        if (path === '/.well-known/csaf/provider-metadata.json') {
          const meta = await (await fetch(`${makerBase}/.well-known/csaf/cardio/provider-metadata.json`)).text();
          return res.writeHead(200, { 'content-type': 'application/json' }).end(meta.replaceAll(makerBase, proxyBase));
        }
        if (path.startsWith('/.well-known/csaf/cardio/openpgp/')) return res.writeHead(200).end(Buffer.from(await (await fetch(`${makerBase}${path}`)).arrayBuffer()));
        if (path === `${dir}changes.csv`) return res.writeHead(200).end(`"${year}/bad-hash.json","2026-01-02T00:00:00.000Z"\n"${year}/bad-signature.json","2026-01-01T00:00:00.000Z"\n`);
        const m = /\/(bad-hash|bad-signature)\.json(\.sha512|\.sha256|\.asc)?$/u.exec(path);
        if (!m) return res.writeHead(404).end();
        if (m[2] === '.asc') return res.writeHead(200).end(await (await fetch(`${makerBase}${original}.asc`)).text());
        if (m[2] === '.sha512') return res.writeHead(200).end(`${sha('sha512', m[1] === 'bad-hash' ? bytes : tampered)}  x.json\n`);
        if (m[2] === '.sha256') return res.writeHead(404).end();
        return res.writeHead(200).end(tampered);
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyBase = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    hospitalVigil = await startTestVigil();
    mercy = await hospitalVigil.seedOrg('mercy', 'healthcare_provider');
    const device = (serial: string, version: string, department: string, patientConnected: boolean) =>
      hospitalVigil.db.insertInto('assets').values({ org_id: mercy.id, manufacturer: 'Org cardio', model: 'CW-100', serial, software_version: version, department, network_zone: 'icu-vlan', clinical_criticality: 'high', patient_connected: patientConnected }).returning('id').executeTakeFirstOrThrow();
    await device('GW-1', '2.4.0', 'ICU', true);
    await device('GW-2', '2.3.0', 'ICU', true);
    await device('GW-3', '2.4.0', 'Cardiology', false);
    await hospitalVigil.db.insertInto('intel_kev').values({ org_id: mercy.id, cve_id: CVE, vendor_project: 'Apache', product: 'Log4j2', vulnerability_name: 'Log4Shell', date_added: '2021-12-10', short_description: 'JNDI', required_action: 'Patch', due_date: '2021-12-24', known_ransomware_campaign_use: 'Known', notes: '', cwes: [] }).execute();
    hospitalBase = (await hospitalVigil.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    browser = await launchPage(1440, 1000);
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await hospitalVigil?.close();
    await maker?.close();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  });

  function screenshotOnFailure(name: string): void {
    onTestFailed(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `hospital-${name}.png`), fullPage: true }).catch(() => undefined);
    });
  }

  /** Clicks "Sync now" and waits until the feeds table, refreshed when the job ends, shows the status. */
  async function syncFeed(name: string, status: string): Promise<void> {
    await page.getByRole('button', { name: `Sync now ${name}` }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
    await expect.poll(async () => row.textContent(), { timeout: 60_000 }).toContain(status);
  }

  it('follows the manufacturer’s provider URL on the other instance and syncs once', async () => {
    screenshotOnFailure('follow');
    await page.goto(`${hospitalBase}/vendor-feeds`);
    await page.getByLabel('E-mail').fill(mercy.users.analyst.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vendor feeds' }).waitFor();
    await page.getByLabel('CSAF provider URL').fill(makerBase);
    await page.getByRole('button', { name: 'Follow provider' }).click();
    const name = new URL(makerBase).host;
    await page.getByRole('link', { name }).waitFor();
    await syncFeed(name, 'OK');
    await page.getByRole('table', { name: 'Catalog releases' }).getByText('2.4.0').waitFor();
    const feed = await hospitalVigil.db.selectFrom('vendor_documents').select(['doc_key', 'signature_status', 'hash_status']).execute();
    expect(feed).toEqual([{ doc_key: `CARDIO-SA-${new Date().getUTCFullYear()}-0001`, signature_status: 'valid', hash_status: 'valid' }]);
  });

  it('shows the patient-connected device exposed to the known-exploited CVE, and the not-affected one with the vendor’s justification', async () => {
    screenshotOnFailure('dashboard');
    await page.getByRole('link', { name: 'Exposure', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Exposure' }).waitFor();
    const kev = page.getByRole('table', { name: 'KEV-exposed patient-connected devices' });
    await kev.getByRole('link', { name: 'Org cardio CW-100 · GW-1' }).waitFor();
    expect(await kev.getByRole('row').count()).toBe(2); // header + GW-1 (GW-3 is not patient-connected; GW-2 is not affected)
    await expect.poll(() => kev.textContent()).toContain('Nothing yet');
    const byDepartment = page.getByRole('figure', { name: 'By department' });
    // One department with exposed devices: its two bars (exposed, known exploited) are drawn, with the legend.
    await byDepartment.locator('.recharts-bar-rectangle').first().waitFor();
    await byDepartment.getByText('Known exploited').waitFor();

    await page.goto(`${hospitalBase}/exposure/matches`);
    await page.getByRole('table', { name: 'Matches' }).getByRole('cell', { name: 'Org cardio · CardioWatch Gateway 2.3.0' }).waitFor();
    const gw2 = (await hospitalVigil.db.selectFrom('assets').select('id').where('serial', '=', 'GW-2').executeTakeFirstOrThrow()).id;
    await page.goto(`${hospitalBase}/exposure/assets/${gw2}`);
    await page.getByText(/Vendor: not affected — vulnerable code not in execute path\. Release 2\.3\.0 never enables the JNDI lookup\./u).waitFor();
    await page.getByText('Not affected (vendor)').waitFor();
  });

  it('adds a compensating control on the device page; the dashboard says what compensates', async () => {
    screenshotOnFailure('control');
    await page.goto(`${hospitalBase}/exposure`);
    await page.getByRole('link', { name: 'Org cardio CW-100 · GW-1' }).click();
    await page.getByRole('heading', { level: 2, name: CVE }).waitFor();
    const before = Number(/Priority (\d+)/u.exec((await page.getByLabel(/^Priority \d+$/u).first().textContent()) ?? '')?.[1]);
    // 10.0 × 30 + KEV 250 + high 100 + patient-connected 100 + vendor harm? (none rated) = 750.
    expect(before).toBe(750);
    await page.getByLabel('Control description').fill('Gateway VLAN reachable only from the HL7 engine');
    await page.getByRole('button', { name: 'Add control' }).click();
    await expect.poll(async () => page.getByLabel(/^Priority \d+$/u).first().textContent()).toBe('Priority 550');
    await page.goto(`${hospitalBase}/exposure`);
    await page.getByRole('table', { name: 'KEV-exposed patient-connected devices' }).getByText('segmentation: Gateway VLAN reachable only from the HL7 engine').waitFor();
  });

  it('moves the vendor patch across the deployment board to installed', async () => {
    screenshotOnFailure('patches');
    await page.goto(`${hospitalBase}/exposure/patches`);
    const perAdvisory = page.getByRole('table', { name: 'Fleet patched per advisory' });
    await perAdvisory.getByText('0 %').waitFor();
    for (const step of ['validated', 'scheduled', 'installed']) {
      await page.getByRole('button', { name: `Mark GW-1 ${CVE} ${step}` }).click();
    }
    await perAdvisory.getByText('50 %').waitFor();
    const exposure = await hospitalVigil.db.selectFrom('exposures as e').innerJoin('assets as a', 'a.id', 'e.asset_id').select(['a.serial', 'e.status', 'e.priority']).orderBy('a.serial').execute();
    expect(exposure).toEqual([
      { serial: 'GW-1', status: 'patched', priority: 0 },
      { serial: 'GW-2', status: 'known_not_affected', priority: 0 },
      { serial: 'GW-3', status: 'known_affected', priority: 650 },
    ]);
  });

  it('rejects an altered advisory from a tampering mirror and shows bad hash and bad signature on the feed status page', async () => {
    screenshotOnFailure('tampered');
    await page.goto(`${hospitalBase}/vendor-feeds`);
    await page.getByLabel('CSAF provider URL').fill(proxyBase);
    await page.getByRole('button', { name: 'Follow provider' }).click();
    const name = new URL(proxyBase).host;
    await page.getByRole('link', { name }).waitFor();
    await syncFeed(name, '2 rejected');
    await page.getByRole('link', { name }).click();
    const problems = page.getByRole('table', { name: 'Feed problems' });
    await problems.getByText('Bad hash').waitFor();
    await problems.getByText('Bad signature').waitFor();
    // Every listed document was rejected: the feed failed (a mix of good and bad would be "Documents rejected").
    await page.getByText('Failed', { exact: true }).waitFor();
    expect(await hospitalVigil.db.selectFrom('vendor_documents').select('doc_key').execute()).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });
});
