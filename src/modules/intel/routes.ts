import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, encodeCursor, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { releaseCoverage } from './coverage.js';
import { CURSOR_SHAPES, findingCursorKey, getFinding, listFindings, type FindingRow } from './findings.js';
import { fileNameFor, importIntelFile } from './import-file.js';
import { sourceForImport } from './service.js';
import { SEVERITY_LEVELS } from './severity.js';
import { getVulnerability, searchVulnerabilities } from './vulnerabilities.js';

/** Largest intelligence upload (a per-ecosystem OSV zip is tens of MB; NVD yearly files more). */
export const MAX_INTEL_UPLOAD_BYTES = 512 * 1024 * 1024;

const Severity = z.object({ level: z.enum(SEVERITY_LEVELS), score: z.number().nullable() }).describe('The worst rating among the vulnerability’s records');
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const FindingView = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  releaseId: z.string(),
  releaseVersion: z.string(),
  vulnId: z.string(),
  status: z.enum(['affected', 'fixed', 'withdrawn']),
  componentName: z.string(),
  componentVersion: z.string().nullable(),
  componentPurl: z.string().nullable(),
  componentCpe: z.string().nullable(),
  matchMethod: z.enum(['purl', 'cpe']),
  confidence: z.string(),
  evidence: z.array(z.object({ recordId: z.string(), method: z.enum(['purl', 'cpe']), reasons: z.array(z.string()) })).describe('Why it matched: per record, the range, listed version or CPE criterion'),
  fixedEvidence: z.unknown().nullable(),
  severity: Severity,
  kev: z.boolean(),
  epss: z.number().nullable(),
  epssPercentile: z.number().nullable(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  fixedAt: Timestamp.nullable(),
});

const presentFinding = (f: FindingRow) => ({
  id: f.id, productId: f.product_id, productName: f.product_name, releaseId: f.release_id, releaseVersion: f.release_version, vulnId: f.vuln_id, status: f.status,
  componentName: f.component_name, componentVersion: f.component_version, componentPurl: f.component_purl, componentCpe: f.component_cpe,
  matchMethod: f.match_method, confidence: f.confidence, evidence: f.evidence as z.infer<typeof FindingView>['evidence'], fixedEvidence: f.fixed_evidence ?? null,
  severity: { level: f.severity_level, score: f.severity_score }, kev: Boolean(f.kev), epss: f.epss ?? null, epssPercentile: f.epss_percentile ?? null,
  firstSeenAt: f.first_seen_at, lastSeenAt: f.last_seen_at, fixedAt: f.fixed_at,
});

const FindingsQuery = PageQuery.extend({
  status: z.enum(['affected', 'fixed', 'withdrawn']).optional(),
  releaseId: z.uuid().optional(),
  productId: z.uuid().optional(),
  vulnId: z.string().trim().min(1).max(100).optional().describe('The vulnerability id or any alias'),
  severity: z.enum(SEVERITY_LEVELS).optional().describe('Minimum severity (critical > high > medium > low > none > unknown)'),
  kev: Flag.optional().describe('true: only vulnerabilities in CISA KEV; false: only those not in it'),
  epssMin: z.coerce.number().min(0).max(1).optional().describe('Minimum EPSS probability'),
  q: z.string().trim().min(1).max(200).optional().describe('Substring of the component name or package URL'),
  sort: z.enum(['newest', 'severity']).default('newest'),
}).strict();

const VulnerabilitySummaryView = z.object({
  vulnId: z.string(),
  aliases: z.array(z.string()),
  summary: z.string().nullable(),
  severity: Severity,
  kev: z.boolean(),
  epss: z.number().nullable(),
  affectedFindings: z.number().describe('Open (affected) findings in the portfolio'),
});

const VulnerabilityView = z.object({
  id: z.string(),
  aliases: z.array(z.string()),
  severity: Severity,
  records: z.array(z.record(z.string(), z.unknown())).describe('Each source’s record as stored (record_id, source_name, severity_level, severities, refs, affected ranges, cpe_configurations …)'),
  kev: z.record(z.string(), z.unknown()).nullable().describe('The CISA KEV entry as stored (due_date, required_action …)'),
  epss: z.object({ epss: z.number(), percentile: z.number(), score_date: z.string().nullable() }).nullable(),
  affectedReleases: z.array(
    z.object({
      findingId: z.string(), status: z.string(), componentName: z.string(), componentVersion: z.string().nullable(),
      productId: z.string(), productName: z.string(), releaseId: z.string(), releaseVersion: z.string(), lifecycleStage: z.string(),
    }),
  ),
  fixedIn: z.array(z.object({ via: z.enum(['osv', 'cpe']), ecosystem: z.string().nullable(), package: z.string(), fixed: z.array(z.string()), lastAffected: z.array(z.string()), recordIds: z.array(z.string()) })),
});

