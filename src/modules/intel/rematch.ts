import type { Db } from '../../platform/db/database.js';
import { batchesOf, MatchCache, matchSboms, readWhole, type SbomTarget, type WholeRead } from './findings-engine.js';

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
 * repaired index) or as a periodic check. Works in batches of about 25,000 components
 * (findings-engine.ts), each in its own transaction, so memory stays bounded and `progress`
 * hears of every batch (SBOMs done, SBOMs in all); an interrupted rematch is completed by
 * running it again. Idempotent: a second run opens, reopens and closes nothing.
 *
 * The next batch is read while the current one is worked out and written, so the database's
 * reading and this process's matching overlap; a batch read ahead is used only if its SBOMs
 * are still current when its transaction begins (else it is read again there).
 */
export async function rematchOrganization(db: Db, orgId: string, progress?: (done: number, total: number) => Promise<void>): Promise<RematchSummary> {
  const sboms = await db
    .selectFrom('sboms')
    .select(['id', 'release_id', 'component_count'])
    .where('org_id', '=', orgId)
    .where('is_current', '=', true)
    .orderBy('id')
    .execute();
  const batches: SbomTarget[][] = batchesOf(sboms.map((s) => ({ sbomId: s.id, releaseId: s.release_id, components: s.component_count })));
  const cache = new MatchCache();
  const totals = { sboms: sboms.length, opened: 0, reopened: 0, closed: 0, affected: 0 };
  let done = 0;
  await progress?.(0, sboms.length);
  let ahead: Promise<WholeRead> | undefined;
  try {
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i]!;
      const read = await (ahead ?? readWhole(db, orgId, batch, cache));
      const next = batches[i + 1];
      ahead = next ? readWhole(db, orgId, next, cache) : undefined;
      const outcome = await db.transaction().execute((tx) => matchSboms(tx, orgId, batch, cache, read));
      totals.opened += outcome.opened;
      totals.reopened += outcome.reopened;
      totals.closed += outcome.closed;
      totals.affected += outcome.affected;
      done += batch.length;
      await progress?.(done, sboms.length);
    }
  } finally {
    // A failed batch leaves the read ahead unawaited: its outcome no longer matters.
    ahead?.catch(() => undefined);
  }
  return totals;
}
