import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Email, IdParams, Timestamp } from '../../platform/http/schemas.js';
import { CVD_STATES, CVE_ID } from './lifecycle.js';
import { Problem } from '../../platform/http/problem.js';
import { sendReporterMessage } from './thread.js';
import { caseEtag, createCase, getAttachment, getCaseDetail, getEncryptedMessage, listCases, setCaseLink, transitionCase, updateCase, type CvdCase } from './service.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const State = z.enum(CVD_STATES);
const Credit = z.enum(['named', 'anonymous', 'none']).describe('named: credit the reporter by name; anonymous: credit "an anonymous researcher"; none: no acknowledgment');
const IfMatch = z.object({ 'if-match': z.string().max(100).optional() });

const ClockView = z.object({ clock: z.enum(['acknowledge', 'status_update', 'disclosure']), dueAt: Timestamp, status: z.enum(['met', 'late', 'due', 'overdue']), doneAt: Timestamp.nullable() });

export const CaseView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  productHint: z.string().nullable(),
  state: State,
  source: z.enum(['form', 'encrypted', 'staff']),
  encrypted: z.boolean().describe('The report body is an OpenPGP message (GET …/encrypted-message)'),
  reporter: z.object({ name: z.string().nullable(), email: z.string().nullable(), credit: Credit }),
  cveRequested: z.boolean(),
  cveIds: z.array(z.string()),
  embargoDate: z.string().nullable(),
  internalNotes: z.string().nullable(),
  receivedAt: Timestamp,
  acknowledgedAt: Timestamp.nullable(),
  triagedAt: Timestamp.nullable(),
  remediationAt: Timestamp.nullable(),
  disclosedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  closeReason: z.string().nullable(),
  disclosureTarget: z.string().describe('Embargo date if set, else the local day of receipt + 45 days'),
  lastReporterUpdateAt: Timestamp.nullable(),
  allowedTransitions: z.array(State),
  clocks: z.array(ClockView),
  attachmentCount: z.number(),
  version: z.number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const CaseDetailView = z.object({
  item: CaseView,
  links: z.array(z.object({ kind: z.enum(['product', 'release', 'finding']), id: z.string(), label: z.string().nullable() })),
  events: z.array(z.object({ at: Timestamp, actor: z.string(), kind: z.string(), detail: z.unknown() })).describe('The case timeline, oldest first'),
  messages: z.array(z.object({ id: z.string(), kind: z.string(), recipient: z.string(), subject: z.string(), body: z.string(), ok: z.boolean(), error: z.string().nullable(), sentBy: z.string(), sentAt: Timestamp })),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string() })),
});

const CasePatchBody = z.strictObject({
  title: Text(200).optional(),
  description: Text(20000).optional(),
  reporterName: Text(200).nullable().optional(),
  reporterEmail: Email.nullable().optional(),
  credit: Credit.optional(),
  cveRequested: z.boolean().optional(),
  cveIds: z.array(z.string().regex(CVE_ID, 'CVE-YYYY-NNNN')).max(50).optional().describe('Assigned CVE ids (replaces the set)'),
  embargoDate: z.iso.date().nullable().optional().describe('YYYY-MM-DD; moves the disclosure target; null restores receipt + 45 days'),
  internalNotes: z.string().max(20000).nullable().optional().describe('Never shown to the reporter or customers'),
});

const CaseCreateBody = z.strictObject({
  title: Text(200),
  description: Text(20000),
  productHint: Text(200).optional(),
  reporterName: Text(200).optional(),
  reporterEmail: Email.optional(),
  credit: Credit.optional(),
  cveRequested: z.boolean().optional(),
});

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const CaseListQuery = PageQuery.extend({
  state: State.optional(),
  open: Flag.optional().describe('true: every state but closed'),
  productId: z.uuid().optional().describe('Cases linked to this product'),
  q: z.string().trim().min(1).max(200).optional().describe('Substring of title, description, reporter name or a CVE id'),
}).strict();

const cursorKey = (c: CvdCase) => [c.receivedAt.toISOString(), c.id];

