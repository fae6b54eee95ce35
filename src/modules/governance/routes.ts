import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { MATURITY_LEVELS } from './assessment.js';
import { CODE_PATTERN, CONTROL_OWNERS } from './catalog.js';
import { exportSubmission, getAggregate, getComparison, getOperatorStatus, importSubmissions } from './benchmark-service.js';
import { addPolicy, addRaci, addTraining, deletePolicy, deleteRaci, deleteTraining, getGovernance, updatePolicy, updateTraining } from './people.js';
import { executiveReport, reportHtml, reportPdf } from './report.js';
import {
  MAX_EVIDENCE_BYTES, RECORD_TYPES, actionsFromGaps, addEvidence, addOwnControl, assessControl, closeCycle, createAction, deleteEvidence, deleteOwnControl, evidenceDocument, getActions, getMaturity, listCycles, setApplicability, updateAction, updateOwnControl, type MaturityState,
} from './service.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Code = z.string().regex(CODE_PATTERN, 'an upper-case code such as JSP-GOV-01');
const Day = z.iso.date().describe('YYYY-MM-DD');
const Level = z.number().int().min(0).max(5);
const Share = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() });

const MetricsView = z.object({
  releasesWithSbom: Share,
  findingsTriagedInClock: Share,
  cvdAckMedianDays: z.object({ cases: z.number(), value: z.number().nullable() }),
  releasesWithEos: Share,
  trainingCompletion: Share,
});

const EvidenceView = z.object({
  id: z.string(), kind: z.enum(['url', 'document', 'record']), label: z.string(), url: z.string().nullable(), recordType: z.string().nullable(), recordId: z.string().nullable(),
  fileName: z.string().nullable(), mediaType: z.string().nullable(), size: z.number().nullable(), sha256: z.string().nullable(), addedBy: z.string(), addedAt: Timestamp,
});

const AreaScoreView = z.object({ area: z.string(), score: z.number().nullable(), applicable: z.number(), scored: z.number(), notApplicable: z.number(), needsReassessment: z.number(), notAssessed: z.number() });

const MaturityView = z.object({
  catalog: z.object({ version: z.string(), title: z.string() }),
  levels: z.array(z.object({ level: z.number(), name: z.string(), meaning: z.string() })),
  areas: z.array(z.object({ code: z.string(), name: z.string() })),
  orgKind: z.string(),
  cycle: z.object({ id: z.string(), name: z.string(), openedAt: Timestamp }).nullable(),
  controls: z.array(z.object({
    code: z.string(), area: z.string(), title: z.string(), description: z.string(), owner: z.enum(CONTROL_OWNERS), evidence: z.string(), source: z.string(), custom: z.boolean(),
    applicable: z.boolean(), applicabilityDefault: z.boolean(), applicabilityJustification: z.string().nullable(), contentHash: z.string(),
    assessment: z.object({ level: z.number().nullable(), notApplicable: z.boolean(), rationale: z.string(), needsReassessment: z.boolean(), assessedBy: z.string(), assessedAt: Timestamp }).nullable(),
    evidenceItems: z.array(EvidenceView),
    metrics: z.array(z.string()).describe('Derived metrics that speak for this control (keys of metrics)'),
  })),
  scores: z.object({ areas: z.array(AreaScoreView), overall: z.number().nullable(), coverage: z.object({ applicable: z.number(), scored: z.number() }) }),
  metrics: MetricsView,
  targetLevel: z.number(),
  gaps: z.array(z.object({ code: z.string(), level: z.number().nullable().describe('null: not assessed or waiting for re-assessment') })).describe('Applicable controls below targetLevel: candidates for action items'),
});

const present = (s: MaturityState) => ({ ...s, levels: MATURITY_LEVELS.map((l) => ({ ...l })) });

const CycleView = z.object({ id: z.string(), name: z.string(), openedAt: Timestamp, closedAt: Timestamp.nullable(), overall: z.number().nullable(), areas: z.array(z.object({ area: z.string(), score: z.number().nullable() })) });
const ActionView = z.object({ id: z.string(), code: z.string(), title: z.string(), ownerId: z.string().nullable(), owner: z.string().nullable(), dueOn: z.string(), status: z.enum(['open', 'done']), targetLevel: z.number().nullable(), overdue: z.boolean(), createdAt: Timestamp });
const Person = { personId: z.uuid().nullable().optional().describe('A member of the organization'), personName: Text(200).nullable().optional().describe('Or a name, for someone without an account') };
const Owner = { ownerId: z.uuid().nullable().optional().describe('A member of the organization'), ownerName: Text(200).nullable().optional().describe('Or a name') };

const OwnControlBody = z.strictObject({ code: Code, area: z.string().max(8), title: Text(500), description: z.string().max(8000).optional(), owner: z.enum(CONTROL_OWNERS), evidence: z.string().max(2000).optional() });
const CodeParams = z.strictObject({ code: Code });

const EvidenceBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('url'), code: Code, label: Text(300), url: z.url({ protocol: /^https?$/ }).max(2000) }),
  z.strictObject({ kind: z.literal('record'), code: Code, label: Text(300), recordType: z.enum(Object.keys(RECORD_TYPES) as [keyof typeof RECORD_TYPES]), recordId: z.uuid() }),
  z.strictObject({
    kind: z.literal('document'), code: Code, label: Text(300), fileName: Text(200), mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/).max(200).default('application/octet-stream'),
    contentBase64: z.string().min(1).max(Math.ceil(MAX_EVIDENCE_BYTES / 3) * 4 + 100).describe('The file, base64 (at most 2 MiB decoded)'),
  }),
]);

const GovernanceView = z.object({
  raci: z.array(z.object({ id: z.string(), area: z.string(), raci: z.enum(['R', 'A', 'C', 'I']), personId: z.string().nullable(), person: z.string(), roleTitle: z.string().nullable() })),
  training: z.array(z.object({ id: z.string(), course: z.string(), personId: z.string().nullable(), person: z.string(), completedOn: z.string().nullable(), expiresOn: z.string().nullable(), status: z.string() })),
  policies: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), ownerId: z.string().nullable(), owner: z.string().nullable(), version: z.string(), approvedOn: z.string().nullable(), nextReviewOn: z.string().nullable(), url: z.string().nullable(), reviewDue: z.boolean() })),
  reminders: z.array(z.object({ kind: z.string(), id: z.string(), subject: z.string(), date: z.string().nullable() })),
  reminderDays: z.number(),
});

const Created = z.object({ id: z.string() });
const PolicyBody = z.strictObject({ kind: z.enum(['policy', 'procedure']), title: Text(300), ...Owner, version: Text(40), approvedOn: Day.nullable().optional(), nextReviewOn: Day.nullable().optional(), url: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional() });
const TrainingBody = z.strictObject({ course: Text(300), ...Person, completedOn: Day.nullable().optional(), expiresOn: Day.nullable().optional() });

const Figure = z.object({ published: z.boolean(), n: z.number(), mean: z.number().optional(), p25: z.number().optional(), median: z.number().optional(), p75: z.number().optional(), histogram: z.array(z.number()).optional() });
const AggregateView = z.object({
  period: z.string(), orgKind: z.string().nullable(), participants: z.number(), k: z.number(), overall: Figure,
  areas: z.array(z.object({ area: z.string(), figure: Figure })),
  metrics: z.array(z.object({ metric: z.string(), figure: z.object({ published: z.boolean(), n: z.number(), buckets: z.record(z.string(), z.number()).optional() }) })),
});
const Period = z.string().regex(/^\d{4}$/).describe('Year (YYYY); default the current year');
const thisYear = () => String(new Date().getUTCFullYear());

