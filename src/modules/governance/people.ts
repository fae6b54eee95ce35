import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { listActions, assertMember, currentCatalog } from './service.js';

/**
 * Governance records: the RACI per JSP area with named people (a member, or a free-text name
 * for someone without an account), training records and policies/procedures. Reminders are
 * a "due soon" list computed on read: training expired or expiring and policies due for
 * review within REMINDER_DAYS, and overdue action items. The upcoming ones are also mailed
 * once by the daily tick of reminder-tick.ts.
 */
export const REMINDER_DAYS = 30;

type Person = { readonly personId?: string | null | undefined; readonly personName?: string | null | undefined };

function requirePerson(p: Person, field: string): void {
  if (!p.personId && !p.personName) throw badRequest('Name a person: a member (id) or a name.', [{ pointer: `/body/${field}`, message: 'a member id or a name is required' }]);
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function loadGovernance(db: Executor, orgId: string, today = new Date().toISOString().slice(0, 10)) {
  const [raci, training, policies, actions] = await Promise.all([
    db.selectFrom('governance_raci as r').leftJoin('users as u', 'u.id', 'r.person_id').select(['r.id', 'r.area', 'r.raci', 'r.person_id', 'r.person_name', 'r.role_title', 'u.name as member_name', 'u.email as member_email']).where('r.org_id', '=', orgId).orderBy('r.area').orderBy('r.raci').orderBy('r.created_at').execute(),
    db.selectFrom('training_records as t').leftJoin('users as u', 'u.id', 't.person_id').select(['t.id', 't.course', 't.person_id', 't.person_name', 't.completed_on', 't.expires_on', 'u.name as member_name']).where('t.org_id', '=', orgId).orderBy('t.course').orderBy('t.created_at').execute(),
    db.selectFrom('governance_policies as p').leftJoin('users as u', 'u.id', 'p.owner_id').select(['p.id', 'p.kind', 'p.title', 'p.owner_id', 'p.owner_name', 'p.version', 'p.approved_on', 'p.next_review_on', 'p.url', 'u.name as member_name']).where('p.org_id', '=', orgId).orderBy('p.title').execute(),
    listActions(db, orgId, today),
  ]);
  const soon = addDays(today, REMINDER_DAYS);
  const reminders: { kind: 'training_expired' | 'training_expiring' | 'training_incomplete' | 'policy_review_overdue' | 'policy_review_due' | 'action_overdue'; id: string; subject: string; date: string | null }[] = [];
  for (const t of training) {
    const who = t.member_name ?? t.person_name ?? '';
    if (!t.completed_on) reminders.push({ kind: 'training_incomplete', id: t.id, subject: `${t.course} — ${who}`, date: null });
    else if (t.expires_on && t.expires_on < today) reminders.push({ kind: 'training_expired', id: t.id, subject: `${t.course} — ${who}`, date: t.expires_on });
    else if (t.expires_on && t.expires_on <= soon) reminders.push({ kind: 'training_expiring', id: t.id, subject: `${t.course} — ${who}`, date: t.expires_on });
  }
  for (const p of policies) {
    if (p.next_review_on && p.next_review_on < today) reminders.push({ kind: 'policy_review_overdue', id: p.id, subject: `${p.title} v${p.version}`, date: p.next_review_on });
    else if (p.next_review_on && p.next_review_on <= soon) reminders.push({ kind: 'policy_review_due', id: p.id, subject: `${p.title} v${p.version}`, date: p.next_review_on });
  }
  for (const a of actions) if (a.overdue) reminders.push({ kind: 'action_overdue', id: a.id, subject: a.title, date: a.dueOn });
  reminders.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.subject.localeCompare(b.subject));
  return {
    raci: raci.map((r) => ({ id: r.id, area: r.area, raci: r.raci, personId: r.person_id, person: r.member_name ?? r.person_name ?? '', roleTitle: r.role_title })),
    training: training.map((t) => ({
      id: t.id, course: t.course, personId: t.person_id, person: t.member_name ?? t.person_name ?? '', completedOn: t.completed_on, expiresOn: t.expires_on,
      status: !t.completed_on ? 'incomplete' : t.expires_on && t.expires_on < today ? 'expired' : t.expires_on && t.expires_on <= soon ? 'expiring' : 'current',
    })),
    policies: policies.map((p) => ({
      id: p.id, kind: p.kind, title: p.title, ownerId: p.owner_id, owner: p.member_name ?? p.owner_name ?? null, version: p.version, approvedOn: p.approved_on, nextReviewOn: p.next_review_on, url: p.url,
      reviewDue: Boolean(p.next_review_on && p.next_review_on <= soon),
    })),
    reminders,
    reminderDays: REMINDER_DAYS,
  };
}

