import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { Problem } from '../../platform/http/problem.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { CATALOG_SET_IDS, CATALOG_SETS } from './catalog.js';
import { gatherPackage } from './gather.js';
import { packageHtml, packagePdf, packageZip } from './render.js';
import {
  addCatalogSet, createLink, createRequirement, deleteEvidence, deleteLink, deleteRequirement, evidenceContent, getEvidence, getRequirement, getThreatModel, importEvidence, listEvidence,
  listRequirements, MAX_EVIDENCE_BYTES, releaseMatrix, saveThreatModel, updateRequirement,
} from './service.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Ref = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]{0,63}$/, 'a letter, then up to 63 letters, digits, . _ -');
const Method = z.enum(['test', 'analysis', 'inspection']);

const RequirementBody = z.strictObject({
  ref: Ref,
  title: Text(300),
  category: Text(200).nullable().optional(),
  description: Text(8000).nullable().optional(),
  design: Text(8000).nullable().optional().describe('How the product meets it: the design element or mitigation'),
  verificationMethod: Method.optional(),
});
const RequirementPatch = RequirementBody.partial().extend({ applicable: z.boolean().optional(), naJustification: Text(4000).nullable().optional() }).strict();

const RequirementView = z.object({
  id: z.string(), productId: z.string(), ref: z.string(), source: z.string(), sourceVersion: z.string().nullable(), category: z.string().nullable(), title: z.string(),
  description: z.string().nullable(), design: z.string().nullable(), verificationMethod: z.string(), autoEvidence: z.string().nullable(), applicable: z.boolean(),
  naJustification: z.string().nullable(), version: z.number(), createdBy: z.string(), createdAt: Timestamp, updatedAt: Timestamp,
});
const EvidenceView = z.object({ id: z.string(), releaseId: z.string(), kind: z.string(), fileName: z.string(), contentHash: z.string(), sizeBytes: z.number(), tool: z.string().nullable(), summary: z.record(z.string(), z.unknown()), importedBy: z.string(), importedAt: Timestamp });
const ThreatModelView = z.object({ id: z.string(), productId: z.string(), releaseId: z.string().nullable(), version: z.number(), updatedBy: z.string(), updatedAt: Timestamp, document: z.unknown() });
const VerificationView = z.object({ via: z.string(), linkId: z.string().nullable(), evidenceId: z.string().nullable(), itemId: z.string().nullable(), label: z.string(), outcome: z.string(), detail: z.string().nullable() });
const MatrixView = z.object({
  release: z.object({ id: z.string(), version: z.string(), productId: z.string(), productName: z.string() }),
  matrix: z.object({
    rows: z.array(z.object({
      requirement: z.object({ id: z.string(), ref: z.string(), title: z.string(), category: z.string().nullable(), source: z.string(), design: z.string().nullable(), verificationMethod: z.string(), autoEvidence: z.string().nullable(), applicable: z.boolean(), naJustification: z.string().nullable() }),
      mitigations: z.array(z.object({ id: z.string(), title: z.string() })),
      verifications: z.array(VerificationView),
      status: z.enum(['verified', 'failed', 'not_verified', 'not_applicable']),
      gaps: z.array(z.string()),
    })),
    counts: z.record(z.string(), z.number()),
    withGaps: z.number(),
  }),
});
const ChecklistView = z.object({ title: z.string(), items: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(['present', 'partial', 'gap']), sources: z.array(z.string()), gaps: z.array(z.string()) })) });

const ScopeQuery = z.strictObject({ releaseId: z.uuid().optional().describe('The release’s own model; without it, the product’s') });
const EVIDENCE_TYPES = ['application/json', 'application/sarif+json', 'application/xml', 'text/xml', 'application/octet-stream', 'text/plain'];

