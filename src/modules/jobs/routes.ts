import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { getJob, listJobs } from './service.js';

const JobView = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.number(),
  total: z.number().nullable(),
  message: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});

export function jobRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['jobs'];
  app.get('/api/v1/jobs', { config: { action: 'jobs.read' }, schema: { tags, summary: 'Background jobs, newest first', querystring: PageQuery.strict(), response: { 200: pageSchema(JobView) } } }, async (request) => {
    const { limit, cursor } = request.query;
    const before = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
    const rows = await listJobs(db, orgOf(request), limit + 1, before);
    return toPage(rows, limit, (j) => j, (j) => [j.createdAt.toISOString(), j.id]);
  });
  app.get('/api/v1/jobs/:id', { config: { action: 'jobs.read' }, schema: { tags, summary: 'One job with its progress and result', params: IdParams, response: { 200: JobView } } }, async (request) =>
    getJob(db, orgOf(request), request.params.id),
  );
}
