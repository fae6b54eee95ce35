import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { Problem, notFound } from '../../platform/http/problem.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Email, Timestamp } from '../../platform/http/schemas.js';
import {
  MAX_ATTACHMENTS, MAX_ENCRYPTED_CHARS, REPORT_BODY_LIMIT, REPORT_RATE_LIMIT, checkEncryptedReport, decodeAttachments, keyEmail, parseIntakeKey, securityTxt,
} from './intake.js';
import { insertCase } from './service.js';

const INTAKE_ACTOR: Actor = { type: 'system', id: null, label: 'public intake' };
const SlugParams = z.strictObject({ slug: z.string().min(1).max(100) });
const Text = (max: number) => z.string().trim().min(1).max(max);

const ReportBody = z.strictObject({
  title: Text(200).describe('One line: what is vulnerable'),
  description: Text(20000).describe('Steps to reproduce, impact, affected versions'),
  productHint: Text(200).optional().describe('Product and version as the reporter knows them'),
  reporterName: Text(200).optional(),
  reporterEmail: Email.optional().describe('Where acknowledgement and status updates go'),
  credit: z.enum(['named', 'anonymous', 'none']).optional(),
  cveRequested: z.boolean().optional(),
  attachments: z
    .array(z.strictObject({ fileName: Text(200), mediaType: Text(200).default('application/octet-stream'), contentBase64: z.string().max(1_400_000) }))
    .max(MAX_ATTACHMENTS)
    .optional()
    .describe(`Up to ${MAX_ATTACHMENTS} files of at most 1 MiB each, base64`),
});

const EncryptedBody = z.strictObject({
  message: z.string().min(1).max(MAX_ENCRYPTED_CHARS).describe('Armored OpenPGP message encrypted to the organization\'s intake key'),
  reporterEmail: Email.optional().describe('Optional plaintext reply address (leave out to stay anonymous until you write again)'),
});

const Receipt = z.object({ caseId: z.string(), receivedAt: Timestamp, acknowledgeBy: Timestamp, message: z.string() });
const IntakeInfo = z.object({ organization: z.string(), slug: z.string(), keyUrl: z.string().nullable(), fingerprint: z.string().nullable(), acknowledgeBusinessDays: z.number(), disclosureDays: z.number() });
const KeyView = z.object({ fingerprint: z.string(), keyIds: z.array(z.string()), userIds: z.array(z.string()), armored: z.string(), updatedAt: Timestamp });

/** An organization that takes reports: a manufacturer (or both); providers have no intake. */
async function intakeOrg(db: Db, slug: string) {
  const org = await db.selectFrom('organizations').select(['id', 'name', 'slug']).where('slug', '=', slug).where('kind', 'in', ['manufacturer', 'both']).executeTakeFirst();
  if (!org) throw notFound('organization taking reports');
  return org;
}

