import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { CONTROL_KINDS, CONTROL_SCOPES, CONTROL_STATUSES, PATCH_STATES } from '../vendors/vocabulary.js';
import { getPolicy, movePatch, patchBoard, setPolicy } from './patches.js';
import { refreshExposure } from './recompute.js';
import { assetExposure, createControl, decideMatch, deleteControl, EXPOSURE_RECOMPUTE_JOB, exposureSummary, listControls, listExposures, listMatches, requestRecompute, resetMatch } from './service.js';

export function registerExposureJobs(deps: Deps): void {
  deps.jobs.register(EXPOSURE_RECOMPUTE_JOB, async (job) => {
    await job.progress(0, 1, 'matching assets and recomputing exposure');
    const result = await refreshExposure(deps.database.kysely, job.orgId);
    await job.progress(1, 1, 'done');
    return result;
  });
}

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const Status = z.enum(['known_affected', 'known_not_affected', 'fixed', 'under_investigation', 'patched']);
const Band = z.enum(['critical', 'high', 'medium', 'low']);
const Chart = z.array(z.object({ label: z.string(), assets: z.number(), kev: z.number(), exposures: z.number() }));
const Factor = z.object({ factor: z.string(), effect: z.enum(['raised', 'lowered']), points: z.number(), why: z.string() });
const ControlView = z.object({ id: z.string(), kind: z.string(), description: z.string(), scope: z.string(), assetId: z.string().nullable(), scopeValue: z.string().nullable(), vulnId: z.string().nullable(), status: z.string(), createdBy: z.string(), createdAt: Timestamp });
const CalendarDate = z.iso.date();

const SummaryView = z.object({
  totals: z.object({ assets: z.number(), matched: z.number(), exposedAssets: z.number(), kevExposedAssets: z.number(), overduePatches: z.number() }),
  kevPatientConnected: z.array(z.object({
    assetId: z.string(), manufacturer: z.string(), model: z.string(), serial: z.string(), department: z.string().nullable(), networkZone: z.string().nullable(), criticality: z.string().nullable(),
    vulnerabilities: z.array(z.string()), priority: z.number(), compensatedBy: z.array(z.object({ id: z.string(), kind: z.string(), description: z.string() })),
  })).describe('Patient-connected devices exposed to a known-exploited vulnerability, and what compensates'),
  endOfSupportWithin12Months: z.array(z.object({ releaseId: z.string(), vendor: z.string(), product: z.string(), version: z.string(), endOfSupportDate: z.string(), lifecycleStage: z.string().nullable(), assets: z.number() })).describe('Models in the fleet whose end of support falls in the next 12 months'),
  byDepartment: Chart,
  byCriticality: Chart,
  byVendor: Chart,
});

