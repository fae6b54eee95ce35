import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITY_SQL } from '../../src/modules/exposure/recompute.js';
import { computeExposurePriority } from '../../src/modules/exposure/priority.js';
import { enqueueDueFeedSyncs } from '../../src/modules/vendors/service.js';
import { readFileSync } from 'node:fs';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createSource, importRecords } from '../../src/modules/intel/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * A hospital follows a CSAF trusted provider served from 127.0.0.1 by a fixture: three
 * advisories, one signed and hashed correctly, one signed with another key, one whose .sha512
 * does not match. One sync stores the good one only, names the two others on the feed status,
 * fills the catalog, matches the hospital's assets and computes their exposure; the next sync
 * is one 304 on changes.csv; a revised advisory is the only document downloaded again.
 *
 * Hand-worked exposure of pump S-1 (InfuSafe 2.8.1, ICU, zone clinical-vlan-20, criticality
 * high, patient-connected) to CVE-2021-44228: CVSS 10.0 × 30 = 300, KEV 250, EPSS 0.5 × 150 =
 * 75, criticality high 100, patient-connected 100, vendor harm "serious" 50 → base 875. A
 * segmentation control on its zone takes 200 (≤ 60 % of 875 = 525) → priority 675, band high;
 * the vendor fix is due 30 days (the default high band) after the advisory's release day.
 */

const CVE = 'CVE-2021-44228';
const RELEASED = '2026-01-10T00:00:00.000Z';

function advisory(trackingId: string, cve: string, current = RELEASED) {
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: `InfuSafe 3000: ${cve}`,
      publisher: { category: 'vendor', name: 'Acme Medical Devices', namespace: 'https://acme.example' },
      tracking: { id: trackingId, version: '1', status: 'final', initial_release_date: RELEASED, current_release_date: current, revision_history: [{ number: '1', date: RELEASED, summary: 'Initial release.' }] },
      notes: [{ category: 'summary', title: 'Patient safety', text: 'No patient harm has been reported.' }],
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: 'Acme Medical Devices',
          branches: [
            {
              category: 'product_name',
              name: 'InfuSafe 3000 infusion pump',
              branches: [
                { category: 'product_version', name: '2.8.1', product: { name: 'InfuSafe 3000 2.8.1', product_id: 'REL-281', product_identification_helper: { model_numbers: ['IS-3000', 'IS-3000W'] } } },
                { category: 'product_version', name: '3.1.4', product: { name: 'InfuSafe 3000 3.1.4', product_id: 'REL-314', product_identification_helper: { model_numbers: ['IS-3000', 'IS-3000W'] } } },
              ],
            },
          ],
        },
      ],
      full_product_names: [{ name: 'log4j-core 2.14.1', product_id: 'LOG4J', product_identification_helper: { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' } }],
      relationships: [{ category: 'default_component_of', full_product_name: { name: 'log4j-core in InfuSafe 2.8.1', product_id: 'REL-281:LOG4J' }, product_reference: 'LOG4J', relates_to_product_reference: 'REL-281' }],
    },
    vulnerabilities: [
      {
        cve,
        product_status: { known_affected: ['REL-281:LOG4J'], known_not_affected: ['REL-314'] },
        flags: [{ label: 'vulnerable_code_not_present', product_ids: ['REL-314'] }],
        threats: [
          { category: 'impact', details: 'Severity of harm to the patient if exploited: serious. Residual risk: uncontrolled.', product_ids: ['REL-281:LOG4J'] },
          { category: 'impact', details: 'Release 3.1.4 ships log4j-core 2.17.1.', product_ids: ['REL-314'] },
        ],
        remediations: [{ category: 'vendor_fix', details: 'Update to InfuSafe 3000 3.1.4.', product_ids: ['REL-281:LOG4J'] }],
        scores: [{ products: ['REL-281:LOG4J'], cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10, baseSeverity: 'CRITICAL' } }],
      },
    ],
  };
}

interface Served { body: Buffer; sha256: string; sha512: string; asc: string }
const files = new Map<string, Served>();
let changes = '';
let changesEtag = '"c1"';
const hits: string[] = [];
let server: Server;
let base = '';
let goodKey: openpgp.PrivateKey;
let otherKey: openpgp.PrivateKey;
let goodPublic = '';

async function publish(path: string, doc: object, options: { signer?: openpgp.PrivateKey; badSha512?: boolean } = {}) {
  const body = Buffer.from(JSON.stringify(doc, null, 2));
  const signature = await openpgp.sign({ message: await openpgp.createMessage({ binary: body }), signingKeys: options.signer ?? goodKey, detached: true, format: 'armored' });
  const name = path.split('/').at(-1)!;
  const sha512 = options.badSha512 ? createHash('sha512').update('something else').digest('hex') : createHash('sha512').update(body).digest('hex');
  files.set(path, { body, sha256: `${createHash('sha256').update(body).digest('hex')}  ${name}\n`, sha512: `${sha512}  ${name}\n`, asc: signature as string });
}

