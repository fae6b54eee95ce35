import { err, ok, type Result } from '../result.js';
import type { Purl } from './types.js';
import { applyTypeRules, type PurlComponentName, type PurlDraft } from './type-rules.js';

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Returns the offset (within `type`) of the first character that breaks ECMA-427
 * 5.6.2 (ASCII letter first, then letters, digits, `.` and `-`), or -1 if valid.
 */
export function invalidTypeCharAt(type: string): number {
  if (type.length === 0) return 0;
  if (!isAsciiLetter(type.charCodeAt(0))) return 0;
  for (let i = 1; i < type.length; i++) {
    const c = type.charCodeAt(i);
    if (!isAsciiLetter(c) && !isDigit(c) && c !== 46 && c !== 45) return i;
  }
  return -1;
}

/**
 * Returns the offset of the first character that breaks ECMA-427 5.6.6 for a
 * qualifier key (ASCII letter first, then letters, digits, `.`, `-`, `_`), or -1.
 * Upper case is accepted here because keys are case-folded before validation.
 */
export function invalidQualifierKeyCharAt(key: string): number {
  if (key.length === 0) return 0;
  if (!isAsciiLetter(key.charCodeAt(0))) return 0;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!isAsciiLetter(c) && !isDigit(c) && c !== 46 && c !== 45 && c !== 95) return i;
  }
  return -1;
}

/** Where each component starts in the source string (parse) or 0 (build). */
export type ComponentPositions = Readonly<Record<PurlComponentName, number>>;

/**
 * Applies the type rules to a draft and freezes it into a {@link Purl}. `positions`
 * (absent when building from parts) lets a violation point into the source string.
 */
export function finishPurl(draft: PurlDraft, positions?: ComponentPositions): Result<Purl> {
  const violation = applyTypeRules(draft);
  if (violation) return err(violation.error.code, violation.error.message, positions?.[violation.component]);
  const purl: { -readonly [K in keyof Purl]: Purl[K] } = { type: draft.type, name: draft.name };
  if (draft.namespace !== undefined) purl.namespace = draft.namespace;
  if (draft.version !== undefined) purl.version = draft.version;
  if (draft.qualifiers.size > 0) {
    const sorted: Record<string, string> = {};
    for (const key of [...draft.qualifiers.keys()].sort()) sorted[key] = draft.qualifiers.get(key)!;
    purl.qualifiers = sorted;
  }
  if (draft.subpath !== undefined) purl.subpath = draft.subpath;
  return ok(purl);
}

/** Subpath segments `.` and `..` and empty ones carry no meaning and are dropped (5.6.7). */
export function isDroppedSubpathSegment(segment: string): boolean {
  return segment === '' || segment === '.' || segment === '..';
}
