import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { CONTROL_STATUSES, EDITABLE_STATUSES, LIKELIHOOD_LEVELS, RISK_STATUSES, SEVERITY_LEVELS } from './register.js';
import { acceptRisk, expireAcceptances, revokeAcceptance } from './acceptance.js';
import { riskCsv, riskHeatMap } from './export.js';
import { createRisk, deleteRisk, getRisk, listRisks, riskEtag, updateRisk, type RiskItem } from './service.js';

/** How often a worker ends acceptances whose expiry date has come (dates are whole UTC days). */
const EXPIRY_TICK_MS = 60 * 60 * 1000;
export const RISK_EXPIRY_TICK = 'risk.acceptance-expiry';

/** On worker processes: the hourly tick that flips items with an expired acceptance back to open. */
export function registerRiskJobs(deps: Deps): void {
  deps.jobs.every(RISK_EXPIRY_TICK, EXPIRY_TICK_MS, () => expireAcceptances(deps.database.kysely));
}

const Text = (max: number) => z.string().trim().min(1).max(max);
const Likelihood = z.enum(LIKELIHOOD_LEVELS).describe(`Exploitability level: ${LIKELIHOOD_LEVELS.join(', ')}`);
const Severity = z.enum(SEVERITY_LEVELS).describe(`Severity of harm: ${SEVERITY_LEVELS.join(', ')}`);
const RiskClass = z.enum(['controlled', 'uncontrolled']);
const Control = z.strictObject({ description: Text(1000), status: z.enum(CONTROL_STATUSES) });
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const RiskBody = z.strictObject({
  productId: z.uuid(),
  title: Text(200),
  threat: Text(4000).nullable().optional(),
  vulnerability: Text(4000).nullable().optional().describe('The weakness exploited, in words; the findings it stands for go in findingIds'),
  hazardousSituation: Text(4000).nullable().optional(),
  harm: Text(4000).nullable().optional(),
  likelihood: Likelihood,
  severity: Severity,
  existingControls: Text(8000).nullable().optional(),
  newControls: z.array(Control).max(50).optional(),
  residualLikelihood: Likelihood.optional().describe('After controls; defaults to likelihood'),
  residualSeverity: Severity.optional().describe('After controls; defaults to severity'),
  ownerId: z.uuid().nullable().optional().describe('A member of the organization'),
  status: z.enum(EDITABLE_STATUSES).optional().describe('accepted is reached only through POST …/acceptance'),
  findingIds: z.array(z.uuid()).max(500).optional().describe('Findings of the same product (replaces the set on PATCH)'),
});

const AcceptanceView = z.object({
  id: z.string(),
  approverId: z.string().nullable(),
  approver: z.string(),
  rationale: z.string(),
  uncontrolledAccepted: z.boolean(),
  benefitRiskRationale: z.string().nullable(),
  expiresOn: z.string(),
  reviewOn: z.string(),
  acceptedAt: Timestamp,
  dueForReview: z.boolean(),
});

export const RiskView = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  title: z.string(),
  threat: z.string().nullable(),
  vulnerability: z.string().nullable(),
  hazardousSituation: z.string().nullable(),
  harm: z.string().nullable(),
  likelihood: z.string(),
  severity: z.string(),
  initialClass: RiskClass,
  existingControls: z.string().nullable(),
  newControls: z.array(z.object({ description: z.string(), status: z.string() })),
  residualLikelihood: z.string(),
  residualSeverity: z.string(),
  residualClass: RiskClass,
  matrixId: z.string(),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  status: z.enum(RISK_STATUSES),
  version: z.number(),
  findingIds: z.array(z.string()),
  acceptance: AcceptanceView.nullable().describe('The acceptance in force, if any'),
  createdBy: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const RiskDetailView = z.object({
  item: RiskView,
  findings: z.array(z.object({ id: z.string(), vulnId: z.string(), componentName: z.string(), componentVersion: z.string().nullable(), status: z.string(), releaseId: z.string(), releaseVersion: z.string() })),
  acceptances: z.array(
    z.object({
      id: z.string(), approver: z.string(), rationale: z.string(), residualLikelihood: z.string(), residualSeverity: z.string(), residualClass: RiskClass,
      uncontrolledAccepted: z.boolean(), benefitRiskRationale: z.string().nullable(), expiresOn: z.string(), reviewOn: z.string(), acceptedAt: Timestamp,
      endedAt: Timestamp.nullable(), endReason: z.string().nullable(), endedBy: z.string().nullable(), endNote: z.string().nullable(),
    }),
  ).describe('Every acceptance the item has had, newest first'),
  events: z.array(z.object({ at: Timestamp, actor: z.string(), kind: z.string(), detail: z.unknown() })).describe('The item’s history, oldest first'),
});

/** Filters shared by the list, the heat map and the CSV export. */
export const RiskFilterQuery = z.object({
  productId: z.uuid().optional(),
  status: z.enum(RISK_STATUSES).optional(),
  ownerId: z.uuid().optional(),
  class: RiskClass.optional().describe('Residual class (after controls)'),
  dueForReview: Flag.optional().describe('true: accepted items whose re-review date has come'),
  likelihood: Likelihood.optional(),
  severity: Severity.optional(),
  phase: z.enum(['before', 'after']).optional().describe('Whether likelihood/severity filter the levels before or after controls (default after)'),
  q: z.string().trim().min(1).max(200).optional().describe('Substring of title, threat, vulnerability, hazardous situation or harm'),
});

