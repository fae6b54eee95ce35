import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { expireAcceptances, risksDueForReview } from '../../src/modules/risk/acceptance.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The risk register through the API: items linked to real findings (GitHub's Log4Shell
 * advisory matched against an SBOM with log4j-core 2.14.1), classes from the default matrix,
 * history and audit, filters and pages, tenant isolation, acceptance with its rule for
 * uncontrolled risk, revocation, expiry and re-review, the heat map and the CSV export.
 */
const GHSA = readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url));
const BOM = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
});

type Caller = { bearer: string } | { cookie: string; csrf: string };
interface Risk {
  id: string;
  productId: string;
  title: string;
  likelihood: string;
  severity: string;
  initialClass: string;
  residualLikelihood: string;
  residualSeverity: string;
  residualClass: string;
  status: string;
  version: number;
  findingIds: string[];
  owner: { id: string; email: string } | null;
  acceptance: { approver: string; rationale: string; expiresOn: string; reviewOn: string; uncontrolledAccepted: boolean; dueForReview: boolean } | null;
}

let t: TestVigil;
let org: TestOrg;
let other: TestOrg;
const as: Record<'analyst' | 'viewer' | 'admin' | 'otherAnalyst', Caller> = {} as never;
const ids = { product: '', secondProduct: '', finding: '', secondFinding: '', otherFinding: '' };

const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function call<T = Risk>(method: string, url: string, caller: Caller, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; raw: string; headers: Record<string, unknown> }> {
  const res = await t.api(method, url, { as: caller, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
  return { status: res.status, body: (res.body ? safeJson(res.body) : undefined) as T, raw: res.body, headers: res.headers };
}
const safeJson = (text: string) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** A release with the Log4Shell SBOM in `orgId`; returns its finding's id. */
async function log4shellFinding(caller: Caller, productId: string, version: string): Promise<string> {
  const release = (await call<{ id: string }>('POST', `/api/v1/products/${productId}/releases`, caller, { version })).body.id;
  const upload = await t.api('POST', `/api/v1/releases/${release}/sboms`, { as: caller, body: BOM, headers: { 'content-type': 'application/json' } });
  expect(upload.status, upload.body).toBe(201);
  const findings = await call<{ items: { id: string; vulnId: string }[] }>('GET', `/api/v1/findings?releaseId=${release}`, caller);
  expect(findings.body.items.map((f) => f.vulnId)).toEqual(['CVE-2021-44228']);
  return findings.body.items[0]!.id;
}

async function importGhsa(caller: Caller): Promise<void> {
  const source = (await call<{ id: string }>('POST', '/api/v1/intel/sources', caller, { kind: 'osv', name: 'GHSA' })).body;
  const res = await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: caller, body: GHSA, headers: { 'content-type': 'application/octet-stream' } });
  expect(res.status, res.body).toBe(200);
}

