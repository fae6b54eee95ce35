import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { enqueueDueSyncs } from '../../src/modules/intel/sync.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Sources that follow a URL, served from 127.0.0.1: a sync job downloads the feed and
 * imports it; the next sync sends the ETag back and, answered 304, writes nothing but its
 * status; a failing feed leaves the source marked failed with the reason; the scheduler
 * queues each due source once; removing a source closes the findings its records made.
 */
const testdata = (path: string) => readFileSync(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA = testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const KEV = testdata('kev/testdata/kev-excerpt.json');
const ETAG = '"ghsa-jfh8-v1"';
const NVD_PAGE = JSON.parse(testdata('nvd/testdata/nvd/nvd-api-page.json').toString('utf8')) as { vulnerabilities: unknown[] };

const requests: { path: string; ifNoneMatch: string | undefined; authorization: string | undefined; apiKey?: string | undefined }[] = [];

/**
 * NVD's CVE API as the fixture page cut into pages of 2 whatever resultsPerPage asks (as a
 * server may cap it); a windowed request (lastModStartDate) finds nothing new.
 */
function serveNvdPage(url: URL, res: ServerResponse) {
  const start = Number(url.searchParams.get('startIndex') ?? 0);
  const all = url.searchParams.has('lastModStartDate') ? [] : NVD_PAGE.vulnerabilities;
  const vulnerabilities = all.slice(start, start + 2);
  const body = { resultsPerPage: vulnerabilities.length, startIndex: start, totalResults: all.length, format: 'NVD_CVE', version: '2.0', timestamp: '2026-12-02T00:00:00.000', vulnerabilities };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
let feed: Server;
let base = '';

function serve(req: IncomingMessage, res: ServerResponse) {
  requests.push({ path: req.url ?? '', ifNoneMatch: req.headers['if-none-match'], authorization: req.headers.authorization, apiKey: req.headers['apikey'] as string | undefined });
  if (req.url === '/osv/GHSA-jfh8-c2jp-5v3q.json') {
    if (req.headers['if-none-match'] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
    return void res.writeHead(200, { 'content-type': 'application/json', etag: ETAG }).end(GHSA);
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/rest/json/cves/2.0') return void serveNvdPage(url, res);
  if (req.url === '/kev.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(KEV);
  res.writeHead(404).end('gone');
}

let t: TestVigil;
let org: TestOrg;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  feed = createServer(serve);
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
  t = await startTestVigil();
  org = await t.seedOrg('sync');
  admin = await t.login(org.users.admin.email);
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => feed.close(resolve));
});

interface Source { id: string; url: string | null; lastStatus: string | null; lastCounts: Record<string, number>; lastError: string | null; lastJobId: string | null; nextRunAt: string | null; intervalMinutes: number | null }
interface Job { state: string; result: Record<string, unknown> | null; error: string | null }

async function waitForJob(id: string): Promise<Job> {
  for (let i = 0; i < 300; i++) {
    const job = (await t.api('GET', `/api/v1/jobs/${id}`, { as: admin })).json<Job>();
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}
const source = async (id: string) => (await t.api('GET', '/api/v1/intel/sources', { as: admin })).json<{ items: Source[] }>().items.find((s) => s.id === id)!;
const addSource = async (body: object) => (await t.api('POST', '/api/v1/intel/sources', { as: admin, body })).json<Source>();
const sync = (id: string) => t.api('POST', `/api/v1/intel/sources/${id}/sync`, { as: admin });

describe('syncing a source from its URL', () => {
  let osv: Source;

  it('downloads and imports the feed as a job, then matches what it names', async () => {
    const ctx = systemContext(org.id);
    const product = await createProduct(t.db, ctx, { name: 'Infusion Gateway' });
    const release = await createRelease(t.db, ctx, product.id, { version: '3.1' });
    const bom = {
      bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
      components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
    };
    expect((await t.api('POST', `/api/v1/releases/${release.id}/sboms`, { as: admin, body: JSON.stringify(bom), headers: { 'content-type': 'application/json' } })).status).toBe(201);

    osv = await addSource({ kind: 'osv', name: 'GitHub advisories', url: `${base}/osv/GHSA-jfh8-c2jp-5v3q.json` });
    const started = await sync(osv.id);
    expect(started.status).toBe(202);
    const { jobId, alreadyRunning } = started.json<{ jobId: string; alreadyRunning: boolean }>();
    expect(alreadyRunning).toBe(false);
    expect(started.headers.location).toBe(`/api/v1/jobs/${jobId}`);
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { status: 'imported', inserted: 1, findingsOpened: 1 } });
    expect(await source(osv.id)).toMatchObject({ lastStatus: 'succeeded', lastJobId: jobId, lastError: null, lastCounts: { inserted: 1 } });
    const findings = (await t.api('GET', `/api/v1/findings?releaseId=${release.id}`, { as: admin })).json<{ items: { vulnId: string; status: string }[] }>().items;
    expect(findings).toEqual([expect.objectContaining({ vulnId: 'CVE-2021-44228', status: 'affected' })]);
  });

  it('sends the ETag back and, on 304, changes nothing but the status', async () => {
    requests.length = 0;
    const job = await waitForJob((await sync(osv.id)).json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { status: 'not-modified' } });
    expect(requests).toEqual([expect.objectContaining({ path: '/osv/GHSA-jfh8-c2jp-5v3q.json', ifNoneMatch: ETAG })]);
    expect(await source(osv.id)).toMatchObject({ lastStatus: 'not-modified', lastCounts: { inserted: 1 } });
  });

  it('marks the source failed with the reason when the feed fails, and the job failed', async () => {
    const broken = await addSource({ kind: 'kev', name: 'KEV mirror', url: `${base}/missing.json` });
    const job = await waitForJob((await sync(broken.id)).json<{ jobId: string }>().jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toContain('404');
    const after = await source(broken.id);
    expect(after.lastStatus).toBe('failed');
    expect(after.lastError).toContain('404');
  });

  it('refuses to sync a source without a URL, and masks a password in the URL it shows', async () => {
    const files = await addSource({ kind: 'epss', name: 'EPSS files' });
    const res = await sync(files.id);
    expect(res.status).toBe(409);
    expect(res.json<{ detail: string }>().detail).toContain('has no URL');
    const secret = await addSource({ kind: 'kev', name: 'Private KEV', url: `http://reader:s3cret@127.0.0.1:1/kev.json` });
    expect(secret.url).toBe('http://reader:***@127.0.0.1:1/kev.json');
    const audit = await t.db.selectFrom('audit_events').select('summary').where('org_id', '=', org.id).where('action', '=', 'intel.source_create').execute();
    expect(JSON.stringify(audit)).not.toContain('s3cret');
  });
});

describe('syncing from the NVD CVE API', () => {
  it('pages through every CVE with the API key as a header, then asks only for what changed since', async () => {
    requests.length = 0;
    const nvd = await addSource({ kind: 'nvd', name: 'NVD API', url: `${base}/rest/json/cves/2.0?apiKey=k-42&noRejected` });
    expect(nvd.url).toBe(`${base}/rest/json/cves/2.0?apiKey=***&noRejected=`);
    const job = await waitForJob((await sync(nvd.id)).json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { status: 'imported', windowStart: null, inserted: NVD_PAGE.vulnerabilities.length } });
    const pages = requests.map((r) => new URL(r.path, base));
    expect(pages.map((u) => u.searchParams.get('startIndex'))).toEqual(['0', '2', '4']);
    expect(pages.every((u) => u.searchParams.has('noRejected') && !u.searchParams.has('apiKey'))).toBe(true);
    expect(requests.every((r) => r.apiKey === 'k-42')).toBe(true);
    const windowEnd = (job.result as { windowEnd: string }).windowEnd;

    requests.length = 0;
    const again = await waitForJob((await sync(nvd.id)).json<{ jobId: string }>().jobId);
    expect(again).toMatchObject({ state: 'succeeded', result: { windowStart: windowEnd, inserted: 0, updated: 0 } });
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!.path, base).searchParams.get('lastModStartDate')).toBe(windowEnd.replace('Z', '+00:00'));
  });
});

