import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareNum, compareStrings, describeChar, isAsciiLetter, isDigit, toNum, type Num } from './num.js';

/** A RubyGems version (`Gem::Version`). */
export interface GemVersion {
  /** The version string as Gem::Version stores it: stripped, each `-` replaced by `.pre.`. */
  readonly version: string;
  /**
   * `canonical_segments`: numbers and letter runs, with trailing zeros dropped from the
   * release part and from the pre-release part (the part from the first letter run on).
   */
  readonly canonical: readonly (Num | string)[];
}

/** Ruby's `\s` (ASCII space, \t, \n, \v, \f, \r). */
function isRubySpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

/**
 * Checks `ANCHORED_VERSION_PATTERN`: `\A\s*([0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z`.
 * Returns the bounds of the version inside the whitespace, or an error with a position.
 */
function scanGemVersion(s: string): Result<[number, number]> {
  let start = 0;
  let end = s.length;
  while (start < end && isRubySpace(s.charCodeAt(start))) start++;
  while (end > start && isRubySpace(s.charCodeAt(end - 1))) end--;
  if (start === end) return ok([start, end]);
  let i = start;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  if (i === start) return err('version.rubygems.invalid', `A version starts with a digit, found ${describeChar(s, i)}.`, i);
  while (i < end && s.charCodeAt(i) === 46) {
    const segStart = ++i;
    while (i < end && isAlnum(s.charCodeAt(i))) i++;
    if (i === segStart) return err('version.rubygems.invalid', `Empty segment at ${describeChar(s, i)}.`, i);
  }
  if (i < end && s.charCodeAt(i) === 45) {
    i++;
    for (;;) {
      const segStart = i;
      while (i < end && (isAlnum(s.charCodeAt(i)) || s.charCodeAt(i) === 45)) i++;
      if (i === segStart) return err('version.rubygems.invalid', `Empty pre-release segment at ${describeChar(s, i)}.`, i);
      if (i < end && s.charCodeAt(i) === 46) {
        i++;
        continue;
      }
      break;
    }
  }
  if (i !== end) return err('version.rubygems.invalid', `Unexpected ${describeChar(s, i)}.`, i);
  return ok([start, end]);
}

/** `@version.scan(/[0-9]+|[a-z]+/i)`, numbers converted, then split and trimmed as canonical_segments. */
function canonicalSegments(v: string): (Num | string)[] {
  const segments: (Num | string)[] = [];
  let firstString = -1;
  let i = 0;
  while (i < v.length) {
    const c = v.charCodeAt(i);
    const start = i;
    if (isDigit(c)) {
      while (i < v.length && isDigit(v.charCodeAt(i))) i++;
      segments.push(toNum(v, start, i));
    } else if (isAsciiLetter(c)) {
      while (i < v.length && isAsciiLetter(v.charCodeAt(i))) i++;
      if (firstString < 0) firstString = segments.length;
      segments.push(v.slice(start, i));
    } else {
      i++;
    }
  }
  const release = firstString < 0 ? segments : segments.slice(0, firstString);
  const pre = firstString < 0 ? [] : segments.slice(firstString);
  return [...dropTrailingZeros(release), ...dropTrailingZeros(pre)];
}

function dropTrailingZeros(segs: (Num | string)[]): (Num | string)[] {
  let n = segs.length;
  while (n > 0 && segs[n - 1] === 0) n--;
  return segs.slice(0, n);
}

/**
 * Parses a version as `Gem::Version.new` does: surrounding whitespace is stripped, a blank
 * string means `0`, and `-` introduces a pre-release (`1.0-rc1` becomes `1.0.pre.rc1`).
 */
export function parseGemVersion(input: string): Result<GemVersion> {
  const bounds = scanGemVersion(input);
  if (!bounds.ok) return bounds;
  const [start, end] = bounds.value;
  const version = start === end ? '0' : input.slice(start, end).replaceAll('-', '.pre.');
  return ok({ version, canonical: canonicalSegments(version) });
}

/**
 * `Gem::Version#<=>`: canonical segments pairwise, a missing segment counting as 0, a
 * letter segment (pre-release) before any number, letters compared byte-wise
 * (case-sensitive). So `1.0.a < 1.0 == 1 < 1.0.1`.
 */
export function compareGemVersions(a: GemVersion, b: GemVersion): number {
  const x = a.canonical;
  const y = b.canonical;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const l = i < x.length ? x[i]! : 0;
    const r = i < y.length ? y[i]! : 0;
    if (l === r) continue;
    const lStr = typeof l === 'string' && !isDigit(l.charCodeAt(0));
    const rStr = typeof r === 'string' && !isDigit(r.charCodeAt(0));
    if (lStr && !rStr) return -1;
    if (!lStr && rStr) return 1;
    const c = lStr ? compareStrings(l as string, r as string) : compareNum(l, r);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/** RubyGems versions (`Gem::Version`); `format` is `Gem::Version#to_s`. */
export const rubygemsScheme: VersionScheme<GemVersion> = {
  id: 'rubygems',
  parse: parseGemVersion,
  compare: compareGemVersions,
  isValid: (input) => parseGemVersion(input).ok,
  format: (v) => v.version,
};
