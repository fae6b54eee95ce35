import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import { PDFDocument } from 'pdf-lib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { csafFileName } from '../../src/formats/csaf/naming.js';
import { validateAdvisoryDocument } from '../../src/formats/csaf/validate.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { createPlan } from '../../src/modules/clocks/remediation.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * CSAF advisories end to end through the API, then the trusted-provider directory consumed
 * over real HTTP. The portfolio: "CardioWatch Gateway" (model numbers CW-100, CW-100E),
 * release 2.4.0 ships log4j-core 2.14.1 (GitHub's Log4Shell advisory, CVSS 3.1
 * AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H = 10.0), analysed exploitable; a patch plan names
 * release 2.5.0 as the fix. Expected values below are worked out from those inputs by hand.
 */

const GHSA_LOG4J = JSON.parse(readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url), 'utf8'));
const LOG4J_PURL = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1';
const SBOM = { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'log4j', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: LOG4J_PURL }] };

let t: TestVigil;
let org: TestOrg;
let other: TestOrg;
let analyst: { cookie: string; csrf: string };
let admin: { cookie: string; csrf: string };
let otherAdmin: { cookie: string; csrf: string };
let release: string;
let fixRelease: string;
let advisoryId: string;

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- CSAF documents are walked by path in assertions

beforeAll(async () => {
  t = await startTestVigil({ keySecret: 'integration-test-key-secret' });
  org = await t.seedOrg('cardio');
  other = await t.seedOrg('othermaker');
  const ctx = systemContext(org.id);
  analyst = await t.login(org.users.analyst.email);
  admin = await t.login(org.users.admin.email);
  otherAdmin = await t.login(other.users.admin.email);
  const source = await createSource(t.db, ctx, { kind: 'osv', name: 'osv' });
  await importRecords(t.db, ctx, source.id, (async function* () { yield { record: parseOsvRecord(GHSA_LOG4J).record! }; })());
  const product = await createProduct(t.db, ctx, { name: 'CardioWatch Gateway', modelNumbers: ['CW-100', 'CW-100E'] });
  release = (await createRelease(t.db, ctx, product.id, { version: '2.4.0' })).id;
  fixRelease = (await createRelease(t.db, ctx, product.id, { version: '2.5.0' })).id;
  const { sbom } = await importSbom(t.db, ctx, release, Buffer.from(JSON.stringify(SBOM)));
  await matchImportedSbom(t.db, ctx, sbom.id);
  const finding = (await t.db.selectFrom('findings').select('id').where('release_id', '=', release).where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow()).id;
  await t.api('PATCH', `/api/v1/findings/${finding}/analysis`, { as: analyst, body: { state: 'exploitable', responses: ['update'], detail: 'The HL7 listener logs patient names through log4j-core.' } });
  await createPlan(t.db, ctx, finding, { kind: 'patch', releaseId: fixRelease, description: 'Update to 2.5.0 (log4j-core 2.17.1)' });
});
afterAll(() => t.close());

