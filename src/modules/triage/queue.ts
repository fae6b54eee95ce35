import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { SEVERITY_LEVELS, type SeverityLevel } from '../intel/severity.js';

/**
 * The triage queue: open work — affected findings whose analysis is undecided (none yet,
 * in_triage, or exploitable without a response) — by priority (highest first), then id.
 * Keyset pages on (priority, id) walk the partial index findings_triage_queue_idx
 * (migration 0008), whose predicate {@link OPEN_WORK} repeats word for word.
 */

export const OPEN_WORK = sql<boolean>`f.status = 'affected' and (f.analysis_state is null or f.analysis_state = 'in_triage' or (f.analysis_state = 'exploitable' and f.analysis_responses = '{}'))`;

export interface QueueFilter {
  readonly productId?: string | undefined;
  readonly releaseId?: string | undefined;
  /** A member's id, 'me' (the caller) or 'none' (unassigned). */
  readonly assignee?: string | undefined;
  /** Minimum severity (the worst of the vulnerability's records' ratings). */
  readonly severity?: SeverityLevel | undefined;
  readonly kev?: boolean | undefined;
  readonly riskClass?: 'controlled' | 'uncontrolled' | 'unclassified' | undefined;
}

/** The cursor: the last row's [priority, id]. */
export const QUEUE_CURSOR = ['number', 'string'] as const;

const UNRATED_RANK = SEVERITY_LEVELS.indexOf('unknown');

export async function triageQueue(db: Db, ctx: OrgContext, filter: QueueFilter, limit: number, after?: readonly [number, string]) {
  authorize(ctx, 'intel.read');
  const orgId = ctx.orgId;
  // The worst rating per finding, computed only for the rows the page keeps (lateral, one index probe each).
  let q = db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .leftJoin('users as a', 'a.id', 'f.assignee_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('intel_records as ir')
          .select([sql<number>`array_position(${[...SEVERITY_LEVELS]}::text[], ir.severity_level) - 1`.as('rank'), 'ir.severity_level as level', 'ir.severity_score as score'])
          .whereRef('ir.vuln_id', '=', 'f.vuln_id')
          .where('ir.org_id', '=', orgId)
          .orderBy('rank')
          .orderBy(sql`ir.severity_score desc nulls last`)
          .limit(1)
          .as('sev'),
      (join) => join.onTrue(),
    )
    .select([
      'f.id', 'f.vuln_id', 'f.release_id', 'f.component_name', 'f.component_version', 'f.component_purl', 'f.analysis_state', 'f.analysis_responses',
      'f.assignee_id', 'f.priority', 'f.priority_factors', 'f.risk_class', 'f.first_seen_at',
      'r.version as release_version', 'p.id as product_id', 'p.name as product_name', 'a.name as assignee_name',
    ])
    .select([
      sql<SeverityLevel>`coalesce(sev.level, 'unknown')`.as('severity_level'),
      sql<number | null>`sev.score`.as('severity_score'),
      sql<boolean>`exists (select 1 from intel_kev k where k.org_id = ${orgId} and k.cve_id = f.vuln_id)`.as('kev'),
    ])
    .where('f.org_id', '=', orgId)
    .where(OPEN_WORK);
  if (filter.releaseId) q = q.where('f.release_id', '=', filter.releaseId);
  if (filter.productId) q = q.where('r.product_id', '=', filter.productId);
  if (filter.assignee === 'none') q = q.where('f.assignee_id', 'is', null);
  else if (filter.assignee) q = q.where('f.assignee_id', '=', filter.assignee === 'me' ? (ctx.userId ?? '00000000-0000-0000-0000-000000000000') : filter.assignee);
  if (filter.severity) q = q.where(sql<number>`coalesce(sev.rank, ${UNRATED_RANK})`, '<=', SEVERITY_LEVELS.indexOf(filter.severity));
  if (filter.kev !== undefined) q = q.where(sql<boolean>`${sql.raw(filter.kev ? '' : 'not ')}exists (select 1 from intel_kev k where k.org_id = ${orgId} and k.cve_id = f.vuln_id)`);
  if (filter.riskClass === 'unclassified') q = q.where('f.risk_class', 'is', null);
  else if (filter.riskClass) q = q.where('f.risk_class', '=', filter.riskClass);
  if (after) q = q.where(sql<boolean>`(f.priority < ${after[0]} or (f.priority = ${after[0]} and f.id > ${after[1]}::uuid))`);
  return q.orderBy('f.priority', 'desc').orderBy('f.id').limit(limit).execute();
}

export type QueueRow = Awaited<ReturnType<typeof triageQueue>>[number];