const baseItem = () => ({
  productId: ids.product,
  title: 'Remote code execution in the gateway’s log4j-core',
  threat: 'Network attacker sends a crafted JNDI lookup string to the HL7 listener',
  vulnerability: 'Log4Shell (CVE-2021-44228) in log4j-core 2.14.1',
  hazardousSituation: 'Attacker controls the gateway that forwards infusion orders',
  harm: 'Wrong infusion rate: overdose',
  likelihood: 'probable',
  severity: 'critical',
  existingControls: 'Gateway on an isolated clinical VLAN',
  newControls: [{ description: 'Upgrade log4j-core to 2.17.1', status: 'planned' }],
  residualLikelihood: 'remote',
  residualSeverity: 'critical',
  findingIds: [ids.finding],
});

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('risk');
  other = await t.seedOrg('risk-other');
  const ctx = systemContext(org.id);
  as.analyst = { bearer: (await createToken(t.db, ctx, { name: 'analyst-token', role: 'analyst', expiresInDays: 1 })).secret };
  as.viewer = { bearer: (await createToken(t.db, ctx, { name: 'viewer-token', role: 'viewer', expiresInDays: 1 })).secret };
  as.admin = await t.login(org.users.admin.email);
  as.otherAnalyst = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'other', role: 'analyst', expiresInDays: 1 })).secret };
  ids.product = (await createProduct(t.db, ctx, { name: 'CardioWatch gateway' })).id;
  ids.secondProduct = (await createProduct(t.db, ctx, { name: 'InfuSafe pump' })).id;
  await importGhsa(as.analyst);
  ids.finding = await log4shellFinding(as.analyst, ids.product, '4.6.0');
  ids.secondFinding = await log4shellFinding(as.analyst, ids.secondProduct, '2.8.1');
  const otherProduct = (await createProduct(t.db, systemContext(other.id), { name: 'Other gateway' })).id;
  await importGhsa(as.otherAnalyst);
  ids.otherFinding = await log4shellFinding(as.otherAnalyst, otherProduct, '1.0');
  await createRelease(t.db, ctx, ids.product, { version: '5.0.2' });
});
afterAll(() => t.close());

