import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { getFinding, getVulnerability, listFindings } from './findings.js';
import { fileNameFor, importIntelFile } from './import-file.js';
import { sourceForImport } from './service.js';

/** Largest intelligence upload (a per-ecosystem OSV zip is tens of MB; NVD yearly files more). */
export const MAX_INTEL_UPLOAD_BYTES = 512 * 1024 * 1024;

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
  evidence: z.array(z.unknown()),
  fixedEvidence: z.unknown().nullable(),
  kev: z.boolean(),
  epss: z.number().nullable(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  fixedAt: Timestamp.nullable(),
});

type FindingRow = Awaited<ReturnType<typeof listFindings>>[number];
const presentFinding = (f: FindingRow) => ({
  id: f.id, productId: f.product_id, productName: f.product_name, releaseId: f.release_id, releaseVersion: f.release_version, vulnId: f.vuln_id, status: f.status,
  componentName: f.component_name, componentVersion: f.component_version, componentPurl: f.component_purl, componentCpe: f.component_cpe,
  matchMethod: f.match_method, confidence: f.confidence, evidence: f.evidence, fixedEvidence: f.fixed_evidence ?? null, kev: Boolean(f.kev), epss: f.epss ?? null,
  firstSeenAt: f.first_seen_at, lastSeenAt: f.last_seen_at, fixedAt: f.fixed_at,
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
      schema: {
        tags,
        summary: 'Findings newest first, with KEV and EPSS',
        querystring: PageQuery.extend({ status: z.enum(['affected', 'fixed', 'withdrawn']).optional(), releaseId: z.uuid().optional(), vulnId: z.string().max(100).optional() }).strict(),
        response: { 200: z.object({ items: z.array(FindingView), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
      const rows = await listFindings(db, orgOf(request), filter, limit + 1, after);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(presentFinding), nextCursor: rows.length > limit && last ? encodeCursor([last.first_seen_at.toISOString(), last.id]) : null };
    },
  );

  app.get(
    '/api/v1/findings/:id',
    {
      config: { action: 'intel.read' },
      schema: { tags, summary: 'One finding with its history and every source’s record of the vulnerability', params: IdParams, response: { 200: z.object({ finding: FindingView, events: z.array(z.object({ at: Timestamp, kind: z.string(), detail: z.unknown() })), vulnerability: z.unknown() }) } },
    },
    async (request) => {
      const { finding, events, vulnerability } = await getFinding(db, orgOf(request), request.params.id);
      return { finding: { ...presentFinding(finding), kev: vulnerability.kev !== null, epss: vulnerability.epss?.epss ?? null }, events, vulnerability };
    },
  );

  app.get(
    '/api/v1/vulnerabilities/:vulnId',
    { config: { action: 'intel.read' }, schema: { tags, summary: 'One vulnerability by id or alias: every source’s record, KEV and EPSS', params: z.strictObject({ vulnId: z.string().min(1).max(100) }), response: { 200: z.unknown() } } },
    async (request) => getVulnerability(db, orgOf(request), request.params.vulnId),
  );
}
