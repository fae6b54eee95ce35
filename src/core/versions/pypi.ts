import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareStrings, describeChar, encodeDigits, isAsciiLetter, isDigit, lowerCode, normalizedDigits } from './num.js';

/** A PEP 440 version, normalized as the `packaging` library normalizes it. */
export interface PypiVersion {
  /** Epoch digits without leading zeros (`"0"` when absent). */
  readonly epoch: string;
  /** Release numbers without leading zeros, as written (trailing zeros kept for display). */
  readonly release: readonly string[];
  readonly pre?: { readonly label: 'a' | 'b' | 'rc'; readonly number: string };
  readonly post?: string;
  readonly dev?: string;
  /** Local segments lower-cased, numeric ones without leading zeros; absent when there is none. */
  readonly local?: readonly string[];
  /** Sort key: comparing keys as strings is PEP 440 ordering (packaging's `_cmpkey`). */
  readonly key: string;
}

/**
 * Python's `int()` refuses strings of more than 4300 digits by default (CPython 3.11+
 * `sys.int_info.default_max_str_digits`), so `packaging` cannot parse such versions either.
 */
const MAX_PY_INT_DIGITS = 4300;

/** `str.isspace()`, which is what `\s` matches in a Python `str` pattern. */
function isPythonSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function isSep(c: number): boolean {
  return c === 46 || c === 95 || c === 45;
}

/** Case-insensitive ASCII test that `word` (lower case) occurs at `s[i..]`. */
function hasWordAt(s: string, i: number, end: number, word: string): boolean {
  if (end - i < word.length) return false;
  for (let k = 0; k < word.length; k++) if (lowerCode(s.charCodeAt(i + k)) !== word.charCodeAt(k)) return false;
  return true;
}

/** First of `words` (in regex alternation order) that occurs at `s[i..]`. */
function firstWordAt(s: string, i: number, end: number, words: readonly string[]): string | undefined {
  if (i >= end || !isAsciiLetter(s.charCodeAt(i))) return undefined;
  for (let k = 0; k < words.length; k++) if (hasWordAt(s, i, end, words[k]!)) return words[k];
  return undefined;
}

const PRE_WORDS = ['alpha', 'a', 'beta', 'b', 'preview', 'pre', 'c', 'rc'] as const;
const PRE_NORMAL: Record<string, 'a' | 'b' | 'rc'> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', preview: 'rc', pre: 'rc', c: 'rc', rc: 'rc' };
const POST_WORDS = ['post', 'rev', 'r'] as const;