const CoverageReasonView = z.object({ code: z.string(), message: z.string() });
const CoverageView = z.object({
  sbomId: z.string(),
  revision: z.number(),
  totals: z.object({ components: z.number(), byPurl: z.number(), byCpeOnly: z.number(), unmatchable: z.number() }),
  reasonCounts: z.record(z.string(), z.number()),
  items: z.array(z.object({ ref: z.string(), type: z.string(), name: z.string(), group: z.string().nullable(), version: z.string().nullable(), purl: z.string().nullable(), cpe: z.string().nullable(), reasons: z.array(CoverageReasonView) })),
  nextCursor: z.string().nullable(),
});

export function intelRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['intelligence'];

  // Uploads take the raw file, in their own scope so the rest of the API stays JSON-only.
  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_INTEL_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/intel/sources/:id/import',
      {
        config: { action: 'intel.manage' },
        bodyLimit: MAX_INTEL_UPLOAD_BYTES,
        schema: { tags, summary: 'Import a file into the source: OSV zip/JSON lines/JSON, NVD API 2.0 JSON or CVE 5 zip, KEV JSON/CSV, EPSS CSV (gzip accepted); matches what changed', params: IdParams, response: { 200: z.object({ kind: z.string(), summary: z.record(z.string(), z.unknown()) }) } },
      },
      async (request) => {
        const ctx = orgOf(request);
        const source = await sourceForImport(db, ctx, request.params.id);
        // Readers stream from files (zip needs random access), so the body goes to a private temp file first.
        const dir = await mkdtemp(join(tmpdir(), 'vigil-intel-'));
        const file = join(dir, fileNameFor(request.body as Buffer));
        try {
          await writeFile(file, request.body as Buffer);
          return await importIntelFile(db, ctx, source, file);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  });

  app.get(
    '/api/v1/findings',
    {
      config: { action: 'intel.read' },
      schema: { tags, summary: 'Findings with filters (status, release, product, vulnerability or alias, minimum severity, KEV, EPSS, component text), newest or most severe first', querystring: FindingsQuery, response: { 200: z.object({ items: z.array(FindingView), nextCursor: z.string().nullable() }) } },
    },
    async (request) => {
      const { limit, cursor, sort, ...filter } = request.query;
      const after = cursor ? decodeCursor(cursor, CURSOR_SHAPES[sort]) : undefined;
      const rows = await listFindings(db, orgOf(request), filter, sort, limit + 1, after);
      return toPage(rows, limit, presentFinding, (row) => findingCursorKey(row, sort));
    },
  );

  app.get(
    '/api/v1/findings/:id',
    {
      config: { action: 'intel.read' },
      schema: {
        tags,
        summary: 'One finding with why it matched, its history and the merged vulnerability (null once no record names it)',
        params: IdParams,
        response: { 200: z.object({ finding: FindingView, events: z.array(z.object({ at: Timestamp, kind: z.string(), detail: z.unknown() })), vulnerability: VulnerabilityView.nullable() }) },
      },
    },
    async (request) => {
      const { finding, events, vulnerability } = await getFinding(db, orgOf(request), request.params.id);
      return { finding: presentFinding(finding), events, vulnerability };
    },
  );

  app.get(
    '/api/v1/vulnerabilities',
    {
      config: { action: 'intel.read' },
      schema: {
        tags,
        summary: 'Vulnerabilities by id, alias or package (name substring, or a package URL), in id order',
        querystring: PageQuery.extend({ q: z.string().trim().max(200).optional() }).strict(),
        response: { 200: z.object({ items: z.array(VulnerabilitySummaryView), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, cursor, q } = request.query;
      const after = cursor ? (decodeCursor(cursor, ['string'])[0] as string) : undefined;
      const rows = await searchVulnerabilities(db, orgOf(request), q, limit + 1, after);
      return toPage(rows, limit, (v) => v, (v) => [v.vulnId]);
    },
  );

  app.get(
    '/api/v1/vulnerabilities/:vulnId',
    {
      config: { action: 'intel.read' },
      schema: {
        tags,
        summary: 'One vulnerability by id or alias: every source’s record, KEV, EPSS, the portfolio’s releases it affects and the versions that fix it',
        params: z.strictObject({ vulnId: z.string().min(1).max(100) }),
        response: { 200: VulnerabilityView },
      },
    },
    async (request) => getVulnerability(db, orgOf(request), request.params.vulnId),
  );

  app.get(
    '/api/v1/releases/:id/coverage',
    {
      config: { action: 'intel.read' },
      schema: {
        tags,
        summary: 'Matching coverage of the release’s current SBOM: components matchable by purl, by CPE only, and the unmatchable ones with the reason',
        params: IdParams,
        querystring: PageQuery.strict(),
        response: { 200: CoverageView },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const afterOrd = cursor ? (decodeCursor(cursor, ['number'])[0] as number) : undefined;
      const { nextOrd, ...coverage } = await releaseCoverage(db, orgOf(request), request.params.id, limit, afterOrd);
      return { ...coverage, nextCursor: nextOrd === null ? null : encodeCursor([nextOrd]) };
    },
  );
}
