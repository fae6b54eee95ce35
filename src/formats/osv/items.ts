import type { IntelIssue, IntelRecord } from '../intel/model.js';

/**
 * One item a source reader yields: a mapped record, or a problem with one input. Readers
 * report a bad record or file as an issue and keep going, so one malformed advisory never
 * hides the thousands around it.
 */
export type OsvReadItem = { readonly record: IntelRecord } | { readonly issue: IntelIssue };

/** The outcome of parsing one OSV document: the record when it could be built, plus every issue found. */
export interface OsvParseOutcome {
  readonly record?: IntelRecord;
  readonly issues: IntelIssue[];
}

/** An error-severity issue: the record or file was skipped. */
export function errorIssue(code: string, message: string, location?: string): IntelIssue {
  return location === undefined ? { severity: 'error', code, message } : { severity: 'error', code, message, location };
}

/** A warning-severity issue: the record was kept. */
export function warningIssue(code: string, message: string, location?: string): IntelIssue {
  return location === undefined ? { severity: 'warning', code, message } : { severity: 'warning', code, message, location };
}

/** Joins a location (file, zip entry, `line N`) and a JSON pointer inside it, as `where#/pointer`. */
export function locate(where: string | undefined, pointer: string): string {
  return where === undefined || where === '' ? pointer : `${where}#${pointer}`;
}

/** The items to yield for one parse outcome: its issues first, then the record. */
export function itemsOf(outcome: OsvParseOutcome): OsvReadItem[] {
  const items: OsvReadItem[] = outcome.issues.map((issue) => ({ issue }));
  if (outcome.record) items.push({ record: outcome.record });
  return items;
}
