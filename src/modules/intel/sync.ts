import { open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sql, type UpdateObject } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext, type OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { fetchIfChanged, maskUrlSecrets, removeFetchedBody } from '../../platform/fetch/index.js';
import { Problem } from '../../platform/http/problem.js';
import type { JobContext, JobQueue } from '../../platform/jobs/queue.js';
import { rematchKeys } from './findings-engine.js';
import { fileNameFor, importIntelFile } from './import-file.js';
import { isNvdCveApi, readNvdApi } from './nvd-api.js';
import { importRecords, loadSource } from './service.js';

/**
 * Sources that follow a URL: editing and removing them, a manual "sync now", and the
 * scheduler that queues a sync when a source's interval has passed. A sync is a job
 * (`intel.sync`): a conditional GET with the ETag / Last-Modified of the previous run, so
 * an unchanged feed costs one request and writes nothing but its status; a changed one is
 * imported like an upload, then only what changed is rematched.
 */

export const INTEL_SYNC_JOB = 'intel.sync';

/** Largest feed a sync downloads (an all-ecosystem OSV zip is ~1 GB; per-ecosystem ones far less). */
export const MAX_SYNC_BYTES = 2 * 1024 * 1024 * 1024;
/** A feed download that takes longer than this is abandoned (the next interval retries). */
export const SYNC_TIMEOUT_MS = 30 * 60 * 1000;

export interface SourcePatch {
  readonly name?: string | undefined;
  readonly url?: string | null | undefined;
  readonly intervalMinutes?: number | null | undefined;
  readonly enabled?: boolean | undefined;
}

/** Edits a source. A new URL forgets the old feed's ETag; a new interval counts from now. */
export async function updateSource(db: Db, ctx: OrgContext, id: string, patch: SourcePatch) {
  authorize(ctx, 'intel.manage');
  return db.transaction().execute(async (tx) => {
    const before = await loadSource(tx, ctx, id);
    if (patch.name !== undefined && patch.name !== before.name) {
      const taken = await tx.selectFrom('intel_sources').select('id').where('org_id', '=', ctx.orgId).where('name', '=', patch.name).executeTakeFirst();
      if (taken) throw new Problem(409, 'conflict', `A source named "${patch.name}" already exists.`, { errors: [{ pointer: '/body/name', message: 'already taken' }] });
    }
    const urlChanged = patch.url !== undefined && patch.url !== before.url;
    const url = patch.url === undefined ? before.url : patch.url;
    const interval = patch.intervalMinutes === undefined ? before.interval_minutes : patch.intervalMinutes;
    const source = await tx
      .updateTable('intel_sources')
      .set({
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
        url,
        interval_minutes: interval,
        ...(urlChanged ? { etag: null, last_modified: null } : {}),
        next_run_at: url && interval ? sql<Date>`now() + make_interval(mins => ${interval}::int)` : null,
      })
      .where('id', '=', id)
      .where('org_id', '=', ctx.orgId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'intel.source_update', target: { type: 'intel_source', id }, summary: { ...patch, url: patch.url ? maskUrlSecrets(patch.url) : patch.url } });
    return source;
  });
}

/**
 * Removes a source and everything it brought. Findings its records made are rematched
 * against what remains, so they close (fixed or withdrawn) instead of lingering unexplained.
 */
export async function deleteSource(db: Db, ctx: OrgContext, id: string): Promise<{ recordsRemoved: number; findingsClosed: number }> {
  authorize(ctx, 'intel.manage');
  return db.transaction().execute(async (tx) => {
    const source = await loadSource(tx, ctx, id);
    const keys = await tx
      .selectFrom('intel_record_packages as p')
      .innerJoin('intel_records as r', 'r.id', 'p.record_id')
      .select('p.package_key')
      .distinct()
      .where('r.source_id', '=', id)
      .execute();
    const removed = await tx.deleteFrom('intel_records').where('source_id', '=', id).executeTakeFirst();
    await tx.deleteFrom('intel_sources').where('id', '=', id).execute();
    const rematch = await rematchKeys(tx, ctx.orgId, new Set(keys.map((k) => k.package_key)));
    await recordAudit(tx, ctx, { action: 'intel.source_delete', target: { type: 'intel_source', id }, summary: { name: source.name, kind: source.kind, recordsRemoved: Number(removed.numDeletedRows), findingsClosed: rematch.closed } });
    return { recordsRemoved: Number(removed.numDeletedRows), findingsClosed: rematch.closed };
  });
}

/**
 * Queues a sync of a source that has a URL. While one is queued or running, asking again
 * returns that job instead of queueing a second download of the same feed.
 */