export async function getGovernance(db: Db, ctx: OrgContext) {
  authorize(ctx, 'governance.read');
  return loadGovernance(db, ctx.orgId);
}

export async function addRaci(db: Db, ctx: OrgContext, input: { area: string; raci: 'R' | 'A' | 'C' | 'I'; roleTitle?: string | undefined } & Person): Promise<string> {
  authorize(ctx, 'governance.write');
  requirePerson(input, 'personName');
  return db.transaction().execute(async (tx) => {
    const catalog = await currentCatalog(tx);
    if (!catalog.areas.some((a) => a.code === input.area)) throw badRequest(`No JSP area ${input.area}.`, [{ pointer: '/body/area', message: `one of ${catalog.areas.map((a) => a.code).join(', ')}` }]);
    await assertMember(tx, ctx.orgId, input.personId, '/body/personId');
    if (input.raci === 'A') {
      const a = await tx.selectFrom('governance_raci').select('id').where('org_id', '=', ctx.orgId).where('area', '=', input.area).where('raci', '=', 'A').executeTakeFirst();
      if (a) throw conflict(`Area ${input.area} has an accountable person already; RACI allows one.`);
    }
    const row = await tx.insertInto('governance_raci').values({ org_id: ctx.orgId, area: input.area, raci: input.raci, person_id: input.personId ?? null, person_name: input.personId ? null : input.personName ?? null, role_title: input.roleTitle ?? null }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'governance.raci_add', target: { type: 'governance_raci', id: row.id }, summary: { ...input } });
    return row.id;
  });
}

type Table = 'governance_raci' | 'training_records' | 'governance_policies';

async function deleteRow(db: Db, ctx: OrgContext, table: Table, id: string, action: string, what: string): Promise<void> {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom(table).where('id', '=', id).where('org_id', '=', ctx.orgId).returningAll().executeTakeFirst();
    if (!row) throw notFound(what);
    await recordAudit(tx, ctx, { action, target: { type: table, id }, summary: { before: row } });
  });
}

export const deleteRaci = (db: Db, ctx: OrgContext, id: string) => deleteRow(db, ctx, 'governance_raci', id, 'governance.raci_delete', 'RACI entry');
export const deleteTraining = (db: Db, ctx: OrgContext, id: string) => deleteRow(db, ctx, 'training_records', id, 'governance.training_delete', 'training record');
export const deletePolicy = (db: Db, ctx: OrgContext, id: string) => deleteRow(db, ctx, 'governance_policies', id, 'governance.policy_delete', 'policy');

export interface TrainingInput extends Person {
  readonly course?: string | undefined;
  readonly completedOn?: string | null | undefined;
  readonly expiresOn?: string | null | undefined;
}

function checkTrainingDates(completedOn: string | null | undefined, expiresOn: string | null | undefined): void {
  if (completedOn && expiresOn && expiresOn <= completedOn) throw badRequest('A training expires after it was completed.', [{ pointer: '/body/expiresOn', message: 'must be after completedOn' }]);
}

export async function addTraining(db: Db, ctx: OrgContext, input: TrainingInput & { course: string }): Promise<string> {
  authorize(ctx, 'governance.write');
  requirePerson(input, 'personName');
  checkTrainingDates(input.completedOn, input.expiresOn);
  return db.transaction().execute(async (tx) => {
    await assertMember(tx, ctx.orgId, input.personId, '/body/personId');
    const row = await tx.insertInto('training_records').values({ org_id: ctx.orgId, course: input.course, person_id: input.personId ?? null, person_name: input.personId ? null : input.personName ?? null, completed_on: input.completedOn ?? null, expires_on: input.expiresOn ?? null }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'governance.training_add', target: { type: 'training_record', id: row.id }, summary: { ...input } });
    return row.id;
  });
}

