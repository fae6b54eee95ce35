import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

let t: TestVigil;
let org: TestOrg;

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('acme');
});
afterAll(() => t.close());

async function waitForJob(as: { cookie: string; csrf: string }, id: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await t.api('GET', `/api/v1/jobs/${id}`, { as })).json<{ state: string; progress: number; total: number | null; result: { ok: boolean; checked: number }; message: string }>();
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('background jobs', () => {
  it('runs an audit verification job and reports progress and result', async () => {
    const admin = await t.login(org.users.admin.email);
    for (let i = 0; i < 3; i++) await t.api('POST', '/api/v1/tokens', { as: admin, body: { name: `t${i}`, role: 'viewer' } });
    const started = await t.api('POST', '/api/v1/audit/verify', { as: admin });
    expect(started.status).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    expect(started.headers.location).toBe(`/api/v1/jobs/${jobId}`);
    const job = await waitForJob(admin, jobId);
    expect(job.state).toBe('succeeded');
    // organization.create + 5 member rows are seeded without audit; 3 token.create, then audit.verify_requested.
    const events = await t.db.selectFrom('audit_events').select('id').where('org_id', '=', org.id).execute();
    expect(job.result).toEqual({ chainId: org.id, ok: true, checked: events.length });
    expect(job.progress).toBe(events.length);
    expect(job.message).toBe('chain intact');
    const list = (await t.api('GET', '/api/v1/jobs', { as: admin })).json<{ items: { id: string; kind: string }[] }>();
    expect(list.items[0]).toMatchObject({ id: jobId, kind: 'audit.verify' });
  });

  it('reports a broken chain as the job result', async () => {
    const admin = await t.login(org.users.admin.email);
    await t.testDb.database.query('alter table audit_events disable trigger audit_events_no_update');
    await t.testDb.database.query(`update audit_events set actor_label = 'mallory' where chain_id = $1 and seq = 2`, [org.id]);
    await t.testDb.database.query('alter table audit_events enable trigger audit_events_no_update');
    const { jobId } = (await t.api('POST', '/api/v1/audit/verify', { as: admin })).json<{ jobId: string }>();
    const job = await waitForJob(admin, jobId);
    expect(job.result).toMatchObject({ ok: false, firstBroken: { seq: 2, problem: 'content hash mismatch' } });
  });

  it('does not show another organization’s job', async () => {
    const other = await t.seedOrg('other');
    const admin = await t.login(org.users.admin.email);
    const { jobId } = (await t.api('POST', '/api/v1/audit/verify', { as: admin })).json<{ jobId: string }>();
    const stranger = await t.login(other.users.owner.email);
    expect((await t.api('GET', `/api/v1/jobs/${jobId}`, { as: stranger })).status).toBe(404);
  });
});
