import { z } from 'zod';
import { readAdvisory, CSAF_PROFILES, TLP_LABELS } from '../../formats/csaf/model.js';
import { advisoryPdf } from '../../formats/csaf/pdf.js';
import { advisoryHtml } from '../../formats/csaf/render.js';
import { validateAdvisoryDocument } from '../../formats/csaf/validate.js';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams } from '../../platform/http/schemas.js';
import { directoryRoutes, originOf } from './directory-routes.js';
import { activeKey, generateKey, importKey, MAX_KEY_BYTES } from './keys.js';
import { advisoryDocument, createAdvisory, deleteAdvisory, getAdvisory, listAdvisories, publishAdvisory, updateDocument, validateStored } from './service.js';

/** Largest CSAF document the editor accepts (the directory serves what was accepted). */
export const MAX_CSAF_BYTES = 4 * 1024 * 1024;

const CsafDocument = z.record(z.string(), z.unknown()).describe('A CSAF 2.0 document (JSON)');
const Message = z.object({ severity: z.enum(['error', 'warning']), test: z.string(), pointer: z.string(), message: z.string() });
const Validation = z.object({ valid: z.boolean(), errors: z.array(Message), warnings: z.array(Message) });

export function csafRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['advisories'];

  app.get('/api/v1/advisories', { config: { action: 'advisories.read' }, schema: { tags, summary: 'The organization’s CSAF advisories, newest first' } }, async (request) => ({ items: await listAdvisories(db, orgOf(request)) }));

  app.post(
    '/api/v1/advisories',
    {
      config: { action: 'advisories.write' },
      schema: {
        tags,
        summary: 'Generate a draft CSAF 2.0 advisory from the findings of a vulnerability (or the given findings of one vulnerability), or from a CVD case (its linked findings, and its linked products’ and releases’ findings for its CVE ids; the reporter credited per the case): product tree from the portfolio, CVE/CWE, CVSS v3.1, product status, remediations, threats, notes, references, acknowledgments',
        body: z.strictObject({
          vulnerabilityId: z.string().min(1).max(100).optional(),
          findingIds: z.array(z.uuid()).min(1).max(1000).optional(),
          caseId: z.uuid().optional().describe('The CVD case the advisory discloses; alone, the draft is generated from the case'),
          profile: z.enum(CSAF_PROFILES).default('csaf_security_advisory'),
          tlp: z.enum(TLP_LABELS).default('WHITE'),
          patientSafety: z.string().min(1).max(4000).optional().describe('The patient-safety statement that opens the advisory'),
        }).refine((b) => b.vulnerabilityId !== undefined || b.findingIds !== undefined || b.caseId !== undefined, { message: 'give caseId, vulnerabilityId or findingIds', path: ['vulnerabilityId'] }),
      },
    },
    async (request, reply) => reply.status(201).send(await createAdvisory(db, orgOf(request), deps.config, request.body)),
  );

  app.get('/api/v1/advisories/:id', { config: { action: 'advisories.read' }, schema: { tags, summary: 'One advisory: tracking columns, the CSAF document, linked findings and published versions', params: IdParams } }, async (request) => getAdvisory(db, orgOf(request), request.params.id));

  app.put(
    '/api/v1/advisories/:id/document',
    {
      config: { action: 'advisories.write' },
      bodyLimit: MAX_CSAF_BYTES,
      schema: { tags, summary: 'Replace the advisory’s CSAF document (the editor’s save; validation is separate, publishing requires it)', params: IdParams, body: z.strictObject({ document: CsafDocument, revision: z.number().int().min(1).optional().describe('The revision the edit is based on; a newer stored one is a 412') }) },
    },
    async (request) => updateDocument(db, orgOf(request), request.params.id, request.body.document, request.body.revision),
  );

  app.delete('/api/v1/advisories/:id', { config: { action: 'advisories.write' }, schema: { tags, summary: 'Delete a never-published advisory', params: IdParams } }, async (request, reply) => {
    await deleteAdvisory(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/api/v1/advisories/:id/validate',
    {
      config: { action: 'advisories.read' },
      bodyLimit: MAX_CSAF_BYTES,
      schema: { tags, summary: 'Validate the stored document, or the unsaved one in the body (live validation): schema + mandatory tests are errors, optional + informative tests warnings, each with its JSON pointer', params: IdParams, body: z.strictObject({ document: CsafDocument.optional() }).optional(), response: { 200: Validation } },
    },
    async (request) => {
      const ctx = orgOf(request);
      const unsaved = request.body?.document;
      // The advisory must exist in the caller's organization either way; an unsaved document is validated instead of the stored one.
      const r = unsaved ? (await advisoryDocument(db, ctx, request.params.id), await validateAdvisoryDocument(unsaved)) : await validateStored(db, ctx, request.params.id);
      return { valid: r.valid, errors: [...r.errors], warnings: [...r.warnings] };
    },
  );

  app.post(
    '/api/v1/advisories/:id/publish',
    {
      config: { action: 'advisories.publish' },
      schema: { tags, summary: 'Publish the next version into the trusted-provider directory: refused (422) with the validator’s messages when invalid, (409) without a signing key', params: IdParams, body: z.strictObject({ summary: z.string().min(1).max(1000).optional(), status: z.enum(['final', 'interim']).optional() }).optional() },
    },
    async (request) => publishAdvisory(db, orgOf(request), deps.config, request.params.id, { summary: request.body?.summary, status: request.body?.status, baseUrl: originOf(request, deps.config.publicUrl) }),
  );

  app.get('/api/v1/advisories/:id/csaf.json', { config: { action: 'advisories.read' }, schema: { tags, summary: 'The CSAF document as a file (CSAF file name)', params: IdParams } }, async (request, reply) => {
    const { document, fileName } = await advisoryDocument(db, orgOf(request), request.params.id);
    return reply.type('application/json').header('content-disposition', `attachment; filename="${fileName}"`).send(JSON.stringify(document, null, 2));
  });

  app.get('/api/v1/advisories/:id/advisory.html', { config: { action: 'advisories.read' }, schema: { tags, summary: 'The advisory as a readable HTML page, patient safety first (every text escaped)', params: IdParams } }, async (request, reply) => {
    const { document } = await advisoryDocument(db, orgOf(request), request.params.id);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(advisoryHtml(readAdvisory(document)));
  });

  app.get('/api/v1/advisories/:id/advisory.pdf', { config: { action: 'advisories.read' }, schema: { tags, summary: 'The advisory as PDF (the HTML page’s content as text)', params: IdParams } }, async (request, reply) => {
    const { document, fileName } = await advisoryDocument(db, orgOf(request), request.params.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName.replace(/\.json$/u, '.pdf')}"`).send(Buffer.from(await advisoryPdf(readAdvisory(document))));
  });

  app.get('/api/v1/provider/key', { config: { action: 'advisories.read' }, schema: { tags, summary: 'The organization’s active OpenPGP signing key (public part), or null' } }, async (request) => ({ key: await activeKey(db, orgOf(request)) }));

  app.post(
    '/api/v1/provider/key',
    { config: { action: 'provider.manage' }, schema: { tags, summary: 'Generate a new signing key (ed25519 / curve25519); it replaces the active one', body: z.strictObject({ name: z.string().min(1).max(200), email: z.email().max(320) }) } },
    async (request, reply) => reply.status(201).send(await generateKey(db, orgOf(request), deps.config, request.body)),
  );

  app.post(
    '/api/v1/provider/key/import',
    {
      config: { action: 'provider.manage' },
      bodyLimit: MAX_KEY_BYTES * 2,
      schema: { tags, summary: 'Import an armored OpenPGP private key (with its passphrase if encrypted); stored re-encrypted, it replaces the active one', body: z.strictObject({ armoredKey: z.string().min(1).max(MAX_KEY_BYTES), passphrase: z.string().max(1000).optional() }) },
    },
    async (request, reply) => reply.status(201).send(await importKey(db, orgOf(request), deps.config, request.body)),
  );

  directoryRoutes(app, deps);
}
