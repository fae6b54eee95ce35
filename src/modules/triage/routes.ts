import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { SEVERITY_LEVELS } from '../intel/severity.js';
import { ANALYSIS_STATES, JUSTIFICATIONS, RESPONSES } from './analysis.js';
import { bulkChange } from './bulk.js';
import { propagate, propagationCandidates } from './propagation.js';
import { QUEUE_CURSOR, triageQueue, type QueueRow } from './queue.js';
import { addComment, findingHistory, listComments, setAnalysis, setAssignee } from './service.js';
import { createRule, deleteRule, getRule, listRules, releaseDueRules, SUPPRESSION_EXPIRY_JOB, updateRule } from './suppression.js';

/** How often workers look for suppression rules past their expiry. */
const EXPIRY_TICK_MS = 60_000;

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const AnalysisBody = z.strictObject({
  state: z.enum(ANALYSIS_STATES),
  justification: z.enum(JUSTIFICATIONS).nullable().optional().describe('Only with not_affected'),
  responses: z.array(z.enum(RESPONSES)).max(RESPONSES.length).optional(),
  detail: z.string().max(10_000).nullable().optional().describe('Why: the impact statement for not_affected'),
});

const AnalysisView = z.object({
  state: z.enum(ANALYSIS_STATES).nullable(),
  justification: z.string().nullable(),
  responses: z.array(z.string()),
  detail: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
  updatedBy: z.string().nullable(),
  assigneeId: z.string().nullable(),
  suppressionRuleId: z.string().nullable(),
});

type FindingRecord = Awaited<ReturnType<typeof setAnalysis>>['finding'];
const presentAnalysis = (f: FindingRecord) => ({
  state: f.analysis_state, justification: f.analysis_justification, responses: f.analysis_responses, detail: f.analysis_detail,
  updatedAt: f.analysis_updated_at, updatedBy: f.analysis_updated_by, assigneeId: f.assignee_id, suppressionRuleId: f.suppression_rule_id,
});

const CommentView = z.object({ id: z.string(), authorId: z.string().nullable(), author: z.string(), body: z.string(), createdAt: Timestamp });
const presentComment = (c: { id: string; author_id: string | null; author_label: string; body: string; created_at: Date }) => ({
  id: c.id, authorId: c.author_id, author: c.author_label, body: c.body, createdAt: c.created_at,
});

/** The findings list's filter, as bulk triage takes it (docs/api.md, GET /api/v1/findings). */
const FilterBody = z.strictObject({
  status: z.enum(['affected', 'fixed', 'withdrawn']).optional(),
  releaseId: z.uuid().optional(),
  productId: z.uuid().optional(),
  vulnId: z.string().trim().min(1).max(100).optional(),
  severity: z.enum(SEVERITY_LEVELS).optional(),
  kev: z.boolean().optional(),
  epssMin: z.number().min(0).max(1).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});

const QueueQuery = PageQuery.extend({
  productId: z.uuid().optional(),
  releaseId: z.uuid().optional(),
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional().describe('A member id, me or none'),
  severity: z.enum(SEVERITY_LEVELS).optional().describe('Minimum severity'),
  kev: Flag.optional(),
  riskClass: z.enum(['controlled', 'uncontrolled', 'unclassified']).optional(),
}).strict();

const QueueItem = z.object({
  id: z.string(),
  vulnId: z.string(),
  productId: z.string(),
  productName: z.string(),
  releaseId: z.string(),
  releaseVersion: z.string(),
  componentName: z.string(),
  componentVersion: z.string().nullable(),
  componentPurl: z.string().nullable(),
  severity: z.object({ level: z.enum(SEVERITY_LEVELS), score: z.number().nullable() }),
  kev: z.boolean(),
  priority: z.number(),
  priorityFactors: z.array(z.unknown()).describe('What raised or lowered the priority (scoring)'),
  riskClass: z.enum(['controlled', 'uncontrolled']).nullable(),
  analysisState: z.enum(ANALYSIS_STATES).nullable(),
  responses: z.array(z.string()),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  firstSeenAt: Timestamp,
});

const presentQueueRow = (r: QueueRow) => ({
  id: r.id, vulnId: r.vuln_id, productId: r.product_id, productName: r.product_name, releaseId: r.release_id, releaseVersion: r.release_version,
  componentName: r.component_name, componentVersion: r.component_version, componentPurl: r.component_purl,
  severity: { level: r.severity_level, score: r.severity_score }, kev: Boolean(r.kev), priority: r.priority, priorityFactors: r.priority_factors as unknown[],
  riskClass: r.risk_class, analysisState: r.analysis_state, responses: r.analysis_responses,
  assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null, firstSeenAt: r.first_seen_at,
});