export function governanceRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['governance'];

  // ---- maturity self-assessment
  app.get('/api/v1/maturity', { config: { action: 'governance.read' }, schema: { tags, summary: 'The organization’s JSP controls (catalog + own) with applicability, the open cycle’s assessments, evidence, scores per area and derived metrics', response: { 200: MaturityView } } }, async (request) =>
    present(await getMaturity(db, orgOf(request))),
  );
  app.put(
    '/api/v1/maturity/assessments',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Assess a control in the open cycle: level 0–5, or null for N/A with a justification in rationale', body: z.strictObject({ code: Code, level: Level.nullable(), rationale: z.string().max(8000).optional() }), response: { 200: MaturityView } } },
    async (request) => present(await assessControl(db, orgOf(request), request.body)),
  );
  app.put(
    '/api/v1/maturity/applicability',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Say whether a control applies (overrides the default by organization kind)', body: z.strictObject({ code: Code, applicable: z.boolean(), justification: Text(4000).optional() }) } },
    async (request, reply) => {
      await setApplicability(db, orgOf(request), request.body);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/maturity/controls',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Add an organization’s own control (code not starting JSP-)', body: OwnControlBody } },
    async (request, reply) => {
      await addOwnControl(db, orgOf(request), request.body);
      return reply.status(201).send();
    },
  );
  app.patch(
    '/api/v1/maturity/controls/:code',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Edit an own control; a changed text sends its open-cycle assessment back for re-assessment', params: CodeParams, body: OwnControlBody.omit({ code: true }).partial().strict() } },
    async (request, reply) => {
      await updateOwnControl(db, orgOf(request), request.params.code, request.body);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/v1/maturity/controls/:code',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Remove an own control with its evidence, action items and open-cycle assessment (closed cycles keep theirs)', params: CodeParams } },
    async (request, reply) => {
      await deleteOwnControl(db, orgOf(request), request.params.code);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/maturity/evidence',
    { config: { action: 'governance.write' }, bodyLimit: Math.ceil(MAX_EVIDENCE_BYTES / 3) * 4 + 20_000, schema: { tags, summary: 'Attach evidence to a control: a URL, a Vigil record (same organization) or a document (base64, at most 2 MiB)', body: EvidenceBody, response: { 201: EvidenceView } } },
    async (request, reply) => reply.status(201).send(await addEvidence(db, orgOf(request), request.body)),
  );
  app.get('/api/v1/maturity/evidence/:id', { config: { action: 'governance.read' }, schema: { tags, summary: 'Download an evidence document', params: IdParams } }, async (request, reply) => {
    const doc = await evidenceDocument(db, orgOf(request), request.params.id);
    const name = doc.fileName.replace(/[^\w.-]+/g, '_');
    return reply.type(doc.mediaType).header('content-disposition', `attachment; filename="${name}"`).header('x-content-type-options', 'nosniff').send(doc.content);
  });
  app.delete('/api/v1/maturity/evidence/:id', { config: { action: 'governance.write' }, schema: { tags, summary: 'Remove evidence', params: IdParams } }, async (request, reply) => {
    await deleteEvidence(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.get('/api/v1/maturity/cycles', { config: { action: 'governance.read' }, schema: { tags, summary: 'Assessment cycles oldest first (closed: stored snapshot; open: live) — the trend', response: { 200: z.array(CycleView) } } }, async (request) =>
    listCycles(db, orgOf(request)),
  );
  app.post(
    '/api/v1/maturity/cycles/close',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Close the open cycle (its scores are kept) and open the next with the assessments carried forward', body: z.strictObject({ nextName: Text(200) }), response: { 200: z.array(CycleView) } } },
    async (request) => closeCycle(db, orgOf(request), request.body.nextName),
  );
  app.get('/api/v1/maturity/actions', { config: { action: 'governance.read' }, schema: { tags, summary: 'Improvement action items, open first by due date', response: { 200: z.array(ActionView) } } }, async (request) => getActions(db, orgOf(request)));
  app.post(
    '/api/v1/maturity/actions',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Add an action item for a control', body: z.strictObject({ code: Code, title: Text(500), ...Owner, dueOn: Day, targetLevel: Level.min(1).optional() }), response: { 201: ActionView } } },
    async (request, reply) => reply.status(201).send(await createAction(db, orgOf(request), request.body)),
  );
  app.post(
    '/api/v1/maturity/actions/from-gaps',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'One action item per gap (applicable control below the target level, or not assessed) that has no open action', body: z.strictObject({ dueOn: Day, ...Owner }), response: { 200: z.object({ created: z.number(), actions: z.array(ActionView) }) } } },
    async (request) => actionsFromGaps(db, orgOf(request), request.body),
  );
  app.patch(
    '/api/v1/maturity/actions/:id',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Edit an action item (mark it done)', params: IdParams, body: z.strictObject({ status: z.enum(['open', 'done']).optional(), dueOn: Day.optional(), title: Text(500).optional(), ...Owner }), response: { 200: ActionView } } },
    async (request) => updateAction(db, orgOf(request), request.params.id, request.body),
  );

  // ---- governance records
  app.get('/api/v1/governance', { config: { action: 'governance.read' }, schema: { tags, summary: 'RACI per JSP area, training records, policies and procedures, and the due-soon reminders', response: { 200: GovernanceView } } }, async (request) =>
    getGovernance(db, orgOf(request)),
  );
  app.post(
    '/api/v1/governance/raci',
    { config: { action: 'governance.write' }, schema: { tags, summary: 'Name a person Responsible, Accountable (one per area), Consulted or Informed for a JSP area', body: z.strictObject({ area: z.string().max(8), raci: z.enum(['R', 'A', 'C', 'I']), ...Person, roleTitle: Text(200).optional() }), response: { 201: Created } } },
    async (request, reply) => reply.status(201).send({ id: await addRaci(db, orgOf(request), request.body) }),
  );
  app.delete('/api/v1/governance/raci/:id', { config: { action: 'governance.write' }, schema: { tags, summary: 'Remove a RACI entry', params: IdParams } }, async (request, reply) => {
    await deleteRaci(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post('/api/v1/governance/training', { config: { action: 'governance.write' }, schema: { tags, summary: 'Record a training (course, person, completed, expires)', body: TrainingBody, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send({ id: await addTraining(db, orgOf(request), request.body) }),
  );
  app.patch('/api/v1/governance/training/:id', { config: { action: 'governance.write' }, schema: { tags, summary: 'Edit a training record', params: IdParams, body: TrainingBody.partial().strict() } }, async (request, reply) => {
    await updateTraining(db, orgOf(request), request.params.id, request.body);
    return reply.status(204).send();
  });
  app.delete('/api/v1/governance/training/:id', { config: { action: 'governance.write' }, schema: { tags, summary: 'Remove a training record', params: IdParams } }, async (request, reply) => {
    await deleteTraining(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post('/api/v1/governance/policies', { config: { action: 'governance.write' }, schema: { tags, summary: 'Record a policy or procedure (owner, version, approval and next review dates)', body: PolicyBody, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send({ id: await addPolicy(db, orgOf(request), request.body) }),
  );
  app.patch('/api/v1/governance/policies/:id', { config: { action: 'governance.write' }, schema: { tags, summary: 'Edit a policy or procedure', params: IdParams, body: PolicyBody.partial().strict() } }, async (request, reply) => {
    await updatePolicy(db, orgOf(request), request.params.id, request.body);
    return reply.status(204).send();
  });
  app.delete('/api/v1/governance/policies/:id', { config: { action: 'governance.write' }, schema: { tags, summary: 'Remove a policy or procedure', params: IdParams } }, async (request, reply) => {
    await deletePolicy(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  // ---- benchmarking
  app.post('/api/v1/benchmark/submissions/export', { config: { action: 'benchmark.export' }, schema: { tags, summary: 'A new anonymized submission (vigil-jsp-benchmark/1, docs/benchmark.md) from the current assessment', response: { 200: z.record(z.string(), z.unknown()) } } }, async (request) =>
    exportSubmission(db, orgOf(request)),
  );
  app.post(
    '/api/v1/benchmark/submissions/import',
    { config: { action: 'benchmark.operate' }, bodyLimit: 5_000_000, schema: { tags, summary: 'Operator only: import submissions, all or nothing (replays skipped, newest per participant and year counts)', body: z.strictObject({ submissions: z.array(z.unknown()).min(1).max(1000) }), response: { 200: z.object({ imported: z.number(), duplicates: z.number(), superseded: z.number() }) } } },
    async (request) => importSubmissions(db, orgOf(request), request.body.submissions),
  );
  app.get('/api/v1/benchmark/operator', { config: { action: 'governance.read' }, schema: { tags, summary: 'Whether this organization is a benchmark operator, and its counted submissions per year', response: { 200: z.object({ operator: z.boolean(), k: z.number(), periods: z.array(z.object({ period: z.string(), submissions: z.number() })) }) } } }, async (request) =>
    getOperatorStatus(db, orgOf(request)),
  );
  app.get(
    '/api/v1/benchmark/aggregate',
    { config: { action: 'governance.read' }, schema: { tags, summary: 'The published aggregate for a year (422 below k = 5 organizations; figures with fewer contributors withheld)', querystring: z.strictObject({ period: Period.optional(), orgKind: z.enum(['manufacturer', 'healthcare_provider', 'both']).optional() }), response: { 200: AggregateView } } },
    async (request) => getAggregate(db, orgOf(request), request.query.period ?? thisYear(), request.query.orgKind ?? null),
  );
  app.get(
    '/api/v1/benchmark/comparison',
    {
      config: { action: 'governance.read' },
      schema: {
        tags, summary: 'This organization’s current scores against the aggregate: percentile per area where published', querystring: z.strictObject({ period: Period.optional() }),
        response: { 200: z.object({
          period: z.string(), participants: z.number(), k: z.number(), overall: z.object({ own: z.number().nullable(), median: z.number().nullable(), percentile: z.number().nullable() }),
          areas: z.array(z.object({ area: z.string(), name: z.string(), own: z.number().nullable(), ownRounded: z.number().nullable(), published: z.boolean(), contributors: z.number(), median: z.number().nullable(), p25: z.number().nullable(), p75: z.number().nullable(), mean: z.number().nullable(), percentile: z.number().nullable() })),
          metrics: AggregateView.shape.metrics,
        }) },
      },
    },
    async (request) => getComparison(db, orgOf(request), request.query.period ?? thisYear()),
  );

  // ---- reports
  app.get('/api/v1/reports/executive.html', { config: { action: 'governance.read' }, schema: { tags: ['reports'], summary: 'Executive summary (maturity, trend, top risks, overdue clocks) as HTML' } }, async (request, reply) => {
    const model = await executiveReport(db, orgOf(request));
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(reportHtml(model));
  });
  app.get('/api/v1/reports/executive.pdf', { config: { action: 'governance.read' }, schema: { tags: ['reports'], summary: 'Executive summary as PDF' } }, async (request, reply) => {
    const model = await executiveReport(db, orgOf(request));
    const day = model.generatedAt.toISOString().slice(0, 10);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="vigil-executive-summary-${day}.pdf"`).send(Buffer.from(await reportPdf(model)));
  });
}
