import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { validateAdvisoryDocument } from '../../src/formats/csaf/validate.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { createPlan } from '../../src/modules/clocks/remediation.js';
import { createCase, setCaseLink, updateCase } from '../../src/modules/cvd/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Drafting an advisory from a CVD case. Portfolio: "CardioWatch Gateway" (model number CW-100),
 * release 2.4.0 ships log4j-core 2.14.1 (GitHub's Log4Shell advisory → finding CVE-2021-44228,
 * analysed exploitable with an update response), a patch plan names 2.5.0 as the fix. Expected
 * documents are worked out by hand from those inputs and the credit rules of the brief:
 * named → { names: [reporter], summary: 'reported this vulnerability' }, anonymous →
 * { summary: 'an anonymous researcher' }, none → no acknowledgments.
 */

const GHSA_LOG4J = JSON.parse(readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url), 'utf8'));
const LOG4J_PURL = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1';
const SBOM = { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'log4j', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: LOG4J_PURL }] };

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- CSAF documents are walked by path in assertions

let t: TestVigil;
let org: TestOrg;
let other: TestOrg;
let analyst: { cookie: string; csrf: string };
let product: string;
let release: string;
let fixRelease: string;
let finding: string;
let otherCase: string;

async function newCase(o: TestOrg, fields: { reporterName?: string; credit: 'named' | 'anonymous' | 'none'; cveIds?: string[] }, links: { kind: 'product' | 'release' | 'finding'; id: string }[]) {
  const ctx = systemContext(o.id);
  const c = await createCase(t.db, ctx, { title: 'Log4Shell in the gateway', description: 'JNDI lookup through the HL7 listener.', ...(fields.reporterName ? { reporterName: fields.reporterName, reporterEmail: 'ada@research.test' } : {}), credit: fields.credit });
  if (fields.cveIds) await updateCase(t.db, ctx, c.id, { cveIds: fields.cveIds });
  for (const l of links) await setCaseLink(t.db, ctx, c.id, l.kind, l.id, true);
  return c.id;
}

async function draft(body: Record<string, unknown>) {
  const res = await t.api('POST', '/api/v1/advisories', { as: analyst, body });
  return res;
}

async function documentOf(id: string): Promise<Doc> {
  return (await t.api('GET', `/api/v1/advisories/${id}`, { as: analyst })).json<{ document: Doc }>().document;
}

const advisoryCount = async () => (await t.db.selectFrom('csaf_advisories').select('id').where('org_id', '=', org.id).execute()).length;

beforeAll(async () => {
  t = await startTestVigil({ keySecret: 'integration-test-key-secret' });
  org = await t.seedOrg('cardio');
  other = await t.seedOrg('othermaker');
  const ctx = systemContext(org.id);
  analyst = await t.login(org.users.analyst.email);
  const source = await createSource(t.db, ctx, { kind: 'osv', name: 'osv' });
  await importRecords(t.db, ctx, source.id, (async function* () { yield { record: parseOsvRecord(GHSA_LOG4J).record! }; })());
  product = (await createProduct(t.db, ctx, { name: 'CardioWatch Gateway', modelNumbers: ['CW-100'] })).id;
  release = (await createRelease(t.db, ctx, product, { version: '2.4.0' })).id;
  fixRelease = (await createRelease(t.db, ctx, product, { version: '2.5.0' })).id;
  const { sbom } = await importSbom(t.db, ctx, release, Buffer.from(JSON.stringify(SBOM)));
  await matchImportedSbom(t.db, ctx, sbom.id);
  finding = (await t.db.selectFrom('findings').select('id').where('release_id', '=', release).where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow()).id;
  await t.api('PATCH', `/api/v1/findings/${finding}/analysis`, { as: analyst, body: { state: 'exploitable', responses: ['update'], detail: 'The HL7 listener logs patient names through log4j-core.' } });
  await createPlan(t.db, ctx, finding, { kind: 'patch', releaseId: fixRelease, description: 'Update to 2.5.0 (log4j-core 2.17.1)' });
  const otherProduct = (await createProduct(t.db, systemContext(other.id), { name: 'Other pump' })).id;
  otherCase = await newCase(other, { reporterName: 'Someone Else', credit: 'named', cveIds: ['CVE-2021-44228'] }, [{ kind: 'product', id: otherProduct }]);
}, 120_000);
afterAll(() => t.close());

