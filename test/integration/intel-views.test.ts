import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The intelligence read views through the API, on real records (GitHub's Log4Shell advisory,
 * NVD's page with Heartbleed and MicroDicom's CVE-2024-22100, CISA KEV) matched against two
 * products' SBOMs: findings filtered and sorted, vulnerability search and the merged page
 * with the affected releases and "fixed in", and a release's coverage report.
 */
const testdata = (path: string) => readFileSync(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA = testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const NVD_PAGE = testdata('nvd/testdata/nvd/nvd-api-page.json');
const KEV = testdata('kev/testdata/kev-excerpt.json');
/** FIRST's real score for Log4Shell on 2026-09-29 (as in intel.test.ts). */
const EPSS = '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\n';

const cpe = (vendor: string, product: string, version: string) => `cpe:2.3:a:${vendor}:${product}:${version}:*:*:*:*:*:*:*`;

/** The gateway's firmware: one component per way matching can reach (or not reach) a component. */
const GATEWAY_COMPONENTS = [
  { 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
  { 'bom-ref': 'openssl', type: 'library', name: 'openssl', version: '1.0.1f', cpe: cpe('openssl', 'openssl', '1.0.1f') },
  { 'bom-ref': 'viewer', type: 'application', name: 'dicom-viewer', version: '2023.3', cpe: cpe('microdicom', 'dicom_viewer', '2023.3') },
  { 'bom-ref': 'busybox', type: 'application', name: 'busybox', version: '1.36.1', purl: 'pkg:generic/busybox@1.36.1', cpe: cpe('busybox', 'busybox', '1.36.1') },
  { 'bom-ref': 'blob', type: 'firmware', name: 'radio-blob', version: '7' },
  { 'bom-ref': 'zlib', type: 'library', name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1' },
  { 'bom-ref': 'lodash', type: 'library', name: 'lodash', purl: 'pkg:npm/lodash' },
  { 'bom-ref': 'vendorless', type: 'library', name: 'libfoo', version: '1.0', cpe: 'cpe:2.3:a:*:libfoo:1.0:*:*:*:*:*:*:*' },
];

function bom(components: readonly object[], serial: number): string {
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: `urn:uuid:5e671687-395b-41f5-a30f-a58921a69b7${serial}`, version: 1, components });
}

let t: TestVigil;
let org: TestOrg;
let analyst: { bearer: string };
const ids = { gatewayProduct: '', gateway: '', pumpProduct: '', pump: '' };

const get = async <T>(path: string) => {
  const res = await t.api('GET', path, { as: analyst });
  expect(res.status, res.body).toBe(200);
  return res.json<T>();
};

async function importInto(kind: string, body: Buffer | string): Promise<void> {
  const source = (await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind, name: `${kind} files` } })).json<{ id: string }>();
  const res = await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: analyst, body, headers: { 'content-type': 'application/octet-stream' } });
  expect(res.status, res.body).toBe(200);
}

