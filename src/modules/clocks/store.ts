import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import { effectiveRules, planClocks, requiredRules, SLA_RULES, type ClockKind, type SlaOverride, type SlaRuleId } from './policy.js';
import { dueAt } from './time.js';

/** Stop reasons a person gives; `reclassified` and `closed` are Vigil's own. */
export const MANUAL_STOP_REASONS = ['remediated', 'mitigated', 'communicated', 'planned', 'risk_accepted'] as const;
export type StopReason = (typeof MANUAL_STOP_REASONS)[number] | 'reclassified' | 'closed';

export interface OrgClockPolicy {
  readonly timeZone: string;
  readonly notifyBeforeDays: number;
  readonly rules: ReturnType<typeof effectiveRules>;
}

export async function loadPolicy(db: Executor, orgId: string): Promise<OrgClockPolicy> {
  const [org, overrides, settings] = await Promise.all([
    db.selectFrom('organizations').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow(),
    db.selectFrom('sla_rules').select(['rule', 'days', 'kind', 'source']).where('org_id', '=', orgId).execute(),
    db.selectFrom('clock_settings').select('notify_before_days').where('org_id', '=', orgId).executeTakeFirst(),
  ]);
  const known = overrides.filter((o): o is typeof o & { rule: SlaRuleId } => (SLA_RULES as readonly string[]).includes(o.rule));
  return {
    timeZone: org.time_zone,
    notifyBeforeDays: settings?.notify_before_days ?? 7,
    rules: effectiveRules(known.map((o) => ({ rule: o.rule, days: o.days, kind: o.kind as ClockKind, source: o.source }) satisfies SlaOverride)),
  };
}

export interface ClockSubject {
  readonly findingId: string;
  readonly firstSeenAt: Date;
  readonly open: boolean;
  readonly riskClass: 'controlled' | 'uncontrolled' | null;
  readonly severity: string | null;
}

/**
 * Brings the findings' clocks in line with their scoring: starts the clocks the policy requires
 * (start = when the manufacturer learned of the vulnerability, the finding's first_seen_at),
 * stops those no longer required (`reclassified`, or `closed` when the finding no longer
 * applies), each move a finding event. A clock a person stopped is not restarted.
 */
export async function syncClocks(tx: Tx, orgId: string, subjects: readonly ClockSubject[]): Promise<{ started: number; stopped: number }> {
  if (subjects.length === 0) return { started: 0, stopped: 0 };
  const policy = await loadPolicy(tx, orgId);
  const ids = subjects.map((s) => s.findingId);
  const existing = await tx
    .selectFrom('finding_clocks')
    .select(['id', 'finding_id', 'rule', 'state', 'stop_reason'])
    .where('org_id', '=', orgId)
    .where('finding_id', '=', sql<string>`any(${arrayLiteral(ids)}::uuid[])`)
    .execute();
  const byFinding = new Map<string, typeof existing>();
  for (const c of existing) byFinding.set(c.finding_id, [...(byFinding.get(c.finding_id) ?? []), c]);

  const inserts: Record<string, unknown>[] = [];
  const stops: { id: string; findingId: string; reason: StopReason }[] = [];
  for (const s of subjects) {
    const clocks = byFinding.get(s.findingId) ?? [];
    const open = clocks.filter((c) => c.state !== 'stopped');
    const settled = new Set(clocks.filter((c) => c.state === 'stopped' && (MANUAL_STOP_REASONS as readonly string[]).includes(c.stop_reason ?? '')).map((c) => c.rule));
    const plan = planClocks(requiredRules(policy.rules, s), open, settled);
    for (const rule of plan.start) {
      inserts.push({
        org_id: orgId, finding_id: s.findingId, clock: rule.clock, rule: rule.rule, days: rule.days!, kind: rule.kind, source: rule.source,
        time_zone: policy.timeZone, started_at: s.firstSeenAt, base_due_at: dueAt(s.firstSeenAt, rule.days!, policy.timeZone),
      });
    }
    for (const id of plan.stop) stops.push({ id, findingId: s.findingId, reason: s.open ? 'reclassified' : 'closed' });
  }
  const events: { finding_id: string; org_id: string; kind: 'clock'; detail: string }[] = [];
  for (let i = 0; i < stops.length; i += 1000) {
    const slice = stops.slice(i, i + 1000);
    for (const reason of ['reclassified', 'closed'] as const) {
      const these = slice.filter((s) => s.reason === reason);
      if (these.length === 0) continue;
      const stopped = await tx
        .updateTable('finding_clocks')
        .set({ state: 'stopped', stopped_at: sql<Date>`date_trunc('milliseconds', now())`, stop_reason: reason })
        .where('id', '=', sql<string>`any(${arrayLiteral(these.map((s) => s.id))}::uuid[])`)
        .returning(['finding_id', 'clock', 'rule'])
        .execute();
      for (const c of stopped) events.push({ finding_id: c.finding_id, org_id: orgId, kind: 'clock', detail: JSON.stringify({ action: 'stopped', clock: c.clock, rule: c.rule, reason }) });
    }
  }
  for (let i = 0; i < inserts.length; i += 1000) {
    const started = await tx
      .insertInto('finding_clocks')
      .values(inserts.slice(i, i + 1000) as never)
      .returning(['finding_id', 'clock', 'rule', 'days', 'kind', 'base_due_at'])
      .execute();
    for (const c of started) {
      events.push({ finding_id: c.finding_id, org_id: orgId, kind: 'clock', detail: JSON.stringify({ action: 'started', clock: c.clock, rule: c.rule, days: c.days, kind: c.kind, dueAt: new Date(c.base_due_at).toISOString() }) });
    }
  }
  for (let i = 0; i < events.length; i += 1000) await tx.insertInto('finding_events').values(events.slice(i, i + 1000)).execute();
  return { started: inserts.length, stopped: stops.length };
}