function serve(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0]!;
  hits.push(path);
  const dir = '/.well-known/csaf/white/';
  if (path === '/.well-known/csaf/provider-metadata.json') {
    const meta = {
      canonical_url: `${base}/.well-known/csaf/provider-metadata.json`,
      distributions: [{ directory_url: `${base}${dir}` }],
      last_updated: RELEASED,
      list_on_CSAF_aggregators: true,
      metadata_version: '2.0',
      mirror_on_CSAF_aggregators: true,
      public_openpgp_keys: [{ fingerprint: goodKey.getFingerprint().toUpperCase(), url: `${base}/.well-known/csaf/openpgp/key.asc` }],
      publisher: { category: 'vendor', name: 'Acme Medical Devices', namespace: 'https://acme.example' },
      role: 'csaf_trusted_provider',
    };
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(meta));
  }
  if (path === '/.well-known/csaf/openpgp/key.asc') return void res.writeHead(200).end(goodPublic);
  if (path === `${dir}changes.csv`) {
    if (req.headers['if-none-match'] === changesEtag) return void res.writeHead(304, { etag: changesEtag }).end();
    return void res.writeHead(200, { 'content-type': 'text/csv', etag: changesEtag }).end(changes);
  }
  const m = /^(.+\.json)(\.sha256|\.sha512|\.asc)?$/u.exec(path.slice(dir.length));
  const f = m && path.startsWith(dir) ? files.get(m[1]!) : undefined;
  if (!f) return void res.writeHead(404).end('not found');
  const out = m![2] === '.sha256' ? f.sha256 : m![2] === '.sha512' ? f.sha512 : m![2] === '.asc' ? f.asc : f.body;
  res.writeHead(200).end(out);
}

let t: TestVigil;
let hospital: TestOrg;
let other: TestOrg;
let analyst: { cookie: string; csrf: string };
let admin: { cookie: string; csrf: string };
let otherAdmin: { cookie: string; csrf: string };
const assets: Record<string, string> = {};
let feedId = '';