class Scanner {
  pos: number;
  constructor(
    readonly s: string,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  at(i = this.pos): number {
    return i < this.end ? this.s.charCodeAt(i) : -1;
  }
  digitsFrom(i: number): number {
    let k = i;
    while (k < this.end && isDigit(this.s.charCodeAt(k))) k++;
    return k;
  }
}

type Num = string;

/** Normalized digits of `s[a, b)`, or an error when Python could not convert them. */
function pyInt(s: string, a: number, b: number): Result<Num> {
  if (b - a > MAX_PY_INT_DIGITS) return err('version.pypi.too_many_digits', `A number has more than ${MAX_PY_INT_DIGITS} digits.`, a);
  return ok(a === b ? '0' : normalizedDigits(s, a, b));
}

interface Parts {
  epoch: Num;
  release: Num[];
  pre?: { label: 'a' | 'b' | 'rc'; number: Num };
  post?: Num;
  dev?: Num;
  local?: string[];
}

/** `(?:(?P<epoch>[0-9]+)!)?+` then `[0-9]+(?:\.[0-9]+)*+`. */
function scanEpochAndRelease(sc: Scanner, parts: Parts): Result<true> {
  const d = sc.digitsFrom(sc.pos);
  if (d > sc.pos && sc.at(d) === 33) {
    const e = pyInt(sc.s, sc.pos, d);
    if (!e.ok) return e;
    parts.epoch = e.value;
    sc.pos = d + 1;
  }
  const first = sc.digitsFrom(sc.pos);
  if (first === sc.pos) return err('version.pypi.invalid', `Expected a release number, found ${describeChar(sc.s, sc.pos)}.`, sc.pos);
  for (;;) {
    const n = pyInt(sc.s, sc.pos, sc.digitsFrom(sc.pos));
    if (!n.ok) return n;
    parts.release.push(n.value);
    sc.pos = sc.digitsFrom(sc.pos);
    if (sc.at() === 46 && isDigit(sc.at(sc.pos + 1))) {
      sc.pos++;
      continue;
    }
    return ok(true);
  }
}

/** An optional separator, a word from `words`, an optional separator, optional digits (all atomic). */
function scanLabelled(sc: Scanner, words: readonly string[]): Result<{ word: string; number: Num } | undefined> {
  let i = sc.pos;
  if (isSep(sc.at(i))) i++;
  const word = firstWordAt(sc.s, i, sc.end, words);
  if (word === undefined) return ok(undefined);
  i += word.length;
  if (isSep(sc.at(i))) i++;
  const d = sc.digitsFrom(i);
  const n = pyInt(sc.s, i, d);
  if (!n.ok) return n;
  sc.pos = d;
  return ok({ word, number: n.value });
}

/** The post-release group: `-N` (implicit post) or `[._-]?(post|rev|r)[._-]?N?`. */
function scanPost(sc: Scanner): Result<Num | undefined> {
  if (sc.at() === 45) {
    const d = sc.digitsFrom(sc.pos + 1);
    if (d > sc.pos + 1) {
      const n = pyInt(sc.s, sc.pos + 1, d);
      if (!n.ok) return n;
      sc.pos = d;
      return ok(n.value);
    }
  }
  const labelled = scanLabelled(sc, POST_WORDS);
  if (!labelled.ok) return labelled;
  return ok(labelled.value?.number);
}

/** `\+[a-z0-9]+(?:[._-][a-z0-9]+)*+`, lower-cased and split, numeric parts normalized. */
function scanLocal(sc: Scanner): Result<string[] | undefined> {
  if (sc.at() !== 43) return ok(undefined);
  const segs: string[] = [];
  let i = sc.pos + 1;
  for (;;) {
    const start = i;
    let numeric = true;
    while (i < sc.end && (isDigit(sc.at(i)) || isAsciiLetter(sc.at(i)))) {
      if (!isDigit(sc.at(i))) numeric = false;
      i++;
    }
    if (i === start) {
      if (segs.length === 0) return ok(undefined);
      i--; // the separator was not followed by a segment: it is not part of the local version
      break;
    }
    if (numeric) {
      const n = pyInt(sc.s, start, i);
      if (!n.ok) return n;
      segs.push(n.value);
    } else {
      segs.push(sc.s.slice(start, i).toLowerCase());
    }
    if (!isSep(sc.at(i))) break;
    i++;
  }
  sc.pos = i;
  return ok(segs);
}

function isAllDigits(seg: string): boolean {
  for (let i = 0; i < seg.length; i++) if (!isDigit(seg.charCodeAt(i))) return false;
  return true;
}

/** Builds packaging's `_cmpkey` as a string whose code-unit order is the version order. */
function buildKey(p: Parts): string {
  let release = p.release.length;
  while (release > 0 && p.release[release - 1] === '0') release--;
  let key = encodeDigits(p.epoch);
  for (let i = 0; i < release; i++) key += encodeDigits(p.release[i]!);
  key += '\u0001';
  // pre rank: dev-only release -1, a 0, b 1, rc 2, none 3 (encoded as characters A..E).
  const preRank = p.pre ? (p.pre.label === 'a' ? 1 : p.pre.label === 'b' ? 2 : 3) : p.post === undefined && p.dev !== undefined ? 0 : 4;
  key += String.fromCharCode(0x41 + preRank) + encodeDigits(p.pre?.number ?? '0');
  key += (p.post === undefined ? 'A' : 'B') + encodeDigits(p.post ?? '0');
  key += (p.dev === undefined ? 'B' : 'A') + encodeDigits(p.dev ?? '0');
  if (p.local === undefined) return key + '\u0001';
  key += '\u0002';
  for (const seg of p.local) {
    // Strings sort before numbers; a shorter local version first when it is a prefix.
    key += isAllDigits(seg) ? '\u0003' + encodeDigits(seg) : '\u0002' + seg + '\u0001';
  }
  return key + '\u0001';
}

/**
 * Parses a PEP 440 version exactly as `packaging.version.Version` (26.x) accepts it:
 * surrounding whitespace, an optional `v`, case-insensitive letters, alternative spellings
 * (`alpha`/`beta`/`c`/`pre`/`preview`/`rev`/`r`), optional separators and implicit numbers,
 * the implicit post-release `1.0-1`, and local versions. One atomic left-to-right pass that
 * mirrors the possessive groups of packaging's regular expression.
 */
export function parsePypiVersion(input: string): Result<PypiVersion> {
  let start = 0;
  let end = input.length;
  while (start < end && isPythonSpace(input.charCodeAt(start))) start++;
  while (end > start && isPythonSpace(input.charCodeAt(end - 1))) end--;
  const sc = new Scanner(input, start, end);
  if ((sc.at() | 32) === 118) sc.pos++;
  const parts: Parts = { epoch: '0', release: [] };
  const rel = scanEpochAndRelease(sc, parts);
  if (!rel.ok) return rel;
  const pre = scanLabelled(sc, PRE_WORDS);
  if (!pre.ok) return pre;
  if (pre.value) parts.pre = { label: PRE_NORMAL[pre.value.word]!, number: pre.value.number };
  const post = scanPost(sc);
  if (!post.ok) return post;
  if (post.value !== undefined) parts.post = post.value;
  const dev = scanLabelled(sc, ['dev']);
  if (!dev.ok) return dev;
  if (dev.value) parts.dev = dev.value.number;
  const local = scanLocal(sc);
  if (!local.ok) return local;
  if (local.value) parts.local = local.value;
  if (sc.pos !== end) return err('version.pypi.invalid', `Unexpected ${describeChar(input, sc.pos)} in a PEP 440 version.`, sc.pos);
  const version: PypiVersion = { epoch: parts.epoch, release: parts.release, key: buildKey(parts) };
  if (parts.pre) Object.assign(version, { pre: parts.pre });
  if (parts.post !== undefined) Object.assign(version, { post: parts.post });
  if (parts.dev !== undefined) Object.assign(version, { dev: parts.dev });
  if (parts.local) Object.assign(version, { local: parts.local });
  return ok(version);
}

/** Orders PEP 440 versions (epoch, release with zero padding, pre/post/dev, local). */
export function comparePypiVersions(a: PypiVersion, b: PypiVersion): number {
  return compareStrings(a.key, b.key);
}

/** The normalized form, as `str(packaging.version.Version(v))`. */
export function formatPypiVersion(v: PypiVersion): string {
  let s = v.epoch === '0' ? '' : `${v.epoch}!`;
  s += v.release.join('.');
  if (v.pre) s += v.pre.label + v.pre.number;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local !== undefined) s += `+${v.local.join('.')}`;
  return s;
}

/** Python package versions (PEP 440 as implemented by `packaging`). */
export const pypiScheme: VersionScheme<PypiVersion> = {
  id: 'pypi',
  parse: parsePypiVersion,
  compare: comparePypiVersions,
  isValid: (input) => parsePypiVersion(input).ok,
  format: formatPypiVersion,
};
