import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { remediationDashboard } from './dashboard.js';
import { CLOCK_KINDS, CLOCK_NAMES, SLA_RULES } from './policy.js';
import { createPlan, listFindingPlans, listPlans, PLAN_KINDS, PLAN_STATUSES, updatePlan } from './remediation.js';
import { findingClocks, getPolicy, pauseClock, resumeClock, stopClock, updatePolicy } from './service.js';
import { MANUAL_STOP_REASONS } from './store.js';

const RuleView = z.object({ rule: z.enum(SLA_RULES), clock: z.enum(CLOCK_NAMES), days: z.number().nullable(), kind: z.enum(CLOCK_KINDS), source: z.string(), isDefault: z.boolean() });
const PolicyView = z.object({ timeZone: z.string(), notifyBeforeDays: z.number(), rules: z.array(RuleView) });

const ClockView = z.object({
  id: z.string(), findingId: z.string(), clock: z.enum(CLOCK_NAMES), rule: z.string(), days: z.number(), kind: z.string(), source: z.string(), timeZone: z.string(),
  startedAt: Timestamp, baseDueAt: Timestamp, dueAt: Timestamp.describe('Due now: base due plus pauses'), state: z.enum(['running', 'paused', 'stopped']),
  status: z.enum(['overdue', 'due_soon', 'on_track', 'paused', 'stopped']), daysLeft: z.number().nullable(), pausedMs: z.number(), pausedAt: Timestamp.nullable(),
  pauseReason: z.string().nullable(), stoppedAt: Timestamp.nullable(), stopReason: z.string().nullable(), stopNote: z.string().nullable(),
});

const CalendarDate = z.iso.date();
const PlanView = z.object({
  id: z.string(), findingId: z.string(), kind: z.enum(PLAN_KINDS), releaseId: z.string().nullable(), releaseVersion: z.string().nullable(), description: z.string(),
  targetDate: z.string().nullable(), status: z.enum(PLAN_STATUSES), createdAt: Timestamp, updatedAt: Timestamp,
});
const PlanBody = z.strictObject({
  kind: z.enum(PLAN_KINDS),
  releaseId: z.uuid().nullable().optional().describe('For a patch: the release of the same product that ships it'),
  description: z.string().trim().min(1).max(4000),
  targetDate: CalendarDate.nullable().optional(),
  status: z.enum(PLAN_STATUSES).optional(),
});

const DashboardView = z.object({
  timeZone: z.string(),
  notifyBeforeDays: z.number(),
  totals: z.object({ overdue: z.number(), dueSoon: z.number(), onTrack: z.number(), paused: z.number() }),
  products: z.array(z.object({ productId: z.string(), productName: z.string(), overdue: z.number(), dueSoon: z.number(), onTrack: z.number(), paused: z.number() })),
  clocks: z.array(ClockView.extend({ vulnId: z.string(), componentName: z.string(), riskClass: z.string().nullable(), priority: z.number(), productId: z.string(), productName: z.string(), releaseVersion: z.string() })),
  burndown: z.array(z.object({ date: z.string(), open: z.number(), dueLine: z.number() })),
});