async function uploadSbom(releaseId: string, text: string): Promise<void> {
  const res = await t.api('POST', `/api/v1/releases/${releaseId}/sboms`, { as: analyst, body: text, headers: { 'content-type': 'application/json' } });
  expect(res.status, res.body).toBe(201);
}

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('intel-views');
  const ctx = systemContext(org.id);
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'ci', role: 'analyst', expiresInDays: 1 })).secret };
  ids.gatewayProduct = (await createProduct(t.db, ctx, { name: 'Pump Gateway' })).id;
  ids.gateway = (await createRelease(t.db, ctx, ids.gatewayProduct, { version: '5.0' })).id;
  ids.pumpProduct = (await createProduct(t.db, ctx, { name: 'Infusion Pump' })).id;
  ids.pump = (await createRelease(t.db, ctx, ids.pumpProduct, { version: '3.1', lifecycleStage: 'support' })).id;
  await importInto('osv', GHSA);
  await importInto('nvd', NVD_PAGE);
  await importInto('kev', KEV);
  await importInto('epss', EPSS);
  await uploadSbom(ids.gateway, bom(GATEWAY_COMPONENTS, 1));
  // The pump's log4j-core sits in GitHub's third range (introduced 2.4, fixed 2.12.2).
  await uploadSbom(ids.pump, bom([{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.12.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1' }], 2));
});
afterAll(() => t.close());

interface Finding {
  id: string;
  vulnId: string;
  releaseId: string;
  componentName: string;
  severity: { level: string; score: number | null };
  kev: boolean;
  epss: number | null;
  evidence: { recordId: string; method: string; reasons: string[] }[];
}
interface Page<T> { items: T[]; nextCursor: string | null }
const findings = async (query: string) => (await get<Page<Finding>>(`/api/v1/findings?${query}`)).items.map((f) => `${f.vulnId} ${f.componentName}@${f.releaseId === ids.pump ? 'pump' : 'gateway'}`);

/** Every item of a paginated list, walking the cursors `limit` at a time. */
async function walk<T>(path: string, limit: number): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await get<Page<T>>(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe('findings list', () => {
  it('sorts by severity (worst source rating), then newest, each finding carrying its severity', async () => {
    const page = await get<Page<Finding>>('/api/v1/findings?sort=severity');
    expect(page.items.map((f) => [f.vulnId, f.componentName, f.severity.level, f.severity.score])).toEqual([
      ['CVE-2021-44228', 'log4j-core', 'critical', 10], // the pump's, imported last
      ['CVE-2021-44228', 'log4j-core', 'critical', 10],
      ['CVE-2024-22100', 'dicom-viewer', 'high', 7.8],
      ['CVE-2014-0160', 'openssl', 'high', 7.5],
    ]);
    expect(page.items[0]!.releaseId).toBe(ids.pump);
    expect(page.items[0]!.evidence).toEqual([{ recordId: 'GHSA-jfh8-c2jp-5v3q', method: 'purl', reasons: ['ECOSYSTEM range 0: introduced in 2.4, fixed in 2.12.2'] }]);
  });

  it('filters by severity, KEV, EPSS, vulnerability alias, product, release, component text and status', async () => {
    expect(await findings('severity=critical')).toEqual(['CVE-2021-44228 log4j-core@pump', 'CVE-2021-44228 log4j-core@gateway']);
    expect((await findings('severity=high')).length).toBe(4);
    expect((await findings('kev=true&sort=severity')).map((f) => f.split(' ')[0])).toEqual(['CVE-2021-44228', 'CVE-2021-44228', 'CVE-2014-0160']);
    expect(await findings('kev=false')).toEqual(['CVE-2024-22100 dicom-viewer@gateway']);
    expect((await findings('epssMin=0.9')).length).toBe(2);
    expect(await findings('epssMin=0.95')).toEqual([]);
    expect(await findings('vulnId=GHSA-jfh8-c2jp-5v3q')).toEqual(['CVE-2021-44228 log4j-core@pump', 'CVE-2021-44228 log4j-core@gateway']);
    expect(await findings(`productId=${ids.pumpProduct}`)).toEqual(['CVE-2021-44228 log4j-core@pump']);
    expect((await findings(`releaseId=${ids.gateway}`)).length).toBe(3);
    expect(await findings('q=OpenSSL')).toEqual(['CVE-2014-0160 openssl@gateway']);
    expect((await findings('q=pkg:maven/')).length).toBe(2);
    expect(await findings('q=log4j%25core')).toEqual([]); // a literal %, not a wildcard
    expect(await findings('status=fixed')).toEqual([]);
    expect(await findings(`releaseId=${ids.gateway}&kev=true&severity=critical`)).toEqual(['CVE-2021-44228 log4j-core@gateway']);
  });

  it('pages with cursors in either order, with filters, neither repeating nor skipping', async () => {
    const bySeverity = (await get<Page<Finding>>('/api/v1/findings?sort=severity')).items.map((f) => f.id);
    expect((await walk<Finding>('/api/v1/findings?sort=severity', 1)).map((f) => f.id)).toEqual(bySeverity);
    const newest = (await get<Page<Finding>>('/api/v1/findings')).items.map((f) => f.id);
    expect((await walk<Finding>('/api/v1/findings', 1)).map((f) => f.id)).toEqual(newest);
    expect((await walk<Finding>('/api/v1/findings?sort=severity&kev=true', 2)).map((f) => f.vulnId)).toEqual(['CVE-2021-44228', 'CVE-2021-44228', 'CVE-2014-0160']);
  });

  it('refuses a cursor of the other sort order and bad filter values', async () => {
    const newestCursor = (await get<Page<Finding>>('/api/v1/findings?limit=1')).nextCursor!;
    expect((await t.api('GET', `/api/v1/findings?sort=severity&cursor=${newestCursor}`, { as: analyst })).status).toBe(400);
    expect((await t.api('GET', '/api/v1/findings?severity=severe', { as: analyst })).status).toBe(400);
    expect((await t.api('GET', '/api/v1/findings?epssMin=2', { as: analyst })).status).toBe(400);
    expect((await t.api('GET', '/api/v1/findings?kev=yes', { as: analyst })).status).toBe(400);
  });

  it('shows one finding with why it matched, its history and the merged vulnerability', async () => {
    const [heartbleed] = (await get<Page<Finding>>('/api/v1/findings?vulnId=CVE-2014-0160')).items;
    const detail = await get<{ finding: Finding; events: { kind: string }[]; vulnerability: { id: string; kev: { due_date: string } } }>(`/api/v1/findings/${heartbleed!.id}`);
    expect(detail.finding.evidence).toEqual([{ recordId: 'CVE-2014-0160', method: 'cpe', reasons: ['CPE cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:* (from 1.0.1, before 1.0.1g)'] }]);
    expect(detail.finding).toMatchObject({ kev: true, severity: { level: 'high', score: 7.5 } });
    // The match's own history (clocks and scoring add theirs beside it).
    expect(detail.events.map((e) => e.kind).filter((k) => k === 'opened' || k === 'fixed' || k === 'reopened' || k === 'withdrawn' || k === 'evidence')).toEqual(['opened']);
    expect(detail.vulnerability.id).toBe('CVE-2014-0160');
    expect(detail.vulnerability.kev.due_date).toBe(kevEntry('CVE-2014-0160').dueDate);
  });
});

const kevEntry = (cve: string) => (JSON.parse(KEV.toString()) as { vulnerabilities: { cveID: string; dueDate: string; requiredAction: string }[] }).vulnerabilities.find((v) => v.cveID === cve)!;

interface VulnerabilitySummary { vulnId: string; aliases: string[]; summary: string | null; severity: { level: string }; kev: boolean; epss: number | null; affectedFindings: number }
const search = async (q: string) => (await get<Page<VulnerabilitySummary>>(`/api/v1/vulnerabilities?q=${encodeURIComponent(q)}`)).items.map((v) => v.vulnId);

describe('vulnerability search', () => {
  it('finds a vulnerability by id, alias, package name or package URL', async () => {
    expect(await search('CVE-2021-44228')).toEqual(['CVE-2021-44228']);
    expect(await search('ghsa-jfh8')).toEqual(['CVE-2021-44228']);
    expect(await search('log4j-core')).toEqual(['CVE-2021-44228']);
    expect(await search('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toEqual(['CVE-2021-44228']);
    expect(await search('openssl')).toEqual(['CVE-2014-0160']);
    expect(await search('dicom_viewer')).toEqual(['CVE-2024-22100']);
    expect(await search('no-such-package')).toEqual([]);
  });

  it('summarizes each with aliases, severity, KEV, EPSS and open findings', async () => {
    const [log4shell] = (await get<Page<VulnerabilitySummary>>('/api/v1/vulnerabilities?q=GHSA-jfh8-c2jp-5v3q')).items;
    expect(log4shell).toEqual({
      vulnId: 'CVE-2021-44228',
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      summary: JSON.parse(GHSA.toString()).summary,
      severity: { level: 'critical', score: 10 },
      kev: true,
      epss: 0.94358,
      affectedFindings: 2,
    });
  });

  it('lists every vulnerability in id order, page by page', async () => {
    const nvdIds = (JSON.parse(NVD_PAGE.toString()) as { vulnerabilities: { cve: { id: string } }[] }).vulnerabilities.map((v) => v.cve.id).sort();
    expect((await walk<VulnerabilitySummary>('/api/v1/vulnerabilities', 4)).map((v) => v.vulnId)).toEqual(nvdIds);
  });
});

interface Vulnerability {
  id: string;
  aliases: string[];
  severity: { level: string; score: number };
  records: { record_id: string; source_name: string; severity_level: string; severity_score: number; refs: { url: string }[] }[];
  kev: { due_date: string; required_action: string } | null;
  epss: { epss: number; percentile: number } | null;
  affectedReleases: { productName: string; releaseVersion: string; lifecycleStage: string; componentVersion: string; findingId: string; status: string }[];
  fixedIn: { via: string; ecosystem: string | null; package: string; fixed: string[]; lastAffected: string[]; recordIds: string[] }[];
}

describe('vulnerability page', () => {
  it('merges every source’s record with KEV and EPSS', async () => {
    const v = await get<Vulnerability>('/api/v1/vulnerabilities/GHSA-jfh8-c2jp-5v3q');
    expect(v).toMatchObject({ id: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'], severity: { level: 'critical', score: 10 }, epss: { epss: 0.94358, percentile: 0.99957 } });
    expect(v.records.map((r) => [r.record_id, r.source_name, r.severity_level])).toEqual([
      ['CVE-2021-44228', 'nvd files', 'critical'],
      ['GHSA-jfh8-c2jp-5v3q', 'osv files', 'critical'],
    ]);
    expect(v.records[1]!.refs.length).toBe(JSON.parse(GHSA.toString()).references.length);
    expect(v.kev).toMatchObject({ due_date: kevEntry('CVE-2021-44228').dueDate, required_action: kevEntry('CVE-2021-44228').requiredAction });
  });

  it('lists the releases across the portfolio it affects', async () => {
    const v = await get<Vulnerability>('/api/v1/vulnerabilities/CVE-2021-44228');
    expect(v.affectedReleases.map((r) => [r.productName, r.releaseVersion, r.lifecycleStage, r.componentVersion, r.status])).toEqual([
      ['Infusion Pump', '3.1', 'support', '2.12.1', 'affected'],
      ['Pump Gateway', '5.0', 'development', '2.14.1', 'affected'],
    ]);
  });

  it('says which versions fix it, from the records’ OSV events and NVD CPE bounds', async () => {
    const v = await get<Vulnerability>('/api/v1/vulnerabilities/CVE-2021-44228');
    // GitHub's three ranges end at 2.3.1, 2.12.2 and 2.15.0 (Maven order, not text order).
    const ghsaFixed = (JSON.parse(GHSA.toString()) as { affected: { ranges: { events: { fixed?: string }[] }[] }[] }).affected.flatMap((a) => a.ranges.flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : []))));
    expect(ghsaFixed.sort()).toEqual(['2.12.2', '2.15.0', '2.3.1']);
    expect(v.fixedIn[0]).toEqual({ via: 'osv', ecosystem: 'Maven', package: 'org.apache.logging.log4j:log4j-core', fixed: ['2.3.1', '2.12.2', '2.15.0'], lastAffected: [], recordIds: ['GHSA-jfh8-c2jp-5v3q'] });
    expect(v.fixedIn.find((f) => f.package === 'apache:log4j')).toEqual({ via: 'cpe', ecosystem: null, package: 'apache:log4j', fixed: ['2.3.1', '2.12.2', '2.15.0'], lastAffected: [], recordIds: ['CVE-2021-44228'] });
    const heartbleed = await get<Vulnerability>('/api/v1/vulnerabilities/CVE-2014-0160');
    expect(heartbleed.fixedIn.find((f) => f.package === 'openssl:openssl')?.fixed).toContain('1.0.1g');
  });

  it('is 404 for an id no record names', async () => {
    expect((await t.api('GET', '/api/v1/vulnerabilities/CVE-1999-0001', { as: analyst })).status).toBe(404);
  });
});

interface Coverage {
  totals: Record<string, number>;
  reasonCounts: Record<string, number>;
  items: { ref: string; reasons: { code: string; message: string }[] }[];
  nextCursor: string | null;
}

describe('release coverage', () => {
  it('counts components matchable by purl, by CPE only, and unmatchable, listing each unmatchable one with the reason', async () => {
    const c = await get<Coverage>(`/api/v1/releases/${ids.gateway}/coverage`);
    // log4j-core by purl; openssl, dicom-viewer and busybox (pkg:generic, but with a CPE) by CPE.
    expect(c.totals).toEqual({ components: 8, byPurl: 1, byCpeOnly: 3, unmatchable: 4 });
    expect(c.items.map((i) => [i.ref, i.reasons.map((r) => r.code)])).toEqual([
      ['blob', ['no-identifier']],
      ['zlib', ['no-osv-ecosystem']],
      ['lodash', ['no-version']],
      ['vendorless', ['cpe-without-product']],
    ]);
    expect(c.items[1]!.reasons[0]!.message).toMatch(/^pkg:generic package URLs name no OSV ecosystem/);
    expect(c.reasonCounts).toEqual({ 'no-identifier': 1, 'no-osv-ecosystem': 1, 'no-version': 1, 'cpe-without-product': 1 });
  });

  it('pages the unmatchable components, totals staying whole', async () => {
    const first = await get<Coverage>(`/api/v1/releases/${ids.gateway}/coverage?limit=3`);
    expect(first.items.map((i) => i.ref)).toEqual(['blob', 'zlib', 'lodash']);
    const second = await get<Coverage>(`/api/v1/releases/${ids.gateway}/coverage?limit=3&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ totals: { unmatchable: 4 }, nextCursor: null });
    expect(second.items.map((i) => i.ref)).toEqual(['vendorless']);
    expect((await get<Coverage>(`/api/v1/releases/${ids.pump}/coverage`)).totals).toEqual({ components: 1, byPurl: 1, byCpeOnly: 0, unmatchable: 0 });
  });

  it('is 404 for a release without an SBOM and for another organization', async () => {
    const empty = await createRelease(t.db, systemContext(org.id), ids.pumpProduct, { version: '3.2' });
    expect((await t.api('GET', `/api/v1/releases/${empty.id}/coverage`, { as: analyst })).json()).toMatchObject({ status: 404, detail: 'That release has no SBOM yet.' });
    const other = await t.seedOrg('intel-views-other');
    const stranger = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'x', role: 'viewer', expiresInDays: 1 })).secret };
    expect((await t.api('GET', `/api/v1/releases/${ids.gateway}/coverage`, { as: stranger })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/vulnerabilities?q=log4j', { as: stranger })).json()).toEqual({ items: [], nextCursor: null });
    expect((await t.api('GET', '/api/v1/findings?sort=severity', { as: stranger })).json()).toEqual({ items: [], nextCursor: null });
  });
});
