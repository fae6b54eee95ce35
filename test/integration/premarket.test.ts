import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictValidate } from '../../src/formats/cyclonedx/test-support.js';
import { validateSpdxSchema } from '../../src/formats/spdx/schema.js';
import { validateOpenVexSchema } from '../../src/formats/vex/openvex-schema.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Premarket through the API: a product's catalog from built-in sets and custom requirements
 * (versioned), a threat model whose mitigation becomes a requirement (JSON round trip), SARIF and
 * JUnit evidence from the fixtures linked by ref and by hand, the matrix's statuses, bad input
 * (malformed files with line/column, oversize, another organization), and the package: the
 * checklist with and without inputs, and a zip whose SBOMs and VEX validate.
 */
const GHSA = readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url));
const SARIF = readFileSync(new URL('../fixtures/premarket/cardiowatch-gateway.sarif', import.meta.url));
const JUNIT = readFileSync(new URL('../fixtures/premarket/cardiowatch-gateway-tests.xml', import.meta.url));
const BOM = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  metadata: { component: { 'bom-ref': 'gw', type: 'application', name: 'cardiowatch-gateway', version: '5.0.2' } },
  components: [
    { 'bom-ref': 'log4j', type: 'library', supplier: { name: 'Apache Software Foundation' }, group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
    { 'bom-ref': 'zlib', type: 'library', name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1' },
  ],
});

type Caller = { cookie: string; csrf: string };
let t: TestVigil;
let org: TestOrg;
let other: TestOrg;
let analyst: Caller;
let viewer: Caller;
let otherAnalyst: Caller;
const ids = { product: '', release: '', bare: '', otherProduct: '', otherRelease: '', sarif: '', junit: '', risk: '' };

async function call<T = Record<string, unknown>>(method: string, url: string, as: Caller, body?: unknown, headers?: Record<string, string>) {
  const res = await t.api(method, url, { as, ...(body === undefined ? {} : { body: typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body) }), headers: { ...(body !== undefined && !(typeof body === 'string' || Buffer.isBuffer(body)) ? { 'content-type': 'application/json' } : {}), ...headers } });
  return { status: res.status, body: (res.body && res.headers['content-type']?.toString().includes('json') ? JSON.parse(res.body) : res.body) as T, raw: res, headers: res.headers };
}

const upload = (release: string, file: Buffer | string, name: string, as = analyst) => call<{ evidence: { id: string; kind: string; summary: Record<string, number> }; created: boolean; errors?: { pointer: string; message: string }[]; detail?: string; line?: number; column?: number }>('POST', `/api/v1/releases/${release}/evidence?fileName=${encodeURIComponent(name)}`, as, file, { 'content-type': 'application/octet-stream' });

interface Row { requirement: { ref: string }; status: string; gaps: string[]; verifications: { via: string; label: string; outcome: string }[]; mitigations: { id: string }[] }
const matrix = async (release = ids.release) => (await call<{ matrix: { rows: Row[]; counts: Record<string, number> } }>('GET', `/api/v1/releases/${release}/traceability`, viewer)).body.matrix;

function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