const RuleBody = z.strictObject({
  vulnId: z.string().trim().min(1).max(100).describe('The vulnerability id or any alias'),
  component: z.string().trim().min(1).max(1000).describe('A package URL without version (a version in it becomes the rule’s version) or a component name'),
  version: z.string().trim().min(1).max(200).nullable().optional(),
  productId: z.uuid().nullable().optional(),
  analysis: AnalysisBody,
  expiresAt: z.iso.datetime({ offset: true }),
  reason: z.string().max(2000).nullable().optional(),
});

const RuleView = z.object({
  id: z.string(),
  vulnId: z.string(),
  componentKind: z.enum(['purl', 'name']),
  component: z.string(),
  version: z.string().nullable(),
  productId: z.string().nullable(),
  productName: z.string().nullable(),
  analysis: z.object({ state: z.string(), justification: z.string().nullable(), responses: z.array(z.string()), detail: z.string().nullable() }),
  reason: z.string().nullable(),
  expiresAt: Timestamp,
  createdBy: z.string(),
  createdAt: Timestamp,
  disabled: z.boolean(),
  active: z.boolean().describe('Not disabled and not expired'),
  findings: z.number().describe('Findings carrying the rule’s analysis now'),
});

type Rule = Awaited<ReturnType<typeof getRule>>;
const presentRule = (r: Rule) => ({
  id: r.id, vulnId: r.vuln_id, componentKind: r.component_kind, component: r.component, version: r.component_version, productId: r.product_id, productName: r.product_name,
  analysis: { state: r.analysis_state, justification: r.analysis_justification, responses: r.analysis_responses, detail: r.analysis_detail },
  reason: r.reason, expiresAt: r.expires_at, createdBy: r.created_by_label, createdAt: r.created_at, disabled: r.disabled_at !== null,
  active: r.disabled_at === null && r.expires_at.getTime() > Date.now(), findings: Number(r.findings),
});

export function registerTriageJobs(deps: Deps): void {
  deps.jobs.every(SUPPRESSION_EXPIRY_JOB, EXPIRY_TICK_MS, () => releaseDueRules(deps.database.kysely));
}