export function premarketRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['premarket'];

  app.get('/api/v1/premarket/catalog', { config: { action: 'premarket.read' }, schema: { tags, summary: 'The built-in requirement sets (JSP design controls, IEC 81001-5-1 activities, FDA control categories, labeling) with their versions', response: { 200: z.object({ sets: z.array(z.object({ id: z.string(), name: z.string(), version: z.string(), description: z.string(), items: z.array(z.object({ ref: z.string(), category: z.string(), title: z.string(), description: z.string(), verificationMethod: z.string(), autoEvidence: z.string().optional() })) })) }) } } }, async (request) => {
    orgOf(request);
    return { sets: CATALOG_SETS.map((s) => ({ ...s, items: [...s.items] })) };
  });

  app.get('/api/v1/products/:id/requirements', { config: { action: 'premarket.read' }, schema: { tags, summary: 'The product’s security requirements, by ref', params: IdParams, response: { 200: z.object({ items: z.array(RequirementView) }) } } }, async (request) => ({
    items: await listRequirements(db, orgOf(request), request.params.id),
  }));

  app.post('/api/v1/products/:id/requirements', { config: { action: 'premarket.write' }, schema: { tags, summary: 'Add a custom requirement (409 when the ref exists)', params: IdParams, body: RequirementBody, response: { 201: RequirementView } } }, async (request, reply) =>
    reply.status(201).send(await createRequirement(db, orgOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/products/:id/requirements/sets',
    { config: { action: 'premarket.write' }, schema: { tags, summary: 'Copy a built-in set into the product’s catalog (refs it has already are skipped)', params: IdParams, body: z.strictObject({ set: z.enum(CATALOG_SET_IDS) }), response: { 200: z.object({ added: z.number(), skipped: z.number() }) } } },
    async (request) => addCatalogSet(db, orgOf(request), request.params.id, request.body.set),
  );

  app.get('/api/v1/requirements/:id', { config: { action: 'premarket.read' }, schema: { tags, summary: 'One requirement with every version it has had, newest first', params: IdParams, response: { 200: z.object({ requirement: RequirementView, versions: z.array(z.object({ version: z.number(), snapshot: z.unknown(), changedBy: z.string(), changedAt: Timestamp })) }) } } }, async (request) =>
    getRequirement(db, orgOf(request), request.params.id),
  );

  app.patch('/api/v1/requirements/:id', { config: { action: 'premarket.write' }, schema: { tags, summary: 'Edit a requirement (a new version); applicable false needs naJustification', params: IdParams, body: RequirementPatch, response: { 200: RequirementView } } }, async (request) =>
    updateRequirement(db, orgOf(request), request.params.id, request.body),
  );

  app.delete('/api/v1/requirements/:id', { config: { action: 'premarket.write' }, schema: { tags, summary: 'Delete a requirement and its links', params: IdParams } }, async (request, reply) => {
    await deleteRequirement(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/api/v1/requirements/:id/links',
    { config: { action: 'premarket.write' }, schema: { tags, summary: 'Link a requirement to an evidence file of the same product, or to one item of it', params: IdParams, body: z.strictObject({ evidenceId: z.uuid(), itemId: z.uuid().optional(), note: Text(2000).optional() }), response: { 201: z.object({ id: z.string(), requirementId: z.string(), evidenceId: z.string(), itemId: z.string().nullable(), note: z.string().nullable(), createdBy: z.string(), createdAt: Timestamp }) } } },
    async (request, reply) => reply.status(201).send(await createLink(db, orgOf(request), request.params.id, request.body)),
  );

  app.delete('/api/v1/trace-links/:id', { config: { action: 'premarket.write' }, schema: { tags, summary: 'Remove a manual link', params: IdParams } }, async (request, reply) => {
    await deleteLink(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/products/:id/threat-model', { config: { action: 'premarket.read' }, schema: { tags, summary: 'The product’s (or a release’s) threat model; 404 when none was saved', params: IdParams, querystring: ScopeQuery, response: { 200: ThreatModelView } } }, async (request) => {
    const model = await getThreatModel(db, orgOf(request), request.params.id, request.query.releaseId ?? null);
    if (!model) throw new Problem(404, 'not-found', 'No threat model saved for this scope yet.');
    return model;
  });

  app.put(
    '/api/v1/products/:id/threat-model',
    { config: { action: 'premarket.write' }, schema: { tags, summary: 'Save or import a threat model (the JSON the export writes); mitigations naming a new requirement ref create it', params: IdParams, querystring: ScopeQuery, body: z.unknown().describe('A vigil-threat-model document (see docs/premarket.md)'), response: { 200: z.object({ model: ThreatModelView, createdRequirements: z.array(z.string()) }) } } },
    async (request) => saveThreatModel(db, orgOf(request), request.params.id, request.query.releaseId ?? null, request.body),
  );

  app.get('/api/v1/products/:id/threat-model/export', { config: { action: 'premarket.read' }, schema: { tags, summary: 'The threat model as a JSON file (import it with PUT)', params: IdParams, querystring: ScopeQuery } }, async (request, reply) => {
    const model = await getThreatModel(db, orgOf(request), request.params.id, request.query.releaseId ?? null);
    if (!model) throw new Problem(404, 'not-found', 'No threat model saved for this scope yet.');
    return reply.type('application/json').header('content-disposition', `attachment; filename="threat-model-${model.id}.json"`).send(`${JSON.stringify(model.document, null, 2)}\n`);
  });

  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(EVIDENCE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/releases/:id/evidence',
      {
        config: { action: 'premarket.write' },
        bodyLimit: MAX_EVIDENCE_BYTES,
        schema: { tags, summary: 'Import a SARIF 2.1.0 log or a JUnit XML report as evidence of the release (raw body, at most 20 MiB; the same file again changes nothing)', params: IdParams, querystring: z.strictObject({ fileName: z.string().trim().min(1).max(255).optional() }), response: { 200: z.object({ evidence: EvidenceView, created: z.literal(false) }), 201: z.object({ evidence: EvidenceView, created: z.literal(true) }) } },
      },
      async (request, reply) => {
        const body = request.body as Buffer;
        const outcome = await importEvidence(db, orgOf(request), request.params.id, body, request.query.fileName ?? 'evidence');
        return reply.status(outcome.created ? 201 : 200).send(outcome as never);
      },
    );
  });

  app.get('/api/v1/releases/:id/evidence', { config: { action: 'premarket.read' }, schema: { tags, summary: 'Evidence files of the release, oldest first', params: IdParams, response: { 200: z.object({ items: z.array(EvidenceView) }) } } }, async (request) => ({
    items: await listEvidence(db, orgOf(request), request.params.id),
  }));

  app.get('/api/v1/evidence/:id', { config: { action: 'premarket.read' }, schema: { tags, summary: 'One evidence file with its items (SARIF rules or JUnit test cases)', params: IdParams, response: { 200: z.object({ evidence: EvidenceView, items: z.array(z.object({ id: z.string(), name: z.string(), outcome: z.string(), detail: z.string().nullable(), refs: z.array(z.string()) })) }) } } }, async (request) =>
    getEvidence(db, orgOf(request), request.params.id),
  );

  app.get('/api/v1/evidence/:id/content', { config: { action: 'premarket.read' }, schema: { tags, summary: 'The evidence file exactly as imported', params: IdParams } }, async (request, reply) => {
    const file = await evidenceContent(db, orgOf(request), request.params.id);
    return reply.type(file.kind === 'sarif' ? 'application/sarif+json' : 'application/xml').header('content-disposition', `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]+/g, '_')}"`).send(file.content);
  });

  app.delete('/api/v1/evidence/:id', { config: { action: 'premarket.write' }, schema: { tags, summary: 'Delete an evidence file (its items and links go with it)', params: IdParams } }, async (request, reply) => {
    await deleteEvidence(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/releases/:id/traceability', { config: { action: 'premarket.read' }, schema: { tags, summary: 'The traceability matrix: requirement → design/mitigation → verification → evidence → status, with gaps', params: IdParams, response: { 200: MatrixView } } }, async (request) =>
    releaseMatrix(db, orgOf(request), request.params.id) as never,
  );

  app.get('/api/v1/releases/:id/premarket/checklist', { config: { action: 'premarket.read' }, schema: { tags, summary: 'The premarket package’s completeness checklist: each section present, partial or a gap, with its sources', params: IdParams, response: { 200: ChecklistView } } }, async (request) => {
    const { pkg } = await gatherPackage(db, orgOf(request), request.params.id, deps.config.publicUrl);
    return { title: pkg.title, items: pkg.checklist.map((c) => ({ ...c, sources: [...c.sources], gaps: [...c.gaps] })) };
  });

  app.get(
    '/api/v1/releases/:id/premarket/package',
    { config: { action: 'premarket.read' }, schema: { tags, summary: 'The premarket cybersecurity package as HTML, PDF, or a zip of the machine-readable artifacts (with both renderings and a manifest)', params: IdParams, querystring: z.strictObject({ format: z.enum(['html', 'pdf', 'zip']) }) } },
    async (request, reply) => {
      const { pkg, files } = await gatherPackage(db, orgOf(request), request.params.id, deps.config.publicUrl);
      const base = `premarket-${pkg.subject.name}-${pkg.subject.release.version}`.replace(/[^A-Za-z0-9._-]+/g, '_');
      const { format } = request.query;
      if (format === 'html') return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").header('content-disposition', `inline; filename="${base}.html"`).send(packageHtml(pkg));
      if (format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="${base}.pdf"`).send(Buffer.from(await packagePdf(pkg)));
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${base}.zip"`).send(await packageZip(pkg, files));
    },
  );
}
