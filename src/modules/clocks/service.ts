import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import type { ClockKind, ClockName, SlaRuleId } from './policy.js';
import { loadPolicy, type StopReason } from './store.js';
import { clockStatus, currentDue, daysLeft, isTimeZone, resumedPausedMs, type ClockTiming } from './time.js';

/** Clock use cases: the SLA policy, a finding's clocks, pause / resume / stop. */

type ClockRow = {
  id: string; finding_id: string; clock: ClockName; rule: string; days: number; kind: string; source: string; time_zone: string;
  started_at: Date; base_due_at: Date; state: 'running' | 'paused' | 'stopped'; paused_ms: number | string; paused_at: Date | null; pause_reason: string | null;
  stopped_at: Date | null; stop_reason: string | null; stop_note: string | null;
};

export const CLOCK_COLUMNS = [
  'c.id', 'c.finding_id', 'c.clock', 'c.rule', 'c.days', 'c.kind', 'c.source', 'c.time_zone', 'c.started_at', 'c.base_due_at', 'c.state', 'c.paused_ms', 'c.paused_at',
  'c.pause_reason', 'c.stopped_at', 'c.stop_reason', 'c.stop_note',
] as const;

export function timingOf(c: ClockRow): ClockTiming {
  return { baseDueAt: new Date(c.base_due_at), state: c.state, pausedMs: Number(c.paused_ms), pausedAt: c.paused_at ? new Date(c.paused_at) : null, stoppedAt: c.stopped_at ? new Date(c.stopped_at) : null };
}

export function presentClock(c: ClockRow, now: Date, soonDays: number) {
  const timing = timingOf(c);
  const due = currentDue(timing, now);
  return {
    id: c.id, findingId: c.finding_id, clock: c.clock, rule: c.rule, days: c.days, kind: c.kind, source: c.source, timeZone: c.time_zone,
    startedAt: new Date(c.started_at), baseDueAt: timing.baseDueAt, dueAt: due, state: c.state, status: clockStatus(timing, now, soonDays),
    daysLeft: c.state === 'stopped' ? null : daysLeft(due, now, c.time_zone), pausedMs: timing.pausedMs, pausedAt: timing.pausedAt, pauseReason: c.pause_reason,
    stoppedAt: timing.stoppedAt, stopReason: c.stop_reason, stopNote: c.stop_note,
  };
}

export async function getPolicy(db: Db, ctx: OrgContext) {
  authorize(ctx, 'intel.read');
  const p = await loadPolicy(db, ctx.orgId);
  return { timeZone: p.timeZone, notifyBeforeDays: p.notifyBeforeDays, rules: p.rules };
}

export interface PolicyInput {
  readonly timeZone?: string | undefined;
  readonly notifyBeforeDays?: number | undefined;
  /** Rules to override; `reset: true` returns a rule to its default. */
  readonly rules?: readonly { rule: SlaRuleId; days?: number | null | undefined; kind?: ClockKind | undefined; source?: string | undefined; reset?: boolean | undefined }[] | undefined;
}

/** Edits the organization's SLA policy (applies to clocks started afterwards; running clocks keep their due dates). */
export async function updatePolicy(db: Db, ctx: OrgContext, input: PolicyInput) {
  authorize(ctx, 'clocks.manage');
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    throw badRequest(`"${input.timeZone}" is not an IANA time zone.`, [{ pointer: '/body/timeZone', message: 'unknown time zone' }]);
  }
  const seen = new Set<string>();
  for (const [i, r] of (input.rules ?? []).entries()) {
    if (seen.has(r.rule)) throw badRequest(`Rule ${r.rule} is listed twice.`, [{ pointer: `/body/rules/${i}/rule`, message: 'duplicate rule' }]);
    seen.add(r.rule);
  }
  await db.transaction().execute(async (tx) => {
    const before = await loadPolicy(tx, ctx.orgId);
    if (input.timeZone !== undefined) await tx.updateTable('organizations').set({ time_zone: input.timeZone }).where('id', '=', ctx.orgId).execute();
    if (input.notifyBeforeDays !== undefined) {
      await tx.insertInto('clock_settings').values({ org_id: ctx.orgId, notify_before_days: input.notifyBeforeDays }).onConflict((oc) => oc.column('org_id').doUpdateSet({ notify_before_days: input.notifyBeforeDays! })).execute();
    }
    for (const r of input.rules ?? []) {
      if (r.reset) {
        await tx.deleteFrom('sla_rules').where('org_id', '=', ctx.orgId).where('rule', '=', r.rule).execute();
        continue;
      }
      const current = before.rules.find((x) => x.rule === r.rule)!;
      const values = { days: r.days === undefined ? current.days : r.days, kind: r.kind ?? current.kind, source: r.source ?? current.source, updated_at: sql<Date>`date_trunc('milliseconds', now())` };
      await tx.insertInto('sla_rules').values({ org_id: ctx.orgId, rule: r.rule, ...values }).onConflict((oc) => oc.columns(['org_id', 'rule']).doUpdateSet(values)).execute();
    }
    const after = await loadPolicy(tx, ctx.orgId);
    await recordAudit(tx, ctx, { action: 'clocks.policy_update', target: { type: 'organization', id: ctx.orgId }, summary: { before, after } });
  });
  return getPolicy(db, ctx);
}

