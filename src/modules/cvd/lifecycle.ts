import { DateTime } from 'luxon';
import type { CvdState } from '../../platform/db/schema.js';

/**
 * CVD case states (ISO/IEC 29147 / 30111) and the default clocks of ../shared/jsp/timelines.md.
 * Pure: no I/O, times in, times out.
 */
export const CVD_STATES = ['received', 'acknowledged', 'triaged', 'remediation', 'disclosed', 'closed'] as const satisfies readonly CvdState[];

/** Acknowledge a report within this many business days (timelines.md: 3–5; we take the upper bound). */
export const ACKNOWLEDGE_BUSINESS_DAYS = 5;
/** Send the reporter a status update at least this often until the case is closed. */
export const STATUS_UPDATE_DAYS = 30;
/** CERT/CC's default: public disclosure this many days after the report, unless an embargo date is set. */
export const DISCLOSURE_DAYS = 45;

/**
 * The forward path is one step at a time; a case may be closed from any open state (duplicate,
 * not a vulnerability, out of scope) but then needs a reason. Closed is final.
 */
export function allowedTransitions(from: CvdState): CvdState[] {
  if (from === 'closed') return [];
  const next = CVD_STATES[CVD_STATES.indexOf(from) + 1]!;
  return next === 'closed' ? ['closed'] : [next, 'closed'];
}

/** Whether moving `from` → `to` skips the normal path and so must say why. */
export const needsReason = (from: CvdState, to: CvdState): boolean => to === 'closed' && from !== 'disclosed';

/** The timestamp column each state records. */
export const STATE_COLUMN = {
  acknowledged: 'acknowledged_at',
  triaged: 'triaged_at',
  remediation: 'remediation_at',
  disclosed: 'disclosed_at',
  closed: 'closed_at',
} as const satisfies Record<Exclude<CvdState, 'received'>, string>;

const isWeekday = (d: DateTime) => d.weekday <= 5;

/**
 * The acknowledgement due time. Rule (documented in the guide): business days are Monday to
 * Friday in the organization's time zone, public holidays are not modelled; the day of receipt
 * never counts (a report at 17:59 on a Monday would otherwise lose a day); the report is due by
 * the end of the fifth business day after it, i.e. at local midnight that begins the next day.
 */
export function acknowledgeDueAt(receivedAt: Date, timeZone: string, businessDays = ACKNOWLEDGE_BUSINESS_DAYS): Date {
  let day = DateTime.fromJSDate(receivedAt, { zone: timeZone }).startOf('day');
  let counted = 0;
  while (counted < businessDays) {
    day = day.plus({ days: 1 });
    if (isWeekday(day)) counted++;
  }
  return day.plus({ days: 1 }).startOf('day').toJSDate();
}

/** The local calendar day of receipt + 45 days (YYYY-MM-DD), or the embargo date when one is set. */
export function disclosureTarget(receivedAt: Date, timeZone: string, embargoDate: string | null): string {
  if (embargoDate) return embargoDate;
  return DateTime.fromJSDate(receivedAt, { zone: timeZone }).plus({ days: DISCLOSURE_DAYS }).toISODate()!;
}

export interface CaseClockInput {
  readonly state: CvdState;
  readonly receivedAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgeDueAt: Date;
  readonly lastReporterUpdateAt: Date | null;
  readonly disclosureTarget: string;
  readonly disclosedAt: Date | null;
  readonly timeZone: string;
}

export interface CaseClock {
  readonly clock: 'acknowledge' | 'status_update' | 'disclosure';
  readonly dueAt: Date;
  /** met: done in time; late: done after the due time; due: still running; overdue: running past due. */
  readonly status: 'met' | 'late' | 'due' | 'overdue';
  readonly doneAt: Date | null;
}

const judge = (dueAt: Date, doneAt: Date | null, now: Date): CaseClock['status'] =>
  doneAt ? (doneAt <= dueAt ? 'met' : 'late') : now > dueAt ? 'overdue' : 'due';

/**
 * The three clocks of a case at `now`. The status-update clock runs from the acknowledgement
 * (or the last message to the reporter) and stops when the case is closed; the disclosure clock
 * ends at the end of its target day in the organization's time zone.
 */
export function caseClocks(c: CaseClockInput, now: Date): CaseClock[] {
  const clocks: CaseClock[] = [{ clock: 'acknowledge', dueAt: c.acknowledgeDueAt, status: judge(c.acknowledgeDueAt, c.acknowledgedAt, now), doneAt: c.acknowledgedAt }];
  const updateFrom = c.lastReporterUpdateAt ?? c.acknowledgedAt;
  if (updateFrom && c.state !== 'closed') {
    const dueAt = new Date(updateFrom.getTime() + STATUS_UPDATE_DAYS * 86_400_000);
    clocks.push({ clock: 'status_update', dueAt, status: judge(dueAt, null, now), doneAt: null });
  }
  const disclosureDue = DateTime.fromISO(c.disclosureTarget, { zone: c.timeZone }).plus({ days: 1 }).startOf('day').toJSDate();
  clocks.push({ clock: 'disclosure', dueAt: disclosureDue, status: judge(disclosureDue, c.disclosedAt, now), doneAt: c.disclosedAt });
  return clocks;
}

/** CVE ids as MITRE formats them: CVE-YYYY-NNNN with four or more digits. */
export const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
