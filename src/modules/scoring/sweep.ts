import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { rescoreStale } from './store.js';

type StaleWindow = Awaited<ReturnType<typeof rescoreStale>>;

/**
 * The safety-net sweep: every 6 hours (and when a worker starts) a worker walks each
 * organization's findings in id order, one bounded window per transaction, and rescores those
 * whose scoring is stale (./store.ts rescoreStale). Every write that changes a scoring input
 * rescores what it changed in its own transaction — analysis changes, lifecycle stages, KEV,
 * EPSS and record imports, the findings engine, environments, scoring inputs — so the sweep
 * normally rescores nothing; it catches what a future path or a manual data fix left behind,
 * within hours instead of never. Windows keep each transaction short; two workers sweeping
 * at once only repeat work (rescoring is idempotent and both lock findings in id order).
 */
export const SCORING_SWEEP_JOB = 'scoring.stale-sweep';
export const SCORING_SWEEP_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** Findings examined per transaction. */
export const SCORING_SWEEP_WINDOW = 5000;

export interface SweepResult {
  readonly organizations: number;
  readonly examined: number;
  readonly rescored: number;
}

export async function sweepStaleScores(db: Db, window = SCORING_SWEEP_WINDOW): Promise<SweepResult> {
  const orgs = await db.selectFrom('organizations').select('id').orderBy('id').execute();
  let examined = 0;
  let rescored = 0;
  for (const { id: orgId } of orgs) {
    let step: StaleWindow = { examined: window, rescored: 0, last: null };
    while (step.examined === window) {
      const after = step.last;
      step = await db.transaction().execute((tx) => rescoreStale(tx, orgId, { after, limit: window }));
      examined += step.examined;
      rescored += step.rescored;
    }
  }
  return { organizations: orgs.length, examined, rescored };
}

export function registerScoringSweep(deps: Deps): void {
  deps.jobs.every(SCORING_SWEEP_JOB, SCORING_SWEEP_INTERVAL_MS, () => sweepStaleScores(deps.database.kysely));
}
