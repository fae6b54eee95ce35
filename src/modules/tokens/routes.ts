import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { createToken, listTokens, revokeToken } from './service.js';

const TokenRoleSchema = z.enum(['admin', 'analyst', 'auditor', 'viewer']);
const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: TokenRoleSchema,
  prefix: z.string(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
});

export function tokenRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['tokens'];

  app.get('/api/v1/tokens', { config: { action: 'tokens.read' }, schema: { tags, summary: 'API tokens, newest first', querystring: PageQuery.strict(), response: { 200: pageSchema(TokenView) } } }, async (request) => {
    const { limit, cursor } = request.query;
    const before = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
    const rows = await listTokens(db, orgOf(request), limit + 1, before);
    return toPage(rows, limit, (t) => t, (t) => [t.createdAt.toISOString(), t.id]);
  });

  app.post(
    '/api/v1/tokens',
    {
      config: { action: 'tokens.manage' },
      schema: {
        tags,
        summary: 'Create an API token; the secret is returned once',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), role: TokenRoleSchema, expiresInDays: z.number().int().min(1).max(366).default(90) }),
        response: { 201: z.object({ token: TokenView, secret: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await createToken(db, orgOf(request), request.body)),
  );

  app.delete('/api/v1/tokens/:id', { config: { action: 'tokens.manage' }, schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: TokenView } } }, async (request) =>
    revokeToken(db, orgOf(request), request.params.id),
  );
}