export async function updateTraining(db: Db, ctx: OrgContext, id: string, input: TrainingInput): Promise<void> {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('training_records').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('training record');
    checkTrainingDates(input.completedOn === undefined ? before.completed_on : input.completedOn, input.expiresOn === undefined ? before.expires_on : input.expiresOn);
    if (input.personId) await assertMember(tx, ctx.orgId, input.personId, '/body/personId');
    await tx
      .updateTable('training_records')
      .set({
        ...(input.course !== undefined ? { course: input.course } : {}),
        ...(input.completedOn !== undefined ? { completed_on: input.completedOn } : {}),
        ...(input.expiresOn !== undefined ? { expires_on: input.expiresOn } : {}),
        ...(input.personId ? { person_id: input.personId, person_name: null } : input.personName ? { person_id: null, person_name: input.personName } : {}),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, { action: 'governance.training_update', target: { type: 'training_record', id }, summary: { before: { completedOn: before.completed_on, expiresOn: before.expires_on }, after: input } });
  });
}

export interface PolicyInput {
  readonly kind?: 'policy' | 'procedure' | undefined;
  readonly title?: string | undefined;
  readonly ownerId?: string | null | undefined;
  readonly ownerName?: string | null | undefined;
  readonly version?: string | undefined;
  readonly approvedOn?: string | null | undefined;
  readonly nextReviewOn?: string | null | undefined;
  readonly url?: string | null | undefined;
}

function checkPolicyDates(approvedOn: string | null | undefined, nextReviewOn: string | null | undefined): void {
  if (approvedOn && nextReviewOn && nextReviewOn <= approvedOn) throw badRequest('The next review comes after the approval.', [{ pointer: '/body/nextReviewOn', message: 'must be after approvedOn' }]);
}

export async function addPolicy(db: Db, ctx: OrgContext, input: PolicyInput & { kind: 'policy' | 'procedure'; title: string; version: string }): Promise<string> {
  authorize(ctx, 'governance.write');
  checkPolicyDates(input.approvedOn, input.nextReviewOn);
  return db.transaction().execute(async (tx) => {
    await assertMember(tx, ctx.orgId, input.ownerId, '/body/ownerId');
    const row = await tx.insertInto('governance_policies').values({ org_id: ctx.orgId, kind: input.kind, title: input.title, owner_id: input.ownerId ?? null, owner_name: input.ownerId ? null : input.ownerName ?? null, version: input.version, approved_on: input.approvedOn ?? null, next_review_on: input.nextReviewOn ?? null, url: input.url ?? null }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'governance.policy_add', target: { type: 'governance_policy', id: row.id }, summary: { ...input } });
    return row.id;
  });
}

export async function updatePolicy(db: Db, ctx: OrgContext, id: string, input: PolicyInput): Promise<void> {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('governance_policies').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('policy');
    checkPolicyDates(input.approvedOn === undefined ? before.approved_on : input.approvedOn, input.nextReviewOn === undefined ? before.next_review_on : input.nextReviewOn);
    if (input.ownerId) await assertMember(tx, ctx.orgId, input.ownerId, '/body/ownerId');
    await tx
      .updateTable('governance_policies')
      .set({
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
        ...(input.ownerName !== undefined ? { owner_name: input.ownerName } : {}),
        ...(input.version !== undefined ? { version: input.version } : {}),
        ...(input.approvedOn !== undefined ? { approved_on: input.approvedOn } : {}),
        ...(input.nextReviewOn !== undefined ? { next_review_on: input.nextReviewOn } : {}),
        ...(input.url !== undefined ? { url: input.url } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, { action: 'governance.policy_update', target: { type: 'governance_policy', id }, summary: { before: { version: before.version, approvedOn: before.approved_on, nextReviewOn: before.next_review_on }, after: input } });
  });
}
