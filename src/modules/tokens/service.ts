import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize, outranks } from '../../platform/auth/permissions.js';
import { randomToken, sha256Hex } from '../../platform/auth/secrets.js';
import type { Db } from '../../platform/db/database.js';
import { olderThan } from '../../platform/db/keyset.js';
import type { ApiTokensTable, Role } from '../../platform/db/schema.js';
import { conflict, forbidden, notFound } from '../../platform/http/problem.js';

export type TokenRole = ApiTokensTable['role'];

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: TokenRole;
  /** The first characters of the token, shown so people can tell tokens apart. */
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

const TOKEN_PREFIX = 'vgl_';

interface TokenRow {
  id: string;
  name: string;
  role: TokenRole;
  token_prefix: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const present = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  prefix: r.token_prefix,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

/** Creates an API token; its secret is returned once and only its SHA-256 is stored. */
export async function createToken(db: Db, ctx: OrgContext, input: { name: string; role: TokenRole; expiresInDays: number }): Promise<{ token: ApiToken; secret: string }> {
  authorize(ctx, 'tokens.manage');
  if (!outranks(ctx.role, input.role)) throw forbidden(`A ${ctx.role} cannot create a token with the ${input.role} role.`);
  const secret = `${TOKEN_PREFIX}${randomToken()}`;
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({
        org_id: ctx.orgId,
        name: input.name,
        role: input.role,
        token_hash: sha256Hex(secret),
        token_prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        created_by: ctx.userId,
        expires_at: new Date(Date.now() + input.expiresInDays * 86_400_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'token.create', target: { type: 'api_token', id: row.id }, summary: { after: { name: row.name, role: row.role, expiresAt: row.expires_at.toISOString() } } });
    return { token: present(row), secret };
  });
}

export async function listTokens(db: Db, ctx: OrgContext, limit: number, before?: [string, string]): Promise<ApiToken[]> {
  authorize(ctx, 'tokens.read');
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where(olderThan(before))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(present);
}

export async function revokeToken(db: Db, ctx: OrgContext, id: string): Promise<ApiToken> {
  authorize(ctx, 'tokens.manage');
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('api_tokens').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('API token');
    if (row.revoked_at) throw conflict('The token is already revoked.');
    const after = await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'token.revoke', target: { type: 'api_token', id }, summary: { name: row.name } });
    return present(after);
  });
}

export interface TokenAuth {
  readonly tokenId: string;
  readonly name: string;
  readonly orgId: string;
  readonly role: Role;
  readonly createdBy: string | null;
}

const TOUCH_INTERVAL_MS = 60_000;

/** Resolves a bearer secret to its token, or null when unknown, revoked or expired. */
export async function resolveToken(db: Db, secret: string): Promise<TokenAuth | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256Hex(secret)).executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at.getTime() <= Date.now()) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, name: row.name, orgId: row.org_id, role: row.role, createdBy: row.created_by };
}