export async function requestSync(db: Db, jobs: JobQueue, ctx: OrgContext, id: string): Promise<{ jobId: string; alreadyRunning: boolean }> {
  authorize(ctx, 'intel.manage');
  return db.transaction().execute(async (tx) => {
    const source = await tx.selectFrom('intel_sources').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!source) throw new Problem(404, 'not-found', 'No such source.');
    if (!source.url) throw new Problem(409, 'no-url', `Source "${source.name}" has no URL to sync from; import a file instead, or set its URL.`);
    if (source.last_job_id) {
      const job = await tx.selectFrom('job_runs').select('state').where('id', '=', source.last_job_id).executeTakeFirst();
      if (job && (job.state === 'queued' || job.state === 'running')) return { jobId: source.last_job_id, alreadyRunning: true };
    }
    const jobId = await jobs.enqueue(tx, ctx, INTEL_SYNC_JOB, { sourceId: id });
    await tx.updateTable('intel_sources').set({ last_job_id: jobId }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'intel.sync_requested', target: { type: 'intel_source', id }, summary: { jobId } });
    return { jobId, alreadyRunning: false };
  });
}

/**
 * Queues a sync for every enabled source, in every organization, whose interval has
 * passed. Claiming moves `next_run_at` forward in the same statement, so several workers
 * ticking at once queue each due source once.
 */
export async function enqueueDueSyncs(db: Db, jobs: JobQueue): Promise<number> {
  const due = await db
    .updateTable('intel_sources')
    .set({ next_run_at: sql<Date>`now() + make_interval(mins => interval_minutes)` })
    .where('enabled', '=', true)
    .where('url', 'is not', null)
    .where('interval_minutes', 'is not', null)
    .where((eb) => eb.or([eb('next_run_at', 'is', null), eb('next_run_at', '<=', sql<Date>`now()`)]))
    .returning(['id', 'org_id'])
    .execute();
  let queued = 0;
  for (const source of due) {
    const { alreadyRunning } = await requestSync(db, jobs, systemContext(source.org_id), source.id);
    if (!alreadyRunning) queued++;
  }
  return queued;
}

/** The `intel.sync` job: fetch if changed, import, record the run on the source. */
export async function runSync(db: Db, job: JobContext<{ sourceId: string }>): Promise<Record<string, unknown>> {
  const ctx = systemContext(job.orgId);
  const source = await loadSource(db, ctx, job.payload.sourceId);
  if (!source.url) throw new Error(`Source "${source.name}" no longer has a URL.`);
  await markSource(db, source.id, { last_status: 'running', last_run_at: sql<Date>`now()` });
  try {
    if (source.kind === 'nvd' && isNvdCveApi(source.url)) return await syncNvdApi(db, ctx, job, { ...source, url: source.url });
    await job.progress(0, undefined, `fetching ${maskUrlSecrets(source.url)}`);
    const fetched = await fetchIfChanged(source.url, { etag: source.etag ?? undefined, lastModified: source.last_modified ?? undefined, maxBytes: MAX_SYNC_BYTES, timeoutMs: SYNC_TIMEOUT_MS });
    if (fetched.status === 'not-modified') {
      await markSource(db, source.id, { last_status: 'not-modified', last_error: null, last_success_at: sql<Date>`now()` });
      await job.progress(0, 0, 'not modified since the last sync');
      return { status: 'not-modified' };
    }
    try {
      const named = join(dirname(fetched.body), fileNameFor(await readStart(fetched.body)));
      await rename(fetched.body, named);
      try {
        await job.progress(0, undefined, `importing ${fetched.bytes.toLocaleString('en-US')} bytes`);
        const { summary } = await importIntelFile(db, ctx, source, named, (done) => job.progress(done, undefined, 'importing'));
        await markSource(db, source.id, { etag: fetched.etag ?? null, last_modified: fetched.lastModified ?? null });
        const { firstIssues: _issues, ...counts } = summary;
        return { status: 'imported', bytes: fetched.bytes, ...counts };
      } finally {
        await rename(named, fetched.body).catch(() => undefined);
      }
    } finally {
      await removeFetchedBody(fetched.body);
    }
  } catch (error) {
    await markSource(db, source.id, { last_status: 'failed', last_error: (error as Error).message.slice(0, 2000) });
    throw error;
  }
}

/**
 * An NVD CVE API source: every page of the windows since the last completed one. The end of
 * that window is kept in `last_modified` (for other sources the feed's Last-Modified header),
 * so the next sync starts exactly where this one ended; a failed sync leaves it unchanged.
 */
async function syncNvdApi(db: Db, ctx: OrgContext, job: JobContext<{ sourceId: string }>, source: { id: string; url: string; last_modified: string | null }) {
  const since = source.last_modified && !Number.isNaN(Date.parse(source.last_modified)) ? new Date(source.last_modified) : null;
  const now = new Date();
  await job.progress(0, undefined, since ? `fetching CVEs modified since ${since.toISOString()}` : 'fetching every CVE (first sync)');
  const items = readNvdApi(source.url, { since, now, onPage: (done, total) => job.progress(done, total, 'reading NVD pages') });
  const summary = await importRecords(db, ctx, source.id, items);
  await markSource(db, source.id, { last_modified: now.toISOString() });
  const { firstIssues: _issues, ...counts } = summary;
  return { status: 'imported', windowStart: since?.toISOString() ?? null, windowEnd: now.toISOString(), ...counts };
}

async function markSource(db: Db, id: string, values: UpdateObject<DB, 'intel_sources'>): Promise<void> {
  await db.updateTable('intel_sources').set(values).where('id', '=', id).execute();
}

async function readStart(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await file.read(buffer, 0, 64, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
