import { z } from 'zod';
import { recordAudit, verifyChain } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Timestamp } from '../../platform/http/schemas.js';
import { listAuditEvents } from './service.js';

export const AUDIT_VERIFY_JOB = 'audit.verify';

const AuditEventView = z.object({
  id: z.number(),
  seq: z.number(),
  at: Timestamp,
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  summary: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
});

const AuditQuery = PageQuery.extend({
  action: z.string().max(100).optional().describe('Exact action, or a prefix ending in "." such as "token."'),
  actor: z.string().max(320).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
}).strict();

/** Registers the audit verification job on every process (workers run it). */
export function registerAuditJobs(deps: Deps): void {
  deps.jobs.register<Record<string, never>>(AUDIT_VERIFY_JOB, async (job) => {
    const result = await verifyChain(deps.database.kysely, job.orgId, (checked) => job.progress(checked));
    await job.progress(result.checked, result.checked, result.ok ? 'chain intact' : `broken at seq ${result.firstBroken?.seq}`);
    return result;
  });
}

export function auditRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['audit'];

  app.get('/api/v1/audit', { config: { action: 'audit.read' }, schema: { tags, summary: 'Audit trail, newest first, with filters', querystring: AuditQuery, response: { 200: pageSchema(AuditEventView) } } }, async (request) => {
    const q = request.query;
    const beforeId = q.cursor ? (decodeCursor(q.cursor, ['number'])[0] as number) : undefined;
    const rows = await listAuditEvents(
      db,
      orgOf(request),
      { action: q.action, actor: q.actor, targetType: q.targetType, targetId: q.targetId, since: q.since ? new Date(q.since) : undefined, until: q.until ? new Date(q.until) : undefined },
      q.limit + 1,
      beforeId,
    );
    return toPage(rows, q.limit, (e) => e, (e) => [e.id]);
  });

  app.post(
    '/api/v1/audit/verify',
    { config: { action: 'audit.verify' }, schema: { tags, summary: "Verify the organization's audit chain as a background job", response: { 202: z.object({ jobId: z.string() }) } } },
    async (request, reply) => {
      const ctx = orgOf(request);
      authorize(ctx, 'audit.verify');
      const jobId = await db.transaction().execute(async (tx) => {
        const id = await deps.jobs.enqueue(tx, ctx, AUDIT_VERIFY_JOB, {});
        await recordAudit(tx, ctx, { action: 'audit.verify_requested', target: { type: 'job', id } });
        return id;
      });
      return reply.status(202).header('location', `/api/v1/jobs/${jobId}`).send({ jobId });
    },
  );
}
