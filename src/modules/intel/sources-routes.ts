import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { maskUrlSecrets } from '../../platform/fetch/index.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { authorize } from '../../platform/auth/permissions.js';
import { rematchOrganization } from './rematch.js';
import { createSource, listSources } from './service.js';
import { deleteSource, enqueueDueSyncs, INTEL_SYNC_JOB, requestSync, runSync, updateSource } from './sync.js';

export const INTEL_REMATCH_JOB = 'intel.rematch';

/** How often a worker looks for sources whose sync interval has passed. */
const SCHEDULER_TICK_MS = 60_000;

const Kind = z.enum(['osv', 'nvd', 'kev', 'epss']);
const Url = z.url({ protocol: /^https?$/ }).max(2000);
const Interval = z.number().int().min(5).max(10080).describe('Minutes between scheduled syncs (5 minutes to 1 week); null for manual syncs only');

const SourceView = z.object({
  id: z.string(),
  kind: Kind,
  name: z.string(),
  url: z.string().nullable().describe('With any password masked'),
  intervalMinutes: z.number().nullable(),
  enabled: z.boolean(),
  lastRunAt: Timestamp.nullable(),
  lastSuccessAt: Timestamp.nullable(),
  lastStatus: z.string().nullable(),
  lastCounts: z.record(z.string(), z.unknown()),
  lastError: z.string().nullable(),
  lastJobId: z.string().nullable(),
  nextRunAt: Timestamp.nullable(),
});

type SourceRow = Awaited<ReturnType<typeof listSources>>[number];
const presentSource = (s: SourceRow) => ({
  id: s.id, kind: s.kind, name: s.name, url: s.url === null ? null : maskUrlSecrets(s.url), intervalMinutes: s.interval_minutes, enabled: s.enabled,
  lastRunAt: s.last_run_at, lastSuccessAt: s.last_success_at, lastStatus: s.last_status, lastCounts: s.last_counts, lastError: s.last_error,
  lastJobId: s.last_job_id, nextRunAt: s.next_run_at,
});

/** Registers the sync job and, on worker processes, the scheduler tick. */
export function registerIntelJobs(deps: Deps): void {
  deps.jobs.register<{ sourceId: string }>(INTEL_SYNC_JOB, (job) => runSync(deps.database.kysely, job));
  deps.jobs.register<Record<string, never>>(INTEL_REMATCH_JOB, (job) => rematchOrganization(deps.database.kysely, job.orgId, (done, total) => job.progress(done, total, 'SBOMs rematched')));
  deps.jobs.every('intel.scheduler', SCHEDULER_TICK_MS, () => enqueueDueSyncs(deps.database.kysely, deps.jobs));
}

/** Intelligence sources: configure, edit, remove, sync now. */
export function intelSourceRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['intelligence'];

  app.get('/api/v1/intel/sources', { config: { action: 'intel.read' }, schema: { tags, summary: 'Configured intelligence sources with their last run', response: { 200: z.object({ items: z.array(SourceView) }) } } }, async (request) => ({
    items: (await listSources(db, orgOf(request))).map(presentSource),
  }));

  app.post(
    '/api/v1/intel/sources',
    {
      config: { action: 'intel.manage' },
      schema: {
        tags,
        summary: 'Add a source (OSV, NVD/CVE 5, CISA KEV or FIRST EPSS); a URL is fetched only when set',
        body: z.strictObject({ kind: Kind, name: z.string().trim().min(1).max(200), url: Url.nullable().optional(), intervalMinutes: Interval.nullable().optional() }),
        response: { 201: SourceView },
      },
    },
    async (request, reply) => reply.status(201).send(presentSource(await createSource(db, orgOf(request), request.body))),
  );

  app.patch(
    '/api/v1/intel/sources/:id',
    {
      config: { action: 'intel.manage' },
      schema: {
        tags,
        summary: 'Edit a source: name, URL, sync interval, enabled',
        params: IdParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), url: Url.nullable().optional(), intervalMinutes: Interval.nullable().optional(), enabled: z.boolean().optional() }),
        response: { 200: SourceView },
      },
    },
    async (request) => presentSource(await updateSource(db, orgOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/intel/sources/:id',
    { config: { action: 'intel.manage' }, schema: { tags, summary: 'Remove a source and its records; findings they made are rematched', params: IdParams, response: { 200: z.object({ recordsRemoved: z.number(), findingsClosed: z.number() }) } } },
    async (request) => deleteSource(db, orgOf(request), request.params.id),
  );

  app.post(
    '/api/v1/intel/rematch',
    {
      config: { action: 'intel.manage' },
      schema: { tags, summary: 'Rematch every current SBOM against all intelligence, as a job (imports already rematch what they change; this is for a changed matcher or a repair)', response: { 202: z.object({ jobId: z.string() }) } },
    },
    async (request, reply) => {
      const ctx = orgOf(request);
      authorize(ctx, 'intel.manage');
      const jobId = await db.transaction().execute(async (tx) => {
        const id = await deps.jobs.enqueue(tx, ctx, INTEL_REMATCH_JOB, {});
        await recordAudit(tx, ctx, { action: 'intel.rematch_requested', target: { type: 'job', id } });
        return id;
      });
      return reply.status(202).header('location', `/api/v1/jobs/${jobId}`).send({ jobId });
    },
  );

  app.post(
    '/api/v1/intel/sources/:id/sync',
    {
      config: { action: 'intel.manage' },
      schema: { tags, summary: 'Sync the source from its URL now, as a job (the running one when a sync is already under way)', params: IdParams, response: { 202: z.object({ jobId: z.string(), alreadyRunning: z.boolean() }) } },
    },
    async (request, reply) => {
      const result = await requestSync(db, deps.jobs, orgOf(request), request.params.id);
      return reply.status(202).header('location', `/api/v1/jobs/${result.jobId}`).send(result);
    },
  );
}