export async function findingClocks(db: Db, ctx: OrgContext, findingId: string) {
  authorize(ctx, 'intel.read');
  const finding = await db.selectFrom('findings').select('id').where('org_id', '=', ctx.orgId).where('id', '=', findingId).executeTakeFirst();
  if (!finding) throw notFound('finding');
  const [rows, policy] = await Promise.all([
    db.selectFrom('finding_clocks as c').select(CLOCK_COLUMNS).where('c.org_id', '=', ctx.orgId).where('c.finding_id', '=', findingId).orderBy('c.created_at').orderBy('c.rule').execute(),
    loadPolicy(db, ctx.orgId),
  ]);
  const now = new Date();
  return rows.map((r) => presentClock(r, now, policy.notifyBeforeDays));
}

async function lockedClock(tx: Tx, orgId: string, id: string): Promise<ClockRow> {
  const row = await tx.selectFrom('finding_clocks as c').select(CLOCK_COLUMNS).where('c.org_id', '=', orgId).where('c.id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('clock');
  return row;
}

async function clockEvent(tx: Executor, orgId: string, c: ClockRow, detail: Record<string, unknown>): Promise<void> {
  await tx.insertInto('finding_events').values({ finding_id: c.finding_id, org_id: orgId, kind: 'clock', detail: JSON.stringify({ clock: c.clock, rule: c.rule, ...detail }) }).execute();
}

/** Pauses a running clock (the due date moves with the pause). */
export async function pauseClock(db: Db, ctx: OrgContext, id: string, reason: string) {
  authorize(ctx, 'remediation.write');
  await db.transaction().execute(async (tx) => {
    const c = await lockedClock(tx, ctx.orgId, id);
    if (c.state !== 'running') throw conflict(`The clock is ${c.state}; only a running clock can be paused.`);
    await tx.updateTable('finding_clocks').set({ state: 'paused', paused_at: sql<Date>`date_trunc('milliseconds', now())`, pause_reason: reason }).where('id', '=', id).execute();
    await clockEvent(tx, ctx.orgId, c, { action: 'paused', reason });
    await recordAudit(tx, ctx, { action: 'clock.pause', target: { type: 'clock', id }, summary: { findingId: c.finding_id, rule: c.rule, reason } });
  });
  return clockById(db, ctx, id);
}

/** Resumes a paused clock: the paused duration is added to its due date. */
export async function resumeClock(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'remediation.write');
  await db.transaction().execute(async (tx) => {
    const c = await lockedClock(tx, ctx.orgId, id);
    if (c.state !== 'paused') throw conflict(`The clock is ${c.state}; only a paused clock can be resumed.`);
    const { now } = await sql<{ now: Date }>`select date_trunc('milliseconds', now()) as now`.execute(tx).then((r) => r.rows[0]!);
    const pausedMs = resumedPausedMs(timingOf(c), new Date(now));
    await tx.updateTable('finding_clocks').set({ state: 'running', paused_ms: pausedMs, paused_at: null, pause_reason: null }).where('id', '=', id).execute();
    await clockEvent(tx, ctx.orgId, c, { action: 'resumed', pausedFor: pausedMs - Number(c.paused_ms), reason: c.pause_reason });
    await recordAudit(tx, ctx, { action: 'clock.resume', target: { type: 'clock', id }, summary: { findingId: c.finding_id, rule: c.rule, pausedMsTotal: pausedMs } });
  });
  return clockById(db, ctx, id);
}

/** Stops a clock for good, with the reason (remediated, mitigated, communicated, planned, risk accepted). */
export async function stopClock(db: Db, ctx: OrgContext, id: string, reason: StopReason, note: string | null) {
  authorize(ctx, 'remediation.write');
  await db.transaction().execute(async (tx) => {
    const c = await lockedClock(tx, ctx.orgId, id);
    if (c.state === 'stopped') throw conflict('The clock is already stopped.');
    await stopLocked(tx, ctx, c, reason, note);
  });
  return clockById(db, ctx, id);
}

/** Stops a clock already read in this transaction (also used when a remediation plan settles it). */
export async function stopLocked(tx: Tx, ctx: OrgContext, c: ClockRow, reason: StopReason, note: string | null): Promise<void> {
  const { now } = await sql<{ now: Date }>`select date_trunc('milliseconds', now()) as now`.execute(tx).then((r) => r.rows[0]!);
  const pausedMs = resumedPausedMs(timingOf(c), new Date(now));
  await tx.updateTable('finding_clocks').set({ state: 'stopped', stopped_at: now, stop_reason: reason, stop_note: note, paused_ms: pausedMs, paused_at: null }).where('id', '=', c.id).execute();
  const due = currentDue({ ...timingOf(c), state: 'running', pausedMs }, new Date(now));
  await clockEvent(tx, ctx.orgId, c, { action: 'stopped', reason, note, onTime: new Date(now) <= due });
  await recordAudit(tx, ctx, { action: 'clock.stop', target: { type: 'clock', id: c.id }, summary: { findingId: c.finding_id, rule: c.rule, reason, note, onTime: new Date(now) <= due } });
}

export async function clockById(db: Db, ctx: OrgContext, id: string) {
  const [row, policy] = await Promise.all([
    db.selectFrom('finding_clocks as c').select(CLOCK_COLUMNS).where('c.org_id', '=', ctx.orgId).where('c.id', '=', id).executeTakeFirst(),
    loadPolicy(db, ctx.orgId),
  ]);
  if (!row) throw notFound('clock');
  return presentClock(row, new Date(), policy.notifyBeforeDays);
}