describe('CSAF advisories', () => {
  it('generates a draft from the findings of a vulnerability that passes the schema and every mandatory test', async () => {
    const res = await t.api('POST', '/api/v1/advisories', { as: analyst, body: { vulnerabilityId: 'CVE-2021-44228', patientSafety: 'No patient harm has been reported. Keep using CardioWatch as prescribed.' } });
    expect(res.status).toBe(201);
    const created = res.json<{ id: string; tracking_id: string; status: string; version: string }>();
    advisoryId = created.id;
    expect(created.tracking_id).toBe(`CARDIO-SA-${new Date().getUTCFullYear()}-0001`);
    expect([created.status, created.version]).toEqual(['draft', '0']);
    const { document: doc } = (await t.api('GET', `/api/v1/advisories/${advisoryId}`, { as: analyst })).json<{ document: Doc }>();
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
    const rel = `CSAFPID-REL-${release}`;
    const fix = `CSAFPID-REL-${fixRelease}`;
    // vendor → product name → version, with the portfolio's model numbers.
    const vendor = doc.product_tree.branches[0];
    expect([vendor.category, vendor.name]).toEqual(['vendor', 'Org cardio']);
    const name = vendor.branches[0];
    expect([name.category, name.name]).toEqual(['product_name', 'CardioWatch Gateway']);
    expect(name.branches.map((b: Doc) => [b.category, b.name, b.product.product_id])).toEqual([['product_version', '2.4.0', rel], ['product_version', '2.5.0', fix]]);
    expect(name.branches[0].product.product_identification_helper).toEqual({ model_numbers: ['CW-100', 'CW-100E'] });
    expect(doc.product_tree.full_product_names[0].product_identification_helper).toEqual({ purl: LOG4J_PURL });
    expect(doc.product_tree.relationships[0]).toMatchObject({ category: 'default_component_of', relates_to_product_reference: rel });
    const v = doc.vulnerabilities[0];
    expect(v.cve).toBe('CVE-2021-44228');
    expect(v.cwe).toEqual({ id: 'CWE-20', name: 'Improper Input Validation' });
    expect(v.product_status).toEqual({ known_affected: [rel], fixed: [fix] });
    expect(v.remediations).toEqual([{ category: 'vendor_fix', details: 'Update to CardioWatch Gateway 2.5.0.', product_ids: [rel] }]);
    expect(v.scores).toEqual([{ products: [rel], cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10, baseSeverity: 'CRITICAL' } }]);
    // Patient safety is the first note (MVCT: what matters most first).
    expect(doc.document.notes[0]).toEqual({ category: 'summary', title: 'Patient safety', text: 'No patient harm has been reported. Keep using CardioWatch as prescribed.' });
    expect(v.references.map((r: Doc) => r.url)).toContain('https://nvd.nist.gov/vuln/detail/CVE-2021-44228');
  }, 60_000);

  it('refuses to publish without a signing key, clearly', async () => {
    const res = await t.api('POST', `/api/v1/advisories/${advisoryId}/publish`, { as: admin, body: {} });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ type: expect.stringContaining('no-signing-key'), detail: expect.stringContaining('signing key') });
  });

  it('reports invalid edits with pointers and refuses to publish them with the validator’s messages', async () => {
    const { document: doc, revision } = (await t.api('GET', `/api/v1/advisories/${advisoryId}`, { as: analyst })).json<{ document: Doc; revision: number }>();
    const broken = structuredClone(doc);
    broken.vulnerabilities[0].product_status.known_affected.push('CSAFPID-NOWHERE');
    const live = await t.api('POST', `/api/v1/advisories/${advisoryId}/validate`, { as: analyst, body: { document: broken } });
    expect(live.json<{ valid: boolean; errors: { test: string; pointer: string }[] }>()).toMatchObject({ valid: false, errors: [{ test: '6.1.1', pointer: '/vulnerabilities/0/product_status/known_affected/1' }] });
    expect((await t.api('PUT', `/api/v1/advisories/${advisoryId}/document`, { as: analyst, body: { document: broken, revision } })).status).toBe(200);
    expect((await t.api('PUT', `/api/v1/advisories/${advisoryId}/document`, { as: analyst, body: { document: doc, revision } })).status).toBe(412);
    await t.api('POST', '/api/v1/provider/key', { as: admin, body: { name: 'Org cardio PSIRT', email: 'psirt@cardio.test' } });
    const refused = await t.api('POST', `/api/v1/advisories/${advisoryId}/publish`, { as: admin, body: {} });
    expect(refused.status).toBe(422);
    expect(refused.json<{ errors: { pointer: string; message: string }[] }>().errors[0]).toMatchObject({ pointer: '/vulnerabilities/0/product_status/known_affected/1', message: expect.stringContaining('test 6.1.1') });
    expect((await t.db.selectFrom('csaf_publications').select('version').where('advisory_id', '=', advisoryId).execute())).toEqual([]);
    expect((await t.api('PUT', `/api/v1/advisories/${advisoryId}/document`, { as: analyst, body: { document: doc } })).status).toBe(200);
  }, 60_000);

  it('keeps the private key encrypted at rest and serves only the public key', async () => {
    const row = await t.db.selectFrom('csaf_keys').selectAll().where('org_id', '=', org.id).where('active', '=', true).executeTakeFirstOrThrow();
    const stored = await openpgp.readPrivateKey({ armoredKey: row.private_key });
    expect(stored.isDecrypted()).toBe(false);
    await expect(openpgp.decryptKey({ privateKey: stored, passphrase: '' })).rejects.toThrow();
    expect(row.algorithm).toBe('ed25519');
    const key = (await t.api('GET', '/api/v1/provider/key', { as: analyst })).json<{ key: { fingerprint: string; publicKey: string } }>().key;
    expect(key.fingerprint).toBe(row.fingerprint);
    expect(key.publicKey).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect(JSON.stringify(key)).not.toContain('PRIVATE');
  });

  it('publishes version 1 as final, then version 2 continuing the revision history', async () => {
    const first = await t.api('POST', `/api/v1/advisories/${advisoryId}/publish`, { as: admin, body: {} });
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({ version: '1', advisory: { status: 'final', version: '1' } });
    const second = await t.api('POST', `/api/v1/advisories/${advisoryId}/publish`, { as: admin, body: { summary: 'Clarified the remediation.' } });
    expect(second.json()).toMatchObject({ version: '2' });
    const { document: doc } = (await t.api('GET', `/api/v1/advisories/${advisoryId}`, { as: analyst })).json<{ document: Doc }>();
    const tr = doc.document.tracking;
    expect(tr.revision_history.map((r: Doc) => [r.number, r.summary])).toEqual([['1', 'Initial release.'], ['2', 'Clarified the remediation.']]);
    expect([tr.version, tr.status, tr.initial_release_date]).toEqual(['2', 'final', tr.revision_history[0].date]);
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
    expect((await t.api('DELETE', `/api/v1/advisories/${advisoryId}`, { as: analyst })).status).toBe(409);
  }, 60_000);

  it('exports HTML with every text escaped and patient safety first, and a PDF of the same content', async () => {
    const { document: doc } = (await t.api('GET', `/api/v1/advisories/${advisoryId}`, { as: analyst })).json<{ document: Doc }>();
    const hostile = structuredClone(doc);
    hostile.document.title = 'Gateway <script>alert(1)</script>';
    await t.api('PUT', `/api/v1/advisories/${advisoryId}/document`, { as: analyst, body: { document: hostile } });
    const html = await t.api('GET', `/api/v1/advisories/${advisoryId}/advisory.html`, { as: analyst });
    expect(html.body).not.toContain('<script>');
    expect(html.body).toContain('Gateway &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.body.indexOf('Patient safety')).toBeLessThan(html.body.indexOf('Affected products'));
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/advisories/${advisoryId}/advisory.pdf`, headers: { cookie: analyst.cookie } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const loaded = await PDFDocument.load(pdf.rawPayload);
    expect(loaded.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(loaded.getTitle()).toBe('Gateway <script>alert(1)</script>');
    const json = await t.api('GET', `/api/v1/advisories/${advisoryId}/csaf.json`, { as: analyst });
    expect(json.headers['content-disposition']).toContain(csafFileName(doc.document.tracking.id));
    await t.api('PUT', `/api/v1/advisories/${advisoryId}/document`, { as: analyst, body: { document: doc } });
  }, 60_000);

  it('keeps organizations apart and refuses bad input whole', async () => {
    expect((await t.api('GET', `/api/v1/advisories/${advisoryId}`, { as: otherAdmin })).status).toBe(404);
    expect((await t.api('POST', '/api/v1/advisories', { as: otherAdmin, body: { vulnerabilityId: 'CVE-2021-44228' } })).status).toBe(422);
    expect((await t.api('POST', '/api/v1/advisories', { as: analyst, body: {} })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/provider/key/import', { as: admin, body: { armoredKey: 'not a key' } })).status).toBe(422);
    const { privateKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Imported', email: 'i@cardio.test' }], passphrase: 'import-pass-123', format: 'armored' });
    expect((await t.api('POST', '/api/v1/provider/key/import', { as: admin, body: { armoredKey: privateKey, passphrase: 'wrong' } })).json()).toMatchObject({ status: 422, type: expect.stringContaining('key-passphrase-wrong') });
    expect((await t.api('POST', '/api/v1/provider/key/import', { as: analyst, body: { armoredKey: privateKey, passphrase: 'import-pass-123' } })).status).toBe(403);
  }, 60_000);
});

describe('trusted-provider directory, consumed over HTTP', () => {
  let base: string;
  const bearer: Record<'own' | 'other' | 'publisher', string> = { own: '', other: '', publisher: '' };
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    bearer.own = (await createToken(t.db, systemContext(org.id), { name: 'hospital feed reader', role: 'viewer', expiresInDays: 1 })).secret;
    bearer.publisher = (await createToken(t.db, systemContext(org.id), { name: 'release pipeline', role: 'admin', expiresInDays: 1 })).secret;
    bearer.other = (await createToken(t.db, systemContext(other.id), { name: 'other reader', role: 'viewer', expiresInDays: 1 })).secret;
    // Published over HTTP, so the document's self reference names the address consumers use.
    const res = await fetch(`${base}/api/v1/advisories/${advisoryId}/publish`, { method: 'POST', headers: { authorization: `Bearer ${bearer.publisher}`, 'content-type': 'application/json' }, body: JSON.stringify({ summary: 'Published at the directory address.' }) });
    expect(res.status).toBe(200);
  });

  it('follows provider-metadata → ROLIE feed → documents and verifies hashes and signatures', async () => {
    const meta = await (await fetch(`${base}/.well-known/csaf/provider-metadata.json`)).json() as Doc;
    expect(meta).toMatchObject({ role: 'csaf_trusted_provider', metadata_version: '2.0', canonical_url: `${base}/.well-known/csaf/cardio/provider-metadata.json`, publisher: { name: 'Org cardio', category: 'vendor' } });
    const feeds = meta.distributions.find((d: Doc) => d.rolie).rolie.feeds as Doc[];
    expect(feeds.map((f) => f.tlp_label)).toEqual(['WHITE', 'GREEN']);
    const keyRef = meta.public_openpgp_keys[0];
    const armored = await (await fetch(keyRef.url)).text();
    const publicKey = await openpgp.readKey({ armoredKey: armored });
    expect(publicKey.getFingerprint().toUpperCase()).toBe(keyRef.fingerprint);

    const feed = await (await fetch(feeds[0]!.url)).json() as Doc;
    expect(feed.feed.entry).toHaveLength(1);
    const entry = feed.feed.entry[0];
    const url = entry.link.find((l: Doc) => l.rel === 'self').href as string;
    const year = new Date().getUTCFullYear();
    expect(url).toBe(`${base}/.well-known/csaf/cardio/white/${year}/cardio-sa-${year}-0001.json`);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    const doc = JSON.parse(bytes.toString('utf8')) as Doc;
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
    expect(csafFileName(doc.document.tracking.id)).toBe(url.split('/').at(-1));
    expect(doc.document.references.find((r: Doc) => r.category === 'self').url).toBe(url);
    const sha256 = await (await fetch(`${url}.sha256`)).text();
    expect(sha256).toBe(`${createHash('sha256').update(bytes).digest('hex')}  ${url.split('/').at(-1)}\n`);
    const sha512 = await (await fetch(`${url}.sha512`)).text();
    expect(sha512.split('  ')[0]).toBe(createHash('sha512').update(bytes).digest('hex'));
    const signature = await openpgp.readSignature({ armoredSignature: await (await fetch(`${url}.asc`)).text() });
    const verified = await openpgp.verify({ message: await openpgp.createMessage({ binary: bytes }), signature, verificationKeys: publicKey });
    await expect(verified.signatures[0]!.verified).resolves.toBe(true);
    const tampered = Buffer.from(bytes.toString('utf8').replace('CardioWatch', 'CardioWatcH'));
    const bad = await openpgp.verify({ message: await openpgp.createMessage({ binary: tampered }), signature, verificationKeys: publicKey });
    await expect(bad.signatures[0]!.verified).rejects.toThrow();

    const index = await (await fetch(`${base}/.well-known/csaf/cardio/white/index.txt`)).text();
    expect(index).toBe(`${year}/cardio-sa-${year}-0001.json\n`);
    const changes = await (await fetch(`${base}/.well-known/csaf/cardio/white/changes.csv`)).text();
    expect(changes).toBe(`"${year}/cardio-sa-${year}-0001.json","${doc.document.tracking.current_release_date}"\n`);
  }, 60_000);

  it('serves provider metadata that conforms to the CSAF provider metadata schema', async () => {
    // The provider schema takes `publisher` from the CSAF document schema (the validator library's copy, with the CVSS schemas it names).
    const [csaf, ...cvss] = await Promise.all(['lib/schemaTests/csaf_2_0/schema.js', 'schemas/cvss-v2.0.js', 'schemas/cvss-v3.0.js', 'schemas/cvss-v3.1.js'].map(async (f) => ((await import(`@secvisogram/csaf-validator-lib/${f}`)) as { default: object }).default));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    // The CSAF schema names the CVSS schemas without the date query their own $id carries.
    for (const schema of cvss as { $id: string }[]) ajv.addSchema({ ...schema, $id: schema.$id.replace(/\?.*$/u, '') });
    ajv.addSchema(csaf!);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../fixtures/csaf/provider_json_schema.json', import.meta.url), 'utf8')));
    for (const url of [`${base}/.well-known/csaf/provider-metadata.json`, `${base}/.well-known/csaf/othermaker/provider-metadata.json`]) {
      const meta = await (await fetch(url)).json();
      expect(validate(meta) ? [] : validate.errors, url).toEqual([]);
    }
    // The schema can fail: a metadata document without its role does not pass.
    const meta = await (await fetch(`${base}/.well-known/csaf/provider-metadata.json`)).json() as Doc;
    delete meta.role;
    expect(validate(meta)).toBe(false);
  });

  it('serves directory listings a crawler can follow to exactly the published files (requirement 14)', async () => {
    const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/gu)].map((m) => m[1]!).filter((h) => h !== '../');
    const folder = `${base}/.well-known/csaf/cardio/white/`;
    const meta = await (await fetch(`${base}/.well-known/csaf/provider-metadata.json`)).json() as Doc;
    expect(meta.distributions.find((d: Doc) => d.directory_url).directory_url).toBe(folder);
    const top = await fetch(folder);
    expect(top.status).toBe(200);
    expect(top.headers.get('content-type')).toMatch(/^text\/html/u);
    const year = new Date().getUTCFullYear();
    const topNames = hrefs(await top.text());
    expect(topNames).toEqual([`${year}/`, 'changes.csv', 'csaf-feed-tlp-white.json', 'index.txt']);
    const files: string[] = [];
    for (const name of topNames) {
      const res = await fetch(`${folder}${name}`);
      expect(res.status, name).toBe(200);
      if (name.endsWith('/')) files.push(...hrefs(await res.text()).map((f) => `${name}${f}`));
    }
    const file = `${year}/cardio-sa-${year}-0001.json`;
    expect(files).toEqual([file, `${file}.asc`, `${file}.sha256`, `${file}.sha512`]);
    for (const f of files) expect((await fetch(`${folder}${f}`)).status, f).toBe(200);
    expect((await fetch(`${folder}1999/`)).status).toBe(404);
    // GREEN's listing is the organization's API tokens', like the rest of its folder.
    expect((await fetch(`${base}/.well-known/csaf/cardio/green/`)).status).toBe(401);
    expect((await fetch(`${base}/.well-known/csaf/cardio/green/`, { headers: { authorization: `Bearer ${bearer.own}` } })).status).toBe(200);
  });

  it('serves TLP:GREEN only to the organization’s members, and nothing of other organizations', async () => {
    const green = `${base}/.well-known/csaf/cardio/green/csaf-feed-tlp-green.json`;
    expect((await fetch(green)).status).toBe(401);
    expect((await fetch(green, { headers: { authorization: `Bearer ${bearer.own}` } })).status).toBe(200);
    expect((await fetch(green, { headers: { authorization: `Bearer ${bearer.other}` } })).status).toBe(404);
    expect((await fetch(`${base}/.well-known/csaf/othermaker/white/index.txt`)).status).toBe(200);
    expect(await (await fetch(`${base}/.well-known/csaf/othermaker/white/index.txt`)).text()).toBe('');
  });
});
