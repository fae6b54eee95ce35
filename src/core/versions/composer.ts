import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareNum, describeChar, isAsciiLetter, isDigit, lowerCode, toNum, type Num } from './num.js';

/*
 * Composer (Packagist) versions: composer/semver `VersionParser::normalize` turns a version
 * into a 4-part normalized form (`1.0` → `1.0.0.0`, `v2.1-beta.2` → `2.1.0.0-beta2`), and
 * ordering is PHP's `version_compare` on those normalized strings, which is what
 * `Comparator` and `Semver::sort` end up using. Branch names (`dev-master`) have no order
 * in Composer and are rejected here.
 */

/** One part of a `version_compare`-canonicalized string: a number, or a special form's rank. */
interface PhpPart {
  readonly numeric: boolean;
  /** Numeric value, saturated at LONG_MAX like C `strtol`. */
  readonly value: Num;
  /** `compare_special_version_forms` rank: dev 0, alpha/a 1, beta/b 2, RC/rc 3, # 4, pl/p 5, other -1. */
  readonly rank: number;
}

/** A normalized Composer version. */
export interface ComposerVersion {
  /** `VersionParser::normalize` output, e.g. `1.0.0.0-beta2`. */
  readonly normalized: string;
  readonly parts: readonly PhpPart[];
}

const LONG_MAX = '9223372036854775807';

function isPhpTrim(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x00 || c === 0x0b;
}

