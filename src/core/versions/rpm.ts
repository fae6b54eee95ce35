import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';

/**
 * An RPM `[epoch:]version[-release]` (EVR). Split like rpm's `parseEVR` (rpmio/rpmver.c):
 * the epoch is a leading run of digits followed by `:`, the release follows the LAST `-`.
 */
export interface RpmVersion {
  /** Digits of the epoch without leading zeros (`"0"` when absent or empty). */
  readonly epoch: string;
  /** Whether the input spelled an epoch; rpm compares a missing epoch as 0 either way. */
  readonly hasEpoch: boolean;
  readonly version: string;
  /** `null` when there is no `-release`; rpm orders a missing release before any release. */
  readonly release: string | null;
}

const CH_TILDE = 126;
const CH_CARET = 94;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAlnum(c: number): boolean {
  return isDigit(c) || isAlpha(c);
}

/**
 * rpm's `rpmvercmp` (lib/rpmvercmp.c), ported step for step: versions are cut into
 * maximal all-digit or all-letter segments, anything else is a separator (and all
 * separators are equal); `~` sorts before everything, even the end of the string; `^`
 * sorts after the end of the string but before any further segment; a numeric segment
 * beats an alphabetic one; numeric segments compare as numbers of any length, alphabetic
 * ones with strcmp. Returns -1, 0 or 1.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let one = 0;
  let two = 0;
  const la = a.length;
  const lb = b.length;
  const ca = (k: number): number => (k < la ? a.charCodeAt(k) : 0);
  const cb = (k: number): number => (k < lb ? b.charCodeAt(k) : 0);

  while (one < la || two < lb) {
    while (one < la && !isAlnum(ca(one)) && ca(one) !== CH_TILDE && ca(one) !== CH_CARET) one++;
    while (two < lb && !isAlnum(cb(two)) && cb(two) !== CH_TILDE && cb(two) !== CH_CARET) two++;

    if (ca(one) === CH_TILDE || cb(two) === CH_TILDE) {
      if (ca(one) !== CH_TILDE) return 1;
      if (cb(two) !== CH_TILDE) return -1;
      one++;
      two++;
      continue;
    }

    // A caret is newer than the end of the other string but older than anything else.
    if (ca(one) === CH_CARET || cb(two) === CH_CARET) {
      if (one >= la) return -1;
      if (two >= lb) return 1;
      if (ca(one) !== CH_CARET) return 1;
      if (cb(two) !== CH_CARET) return -1;
      one++;
      two++;
      continue;
    }

    if (!(one < la && two < lb)) break;

    let end1 = one;
    let end2 = two;
    const isNum = isDigit(ca(one));
    if (isNum) {
      while (end1 < la && isDigit(ca(end1))) end1++;
      while (end2 < lb && isDigit(cb(end2))) end2++;
    } else {
      while (end1 < la && isAlpha(ca(end1))) end1++;
      while (end2 < lb && isAlpha(cb(end2))) end2++;
    }

    // Segments of different kinds: the one that yielded nothing on the second string.
    if (end2 === two) return isNum ? 1 : -1;

    let s1 = one;
    let s2 = two;
    if (isNum) {
      while (s1 < end1 && ca(s1) === 48) s1++;
      while (s2 < end2 && cb(s2) === 48) s2++;
      const len1 = end1 - s1;
      const len2 = end2 - s2;
      if (len1 > len2) return 1;
      if (len2 > len1) return -1;
    }
    const seg1 = a.slice(s1, end1);
    const seg2 = b.slice(s2, end2);
    if (seg1 !== seg2) return seg1 < seg2 ? -1 : 1;

    one = end1;
    two = end2;
  }

  if (one >= la && two >= lb) return 0;
  return one >= la ? -1 : 1;
}

/** rpm's `rpmverCmp`: epoch (missing = 0), then version, then release (missing < present). */
export function compareRpmVersions(a: RpmVersion, b: RpmVersion): number {
  const e = rpmvercmp(a.epoch, b.epoch);
  if (e !== 0) return e;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0) return v;
  if (a.release === null || b.release === null) {
    if (a.release === b.release) return 0;
    return a.release === null ? -1 : 1;
  }
  return rpmvercmp(a.release, b.release);
}

/** Characters rpmbuild accepts in Version and Release fields (minus the macro characters `%{}`). */
function isEvrChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 43 || c === CH_TILDE || c === CH_CARET;
}

/**
 * Parses an RPM EVR. rpm itself accepts any non-empty string; for a vulnerability
 * database we additionally reject what rpmbuild would never produce: whitespace and
 * characters outside `[A-Za-z0-9._+~^]` in version and release, an empty version, and an
 * empty release after a `-`.
 */
export function parseRpmVersion(input: string): Result<RpmVersion> {
  if (input.length === 0) return err('version.rpm.empty', 'Version string is empty.', 0);
  let k = 0;
  while (k < input.length && isDigit(input.charCodeAt(k))) k++;
  let hasEpoch = false;
  let epoch = '0';
  let versionStart = 0;
  if (input.charCodeAt(k) === 58) {
    hasEpoch = true;
    const digits = input.slice(0, k).replace(/^0+/, '');
    epoch = digits === '' ? '0' : digits;
    versionStart = k + 1;
  }
  const hyphen = input.lastIndexOf('-');
  const hasRelease = hyphen >= versionStart;
  const versionEnd = hasRelease ? hyphen : input.length;
  const version = input.slice(versionStart, versionEnd);
  const release = hasRelease ? input.slice(hyphen + 1) : null;
  if (version === '') return err('version.rpm.version.empty', 'Version part is empty.', versionStart);
  if (release === '') return err('version.rpm.release.empty', 'Release after "-" is empty.', hyphen);
  for (let i = versionStart; i < input.length; i++) {
    if (i === hyphen && hasRelease) continue;
    if (!isEvrChar(input.charCodeAt(i))) {
      return err('version.rpm.char', `Invalid character '${input[i]}' in version.`, i);
    }
  }
  return ok({ epoch, hasEpoch, version, release });
}

/** Spells the EVR back; the epoch is kept only when the input had one. */
export function formatRpmVersion(v: RpmVersion): string {
  return `${v.hasEpoch ? `${v.epoch}:` : ''}${v.version}${v.release === null ? '' : `-${v.release}`}`;
}

/** RPM version ordering (Red Hat, Fedora, SUSE, openEuler…; purl type `rpm`). */
export const rpmScheme: VersionScheme<RpmVersion> = {
  id: 'rpm',
  parse: parseRpmVersion,
  compare: compareRpmVersions,
  isValid: (input) => parseRpmVersion(input).ok,
  format: formatRpmVersion,
};
