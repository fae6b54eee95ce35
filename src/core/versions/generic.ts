import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareNum, compareStrings, isAsciiLetter, isDigit, numToString, toNum, type Num } from './num.js';

/** One token of a generic version: a number, or a lower-cased run of ASCII letters. */
export type GenericToken = { readonly num: Num } | { readonly alpha: string };

/** A version of unknown scheme, e.g. an NVD/CPE version or a device firmware string. */
export interface GenericVersion {
  readonly tokens: readonly GenericToken[];
}

/** Longest accepted input; real firmware and CPE versions are far shorter. */
export const GENERIC_MAX_LENGTH = 256;

/**
 * Splits a version into runs of digits and runs of ASCII letters; everything else
 * (`.`, `-`, `_`, `+`, `~`, spaces, other characters) only separates runs. At least one run is
 * required.
 */
export function parseGenericVersion(input: string): Result<GenericVersion> {
  if (input.length > GENERIC_MAX_LENGTH) {
    return err('version.generic.too_long', `Versions are at most ${GENERIC_MAX_LENGTH} characters.`, GENERIC_MAX_LENGTH);
  }
  const tokens: GenericToken[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charCodeAt(i);
    const start = i;
    if (isDigit(c)) {
      while (i < input.length && isDigit(input.charCodeAt(i))) i++;
      tokens.push({ num: toNum(input, start, i) });
    } else if (isAsciiLetter(c)) {
      while (i < input.length && isAsciiLetter(input.charCodeAt(i))) i++;
      tokens.push({ alpha: input.slice(start, i).toLowerCase() });
    } else {
      i++;
    }
  }
  if (tokens.length === 0) return err('version.generic.empty', 'A version needs at least one digit or letter.', 0);
  return ok({ tokens });
}

/**
 * Token by token: numbers numerically, letter runs case-insensitively, a number after a
 * letter run (`1.0.1 > 1.0.a`), and when one version is a prefix of the other the longer
 * one is later (`1.0.1a > 1.0.1`, as OpenSSL-style letter suffixes mean). This is
 * deliberately the simple rpm-like rule: without knowing the vendor scheme, pre-release
 * words such as `beta` are not recognised.
 */
export function compareGenericVersions(a: GenericVersion, b: GenericVersion): number {
  const n = Math.min(a.tokens.length, b.tokens.length);
  for (let i = 0; i < n; i++) {
    const x = a.tokens[i]!;
    const y = b.tokens[i]!;
    if ('num' in x) {
      if (!('num' in y)) return 1;
      const c = compareNum(x.num, y.num);
      if (c !== 0) return c < 0 ? -1 : 1;
    } else {
      if ('num' in y) return -1;
      const c = compareStrings(x.alpha, y.alpha);
      if (c !== 0) return c;
    }
  }
  return a.tokens.length === b.tokens.length ? 0 : a.tokens.length < b.tokens.length ? -1 : 1;
}

/** Canonical form: the tokens joined by `.` (numbers without leading zeros, letters lower-cased). */
export function formatGenericVersion(v: GenericVersion): string {
  return v.tokens.map((t) => ('num' in t ? numToString(t.num) : t.alpha)).join('.');
}

/** The fallback scheme for unknown ecosystems and vendor/firmware versions. */
export const genericScheme: VersionScheme<GenericVersion> = {
  id: 'generic',
  parse: parseGenericVersion,
  compare: compareGenericVersions,
  isValid: (input) => parseGenericVersion(input).ok,
  format: formatGenericVersion,
};
