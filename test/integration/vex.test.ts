import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { parseCsafVex, parseCycloneDxVex, parseOpenVex, validateCsaf, validateOpenVexSchema, type VexParseResult } from '../../src/formats/vex/index.js';
import { strictValidate } from '../../src/formats/cyclonedx/test-support.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * VEX in and out of a release through the API: exports in the three formats pass their
 * official validators (CycloneDX library strict 1.6, OpenVEX schema, csaf-validator-lib) and
 * carry the analysis, comments and history where the format has a place (the rest is listed
 * as lost); each export imported back restores the analysis; bad documents — schema-invalid,
 * invalid pairs, unknown products, contradictions (also across aliases) — are refused whole
 * with a per-statement report; statements matching nothing are reported; the release's VDR
 * carries the triage analysis where a finding has one. The release ships
 * log4j-core 2.14.1 (GitHub's Log4Shell advisory, CVE-2021-44228) and lodash 4.17.15
 * (GHSA-p6mc-m468-83gw, CVE-2020-8203).
 */

const GHSA_LOG4J = JSON.parse(readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url), 'utf8'));
const LODASH = {
  schema_version: '1.6.0', id: 'GHSA-p6mc-m468-83gw', modified: '2024-03-15T00:00:00Z', aliases: ['CVE-2020-8203'], summary: 'Prototype Pollution in lodash',
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '3.7.0' }, { fixed: '4.17.19' }] }] }],
};
const LOG4J_PURL = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1';
const SBOM = {
  bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
  components: [
    { type: 'library', 'bom-ref': 'log4j', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: LOG4J_PURL },
    { type: 'library', 'bom-ref': 'lodash', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' },
    { type: 'library', 'bom-ref': 'zlib', name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1' },
  ],
};

let t: TestVigil;
let org: TestOrg;
let analyst: { cookie: string; csrf: string };
let viewer: { bearer: string };
let release: string;
const finding: Record<'log4j' | 'lodash', string> = { log4j: '', lodash: '' };

type Analysis = { analysis_state: string | null; analysis_justification: string | null; analysis_responses: string[]; analysis_detail: string | null };
const analyses = async () =>
  Object.fromEntries(
    await Promise.all(
      (['log4j', 'lodash'] as const).map(async (k) => [k, await t.db.selectFrom('findings').select(['analysis_state', 'analysis_justification', 'analysis_responses', 'analysis_detail']).where('id', '=', finding[k]).executeTakeFirstOrThrow()] as const),
    ),
  ) as Record<'log4j' | 'lodash', Analysis>;
const reset = () => t.db.updateTable('findings').set({ analysis_state: null, analysis_justification: null, analysis_responses: [], analysis_detail: null }).where('release_id', '=', release).execute();
const exportVex = (format: string, envelope = false) => t.api('GET', `/api/v1/releases/${release}/vex?format=${format}${envelope ? '&envelope=true' : ''}`, { as: viewer });
const importVex = (body: unknown, query = '') => t.api('POST', `/api/v1/releases/${release}/vex${query}`, { as: analyst, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('vex');
  const ctx = systemContext(org.id);
  analyst = await t.login(org.users.analyst.email);
  viewer = { bearer: (await createToken(t.db, ctx, { name: 'viewer', role: 'viewer', expiresInDays: 1 })).secret };
  const source = await createSource(t.db, ctx, { kind: 'osv', name: 'osv' });
  await importRecords(t.db, ctx, source.id, (async function* () {
    yield { record: parseOsvRecord(GHSA_LOG4J).record! };
    yield { record: parseOsvRecord(LODASH).record! };
  })());
  const product = await createProduct(t.db, ctx, { name: 'Infusion Gateway' });
  release = (await createRelease(t.db, ctx, product.id, { version: '3.1.0' })).id;
  const { sbom } = await importSbom(t.db, ctx, release, Buffer.from(JSON.stringify(SBOM)));
  await matchImportedSbom(t.db, ctx, sbom.id);
  const rows = await t.db.selectFrom('findings').select(['id', 'vuln_id']).where('release_id', '=', release).execute();
  finding.log4j = rows.find((r) => r.vuln_id === 'CVE-2021-44228')!.id;
  finding.lodash = rows.find((r) => r.vuln_id === 'CVE-2020-8203')!.id;
  await t.api('PATCH', `/api/v1/findings/${finding.log4j}/analysis`, { as: analyst, body: { state: 'exploitable', responses: ['update', 'workaround_available'], detail: 'HL7 patient names are logged through log4j-core.' } });
  await t.api('PATCH', `/api/v1/findings/${finding.lodash}/analysis`, { as: analyst, body: { state: 'not_affected', justification: 'code_not_reachable', detail: 'zipObjectDeep is never called.' } });
  await t.api('POST', `/api/v1/findings/${finding.lodash}/comments`, { as: analyst, body: { body: 'Checked with grep over the bundle.' } });
});
afterAll(() => t.close());

const ORIGINAL = {
  log4j: { analysis_state: 'exploitable', analysis_justification: null, analysis_responses: ['update', 'workaround_available'], analysis_detail: 'HL7 patient names are logged through log4j-core.' },
  lodash: { analysis_state: 'not_affected', analysis_justification: 'code_not_reachable', analysis_responses: [], analysis_detail: 'zipObjectDeep is never called.' },
};

/**
 * CISA "Minimum Requirements for VEX" (2023), judged here on the read-back model independently
 * of the readers' own `cisa-minimum` check: document id, author, author role, timestamp and
 * version; per statement the vulnerability, a product, a status, a timestamp, a justification
 * or impact statement when not affected, an action statement (or response) when affected.
 */
function missingCisaMinimum(read: VexParseResult): string[] {
  const d = read.document!;
  const missing = [
    ...(d.id ? [] : ['document id']), ...(d.author ? [] : ['author']), ...(d.authorRole ? [] : ['author role']),
    ...(d.timestamp ? [] : ['timestamp']), ...(Number.isInteger(d.version) && d.version >= 1 ? [] : ['version']),
  ];
  read.statements.forEach((s, i) => {
    const has = (what: string, ok: unknown) => { if (!ok) missing.push(`statement ${i} ${what}`); };
    has('vulnerability', s.vulnerability.id);
    has('product', s.products.length > 0 && s.products.every((p) => p.purl ?? p.cpe ?? p.ref ?? p.name));
    has('timestamp', s.firstIssued ?? s.lastUpdated ?? d.timestamp);
    if (s.state === 'not_affected') has('justification or impact statement', s.justification ?? s.cisaJustification ?? s.impactStatement ?? s.detail);
    if (s.state === 'exploitable') has('action statement', s.actionStatement ?? (s.responses.length > 0 || s.workaround));
  });
  return [...missing, ...read.issues.filter((i) => i.code === 'cisa-minimum').map((i) => `${i.location ?? '/'}: ${i.message}`)];
}

describe('VEX export', () => {
  it('writes CycloneDX 1.6 by default that the CycloneDX library’s strict validator accepts, with comments and history as annotations', async () => {
    const res = await t.api('GET', `/api/v1/releases/${release}/vex`, { as: viewer });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/vnd\.cyclonedx\+json/);
    expect(await strictValidate(res.body, '1.6')).toBeNull();
    const read = parseCycloneDxVex(res.body);
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const byVuln = Object.fromEntries(read.statements.map((s) => [s.vulnerability.id, s]));
    expect(byVuln['CVE-2021-44228']).toMatchObject({ state: 'exploitable', responses: ['update', 'workaround_available'], detail: ORIGINAL.log4j.analysis_detail, products: [{ purl: LOG4J_PURL }] });
    expect(byVuln['CVE-2020-8203']).toMatchObject({ state: 'not_affected', justification: 'code_not_reachable', detail: ORIGINAL.lodash.analysis_detail });
    expect(byVuln['CVE-2021-44228']!.vulnerability.aliases.map((a) => a.id)).toContain('GHSA-jfh8-c2jp-5v3q');
    expect(byVuln['CVE-2020-8203']!.history.map((h) => h.text)).toEqual(['Analysis: not_affected, code_not_reachable', 'Checked with grep over the bundle.']);
    expect(read.document).toMatchObject({ author: 'Org vex', authorRole: 'vendor' });
    expect(read.statements).toHaveLength(2);
    expect(missingCisaMinimum(read)).toEqual([]);
    expect(Number(res.headers['x-vigil-vex-lost'])).toBeGreaterThan(0);
  });

  it('writes OpenVEX 0.2.0 that passes the official schema, listing comments and history as lost', async () => {
    const res = await exportVex('openvex', true);
    const { document, lost } = res.json<{ document: Record<string, unknown>; lost: { location: string; reason: string }[] }>();
    expect(validateOpenVexSchema(document)).toEqual([]);
    const read = parseOpenVex(JSON.stringify(document));
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const lodash = read.statements.find((s) => s.vulnerability.id === 'CVE-2020-8203')!;
    expect(lodash).toMatchObject({ state: 'not_affected', cisaJustification: 'vulnerable_code_not_in_execute_path', impactStatement: ORIGINAL.lodash.analysis_detail });
    expect(lodash.products[0]).toMatchObject({ ref: `urn:vigil:release:${release}`, subcomponents: [{ purl: 'pkg:npm/lodash@4.17.15' }] });
    const log4j = read.statements.find((s) => s.vulnerability.id === 'CVE-2021-44228')!;
    expect(log4j.actionStatement).toBe('Update to a different revision or release; There is a workaround available');
    expect(lost.some((l) => /history/.test(l.location))).toBe(true);
    expect(lost.some((l) => /responses/.test(l.location))).toBe(true);
    expect(read.document).toMatchObject({ id: expect.any(String), author: 'Org vex', authorRole: 'vendor', version: 1 });
    expect(read.statements).toHaveLength(2);
    expect(missingCisaMinimum(read)).toEqual([]);
  });

  it('writes CSAF 2.0 VEX that passes csaf-validator-lib (schema and mandatory tests), comments as notes', async () => {
    const res = await exportVex('csaf');
    const doc = res.json();
    expect((await validateCsaf(doc)).filter((i) => i.severity === 'error')).toEqual([]);
    const read = await parseCsafVex(res.body);
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const lodash = read.statements.find((s) => s.vulnerability.id === 'CVE-2020-8203')!;
    expect(lodash).toMatchObject({ state: 'not_affected', cisaJustification: 'vulnerable_code_not_in_execute_path', detail: ORIGINAL.lodash.analysis_detail });
    expect(lodash.notes.map((n) => n.text)).toContain('Checked with grep over the bundle.');
    const log4j = read.statements.find((s) => s.vulnerability.id === 'CVE-2021-44228')!;
    expect([...log4j.responses].sort()).toEqual(['update', 'workaround_available']);
    expect(read.document).toMatchObject({ id: expect.any(String), author: 'Org vex', authorRole: 'vendor', version: 1 });
    expect(read.statements).toHaveLength(2);
    expect(missingCisaMinimum(read)).toEqual([]);
  });

  it('round-trips every format: export, forget the analysis, import the export, same analysis', async () => {
    for (const format of ['cyclonedx', 'openvex', 'csaf']) {
      const exported = (await exportVex(format)).body;
      await reset();
      const res = await importVex(exported);
      expect(res.status, `${format}: ${res.body}`).toBe(200);
      expect(res.json()).toMatchObject({ format, applied: 2, unmatched: 0 });
      expect(await analyses(), format).toEqual(ORIGINAL);
    }
    const events = await t.db.selectFrom('finding_events').select(['kind', 'detail']).where('finding_id', '=', finding.lodash).where('kind', '=', 'vex').execute();
    expect(events).toHaveLength(3);
    expect(events[0]!.detail).toMatchObject({ format: 'cyclonedx', after: { state: 'not_affected' } });
    // Importing the same document again changes nothing.
    const again = await importVex((await exportVex('csaf')).body);
    expect(again.json()).toMatchObject({ applied: 0, unchanged: 2 });
  });

  it('writes CycloneDX 1.5 and 1.4 on request, each accepted by the strict validator of its version and imported back', async () => {
    for (const version of ['1.5', '1.4'] as const) {
      const res = await t.api('GET', `/api/v1/releases/${release}/vex?specVersion=${version}&envelope=true`, { as: viewer });
      expect(res.status, res.body).toBe(200);
      const { document, lost } = res.json<{ document: Record<string, unknown>; lost: { location: string }[] }>();
      expect(document).toMatchObject({ bomFormat: 'CycloneDX', specVersion: version });
      expect(await strictValidate(JSON.stringify(document), version)).toBeNull();
      const read = parseCycloneDxVex(JSON.stringify(document));
      expect(missingCisaMinimum(read)).toEqual([]);
      // 1.4 has no annotations: the lodash comment and decision are lost there, kept in 1.5.
      expect(document['annotations'] === undefined, version).toBe(version === '1.4');
      expect(lost.some((l) => /\/history$/.test(l.location)), version).toBe(version === '1.4');
      await reset();
      const imported = await importVex(JSON.stringify(document));
      expect(imported.json(), version).toMatchObject({ format: 'cyclonedx', applied: 2, unmatched: 0 });
      expect(await analyses(), version).toEqual(ORIGINAL);
    }
    const other = await t.api('GET', `/api/v1/releases/${release}/vex?format=openvex&specVersion=1.4`, { as: viewer });
    expect([other.status, other.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer]).toEqual([400, '/querystring/specVersion']);
    expect((await t.api('GET', `/api/v1/releases/${release}/vex?specVersion=1.3`, { as: viewer })).status).toBe(400);
  });
});

const openvex = (statements: unknown[], extra: Record<string, unknown> = {}) => ({
  '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/doc-1', author: 'Upstream PSIRT', role: 'vendor', timestamp: '2026-11-01T10:00:00Z', version: 1, statements, ...extra,
});

describe('VEX import', () => {
  it('applies a third-party statement about a component, reporting statements that match nothing', async () => {
    await reset();
    const res = await importVex(openvex([
      { vulnerability: { name: 'GHSA-jfh8-c2jp-5v3q' }, products: [{ '@id': LOG4J_PURL }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
      { vulnerability: { name: 'CVE-2099-0001' }, products: [{ '@id': LOG4J_PURL }], status: 'fixed' },
    ]));
    expect(res.status, res.body).toBe(200);
    const body = res.json<{ applied: number; unmatched: number; statements: { outcome: string; findingIds: string[]; messages: string[] }[] }>();
    expect(body).toMatchObject({ applied: 1, unmatched: 1 });
    // Matched by alias: the finding is named CVE-2021-44228, the statement GHSA-jfh8-c2jp-5v3q.
    expect(body.statements[0]).toMatchObject({ outcome: 'matched', findingIds: [finding.log4j] });
    expect(body.statements[1]!.outcome).toBe('unmatched');
    expect(body.statements[1]!.messages[0]).toMatch(/no finding of Infusion Gateway 3.1.0/);
    expect((await analyses()).log4j).toMatchObject({ analysis_state: 'not_affected', analysis_justification: 'code_not_reachable' });
  });

  it('applies a product-level statement (the release named by purl with its version) to every finding of the vulnerability', async () => {
    await reset();
    const res = await importVex(openvex([{ vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:generic/acme/infusion-gateway@3.1.0', subcomponents: [{ '@id': 'pkg:npm/lodash@4.17.15' }] }], status: 'affected', action_statement: 'Upgrade lodash in 3.1.1.' }]));
    expect(res.json()).toMatchObject({ applied: 1 });
    expect((await analyses()).lodash).toMatchObject({ analysis_state: 'exploitable', analysis_detail: 'Upgrade lodash in 3.1.1.' });
  });

  const refused = async (body: unknown, status: number, type: string) => {
    await reset();
    const res = await importVex(body);
    expect(res.status, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json<{ type: string }>().type).toBe(`https://vigil.dev/problems/${type}`);
    expect(await analyses()).toEqual({ log4j: { analysis_state: null, analysis_justification: null, analysis_responses: [], analysis_detail: null }, lodash: { analysis_state: null, analysis_justification: null, analysis_responses: [], analysis_detail: null } });
    return res.json<{ errors: { pointer: string; message: string }[]; statements?: { outcome: string }[] }>();
  };

  it('refuses a schema-invalid document and an invalid status/justification pair, naming where', async () => {
    const noAuthor = await refused({ ...openvex([{ vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'fixed' }]), author: undefined }, 422, 'invalid-vex');
    expect(noAuthor.errors[0]!.message).toMatch(/^schema:/);
    const pair = await refused(openvex([{ vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'not_affected' }]), 422, 'invalid-vex');
    expect(pair.errors.map((e) => e.pointer)).toContain('/statements/0');
    const cdx = { bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [{ type: 'library', 'bom-ref': 'l', name: 'lodash', purl: 'pkg:npm/lodash@4.17.15' }], vulnerabilities: [{ id: 'CVE-2020-8203', analysis: { state: 'exploitable', justification: 'code_not_present' }, affects: [{ ref: 'l' }] }] };
    const cdxPair = await refused(cdx, 422, 'invalid-vex');
    expect(cdxPair.errors.map((e) => e.message).join()).toMatch(/justification-without-not-affected/);
  });

  it('refuses a document naming an unknown product, applying none of its valid statements', async () => {
    const body = await refused(openvex([
      { vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'fixed' },
      { vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': 'pkg:generic/acme/infusion-gateway@2.4.0', subcomponents: [{ '@id': LOG4J_PURL }] }], status: 'fixed' },
    ]), 422, 'vex-statements');
    expect(body.errors).toEqual([{ pointer: '/statements/1', message: 'unknown-product: pkg:generic/acme/infusion-gateway@2.4.0 is neither Infusion Gateway 3.1.0 nor a component of it' }]);
    expect(body.statements!.map((s) => s.outcome)).toEqual(['matched', 'error']);
  });

  it('refuses statements that contradict each other on one finding: product vs component, and across aliases only the intelligence knows', async () => {
    const nested = await refused(openvex([
      { vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': `urn:vigil:release:${release}` }], status: 'affected', action_statement: 'Upgrade.' },
      { vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'not_affected', justification: 'component_not_present' },
    ]), 422, 'vex-statements');
    expect(nested.errors[0]).toMatchObject({ pointer: '/statements/1' });
    expect(nested.errors[0]!.message).toMatch(/^contradictory-statements: CVE-2020-8203 is not_affected here but exploitable in statement 0/);
    const aliases = await refused(openvex([
      { vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'fixed' },
      { vulnerability: { name: 'GHSA-p6mc-m468-83gw' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'under_investigation' },
    ]), 422, 'vex-statements');
    expect(aliases.errors[0]!.message).toMatch(/^contradictory-statements: GHSA-p6mc-m468-83gw is in_triage here but resolved/);
    // Within the document (aliases listed): the reader's own check.
    await refused(openvex([
      { vulnerability: { name: 'CVE-2020-8203', aliases: ['GHSA-p6mc-m468-83gw'] }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'fixed' },
      { vulnerability: { name: 'GHSA-p6mc-m468-83gw' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'under_investigation' },
    ]), 422, 'invalid-vex');
  });

  it('refuses what is not VEX, over-large bodies and roles that cannot triage', async () => {
    await refused({ hello: 'world' }, 415, 'unsupported-vex');
    await refused('not json', 415, 'unsupported-vex');
    await refused(JSON.stringify(openvex([])).padEnd(16 * 1024 * 1024 + 10, ' '), 413, 'body-too-large');
    expect((await t.api('POST', `/api/v1/releases/${release}/vex`, { as: viewer, body: JSON.stringify(openvex([])), headers: { 'content-type': 'application/json' } })).status).toBe(403);
    expect((await importVex(openvex([]), '?format=spdx')).status).toBe(400);
  });
});

describe('VDR', () => {
  it('reports the release’s vulnerabilities as a CycloneDX 1.6 VDR the strict validator accepts', async () => {
    const res = await t.api('GET', `/api/v1/releases/${release}/vdr`, { as: viewer });
    expect(res.status).toBe(200);
    expect(await strictValidate(res.body, '1.6')).toBeNull();
    const vdr = res.json<{ vulnerabilities: { id: string; affects: { ref: string }[]; analysis?: unknown }[]; metadata: { properties: { name: string; value: string }[] } }>();
    expect(vdr.vulnerabilities.map((v) => v.id).sort()).toEqual(['CVE-2020-8203', 'CVE-2021-44228']);
    expect(vdr.vulnerabilities.find((v) => v.id === 'CVE-2021-44228')!.affects).toEqual([{ ref: 'log4j', versions: [{ version: '2.14.1', status: 'affected' }] }]);
    expect(vdr.metadata.properties).toContainEqual({ name: 'vigil:release', value: 'Infusion Gateway 3.1.0' });
    expect(vdr.metadata.properties.map((p) => p.name)).not.toContain('vigil:scan:policy');
  });

  it('carries the triage analysis of each analysed finding (state, justification, response, detail, times), still valid; none where not analysed', async () => {
    await reset();
    const detail = 'HL7 patient names are logged through log4j-core; 3.1.1 ships 2.17.1.';
    const patched = await t.api('PATCH', `/api/v1/findings/${finding.log4j}/analysis`, { as: analyst, body: { state: 'exploitable', responses: ['update', 'workaround_available'], detail } });
    expect(patched.status, patched.body).toBe(200);
    let res = await t.api('GET', `/api/v1/releases/${release}/vdr`, { as: viewer });
    expect(res.status).toBe(200);
    expect(await strictValidate(res.body, '1.6')).toBeNull();
    type Vdr = { vulnerabilities: { id: string; affects: { ref: string }[]; analysis?: Record<string, unknown> }[] };
    const log4j = await t.db.selectFrom('findings').select(['first_seen_at', 'analysis_updated_at']).where('id', '=', finding.log4j).executeTakeFirstOrThrow();
    let vulns = res.json<Vdr>().vulnerabilities;
    expect(vulns.map((v) => [v.id, v.affects.map((a) => a.ref)]).sort()).toEqual([['CVE-2020-8203', ['lodash']], ['CVE-2021-44228', ['log4j']]]);
    expect(vulns.find((v) => v.id === 'CVE-2021-44228')!.analysis).toEqual({
      state: 'exploitable', response: ['update', 'workaround_available'], detail,
      firstIssued: new Date(log4j.first_seen_at).toISOString(), lastUpdated: new Date(log4j.analysis_updated_at!).toISOString(),
    });
    expect(vulns.find((v) => v.id === 'CVE-2020-8203')).not.toHaveProperty('analysis');

    // A not_affected decision with its justification; the VDR still states the scan's affects.
    expect((await t.api('PATCH', `/api/v1/findings/${finding.lodash}/analysis`, { as: analyst, body: { state: 'not_affected', justification: 'code_not_reachable', detail: 'zipObjectDeep is never called.' } })).status).toBe(200);
    res = await t.api('GET', `/api/v1/releases/${release}/vdr`, { as: viewer });
    expect(await strictValidate(res.body, '1.6')).toBeNull();
    vulns = res.json<Vdr>().vulnerabilities;
    const lodash = await t.db.selectFrom('findings').select(['first_seen_at', 'analysis_updated_at']).where('id', '=', finding.lodash).executeTakeFirstOrThrow();
    expect(vulns.find((v) => v.id === 'CVE-2020-8203')).toMatchObject({
      affects: [{ ref: 'lodash', versions: [{ version: '4.17.15', status: 'affected' }] }],
      analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'zipObjectDeep is never called.', firstIssued: new Date(lodash.first_seen_at).toISOString(), lastUpdated: new Date(lodash.analysis_updated_at!).toISOString() },
    });
    expect(vulns.find((v) => v.id === 'CVE-2020-8203')!.analysis).not.toHaveProperty('response');
    expect(vulns.filter((v) => v.id === 'CVE-2021-44228')).toHaveLength(1);
  });
});