const CalendarDate = z.iso.date().describe('YYYY-MM-DD (UTC calendar day)');
const AcceptanceBody = z.strictObject({
  rationale: Text(8000).describe('Why the residual risk is acceptable'),
  expiresOn: CalendarDate.describe('The acceptance is in force up to, not including, this day; must be after today'),
  reviewOn: CalendarDate.optional().describe('Re-review reminder; default 30 days before expiry (not before today)'),
  acceptUncontrolled: z.boolean().optional().describe('Required (true) to accept an uncontrolled residual risk; refused for a controlled one'),
  benefitRiskRationale: Text(8000).optional().describe('Required with acceptUncontrolled: why the benefit outweighs the uncontrolled risk (at least 20 characters)'),
});

const HeatCellView = z.object({ likelihood: z.string(), severity: z.string(), class: RiskClass, count: z.number() });
const HeatMapView = z.object({
  matrixId: z.string(),
  likelihoodLevels: z.array(z.string()).describe('Rows, least to most likely'),
  severityLevels: z.array(z.string()).describe('Columns, least to most severe'),
  before: z.array(z.array(HeatCellView)).describe('before[likelihood][severity], levels before controls'),
  after: z.array(z.array(HeatCellView)).describe('after[likelihood][severity], residual levels'),
  total: z.number(),
});

const IfMatch = z.object({ 'if-match': z.string().max(100).optional() });

const cursorKey = (r: RiskItem) => [r.createdAt.toISOString(), r.id];

export function riskRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['risk'];

  app.get(
    '/api/v1/risks',
    {
      config: { action: 'risk.read' },
      schema: { tags, summary: 'The risk register, newest first, with filters', querystring: PageQuery.extend(RiskFilterQuery.shape).strict(), response: { 200: pageSchema(RiskView) } },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
      const rows = await listRisks(db, orgOf(request), filter, limit + 1, after);
      return toPage(rows, limit, (r) => r, cursorKey);
    },
  );

  app.post('/api/v1/risks', { config: { action: 'risk.write' }, schema: { tags, summary: 'Add a risk item', body: RiskBody, response: { 201: RiskView } } }, async (request, reply) => {
    const item = await createRisk(db, orgOf(request), request.body);
    return reply.status(201).header('etag', riskEtag(item.version)).send(item);
  });

  app.get(
    '/api/v1/risks/heatmap',
    {
      config: { action: 'risk.read' },
      schema: { tags, summary: 'Items per likelihood × severity cell, before and after controls, coloured by the matrix (closed items only when the status filter asks)', querystring: RiskFilterQuery.strict(), response: { 200: HeatMapView } },
    },
    async (request) => {
      const map = await riskHeatMap(db, orgOf(request), request.query);
      const rows = (grid: typeof map.before) => grid.map((row) => [...row]);
      return { ...map, likelihoodLevels: [...map.likelihoodLevels], severityLevels: [...map.severityLevels], before: rows(map.before), after: rows(map.after) };
    },
  );

  app.get(
    '/api/v1/risks.csv',
    { config: { action: 'risk.read' }, schema: { tags, summary: 'The register as CSV (RFC 4180, header row, one row per item; formula-like cells prefixed with \')', querystring: RiskFilterQuery.strict() } },
    async (request, reply) => {
      const text = await riskCsv(db, orgOf(request), request.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply.type('text/csv; charset=utf-8; header=present').header('content-disposition', `attachment; filename="vigil-risk-register-${day}.csv"`).send(text);
    },
  );

  app.get(
    '/api/v1/risks/:id',
    { config: { action: 'risk.read' }, schema: { tags, summary: 'One risk item with its linked findings, acceptances and history', params: IdParams, response: { 200: RiskDetailView } } },
    async (request, reply) => {
      const detail = await getRisk(db, orgOf(request), request.params.id);
      reply.header('etag', riskEtag(detail.item.version));
      return detail;
    },
  );

  app.patch(
    '/api/v1/risks/:id',
    {
      config: { action: 'risk.write' },
      schema: { tags, summary: 'Edit a risk item (send If-Match with the ETag to avoid lost updates)', params: IdParams, headers: IfMatch, body: RiskBody.partial().strict(), response: { 200: RiskView } },
    },
    async (request, reply) => {
      const item = await updateRisk(db, orgOf(request), request.params.id, request.body, request.headers['if-match']);
      return reply.header('etag', riskEtag(item.version)).send(item);
    },
  );

  app.post(
    '/api/v1/risks/:id/acceptance',
    {
      config: { action: 'risk.accept' },
      schema: { tags, summary: 'Accept the residual risk as it stands (the caller is the approver); renews an acceptance in force', params: IdParams, headers: IfMatch, body: AcceptanceBody, response: { 200: RiskView } },
    },
    async (request, reply) => {
      const item = await acceptRisk(db, orgOf(request), request.params.id, request.body, { ifMatch: request.headers['if-match'] });
      return reply.header('etag', riskEtag(item.version)).send(item);
    },
  );

  app.post(
    '/api/v1/risks/:id/acceptance/revoke',
    {
      config: { action: 'risk.accept' },
      schema: { tags, summary: 'Revoke the acceptance in force; the item reopens', params: IdParams, body: z.strictObject({ reason: Text(4000) }), response: { 200: RiskView } },
    },
    async (request, reply) => {
      const item = await revokeAcceptance(db, orgOf(request), request.params.id, request.body.reason);
      return reply.header('etag', riskEtag(item.version)).send(item);
    },
  );

  app.delete('/api/v1/risks/:id', { config: { action: 'risk.write' }, schema: { tags, summary: 'Delete a risk item that is not accepted', params: IdParams } }, async (request, reply) => {
    await deleteRisk(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
}
