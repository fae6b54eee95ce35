import { recordAudit } from '../../platform/audit/audit.js';
import type { Actor, OrgContext } from '../../platform/auth/context.js';
import { authorize, outranks } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import type { OrgKind, Role } from '../../platform/db/schema.js';
import { Problem, conflict, forbidden, notFound } from '../../platform/http/problem.js';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly kind: OrgKind;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface OrganizationInput {
  readonly name: string;
  readonly slug?: string | undefined;
  readonly kind: OrgKind;
}

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    // NFKD splits "ü" into "u" + a combining mark; drop the marks so the letter survives.
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug || 'org';
}

const present = (row: { id: string; name: string; slug: string; kind: OrgKind; created_at: Date; updated_at: Date }): Organization => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  kind: row.kind,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Creates an organization; `ownerUserId` (when given) becomes its first owner.
 * Used by the API (any signed-in user may start an organization), the CLI and the demo loader.
 */
export async function createOrganization(
  tx: Tx,
  actor: Actor,
  input: OrganizationInput,
  ownerUserId: string | null,
  requestId: string | null = null,
): Promise<Organization> {
  const slug = input.slug ?? slugify(input.name);
  const taken = await tx.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst();
  if (taken) throw conflict(`The organization slug "${slug}" is taken.`);
  const row = await tx.insertInto('organizations').values({ name: input.name, slug, kind: input.kind }).returningAll().executeTakeFirstOrThrow();
  if (ownerUserId) await tx.insertInto('memberships').values({ org_id: row.id, user_id: ownerUserId, role: 'owner' }).execute();
  await recordAudit(tx, { actor, orgId: row.id, requestId }, {
    action: 'organization.create',
    target: { type: 'organization', id: row.id },
    summary: { after: { name: row.name, slug: row.slug, kind: row.kind }, owner: ownerUserId },
  });
  return present(row);
}

export interface MyOrganization extends Organization {
  readonly role: Role;
}

export async function listUserOrganizations(db: Db, userId: string): Promise<MyOrganization[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .selectAll('organizations')
    .select('memberships.role')
    .where('memberships.user_id', '=', userId)
    .orderBy('organizations.name')
    .execute();
  return rows.map((r) => ({ ...present(r), role: r.role }));
}

export async function getOrganization(db: Db, ctx: OrgContext): Promise<Organization> {
  authorize(ctx, 'org.read');
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('organization');
  return present(row);
}

/** The version clients send back in If-Match: the last update time, to the millisecond. */
export function organizationEtag(org: Organization): string {
  return `"${org.updatedAt.getTime()}"`;
}

export async function updateOrganization(
  db: Db,
  ctx: OrgContext,
  patch: { name?: string | undefined; kind?: OrgKind | undefined },
  ifMatch: string | undefined,
): Promise<Organization> {
  authorize(ctx, 'org.update');
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('organizations').selectAll().where('id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('organization');
    if (ifMatch !== undefined && ifMatch !== organizationEtag(present(before))) {
      throw new Problem(412, 'precondition-failed', 'The organization changed since you loaded it; reload and try again.');
    }
    const after = await tx
      .updateTable('organizations')
      .set({ ...(patch.name ? { name: patch.name } : {}), ...(patch.kind ? { kind: patch.kind } : {}), updated_at: new Date() })
      .where('id', '=', ctx.orgId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, {
      action: 'organization.update',
      target: { type: 'organization', id: ctx.orgId },
      summary: { before: { name: before.name, kind: before.kind }, after: { name: after.name, kind: after.kind } },
    });
    return present(after);
  });
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly joinedAt: Date;
}

export async function listMembers(db: Db, ctx: OrgContext, limit: number, after?: [string, string]): Promise<Member[]> {
  authorize(ctx, 'members.read');
  let q = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at as joinedAt'])
    .where('memberships.org_id', '=', ctx.orgId);
  if (after) q = q.where((eb) => eb.or([eb('users.email', '>', after[0]), eb.and([eb('users.email', '=', after[0]), eb('users.id', '>', after[1])])]));
  return q.orderBy('users.email').orderBy('users.id').limit(limit).execute();
}

async function ownerCount(tx: Tx, orgId: string): Promise<number> {
  const row = await tx.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).where('role', '=', 'owner').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes a member's role. Only owners grant or take away ownership; the last owner stays. */
export async function changeMemberRole(db: Db, ctx: OrgContext, userId: string, role: Role): Promise<Member> {
  authorize(ctx, 'members.manage');
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('memberships').select('role').where('org_id', '=', ctx.orgId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('member');
    if ((current.role === 'owner' || role === 'owner') && ctx.role !== 'owner') throw forbidden('Only an owner can grant or remove ownership.');
    if (current.role === 'owner' && role !== 'owner' && (await ownerCount(tx, ctx.orgId)) <= 1) {
      throw conflict('An organization needs at least one owner.');
    }
    await tx.updateTable('memberships').set({ role }).where('org_id', '=', ctx.orgId).where('user_id', '=', userId).execute();
    await recordAudit(tx, ctx, { action: 'member.role_change', target: { type: 'user', id: userId }, summary: { before: { role: current.role }, after: { role } } });
    const member = await tx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id as userId', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at as joinedAt'])
      .where('memberships.org_id', '=', ctx.orgId)
      .where('memberships.user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return member;
  });
}

export async function removeMember(db: Db, ctx: OrgContext, userId: string): Promise<void> {
  authorize(ctx, 'members.manage');
  await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('memberships').select('role').where('org_id', '=', ctx.orgId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('member');
    if (current.role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can remove an owner.');
    if (current.role === 'owner' && (await ownerCount(tx, ctx.orgId)) <= 1) throw conflict('An organization needs at least one owner.');
    await tx.deleteFrom('memberships').where('org_id', '=', ctx.orgId).where('user_id', '=', userId).execute();
    await tx.updateTable('sessions').set({ active_org_id: null }).where('user_id', '=', userId).where('active_org_id', '=', ctx.orgId).execute();
    await recordAudit(tx, ctx, { action: 'member.remove', target: { type: 'user', id: userId }, summary: { before: { role: current.role } } });
  });
}

/** Adds an existing user to an organization (CLI `user create --org`, invitations). */
export async function addMember(tx: Tx, ctx: OrgContext, userId: string, role: Role): Promise<void> {
  if (!outranks(ctx.role, role)) throw forbidden(`A ${ctx.role} cannot grant the ${role} role.`);
  const existing = await tx.selectFrom('memberships').select('role').where('org_id', '=', ctx.orgId).where('user_id', '=', userId).executeTakeFirst();
  if (existing) throw conflict('That user is already a member of this organization.');
  await tx.insertInto('memberships').values({ org_id: ctx.orgId, user_id: userId, role }).execute();
  await recordAudit(tx, ctx, { action: 'member.add', target: { type: 'user', id: userId }, summary: { after: { role } } });
}