export function cvdCaseRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['cvd'];

  app.get('/api/v1/cvd/cases', { config: { action: 'cvd.read' }, schema: { tags, summary: 'CVD cases, newest report first, with filters', querystring: CaseListQuery, response: { 200: pageSchema(CaseView) } } }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const after = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
    return toPage(await listCases(db, orgOf(request), filter, limit + 1, after), limit, (c) => c, cursorKey);
  });

  app.post('/api/v1/cvd/cases', { config: { action: 'cvd.write' }, schema: { tags, summary: 'Enter a report received another way (phone, coordinator); starts in received', body: CaseCreateBody, response: { 201: CaseView } } }, async (request, reply) => {
    const item = await createCase(db, orgOf(request), request.body);
    return reply.status(201).header('etag', caseEtag(item.version)).send(item);
  });

  app.get('/api/v1/cvd/cases/:id', { config: { action: 'cvd.read' }, schema: { tags, summary: 'One case with its links, timeline, reporter messages and attachments', params: IdParams, response: { 200: CaseDetailView } } }, async (request, reply) => {
    const detail = await getCaseDetail(db, orgOf(request), request.params.id);
    reply.header('etag', caseEtag(detail.item.version));
    return detail;
  });

  app.patch(
    '/api/v1/cvd/cases/:id',
    { config: { action: 'cvd.write' }, schema: { tags, summary: 'Edit reporter, credit, CVE ids, embargo date, notes (If-Match optional)', params: IdParams, headers: IfMatch, body: CasePatchBody, response: { 200: CaseView } } },
    async (request, reply) => {
      const item = await updateCase(db, orgOf(request), request.params.id, request.body, request.headers['if-match']);
      return reply.header('etag', caseEtag(item.version)).send(item);
    },
  );

  app.post(
    '/api/v1/cvd/cases/:id/transition',
    {
      config: { action: 'cvd.write' },
      schema: { tags, summary: 'Move the case to its next state, or close it (closing before disclosure needs a reason)', params: IdParams, headers: IfMatch, body: z.strictObject({ to: State, reason: Text(4000).optional() }), response: { 200: CaseView } },
    },
    async (request, reply) => {
      const item = await transitionCase(db, orgOf(request), request.params.id, request.body.to, request.body.reason, request.headers['if-match']);
      return reply.header('etag', caseEtag(item.version)).send(item);
    },
  );

  app.post(
    '/api/v1/cvd/cases/:id/messages',
    {
      config: { action: 'cvd.write' },
      schema: {
        tags,
        summary: 'E-mail the reporter (acknowledgement — also moves a received case to acknowledged — or a status update); logged on the timeline; 502 if the SMTP server refused it (the failure is logged too)',
        params: IdParams,
        body: z.strictObject({ kind: z.enum(['acknowledgement', 'status']), body: Text(8000).optional().describe('Your words to the reporter; required for a status update') }),
        response: { 200: CaseView },
      },
    },
    async (request, reply) => {
      if (request.body.kind === 'status' && !request.body.body) throw new Problem(400, 'validation', 'A status update needs a body.', { errors: [{ pointer: '/body/body', message: 'required for a status update' }] });
      const sent = await sendReporterMessage(db, deps.config, orgOf(request), request.params.id, request.body.kind, request.body.body);
      if (!sent.ok) throw new Problem(502, 'mail-failed', `The mail server did not accept the message: ${sent.error}`);
      return reply.header('etag', caseEtag(sent.item.version)).send(sent.item);
    },
  );

  const LinkBody = z.strictObject({ kind: z.enum(['product', 'release', 'finding']), id: z.uuid() });
  app.post('/api/v1/cvd/cases/:id/links', { config: { action: 'cvd.write' }, schema: { tags, summary: 'Link a product, release or finding of the organization', params: IdParams, body: LinkBody, response: { 200: CaseView } } }, async (request) =>
    setCaseLink(db, orgOf(request), request.params.id, request.body.kind, request.body.id, true),
  );
  app.delete('/api/v1/cvd/cases/:id/links', { config: { action: 'cvd.write' }, schema: { tags, summary: 'Remove a link', params: IdParams, body: LinkBody, response: { 200: CaseView } } }, async (request) =>
    setCaseLink(db, orgOf(request), request.params.id, request.body.kind, request.body.id, false),
  );

  app.get(
    '/api/v1/cvd/attachments/:id',
    { config: { action: 'cvd.read' }, schema: { tags, summary: 'Download a report attachment (always as a download, never rendered inline)', params: IdParams } },
    async (request, reply) => {
      const a = await getAttachment(db, orgOf(request), request.params.id);
      // Reporter-supplied files are served as opaque bytes so a crafted HTML file cannot run in Vigil's origin.
      return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="${a.file_name.replace(/[^\w.-]/g, '_')}"`).send(a.content);
    },
  );

  app.get('/api/v1/cvd/cases/:id/encrypted-message', { config: { action: 'cvd.read' }, schema: { tags, summary: 'The armored OpenPGP report as received, to decrypt offline', params: IdParams } }, async (request, reply) =>
    reply.type('application/pgp-encrypted').header('content-disposition', `attachment; filename="report-${request.params.id}.asc"`).send(await getEncryptedMessage(db, orgOf(request), request.params.id)),
  );
}
