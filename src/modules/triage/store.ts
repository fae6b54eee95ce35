import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { FindingEventKind } from '../../platform/db/schema.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import { rescoreFindings } from '../scoring/store.js';
import { analysisJson, type Analysis } from './analysis.js';

/**
 * The one statement every analysis change goes through — single finding, bulk, propagation,
 * suppression, VEX import: lock the findings, skip those that already say the same, update the
 * rest and write one finding event each with before/after and the actor, all set-based (one
 * statement for any number of findings). The analysis is a scoring input (priority 0 and no
 * clocks for not_affected, false_positive and resolved), so the findings it changed — and only
 * those — are rescored here, in the caller's transaction: no path can change a decision and
 * leave its priority, risk class or clocks behind.
 */

export interface AnalysisWrite {
  readonly kind: FindingEventKind;
  /** Merged into each event's detail (e.g. the source finding, the rule, the VEX document). */
  readonly extra?: Record<string, unknown>;
  /** The suppression rule now carrying the finding's analysis; null (a person decided) clears it. */
  readonly ruleId?: string | null;
  /** Only findings whose analysis is still undecided (null or in_triage) are changed. */
  readonly onlyUndecided?: boolean;
}

export const actorJson = (ctx: OrgContext) => ({ type: ctx.actor.type, id: ctx.actor.id, label: ctx.actor.label });

const msNow = sql<Date>`date_trunc('milliseconds', now())`;

/** Applies `analysis` to the organization's findings among `ids`; returns the ids changed. */
export async function writeAnalysis(tx: Tx, ctx: OrgContext, ids: readonly string[], analysis: Analysis, write: AnalysisWrite): Promise<string[]> {
  if (ids.length === 0) return [];
  const after = JSON.stringify(analysisJson(analysis));
  const extra = JSON.stringify({ actor: actorJson(ctx), ...write.extra });
  const responses = arrayLiteral([...analysis.responses]);
  const undecided = write.onlyUndecided ? sql`and (f.analysis_state is null or f.analysis_state = 'in_triage')` : sql``;
  // Lock the findings whose analysis changes and record each one's event, the row as it is being the "before".
  const result = await sql<{ finding_id: string }>`
    with old as (
      select f.id, f.analysis_state, f.analysis_justification, f.analysis_responses, f.analysis_detail
      from findings f
      where f.org_id = ${ctx.orgId} and f.id = any(${arrayLiteral([...ids])}::uuid[]) ${undecided}
        and not (f.analysis_state is not distinct from ${analysis.state}::text
          and f.analysis_justification is not distinct from ${analysis.justification}::text
          and f.analysis_responses @> ${responses}::text[] and f.analysis_responses <@ ${responses}::text[]
          and f.analysis_detail is not distinct from ${analysis.detail}::text)
      for update
    )
    insert into finding_events (finding_id, org_id, kind, detail)
    select old.id, ${ctx.orgId}::uuid, ${write.kind}, jsonb_build_object('before', jsonb_build_object('state', old.analysis_state, 'justification', old.analysis_justification,
        'responses', to_jsonb(old.analysis_responses), 'detail', old.analysis_detail), 'after', ${after}::jsonb) || ${extra}::jsonb
    from old
    returning finding_id`.execute(tx);
  const changed = result.rows.map((r) => r.finding_id);
  if (changed.length === 0) return [];
  // The new analysis and the scores it gives (priority, risk class; then clocks and
  // notifications) are written together, one UPDATE per scoring batch.
  await rescoreFindings(tx, ctx.orgId, changed, {
    analysisState: analysis.state,
    write: async (u) => {
      await sql`update findings f set analysis_state = ${analysis.state}, analysis_justification = ${analysis.justification}, analysis_responses = ${responses}::text[],
          analysis_detail = ${analysis.detail}, analysis_updated_at = ${msNow}, analysis_updated_by = ${ctx.userId}::uuid, suppression_rule_id = ${write.ruleId ?? null}::uuid,
          risk_class = u.risk, priority = u.priority, priority_factors = u.factors::jsonb
        from unnest(${arrayLiteral(u.id)}::uuid[], ${arrayLiteral(u.risk)}::text[], ${arrayLiteral(u.priority)}::int[], ${arrayLiteral(u.factors)}::text[]) as u(id, risk, priority, factors)
        where f.id = u.id and f.org_id = ${ctx.orgId}`.execute(tx);
    },
  });
  return changed;
}

/** One finding event per id (assignments, suppression releases), set-based. */
export async function writeEvents(tx: Tx, orgId: string, ids: readonly string[], kind: FindingEventKind, detail: Record<string, unknown>): Promise<void> {
  if (ids.length === 0) return;
  await sql`insert into finding_events (finding_id, org_id, kind, detail)
    select id, ${orgId}::uuid, ${kind}, ${JSON.stringify(detail)}::jsonb from unnest(${arrayLiteral([...ids])}::uuid[]) as u(id)`.execute(tx);
}
