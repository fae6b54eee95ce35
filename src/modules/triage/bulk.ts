import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { badRequest } from '../../platform/http/problem.js';
import { findingIdsByFilter, type FindingFilter } from '../intel/findings.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import { analysisJson } from './analysis.js';
import { checkAssignee, toAnalysis, type AnalysisInput } from './service.js';
import { actorJson, writeAnalysis } from './store.js';

/**
 * Bulk triage: one change (analysis and/or assignee) to many findings, chosen by id or by the
 * findings list's own filter, in one transaction of set-based statements (the analysis and its
 * events are one statement, the assignment and its events another) and one audit event.
 */

/** The most findings one bulk change touches; a wider filter is refused (narrow it). */
export const MAX_BULK_FINDINGS = 50_000;

export interface BulkChange {
  readonly analysis?: AnalysisInput | undefined;
  /** A member's id, or null to unassign. */
  readonly assigneeId?: string | null | undefined;
}

export type BulkTarget = { readonly ids: readonly string[] } | { readonly filter: FindingFilter };

export interface BulkResult {
  /** Findings selected (by id: those of the organization among the ids). */
  readonly matched: number;
  /** Findings whose analysis changed. */
  readonly analysed: number;
  /** Findings whose assignee changed. */
  readonly assigned: number;
}

export async function bulkChange(db: Db, ctx: OrgContext, target: BulkTarget, change: BulkChange): Promise<BulkResult> {
  authorize(ctx, 'triage.write');
  if (change.analysis === undefined && change.assigneeId === undefined) throw badRequest('Say what to change: analysis, assigneeId or both.', [{ pointer: '/body/change', message: 'empty change' }]);
  const analysis = change.analysis === undefined ? undefined : toAnalysis(change.analysis, '/body/change/analysis');
  return db.transaction().execute(async (tx) => {
    if (change.assigneeId !== undefined) await checkAssignee(tx, ctx.orgId, change.assigneeId, '/body/change/assigneeId');
    const ids = 'ids' in target ? await ownIds(tx, ctx.orgId, target.ids) : await findingIdsByFilter(tx, ctx.orgId, target.filter, MAX_BULK_FINDINGS + 1);
    if (ids.length > MAX_BULK_FINDINGS) throw badRequest(`The filter selects more than ${MAX_BULK_FINDINGS} findings; narrow it.`, [{ pointer: '/body/filter', message: 'too many findings' }]);
    const analysed = analysis ? (await writeAnalysis(tx, ctx, ids, analysis, { kind: 'analysis', ruleId: null, extra: { bulk: true } })).length : 0;
    const assigned = change.assigneeId !== undefined ? await assignMany(tx, ctx, ids, change.assigneeId) : 0;
    await recordAudit(tx, ctx, {
      action: 'finding.bulk_change',
      target: { type: 'finding', id: null },
      summary: {
        ...('ids' in target ? { ids: target.ids.length } : { filter: target.filter }),
        matched: ids.length,
        analysed,
        assigned,
        ...(analysis ? { analysis: analysisJson(analysis) } : {}),
        ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
      },
    });
    return { matched: ids.length, analysed, assigned };
  });
}

/** The organization's findings among the ids (others' ids are ignored: they are not found). */
async function ownIds(tx: Tx, orgId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{ id: string }>`select id from findings where org_id = ${orgId} and id = any(${arrayLiteral([...new Set(ids)])}::uuid[])`.execute(tx);
  return rows.rows.map((r) => r.id);
}

/** Sets the assignee of the findings that have another one, with an 'assigned' event each; returns how many. */
async function assignMany(tx: Tx, ctx: OrgContext, ids: readonly string[], assigneeId: string | null): Promise<number> {
  if (ids.length === 0) return 0;
  const actor = JSON.stringify(actorJson(ctx));
  const result = await sql<{ n: number }>`
    with old as (
      select id, assignee_id from findings
      where org_id = ${ctx.orgId} and id = any(${arrayLiteral([...ids])}::uuid[]) and assignee_id is distinct from ${assigneeId}::uuid
      for update
    ), upd as (
      update findings f set assignee_id = ${assigneeId}::uuid from old where f.id = old.id returning f.id
    ), ev as (
      insert into finding_events (finding_id, org_id, kind, detail)
      select old.id, ${ctx.orgId}::uuid, 'assigned', jsonb_build_object('from', old.assignee_id, 'to', ${assigneeId}::uuid, 'actor', ${actor}::jsonb, 'bulk', true)
      from old join upd on upd.id = old.id
      returning 1
    )
    select count(*)::int as n from ev`.execute(tx);
  return Number(result.rows[0]?.n ?? 0);
}