export function clockRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['clocks'];

  app.get('/api/v1/clocks/policy', { config: { action: 'intel.read' }, schema: { tags, summary: 'The SLA policy: time zone, notice before due, and each clock rule with its kind and source', response: { 200: PolicyView } } }, async (request) =>
    getPolicy(db, orgOf(request)),
  );
  app.put(
    '/api/v1/clocks/policy',
    {
      config: { action: 'clocks.manage' },
      schema: {
        tags,
        summary: 'Edit the SLA policy (clocks started later use it; running clocks keep their due dates)',
        body: z.strictObject({
          timeZone: z.string().min(1).max(64).optional(),
          notifyBeforeDays: z.number().int().min(0).max(365).optional(),
          rules: z.array(z.strictObject({ rule: z.enum(SLA_RULES), days: z.number().int().min(1).max(3650).nullable().optional(), kind: z.enum(CLOCK_KINDS).optional(), source: z.string().trim().min(1).max(500).optional(), reset: z.boolean().optional() })).max(SLA_RULES.length).optional(),
        }),
        response: { 200: PolicyView },
      },
    },
    async (request) => updatePolicy(db, orgOf(request), request.body),
  );

  app.get('/api/v1/findings/:id/clocks', { config: { action: 'intel.read' }, schema: { tags, summary: 'The finding’s clocks with current due dates', params: IdParams, response: { 200: z.object({ items: z.array(ClockView) }) } } }, async (request) => ({
    items: await findingClocks(db, orgOf(request), request.params.id),
  }));
  app.post(
    '/api/v1/clocks/:id/pause',
    { config: { action: 'remediation.write' }, schema: { tags, summary: 'Pause a running clock (the due date moves by the paused time)', params: IdParams, body: z.strictObject({ reason: z.string().trim().min(1).max(1000) }), response: { 200: ClockView } } },
    async (request) => pauseClock(db, orgOf(request), request.params.id, request.body.reason),
  );
  app.post('/api/v1/clocks/:id/resume', { config: { action: 'remediation.write' }, schema: { tags, summary: 'Resume a paused clock', params: IdParams, response: { 200: ClockView } } }, async (request) =>
    resumeClock(db, orgOf(request), request.params.id),
  );
  app.post(
    '/api/v1/clocks/:id/stop',
    { config: { action: 'remediation.write' }, schema: { tags, summary: 'Stop a clock: remediated, mitigated, communicated, planned (remediation plan written) or risk accepted', params: IdParams, body: z.strictObject({ reason: z.enum(MANUAL_STOP_REASONS), note: z.string().trim().max(2000).nullable().optional() }), response: { 200: ClockView } } },
    async (request) => stopClock(db, orgOf(request), request.params.id, request.body.reason, request.body.note ?? null),
  );

  app.get('/api/v1/findings/:id/remediation', { config: { action: 'intel.read' }, schema: { tags, summary: 'The finding’s remediation plans', params: IdParams, response: { 200: z.object({ items: z.array(PlanView) }) } } }, async (request) => ({
    items: await listFindingPlans(db, orgOf(request), request.params.id),
  }));
  app.post(
    '/api/v1/findings/:id/remediation',
    { config: { action: 'remediation.write' }, schema: { tags, summary: 'Add a remediation plan (patch in a release, compensating control, customer communication)', params: IdParams, body: PlanBody, response: { 201: PlanView } } },
    async (request, reply) => reply.status(201).send(await createPlan(db, orgOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/api/v1/remediation/:id',
    { config: { action: 'remediation.write' }, schema: { tags, summary: 'Edit a plan; a patch released, a control validated or a communication sent stops the clock it answers (a patch or control recorded stops the remediation-plan clock)', params: IdParams, body: PlanBody.partial(), response: { 200: PlanView } } },
    async (request) => updatePlan(db, orgOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/remediation',
    {
      config: { action: 'intel.read' },
      schema: { tags, summary: 'The organization’s remediation plans, newest first', querystring: PageQuery.extend({ status: z.enum(PLAN_STATUSES).optional(), kind: z.enum(PLAN_KINDS).optional() }).strict(), response: { 200: z.object({ items: z.array(PlanView.extend({ vulnId: z.string(), componentName: z.string(), productName: z.string(), findingReleaseVersion: z.string() })), nextCursor: z.string().nullable() }) } },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listPlans(db, orgOf(request), filter, limit, cursor);
    },
  );
  app.get(
    '/api/v1/remediation/dashboard',
    { config: { action: 'intel.read' }, schema: { tags, summary: 'Open clocks overdue, due soon and on track (overall, per product, most urgent first) and a burndown of the last days', querystring: z.strictObject({ days: z.coerce.number().int().min(7).max(365).default(30) }), response: { 200: DashboardView } } },
    async (request) => remediationDashboard(db, orgOf(request), request.query.days),
  );
}