export function triageRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['triage'];

  app.patch(
    '/api/v1/findings/:id/analysis',
    {
      config: { action: 'triage.write' },
      schema: { tags, summary: 'Set the finding’s analysis (CycloneDX state, justification, responses, detail); recorded with before/after', params: IdParams, body: AnalysisBody, response: { 200: z.object({ changed: z.boolean(), analysis: AnalysisView }) } },
    },
    async (request) => {
      const { changed, finding } = await setAnalysis(db, orgOf(request), request.params.id, request.body);
      return { changed, analysis: presentAnalysis(finding) };
    },
  );

  app.put(
    '/api/v1/findings/:id/assignee',
    {
      config: { action: 'triage.write' },
      schema: { tags, summary: 'Assign the finding to a member of the organization (null unassigns)', params: IdParams, body: z.strictObject({ userId: z.uuid().nullable() }), response: { 200: z.object({ assigneeId: z.string().nullable() }) } },
    },
    async (request) => setAssignee(db, orgOf(request), request.params.id, request.body.userId),
  );

  app.post(
    '/api/v1/findings/:id/comments',
    {
      config: { action: 'triage.write' },
      schema: { tags, summary: 'Comment on the finding', params: IdParams, body: z.strictObject({ body: z.string().min(1).max(10_000) }), response: { 201: CommentView } },
    },
    async (request, reply) => reply.status(201).send(presentComment(await addComment(db, orgOf(request), request.params.id, request.body.body))),
  );

  app.get(
    '/api/v1/findings/:id/comments',
    { config: { action: 'intel.read' }, schema: { tags, summary: 'The finding’s comments, oldest first', params: IdParams, response: { 200: z.object({ items: z.array(CommentView) }) } } },
    async (request) => ({ items: (await listComments(db, orgOf(request), request.params.id)).map(presentComment) }),
  );

  app.get(
    '/api/v1/findings/:id/history',
    {
      config: { action: 'intel.read' },
      schema: {
        tags,
        summary: 'Everything that happened to the finding: matching events, analysis changes (before/after), assignments, suppression, propagation, VEX imports and comments, in time order',
        params: IdParams,
        response: { 200: z.object({ items: z.array(z.object({ at: Timestamp, kind: z.string(), actor: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })) }) },
      },
    },
    async (request) => ({ items: await findingHistory(db, orgOf(request), request.params.id) }),
  );

  app.post(
    '/api/v1/findings/bulk',
    {
      config: { action: 'triage.write' },
      schema: {
        tags,
        summary: 'One change (analysis and/or assignee) to many findings, by ids or by the findings list’s filter, in one transaction',
        body: z.union([
          z.strictObject({ ids: z.array(z.uuid()).min(1).max(50_000), change: z.strictObject({ analysis: AnalysisBody.optional(), assigneeId: z.uuid().nullable().optional() }) }),
          z.strictObject({ filter: FilterBody, change: z.strictObject({ analysis: AnalysisBody.optional(), assigneeId: z.uuid().nullable().optional() }) }),
        ]),
        response: { 200: z.object({ matched: z.number(), analysed: z.number(), assigned: z.number() }) },
      },
    },
    async (request) => {
      const body = request.body;
      return bulkChange(db, orgOf(request), 'ids' in body ? { ids: body.ids } : { filter: body.filter }, body.change);
    },
  );

  app.get(
    '/api/v1/triage/queue',
    {
      config: { action: 'intel.read' },
      schema: { tags, summary: 'Open work — affected findings not yet decided (no analysis, in_triage, exploitable without a response) — by priority, highest first', querystring: QueueQuery, response: { 200: z.object({ items: z.array(QueueItem), nextCursor: z.string().nullable() }) } },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = cursor ? (decodeCursor(cursor, QUEUE_CURSOR) as [number, string]) : undefined;
      const rows = await triageQueue(db, orgOf(request), filter, limit + 1, after);
      return toPage(rows, limit, presentQueueRow, (r) => [r.priority, r.id]);
    },
  );

  const Candidate = z.object({
    id: z.string(), status: z.string(), productId: z.string(), productName: z.string(), releaseId: z.string(), releaseVersion: z.string(),
    analysis: z.object({ state: z.string().nullable(), justification: z.string().nullable(), responses: z.array(z.string()), detail: z.string().nullable() }),
  });
  app.get(
    '/api/v1/findings/:id/propagation',
    {
      config: { action: 'intel.read' },
      schema: { tags, summary: 'Preview: the same component version with the same vulnerability in other releases, with their analysis', params: IdParams, response: { 200: z.object({ componentVersion: z.string().nullable(), items: z.array(Candidate) }) } },
    },
    async (request) => {
      const { source, candidates } = await propagationCandidates(db, orgOf(request), request.params.id);
      return {
        componentVersion: source.component_version,
        items: candidates.map((c) => ({
          id: c.id, status: c.status, productId: c.product_id, productName: c.product_name, releaseId: c.release_id, releaseVersion: c.release_version,
          analysis: { state: c.analysis_state, justification: c.analysis_justification, responses: c.analysis_responses, detail: c.analysis_detail },
        })),
      };
    },
  );

  app.post(
    '/api/v1/findings/:id/propagate',
    {
      config: { action: 'triage.write' },
      schema: { tags, summary: 'Apply this finding’s analysis to chosen findings from the preview (a propagated event each)', params: IdParams, body: z.strictObject({ findingIds: z.array(z.uuid()).min(1).max(10_000) }), response: { 200: z.object({ changed: z.number() }) } },
    },
    async (request) => propagate(db, orgOf(request), request.params.id, request.body.findingIds),
  );

  app.get('/api/v1/triage/suppression-rules', { config: { action: 'intel.read' }, schema: { tags, summary: 'Suppression rules, newest first', response: { 200: z.object({ items: z.array(RuleView) }) } } }, async (request) => ({
    items: (await listRules(db, orgOf(request))).map(presentRule),
  }));

  app.post(
    '/api/v1/triage/suppression-rules',
    {
      config: { action: 'triage.write' },
      schema: { tags, summary: 'Create a rule; it decides matching undecided open findings now and those opened later, until it expires', body: RuleBody, response: { 201: z.object({ rule: RuleView, applied: z.number() }) } },
    },
    async (request, reply) => {
      const { rule, applied } = await createRule(db, orgOf(request), request.body);
      return reply.status(201).send({ rule: presentRule(rule), applied });
    },
  );

  app.get('/api/v1/triage/suppression-rules/:id', { config: { action: 'intel.read' }, schema: { tags, summary: 'One suppression rule', params: IdParams, response: { 200: RuleView } } }, async (request) =>
    presentRule(await getRule(db, orgOf(request), request.params.id)),
  );

  app.patch(
    '/api/v1/triage/suppression-rules/:id',
    {
      config: { action: 'triage.write' },
      schema: {
        tags,
        summary: 'Change expiry or reason, disable or enable; a rule that stops being active returns its findings to in_triage at once',
        params: IdParams,
        body: z.strictObject({ expiresAt: z.iso.datetime({ offset: true }).optional(), reason: z.string().max(2000).nullable().optional(), disabled: z.boolean().optional() }),
        response: { 200: z.object({ rule: RuleView, applied: z.number(), released: z.number() }) },
      },
    },
    async (request) => {
      const { rule, applied, released } = await updateRule(db, orgOf(request), request.params.id, request.body);
      return { rule: presentRule(rule), applied, released };
    },
  );

  app.delete(
    '/api/v1/triage/suppression-rules/:id',
    { config: { action: 'triage.write' }, schema: { tags, summary: 'Delete a rule; its findings return to in_triage', params: IdParams, response: { 200: z.object({ released: z.number() }) } } },
    async (request) => deleteRule(db, orgOf(request), request.params.id),
  );
}
