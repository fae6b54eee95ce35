import type { LifecycleStage } from '../../platform/db/schema.js';

/** Pure parts of the legacy register: which models need attention and the forecast timeline. */

export type LegacyFlag = 'past_end_of_support' | 'eos_within_12_months' | 'no_replacement_plan' | 'no_risk_acceptance' | 'no_compensating_controls';

export interface RegisterModel {
  readonly stage: LifecycleStage | null;
  readonly endOfSupport: string | null;
  readonly decision: string | null;
  readonly budgetYear: number | null;
  readonly riskAcceptedOn: string | null;
  readonly controls: number;
}

const DAY = 86_400_000;
export const daysUntil = (date: string, today: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY);

export function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
}

/**
 * contract.md: "product approaching EOS with no replacement plan or risk acceptance →
 * escalate"; legacy.md: past EOS the HDO accepts the risk formally or decommissions, and
 * needs compensating controls.
 */
export function flagsOf(m: RegisterModel, today: string): LegacyFlag[] {
  const flags: LegacyFlag[] = [];
  const past = m.stage === 'end_of_support' || (m.endOfSupport !== null && m.endOfSupport <= today);
  const soon = !past && m.endOfSupport !== null && m.endOfSupport <= addMonths(today, 12);
  if (past) flags.push('past_end_of_support');
  if (soon) flags.push('eos_within_12_months');
  if ((past || soon) && m.decision !== 'replace' && m.decision !== 'decommission' && m.budgetYear === null) flags.push('no_replacement_plan');
  if (past && m.riskAcceptedOn === null && m.decision !== 'decommission') flags.push('no_risk_acceptance');
  if ((past || m.stage === 'limited_support') && m.controls === 0) flags.push('no_compensating_controls');
  return flags;
}

/** Reminder thresholds that have come and are not past the end of support (sent once each). */
export function dueReminders(endOfSupport: string, reminderDays: readonly number[], today: string): number[] {
  const left = daysUntil(endOfSupport, today);
  return left < 0 ? [] : [...reminderDays].filter((d) => left <= d).sort((a, b) => b - a);
}