async function storedKey(db: Db, orgId: string) {
  return db.selectFrom('cvd_intake_keys').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

/** The address Vigil is reached at: the configured public URL, else what the request names. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

async function receipt(db: Db, id: string) {
  const row = await db.selectFrom('cvd_cases').select(['id', 'received_at', 'acknowledge_due_at']).where('id', '=', id).executeTakeFirstOrThrow();
  return { caseId: row.id, receivedAt: row.received_at, acknowledgeBy: row.acknowledge_due_at, message: 'Thank you. We acknowledge every report within five business days.' };
}

export function cvdIntakeRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['cvd intake'];
  const publicReport = { auth: 'public' as const, rateLimit: REPORT_RATE_LIMIT };

  app.get('/api/v1/public/organizations/:slug/intake', { config: { auth: 'public' }, schema: { tags, summary: 'What the public report form shows: organization, key, policy clocks', params: SlugParams, response: { 200: IntakeInfo } } }, async (request) => {
    const org = await intakeOrg(db, request.params.slug);
    const key = await storedKey(db, org.id);
    const base = baseUrlOf(request, deps.config.publicUrl);
    return { organization: org.name, slug: org.slug, keyUrl: key ? `${base}/api/v1/public/organizations/${encodeURIComponent(org.slug)}/pgp-key.asc` : null, fingerprint: key?.fingerprint ?? null, acknowledgeBusinessDays: 5, disclosureDays: 45 };
  });

  app.post(
    '/api/v1/public/organizations/:slug/reports',
    { config: publicReport, bodyLimit: REPORT_BODY_LIMIT, schema: { tags, summary: `Report a vulnerability without an account (rate-limited to ${REPORT_RATE_LIMIT.max} per ${REPORT_RATE_LIMIT.timeWindow} per IP); creates a case in received`, params: SlugParams, body: ReportBody, response: { 201: Receipt } } },
    async (request, reply) => {
      const org = await intakeOrg(db, request.params.slug);
      const { attachments, ...fields } = request.body;
      const files = decodeAttachments(attachments ?? []);
      const id = await db.transaction().execute((tx) => insertCase(tx, org.id, INTAKE_ACTOR, request.id, { ...fields, source: 'form', attachments: files }));
      return reply.status(201).send(await receipt(db, id));
    },
  );

  app.post(
    '/api/v1/public/organizations/:slug/reports/encrypted',
    { config: publicReport, bodyLimit: MAX_ENCRYPTED_CHARS + 10_000, schema: { tags, summary: 'Submit an armored OpenPGP message encrypted to the organization\'s intake key; stored as-is', params: SlugParams, body: EncryptedBody, response: { 201: Receipt } } },
    async (request, reply) => {
      const org = await intakeOrg(db, request.params.slug);
      const key = await storedKey(db, org.id);
      if (!key) throw new Problem(409, 'no-intake-key', 'This organization has not published an encryption key; use the plain report form.');
      await checkEncryptedReport(request.body.message, key.key_ids);
      const id = await db.transaction().execute((tx) =>
        insertCase(tx, org.id, INTAKE_ACTOR, request.id, { title: 'Encrypted report', description: 'The report is OpenPGP-encrypted; download it from the case and decrypt it offline.', source: 'encrypted', encryptedMessage: request.body.message, reporterEmail: request.body.reporterEmail ?? null, credit: 'anonymous' }),
      );
      return reply.status(201).send(await receipt(db, id));
    },
  );

  app.get('/api/v1/public/organizations/:slug/pgp-key.asc', { config: { auth: 'public' }, schema: { tags, summary: 'The organization\'s armored intake public key', params: SlugParams } }, async (request, reply) => {
    const key = await storedKey(db, (await intakeOrg(db, request.params.slug)).id);
    if (!key) throw notFound('intake key');
    return reply.type('application/pgp-keys; charset=utf-8').send(key.armored);
  });

  app.get(
    '/.well-known/security.txt',
    { config: { auth: 'public' }, schema: { tags, summary: 'RFC 9116 security.txt for ?org=<slug>, or for the only organization taking reports when the instance has one', querystring: z.strictObject({ org: z.string().min(1).max(100).optional() }) } },
    async (request, reply) => {
      let slug = request.query.org;
      if (!slug) {
        const candidates = await db.selectFrom('organizations').select('slug').where('kind', 'in', ['manufacturer', 'both']).limit(2).execute();
        if (candidates.length !== 1) throw new Problem(404, 'not-found', 'This instance hosts several organizations; ask for /.well-known/security.txt?org=<slug>.');
        slug = candidates[0]!.slug;
      }
      const org = await intakeOrg(db, slug);
      const key = await storedKey(db, org.id);
      const userIds = key ? (await parseIntakeKey(key.armored)).userIds : [];
      const text = securityTxt({ baseUrl: baseUrlOf(request, deps.config.publicUrl), slug: org.slug, email: keyEmail(userIds), hasKey: Boolean(key), now: new Date() });
      return reply.type('text/plain; charset=utf-8').send(text);
    },
  );

  app.get('/api/v1/cvd/intake-key', { config: { action: 'cvd.read' }, schema: { tags, summary: 'The published intake key', response: { 200: KeyView } } }, async (request) => {
    const ctx = orgOf(request);
    authorize(ctx, 'cvd.read');
    const key = await storedKey(db, ctx.orgId);
    if (!key) throw notFound('intake key');
    return { fingerprint: key.fingerprint, keyIds: key.key_ids, userIds: (await parseIntakeKey(key.armored)).userIds, armored: key.armored, updatedAt: key.updated_at };
  });

  app.put(
    '/api/v1/cvd/intake-key',
    { config: { action: 'provider.manage' }, bodyLimit: 200_000, schema: { tags, summary: 'Publish (or replace) the armored public key reporters encrypt to', body: z.strictObject({ armoredKey: z.string().min(1).max(100_000) }), response: { 200: KeyView } } },
    async (request) => {
      const ctx = orgOf(request);
      authorize(ctx, 'provider.manage');
      const key = await parseIntakeKey(request.body.armoredKey);
      const row = await db.transaction().execute(async (tx) => {
        const saved = await tx
          .insertInto('cvd_intake_keys')
          .values({ org_id: ctx.orgId, armored: key.armored, fingerprint: key.fingerprint, key_ids: key.keyIds })
          .onConflict((oc) => oc.column('org_id').doUpdateSet({ armored: key.armored, fingerprint: key.fingerprint, key_ids: key.keyIds, updated_at: new Date() }))
          .returning('updated_at')
          .executeTakeFirstOrThrow();
        await recordAudit(tx, ctx, { action: 'cvd.intake_key.published', target: { type: 'cvd_intake_key', id: ctx.orgId }, summary: { fingerprint: key.fingerprint } });
        return saved;
      });
      return { fingerprint: key.fingerprint, keyIds: key.keyIds, userIds: key.userIds, armored: key.armored, updatedAt: row.updated_at };
    },
  );

  app.delete('/api/v1/cvd/intake-key', { config: { action: 'provider.manage' }, schema: { tags, summary: 'Withdraw the intake key (the encrypted path closes)' } }, async (request, reply) => {
    const ctx = orgOf(request);
    authorize(ctx, 'provider.manage');
    await db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('cvd_intake_keys').where('org_id', '=', ctx.orgId).returning('fingerprint').executeTakeFirst();
      if (!gone) throw notFound('intake key');
      await recordAudit(tx, ctx, { action: 'cvd.intake_key.withdrawn', target: { type: 'cvd_intake_key', id: ctx.orgId }, summary: { fingerprint: gone.fingerprint } });
    });
    return reply.status(204).send();
  });
}
