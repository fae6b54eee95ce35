import { DateTime, IANAZone } from 'luxon';

/**
 * Clock arithmetic in the organization's time zone. Pure (the current time is a parameter).
 *
 * A clock of N days started at instant S is due at the end of the local calendar day N days
 * after S's local date (23:59:59.999 local): "within 30 days" gives the whole 30th day, and a
 * daylight-saving change in between moves nothing, because the days are counted on the
 * calendar, not as 24-hour periods. A pause shifts the due instant by the paused duration.
 */
export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** End of the local day `days` calendar days after the local date of `start`. */
export function dueAt(start: Date, days: number, zone: string): Date {
  return DateTime.fromJSDate(start, { zone }).startOf('day').plus({ days }).endOf('day').toJSDate();
}

export interface ClockTiming {
  readonly baseDueAt: Date;
  readonly state: 'running' | 'paused' | 'stopped';
  readonly pausedMs: number;
  readonly pausedAt: Date | null;
  readonly stoppedAt: Date | null;
}

/** The due instant now: the base due plus every completed pause, plus the running pause while paused. */
export function currentDue(clock: ClockTiming, now: Date): Date {
  const ongoing = clock.state === 'paused' && clock.pausedAt ? Math.max(0, now.getTime() - clock.pausedAt.getTime()) : 0;
  return new Date(clock.baseDueAt.getTime() + clock.pausedMs + ongoing);
}

/** Pause duration to add when a paused clock resumes at `now`. */
export function resumedPausedMs(clock: ClockTiming, now: Date): number {
  if (clock.state !== 'paused' || !clock.pausedAt) return clock.pausedMs;
  return clock.pausedMs + Math.max(0, now.getTime() - clock.pausedAt.getTime());
}

export type ClockStatus = 'overdue' | 'due_soon' | 'on_track' | 'paused' | 'stopped';

/** Where a clock stands: stopped and paused first, then overdue, due within `soonDays` days, or on track. */
export function clockStatus(clock: ClockTiming, now: Date, soonDays: number): ClockStatus {
  if (clock.state === 'stopped') return 'stopped';
  if (clock.state === 'paused') return 'paused';
  const due = currentDue(clock, now).getTime();
  if (due < now.getTime()) return 'overdue';
  if (due - now.getTime() <= soonDays * 86_400_000) return 'due_soon';
  return 'on_track';
}

/** Whole days left until due (negative when overdue), counted in the zone's calendar. */
export function daysLeft(due: Date, now: Date, zone: string): number {
  const d = DateTime.fromJSDate(due, { zone }).startOf('day');
  const n = DateTime.fromJSDate(now, { zone }).startOf('day');
  return Math.round(d.diff(n, 'days').days);
}

/** The local calendar dates of the last `days` days ending today (oldest first), with each day's end. */
export function lastDays(now: Date, days: number, zone: string): { date: string; end: Date }[] {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const out: { date: string; end: Date }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = today.minus({ days: i });
    out.push({ date: day.toISODate()!, end: day.endOf('day').toJSDate() });
  }
  return out;
}
