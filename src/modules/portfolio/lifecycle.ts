import type { ProblemFieldError } from '../../platform/http/problem.js';

/**
 * Release lifecycle per IMDRF N70 / HIC-MaLTS (jsp/legacy.md): development → support →
 * limited support (after end of life, or some components unsupported) → end of support.
 * The stage is declared by the manufacturer; the dates are kept separately because
 * they are announced long before they are reached.
 */
export const LIFECYCLE_STAGES = ['development', 'support', 'limited_support', 'end_of_support'] as const;

export interface LifecycleDates {
  readonly releaseDate?: string | null | undefined;
  readonly endOfLifeDate?: string | null | undefined;
  readonly endOfGuaranteedSupportDate?: string | null | undefined;
  readonly endOfSupportDate?: string | null | undefined;
}

/** Pairs that must not run backwards: [earlier, later, why]. */
const ORDER: readonly [keyof LifecycleDates, keyof LifecycleDates, string][] = [
  ['releaseDate', 'endOfLifeDate', 'end of life cannot come before the release'],
  ['releaseDate', 'endOfGuaranteedSupportDate', 'end of guaranteed support cannot come before the release'],
  ['releaseDate', 'endOfSupportDate', 'end of support cannot come before the release'],
  ['endOfLifeDate', 'endOfSupportDate', 'end of support cannot come before end of life (EOL starts limited support)'],
  ['endOfGuaranteedSupportDate', 'endOfSupportDate', 'end of support cannot come before end of guaranteed support'],
];

/** Checks the order of whichever dates are set; returns one error per broken pair. */
export function checkLifecycleDates(dates: LifecycleDates): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  for (const [earlier, later, message] of ORDER) {
    const a = dates[earlier];
    const b = dates[later];
    // ISO calendar dates compare correctly as strings.
    if (a && b && b < a) errors.push({ pointer: `/body/${later}`, message });
  }
  return errors;
}

/**
 * Where a release stands on a given day by its dates alone, to flag a declared stage that
 * the calendar has overtaken (e.g. still "support" after its end-of-support date).
 */
export function stageByDates(dates: LifecycleDates, today: string): (typeof LIFECYCLE_STAGES)[number] | null {
  if (dates.endOfSupportDate && today >= dates.endOfSupportDate) return 'end_of_support';
  if (dates.endOfLifeDate && today >= dates.endOfLifeDate) return 'limited_support';
  if (dates.endOfGuaranteedSupportDate && today >= dates.endOfGuaranteedSupportDate) return 'limited_support';
  if (dates.releaseDate && today >= dates.releaseDate) return 'support';
  return null;
}