const THREAT_MODEL = {
  format: 'vigil-threat-model',
  formatVersion: 1,
  title: 'CardioWatch gateway 5.0',
  boundaries: [{ id: 'clinical-vlan', name: 'Clinical VLAN' }, { id: 'device', name: 'Gateway appliance' }],
  assets: [
    { id: 'gateway', name: 'HL7 gateway service', kind: 'software', boundary: 'device' },
    { id: 'central', name: 'Central station', kind: 'external', boundary: 'clinical-vlan' },
    { id: 'alarms', name: 'Alarm queue', kind: 'data', boundary: 'device' },
  ],
  interfaces: [{ id: 'hl7', name: 'HL7 v2 over MLLP', from: 'central', to: 'gateway', protocol: 'MLLP/TLS' }],
  threats: [
    { id: 'T1', title: 'Spoofed central station injects ADT messages', stride: ['spoofing', 'tampering'], targets: ['hl7'], hazard: 'Wrong patient association of alarms', harm: 'Delayed treatment', riskItemIds: [] as string[], mitigations: ['M1'] },
    { id: 'T2', title: 'Malformed segment crashes the gateway', stride: ['denial_of_service'], targets: ['gateway'], mitigations: ['M2'] },
  ],
  mitigations: [
    { id: 'M1', title: 'Mutual TLS on the HL7 listener', description: 'Client certificates issued by the hospital CA; the listener refuses others.', requirement: 'SEC-REQ-001' },
    { id: 'M2', title: 'Strict HL7 parser with length limits', requirement: 'SEC-REQ-002' },
  ],
};

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('premarket-a');
  other = await t.seedOrg('premarket-b');
  analyst = await t.login(org.users.analyst.email);
  viewer = await t.login(org.users.viewer.email);
  otherAnalyst = await t.login(other.users.analyst.email);
  ids.product = (await call<{ id: string }>('POST', '/api/v1/products', analyst, { name: 'CardioWatch bedside monitor' })).body.id;
  ids.release = (await call<{ id: string }>('POST', `/api/v1/products/${ids.product}/releases`, analyst, { version: '5.0.2', endOfLifeDate: '2028-09-30', endOfSupportDate: '2031-09-30' })).body.id;
  ids.bare = (await call<{ id: string }>('POST', `/api/v1/products/${ids.product}/releases`, analyst, { version: '6.0.0' })).body.id;
  ids.otherProduct = (await call<{ id: string }>('POST', '/api/v1/products', otherAnalyst, { name: 'Other pump' })).body.id;
  ids.otherRelease = (await call<{ id: string }>('POST', `/api/v1/products/${ids.otherProduct}/releases`, otherAnalyst, { version: '1.0' })).body.id;
  const source = (await call<{ id: string }>('POST', '/api/v1/intel/sources', analyst, { kind: 'osv', name: 'GHSA' })).body;
  expect((await call('POST', `/api/v1/intel/sources/${source.id}/import`, analyst, GHSA, { 'content-type': 'application/octet-stream' })).status).toBe(200);
  expect((await call('POST', `/api/v1/releases/${ids.release}/sboms`, analyst, BOM, { 'content-type': 'application/json' })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('requirements catalog', () => {
  it('copies a built-in set once, with its version, and adds custom requirements', async () => {
    const first = await call<{ added: number; skipped: number }>('POST', `/api/v1/products/${ids.product}/requirements/sets`, analyst, { set: 'jsp-design' });
    expect(first.body).toEqual({ added: 19, skipped: 0 });
    expect((await call('POST', `/api/v1/products/${ids.product}/requirements/sets`, analyst, { set: 'jsp-design' })).body).toEqual({ added: 0, skipped: 19 });
    expect((await call('POST', `/api/v1/products/${ids.product}/requirements/sets`, analyst, { set: 'jsp-labeling' })).body).toEqual({ added: 12, skipped: 0 });
    const custom = await call<{ ref: string; source: string; version: number }>('POST', `/api/v1/products/${ids.product}/requirements`, analyst, { ref: 'SEC-REQ-004', title: 'Firmware images are signed and verified before install', verificationMethod: 'test' });
    expect(custom.status).toBe(201);
    expect(custom.body).toMatchObject({ ref: 'SEC-REQ-004', source: 'custom', version: 1 });
    expect((await call('POST', `/api/v1/products/${ids.product}/requirements`, analyst, { ref: 'sec-req-004', title: 'dup' })).status).toBe(409);
    expect((await call('POST', `/api/v1/products/${ids.product}/requirements`, viewer, { ref: 'SEC-REQ-009', title: 'x' })).status).toBe(403);
    const list = (await call<{ items: { ref: string; sourceVersion: string | null; autoEvidence: string | null }[] }>('GET', `/api/v1/products/${ids.product}/requirements`, viewer)).body.items;
    expect(list).toHaveLength(32);
    expect(list.find((r) => r.ref === 'JSP-DES-09')).toMatchObject({ sourceVersion: 'JSP2 (Mar 2024) · Vigil catalog 1', autoEvidence: 'sbom' });
  });

  it('keeps every version of an edited requirement; N/A needs a justification', async () => {
    const list = (await call<{ items: { id: string; ref: string }[] }>('GET', `/api/v1/products/${ids.product}/requirements`, viewer)).body.items;
    const id = list.find((r) => r.ref === 'JSP-DES-14')!.id;
    const bad = await call<{ errors: { pointer: string }[] }>('PATCH', `/api/v1/requirements/${id}`, analyst, { applicable: false });
    expect([bad.status, bad.body.errors[0]!.pointer]).toEqual([400, '/body/naJustification']);
    const ok = await call<{ version: number; applicable: boolean }>('PATCH', `/api/v1/requirements/${id}`, analyst, { applicable: false, naJustification: 'Single-release appliance replaced at EOS; no field upgrades of the OS.' });
    expect(ok.body).toMatchObject({ version: 2, applicable: false });
    const detail = await call<{ versions: { version: number; snapshot: { applicable: boolean } }[] }>('GET', `/api/v1/requirements/${id}`, viewer);
    expect(detail.body.versions.map((v) => [v.version, v.snapshot.applicable])).toEqual([[2, false], [1, true]]);
    expect((await call('GET', `/api/v1/requirements/${id}`, otherAnalyst)).status).toBe(404);
  });
});

describe('threat model', () => {
  it('saves a model whose mitigations become requirements, and exports the same JSON it imports', async () => {
    const risk = await call<{ id: string }>('POST', '/api/v1/risks', analyst, { productId: ids.product, title: 'Spoofed HL7 peer', likelihood: 'occasional', severity: 'serious' });
    ids.risk = risk.body.id;
    const doc = { ...THREAT_MODEL, threats: THREAT_MODEL.threats.map((x) => (x.id === 'T1' ? { ...x, riskItemIds: [ids.risk] } : x)) };
    const saved = await call<{ model: { version: number }; createdRequirements: string[] }>('PUT', `/api/v1/products/${ids.product}/threat-model`, analyst, doc);
    expect(saved.status).toBe(200);
    expect(saved.body.createdRequirements).toEqual(['SEC-REQ-001', 'SEC-REQ-002']);
    const exported = await call<string>('GET', `/api/v1/products/${ids.product}/threat-model/export`, viewer);
    expect(JSON.parse(exported.raw.body)).toEqual(doc);
    const again = await call<{ model: { version: number }; createdRequirements: string[] }>('PUT', `/api/v1/products/${ids.product}/threat-model`, analyst, JSON.parse(exported.raw.body));
    expect([again.body.model.version, again.body.createdRequirements]).toEqual([2, []]);
  });

  it('refuses broken references, unknown STRIDE words and another product’s risk items, writing nothing', async () => {
    const broken = await call<{ errors: { pointer: string; message: string }[] }>('PUT', `/api/v1/products/${ids.product}/threat-model`, analyst, { ...THREAT_MODEL, interfaces: [{ id: 'hl7', name: 'x', from: 'central', to: 'nowhere' }] });
    expect([broken.status, broken.body.errors]).toEqual([400, [{ pointer: '/body/interfaces/0/to', message: 'no asset nowhere' }]]);
    const stride = await call<{ errors: { pointer: string }[] }>('PUT', `/api/v1/products/${ids.product}/threat-model`, analyst, { ...THREAT_MODEL, threats: [{ ...THREAT_MODEL.threats[0], stride: ['phishing'] }] });
    expect([stride.status, stride.body.errors[0]!.pointer]).toEqual([400, '/body/threats/0/stride/0']);
    const foreign = await call('PUT', `/api/v1/products/${ids.product}/threat-model`, otherAnalyst, THREAT_MODEL);
    expect(foreign.status).toBe(404);
    expect((await call<{ version: number }>('GET', `/api/v1/products/${ids.product}/threat-model`, viewer)).body.version).toBe(2);
  });
});

describe('evidence', () => {
  it('imports the CodeQL SARIF and the pytest JUnit report; the same file again changes nothing', async () => {
    const s = await upload(ids.release, SARIF, 'cardiowatch-gateway.sarif');
    expect([s.status, s.body.evidence.kind, s.body.evidence.summary]).toEqual([201, 'sarif', { rules: 3, results: 3, ignored: 1, none: 0, note: 0, warning: 2, error: 0, failedRules: 0 }]);
    ids.sarif = s.body.evidence.id;
    const j = await upload(ids.release, JUNIT, 'cardiowatch-gateway-tests.xml');
    expect([j.status, j.body.evidence.summary]).toEqual([201, { tests: 6, passed: 4, failed: 1, error: 0, skipped: 1 }]);
    ids.junit = j.body.evidence.id;
    const again = await upload(ids.release, JUNIT, 'renamed.xml');
    expect([again.status, again.body.created, again.body.evidence.id]).toEqual([200, false, ids.junit]);
  });

  it('refuses malformed SARIF and JUnit with line and column, other formats, oversize files and other organizations', async () => {
    const sarif = await upload(ids.release, '{\n  "version": "2.1.0",\n  "runs": [ { "tool": } ]\n}', 'broken.sarif');
    expect([sarif.status, sarif.body.line, sarif.body.column]).toEqual([400, 3, 23]);
    expect(sarif.body.detail).toMatch(/^Not JSON at line 3, column 23/);
    const schema = await upload(ids.release, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), 'noname.sarif');
    expect([schema.status, schema.body.errors?.[0]?.pointer]).toEqual([400, '/body/runs/0/tool/driver']);
    const junit = await upload(ids.release, '<testsuites>\n<testsuite name="a">\n<testcase name="x">\n</testsuite>', 'broken.xml');
    expect([junit.status, junit.body.line]).toEqual([400, 4]);
    const xxe = await upload(ids.release, '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<testsuites><testcase name="&e;"/></testsuites>', 'xxe.xml');
    expect([xxe.status, xxe.raw.body.includes('root:')]).toEqual([400, false]);
    expect((await upload(ids.release, 'name,outcome\n', 'x.csv')).status).toBe(415);
    const big = await upload(ids.release, Buffer.alloc(20 * 1024 * 1024 + 10, 32), 'big.xml');
    expect(big.status).toBe(413);
    expect((await upload(ids.otherRelease, SARIF, 'x.sarif')).status).toBe(404);
    expect((await call('GET', `/api/v1/evidence/${ids.sarif}`, otherAnalyst)).status).toBe(404);
    expect((await call('GET', `/api/v1/releases/${ids.release}/traceability`, otherAnalyst)).status).toBe(404);
    const count = await t.db.selectFrom('premarket_evidence').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});

describe('traceability matrix', () => {
  it('links by ref in names, properties and SARIF rules, by hand, and from Vigil’s own SBOM and findings', async () => {
    let m = await matrix();
    const row = (ref: string) => m.rows.find((r) => r.requirement.ref === ref)!;
    expect(row('SEC-REQ-001').status).toBe('verified');
    expect(row('SEC-REQ-001').verifications.map((v) => [v.via, v.outcome])).toEqual([['auto', 'passed'], ['auto', 'passed'], ['auto', 'passed']]);
    expect(row('SEC-REQ-001').mitigations.map((x) => x.id)).toEqual(['M1']);
    expect(row('SEC-REQ-002').status).toBe('failed');
    expect(row('SEC-REQ-002').gaps[0]).toContain('test_rejects_unterminated_field (SEC-REQ-002)');
    expect([row('SEC-REQ-004').status, row('SEC-REQ-004').gaps]).toEqual(['not_verified', ['No design or mitigation recorded', 'Verification skipped: no passing evidence']]);
    expect(row('JSP-DES-08').verifications).toHaveLength(3);
    expect(row('JSP-DES-09')).toMatchObject({ status: 'verified', verifications: [{ via: 'vigil', label: 'SBOM revision 1', outcome: 'passed' }] });
    expect(row('JSP-DES-11')).toMatchObject({ status: 'failed', verifications: [{ via: 'vigil', outcome: 'failed' }] });
    expect(row('JSP-DES-14').status).toBe('not_applicable');
    expect(row('JSP-VV-04').status).toBe('not_verified');

    const vv04 = (await call<{ items: { id: string; ref: string }[] }>('GET', `/api/v1/products/${ids.product}/requirements`, viewer)).body.items.find((r) => r.ref === 'JSP-VV-04')!;
    const link = await call<{ id: string }>('POST', `/api/v1/requirements/${vv04.id}/links`, analyst, { evidenceId: ids.sarif, note: 'CodeQL run in the release pipeline' });
    expect(link.status).toBe(201);
    expect((await call('POST', `/api/v1/requirements/${vv04.id}/links`, analyst, { evidenceId: ids.sarif })).status).toBe(409);
    m = await matrix();
    expect(row('JSP-VV-04')).toMatchObject({ status: 'verified', verifications: [{ via: 'link', label: 'cardiowatch-gateway.sarif', outcome: 'passed' }] });
    expect((await call('DELETE', `/api/v1/trace-links/${link.body.id}`, analyst)).status).toBe(204);
    m = await matrix();
    expect(row('JSP-VV-04').status).toBe('not_verified');
    expect(m.counts).toEqual({ verified: 4, failed: 2, not_verified: 27, not_applicable: 1 });
  });
});

describe('premarket package', () => {
  it('lists every section as a gap for a release with nothing but the organization’s defaults', async () => {
    const bareProduct = (await call<{ id: string }>('POST', '/api/v1/products', analyst, { name: 'Bare product' })).body.id;
    const bare = (await call<{ id: string }>('POST', `/api/v1/products/${bareProduct}/releases`, analyst, { version: '0.1' })).body.id;
    const c = await call<{ items: { id: string; status: string; gaps: string[]; sources: string[] }[] }>('GET', `/api/v1/releases/${bare}/premarket/checklist`, viewer);
    expect(c.body.items.map((i) => [i.id, i.status])).toEqual([
      ['sbom', 'gap'], ['vulnerabilities', 'gap'], ['risk', 'gap'], ['threat-model', 'gap'], ['traceability', 'gap'], ['testing', 'gap'], ['support', 'gap'], ['postmarket', 'partial'], ['labeling', 'gap'],
    ]);
    expect(c.body.items.filter((i) => i.status === 'gap').every((i) => i.sources.length === 0 && i.gaps.length > 0)).toBe(true);
    expect(c.body.items.find((i) => i.id === 'postmarket')!.gaps).toEqual(['No CSAF signing key: machine-readable advisories cannot be published', 'No customer contacts for the product: vulnerability notices have no recipients']);
    const zip = await unzip(Buffer.from((await t.app.inject({ method: 'GET', url: `/api/v1/releases/${bare}/premarket/package?format=zip`, headers: { cookie: viewer.cookie } })).rawPayload));
    expect([...zip.keys()].sort()).toEqual(['checklist.json', 'manifest.json', 'package.html', 'package.pdf', 'postmarket/plan.json', 'traceability/matrix.csv', 'traceability/matrix.json']);
  });

  it('reflects exactly what the release has, and its zip’s SBOMs and VEX validate', async () => {
    const c = await call<{ items: { id: string; status: string; gaps: string[]; sources: string[] }[] }>('GET', `/api/v1/releases/${ids.release}/premarket/checklist`, viewer);
    const item = (id: string) => c.body.items.find((i) => i.id === id)!;
    expect(c.body.items.map((i) => [i.id, i.status])).toEqual([
      ['sbom', 'partial'], ['vulnerabilities', 'partial'], ['risk', 'present'], ['threat-model', 'present'], ['traceability', 'partial'], ['testing', 'partial'], ['support', 'partial'], ['postmarket', 'partial'], ['labeling', 'partial'],
    ]);
    // The SBOM's subject (the gateway itself) is a stored component too: it and zlib name no supplier.
    expect(item('sbom').gaps).toEqual(['2 component(s) without a supplier']);
    expect(item('vulnerabilities').gaps).toEqual(['1 of 1 open finding(s) without an analysis (no VEX rationale)']);
    expect([item('risk').gaps, item('risk').sources]).toEqual([[], ['Risk register of CardioWatch bedside monitor (1 item(s))']]);
    expect(item('testing').gaps).toEqual(['cardiowatch-gateway-tests.xml: 1 failing test(s)']);
    expect(item('support').gaps).toEqual(['3 component(s) without a level of support', '3 component(s) without an end-of-support date']);
    expect(item('threat-model').sources[0]).toMatch(/^Threat model [0-9a-f-]{36} “CardioWatch gateway 5.0” \(the product, version 2, saved \d{4}-\d{2}-\d{2}\)$/);

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/releases/${ids.release}/premarket/package?format=zip`, headers: { cookie: viewer.cookie } });
    expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'application/zip']);
    const zip = await unzip(Buffer.from(res.rawPayload));
    const cdx = zip.get('sbom/sbom.cdx.json')!.toString();
    expect(await strictValidate(cdx, '1.6')).toBeNull();
    expect(JSON.parse(cdx).components.map((x: { name: string }) => x.name).sort()).toEqual(['log4j-core', 'zlib']);
    expect(validateSpdxSchema(JSON.parse(zip.get('sbom/sbom.spdx.json')!.toString()), '2.3')).toEqual([]);
    const vex = zip.get('vulnerabilities/vex.cdx.json')!.toString();
    expect(await strictValidate(vex, '1.6')).toBeNull();
    expect(JSON.parse(vex).vulnerabilities.map((v: { id: string }) => v.id)).toEqual(['CVE-2021-44228']);
    expect(validateOpenVexSchema(JSON.parse(zip.get('vulnerabilities/vex.openvex.json')!.toString()))).toEqual([]);
    const risks = parse(zip.get('risk/risk-register.csv')!.toString(), { columns: true }) as { title: string }[];
    expect(risks.map((r) => r.title)).toEqual(['Spoofed HL7 peer']);
    expect(JSON.parse(zip.get('threat-model/threat-model.json')!.toString()).threats[0].riskItemIds).toEqual([ids.risk]);
    expect(zip.get('testing/evidence/2-cardiowatch-gateway-tests.xml')!.equals(JUNIT)).toBe(true);
    const manifest = JSON.parse(zip.get('manifest.json')!.toString()) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.find((f) => f.path === 'testing/evidence/1-cardiowatch-gateway.sarif')!.sha256).toBe((await import('node:crypto')).createHash('sha256').update(SARIF).digest('hex'));
    expect(zip.get('package.pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
    const html = zip.get('package.html')!.toString();
    expect(html).toContain('Premarket cybersecurity package: CardioWatch bedside monitor 5.0.2');
    expect(html).toContain('test_rejects_unterminated_field (SEC-REQ-002)');
  });

  it('renders HTML and PDF, escapes what users typed, and hides other organizations’ releases', async () => {
    await call('POST', `/api/v1/products/${ids.product}/requirements`, analyst, { ref: 'SEC-REQ-099', title: '<script>alert(1)</script>' });
    const html = await call<string>('GET', `/api/v1/releases/${ids.release}/premarket/package?format=html`, viewer);
    expect(html.raw.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.raw.body).not.toContain('<script>');
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/releases/${ids.release}/premarket/package?format=pdf`, headers: { cookie: viewer.cookie } });
    expect([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    expect((await call('GET', `/api/v1/releases/${ids.release}/premarket/package?format=zip`, otherAnalyst)).status).toBe(404);
    expect((await call('GET', `/api/v1/releases/${ids.release}/premarket/checklist`, otherAnalyst)).status).toBe(404);
  });

  it('audited every change in an intact chain', async () => {
    const actions = await t.db.selectFrom('audit_events').select('action').where('chain_id', '=', org.id).where('action', 'like', 'premarket.%').execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['premarket.catalog_add', 'premarket.requirement_create', 'premarket.requirement_update', 'premarket.threat_model_save', 'premarket.evidence_import', 'premarket.link_create', 'premarket.link_delete']));
    expect((await verifyChain(t.db, org.id)).ok).toBe(true);
  });
});
