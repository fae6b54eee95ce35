import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { MetricKey } from './benchmark.js';

/**
 * Metrics derived from the organization's own records, shown beside the self-scores of the
 * controls they speak for. Each share names its numerator and denominator so a reader can
 * check it; null when there is nothing to measure.
 *
 * - releasesWithSbom: releases (not archived) with at least one SBOM / all such releases.
 * - findingsTriagedInClock: findings with a clock whose first decision (an analysis, VEX,
 *   suppression or propagation setting a state other than in_triage) came no later than the
 *   earliest due instant of their clocks (pauses included) / findings with a clock that were
 *   decided or whose due instant has passed (an undecided finding still inside its clock is
 *   not counted either way yet).
 * - cvdAckMedianDays: median of (acknowledged − received) in days over acknowledged CVD cases.
 * - releasesWithEos: releases (not archived) with an end-of-support date / all such releases.
 * - trainingCompletion: training records completed and not expired today / all records.
 */

export interface Share {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator, 0–1 rounded to four decimals; null when the denominator is 0. */
  readonly value: number | null;
}

export interface Metrics {
  readonly releasesWithSbom: Share;
  readonly findingsTriagedInClock: Share;
  readonly cvdAckMedianDays: { readonly cases: number; readonly value: number | null };
  readonly releasesWithEos: Share;
  readonly trainingCompletion: Share;
}

/** Which control each metric speaks for (framework.md ids). */
export const METRIC_CONTROLS: Readonly<Record<MetricKey, readonly string[]>> = {
  releasesWithSbom: ['JSP-DES-09', 'JSP-LAB-02'],
  findingsTriagedInClock: ['JSP-RSK-02', 'JSP-RSK-05'],
  cvdAckMedianDays: ['JSP-VUL-02'],
  releasesWithEos: ['JSP-EOL-01', 'JSP-LAB-09'],
  trainingCompletion: ['JSP-TRN-01', 'JSP-TRN-02'],
};

export function share(numerator: number, denominator: number): Share {
  return { numerator, denominator, value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const DECISION_KINDS = ['analysis', 'vex', 'suppressed', 'propagated'];

export async function computeMetrics(db: Executor, orgId: string, now = new Date()): Promise<Metrics> {
  const releases = await sql<{ total: number; with_sbom: number; with_eos: number }>`
    select count(*)::int as total,
      count(*) filter (where exists (select 1 from sboms s where s.release_id = r.id))::int as with_sbom,
      count(*) filter (where r.end_of_support_date is not null)::int as with_eos
    from releases r where r.org_id = ${orgId} and r.archived_at is null`.execute(db);
  const rel = releases.rows[0]!;

  const triage = await sql<{ counted: number; in_time: number }>`
    with due as (
      select c.finding_id, min(c.base_due_at + c.paused_ms * interval '1 millisecond'
        + case when c.state = 'paused' and c.paused_at is not null then greatest(${now}::timestamptz - c.paused_at, interval '0') else interval '0' end) as due_at
      from finding_clocks c where c.org_id = ${orgId} group by c.finding_id
    ), decided as (
      select e.finding_id, min(e.at) as at from finding_events e
      where e.org_id = ${orgId} and e.kind = any(${`{${DECISION_KINDS.join(',')}}`}::text[])
        and coalesce(e.detail->'after'->>'state', 'in_triage') <> 'in_triage'
      group by e.finding_id
    )
    select count(*) filter (where d.at is not null or due.due_at < ${now}::timestamptz)::int as counted,
      count(*) filter (where d.at is not null and d.at <= due.due_at)::int as in_time
    from due left join decided d on d.finding_id = due.finding_id`.execute(db);
  const tri = triage.rows[0]!;

  const cases = await db
    .selectFrom('cvd_cases')
    .select(['received_at', 'acknowledged_at'])
    .where('org_id', '=', orgId)
    .where('acknowledged_at', 'is not', null)
    .execute();
  const days = cases.map((c) => (new Date(c.acknowledged_at!).getTime() - new Date(c.received_at).getTime()) / 86_400_000);
  const m = median(days);

  const today = now.toISOString().slice(0, 10);
  const training = await sql<{ total: number; current: number }>`
    select count(*)::int as total,
      count(*) filter (where t.completed_on is not null and (t.expires_on is null or t.expires_on >= ${today}::date))::int as current
    from training_records t where t.org_id = ${orgId}`.execute(db);
  const tr = training.rows[0]!;

  return {
    releasesWithSbom: share(rel.with_sbom, rel.total),
    findingsTriagedInClock: share(tri.in_time, tri.counted),
    cvdAckMedianDays: { cases: cases.length, value: m === null ? null : Math.round(m * 100) / 100 },
    releasesWithEos: share(rel.with_eos, rel.total),
    trainingCompletion: share(tr.current, tr.total),
  };
}

/** The metric values a benchmark submission buckets. */
export function metricValues(m: Metrics): Record<MetricKey, number | null> {
  return {
    releasesWithSbom: m.releasesWithSbom.value,
    findingsTriagedInClock: m.findingsTriagedInClock.value,
    cvdAckMedianDays: m.cvdAckMedianDays.value,
    releasesWithEos: m.releasesWithEos.value,
    trainingCompletion: m.trainingCompletion.value,
  };
}