describe('editing, scheduling and removing sources', () => {
  it('edits URL and interval: a new URL forgets the ETag, an interval sets the next run', async () => {
    const kev = await addSource({ kind: 'kev', name: 'CISA KEV', url: `${base}/missing.json` });
    const res = await t.api('PATCH', `/api/v1/intel/sources/${kev.id}`, { as: admin, body: { url: `${base}/kev.json`, intervalMinutes: 60 } });
    expect(res.status).toBe(200);
    const edited = res.json<Source>();
    expect(edited.intervalMinutes).toBe(60);
    const next = Date.parse(edited.nextRunAt!);
    expect(next - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(next - Date.now()).toBeLessThan(61 * 60_000);
    expect((await t.api('PATCH', `/api/v1/intel/sources/${kev.id}`, { as: admin, body: { name: 'GitHub advisories' } })).status).toBe(409);
  });

  it('queues each due source once, however many workers tick', async () => {
    const due = await addSource({ kind: 'kev', name: 'KEV hourly', url: `${base}/kev.json`, intervalMinutes: 60 });
    // Created with an interval but never run: due now.
    const [first, second] = await Promise.all([enqueueDueSyncs(t.db, t.vigil.jobs), enqueueDueSyncs(t.db, t.vigil.jobs)]);
    expect(first! + second!).toBeGreaterThanOrEqual(1);
    const row = await t.db.selectFrom('intel_sources').select(['last_job_id', 'next_run_at']).where('id', '=', due.id).executeTakeFirstOrThrow();
    expect(row.last_job_id).not.toBeNull();
    expect(row.next_run_at!.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(await enqueueDueSyncs(t.db, t.vigil.jobs)).toBe(0);
    const job = await waitForJob(row.last_job_id!);
    expect(job).toMatchObject({ state: 'succeeded', result: { status: 'imported' } });
    const entries = await t.db.selectFrom('intel_kev').select('cve_id').where('org_id', '=', org.id).execute();
    expect(entries.length).toBeGreaterThan(0);
  });

  it('rematches the whole organization as a job, changing nothing when nothing changed', async () => {
    const started = await t.api('POST', '/api/v1/intel/rematch', { as: admin });
    expect(started.status).toBe(202);
    const job = await waitForJob(started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { sboms: 1, opened: 0, reopened: 0, closed: 0, affected: 1 } });
  });

  it('removes a source with its records and closes the findings they made', async () => {
    const osv = (await t.api('GET', '/api/v1/intel/sources', { as: admin })).json<{ items: (Source & { name: string })[] }>().items.find((s) => s.name === 'GitHub advisories')!;
    const res = await t.api('DELETE', `/api/v1/intel/sources/${osv.id}`, { as: admin });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ recordsRemoved: 1, findingsClosed: 1 });
    const finding = await t.db.selectFrom('findings').select(['status', 'fixed_evidence']).where('org_id', '=', org.id).where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
    expect(finding.status).toBe('fixed');
    expect(await t.db.selectFrom('intel_records').select('id').where('source_id', '=', osv.id).execute()).toEqual([]);
    expect((await t.api('DELETE', `/api/v1/intel/sources/${osv.id}`, { as: admin })).status).toBe(404);
  });
});
