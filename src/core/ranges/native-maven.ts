import { err, ok, type Result } from '../result.js';
import { mavenScheme, type MavenVersion } from '../versions/maven.js';
import { intervalContains, normalizeIntervals, rememberSpelling, type VersionInterval } from './interval.js';
import { intervalsToVersString, type NativeRange } from './native.js';

/**
 * Maven version ranges as `VersionRange.createFromVersionSpec` (maven-artifact) reads them:
 * `[1.0,2.0)`, `(,1.0]`, `[1.2]`, `[1.0,)`, comma-separated unions `[1,2),[3,4)`, and a bare
 * version, which Maven treats as a soft "recommended" version that every version satisfies.
 * Rules kept from Maven: a single version needs `[…]`; a set may not start below the end of
 * the previous one ("Ranges overlap"); bounds must be ordered; after a set, only another set
 * may follow. Difference: surrounding whitespace is trimmed first (Maven would read
 * `" [1,2)"` as a soft version).
 */
export interface MavenRange extends NativeRange<MavenVersion> {
  /** The version of a bare, soft requirement (`1.0`), which restricts nothing. */
  readonly recommended?: MavenVersion;
}

class ParsedMavenRange implements MavenRange {
  readonly syntax = 'maven' as const;
  readonly scheme = mavenScheme;
  readonly intervalsExact = true;
  readonly source: string;
  readonly intervals: readonly VersionInterval<MavenVersion>[];
  readonly recommended?: MavenVersion;
  readonly #restrictions: readonly VersionInterval<MavenVersion>[];

  constructor(source: string, restrictions: VersionInterval<MavenVersion>[], recommended?: MavenVersion) {
    this.source = source;
    this.#restrictions = restrictions;
    this.intervals = normalizeIntervals(mavenScheme, restrictions);
    if (recommended !== undefined) this.recommended = recommended;
  }

  contains(version: string): boolean {
    const v = mavenScheme.parse(version);
    return v.ok && this.#restrictions.some((r) => intervalContains(mavenScheme, r, v.value));
  }

  toVers(): Result<string> {
    return intervalsToVersString(mavenScheme, this.intervals);
  }
}

function parseBoundVersion(text: string, at: number): Result<MavenVersion> {
  const r = mavenScheme.parse(text);
  return r.ok ? ok(rememberSpelling(r.value, text)) : err('range.maven.version', `"${text}" is not a valid Maven version: ${r.error.message}`, at);
}

/** `parseRestriction` for one `[…]`/`(…)` set spanning `spec[start..end]` inclusive. */
function parseRestriction(spec: string, start: number, end: number): Result<VersionInterval<MavenVersion>> {
  const lowerInclusive = spec[start] === '[';
  const upperInclusive = spec[end] === ']';
  const inner = spec.slice(start + 1, end);
  const comma = inner.indexOf(',');
  if (comma < 0) {
    if (!lowerInclusive || !upperInclusive) {
      return err('range.maven.single-version', 'A single version must be surrounded by [].', start);
    }
    const v = parseBoundVersion(inner.trim(), start + 1);
    if (!v.ok) return v;
    return ok({ lower: { version: v.value, inclusive: true }, upper: { version: v.value, inclusive: true } });
  }
  const lowerText = inner.slice(0, comma).trim();
  const upperText = inner.slice(comma + 1).trim();
  let lower: MavenVersion | undefined;
  let upper: MavenVersion | undefined;
  if (lowerText !== '') {
    const v = parseBoundVersion(lowerText, start + 1);
    if (!v.ok) return v;
    lower = v.value;
  }
  if (upperText !== '') {
    const v = parseBoundVersion(upperText, start + 2 + comma);
    if (!v.ok) return v;
    upper = v.value;
  }
  if (lower !== undefined && upper !== undefined) {
    const c = mavenScheme.compare(upper, lower);
    if (c < 0 || (c === 0 && (!lowerInclusive || !upperInclusive))) {
      return err('range.maven.order', 'Range defies version ordering.', start);
    }
  }
  return ok({
    lower: lower === undefined ? null : { version: lower, inclusive: lowerInclusive },
    upper: upper === undefined ? null : { version: upper, inclusive: upperInclusive },
  });
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** Parses a Maven version range specification. */
export function parseMavenRange(input: string): Result<MavenRange> {
  const spec = input;
  let pos = skipSpaces(spec, 0);
  const end = spec.trimEnd().length;
  if (pos >= end) return err('range.maven.empty', 'Empty version range.', 0);
  const restrictions: VersionInterval<MavenVersion>[] = [];
  let previousUpper: VersionInterval<MavenVersion>['upper'] | undefined;
  // Next ')' and ']' at or after pos, re-searched only once passed, so the scan stays linear.
  let paren = spec.indexOf(')', pos);
  let bracket = spec.indexOf(']', pos);
  while (pos < end && (spec[pos] === '[' || spec[pos] === '(')) {
    // Maven takes the nearer of the next ')' and ']' as the end of the set.
    if (paren >= 0 && paren < pos) paren = spec.indexOf(')', pos);
    if (bracket >= 0 && bracket < pos) bracket = spec.indexOf(']', pos);
    const close = paren < 0 ? bracket : bracket < 0 ? paren : Math.min(paren, bracket);
    if (close < 0 || close >= end) return err('range.maven.unbounded', 'Unbounded range: a set is not closed.', pos);
    const restriction = parseRestriction(spec, pos, close);
    if (!restriction.ok) return restriction;
    if (previousUpper !== undefined && previousUpper !== null) {
      const lower = restriction.value.lower;
      if (lower === null || mavenScheme.compare(lower.version, previousUpper.version) < 0) {
        return err('range.maven.overlap', 'Ranges overlap.', pos);
      }
    }
    restrictions.push(restriction.value);
    previousUpper = restriction.value.upper;
    pos = skipSpaces(spec, close + 1);
    if (spec[pos] === ',') pos = skipSpaces(spec, pos + 1);
  }
  if (pos < end) {
    if (restrictions.length > 0) {
      return err('range.maven.mixed', 'Only fully-qualified sets are allowed after a set.', pos);
    }
    const soft = parseBoundVersion(spec.slice(pos, end), pos);
    if (!soft.ok) return soft;
    return ok(new ParsedMavenRange(input, [{ lower: null, upper: null }], soft.value));
  }
  return ok(new ParsedMavenRange(input, restrictions));
}
