import { err, ok, type Result } from '../result.js';
import {
  MAX_KEY_DIGITS,
  compareStrings,
  describeChar,
  encodeDigits,
  isDigit,
  isIdentChar,
  normalizedDigits,
  numToString,
  toNum,
  type Num,
} from './num.js';

/**
 * A SemVer 2.0.0 version as parsed by the strict SemVer-family schemes (npm, crates.io,
 * Hex, plain SemVer). Build metadata is kept for display but takes no part in ordering.
 */
export interface SemVer {
  readonly major: Num;
  readonly minor: Num;
  readonly patch: Num;
  /** Pre-release identifiers, e.g. `['alpha', '1']`; empty for a release. */
  readonly prerelease: readonly string[];
  /** Build-metadata identifiers, e.g. `['build', '5']`; never used for ordering. */
  readonly build: readonly string[];
  /**
   * Precedence sort key: comparing two keys as strings gives SemVer §11 precedence.
   * Numbers are length-prefixed, identifiers tagged numeric < alphanumeric, and the
   * release marker sorts after every pre-release (see `encodePrerelease`).
   */
  readonly key: string;
}

/** How one member of the SemVer family deviates from the bare SemVer 2.0.0 grammar. */
export interface SemverSyntax {
  /** Error-code prefix, e.g. `version.npm`. */
  readonly code: string;
  /** Accept one leading lowercase `v` (node-semver's non-loose grammar does). */
  readonly allowLeadingV: boolean;
  /** Trim JavaScript whitespace first (node-semver calls `String.prototype.trim`). */
  readonly trim?: (c: number) => boolean;
  /** Reject inputs longer than this many characters before trimming (node-semver: 256). */
  readonly maxLength?: number;
  /** Largest allowed major/minor/patch value as decimal digits (npm: 2^53-1, Cargo: u64::MAX). */
  readonly maxCore?: string;
}

const SEP = '\u0000';
const TAG_NUMERIC = '\u0001';
const TAG_ALPHA = '\u0002';
const MARK_PRERELEASE = '\u0001';
const MARK_RELEASE = '\u0002';

/** `a <= b` for normalized digit strings. */
function digitsAtMost(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a <= b;
}

/** True when the identifier is all ASCII digits. */
export function isNumericIdentifier(id: string): boolean {
  if (id.length === 0) return false;
  for (let i = 0; i < id.length; i++) if (!isDigit(id.charCodeAt(i))) return false;
  return true;
}

/**
 * Sort key of a pre-release identifier list under SemVer §11.4: numeric identifiers
 * numerically and before alphanumeric ones, alphanumeric ones in ASCII order, and a shorter
 * list first when it is a prefix of the longer. The separator sorts below every identifier
 * character, which makes "prefix first" fall out of plain string comparison.
 */
export function encodePrerelease(ids: readonly string[]): string {
  let key = '';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (i > 0) key += SEP;
    key += isNumericIdentifier(id) ? TAG_NUMERIC + encodeDigits(normalizedDigits(id)) : TAG_ALPHA + id;
  }
  return key;
}

/** The full precedence key of a SemVer version (build metadata excluded). */
export function semverKey(major: string, minor: string, patch: string, prerelease: readonly string[]): string {
  const core = encodeDigits(major) + encodeDigits(minor) + encodeDigits(patch);
  return prerelease.length === 0 ? core + MARK_RELEASE : core + MARK_PRERELEASE + encodePrerelease(prerelease);
}

/** Orders two parsed SemVer versions by precedence (build metadata ignored). */
export function compareSemver(a: SemVer, b: SemVer): number {
  return compareStrings(a.key, b.key);
}

/** `MAJOR.MINOR.PATCH[-PRE][+BUILD]`, without any `v` prefix. */
export function formatSemver(v: SemVer): string {
  let s = `${numToString(v.major)}.${numToString(v.minor)}.${numToString(v.patch)}`;
  if (v.prerelease.length > 0) s += '-' + v.prerelease.join('.');
  if (v.build.length > 0) s += '+' + v.build.join('.');
  return s;
}

interface Cursor {
  pos: number;
}

/** Scans one numeric core component without leading zeros; returns its normalized digits. */
function scanCoreNumber(s: string, end: number, cur: Cursor, what: string, syntax: SemverSyntax): Result<string> {
  const start = cur.pos;
  let i = start;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  if (i === start) {
    return err(`${syntax.code}.invalid`, `Expected the ${what} version number, found ${describeChar(s, start)}.`, start);
  }
  if (s.charCodeAt(start) === 48 && i - start > 1) {
    return err(`${syntax.code}.leading_zero`, `The ${what} version number has a leading zero.`, start);
  }
  const digits = s.slice(start, i);
  if (digits.length > MAX_KEY_DIGITS || (syntax.maxCore !== undefined && !digitsAtMost(digits, syntax.maxCore))) {
    return err(`${syntax.code}.overflow`, `The ${what} version number is too large.`, start);
  }
  cur.pos = i;
  return ok(digits);
}

