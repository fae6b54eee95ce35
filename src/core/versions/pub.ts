import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareNum, compareStrings, describeChar, isDigit, isIdentChar, numToString, toNum, type Num } from './num.js';

/** One dot-separated pre-release or build part: Dart `int.tryParse(part) ?? part`. */
export type PubPart = number | bigint | string;

/** A Dart pub (pub_semver `Version`) version. */
export interface PubVersion {
  readonly major: Num;
  readonly minor: Num;
  readonly patch: Num;
  readonly preRelease: readonly PubPart[];
  readonly build: readonly PubPart[];
}

/** Dart `int` is a signed 64-bit integer; `int.parse` rejects anything larger. */
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * Dart's `int.tryParse(part)` restricted to what can occur in a part (`[0-9A-Za-z-]`):
 * an optional `-` sign, then decimal digits or `0x`/`0X` and hex digits, within int64.
 * Returns undefined when Dart would return null (the part then stays a string).
 */
export function dartTryParseInt(part: string): number | bigint | undefined {
  let i = 0;
  const negative = part.charCodeAt(0) === 45;
  if (negative) i = 1;
  if (i >= part.length) return undefined;
  let hex = false;
  if (part.length - i > 2 && part.charCodeAt(i) === 48 && (part.charCodeAt(i + 1) | 32) === 120) {
    hex = true;
    i += 2;
  }
  for (let k = i; k < part.length; k++) {
    const c = part.charCodeAt(k);
    if (hex ? !isHexDigit(c) : !isDigit(c)) return undefined;
  }
  let first = i;
  while (first < part.length - 1 && part.charCodeAt(first) === 48) first++;
  // Longer than any int64 in that base: Dart's tryParse returns null. Checked before
  // BigInt so that a 100,000-digit part costs linear time.
  if (part.length - first > (hex ? 16 : 19)) return undefined;
  const magnitude = BigInt((hex ? '0x' : '') + part.slice(first));
  const value = negative ? -magnitude : magnitude;
  if (value > INT64_MAX || value < INT64_MIN) return undefined;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Scans `[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*` from `pos` up to a `stop` character or the end. */
function scanParts(s: string, pos: number, stop: number, what: string): Result<{ parts: PubPart[]; end: number }> {
  const parts: PubPart[] = [];
  let i = pos;
  for (;;) {
    const start = i;
    while (i < s.length && isIdentChar(s.charCodeAt(i))) i++;
    if (i === start) return err('version.pub.invalid', `Empty or invalid ${what} part at ${describeChar(s, i)}.`, i);
    const text = s.slice(start, i);
    parts.push(dartTryParseInt(text) ?? text);
    if (i < s.length && s.charCodeAt(i) === 46) {
      i++;
      continue;
    }
    if (i === s.length || s.charCodeAt(i) === stop) return ok({ parts, end: i });
    return err('version.pub.invalid', `Unexpected ${describeChar(s, i)} in ${what}.`, i);
  }
}

/**
 * Parses a version as pub_semver's `Version.parse`: `\d+.\d+.\d+` (leading zeros allowed,
 * each at most int64), then optional `-pre` and `+build` of dot-separated `[0-9A-Za-z-]+`.
 */
export function parsePubVersion(input: string): Result<PubVersion> {
  const nums: Num[] = [];
  let i = 0;
  for (let k = 0; k < 3; k++) {
    const start = i;
    while (i < input.length && isDigit(input.charCodeAt(i))) i++;
    if (i === start) return err('version.pub.invalid', `Expected a number, found ${describeChar(input, i)}.`, i);
    const n = toNum(input, start, i);
    if (compareNum(n, '9223372036854775807') > 0) return err('version.pub.overflow', 'Version number exceeds a 64-bit integer.', start);
    nums.push(n);
    if (k < 2) {
      if (input.charCodeAt(i) !== 46) return err('version.pub.invalid', `Expected '.', found ${describeChar(input, i)}.`, i);
      i++;
    }
  }
  let preRelease: PubPart[] = [];
  let build: PubPart[] = [];
  if (input.charCodeAt(i) === 45) {
    const r = scanParts(input, i + 1, 43, 'pre-release');
    if (!r.ok) return r;
    preRelease = r.value.parts;
    i = r.value.end;
  }
  if (input.charCodeAt(i) === 43) {
    const r = scanParts(input, i + 1, -1, 'build');
    if (!r.ok) return r;
    build = r.value.parts;
    i = r.value.end;
  }
  if (i !== input.length) return err('version.pub.invalid', `Unexpected ${describeChar(input, i)}.`, i);
  const [major, minor, patch] = nums as [Num, Num, Num];
  return ok({ major, minor, patch, preRelease, build });
}

function comparePart(a: PubPart, b: PubPart): number {
  const aNum = typeof a !== 'string';
  const bNum = typeof b !== 'string';
  if (aNum && bNum) return a < b ? -1 : a > b ? 1 : 0;
  if (aNum) return -1;
  if (bNum) return 1;
  return compareStrings(a as string, b as string);
}

/** pub_semver `_compareLists`: numbers before strings, a missing part before a present one. */
function compareParts(a: readonly PubPart[], b: readonly PubPart[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = comparePart(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * pub_semver `Version.compareTo`: SemVer precedence, then, unlike SemVer, build metadata:
 * a version without build sorts before the same version with one, and builds compare
 * part by part like pre-releases (`1.0.0 < 1.0.0+0.3.7`).
 */
export function comparePubVersions(a: PubVersion, b: PubVersion): number {
  const core = compareNum(a.major, b.major) || compareNum(a.minor, b.minor) || compareNum(a.patch, b.patch);
  if (core !== 0) return core;
  const aPre = a.preRelease.length > 0;
  const bPre = b.preRelease.length > 0;
  if (aPre !== bPre) return aPre ? -1 : 1;
  const pre = compareParts(a.preRelease, b.preRelease);
  if (pre !== 0) return pre;
  const aBuild = a.build.length > 0;
  const bBuild = b.build.length > 0;
  if (aBuild !== bBuild) return aBuild ? 1 : -1;
  return compareParts(a.build, b.build);
}

/** pub_semver `canonicalizedVersion`: numbers without leading zeros, numeric parts as integers. */
export function formatPubVersion(v: PubVersion): string {
  let s = `${numToString(v.major)}.${numToString(v.minor)}.${numToString(v.patch)}`;
  if (v.preRelease.length > 0) s += '-' + v.preRelease.map(String).join('.');
  if (v.build.length > 0) s += '+' + v.build.map(String).join('.');
  return s;
}

/** Dart pub versions (pub_semver): SemVer syntax, leading zeros allowed, build metadata ordered. */
export const pubScheme: VersionScheme<PubVersion> = {
  id: 'pub',
  parse: parsePubVersion,
  compare: comparePubVersions,
  isValid: (input) => parsePubVersion(input).ok,
  format: formatPubVersion,
};
