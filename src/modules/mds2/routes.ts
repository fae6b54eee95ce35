import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { MDS2_QUESTIONS, MDS2_SECTIONS, NOT_A_CAPABILITY } from './form.js';
import { compare, deleteStatement, getStatement, importStatement, listStatements, saveStatement } from './service.js';

const MAX_MDS2_BYTES = 5 * 1024 * 1024;
const Answer = z.enum(['yes', 'no', 'n/a']).nullable();
const Entry = z.strictObject({ answer: Answer, question: z.string().max(1000).optional(), note: z.string().max(4000).optional() });
const Body = z.strictObject({
  manufacturer: z.string().trim().min(1).max(200),
  model: z.string().trim().min(1).max(200),
  modelVersion: z.string().trim().max(100).optional(),
  statementDate: z.iso.date().nullable().optional(),
  answers: z.record(z.string().max(20), Entry).describe('question id (2019 form, e.g. AUTH-1) → answer'),
});
const SectionView = z.object({ code: z.string(), name: z.string(), capability: z.boolean(), yes: z.number(), no: z.number(), notApplicable: z.number(), unanswered: z.number(), total: z.number() });
const Head = {
  id: z.string(), manufacturer: z.string(), model: z.string(), modelVersion: z.string(), formVersion: z.string(), statementDate: z.string().nullable(),
  source: z.enum(['import', 'form']), fileName: z.string().nullable(), sections: z.array(SectionView), createdBy: z.string(), createdAt: Timestamp, updatedAt: Timestamp,
};
const StatementView = z.object({ ...Head, answers: z.record(z.string(), z.object({ answer: Answer, question: z.string().optional(), note: z.string().optional() })) });
const Gap = z.object({ id: z.string(), section: z.string(), question: z.string().nullable(), baseline: z.string().nullable(), other: z.string().nullable() });
const Label = z.object({ id: z.string(), manufacturer: z.string(), model: z.string(), modelVersion: z.string(), statementDate: z.string().nullable() });

export function mds2Routes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['mds2'];

  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(['text/csv', 'text/plain', 'application/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: MAX_MDS2_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/mds2/import',
      {
        config: { action: 'fleet.write' },
        bodyLimit: MAX_MDS2_BYTES,
        schema: {
          tags,
          summary: 'Import an MDS2 (2019) spreadsheet export, XLSX or CSV (question id, question, answer Yes/No/N/A, note); replaces the statement of the same manufacturer/model/version',
          querystring: z.strictObject({ fileName: z.string().max(300).default('mds2'), manufacturer: z.string().trim().min(1).max(200).optional(), model: z.string().trim().min(1).max(200).optional(), modelVersion: z.string().trim().max(100).optional() }),
          response: { 200: z.object({ statement: StatementView, created: z.literal(false) }), 201: z.object({ statement: StatementView, created: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        const result = await importStatement(db, orgOf(request), request.body as Buffer, request.query);
        return reply.status(result.created ? 201 : 200).send(result as never);
      },
    );
  });

  app.get('/api/v1/mds2/form', { config: { action: 'fleet.read' }, schema: { tags, summary: 'The 2019 form’s sections (which count as security capabilities) and the entry form’s questions', response: { 200: z.object({ sections: z.array(z.object({ code: z.string(), name: z.string(), capability: z.boolean() })), questions: z.array(z.object({ id: z.string(), text: z.string(), capability: z.boolean() })) }) } } }, async () => ({
    sections: MDS2_SECTIONS.map((s) => ({ ...s })),
    questions: MDS2_QUESTIONS.map((q) => ({ ...q, capability: Boolean(MDS2_SECTIONS.find((s) => q.id.startsWith(`${s.code}-`))?.capability) && !NOT_A_CAPABILITY.has(q.id) })),
  }));

  app.get('/api/v1/mds2', { config: { action: 'fleet.read' }, schema: { tags, summary: 'Stored statements by manufacturer and model', response: { 200: z.object({ items: z.array(z.object({ ...Head, answerCount: z.number() })) }) } } }, async (request) => ({ items: await listStatements(db, orgOf(request)) }));

  app.post('/api/v1/mds2', { config: { action: 'fleet.write' }, schema: { tags, summary: 'Enter a statement by form (replaces the same manufacturer/model/version)', body: Body, response: { 200: z.object({ statement: StatementView, created: z.literal(false) }), 201: z.object({ statement: StatementView, created: z.literal(true) }) } } }, async (request, reply) => {
    const result = await saveStatement(db, orgOf(request), request.body, 'form');
    return reply.status(result.created ? 201 : 200).send(result as never);
  });

  app.get(
    '/api/v1/mds2/compare',
    { config: { action: 'fleet.read' }, schema: { tags, summary: 'Compare statement b with baseline a: security capabilities b lacks (lost), adds (gained), other changed answers', querystring: z.strictObject({ a: z.uuid(), b: z.uuid() }), response: { 200: z.object({ baseline: Label, other: Label, lost: z.array(Gap), gained: z.array(Gap), changed: z.array(z.object({ id: z.string(), baseline: z.string().nullable(), other: z.string().nullable() })) }) } } },
    async (request) => compare(db, orgOf(request), request.query.a, request.query.b),
  );

  app.get('/api/v1/mds2/:id', { config: { action: 'fleet.read' }, schema: { tags, summary: 'One statement with every answer and the per-section counts', params: IdParams, response: { 200: StatementView } } }, async (request) => getStatement(db, orgOf(request), request.params.id));

  app.delete('/api/v1/mds2/:id', { config: { action: 'fleet.write' }, schema: { tags, summary: 'Delete a statement', params: IdParams } }, async (request, reply) => {
    await deleteStatement(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
}
