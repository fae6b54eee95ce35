import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { olderThan } from '../../platform/db/keyset.js';
import type { JobState } from '../../platform/db/schema.js';
import { notFound } from '../../platform/http/problem.js';

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly progress: number;
  readonly total: number | null;
  readonly message: string | null;
  readonly result: unknown;
  readonly error: string | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

type JobRow = {
  id: string;
  kind: string;
  state: JobState;
  progress: number;
  total: number | null;
  message: string | null;
  result: unknown;
  error: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

const present = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  progress: r.progress,
  total: r.total,
  message: r.message,
  result: r.result ?? null,
  error: r.error,
  createdBy: r.created_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export async function getJob(db: Db, ctx: OrgContext, id: string): Promise<Job> {
  authorize(ctx, 'jobs.read');
  const row = await db.selectFrom('job_runs').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('job');
  return present(row);
}

export async function listJobs(db: Db, ctx: OrgContext, limit: number, before?: [string, string]): Promise<Job[]> {
  authorize(ctx, 'jobs.read');
  const rows = await db
    .selectFrom('job_runs')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where(olderThan(before))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(present);
}