export function exposureRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['exposure'];

  app.get('/api/v1/exposure/summary', { config: { action: 'exposure.read' }, schema: { tags, summary: 'The exposure dashboard: KEV-exposed patient-connected devices and what compensates, models leaving support within 12 months, charts', response: { 200: SummaryView } } }, async (request) =>
    exposureSummary(db, orgOf(request)),
  );

  app.get(
    '/api/v1/exposures',
    {
      config: { action: 'exposure.read' },
      schema: {
        tags,
        summary: 'Exposures (asset × vulnerability), highest priority first',
        querystring: z.strictObject({ department: z.string().max(200).optional(), vendorId: z.uuid().optional(), kev: Flag.optional(), patientConnected: Flag.optional(), status: Status.optional(), vulnId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: {
          200: z.object({
            items: z.array(z.object({
              assetId: z.string(), manufacturer: z.string(), model: z.string(), serial: z.string(), department: z.string().nullable(), patientConnected: z.boolean(), criticality: z.string().nullable(),
              vulnId: z.string(), status: Status, kev: z.boolean(), epss: z.number().nullable(), cvss: z.number().nullable(), basePriority: z.number(), controlPoints: z.number(), priority: z.number(), band: Band,
              vendor: z.string(), product: z.string(), version: z.string(),
            })),
          }),
        },
      },
    },
    async (request) => {
      const { limit, ...filter } = request.query;
      return { items: await listExposures(db, orgOf(request), filter, limit) };
    },
  );

  app.get(
    '/api/v1/exposure/assets/:id',
    {
      config: { action: 'exposure.read' },
      schema: {
        tags,
        summary: 'One asset’s exposure: its match, every vendor statement (not affected ones with the justification), the priority explained, controls and patches',
        params: IdParams,
        response: {
          200: z.object({
            asset: z.object({ id: z.string(), manufacturer: z.string(), model: z.string(), serial: z.string(), softwareVersion: z.string().nullable(), firmwareVersion: z.string().nullable(), department: z.string().nullable(), networkZone: z.string().nullable(), location: z.string().nullable(), criticality: z.string().nullable(), patientConnected: z.boolean() }),
            match: z.object({ vendorReleaseId: z.string().nullable(), method: z.string(), confidence: z.number(), reason: z.string(), decidedBy: z.string().nullable(), vendor: z.string().nullable(), product: z.string().nullable(), version: z.string().nullable(), lifecycleStage: z.string().nullable(), endOfSupportDate: z.string().nullable() }).nullable(),
            exposures: z.array(z.object({
              vulnId: z.string(), status: Status, kev: z.boolean(), epss: z.number().nullable(), cvss: z.number().nullable(), basePriority: z.number(), controlPoints: z.number(), priority: z.number(), band: Band, factors: z.array(Factor),
              justification: z.string().nullable(), detail: z.string().nullable(), remediationCategory: z.string().nullable(), remediation: z.string().nullable(), remediationUrl: z.string().nullable(), patientSafety: z.string().nullable(), harm: z.string().nullable(),
              document: z.object({ key: z.string(), title: z.string().nullable() }).nullable(), controlIds: z.array(z.string()),
            })),
            controls: z.array(ControlView),
            deployments: z.array(z.object({ id: z.string(), vulnId: z.string(), state: z.string(), availableOn: z.string(), dueOn: z.string(), scheduledFor: z.string().nullable(), installedOn: z.string().nullable() })),
          }),
        },
      },
    },
    async (request) => assetExposure(db, orgOf(request), request.params.id),
  );

  app.post('/api/v1/exposure/recompute', { config: { action: 'exposure.write' }, schema: { tags, summary: 'Re-run matching and the set-based exposure computation (an exposure.recompute job)', response: { 202: z.object({ jobId: z.string() }) } } }, async (request, reply) =>
    reply.status(202).send(await requestRecompute(db, deps.jobs, orgOf(request))),
  );

  app.get(
    '/api/v1/exposure/matches',
    {
      config: { action: 'exposure.read' },
      schema: {
        tags,
        summary: 'Assets with their vendor-release match (auto, confirmed, overridden) or none',
        querystring: z.strictObject({ state: z.enum(['unmatched', 'auto', 'confirmed', 'overridden']).optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }),
        response: {
          200: z.object({
            items: z.array(z.object({
              assetId: z.string(), manufacturer: z.string(), model: z.string(), serial: z.string(), softwareVersion: z.string().nullable(), department: z.string().nullable(),
              state: z.enum(['unmatched', 'auto', 'confirmed', 'overridden']), confidence: z.number().nullable(), reason: z.string().nullable(),
              release: z.object({ id: z.string(), vendor: z.string(), product: z.string(), version: z.string() }).nullable(),
            })),
          }),
        },
      },
    },
    async (request) => ({ items: await listMatches(db, orgOf(request), request.query.state, request.query.limit) }),
  );

  app.put(
    '/api/v1/exposure/matches/:id',
    {
      config: { action: 'exposure.write' },
      schema: {
        tags,
        summary: 'Confirm the automatic match ({"confirm": true}) or override it ({"vendorReleaseId": "…"}, or null for "no catalog release"); exposure is recomputed',
        params: IdParams,
        body: z.union([z.strictObject({ confirm: z.literal(true) }), z.strictObject({ vendorReleaseId: z.uuid().nullable() })]),
      },
    },
    async (request, reply) => {
      await decideMatch(db, orgOf(request), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.delete('/api/v1/exposure/matches/:id', { config: { action: 'exposure.write' }, schema: { tags, summary: 'Forget the decision: the asset goes back to automatic matching', params: IdParams } }, async (request, reply) => {
    await resetMatch(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/exposure/controls', { config: { action: 'exposure.read' }, schema: { tags, summary: 'Compensating controls', response: { 200: z.object({ items: z.array(ControlView) }) } } }, async (request) => ({ items: await listControls(db, orgOf(request)) }));

  app.post(
    '/api/v1/exposure/controls',
    {
      config: { action: 'exposure.write' },
      schema: {
        tags,
        summary: 'Add a compensating control for one asset, a department or a network zone (optionally for one vulnerability); exposure is recomputed',
        body: z.strictObject({
          kind: z.enum(CONTROL_KINDS),
          description: z.string().trim().min(1).max(2000),
          scope: z.enum(CONTROL_SCOPES),
          assetId: z.uuid().optional(),
          scopeValue: z.string().trim().min(1).max(200).optional().describe('The department or zone name, as on the assets'),
          vulnId: z.string().trim().min(1).max(100).optional(),
          status: z.enum(CONTROL_STATUSES).optional().describe('Default implemented; planned controls do not lower the priority'),
        }),
        response: { 201: ControlView },
      },
    },
    async (request, reply) => reply.status(201).send(await createControl(db, orgOf(request), request.body)),
  );

  app.delete('/api/v1/exposure/controls/:id', { config: { action: 'exposure.write' }, schema: { tags, summary: 'Remove a compensating control', params: IdParams } }, async (request, reply) => {
    await deleteControl(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  const PatchItem = z.object({
    id: z.string(), assetId: z.string(), manufacturer: z.string(), model: z.string(), serial: z.string(), department: z.string().nullable(), vulnId: z.string(),
    advisory: z.object({ id: z.string(), key: z.string(), title: z.string().nullable() }).nullable(), remediation: z.string().nullable(), state: z.enum(PATCH_STATES), priority: z.number(), band: Band,
    availableOn: z.string(), dueOn: z.string(), validatedOn: z.string().nullable(), scheduledFor: z.string().nullable(), installedOn: z.string().nullable(), note: z.string().nullable(), overdue: z.boolean(),
  });
  app.get(
    '/api/v1/patches',
    {
      config: { action: 'exposure.read' },
      schema: {
        tags,
        summary: 'The patch deployment board: every deployment with its state and due date (overdue vs the policy), and the % of the fleet patched per advisory',
        response: { 200: z.object({ items: z.array(PatchItem), advisories: z.array(z.object({ documentId: z.string().nullable(), key: z.string().nullable(), title: z.string().nullable(), assets: z.number(), installed: z.number(), overdue: z.number(), percentPatched: z.number() })) }) },
      },
    },
    async (request) => patchBoard(db, orgOf(request)),
  );

  app.patch(
    '/api/v1/patches/:id',
    {
      config: { action: 'exposure.write' },
      schema: { tags, summary: 'Move a deployment forward (available → validated → scheduled → installed) with the day', params: IdParams, body: z.strictObject({ state: z.enum(PATCH_STATES), on: CalendarDate.optional(), note: z.string().max(2000).optional() }) },
    },
    async (request, reply) => {
      await movePatch(db, orgOf(request), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  const Policy = z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number(), updatedBy: z.string().nullable(), updatedAt: Timestamp.nullable() });
  const Days = z.number().int().min(1).max(3650);
  app.get('/api/v1/patches/policy', { config: { action: 'exposure.read' }, schema: { tags, summary: 'The hospital patch policy: days from availability to installation per priority band', response: { 200: Policy } } }, async (request) => getPolicy(db, orgOf(request)));
  app.put('/api/v1/patches/policy', { config: { action: 'exposure.policy' }, schema: { tags, summary: 'Set the patch policy; open deployments take the new due dates', body: z.strictObject({ critical: Days, high: Days, medium: Days, low: Days }), response: { 200: Policy } } }, async (request) =>
    setPolicy(db, orgOf(request), request.body),
  );
}
