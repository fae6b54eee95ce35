import type { Db } from '../../platform/db/database.js';
import { COMPONENT_BATCH, MatchCache, matchSboms } from './findings-engine.js';

export interface RematchSummary {
  /** Current SBOMs matched. */
  readonly sboms: number;
  readonly opened: number;
  readonly reopened: number;
  readonly closed: number;
  /** Findings affected after the rematch. */
  readonly affected: number;
}

/**
 * Full rematch of an organization: every current SBOM matched whole against its intelligence
 * (package keys refreshed, every finding of every release reconciled), the way an SBOM import
 * matches its own. For after a change the incremental path cannot see (a matcher upgrade, a
 * repaired index) or as a periodic check. Works in batches of about {@link COMPONENT_BATCH}
 * components, each in its own transaction, so memory stays bounded and `progress` hears of
 * every batch (SBOMs done, SBOMs in all); an interrupted rematch is completed by running it
 * again. Idempotent: a second run opens, reopens and closes nothing.
 */
export async function rematchOrganization(db: Db, orgId: string, progress?: (done: number, total: number) => Promise<void>): Promise<RematchSummary> {
  const sboms = await db
    .selectFrom('sboms')
    .select(['id', 'release_id', 'component_count'])
    .where('org_id', '=', orgId)
    .where('is_current', '=', true)
    .orderBy('id')
    .execute();
  const cache = new MatchCache();
  const totals = { sboms: sboms.length, opened: 0, reopened: 0, closed: 0, affected: 0 };
  let done = 0;
  await progress?.(0, sboms.length);
  let batch: { sbomId: string; releaseId: string }[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const targets = batch;
    batch = [];
    size = 0;
    const outcome = await db.transaction().execute((tx) => matchSboms(tx, orgId, targets, cache));
    totals.opened += outcome.opened;
    totals.reopened += outcome.reopened;
    totals.closed += outcome.closed;
    totals.affected += outcome.affected;
    done += targets.length;
    await progress?.(done, sboms.length);
  };
  for (const s of sboms) {
    if (batch.length > 0 && size + s.component_count > COMPONENT_BATCH) await flush();
    batch.push({ sbomId: s.id, releaseId: s.release_id });
    size += s.component_count;
  }
  await flush();
  return totals;
}
