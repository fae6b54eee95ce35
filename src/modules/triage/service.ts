import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { Problem, badRequest, notFound } from '../../platform/http/problem.js';
import { analysisJson, checkAnalysis, type Analysis } from './analysis.js';
import { actorJson, writeAnalysis, writeEvents } from './store.js';

/** One finding's decision: analysis, assignee, comments and the merged history. */

export interface AnalysisInput {
  readonly state: Analysis['state'];
  readonly justification?: Analysis['justification'] | undefined;
  readonly responses?: Analysis['responses'] | undefined;
  readonly detail?: string | null | undefined;
}

/** The input as a complete analysis (absent fields are empty), refused whole when a rule is broken. */
export function toAnalysis(input: AnalysisInput, base = '/body'): Analysis {
  const detail = input.detail?.trim() ? input.detail : null;
  const analysis: Analysis = { state: input.state, justification: input.justification ?? null, responses: input.responses ?? [], detail };
  const errors = checkAnalysis(analysis, base);
  if (errors.length > 0) throw new Problem(400, 'validation', `${errors[0]!.pointer}: ${errors[0]!.message}`, { errors });
  return analysis;
}

export async function loadFinding(db: Executor, orgId: string, id: string) {
  const finding = await db.selectFrom('findings').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!finding) throw notFound('finding');
  return finding;
}

/** Sets one finding's analysis: a finding event with before/after and an audit event, in one transaction. */
export async function setAnalysis(db: Db, ctx: OrgContext, findingId: string, input: AnalysisInput) {
  authorize(ctx, 'triage.write');
  const analysis = toAnalysis(input);
  return db.transaction().execute(async (tx) => {
    const before = await loadFinding(tx, ctx.orgId, findingId);
    const changed = await writeAnalysis(tx, ctx, [findingId], analysis, { kind: 'analysis', ruleId: null });
    if (changed.length > 0) {
      await recordAudit(tx, ctx, {
        action: 'finding.analysis',
        target: { type: 'finding', id: findingId },
        summary: {
          before: analysisJson({ state: before.analysis_state, justification: before.analysis_justification, responses: before.analysis_responses, detail: before.analysis_detail }),
          after: analysisJson(analysis),
        },
      });
    }
    return { changed: changed.length > 0, finding: await loadFinding(tx, ctx.orgId, findingId) };
  });
}

/** Whether the user is a member of the organization (assignees must be). */
async function isMember(tx: Executor, orgId: string, userId: string): Promise<boolean> {
  return (await tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

/** Refuses an assignee who is not a member of the organization (400 naming the field). */
export async function checkAssignee(tx: Executor, orgId: string, userId: string | null, pointer = '/body/userId'): Promise<void> {
  if (userId !== null && !(await isMember(tx, orgId, userId))) throw badRequest('The assignee must be a member of the organization.', [{ pointer, message: 'not a member of this organization' }]);
}

export async function setAssignee(db: Db, ctx: OrgContext, findingId: string, userId: string | null) {
  authorize(ctx, 'triage.write');
  return db.transaction().execute(async (tx) => {
    const finding = await loadFinding(tx, ctx.orgId, findingId);
    await checkAssignee(tx, ctx.orgId, userId);
    if (finding.assignee_id !== userId) {
      await tx.updateTable('findings').set({ assignee_id: userId }).where('id', '=', findingId).where('org_id', '=', ctx.orgId).execute();
      await writeEvents(tx, ctx.orgId, [findingId], 'assigned', { from: finding.assignee_id, to: userId, actor: actorJson(ctx) });
      await recordAudit(tx, ctx, { action: 'finding.assign', target: { type: 'finding', id: findingId }, summary: { from: finding.assignee_id, to: userId } });
    }
    return { assigneeId: userId };
  });
}

export const MAX_COMMENT_LENGTH = 10_000;

export async function addComment(db: Db, ctx: OrgContext, findingId: string, body: string) {
  authorize(ctx, 'triage.write');
  const text = body.trim();
  if (text === '') throw badRequest('A comment needs text.', [{ pointer: '/body/body', message: 'empty' }]);
  return db.transaction().execute(async (tx) => {
    await loadFinding(tx, ctx.orgId, findingId);
    const comment = await tx
      .insertInto('finding_comments')
      .values({ org_id: ctx.orgId, finding_id: findingId, author_id: ctx.userId, author_label: ctx.actor.label, body: text })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'finding.comment', target: { type: 'finding', id: findingId }, summary: { commentId: comment.id, length: text.length } });
    return comment;
  });
}

export async function listComments(db: Executor, ctx: OrgContext, findingId: string) {
  authorize(ctx, 'intel.read');
  await loadFinding(db, ctx.orgId, findingId);
  return commentsOf(db, ctx.orgId, [findingId]);
}

/** Comments of findings, oldest first (VEX export carries them as notes). */
export function commentsOf(db: Executor, orgId: string, findingIds: readonly string[]) {
  if (findingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('finding_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.finding_id', 'c.author_id', 'c.author_label', 'u.name as author_name', 'c.body', 'c.created_at'])
    .where('c.org_id', '=', orgId)
    .where('c.finding_id', 'in', findingIds)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

export interface HistoryEntry {
  readonly at: Date;
  readonly kind: string;
  readonly actor: string | null;
  readonly detail: Record<string, unknown>;
}

/**
 * The finding's whole history: the matcher's events (opened, fixed…), every decision
 * (analysis, assignment, suppression, propagation, VEX) with its actor, and the comments, in
 * time order.
 */
export async function findingHistory(db: Executor, ctx: OrgContext, findingId: string): Promise<HistoryEntry[]> {
  authorize(ctx, 'intel.read');
  await loadFinding(db, ctx.orgId, findingId);
  const rows = await sql<{ at: Date; kind: string; detail: Record<string, unknown>; ord: number; seq: string }>`
    select at, kind, detail, 0 as ord, lpad(id::text, 20, '0') as seq from finding_events where finding_id = ${findingId} and org_id = ${ctx.orgId}
    union all
    select created_at, 'comment', jsonb_build_object('commentId', id, 'body', body, 'actor', jsonb_build_object('label', author_label, 'id', author_id)), 1, id::text
      from finding_comments where finding_id = ${findingId} and org_id = ${ctx.orgId}
    order by 1, 4, 5`.execute(db);
  return rows.rows.map((r) => {
    const actor = (r.detail as { actor?: { label?: string } }).actor;
    return { at: r.at, kind: r.kind, actor: actor?.label ?? null, detail: r.detail };
  });
}
