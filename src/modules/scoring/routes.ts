import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { HARM_SEVERITIES } from './score.js';
import { getEnvironment, getScore, putEnvironment, rubricVersion, rubricVersions, updateScoreInputs } from './service.js';
import { CVSS_SOURCES } from './sources.js';

const CvssSourceChoice = z.enum(['auto', ...CVSS_SOURCES]);
const Metric = z.string().min(1).max(8);
const MetricMap = z.record(z.string().regex(/^[A-Z]{1,4}$/), Metric);

const Factor = z.object({ factor: z.string(), effect: z.enum(['raised', 'lowered']), points: z.number(), why: z.string() });
const Candidate = z.object({ source: z.string(), recordId: z.string().nullable(), scoredBy: z.string().nullable(), version: z.string(), vector: z.string(), base: z.number(), severity: z.string() });
const Assessment = z
  .object({
    sources: z.array(Candidate),
    chosen: z.object({ choice: z.string(), source: Candidate.nullable(), why: z.string() }),
    environmental: z.object({ vector: z.string(), score: z.number(), severity: z.string() }).nullable(),
    effective: z.object({ score: z.number(), severity: z.string(), environmental: z.boolean() }).nullable(),
    rubric: z.object({ versionId: z.string(), answers: z.record(z.string(), z.string()), complete: z.boolean(), vector: z.string().nullable(), score: z.number().nullable(), nextQuestion: z.string().nullable(), error: z.string().nullable() }).nullable(),
    exploitability: z.object({ level: z.string(), signals: z.array(z.object({ source: z.string(), level: z.string(), detail: z.string() })) }).nullable(),
    harm: z.string().nullable(),
    riskClass: z.enum(['controlled', 'uncontrolled']).nullable(),
    riskWhy: z.string(),
    priority: z.number(),
    factors: z.array(Factor),
  })
  .describe('Every source’s CVSS, the chosen one and why, environmental score, rubric state, exploitability, harm, risk class and priority');

const ScoreView = z.object({
  findingId: z.string(),
  inputs: z.object({ cvssSource: CvssSourceChoice, rubricVersion: z.string(), rubricAnswers: z.record(z.string(), z.string()), harmSeverity: z.string().nullable(), updatedAt: Timestamp.nullable() }),
  assessment: Assessment,
  riskClass: z.enum(['controlled', 'uncontrolled']).nullable(),
  priority: z.number(),
  priorityFactors: z.array(Factor),
  scoredAt: Timestamp.nullable(),
});

const EnvironmentBody = z.strictObject({
  requirements: z.strictObject({ CR: Metric.optional(), IR: Metric.optional(), AR: Metric.optional() }).optional(),
  v3: MetricMap.optional().describe('CVSS v3.x modified base metrics: MAV, MAC, MPR, MUI, MS, MC, MI, MA'),
  v4: MetricMap.optional().describe('CVSS v4.0 modified base metrics: MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA'),
});
const EnvironmentView = z.object({ productId: z.string(), requirements: z.record(z.string(), z.string()), v3: z.record(z.string(), z.string()), v4: z.record(z.string(), z.string()), updatedAt: Timestamp.nullable() });

const Question = z.object({
  id: z.string(), code: z.string(), metric: z.string(), text: z.string(), guidance: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string(), outcome: z.record(z.string(), z.string()) })),
});

export function scoringRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['scoring'];

  app.get('/api/v1/findings/:id/score', { config: { action: 'intel.read' }, schema: { tags, summary: 'A finding’s scoring: every source’s CVSS, the chosen source, environmental CVSS, rubric, exploitability, harm, risk class, priority with factors', params: IdParams, response: { 200: ScoreView } } }, async (request) =>
    getScore(db, orgOf(request), request.params.id) as never,
  );

  app.put(
    '/api/v1/findings/:id/score',
    {
      config: { action: 'triage.write' },
      schema: {
        tags,
        summary: 'Edit scoring inputs (CVSS source choice, rubric answers, severity of patient harm) and rescore',
        params: IdParams,
        body: z.strictObject({
          cvssSource: CvssSourceChoice.optional(),
          rubricVersion: z.string().min(1).max(50).optional(),
          rubricAnswers: z.record(z.string().min(1).max(20), z.string().min(1).max(20)).refine((a) => Object.keys(a).length <= 200, 'at most 200 answers').optional(),
          harmSeverity: z.enum(HARM_SEVERITIES).nullable().optional(),
        }),
        response: { 200: ScoreView },
      },
    },
    async (request) => updateScoreInputs(db, orgOf(request), request.params.id, request.body) as never,
  );

  app.get('/api/v1/products/:id/cvss-environment', { config: { action: 'intel.read' }, schema: { tags, summary: 'The product’s CVSS environment (security requirements and modified metrics)', params: IdParams, response: { 200: EnvironmentView } } }, async (request) =>
    getEnvironment(db, orgOf(request), request.params.id),
  );

  app.put(
    '/api/v1/products/:id/cvss-environment',
    { config: { action: 'triage.write' }, schema: { tags, summary: 'Replace the product’s CVSS environment; its open findings are rescored', params: IdParams, body: EnvironmentBody, response: { 200: EnvironmentView.extend({ findingsRescored: z.number() }) } } },
    async (request) => putEnvironment(db, orgOf(request), request.params.id, request.body as never),
  );

  app.get('/api/v1/rubric/versions', { config: { action: 'intel.read' }, schema: { tags, summary: 'Published versions of the medical-device CVSS rubric', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), cvssVersion: z.string() })) }) } } }, async (request) => ({
    items: rubricVersions(orgOf(request)),
  }));

  app.get(
    '/api/v1/rubric/versions/:version',
    { config: { action: 'intel.read' }, schema: { tags, summary: 'One rubric version: its questions (with guidance and where each answer leads) and flows', params: z.strictObject({ version: z.string().min(1).max(50) }), response: { 200: z.object({ id: z.string(), title: z.string(), cvssVersion: z.string(), provenance: z.string(), flows: z.array(z.object({ metric: z.string(), starts: z.array(z.string()), combine: z.string() })), questions: z.array(Question) }) } } },
    async (request) => rubricVersion(orgOf(request), request.params.version) as never,
  );
}