async function waitForJob(id: string) {
  for (let i = 0; i < 600; i++) {
    const job = (await t.api('GET', `/api/v1/jobs/${id}`, { as: admin })).json<{ state: string; result: Record<string, unknown>; error: string | null }>();
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

async function insertAsset(orgId: string, a: { manufacturer: string; model: string; serial: string; software_version: string | null; department: string; network_zone: string; clinical_criticality: 'low' | 'medium' | 'high' | 'critical' | null; patient_connected: boolean }) {
  return (await t.db.insertInto('assets').values({ org_id: orgId, ...a }).returning('id').executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  ({ privateKey: goodKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Acme PSIRT', email: 'psirt@acme.example' }], format: 'object' }));
  ({ privateKey: otherKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Mallory', email: 'm@evil.example' }], format: 'object' }));
  goodPublic = goodKey.toPublic().armor();
  await publish('2026/acme-sa-2026-0001.json', advisory('ACME-SA-2026-0001', CVE));
  await publish('2026/acme-sa-2026-0002.json', advisory('ACME-SA-2026-0002', 'CVE-2022-0002'), { signer: otherKey });
  await publish('2026/acme-sa-2026-0003.json', advisory('ACME-SA-2026-0003', 'CVE-2022-0003'), { badSha512: true });
  changes = ['"2026/acme-sa-2026-0001.json","2026-01-10T00:00:00.000Z"', '"2026/acme-sa-2026-0002.json","2026-01-09T00:00:00.000Z"', '"2026/acme-sa-2026-0003.json","2026-01-08T00:00:00.000Z"', ''].join('\n');
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  t = await startTestVigil();
  hospital = await t.seedOrg('mercy', 'healthcare_provider');
  other = await t.seedOrg('otherhosp', 'healthcare_provider');
  analyst = await t.login(hospital.users.analyst.email);
  admin = await t.login(hospital.users.admin.email);
  otherAdmin = await t.login(other.users.admin.email);
  assets.s1 = await insertAsset(hospital.id, { manufacturer: 'ACME Medical Devices, Inc.', model: 'IS 3000', serial: 'S-1', software_version: '2.8.1', department: 'ICU', network_zone: 'clinical-vlan-20', clinical_criticality: 'high', patient_connected: true });
  assets.s2 = await insertAsset(hospital.id, { manufacturer: 'Acme Medical', model: 'is-3000w', serial: 'S-2', software_version: 'v3.1.4', department: 'Ward 3', network_zone: 'clinical-vlan-30', clinical_criticality: 'medium', patient_connected: true });
  assets.s3 = await insertAsset(hospital.id, { manufacturer: 'Acme', model: 'IS-3000', serial: 'S-3', software_version: '2.8.1', department: 'Ward 3', network_zone: 'clinical-vlan-30', clinical_criticality: null, patient_connected: false });
  assets.s4 = await insertAsset(hospital.id, { manufacturer: 'Other Corp', model: 'IS-3000', serial: 'S-4', software_version: '2.8.1', department: 'Lab', network_zone: 'lab', clinical_criticality: 'low', patient_connected: false });
  await t.db.insertInto('intel_kev').values({ org_id: hospital.id, cve_id: CVE, vendor_project: 'Apache', product: 'Log4j2', vulnerability_name: 'Log4Shell', date_added: '2021-12-10', short_description: 'JNDI', required_action: 'Patch', due_date: '2021-12-24', known_ransomware_campaign_use: 'Known', notes: '', cwes: [] }).execute();
  await t.db.insertInto('intel_epss').values({ org_id: hospital.id, cve_id: CVE, epss: 0.5, percentile: 0.9, score_date: '2026-01-10' }).execute();
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('a CSAF trusted-provider feed', () => {
  it('refuses a bad URL and a non-key, and keeps feeds per organization', async () => {
    expect((await t.api('POST', '/api/v1/vendor-feeds', { as: analyst, body: { kind: 'csaf_provider', url: 'ftp://acme.example/x' } })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/vendor-feeds', { as: analyst, body: { kind: 'csaf_provider' } })).status).toBe(400);
    const badKey = await t.api('POST', '/api/v1/vendor-feeds', { as: analyst, body: { kind: 'csaf_provider', url: base, publicKeys: ['not a key'] } });
    expect(badKey.json()).toMatchObject({ status: 422, errors: [{ pointer: '/body/publicKeys/0' }] });
    expect(await t.db.selectFrom('vendor_feeds').select('id').execute()).toEqual([]);
    const viewer = await t.login(hospital.users.viewer.email);
    expect((await t.api('POST', '/api/v1/vendor-feeds', { as: viewer, body: { kind: 'csaf_provider', url: base } })).status).toBe(403);
  });

  it('syncs: stores the verified advisory, rejects the bad signature and the bad hash and reports both on the feed', async () => {
    const added = await t.api('POST', '/api/v1/vendor-feeds', { as: analyst, body: { kind: 'csaf_provider', url: base } });
    expect(added.status).toBe(201);
    feedId = added.json<{ id: string; url: string }>().id;
    expect(added.json()).toMatchObject({ url: `${base}/.well-known/csaf/provider-metadata.json`, status: 'new' });
    expect((await t.api('POST', '/api/v1/vendor-feeds', { as: analyst, body: { kind: 'csaf_provider', url: base } })).status).toBe(409);

    const started = await t.api('POST', `/api/v1/vendor-feeds/${feedId}/sync`, { as: analyst });
    expect(started.status).toBe(202);
    const job = await waitForJob(started.json<{ jobId: string }>().jobId);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ status: 'partial', listed: 3, new: 1, updated: 0, unchanged: 0, rejected: 2 });

    const feed = (await t.api('GET', `/api/v1/vendor-feeds/${feedId}`, { as: analyst })).json<{ status: string; documentsTotal: number; errors: { url: string; problem: string; detail: string }[]; keys: { fingerprint: string; pinned: boolean }[]; lastRun: Record<string, number> }>();
    expect(feed.status).toBe('partial');
    expect(feed.documentsTotal).toBe(1);
    expect(feed.lastRun).toEqual({ new: 1, updated: 0, unchanged: 0, rejected: 2 });
    expect(feed.keys).toEqual([{ fingerprint: goodKey.getFingerprint().toUpperCase(), pinned: false }]);
    expect(feed.errors.map((e) => [e.url.split('/').at(-1), e.problem])).toEqual([['acme-sa-2026-0002.json', 'signature'], ['acme-sa-2026-0003.json', 'hash']]);
    expect(feed.errors[1]!.detail).toContain('SHA512');
    // Nothing of the rejected documents was stored.
    const docs = await t.db.selectFrom('vendor_documents').select(['doc_key', 'signature_status', 'hash_status', 'source']).execute();
    expect(docs).toEqual([{ doc_key: 'ACME-SA-2026-0001', signature_status: 'valid', hash_status: 'valid', source: 'feed' }]);
    expect(await t.db.selectFrom('vendor_statements').select('vuln_id').where('vuln_id', 'like', 'CVE-2022-%').execute()).toEqual([]);
  });

  it('fills the catalog from the product tree with the identification helpers', async () => {
    const catalog = (await t.api('GET', '/api/v1/vendors', { as: analyst })).json<{ items: { name: string; releases: { product: string; version: string; modelNumbers: string[]; statements: number; assets: number }[] }[] }>().items;
    expect(catalog).toHaveLength(1);
    expect(catalog[0]!.name).toBe('Acme Medical Devices');
    expect(catalog[0]!.releases.map((r) => [r.product, r.version, r.modelNumbers, r.statements])).toEqual([
      ['InfuSafe 3000 infusion pump', '2.8.1', ['IS-3000', 'IS-3000W'], 1],
      ['InfuSafe 3000 infusion pump', '3.1.4', ['IS-3000', 'IS-3000W'], 1],
    ]);
    const st = await t.db.selectFrom('vendor_statements as s').innerJoin('vendor_releases as r', 'r.id', 's.vendor_release_id').select(['r.version', 's.status', 's.justification', 's.remediation_category', 's.harm', 's.cvss_score', 's.patient_safety']).orderBy('r.version').execute();
    expect(st).toEqual([
      { version: '2.8.1', status: 'known_affected', justification: null, remediation_category: 'vendor_fix', harm: 'serious', cvss_score: 10, patient_safety: 'No patient harm has been reported.' },
      { version: '3.1.4', status: 'known_not_affected', justification: 'vulnerable_code_not_present', remediation_category: null, harm: null, cvss_score: null, patient_safety: 'No patient harm has been reported.' },
    ]);
  });

  it('matched the assets by manufacturer, model number and version, and not the other vendor’s device', async () => {
    const items = (await t.api('GET', '/api/v1/exposure/matches', { as: analyst })).json<{ items: { serial: string; state: string; confidence: number | null; release: { version: string } | null }[] }>().items;
    expect(items.map((i) => [i.serial, i.state, i.confidence, i.release?.version ?? null]).sort()).toEqual([
      ['S-1', 'auto', 0.95, '2.8.1'],
      ['S-2', 'auto', 0.95, '3.1.4'],
      ['S-3', 'auto', 0.95, '2.8.1'],
      ['S-4', 'unmatched', null, null],
    ]);
  });

  it('computes the exposure with the hand-worked priority, the vendor’s not_affected shown with its justification', async () => {
    const s1 = (await t.api('GET', `/api/v1/exposure/assets/${assets.s1}`, { as: analyst })).json<{ exposures: { vulnId: string; status: string; kev: boolean; basePriority: number; priority: number; band: string; factors: { factor: string; points: number }[]; remediation: string }[] }>();
    expect(s1.exposures).toHaveLength(1);
    expect(s1.exposures[0]).toMatchObject({ vulnId: CVE, status: 'known_affected', kev: true, basePriority: 875, priority: 875, band: 'critical', remediation: 'Update to InfuSafe 3000 3.1.4.' });
    expect(s1.exposures[0]!.factors.map((f) => [f.factor, f.points])).toEqual([['cvss', 300], ['kev', 250], ['epss', 75], ['criticality', 100], ['patient_connected', 100], ['harm', 50]]);
    const s2 = (await t.api('GET', `/api/v1/exposure/assets/${assets.s2}`, { as: analyst })).json<{ exposures: { status: string; priority: number; justification: string; detail: string }[] }>();
    expect(s2.exposures).toEqual([expect.objectContaining({ status: 'known_not_affected', priority: 0, justification: 'vulnerable_code_not_present', detail: 'Release 3.1.4 ships log4j-core 2.17.1.' })]);
    // S-3: not assessed (50), not patient-connected: 300 + 250 + 75 + 50 + 50 = 725.
    const s3 = (await t.api('GET', `/api/v1/exposures?vulnId=${CVE}&status=known_affected`, { as: analyst })).json<{ items: { serial: string; priority: number }[] }>().items;
    expect(s3.map((x) => [x.serial, x.priority])).toEqual([['S-1', 875], ['S-3', 725]]);
  });

  it('lowers the priority with a compensating control on the zone (at most 60 % of the base)', async () => {
    const created = await t.api('POST', '/api/v1/exposure/controls', { as: analyst, body: { kind: 'segmentation', scope: 'zone', scopeValue: 'clinical-vlan-20', description: 'Pumps VLAN reachable only from the infusion server' } });
    expect(created.status).toBe(201);
    expect((await t.api('POST', '/api/v1/exposure/controls', { as: analyst, body: { kind: 'monitoring', scope: 'asset', description: 'x' } })).status).toBe(400);
    const s1 = (await t.api('GET', `/api/v1/exposure/assets/${assets.s1}`, { as: analyst })).json<{ exposures: { basePriority: number; controlPoints: number; priority: number; band: string }[] }>();
    expect(s1.exposures[0]).toMatchObject({ basePriority: 875, controlPoints: 200, priority: 675, band: 'high' });
    const summary = (await t.api('GET', '/api/v1/exposure/summary', { as: analyst })).json<{ totals: Record<string, number>; kevPatientConnected: { serial: string; vulnerabilities: string[]; compensatedBy: { kind: string }[] }[]; byDepartment: { label: string; assets: number }[] }>();
    expect(summary.totals).toMatchObject({ assets: 4, matched: 3, exposedAssets: 2, kevExposedAssets: 2 });
    expect(summary.kevPatientConnected.map((a) => [a.serial, a.vulnerabilities, a.compensatedBy.map((c) => c.kind)])).toEqual([['S-1', [CVE], ['segmentation']]]);
    expect(summary.byDepartment).toEqual([{ label: 'ICU', assets: 1, kev: 1, exposures: 1 }, { label: 'Ward 3', assets: 1, kev: 1, exposures: 1 }]);
  });

  it('tracks the vendor patch per asset: due by the policy, overdue, % patched, installed ends the exposure', async () => {
    const board = (await t.api('GET', '/api/v1/patches', { as: analyst })).json<{ items: { id: string; serial: string; state: string; availableOn: string; dueOn: string; overdue: boolean; band: string }[]; advisories: { key: string; assets: number; installed: number; percentPatched: number }[] }>();
    const s1 = board.items.find((i) => i.serial === 'S-1')!;
    expect(s1).toMatchObject({ state: 'available', availableOn: '2026-01-10', dueOn: '2026-02-09', band: 'high', overdue: new Date().toISOString().slice(0, 10) > '2026-02-09' });
    // S-3 priority 725 = critical band: 15 days.
    expect(board.items.find((i) => i.serial === 'S-3')).toMatchObject({ dueOn: '2026-01-25', band: 'critical' });
    expect(board.advisories).toEqual([{ documentId: expect.any(String), key: 'ACME-SA-2026-0001', title: `InfuSafe 3000: ${CVE}`, assets: 2, installed: 0, overdue: expect.any(Number), percentPatched: 0 }]);

    expect((await t.api('PUT', '/api/v1/patches/policy', { as: analyst, body: { critical: 7, high: 14, medium: 60, low: 120 } })).status).toBe(403);
    expect((await t.api('PUT', '/api/v1/patches/policy', { as: admin, body: { critical: 30, high: 14, medium: 60, low: 120 } })).status).toBe(400);
    expect((await t.api('PUT', '/api/v1/patches/policy', { as: admin, body: { critical: 7, high: 14, medium: 60, low: 120 } })).status).toBe(200);
    const after = (await t.api('GET', '/api/v1/patches', { as: analyst })).json<{ items: { serial: string; dueOn: string }[] }>();
    expect(after.items.find((i) => i.serial === 'S-1')!.dueOn).toBe('2026-01-24');

    expect((await t.api('PATCH', `/api/v1/patches/${s1.id}`, { as: analyst, body: { state: 'validated', on: '2026-01-12' } })).status).toBe(204);
    expect((await t.api('PATCH', `/api/v1/patches/${s1.id}`, { as: analyst, body: { state: 'available' } })).status).toBe(409);
    expect((await t.api('PATCH', `/api/v1/patches/${s1.id}`, { as: analyst, body: { state: 'installed', on: '2026-01-05' } })).status).toBe(400);
    expect((await t.api('PATCH', `/api/v1/patches/${s1.id}`, { as: analyst, body: { state: 'installed', on: '2026-01-20' } })).status).toBe(204);
    const done = (await t.api('GET', '/api/v1/patches', { as: analyst })).json<{ items: { serial: string; overdue: boolean; installedOn: string }[]; advisories: { installed: number; percentPatched: number }[] }>();
    expect(done.items.find((i) => i.serial === 'S-1')).toMatchObject({ overdue: false, installedOn: '2026-01-20' });
    expect(done.advisories[0]).toMatchObject({ installed: 1, percentPatched: 50 });
    const s1Exposure = (await t.api('GET', `/api/v1/exposure/assets/${assets.s1}`, { as: analyst })).json<{ exposures: { status: string; priority: number }[] }>();
    expect(s1Exposure.exposures[0]).toMatchObject({ status: 'patched', priority: 0 });
  });

  it('the next sync is one 304 on changes.csv; a revised advisory is the only document fetched again', async () => {
    hits.length = 0;
    const again = await waitForJob((await t.api('POST', `/api/v1/vendor-feeds/${feedId}/sync`, { as: analyst })).json<{ jobId: string }>().jobId);
    expect(again.result).toMatchObject({ status: 'not-modified', new: 0, rejected: 0 });
    expect(hits.filter((h) => h.endsWith('.json') && h.includes('/white/'))).toEqual([]);

    await publish('2026/acme-sa-2026-0001.json', advisory('ACME-SA-2026-0001', CVE, '2026-02-01T00:00:00.000Z'));
    changes = changes.replace('"2026/acme-sa-2026-0001.json","2026-01-10T00:00:00.000Z"', '"2026/acme-sa-2026-0001.json","2026-02-01T00:00:00.000Z"');
    changesEtag = '"c2"';
    hits.length = 0;
    const revised = await waitForJob((await t.api('POST', `/api/v1/vendor-feeds/${feedId}/sync`, { as: analyst })).json<{ jobId: string }>().jobId);
    expect(revised.result).toMatchObject({ listed: 3, new: 0, updated: 1, rejected: 2 });
    expect(hits.filter((h) => /\.json$/u.test(h) && h.includes('/white/')).map((h) => h.split('/').at(-1))).toEqual(['acme-sa-2026-0001.json', 'acme-sa-2026-0002.json', 'acme-sa-2026-0003.json']);
    const audit = await t.db.selectFrom('audit_events').select('action').where('chain_id', '=', hospital.id).where('action', '=', 'vendors.feed_sync').execute();
    expect(audit).toHaveLength(3);
  });

  it('confirms and overrides matches; decisions survive the next automatic matching', async () => {
    const releases = (await t.api('GET', '/api/v1/vendors', { as: analyst })).json<{ items: { releases: { id: string; version: string }[] }[] }>().items[0]!.releases;
    const r314 = releases.find((r) => r.version === '3.1.4')!.id;
    expect((await t.api('PUT', `/api/v1/exposure/matches/${assets.s4}`, { as: analyst, body: { confirm: true } })).status).toBe(409);
    expect((await t.api('PUT', `/api/v1/exposure/matches/${assets.s3}`, { as: analyst, body: { vendorReleaseId: r314 } })).status).toBe(204);
    expect((await t.api('PUT', `/api/v1/exposure/matches/${assets.s1}`, { as: analyst, body: { confirm: true } })).status).toBe(204);
    await waitForJob((await t.api('POST', '/api/v1/exposure/recompute', { as: analyst })).json<{ jobId: string }>().jobId);
    const items = (await t.api('GET', '/api/v1/exposure/matches', { as: analyst })).json<{ items: { serial: string; state: string; release: { version: string } | null }[] }>().items;
    expect(items.map((i) => [i.serial, i.state, i.release?.version ?? null]).sort()).toEqual([['S-1', 'confirmed', '2.8.1'], ['S-2', 'auto', '3.1.4'], ['S-3', 'overridden', '3.1.4'], ['S-4', 'unmatched', null]]);
    const s3 = (await t.api('GET', `/api/v1/exposure/assets/${assets.s3}`, { as: analyst })).json<{ exposures: { status: string }[] }>();
    expect(s3.exposures.map((e) => e.status)).toEqual(['known_not_affected']);
    // Overridden to no catalog release: the recomputation deletes the device's exposure rows.
    expect((await t.api('PUT', `/api/v1/exposure/matches/${assets.s3}`, { as: analyst, body: { vendorReleaseId: null } })).status).toBe(204);
    await waitForJob((await t.api('POST', '/api/v1/exposure/recompute', { as: analyst })).json<{ jobId: string }>().jobId);
    expect((await t.api('GET', `/api/v1/exposure/assets/${assets.s3}`, { as: analyst })).json<{ exposures: unknown[] }>().exposures).toEqual([]);
    expect(await t.db.selectFrom('exposures').select('vuln_id').where('asset_id', '=', assets.s3!).execute()).toEqual([]);
    expect((await t.api('GET', `/api/v1/exposure/assets/${assets.s1}`, { as: analyst })).json<{ exposures: unknown[] }>().exposures).toHaveLength(1);
    expect((await t.api('DELETE', `/api/v1/exposure/matches/${assets.s3}`, { as: analyst })).status).toBe(204);
    const reset = (await t.api('GET', '/api/v1/exposure/matches?state=auto', { as: analyst })).json<{ items: { serial: string; release: { version: string } }[] }>().items;
    expect(reset.map((i) => [i.serial, i.release.version]).sort()).toEqual([['S-2', '3.1.4'], ['S-3', '2.8.1']]);
  });

  it('keeps other organizations out', async () => {
    expect((await t.api('GET', `/api/v1/vendor-feeds/${feedId}`, { as: otherAdmin })).status).toBe(404);
    expect((await t.api('POST', `/api/v1/vendor-feeds/${feedId}/sync`, { as: otherAdmin })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/exposure/assets/${assets.s1}`, { as: otherAdmin })).status).toBe(404);
    expect((await t.api('PUT', `/api/v1/exposure/matches/${assets.s1}`, { as: otherAdmin, body: { vendorReleaseId: null } })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/vendors', { as: otherAdmin })).json()).toEqual({ items: [] });
    expect((await t.api('GET', '/api/v1/exposures', { as: otherAdmin })).json()).toEqual({ items: [] });
  });
});

describe('the daily sync', () => {
  it('queues a feed not synced for a day, once, however often workers tick', async () => {
    const now = new Date();
    expect(await enqueueDueFeedSyncs(t.db, t.vigil.jobs, now)).toBe(0);
    await t.db.updateTable('vendor_feeds').set({ last_sync_at: new Date(now.getTime() - 25 * 3600_000) }).where('id', '=', feedId).execute();
    expect(await enqueueDueFeedSyncs(t.db, t.vigil.jobs, now)).toBe(1);
    expect(await enqueueDueFeedSyncs(t.db, t.vigil.jobs, now)).toBe(0);
    const feed = await t.db.selectFrom('vendor_feeds').select('last_job_id').where('id', '=', feedId).executeTakeFirstOrThrow();
    expect((await waitForJob(feed.last_job_id!)).result).toMatchObject({ status: 'not-modified' });
  });
});

describe('uploaded CSAF documents', () => {
  it('files an uploaded advisory and refuses unreadable ones whole', async () => {
    const upload = (body: string) => t.api('POST', '/api/v1/vendor-documents/csaf', { as: analyst, body, headers: { 'content-type': 'application/json' } });
    const before = await t.db.selectFrom('vendor_documents').select('id').execute();
    expect((await upload('{not json')).json()).toMatchObject({ status: 422, type: expect.stringContaining('invalid-document') });
    const noTracking = advisory('X', CVE) as { document: { tracking: Record<string, unknown> } };
    delete noTracking.document.tracking.id;
    expect((await upload(JSON.stringify(noTracking))).json()).toMatchObject({ status: 422, errors: [{ pointer: '/document/tracking/id' }] });
    expect(await t.db.selectFrom('vendor_documents').select('id').execute()).toEqual(before);

    const doc = advisory('ACME-SA-2026-0100', 'CVE-2023-9999');
    const first = await upload(JSON.stringify(doc));
    expect(first.json()).toMatchObject({ outcome: 'new', trackingId: 'ACME-SA-2026-0100', releases: 2, statements: 2, skippedProducts: 0 });
    expect((await upload(JSON.stringify(doc))).json()).toMatchObject({ outcome: 'unchanged' });
    const row = await t.db.selectFrom('vendor_documents').select(['source', 'signature_status']).where('doc_key', '=', 'ACME-SA-2026-0100').executeTakeFirstOrThrow();
    expect(row).toEqual({ source: 'upload', signature_status: 'not_checked' });
  });
});

describe('uploaded vendor SBOMs', () => {
  it('matches the SBOM against the hospital’s intelligence; the vendor’s own statements win', async () => {
    const ghsa = JSON.parse(readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url), 'utf8'));
    const ctx = systemContext(hospital.id);
    const source = await createSource(t.db, ctx, { kind: 'osv', name: 'osv' });
    await importRecords(t.db, ctx, source.id, (async function* () { yield { record: parseOsvRecord(ghsa).record! }; })());
    const bom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'l', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }, { type: 'library', 'bom-ref': 'z', name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1' }] });
    const upload = (query: string, body = bom) => t.api('POST', `/api/v1/vendor-documents/sbom?${query}`, { as: analyst, body, headers: { 'content-type': 'application/vnd.cyclonedx+json' } });
    expect((await upload('vendor=Acme&product=CardioWatch&version=1.0', '{"bomFormat":"nope"}')).json()).toMatchObject({ status: 422, type: expect.stringContaining('invalid-sbom') });
    expect((await upload('vendor=Acme&product=CardioWatch')).status).toBe(400);
    const s5 = await insertAsset(hospital.id, { manufacturer: 'Acme', model: 'CardioWatch', serial: 'S-5', software_version: '1.0', department: 'ICU', network_zone: 'clinical-vlan-20', clinical_criticality: 'high', patient_connected: true });
    const first = await upload('vendor=Acme Medical Devices&product=CardioWatch&version=1.0');
    expect(first.json()).toMatchObject({ outcome: 'new', components: 2, matches: 1 });
    expect((await upload('vendor=Acme Medical Devices&product=CardioWatch&version=1.0')).json()).toMatchObject({ outcome: 'unchanged' });
    const s5Exposure = (await t.api('GET', `/api/v1/exposure/assets/${s5}`, { as: analyst })).json<{ match: { reason: string }; exposures: { vulnId: string; status: string; detail: string; priority: number }[] }>();
    expect(s5Exposure.match.reason).toBe('manufacturer, product name and version 1.0 match');
    // No vendor CVSS, KEV 250, EPSS 75, high 100, patient-connected 100, investigating −100 = 425; the zone control takes 200 (≤ 60 % of 425 = 255).
    expect(s5Exposure.exposures).toEqual([expect.objectContaining({ vulnId: CVE, status: 'under_investigation', basePriority: 425, priority: 225, detail: expect.stringContaining("The vendor's SBOM lists log4j-core 2.14.1") })]);
    expect((await t.db.selectFrom('exposures').select('source').where('asset_id', '=', s5).executeTakeFirstOrThrow()).source).toBe('sbom');
    // The same SBOM for 2.8.1, where the vendor's advisory already says known_affected: the advisory stays.
    await upload('vendor=Acme Medical Devices&product=InfuSafe 3000 infusion pump&version=2.8.1');
    const st = await t.db.selectFrom('vendor_statements as s').innerJoin('vendor_releases as r', 'r.id', 's.vendor_release_id').select(['s.status']).where('r.version', '=', '2.8.1').where('s.vuln_id', '=', CVE).execute();
    expect(st).toEqual([{ status: 'known_affected' }]);
  });
});

describe('uploaded vendor VEX', () => {
  it('applies an OpenVEX document to the release, the strongest word per vulnerability; an invalid one changes nothing', async () => {
    const vexdata = (name: string) => readFileSync(new URL(`../../src/formats/vex/testdata/${name}`, import.meta.url), 'utf8');
    const upload = (body: string) => t.api('POST', '/api/v1/vendor-documents/vex?vendor=Acme Medical Devices&product=CardioWatch&version=1.0', { as: analyst, body, headers: { 'content-type': 'application/json' } });
    const before = await t.db.selectFrom('vendor_statements').select(['id', 'status', 'updated_at']).orderBy('id').execute();
    const bad = await upload(vexdata('bad/not-affected-without-justification.openvex.json'));
    expect(bad.json()).toMatchObject({ status: 422, type: expect.stringContaining('invalid-vex') });
    expect(await t.db.selectFrom('vendor_statements').select(['id', 'status', 'updated_at']).orderBy('id').execute()).toEqual(before);
    const ok = await upload(vexdata('gateway.openvex.json'));
    expect(ok.json()).toMatchObject({ outcome: 'new', format: 'openvex', statements: 3 });
    const st = await t.db.selectFrom('vendor_statements as s').innerJoin('vendor_releases as r', 'r.id', 's.vendor_release_id').innerJoin('vendor_products as p', 'p.id', 'r.product_id').select(['s.vuln_id', 's.status', 's.justification']).where('p.name', '=', 'CardioWatch').orderBy('s.vuln_id').execute();
    expect(st).toEqual([
      { vuln_id: 'CVE-2020-25649', status: 'known_not_affected', justification: 'vulnerable_code_not_in_execute_path' },
      { vuln_id: 'CVE-2021-44228', status: 'known_affected', justification: null },
      { vuln_id: 'CVE-2021-45105', status: 'under_investigation', justification: null },
    ]);
    const s5 = await t.db.selectFrom('exposures as e').innerJoin('assets as a', 'a.id', 'e.asset_id').select(['e.vuln_id', 'e.status', 'e.source']).where('a.serial', '=', 'S-5').orderBy('e.vuln_id').execute();
    expect(s5.map((e) => [e.vuln_id, e.status, e.source])).toEqual([['CVE-2020-25649', 'known_not_affected', 'vendor'], ['CVE-2021-44228', 'known_affected', 'vendor'], ['CVE-2021-45105', 'under_investigation', 'vendor']]);
  });
});

describe('the priority in SQL is the priority of priority.ts', () => {
  it('agrees on every combination of the inputs', async () => {
    const cases: { cvss: number | null; kev: boolean; exploited: boolean; epss: number | null; crit: string | null; pc: boolean; harm: string | null; status: 'known_affected' | 'under_investigation' }[] = [];
    for (const cvss of [null, 0, 4.3, 7.5, 9.8, 10]) for (const epss of [null, 0, 0.00043, 0.5, 0.97125, 0.97565]) for (const crit of [null, 'low', 'medium', 'high', 'critical']) {
      for (const harm of [null, 'minor', 'serious', 'critical', 'catastrophic']) cases.push({ cvss, kev: cases.length % 3 === 0, exploited: cases.length % 7 === 0, epss, crit, pc: cases.length % 2 === 0, harm, status: cases.length % 5 === 0 ? 'under_investigation' : 'known_affected' });
    }
    const rows = await sql<{ i: number; p: number }>`
      select v.i, ${PRIORITY_SQL} as p
      from jsonb_to_recordset(${JSON.stringify(cases.map((c, i) => ({ i, ...c })))}::jsonb) as v(i int, cvss real, kev boolean, exploited boolean, epss double precision, crit text, pc boolean, harm text, status text)
      cross join lateral (select v.cvss as cvss_score, v.exploited as vendor_exploited, v.harm as harm, v.status as status) s
      cross join lateral (select case when v.kev then 'CVE' else null end as cve_id) k
      cross join lateral (select v.epss as epss) e
      cross join lateral (select v.crit as clinical_criticality, v.pc as patient_connected) a
      order by v.i`.execute(t.db);
    const expected = cases.map((c) => computeExposurePriority({ status: c.status, cvss: c.cvss, kev: c.kev, vendorExploited: c.exploited, epss: c.epss, criticality: c.crit, patientConnected: c.pc, harm: c.harm, controls: [] }).base);
    expect(rows.rows.map((r) => r.p)).toEqual(expected);
    expect(cases.length).toBe(900);
  });
});
