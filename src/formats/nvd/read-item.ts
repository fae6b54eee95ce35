import type { IntelIssue, IntelRecord } from '../intel/model.js';

/**
 * One item a source reader yields: a mapped record, or a problem with one input. Readers
 * report a bad record or file as an issue and keep going, so one malformed CVE never hides
 * the thousands around it.
 */
export type IntelReadItem = { readonly record: IntelRecord } | { readonly issue: IntelIssue };

/** The outcome of mapping one parsed document: the record when it could be built, plus every issue found. */
export interface MapOutcome {
  readonly record?: IntelRecord;
  readonly issues: readonly IntelIssue[];
}

/** An error-severity issue (the record or file was skipped). */
export function errorIssue(code: string, message: string, location?: string): IntelIssue {
  return location === undefined ? { severity: 'error', code, message } : { severity: 'error', code, message, location };
}

/** A warning-severity issue (the record was kept, but part of it was not mapped). */
export function warningIssue(code: string, message: string, location?: string): IntelIssue {
  return location === undefined ? { severity: 'warning', code, message } : { severity: 'warning', code, message, location };
}

/** The items to yield for one mapping outcome: its issues first, then the record. */
export function itemsOf(outcome: MapOutcome): IntelReadItem[] {
  const items: IntelReadItem[] = outcome.issues.map((issue) => ({ issue }));
  if (outcome.record) items.push({ record: outcome.record });
  return items;
}

/** Joins a location prefix (file or zip entry) and a JSON pointer inside it. */
export function locate(prefix: string | undefined, pointer: string): string {
  return prefix === undefined || prefix === '' ? pointer : `${prefix}#${pointer}`;
}
