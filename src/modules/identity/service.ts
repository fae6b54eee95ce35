import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import type { SignedInUser } from '../../platform/http/auth.js';
import { Problem, unauthorized } from '../../platform/http/problem.js';
import {
  MIN_PASSWORD_LENGTH,
  dummyPasswordHash,
  hashPassword,
  randomToken,
  sha256Hex,
  verifyPassword,
} from '../../platform/auth/secrets.js';

/** A signed-in browser session, as the HTTP layer sees it. */
export type SessionAuth = SignedInUser;

export interface NewSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export function assertPasswordStrength(password: string, pointer = '/body/password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Problem(400, 'weak-password', `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`, {
      errors: [{ pointer, message: `at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks e-mail and password and opens a session. Unknown e-mail and wrong password give
 * the same answer after the same work, so neither timing nor wording reveals accounts.
 */
export async function login(db: Db, email: string, password: string, sessionHours: number, requestId: string | null): Promise<NewSession> {
  const user = await db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) throw unauthorized('E-mail or password is wrong.');
  const firstOrg = await db
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', user.id)
    .orderBy('created_at')
    .executeTakeFirst();
  return db.transaction().execute(async (tx) => {
    const session = await openSession(tx, user.id, firstOrg?.org_id ?? null, sessionHours);
    await recordAudit(
      tx,
      { actor: { type: 'user', id: user.id, label: user.email }, orgId: firstOrg?.org_id ?? null, requestId },
      { action: 'session.login', target: { type: 'user', id: user.id } },
    );
    return session;
  });
}

export async function openSession(db: Kysely<DB>, userId: string, activeOrgId: string | null, sessionHours: number): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + sessionHours * 3_600_000);
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256Hex(token), user_id: userId, active_org_id: activeOrgId, csrf_token: csrfToken, expires_at: expiresAt })
    .execute();
  return { token, csrfToken, expiresAt };
}

// Writing last_seen_at on every request would turn reads into writes; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

export async function resolveSession(db: Db, token: string): Promise<SessionAuth | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('memberships', (join) =>
      join.onRef('memberships.org_id', '=', 'sessions.active_org_id').onRef('memberships.user_id', '=', 'sessions.user_id'),
    )
    .select([
      'memberships.role as activeRole',
      'sessions.id as sessionId',
      'sessions.user_id as userId',
      'sessions.active_org_id as activeOrgId',
      'sessions.csrf_token as csrfToken',
      'sessions.expires_at as expiresAt',
      'sessions.last_seen_at as lastSeenAt',
      'users.email as email',
      'users.name as name',
    ])
    .where('sessions.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', row.sessionId).execute();
  }
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    email: row.email,
    name: row.name,
    activeOrgId: row.activeRole ? row.activeOrgId : null,
    activeRole: row.activeRole,
    csrfToken: row.csrfToken,
  };
}

export async function logout(db: Db, session: SessionAuth, requestId: string | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').where('id', '=', session.sessionId).execute();
    await recordAudit(
      tx,
      { actor: { type: 'user', id: session.userId, label: session.email }, orgId: session.activeOrgId, requestId },
      { action: 'session.logout', target: { type: 'user', id: session.userId } },
    );
  });
}

/** Changes the caller's password and ends every other session of theirs. */
export async function changePassword(
  db: Db,
  session: SessionAuth,
  currentPassword: string,
  newPassword: string,
  requestId: string | null,
): Promise<void> {
  assertPasswordStrength(newPassword, '/body/newPassword');
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', session.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new Problem(400, 'wrong-password', 'The current password is wrong.', {
      errors: [{ pointer: '/body/currentPassword', message: 'does not match' }],
    });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: new Date() }).where('id', '=', session.userId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', session.userId).where('id', '!=', session.sessionId).execute();
    await recordAudit(
      tx,
      { actor: { type: 'user', id: session.userId, label: session.email }, orgId: session.activeOrgId, requestId },
      { action: 'user.password_change', target: { type: 'user', id: session.userId } },
    );
  });
}

/** Makes another of the user's organizations the active one for this session. */
export async function switchOrganization(db: Db, session: SessionAuth, orgId: string, requestId: string | null): Promise<void> {
  const membership = await db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', session.userId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!membership) throw new Problem(404, 'not-found', 'No such organization.');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('sessions').set({ active_org_id: orgId }).where('id', '=', session.sessionId).execute();
    await recordAudit(
      tx,
      { actor: { type: 'user', id: session.userId, label: session.email }, orgId, requestId },
      { action: 'session.switch_organization', target: { type: 'organization', id: orgId } },
    );
  });
}

export interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

/** Creates a user account (CLI and invitations); e-mail must be unused. */
export async function createUser(db: Kysely<DB>, email: string, name: string, password: string): Promise<UserRecord> {
  assertPasswordStrength(password);
  const normalized = normalizeEmail(email);
  const existing = await db.selectFrom('users').select('id').where('email', '=', normalized).executeTakeFirst();
  if (existing) throw new Problem(409, 'conflict', `A user with e-mail ${normalized} already exists.`);
  const passwordHash = await hashPassword(password);
  return db
    .insertInto('users')
    .values({ email: normalized, name, password_hash: passwordHash })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
}