describe('advisory drafted from a CVD case', () => {
  it('credits a named reporter on the vulnerability; the linked product and the case CVE give the tree, status and remediation; the draft validates', async () => {
    const caseId = await newCase(org, { reporterName: 'Dr. Ada Researcher', credit: 'named', cveIds: ['CVE-2021-44228'] }, [{ kind: 'product', id: product }]);
    const res = await draft({ caseId });
    expect(res.status).toBe(201);
    const created = res.json<{ id: string; case_id: string; vulnerability_id: string; tracking_id: string }>();
    expect([created.case_id, created.vulnerability_id, created.tracking_id]).toEqual([caseId, 'CVE-2021-44228', `CARDIO-SA-${new Date().getUTCFullYear()}-0001`]);
    const doc = await documentOf(created.id);
    const validation = await validateAdvisoryDocument(doc);
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    const rel = `CSAFPID-REL-${release}`;
    const fix = `CSAFPID-REL-${fixRelease}`;
    expect(doc.vulnerabilities).toHaveLength(1);
    const v = doc.vulnerabilities[0];
    expect(v.cve).toBe('CVE-2021-44228');
    expect(v.acknowledgments).toEqual([{ names: ['Dr. Ada Researcher'], summary: 'reported this vulnerability' }]);
    expect(v.product_status).toEqual({ known_affected: [rel], fixed: [fix] });
    expect(v.remediations).toEqual([{ category: 'vendor_fix', details: 'Update to CardioWatch Gateway 2.5.0.', product_ids: [rel] }]);
    expect(doc.product_tree.branches[0].branches[0].branches.map((b: Doc) => b.name)).toEqual(['2.4.0', '2.5.0']);
    expect(doc.document.title).toBe('CardioWatch Gateway 2.4.0: Remote code injection in Log4j');
    // Only the vulnerability credits the reporter; the document-level list stays empty.
    expect(doc.document.acknowledgments).toBeUndefined();
    const links = await t.db.selectFrom('csaf_advisory_findings').select('finding_id').where('advisory_id', '=', created.id).execute();
    expect(links.map((l) => l.finding_id)).toEqual([finding]);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'summary']).where('org_id', '=', org.id).where('target_id', '=', created.id).execute();
    expect(audit).toEqual([{ action: 'csaf.advisory.create', summary: expect.objectContaining({ caseId, credit: 'named', findings: 1 }) }]);
  }, 60_000);

  it('credits "an anonymous researcher" for an anonymous case linked to the finding itself', async () => {
    const caseId = await newCase(org, { reporterName: 'Hidden Name', credit: 'anonymous' }, [{ kind: 'finding', id: finding }]);
    const res = await draft({ caseId, profile: 'csaf_vex' });
    expect(res.status).toBe(201);
    const doc = await documentOf(res.json<{ id: string }>().id);
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
    expect(doc.vulnerabilities[0].acknowledgments).toEqual([{ summary: 'an anonymous researcher' }]);
    expect(JSON.stringify(doc)).not.toContain('Hidden Name');
  }, 60_000);

  it('gives no acknowledgment when the reporter wants no credit (case linked to the release)', async () => {
    const caseId = await newCase(org, { reporterName: 'Quiet Person', credit: 'none', cveIds: ['CVE-2021-44228'] }, [{ kind: 'release', id: release }]);
    const res = await draft({ caseId });
    expect(res.status).toBe(201);
    const doc = await documentOf(res.json<{ id: string }>().id);
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
    expect(doc.vulnerabilities[0].acknowledgments).toBeUndefined();
    expect(doc.vulnerabilities[0].cve).toBe('CVE-2021-44228');
    expect(JSON.stringify(doc)).not.toContain('Quiet Person');
  }, 60_000);

  it('refuses a case that covers no finding (a product linked without CVE ids), writing nothing', async () => {
    const caseId = await newCase(org, { credit: 'anonymous' }, [{ kind: 'product', id: product }]);
    const before = await advisoryCount();
    const res = await draft({ caseId });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: expect.stringContaining('no-findings'), errors: [{ pointer: '/caseId' }] });
    expect(await advisoryCount()).toBe(before);
  });

  it('answers 404 for another organization’s case, alone or with findings, writing nothing', async () => {
    const before = await advisoryCount();
    const alone = await draft({ caseId: otherCase });
    expect(alone.status).toBe(404);
    expect(alone.headers['content-type']).toContain('application/problem+json');
    expect((await draft({ caseId: otherCase, vulnerabilityId: 'CVE-2021-44228' })).status).toBe(404);
    expect(await advisoryCount()).toBe(before);
  });

  it('credits the case reporter when a case is given together with the findings', async () => {
    const caseId = await newCase(org, { reporterName: 'Dr. Ada Researcher', credit: 'named' }, []);
    const res = await draft({ caseId, findingIds: [finding] });
    expect(res.status).toBe(201);
    const doc = await documentOf(res.json<{ id: string }>().id);
    expect(doc.vulnerabilities[0].acknowledgments).toEqual([{ names: ['Dr. Ada Researcher'], summary: 'reported this vulnerability' }]);
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
  }, 60_000);

  it('records the draft and each publication on the case timeline', async () => {
    const caseId = await newCase(org, { reporterName: 'Dr. Ada Researcher', credit: 'named', cveIds: ['CVE-2021-44228'] }, [{ kind: 'product', id: product }]);
    const created = (await draft({ caseId })).json<{ id: string; tracking_id: string }>();
    const admin = await t.login(org.users.admin.email);
    expect((await t.api('POST', '/api/v1/provider/key', { as: admin, body: { name: 'Cardio PSIRT', email: 'psirt@cardio.test' } })).status).toBe(201);
    const published = await t.api('POST', `/api/v1/advisories/${created.id}/publish`, { as: admin, body: {} });
    expect(published.status).toBe(200);
    const { events } = (await t.api('GET', `/api/v1/cvd/cases/${caseId}`, { as: analyst })).json<{ events: { kind: string; actor: string; detail: Record<string, unknown> }[] }>();
    const advisoryEvents = events.filter((e) => e.kind === 'advisory');
    expect(advisoryEvents.map((e) => e.detail)).toEqual([
      { action: 'drafted', advisoryId: created.id, trackingId: created.tracking_id },
      { action: 'published', advisoryId: created.id, trackingId: created.tracking_id, version: '1', url: published.json<{ url: string }>().url },
    ]);
    expect(advisoryEvents.map((e) => e.actor)).toEqual([org.users.analyst.email, org.users.admin.email].map((email) => expect.stringContaining(email)));
  }, 60_000);
});