function isPhpSpace(c: number): boolean {
  // PCRE \s: space, \t, \n, \v, \f, \r.
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function startsWithCi(s: string, i: number, word: string): boolean {
  if (s.length - i < word.length) return false;
  for (let k = 0; k < word.length; k++) if (lowerCode(s.charCodeAt(i + k)) !== word.charCodeAt(k)) return false;
  return true;
}

const STABILITY_WORDS = ['stable', 'beta', 'b', 'rc', 'alpha', 'a', 'patch', 'pl', 'p'] as const;

interface Modifier {
  /** The stability word as written, or '' when absent. */
  readonly word: string;
  readonly numbers: string;
  readonly dev: boolean;
}

/** Digits-and-separators run `(?:[.-]?\d+)*+` from `i`; returns its end. */
function scanStabilityNumbers(s: string, i: number): number {
  let j = i;
  for (;;) {
    if ((s.charCodeAt(j) === 46 || s.charCodeAt(j) === 45) && isDigit(s.charCodeAt(j + 1))) j++;
    else if (!isDigit(s.charCodeAt(j))) return j;
    while (isDigit(s.charCodeAt(j))) j++;
  }
}

/**
 * Matches `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$`
 * (case-insensitive) against `s[i..]`, trying the alternatives in the regex's order, so the
 * first success is the match PCRE reports. The search space is constant-sized.
 */
function matchModifier(s: string, i: number): Modifier | undefined {
  const c = s.charCodeAt(i);
  const sepOptions = c === 46 || c === 95 || c === 45 ? [1, 0] : [0];
  for (const sep of sepOptions) {
    const at = i + sep;
    for (const word of [...STABILITY_WORDS, '']) {
      if (word !== '' && !startsWithCi(s, at, word)) continue;
      const numStart = at + word.length;
      const numEnd = word === '' ? numStart : scanStabilityNumbers(s, numStart);
      let pos = numEnd;
      let dev = false;
      const d = s.charCodeAt(pos);
      if ((d === 46 || d === 45) && startsWithCi(s, pos + 1, 'dev')) {
        pos += 4;
        dev = true;
      } else if (startsWithCi(s, pos, 'dev')) {
        pos += 3;
        dev = true;
      }
      if (pos === s.length) return { word: s.slice(at, at + word.length), numbers: s.slice(numStart, numEnd), dev };
    }
  }
  return undefined;
}

function expandStability(word: string): string {
  const w = word.toLowerCase();
  if (w === 'a') return 'alpha';
  if (w === 'b') return 'beta';
  if (w === 'p' || w === 'pl') return 'patch';
  if (w === 'rc') return 'RC';
  return w;
}

/** Appends the modifier the way `normalize` does (`stable` as written drops everything). */
function applyModifier(version: string, m: Modifier): string {
  let v = version;
  if (m.word !== '') {
    if (m.word === 'stable') return v;
    let numbers = m.numbers;
    while (numbers.length > 0 && (numbers[0] === '.' || numbers[0] === '-')) numbers = numbers.slice(1);
    v += '-' + expandStability(m.word) + numbers;
  }
  if (m.dev) v += '-dev';
  return v;
}

/** Classical `^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?` + modifier. */
function matchClassical(s: string): string | undefined {
  let i = s.charCodeAt(0) === 118 || s.charCodeAt(0) === 86 ? 1 : 0;
  const majorStart = i;
  while (isDigit(s.charCodeAt(i))) i++;
  if (i === majorStart || i - majorStart > 5) return undefined;
  const groups: string[] = [s.slice(majorStart, i)];
  while (groups.length < 4 && s.charCodeAt(i) === 46 && isDigit(s.charCodeAt(i + 1))) {
    const start = i;
    i++;
    while (isDigit(s.charCodeAt(i))) i++;
    groups.push(s.slice(start, i));
  }
  const m = matchModifier(s, i);
  if (m === undefined) return undefined;
  while (groups.length < 4) groups.push('.0');
  return applyModifier(groups.join(''), m);
}

function isDateSep(c: number): boolean {
  return c === 46 || c === 58 || c === 45;
}

/**
 * Date versions `^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)` + modifier, with the
 * regex's backtracking order (greedy, separator-first). The date part is at most 26
 * characters, so this bounded search is constant work.
 */
function matchDate(s: string): string | undefined {
  const from = s.charCodeAt(0) === 118 || s.charCodeAt(0) === 86 ? 1 : 0;
  for (let k = 0; k < 4; k++) if (!isDigit(s.charCodeAt(from + k))) return undefined;
  const finish = (end: number): string | undefined => {
    const m = matchModifier(s, end);
    if (m === undefined) return undefined;
    let date = '';
    for (let k = from; k < end; k++) date += isDigit(s.charCodeAt(k)) ? s[k] : '.';
    return applyModifier(date, m);
  };
  const tail = (pos: number): string | undefined => {
    for (const sep of isDateSep(s.charCodeAt(pos)) ? [1, 0] : [0]) {
      let n = 0;
      while (n < 3 && isDigit(s.charCodeAt(pos + sep + n))) n++;
      for (let len = n; len >= 1; len--) {
        const r = finish(pos + sep + len);
        if (r !== undefined) return r;
      }
    }
    return finish(pos);
  };
  const pairs = (pos: number, count: number): string | undefined => {
    if (count < 6) {
      for (const sep of isDateSep(s.charCodeAt(pos)) ? [1, 0] : [0]) {
        if (isDigit(s.charCodeAt(pos + sep)) && isDigit(s.charCodeAt(pos + sep + 1))) {
          const r = pairs(pos + sep + 2, count + 1);
          if (r !== undefined) return r;
        }
      }
    }
    return count >= 1 ? tail(pos) : undefined;
  };
  return pairs(from + 4, 0);
}

/** `normalizeBranch` for `X[.Y[.Z[.W]]]` with `x`/`X`/`*` wildcards, or undefined for a named branch. */
function numericBranch(name: string): string | undefined {
  let i = name.charCodeAt(0) === 118 || name.charCodeAt(0) === 86 ? 1 : 0;
  const start = i;
  while (isDigit(name.charCodeAt(i))) i++;
  if (i === start) return undefined;
  const groups = [name.slice(start, i)];
  while (groups.length < 4 && name.charCodeAt(i) === 46) {
    const c = name.charCodeAt(i + 1);
    if (c === 120 || c === 88 || c === 42) {
      groups.push('.x');
      i += 2;
    } else if (isDigit(c)) {
      const g = i;
      i++;
      while (isDigit(name.charCodeAt(i))) i++;
      groups.push(name.slice(g, i));
    } else {
      return undefined;
    }
  }
  if (i !== name.length) return undefined;
  while (groups.length < 4) groups.push('.x');
  return groups.join('').replaceAll('x', '9999999') + '-dev';
}

/** `(.*?)[.-]?dev$` then `normalizeBranch`, keeping only numeric branches (`1.x-dev`). */
function matchDevBranch(s: string): string | undefined {
  if (!startsWithCi(s, s.length - 3, 'dev')) return undefined;
  let nameEnd = s.length - 3;
  const c = s.charCodeAt(nameEnd - 1);
  if (c === 46 || c === 45) nameEnd--;
  let a = 0;
  let b = nameEnd;
  while (a < b && isPhpTrim(s.charCodeAt(a))) a++;
  while (b > a && isPhpTrim(s.charCodeAt(b - 1))) b--;
  return numericBranch(s.slice(a, b));
}

/**
 * `VersionParser::normalize` (composer/semver 3.x) for versions: trims, strips a
 * `@stability` flag and `+build` metadata, then tries classical, date and numeric-branch
 * forms. Branch names (`dev-foo`, `master`) and aliases (`1.0 as 2.0`) are rejected.
 */
export function normalizeComposerVersion(input: string): Result<string> {
  let a = 0;
  let b = input.length;
  while (a < b && isPhpTrim(input.charCodeAt(a))) a++;
  while (b > a && isPhpTrim(input.charCodeAt(b - 1))) b--;
  let v = input.slice(a, b);
  const at = v.lastIndexOf('@');
  if (at >= 0 && ['stable', 'rc', 'beta', 'alpha', 'dev'].includes(v.slice(at + 1).toLowerCase())) v = v.slice(0, at);
  if (v === 'master' || v === 'trunk' || v === 'default' || startsWithCi(v, 0, 'dev-')) {
    return err('version.composer.branch', 'Branch names have no version order.', a);
  }
  const plus = v.indexOf('+');
  if (plus > 0) {
    let simple = true;
    for (let i = 0; i < v.length && simple; i++) {
      const c = v.charCodeAt(i);
      if (isPhpSpace(c) || (i < plus && c === 44)) simple = false;
    }
    if (simple && plus < v.length - 1) v = v.slice(0, plus);
  }
  const normalized = matchClassical(v) ?? matchDate(v) ?? matchDevBranch(v);
  if (normalized !== undefined) return ok(normalized);
  let bad = 0;
  while (bad < v.length && (isDigit(v.charCodeAt(bad)) || v.charCodeAt(bad) === 46)) bad++;
  return err('version.composer.invalid', `Invalid version string; unexpected ${describeChar(v, bad)}.`, a + bad);
}

const FORMS: readonly [string, number][] = [
  ['dev', 0], ['alpha', 1], ['a', 1], ['beta', 2], ['b', 2], ['RC', 3], ['rc', 3], ['#', 4], ['pl', 5], ['p', 5],
];

/** `compare_special_version_forms`: the first form the part starts with (case-sensitive). */
function formRank(part: string): number {
  for (const [name, rank] of FORMS) if (part.startsWith(name)) return rank;
  return -1;
}

/** PHP `php_canonicalize_version` then split on `.`, each part classified once. */
export function phpVersionParts(v: string): PhpPart[] {
  if (v.length === 0) return [];
  let canon = v[0]!;
  let lp = v.charCodeAt(0);
  const isdig = (c: number): boolean => isDigit(c);
  const isndig = (c: number): boolean => !isDigit(c) && c !== 46;
  for (let i = 1; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const lq = canon.charCodeAt(canon.length - 1);
    if (c === 45 || c === 95 || c === 43) {
      if (lq !== 46) canon += '.';
    } else if ((isndig(lp) && isdig(c)) || (isdig(lp) && isndig(c))) {
      if (lq !== 46) canon += '.';
      canon += v[i];
    } else if (!isDigit(c) && !isAsciiLetter(c)) {
      if (lq !== 46) canon += '.';
    } else {
      canon += v[i];
    }
    lp = c;
  }
  return canon.split('.').map((part) => {
    if (!isDigit(part.charCodeAt(0))) return { numeric: false, value: 0, rank: formRank(part) };
    let end = 0;
    while (isDigit(part.charCodeAt(end))) end++;
    const n = toNum(part, 0, end);
    return { numeric: true, value: compareNum(n, LONG_MAX) > 0 ? LONG_MAX : n, rank: 4 };
  });
}

const HASH_N: readonly PhpPart[] = [{ numeric: false, value: 0, rank: 4 }];

function comparePart(a: PhpPart, b: PhpPart): number {
  if (a.numeric && b.numeric) return compareNum(a.value, b.value);
  return a.rank - b.rank; // a number counts as the special form "#"
}

/** `php_version_compare` on canonicalized parts, from indexes `i` and `j`. */
function phpCompare(a: readonly PhpPart[], i0: number, b: readonly PhpPart[], j0: number): number {
  let i = i0;
  let j = j0;
  for (; i < a.length && j < b.length; i++, j++) {
    const c = comparePart(a[i]!, b[j]!);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  if (i < a.length) return a[i]!.numeric ? 1 : phpCompare(a, i, HASH_N, 0);
  if (j < b.length) return b[j]!.numeric ? -1 : phpCompare(HASH_N, 0, b, j);
  return 0;
}

/** Parses and normalizes a Composer version. */
export function parseComposerVersion(input: string): Result<ComposerVersion> {
  const n = normalizeComposerVersion(input);
  if (!n.ok) return n;
  return ok({ normalized: n.value, parts: phpVersionParts(n.value) });
}

/** `version_compare` of two normalized versions. */
export function compareComposerVersions(a: ComposerVersion, b: ComposerVersion): number {
  return phpCompare(a.parts, 0, b.parts, 0);
}

/** Composer/Packagist versions; `format` is the normalized form. */
export const composerScheme: VersionScheme<ComposerVersion> = {
  id: 'composer',
  parse: parseComposerVersion,
  compare: compareComposerVersions,
  isValid: (input) => parseComposerVersion(input).ok,
  format: (v) => v.normalized,
};
