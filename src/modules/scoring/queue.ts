import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import { rescoreFindings } from './store.js';

/**
 * Scoring now or later. Scoring a finding costs about as much as matching it (its inputs
 * read, the assessment and the clocks written), so a write that touched a few findings (an
 * SBOM upload, a triage decision) scores them in its own transaction, and one that touched
 * many (a full rematch; an advisory naming a library every product ships) queues them in that
 * transaction instead: the worker scores them a moment later, in batches. Either way a finding
 * is never left unscored — the queue row commits with the change that caused it.
 */

/** Up to this many findings are scored inline. */
export const INLINE_RESCORE_LIMIT = 250;
/** Findings scored per drain transaction. */
const DRAIN_BATCH = 2000;
export const SCORING_DRAIN_TICK = 'scoring.drain';
const DRAIN_TICK_MS = 2000;

/** Scores these findings now when they are few, otherwise queues them for the worker. Returns how many were scored now. */
export async function rescoreNowOrLater(tx: Tx, orgId: string, findingIds: readonly string[]): Promise<number> {
  if (findingIds.length <= INLINE_RESCORE_LIMIT) return rescoreFindings(tx, orgId, findingIds);
  await queueRescore(tx, orgId, findingIds);
  return 0;
}

/** The same for every finding of these vulnerabilities (after an intelligence import), except those already taken care of. */
export async function rescoreVulnerabilitiesNowOrLater(tx: Tx, orgId: string, vulnIds: readonly string[], except: ReadonlySet<string> = new Set()): Promise<number> {
  if (vulnIds.length === 0) return 0;
  const rows = await tx.selectFrom('findings').select('id').where('org_id', '=', orgId).where('vuln_id', '=', sql<string>`any(${arrayLiteral(vulnIds)}::text[])`).execute();
  return rescoreNowOrLater(tx, orgId, rows.map((r) => r.id).filter((id) => !except.has(id)));
}

export async function queueRescore(tx: Tx, orgId: string, findingIds: readonly string[]): Promise<void> {
  for (let i = 0; i < findingIds.length; i += 10_000) {
    await sql`insert into scoring_queue (finding_id, org_id)
      select u.id, ${orgId}::uuid from unnest(${arrayLiteral(findingIds.slice(i, i + 10_000))}::uuid[]) as u(id)
      on conflict (finding_id) do nothing`.execute(tx);
  }
}

/**
 * Scores every queued finding, oldest first, one organization and batch per transaction.
 * Rows are taken with SKIP LOCKED, so workers on several processes share the queue.
 */
export async function drainScoringQueue(db: Db): Promise<number> {
  let scored = 0;
  for (;;) {
    const taken = await db.transaction().execute(async (tx) => {
      const head = await tx.selectFrom('scoring_queue').select('org_id').orderBy('queued_at').limit(1).executeTakeFirst();
      if (!head) return 0;
      const rows = await sql<{ finding_id: string }>`
        delete from scoring_queue where finding_id in (
          select finding_id from scoring_queue where org_id = ${head.org_id} order by queued_at limit ${DRAIN_BATCH} for update skip locked)
        returning finding_id`.execute(tx);
      await rescoreFindings(tx, head.org_id, rows.rows.map((r) => r.finding_id));
      return rows.rows.length;
    });
    if (taken === 0) return scored;
    scored += taken;
  }
}

export function registerScoringJobs(deps: Deps): void {
  deps.jobs.every(SCORING_DRAIN_TICK, DRAIN_TICK_MS, () => drainScoringQueue(deps.database.kysely));
}
