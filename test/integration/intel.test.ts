import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Intelligence end to end through the API: sources, imports of real records (GitHub's
 * Log4Shell advisory in OSV form, NVD's Heartbleed with its CPE range, CISA KEV, FIRST EPSS),
 * matching at SBOM import, incremental rematch when a record changes, and a finding that
 * is marked fixed with evidence when the component is upgraded — same finding, history kept.
 */
const testdata = (path: string) => readFileSync(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA = testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const NVD_PAGE = testdata('nvd/testdata/nvd/nvd-api-page.json');
const KEV = testdata('kev/testdata/kev-excerpt.json');

/** A gateway firmware SBOM: log4j-core by purl, OpenSSL by CPE only (as firmware SBOMs often are), and a blob with neither. */
function bom(log4j: string, openssl: string, serial: number): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: `urn:uuid:3e671687-395b-41f5-a30f-a58921a69b7${serial}`, version: 1,
    metadata: { timestamp: '2026-11-30T10:00:00Z', component: { 'bom-ref': 'fw', type: 'firmware', name: 'gateway-fw', version: '5.0' } },
    components: [
      { 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: log4j, purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${log4j}` },
      { 'bom-ref': 'openssl', type: 'library', name: 'openssl', version: openssl, cpe: `cpe:2.3:a:openssl:openssl:${openssl}:*:*:*:*:*:*:*` },
      { 'bom-ref': 'blob', type: 'firmware', name: 'radio-blob', version: '7' },
    ],
    dependencies: [{ ref: 'fw', dependsOn: ['log4j', 'openssl', 'blob'] }],
  });
}

let t: TestVigil;
let org: TestOrg;
let analyst: { bearer: string };
let releaseId: string;
const sources: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('intel');
  const ctx = systemContext(org.id);
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'ci', role: 'analyst', expiresInDays: 1 })).secret };
  const product = await createProduct(t.db, ctx, { name: 'Pump Gateway' });
  releaseId = (await createRelease(t.db, ctx, product.id, { version: '5.0' })).id;
});
afterAll(() => t.close());

const importFile = (source: string, body: Buffer | string) => t.api('POST', `/api/v1/intel/sources/${sources[source]}/import`, { as: analyst, body, headers: { 'content-type': 'application/octet-stream' } });
const uploadSbom = (text: string) => t.api('POST', `/api/v1/releases/${releaseId}/sboms`, { as: analyst, body: text, headers: { 'content-type': 'application/json' } });
interface Finding { id: string; vulnId: string; status: string; componentName: string; componentVersion: string; matchMethod: string; confidence: string; kev: boolean; epss: number | null; evidence: { recordId: string; reasons: string[] }[] }
const findings = async (query = '') => (await t.api('GET', `/api/v1/findings${query}`, { as: analyst })).json<{ items: Finding[] }>().items;

describe('intelligence sources', () => {
  it('creates one source per kind, refusing a taken name and a non-http URL', async () => {
    for (const kind of ['osv', 'nvd', 'kev', 'epss']) {
      const res = await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind, name: `${kind} files` } });
      expect(res.status).toBe(201);
      sources[kind] = res.json<{ id: string }>().id;
    }
    expect((await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind: 'osv', name: 'osv files' } })).status).toBe(409);
    expect((await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind: 'osv', name: 'x', url: 'file:///etc/passwd' } })).status).toBe(400);
  });

  it('imports records idempotently and says how many changed', async () => {
    const first = (await importFile('osv', GHSA)).json<{ summary: { inserted: number; unchanged: number } }>();
    expect(first.summary).toMatchObject({ inserted: 1, unchanged: 0 });
    const again = (await importFile('osv', GHSA)).json<{ summary: { inserted: number; unchanged: number } }>();
    expect(again.summary).toMatchObject({ inserted: 0, unchanged: 1 });
    const nvd = (await importFile('nvd', NVD_PAGE)).json<{ summary: { inserted: number } }>();
    expect(nvd.summary.inserted).toBe(JSON.parse(NVD_PAGE.toString()).vulnerabilities.length);
    expect((await importFile('kev', KEV)).status).toBe(200);
    expect((await importFile('epss', '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\n')).json()).toMatchObject({ summary: { scores: 1 } });
  });

  it('merges GitHub’s and NVD’s records of Log4Shell into one vulnerability', async () => {
    const v = (await t.api('GET', '/api/v1/vulnerabilities/GHSA-jfh8-c2jp-5v3q', { as: analyst })).json<{ id: string; records: { record_id: string }[]; kev: { cve_id: string } | null; epss: { epss: number } | null }>();
    expect(v.id).toBe('CVE-2021-44228');
    expect(v.records.map((r) => r.record_id).sort()).toEqual(['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q']);
    expect(v.kev?.cve_id).toBe('CVE-2021-44228');
    expect(v.epss?.epss).toBeCloseTo(0.94358, 5);
  });
});

describe('findings', () => {
  it('matches an SBOM at import: Log4Shell by purl, Heartbleed by CPE', async () => {
    expect((await uploadSbom(bom('2.14.1', '1.0.1f', 1))).status).toBe(201);
    const items = await findings('?status=affected');
    const byVuln = Object.fromEntries(items.map((f) => [f.vulnId, f]));
    expect(Object.keys(byVuln).sort()).toEqual(['CVE-2014-0160', 'CVE-2021-44228']);
    expect(byVuln['CVE-2021-44228']).toMatchObject({ componentName: 'log4j-core', matchMethod: 'purl', confidence: 'exact', kev: true });
    expect(byVuln['CVE-2021-44228']!.evidence.map((e) => e.recordId)).toContain('GHSA-jfh8-c2jp-5v3q');
    expect(byVuln['CVE-2014-0160']).toMatchObject({ componentName: 'openssl', matchMethod: 'cpe', confidence: 'high' });
    expect(byVuln['CVE-2014-0160']!.evidence[0]!.reasons[0]).toMatch(/from 1\.0\.1, before 1\.0\.1g/);
  });

  it('marks a finding fixed with evidence when the component is upgraded, keeping its identity', async () => {
    const before = (await findings('?status=affected')).find((f) => f.vulnId === 'CVE-2021-44228')!;
    expect((await uploadSbom(bom('2.17.1', '1.0.1f', 2))).status).toBe(201);
    const fixed = (await findings('?status=fixed')).find((f) => f.vulnId === 'CVE-2021-44228');
    expect(fixed?.id).toBe(before.id);
    const detail = (await t.api('GET', `/api/v1/findings/${before.id}`, { as: analyst })).json<{ finding: { fixedEvidence: { reason: string; to: string } }; events: { kind: string }[] }>();
    expect(detail.finding.fixedEvidence).toMatchObject({ reason: 'upgraded', from: '2.14.1', to: '2.17.1' });
    // The match's own history (remediation clocks add theirs beside it).
    expect(detail.events.map((e) => e.kind).filter((k) => k === 'opened' || k === 'fixed' || k === 'reopened' || k === 'withdrawn' || k === 'evidence')).toEqual(['opened', 'fixed']);
    // Heartbleed is still there, as the same finding.
    expect((await findings('?status=affected')).map((f) => f.vulnId)).toEqual(['CVE-2014-0160']);
  });

  it('rematches incrementally when a record changes: a withdrawn advisory closes its finding', async () => {
    const res3 = await uploadSbom(bom('2.14.1', '1.0.1g', 3));
    expect(res3.status, res3.body).toBe(201);
    const reopened = (await findings('?status=affected')).map((f) => f.vulnId);
    expect(reopened).toEqual(['CVE-2021-44228']);
    // GitHub withdraws its record, the only one that matched (NVD's Log4Shell names no purl ranges).
    const withdrawn = JSON.parse(GHSA.toString()) as Record<string, unknown>;
    withdrawn['withdrawn'] = '2026-12-01T00:00:00Z';
    withdrawn['modified'] = '2026-12-01T00:00:00Z';
    const res = (await importFile('osv', JSON.stringify(withdrawn))).json<{ summary: { updated: number; sbomsRematched: number; findingsClosed: number } }>();
    expect(res.summary).toMatchObject({ updated: 1, sbomsRematched: 1, findingsClosed: 1 });
    expect((await findings('?status=withdrawn')).map((f) => f.vulnId)).toEqual(['CVE-2021-44228']);
  });

  it('closes the finding of a record re-filed under another id, and opens it under the new one', async () => {
    // GHSA-7rjr-3q55-vv33 (CVE-2021-45046, the incomplete Log4Shell fix): 2.13.0 up to 2.16.0 and before 2.12.2.
    const advisory = (aliases: string[], modified: string) => JSON.stringify({
      schema_version: '1.4.0', id: 'GHSA-7rjr-3q55-vv33', modified, published: '2021-12-14T18:01:28Z', aliases,
      summary: 'Incomplete fix for Apache Log4j vulnerability',
      affected: [{ package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.13.0' }, { fixed: '2.16.0' }] }, { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.12.2' }] }] }],
    });
    const first = (await importFile('osv', advisory(['CVE-2021-45046'], '2026-12-02T00:00:00Z'))).json<{ summary: { inserted: number; findingsOpened: number } }>();
    expect(first.summary).toMatchObject({ inserted: 1, findingsOpened: 1 });
    expect((await findings('?status=affected')).map((f) => f.vulnId)).toEqual(['CVE-2021-45046']);
    // The source drops the CVE alias: the vulnerability is now known by the GHSA id alone.
    const moved = (await importFile('osv', advisory([], '2026-12-03T00:00:00Z'))).json<{ summary: { updated: number; findingsOpened: number; findingsClosed: number } }>();
    expect(moved.summary).toMatchObject({ updated: 1, findingsOpened: 1, findingsClosed: 1 });
    expect((await findings('?status=affected')).map((f) => f.vulnId)).toEqual(['GHSA-7rjr-3q55-vv33']);
    expect((await findings('?status=fixed')).map((f) => f.vulnId)).toContain('CVE-2021-45046');
  });

  it('keeps another organization out', async () => {
    const other = await t.seedOrg('intel-other');
    const stranger = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'x', role: 'analyst', expiresInDays: 1 })).secret };
    expect((await t.api('GET', '/api/v1/findings', { as: stranger })).json()).toMatchObject({ items: [] });
    expect((await t.api('GET', '/api/v1/vulnerabilities/CVE-2021-44228', { as: stranger })).status).toBe(404);
    expect((await t.api('POST', `/api/v1/intel/sources/${sources['osv']}/import`, { as: stranger, body: GHSA, headers: { 'content-type': 'application/json' } })).status).toBe(404);
  });
});