/**
 * Scans dot-separated identifiers up to `stop` (a code unit that ends the list) or `end`.
 * Pre-release numeric identifiers must not have leading zeros; build identifiers may.
 */
function scanIdentifiers(
  s: string,
  end: number,
  cur: Cursor,
  what: 'pre-release' | 'build metadata',
  stop: number,
  syntax: SemverSyntax,
): Result<string[]> {
  const ids: string[] = [];
  for (;;) {
    const start = cur.pos;
    let i = start;
    let allDigits = true;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (!isIdentChar(c)) break;
      if (!isDigit(c)) allDigits = false;
      i++;
    }
    if (i === start) {
      return err(`${syntax.code}.invalid`, `Empty or invalid ${what} identifier at ${describeChar(s, start)}.`, start);
    }
    if (what === 'pre-release' && allDigits && i - start > 1 && s.charCodeAt(start) === 48) {
      return err(`${syntax.code}.leading_zero`, 'A numeric pre-release identifier has a leading zero.', start);
    }
    if (allDigits && i - start > MAX_KEY_DIGITS) {
      return err(`${syntax.code}.overflow`, `A numeric ${what} identifier is too long.`, start);
    }
    ids.push(s.slice(start, i));
    cur.pos = i;
    if (i < end && s.charCodeAt(i) === 46) {
      cur.pos = i + 1;
      continue;
    }
    if (i === end || s.charCodeAt(i) === stop) return ok(ids);
    return err(`${syntax.code}.invalid`, `Unexpected ${describeChar(s, i)} in ${what}.`, i);
  }
}

/**
 * Parses `[v]MAJOR.MINOR.PATCH[-PRE][+BUILD]` per SemVer 2.0.0 with the given variations,
 * in one left-to-right pass.
 */
export function parseSemver(input: string, syntax: SemverSyntax): Result<SemVer> {
  if (syntax.maxLength !== undefined && input.length > syntax.maxLength) {
    return err(`${syntax.code}.too_long`, `Version is longer than ${syntax.maxLength} characters.`, syntax.maxLength);
  }
  let start = 0;
  let end = input.length;
  if (syntax.trim) {
    while (start < end && syntax.trim(input.charCodeAt(start))) start++;
    while (end > start && syntax.trim(input.charCodeAt(end - 1))) end--;
  }
  if (start === end) return err(`${syntax.code}.empty`, 'Version is empty.', start);
  const cur: Cursor = { pos: start };
  if (syntax.allowLeadingV && input.charCodeAt(start) === 118) cur.pos++;
  const parts: string[] = [];
  const names = ['major', 'minor', 'patch'] as const;
  for (let k = 0; k < 3; k++) {
    const n = scanCoreNumber(input, end, cur, names[k]!, syntax);
    if (!n.ok) return n;
    parts.push(n.value);
    if (k < 2) {
      if (cur.pos >= end || input.charCodeAt(cur.pos) !== 46) {
        return err(`${syntax.code}.invalid`, `Expected '.' after the ${names[k]} version number, found ${describeChar(input, cur.pos)}.`, cur.pos);
      }
      cur.pos++;
    }
  }
  let prerelease: string[] = [];
  let build: string[] = [];
  if (cur.pos < end && input.charCodeAt(cur.pos) === 45) {
    cur.pos++;
    const pre = scanIdentifiers(input, end, cur, 'pre-release', 43, syntax);
    if (!pre.ok) return pre;
    prerelease = pre.value;
  }
  if (cur.pos < end && input.charCodeAt(cur.pos) === 43) {
    cur.pos++;
    const b = scanIdentifiers(input, end, cur, 'build metadata', -1, syntax);
    if (!b.ok) return b;
    build = b.value;
  }
  if (cur.pos !== end) {
    return err(`${syntax.code}.invalid`, `Unexpected ${describeChar(input, cur.pos)} after the version.`, cur.pos);
  }
  const [major, minor, patch] = parts as [string, string, string];
  return ok({
    major: toNum(major),
    minor: toNum(minor),
    patch: toNum(patch),
    prerelease,
    build,
    key: semverKey(major, minor, patch, prerelease),
  });
}
