import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize, outranks } from '../../platform/auth/permissions.js';
import { randomToken, sha256Hex, verifyPassword } from '../../platform/auth/secrets.js';
import type { Db } from '../../platform/db/database.js';
import { olderThan } from '../../platform/db/keyset.js';
import type { Role } from '../../platform/db/schema.js';
import { Problem, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import { createUser, normalizeEmail, openSession, type NewSession } from '../identity/service.js';

export const INVITATION_DAYS = 7;

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly status: InvitationStatus;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

export function invitationStatus(row: Pick<InvitationRow, 'accepted_at' | 'revoked_at' | 'expires_at'>, now = new Date()): InvitationStatus {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending';
}

const present = (row: InvitationRow): Invitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  status: invitationStatus(row),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** Invites an e-mail address; the secret token is returned once, to be passed on by the inviter. */
export async function createInvitation(db: Db, ctx: OrgContext, email: string, role: Role): Promise<{ invitation: Invitation; token: string }> {
  authorize(ctx, 'invitations.manage');
  if (!outranks(ctx.role, role)) throw forbidden(`A ${ctx.role} cannot invite someone as ${role}.`);
  const normalized = normalizeEmail(email);
  const token = randomToken();
  return db.transaction().execute(async (tx) => {
    const member = await tx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.id')
      .where('memberships.org_id', '=', ctx.orgId)
      .where('users.email', '=', normalized)
      .executeTakeFirst();
    if (member) throw conflict(`${normalized} is already a member.`);
    const row = await tx
      .insertInto('invitations')
      .values({
        org_id: ctx.orgId,
        email: normalized,
        role,
        token_hash: sha256Hex(token),
        invited_by: ctx.userId,
        expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'invitation.create', target: { type: 'invitation', id: row.id }, summary: { after: { email: normalized, role } } });
    return { invitation: present(row), token };
  });
}

export async function listInvitations(db: Db, ctx: OrgContext, limit: number, before?: [string, string]): Promise<Invitation[]> {
  authorize(ctx, 'invitations.read');
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where(olderThan(before))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(present);
}

export async function revokeInvitation(db: Db, ctx: OrgContext, id: string): Promise<Invitation> {
  authorize(ctx, 'invitations.manage');
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('invitations').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('invitation');
    if (invitationStatus(row) !== 'pending') throw conflict(`The invitation is already ${invitationStatus(row)}.`);
    const after = await tx.updateTable('invitations').set({ revoked_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'invitation.revoke', target: { type: 'invitation', id }, summary: { email: row.email } });
    return present(after);
  });
}

/**
 * Accepts an invitation. Someone new creates their account with a name and password; an
 * existing user proves it is them with their password. Either way a session opens.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; name?: string | undefined; password: string },
  sessionHours: number,
  requestId: string | null,
): Promise<NewSession & { orgId: string }> {
  return db.transaction().execute(async (tx) => {
    const inv = await tx.selectFrom('invitations').selectAll().where('token_hash', '=', sha256Hex(input.token)).forUpdate().executeTakeFirst();
    if (!inv || invitationStatus(inv) !== 'pending') throw new Problem(404, 'not-found', 'This invitation does not exist, was revoked, has expired or was used.');
    let user = await tx.selectFrom('users').select(['id', 'email', 'password_hash']).where('email', '=', inv.email).executeTakeFirst();
    if (user) {
      if (!(await verifyPassword(user.password_hash, input.password))) {
        throw new Problem(400, 'wrong-password', 'An account exists for this e-mail; enter its password.', { errors: [{ pointer: '/body/password', message: 'does not match' }] });
      }
    } else {
      if (!input.name) throw new Problem(400, 'bad-request', 'A name is needed to create the account.', { errors: [{ pointer: '/body/name', message: 'required' }] });
      const created = await createUser(tx, inv.email, input.name, input.password);
      user = { ...created, password_hash: '' };
    }
    await tx.insertInto('memberships').values({ org_id: inv.org_id, user_id: user.id, role: inv.role }).onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing()).execute();
    await tx.updateTable('invitations').set({ accepted_at: new Date() }).where('id', '=', inv.id).execute();
    await recordAudit(
      tx,
      { actor: { type: 'user', id: user.id, label: user.email }, orgId: inv.org_id, requestId },
      { action: 'invitation.accept', target: { type: 'invitation', id: inv.id }, summary: { role: inv.role } },
    );
    const session = await openSession(tx, user.id, inv.org_id, sessionHours);
    return { ...session, orgId: inv.org_id };
  });
}