const riskCount = async () => (await t.db.selectFrom('risk_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

describe('risk items', () => {
  let riskId = '';

  it('creates an item linked to a finding, with both classes from the matrix, history and an audit event', async () => {
    const created = await call('POST', '/api/v1/risks', as.analyst, baseItem());
    expect(created.status, created.raw).toBe(201);
    riskId = created.body.id;
    // probable × critical is uncontrolled; remote × critical controlled (default matrix: critical from occasional upward).
    expect(created.body).toMatchObject({ initialClass: 'uncontrolled', residualClass: 'controlled', status: 'open', version: 1, findingIds: [ids.finding], owner: null, acceptance: null });
    expect(created.headers.etag).toBe('"v1"');
    const detail = await call<{ item: Risk; findings: { vulnId: string; componentName: string; releaseVersion: string }[]; events: { kind: string; actor: string }[] }>('GET', `/api/v1/risks/${riskId}`, as.viewer);
    expect(detail.status).toBe(200);
    expect(detail.body.findings).toEqual([expect.objectContaining({ vulnId: 'CVE-2021-44228', componentName: 'log4j-core', releaseVersion: '4.6.0' })]);
    expect(detail.body.events.map((e) => [e.kind, e.actor])).toEqual([['created', 'token:analyst-token']]);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'summary']).where('target_id', '=', riskId).execute();
    expect(audit.map((a) => a.action)).toEqual(['risk.create']);
    expect((audit[0]!.summary as { after: { residualClass: string } }).after.residualClass).toBe('controlled');
  });

  it('defaults the residual risk to the initial one', async () => {
    const { residualLikelihood: _l, residualSeverity: _s, findingIds: _f, ...rest } = baseItem();
    const created = await call('POST', '/api/v1/risks', as.analyst, { ...rest, title: 'No controls yet' });
    expect(created.body).toMatchObject({ residualLikelihood: 'probable', residualSeverity: 'critical', residualClass: 'uncontrolled', findingIds: [] });
    expect((await call('DELETE', `/api/v1/risks/${created.body.id}`, as.analyst)).status).toBe(204);
  });

  it('refuses another organization’s finding as not found, and writes nothing', async () => {
    const before = await riskCount();
    const res = await call('POST', '/api/v1/risks', as.analyst, { ...baseItem(), findingIds: [ids.finding, ids.otherFinding] });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await riskCount()).toBe(before);
    const patch = await call('PATCH', `/api/v1/risks/${riskId}`, as.analyst, { findingIds: [ids.otherFinding] });
    expect(patch.status).toBe(404);
    expect((await call<{ item: Risk }>('GET', `/api/v1/risks/${riskId}`, as.analyst)).body.item.findingIds).toEqual([ids.finding]);
  });

  it('refuses a finding of another product, naming it by pointer', async () => {
    const res = await call<{ errors: { pointer: string }[] }>('POST', '/api/v1/risks', as.analyst, { ...baseItem(), findingIds: [ids.finding, ids.secondFinding] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/body/findingIds/1', message: 'belongs to a release of another product' }]);
  });

  it('refuses unknown levels, an owner who is not a member, another org’s product, and status accepted', async () => {
    const level = await call<{ errors: { pointer: string }[] }>('POST', '/api/v1/risks', as.analyst, { ...baseItem(), likelihood: 'likely' });
    expect(level.status).toBe(400);
    expect(level.body.errors[0]!.pointer).toBe('/body/likelihood');
    const owner = await call<{ errors: { pointer: string }[] }>('POST', '/api/v1/risks', as.analyst, { ...baseItem(), ownerId: other.users.analyst.id });
    expect(owner.status).toBe(400);
    expect(owner.body.errors[0]!.pointer).toBe('/body/ownerId');
    const product = await call('POST', '/api/v1/risks', as.otherAnalyst, { ...baseItem(), findingIds: [] });
    expect(product.status).toBe(404);
    const accepted = await call<{ errors: { pointer: string }[] }>('PATCH', `/api/v1/risks/${riskId}`, as.analyst, { status: 'accepted' });
    expect(accepted.status).toBe(400);
    expect(accepted.body.errors[0]!.pointer).toBe('/body/status');
  });

  it('edits with If-Match, keeping only what changed in the history', async () => {
    const stale = await call('PATCH', `/api/v1/risks/${riskId}`, as.analyst, { harm: 'x' }, { 'if-match': '"v0"' });
    expect(stale.status).toBe(412);
    const edited = await call('PATCH', `/api/v1/risks/${riskId}`, as.analyst, { ownerId: org.users.analyst.id, residualLikelihood: 'occasional', status: 'mitigating' }, { 'if-match': '"v1"' });
    expect(edited.status, edited.raw).toBe(200);
    // occasional × critical is uncontrolled.
    expect(edited.body).toMatchObject({ residualClass: 'uncontrolled', status: 'mitigating', version: 2, owner: { id: org.users.analyst.id, email: org.users.analyst.email } });
    const detail = await call<{ events: { kind: string; detail: { before: object; after: object } }[] }>('GET', `/api/v1/risks/${riskId}`, as.analyst);
    expect(detail.body.events.at(-1)).toMatchObject({
      kind: 'updated',
      detail: { before: { ownerId: null, residualLikelihood: 'remote', residualClass: 'controlled', status: 'open' }, after: { ownerId: org.users.analyst.id, residualLikelihood: 'occasional', residualClass: 'uncontrolled', status: 'mitigating' } },
    });
    expect(Object.keys(detail.body.events.at(-1)!.detail.after).sort()).toEqual(['ownerId', 'residualClass', 'residualLikelihood', 'status']);
  });

  it('lets viewers read but not write, and hides items from other organizations', async () => {
    expect((await call('POST', '/api/v1/risks', as.viewer, baseItem())).status).toBe(403);
    expect((await call('PATCH', `/api/v1/risks/${riskId}`, as.viewer, { harm: 'x' })).status).toBe(403);
    expect((await call('GET', `/api/v1/risks/${riskId}`, as.otherAnalyst)).status).toBe(404);
    expect((await call('PATCH', `/api/v1/risks/${riskId}`, as.otherAnalyst, { harm: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/risks/${riskId}`, as.otherAnalyst)).status).toBe(404);
    expect((await call<{ items: Risk[] }>('GET', '/api/v1/risks', as.otherAnalyst)).body.items).toEqual([]);
  });
});

describe('register list', () => {
  const made: Risk[] = [];

  beforeAll(async () => {
    const specs = [
      { title: 'Unauthenticated DICOM query', likelihood: 'frequent', severity: 'minor', residualLikelihood: 'frequent', residualSeverity: 'minor', productId: ids.secondProduct, findingIds: [] },
      { title: 'Weak Bluetooth pairing', likelihood: 'occasional', severity: 'serious', residualLikelihood: 'remote', residualSeverity: 'serious', productId: ids.secondProduct, findingIds: [], ownerId: org.users.admin.id },
      { title: 'Default service password', likelihood: 'probable', severity: 'catastrophic', residualLikelihood: 'improbable', residualSeverity: 'catastrophic', productId: ids.product, findingIds: [], status: 'closed' },
    ];
    for (const spec of specs) made.push((await call('POST', '/api/v1/risks', as.analyst, { ...baseItem(), ...spec })).body);
  });

  const titles = async (query: string) => (await call<{ items: Risk[] }>('GET', `/api/v1/risks${query}`, as.viewer)).body.items.map((r) => r.title);

  it('filters by product, status, owner, residual class, text and heat-map cell', async () => {
    expect(await titles(`?productId=${ids.secondProduct}`)).toEqual(['Weak Bluetooth pairing', 'Unauthenticated DICOM query']);
    expect(await titles('?status=closed')).toEqual(['Default service password']);
    expect(await titles(`?ownerId=${org.users.admin.id}`)).toEqual(['Weak Bluetooth pairing']);
    expect(await titles('?class=uncontrolled')).toEqual(['Remote code execution in the gateway’s log4j-core']);
    expect(await titles('?q=bluetooth')).toEqual(['Weak Bluetooth pairing']);
    expect(await titles('?q=100%25')).toEqual([]);
    expect(await titles('?likelihood=occasional&severity=serious&phase=before')).toEqual(['Weak Bluetooth pairing']);
    expect(await titles('?likelihood=remote&severity=serious')).toEqual(['Weak Bluetooth pairing']);
    expect(await titles('?likelihood=occasional&severity=serious')).toEqual([]);
  });

  it('pages with a cursor, newest first, without repeats', async () => {
    const all = await titles('?limit=200');
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: { items: Risk[]; nextCursor: string | null } } = await call('GET', `/api/v1/risks?limit=2${cursor ? `&cursor=${cursor}` : ''}`, as.viewer);
      seen.push(...page.body.items.map((r) => r.title));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(all).toHaveLength(4);
    expect((await call('GET', '/api/v1/risks?cursor=bogus', as.viewer)).status).toBe(400);
  });

  it('counts per heat-map cell before and after controls, leaving closed items out unless asked', async () => {
    const map = (await call<{ before: { likelihood: string; severity: string; class: string; count: number }[][]; after: { count: number; class: string }[][]; total: number; likelihoodLevels: string[]; severityLevels: string[] }>('GET', '/api/v1/risks/heatmap', as.viewer)).body;
    expect(map.likelihoodLevels).toEqual(['improbable', 'remote', 'occasional', 'probable', 'frequent']);
    expect(map.severityLevels).toEqual(['negligible', 'minor', 'serious', 'critical', 'catastrophic']);
    expect(map.total).toBe(3);
    const nonEmpty = (grid: { count: number }[][]) => grid.flatMap((row, e) => row.map((c, s) => [e, s, c.count] as const)).filter(([, , n]) => n > 0);
    // Before: probable×critical (log4j), frequent×minor (DICOM), occasional×serious (Bluetooth).
    expect(nonEmpty(map.before)).toEqual([[2, 2, 1], [3, 3, 1], [4, 1, 1]]);
    // After: occasional×critical (log4j, edited), remote×serious (Bluetooth), frequent×minor (DICOM, no controls).
    expect(nonEmpty(map.after)).toEqual([[1, 2, 1], [2, 3, 1], [4, 1, 1]]);
    expect(map.after[2]![3]!.class).toBe('uncontrolled');
    expect(map.after[1]![2]!.class).toBe('controlled');
    const closed = (await call<{ total: number; after: { count: number }[][] }>('GET', '/api/v1/risks/heatmap?status=closed', as.viewer)).body;
    expect(closed.total).toBe(1);
    expect(closed.after[0]![4]!.count).toBe(1);
  });
});

describe('acceptance', () => {
  let controlled: Risk;
  let uncontrolled: Risk;

  beforeAll(async () => {
    controlled = (await call('POST', '/api/v1/risks', as.analyst, { ...baseItem(), title: 'Controlled after segmentation', residualLikelihood: 'remote', findingIds: [] })).body;
    uncontrolled = (await call('POST', '/api/v1/risks', as.analyst, { ...baseItem(), title: 'Uncontrolled until patched', residualLikelihood: 'probable', findingIds: [] })).body;
  });

  it('is for risk.accept roles only', async () => {
    const res = await call('POST', `/api/v1/risks/${controlled.id}/acceptance`, as.analyst, { rationale: 'fine', expiresOn: daysFromNow(90) });
    expect(res.status).toBe(403);
  });

  it('accepts a controlled residual risk with a rationale and an expiry, re-review 30 days before', async () => {
    const expiresOn = daysFromNow(90);
    const res = await call('POST', `/api/v1/risks/${controlled.id}/acceptance`, as.admin, { rationale: 'Residual risk is remote with the VLAN in place.', expiresOn });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.status).toBe('accepted');
    expect(res.body.acceptance).toMatchObject({ approver: org.users.admin.email, expiresOn, reviewOn: daysFromNow(60), uncontrolledAccepted: false, dueForReview: false });
    const audit = await t.db.selectFrom('audit_events').select('action').where('target_id', '=', controlled.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['risk.create', 'risk.accept']);
  });

  it('refuses bad dates and the flag on a controlled risk, by pointer, changing nothing', async () => {
    const cases: [object, string][] = [
      [{ rationale: 'r', expiresOn: today() }, '/body/expiresOn'],
      [{ rationale: 'r', expiresOn: daysFromNow(10), reviewOn: daysFromNow(11) }, '/body/reviewOn'],
      [{ rationale: 'r', expiresOn: daysFromNow(10), acceptUncontrolled: true }, '/body/acceptUncontrolled'],
      [{ expiresOn: daysFromNow(10) }, '/body/rationale'],
    ];
    for (const [body, pointer] of cases) {
      const res = await call<{ errors: { pointer: string }[] }>('POST', `/api/v1/risks/${controlled.id}/acceptance`, as.admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0]!.pointer).toBe(pointer);
    }
    const item = (await call<{ acceptances: unknown[] }>('GET', `/api/v1/risks/${controlled.id}`, as.admin)).body;
    expect(item.acceptances).toHaveLength(1);
  });

  it('accepts an uncontrolled residual risk only with the explicit flag and a benefit-risk rationale', async () => {
    const url = `/api/v1/risks/${uncontrolled.id}/acceptance`;
    const plain = await call<{ errors: { pointer: string }[] }>('POST', url, as.admin, { rationale: 'Patch in 5.1', expiresOn: daysFromNow(20) });
    expect(plain.status).toBe(400);
    expect(plain.body.errors[0]!.pointer).toBe('/body/acceptUncontrolled');
    const noWhy = await call<{ errors: { pointer: string }[] }>('POST', url, as.admin, { rationale: 'Patch in 5.1', expiresOn: daysFromNow(20), acceptUncontrolled: true });
    expect(noWhy.body.errors[0]!.pointer).toBe('/body/benefitRiskRationale');
    const ok = await call('POST', url, as.admin, {
      rationale: 'Patch ships in 5.1 within 60 days; customers told to disconnect the HL7 listener.',
      expiresOn: daysFromNow(20),
      acceptUncontrolled: true,
      benefitRiskRationale: 'Withdrawing the monitors would leave ICU beds unmonitored, a greater harm than the residual risk.',
    });
    expect(ok.status, ok.raw).toBe(200);
    // Expiry within 30 days: the re-review is due at once.
    expect(ok.body.acceptance).toMatchObject({ uncontrolledAccepted: true, reviewOn: today(), dueForReview: true });
  });

  it('lists acceptances due for re-review, through the API filter and for notifications', async () => {
    const due = (await call<{ items: Risk[] }>('GET', '/api/v1/risks?dueForReview=true', as.viewer)).body.items;
    expect(due.map((r) => r.title)).toEqual(['Uncontrolled until patched']);
    expect((await risksDueForReview(t.db, org.id)).map((r) => [r.title, r.residualClass])).toEqual([['Uncontrolled until patched', 'uncontrolled']]);
    // 61 days on, the controlled item's re-review date (expiry − 30) has come too; the other has expired by then.
    const later = await risksDueForReview(t.db, org.id, new Date(Date.now() + 61 * 86_400_000));
    expect(later.map((r) => r.title)).toEqual(['Controlled after segmentation']);
    expect(await risksDueForReview(t.db, other.id)).toEqual([]);
  });

  it('reopens an accepted item when its residual risk changes, and refuses reopening by status', async () => {
    expect((await call('PATCH', `/api/v1/risks/${uncontrolled.id}`, as.analyst, { status: 'mitigating' })).status).toBe(409);
    expect((await call('DELETE', `/api/v1/risks/${uncontrolled.id}`, as.analyst)).status).toBe(409);
    const title = await call('PATCH', `/api/v1/risks/${uncontrolled.id}`, as.analyst, { title: 'Uncontrolled until patched (5.1)' });
    expect(title.body.status).toBe('accepted');
    const changed = await call('PATCH', `/api/v1/risks/${uncontrolled.id}`, as.analyst, { residualSeverity: 'catastrophic' });
    expect(changed.body).toMatchObject({ status: 'open', acceptance: null });
    const detail = (await call<{ acceptances: { endReason: string }[]; events: { kind: string }[] }>('GET', `/api/v1/risks/${uncontrolled.id}`, as.analyst)).body;
    expect(detail.acceptances.map((a) => a.endReason)).toEqual(['risk_changed']);
    expect(detail.events.map((e) => e.kind)).toEqual(['created', 'accepted', 'updated', 'acceptance_ended', 'updated']);
  });

  it('renews an acceptance in force, then revokes it', async () => {
    const renewed = await call('POST', `/api/v1/risks/${controlled.id}/acceptance`, as.admin, { rationale: 'Re-reviewed: VLAN still in place.', expiresOn: daysFromNow(180), reviewOn: daysFromNow(150) });
    expect(renewed.body.acceptance).toMatchObject({ expiresOn: daysFromNow(180), reviewOn: daysFromNow(150) });
    const revoked = await call('POST', `/api/v1/risks/${controlled.id}/acceptance/revoke`, as.admin, { reason: 'VLAN removed in the new ward' });
    expect(revoked.body).toMatchObject({ status: 'open', acceptance: null });
    expect((await call('POST', `/api/v1/risks/${controlled.id}/acceptance/revoke`, as.admin, { reason: 'again' })).status).toBe(409);
    const detail = (await call<{ acceptances: { endReason: string; endNote: string | null }[] }>('GET', `/api/v1/risks/${controlled.id}`, as.admin)).body;
    expect(detail.acceptances.map((a) => [a.endReason, a.endNote])).toEqual([['revoked', 'VLAN removed in the new ward'], ['superseded', null]]);
  });

  it('expires lapsed acceptances with the periodic job’s function: item open, event and audit by Vigil, once', async () => {
    const accepted = await call('POST', `/api/v1/risks/${controlled.id}/acceptance`, as.admin, { rationale: 'Short acceptance', expiresOn: daysFromNow(5) });
    expect(accepted.body.status).toBe('accepted');
    expect(await expireAcceptances(t.db, new Date(Date.now() + 4 * 86_400_000))).toBe(0);
    expect(await expireAcceptances(t.db, new Date(Date.now() + 5 * 86_400_000))).toBe(1);
    const detail = (await call<{ item: Risk; events: { kind: string; actor: string; detail: { expiresOn: string } }[] }>('GET', `/api/v1/risks/${controlled.id}`, as.admin)).body;
    expect(detail.item.status).toBe('open');
    expect(detail.events.at(-1)).toMatchObject({ kind: 'acceptance_expired', actor: 'vigil', detail: { expiresOn: daysFromNow(5) } });
    const audit = await t.db.selectFrom('audit_events').select(['action', 'actor_type']).where('target_id', '=', controlled.id).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'risk.acceptance_expire', actor_type: 'system' });
    expect(await expireAcceptances(t.db, new Date(Date.now() + 6 * 86_400_000))).toBe(0);
  });

  it('cannot accept a closed item', async () => {
    const closed = (await call<{ items: Risk[] }>('GET', '/api/v1/risks?status=closed', as.viewer)).body.items[0]!;
    expect((await call('POST', `/api/v1/risks/${closed.id}/acceptance`, as.admin, { rationale: 'x', expiresOn: daysFromNow(30) })).status).toBe(409);
  });
});

describe('CSV export', () => {
  it('writes a header and one row per item that csv-parse reads back, with finding ids and the formula guard', async () => {
    const tricky = await call('POST', '/api/v1/risks', as.analyst, {
      ...baseItem(),
      title: '=HYPERLINK("http://evil.example")',
      harm: 'Overdose, "free-flow"\nor under-infusion',
      newControls: [{ description: 'Upgrade log4j-core, then verify', status: 'implemented' }, { description: '@ward: disable HL7', status: 'verified' }],
    });
    expect(tricky.status, tricky.raw).toBe(201);
    const res = await t.api('GET', '/api/v1/risks.csv', { as: as.viewer });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="vigil-risk-register-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.split('\r\n')[0]).toBe(
      'id,product,title,threat,vulnerability,hazardous_situation,harm,likelihood,severity,initial_class,existing_controls,new_controls,residual_likelihood,residual_severity,residual_class,matrix,owner,status,accepted_by,accepted_at,acceptance_rationale,uncontrolled_accepted,benefit_risk_rationale,acceptance_expires_on,review_on,linked_findings,linked_vulnerabilities,created_at,updated_at',
    );
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    const list = (await call<{ items: Risk[] }>('GET', '/api/v1/risks?limit=200', as.viewer)).body.items;
    expect(rows.map((r) => r.id)).toEqual(list.map((r) => r.id));
    const row = rows.find((r) => r.id === tricky.body.id)!;
    expect(row).toMatchObject({
      product: 'CardioWatch gateway',
      title: '\'=HYPERLINK("http://evil.example")',
      harm: 'Overdose, "free-flow"\nor under-infusion',
      // The guard looks at the start of the cell only: a later line starting with @ is not a formula.
      new_controls: 'Upgrade log4j-core, then verify [implemented]\n@ward: disable HL7 [verified]',
      residual_class: 'controlled',
      matrix: 'vigil-default-5x5-v1',
      status: 'open',
      linked_findings: ids.finding,
      linked_vulnerabilities: 'CVE-2021-44228',
      accepted_by: '',
    });
    const accepted = rows.find((r) => r.title === 'Uncontrolled until patched (5.1)')!;
    expect(accepted.status).toBe('open');
    const filtered = parse((await t.api('GET', `/api/v1/risks.csv?productId=${ids.secondProduct}`, { as: as.viewer })).body, { columns: true }) as Record<string, string>[];
    expect(filtered.map((r) => r.title).sort()).toEqual(['Unauthenticated DICOM query', 'Weak Bluetooth pairing']);
    expect(filtered.find((r) => r.title === 'Weak Bluetooth pairing')!.owner).toBe(org.users.admin.email);
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyChain(t.db, org.id)).ok).toBe(true);
  });
});
