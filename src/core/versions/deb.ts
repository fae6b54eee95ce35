import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';

/**
 * A Debian package version, `[epoch:]upstream_version[-debian_revision]`, split the way
 * dpkg splits it: the epoch ends at the FIRST colon, the revision starts after the LAST
 * hyphen (deb-version(7); lib/dpkg/parsehelp.c `parseversion`).
 */
export interface DebVersion {
  readonly epoch: number;
  readonly upstream: string;
  /** Empty when the version has no revision (`1.0`), which dpkg compares equal to `-0`. */
  readonly revision: string;
}

/** dpkg rejects epochs above INT_MAX ("epoch in version is too big"). */
const MAX_EPOCH = 2_147_483_647;

const CH_0 = 48;
const CH_9 = 57;
const CH_TILDE = 126;

function isDigitCode(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The weight dpkg gives a non-digit character (lib/dpkg/version.c `order`): `~` sorts
 * before everything including the end of the string, letters before every other
 * character, and the end of the string (code 0 here) sorts like a digit run's start.
 */
function order(c: number): number {
  if (c === 0 || isDigitCode(c)) return 0;
  if (isAlphaCode(c)) return c;
  if (c === CH_TILDE) return -1;
  return c + 256;
}

/**
 * dpkg's `verrevcmp`: compares two upstream versions or two revisions. Alternates between
 * a non-digit run (compared character by character with {@link order}) and a digit run
 * (compared numerically, of any length, without converting to a number).
 * Returns negative, zero or positive. Only ASCII input has dpkg's exact meaning.
 */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  const at = (s: string, k: number, len: number): number => (k < len ? s.charCodeAt(k) : 0);
  while (i < la || j < lb) {
    let firstDiff = 0;
    while ((i < la && !isDigitCode(a.charCodeAt(i))) || (j < lb && !isDigitCode(b.charCodeAt(j)))) {
      const ac = order(at(a, i, la));
      const bc = order(at(b, j, lb));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (at(a, i, la) === CH_0) i++;
    while (at(b, j, lb) === CH_0) j++;
    while (isDigitCode(at(a, i, la)) && isDigitCode(at(b, j, lb))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigitCode(at(a, i, la))) return 1;
    if (isDigitCode(at(b, j, lb))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** dpkg_version_compare: epoch numerically, then upstream, then revision. */
export function compareDebVersions(a: DebVersion, b: DebVersion): number {
  if (a.epoch !== b.epoch) return a.epoch > b.epoch ? 1 : -1;
  const up = verrevcmp(a.upstream, b.upstream);
  if (up !== 0) return Math.sign(up);
  return Math.sign(verrevcmp(a.revision, b.revision));
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isUpstreamChar(c: number): boolean {
  // deb-version(7): alphanumerics and . + - ~ : (the last two only where unambiguous,
  // which the epoch/revision split already guarantees).
  return isDigitCode(c) || isAlphaCode(c) || c === 46 || c === 43 || c === 45 || c === CH_TILDE || c === 58;
}

function isRevisionChar(c: number): boolean {
  return isDigitCode(c) || isAlphaCode(c) || c === 46 || c === 43 || c === CH_TILDE;
}

/** Parses the epoch the way dpkg does (strtol, then range checks); `start..colon` is the text. */
function parseEpoch(text: string, start: number, colon: number): Result<number> {
  let k = start;
  let negative = false;
  if (text[k] === '-' || text[k] === '+') {
    negative = text[k] === '-';
    k++;
  }
  const digitsStart = k;
  while (k < colon && isDigitCode(text.charCodeAt(k))) k++;
  if (k === digitsStart) return err('version.deb.epoch.empty', 'Epoch in version is empty or not a number.', start);
  if (k !== colon) return err('version.deb.epoch.invalid', 'Epoch in version is not a number.', k);
  const digits = text.slice(digitsStart, colon).replace(/^0+/, '');
  const value = digits === '' ? 0 : digits.length > 10 ? Number.POSITIVE_INFINITY : Number(digits);
  if (negative && value !== 0) return err('version.deb.epoch.negative', 'Epoch in version is negative.', start);
  if (value > MAX_EPOCH) return err('version.deb.epoch.too-big', 'Epoch in version is too big.', start);
  return ok(value);
}

/**
 * Parses a Debian version with dpkg's validity rules (lib/dpkg/parsehelp.c `parseversion`
 * as tested by lib/dpkg/t/t-version.c): surrounding blanks are trimmed, embedded blanks,
 * an empty/non-numeric/negative/too-big epoch, an empty upstream version or revision, an
 * upstream version not starting with a digit and characters outside the allowed sets are
 * rejected. dpkg reports the last two as "warnings" but still fails the parse; so do we.
 */
export function parseDebVersion(input: string): Result<DebVersion> {
  let start = 0;
  while (start < input.length && isBlank(input.charCodeAt(start))) start++;
  if (start === input.length) return err('version.deb.empty', 'Version string is empty.', 0);
  let end = start;
  while (end < input.length && !isBlank(input.charCodeAt(end))) end++;
  for (let k = end; k < input.length; k++) {
    if (!isBlank(input.charCodeAt(k))) return err('version.deb.space', 'Version string has embedded spaces.', end);
  }

  let epoch = 0;
  let upstreamStart = start;
  const colon = input.indexOf(':', start);
  if (colon !== -1 && colon < end) {
    const parsedEpoch = parseEpoch(input, start, colon);
    if (!parsedEpoch.ok) return parsedEpoch;
    epoch = parsedEpoch.value;
    upstreamStart = colon + 1;
    if (upstreamStart === end) return err('version.deb.empty-after-colon', 'Nothing after colon in version number.', colon);
  }

  const body = input.slice(upstreamStart, end);
  const hyphen = body.lastIndexOf('-');
  const upstream = hyphen === -1 ? body : body.slice(0, hyphen);
  const revision = hyphen === -1 ? '' : body.slice(hyphen + 1);
  if (hyphen !== -1 && revision === '') {
    return err('version.deb.revision.empty', 'Revision number is empty.', upstreamStart + hyphen);
  }
  if (upstream === '') return err('version.deb.upstream.empty', 'Version number is empty.', upstreamStart);
  if (!isDigitCode(upstream.charCodeAt(0))) {
    return err('version.deb.upstream.no-digit', 'Version number does not start with a digit.', upstreamStart);
  }
  for (let k = 1; k < upstream.length; k++) {
    if (!isUpstreamChar(upstream.charCodeAt(k))) {
      return err('version.deb.upstream.char', `Invalid character '${upstream[k]}' in version number.`, upstreamStart + k);
    }
  }
  for (let k = 0; k < revision.length; k++) {
    if (!isRevisionChar(revision.charCodeAt(k))) {
      return err('version.deb.revision.char', `Invalid character '${revision[k]}' in revision number.`, upstreamStart + hyphen + 1 + k);
    }
  }
  return ok({ epoch, upstream, revision });
}

/**
 * dpkg's unambiguous spelling (`varbufversion` with `vdew_nonambig`): the epoch is shown
 * when it is non-zero or when the upstream version contains a colon.
 */
export function formatDebVersion(v: DebVersion): string {
  const showEpoch = v.epoch !== 0 || v.upstream.includes(':');
  return `${showEpoch ? `${v.epoch}:` : ''}${v.upstream}${v.revision === '' ? '' : `-${v.revision}`}`;
}

/**
 * Compares two version strings without validating them, splitting them like Perl's
 * Dpkg::Version (epoch before the first colon when it is all digits, revision after the
 * last hyphen). This is what `dpkg --compare-versions` does for strings dpkg would
 * merely warn about; use {@link debScheme} when validity matters.
 */
export function compareDebVersionStrings(a: string, b: string): number {
  return compareDebVersions(splitLeniently(a), splitLeniently(b));
}

function splitLeniently(text: string): DebVersion {
  let epoch = 0;
  let rest = text;
  const colon = text.indexOf(':');
  if (colon > 0 && /^[0-9]+$/.test(text.slice(0, colon))) {
    epoch = Number(text.slice(0, colon));
    rest = text.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  return hyphen === -1
    ? { epoch, upstream: rest, revision: '' }
    : { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) };
}

/**
 * A parsed version with sort keys precomputed, so matching compares arrays of integers
 * instead of re-scanning characters. Each of upstream and revision becomes, run by run:
 * the dpkg weight of every non-digit character, a 0 marking the end of that run (dpkg
 * weighs "end of run" as 0, so `~` (-1) sorts before it and letters after), then the digit
 * run as its length and its digits with leading zeros dropped (numeric order of any size).
 * Comparing two keys element by element, a missing element counting as 0, gives exactly
 * {@link verrevcmp}'s answer; a property test checks the two agree.
 */
export interface PreparedDebVersion extends DebVersion {
  readonly upstreamKey: readonly number[];
  readonly revisionKey: readonly number[];
}

export function debSortKey(part: string): readonly number[] {
  // A plain array of small integers: V8 keeps it packed, and it is far cheaper to allocate than a typed array.
  const key: number[] = [];
  let i = 0;
  while (i < part.length) {
    let c = part.charCodeAt(i);
    while (i < part.length && !isDigitCode(c)) {
      key.push(order(c));
      c = part.charCodeAt(++i);
    }
    key.push(0);
    while (i < part.length && part.charCodeAt(i) === CH_0) i++;
    const lengthAt = key.length;
    key.push(0);
    const digitsStart = i;
    for (c = part.charCodeAt(i); i < part.length && isDigitCode(c); c = part.charCodeAt(++i)) key.push(c - CH_0);
    key[lengthAt] = i - digitsStart;
  }
  return key;
}

export function compareDebSortKeys(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = i < a.length ? a[i]! : 0;
    const y = i < b.length ? b[i]! : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function prepareDebVersion(v: DebVersion): PreparedDebVersion {
  return { epoch: v.epoch, upstream: v.upstream, revision: v.revision, upstreamKey: debSortKey(v.upstream), revisionKey: debSortKey(v.revision) };
}

function comparePreparedDebVersions(a: PreparedDebVersion, b: PreparedDebVersion): number {
  if (a.epoch !== b.epoch) return a.epoch > b.epoch ? 1 : -1;
  return compareDebSortKeys(a.upstreamKey, b.upstreamKey) || compareDebSortKeys(a.revisionKey, b.revisionKey);
}

/** Debian (dpkg) version ordering, as used by Debian and Ubuntu packages (purl type `deb`). */
export const debScheme: VersionScheme<PreparedDebVersion> = {
  id: 'deb',
  parse: (input) => {
    const parsed = parseDebVersion(input);
    return parsed.ok ? ok(prepareDebVersion(parsed.value)) : parsed;
  },
  compare: comparePreparedDebVersions,
  isValid: (input) => parseDebVersion(input).ok,
  format: formatDebVersion,
};
