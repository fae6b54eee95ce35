import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';

/**
 * Alpine (apk-tools) versions: `digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}`.
 * This is a port of apk-tools' src/version.c (the token-state implementation used by
 * apk-tools 2.14 / 3.x): a version is a sequence of typed tokens, each of which may only
 * follow tokens of a lower kind; comparison walks both token sequences in step.
 */

/** Token kinds in apk's order; a token may only follow tokens whose kind allows it. */
const enum Tok {
  InitialDigit = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  CommitHash = 5,
  RevisionNo = 6,
  End = 7,
  Invalid = 8,
}

/** apk suffix ranks: the pre-release ones sort below "no suffix", the rest above it. */
const SUFFIX_NONE = 5;
const SUFFIX_RANK: Readonly<Record<string, number>> = {
  alpha: 1,
  beta: 2,
  pre: 3,
  rc: 4,
  cvs: 6,
  svn: 7,
  git: 8,
  hg: 9,
  p: 10,
};

interface Token {
  readonly kind: Tok;
  /** The token's text (digits, letter, suffix name or hash), used for string comparison. */
  readonly text: string;
  /** Suffix rank for Suffix tokens, 0 otherwise. */
  readonly suffix: number;
  /** Offset of the token in the input, for error positions. */
  readonly at: number;
}

/** A parsed Alpine version: its token sequence (without the final End token). */
export interface AlpineVersion {
  readonly raw: string;
  readonly tokens: readonly Token[];
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** apk's APK_CTYPE_HEXDIGIT: digits and LOWER-case a–f only. */
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102);
}

function spanWhile(s: string, from: number, pred: (c: number) => boolean): number {
  let k = from;
  while (k < s.length && pred(s.charCodeAt(k))) k++;
  return k;
}

/**
 * Splits a version into apk tokens. Stops at the first invalid token, which is kept as the
 * last element (kind Invalid) because apk's comparison gives it a meaning too.
 */
function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let pos = spanWhile(s, 0, isDigit);
  if (pos === 0) return [{ kind: Tok.Invalid, text: '', suffix: 0, at: 0 }];
  tokens.push({ kind: Tok.InitialDigit, text: s.slice(0, pos), suffix: 0, at: 0 });
  let prev: Tok = Tok.InitialDigit;
  while (pos < s.length) {
    const next = nextToken(s, pos, prev);
    tokens.push(next.token);
    if (next.token.kind === Tok.Invalid) break;
    prev = next.token.kind;
    pos = next.end;
  }
  return tokens;
}

function invalidAt(at: number): { token: Token; end: number } {
  return { token: { kind: Tok.Invalid, text: '', suffix: 0, at }, end: at };
}

/** apk's `token_next`: the token starting at `pos`, given the previous token's kind. */
function nextToken(s: string, pos: number, prev: Tok): { token: Token; end: number } {
  const c = s.charCodeAt(pos);
  if (isLower(c)) {
    if (prev > Tok.Digit) return invalidAt(pos);
    return { token: { kind: Tok.Letter, text: s[pos]!, suffix: 0, at: pos }, end: pos + 1 };
  }
  if (c === 46 /* . */ || isDigit(c)) {
    if (prev > Tok.Digit && !(isDigit(c) && prev === Tok.Suffix)) return invalidAt(pos);
    const kind = prev === Tok.Suffix ? Tok.SuffixNo : Tok.Digit;
    const start = c === 46 ? pos + 1 : pos;
    const end = spanWhile(s, start, isDigit);
    if (end === start) return invalidAt(pos);
    return { token: { kind, text: s.slice(start, end), suffix: 0, at: pos }, end };
  }
  if (c === 95 /* _ */) {
    if (prev > Tok.SuffixNo) return invalidAt(pos);
    const end = spanWhile(s, pos + 1, isLower);
    const name = s.slice(pos + 1, end);
    const rank = Object.hasOwn(SUFFIX_RANK, name) ? SUFFIX_RANK[name]! : 0;
    if (rank === 0) return invalidAt(pos);
    return { token: { kind: Tok.Suffix, text: name, suffix: rank, at: pos }, end };
  }
  if (c === 126 /* ~ */) {
    if (prev >= Tok.CommitHash) return invalidAt(pos);
    const end = spanWhile(s, pos + 1, isHex);
    if (end === pos + 1) return invalidAt(pos);
    return { token: { kind: Tok.CommitHash, text: s.slice(pos + 1, end), suffix: 0, at: pos }, end };
  }
  if (c === 45 /* - */) {
    if (prev >= Tok.RevisionNo || s.charCodeAt(pos + 1) !== 114 /* r */) return invalidAt(pos);
    const end = spanWhile(s, pos + 2, isDigit);
    if (end === pos + 2) return invalidAt(pos);
    return { token: { kind: Tok.RevisionNo, text: s.slice(pos + 2, end), suffix: 0, at: pos }, end };
  }
  return invalidAt(pos);
}

/** Compares digit strings as unbounded unsigned integers. */
function compareNumeric(a: string, b: string): number {
  const sa = a.replace(/^0+/, '');
  const sb = b.replace(/^0+/, '');
  if (sa.length !== sb.length) return sa.length < sb.length ? -1 : 1;
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}

/** apk_blob_sort: byte-wise on the common prefix, then the shorter first. */
function compareBytes(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** apk's `token_cmp` for two tokens of the same kind. */
function compareTokens(a: Token, b: Token): number {
  switch (a.kind) {
    case Tok.Digit:
      // A leading zero in either component switches to string comparison (Gentoo rule),
      // so 1.01 < 1.1 and 8.2.0 < 8.2.001.
      if (a.text.charCodeAt(0) === 48 || b.text.charCodeAt(0) === 48) return compareBytes(a.text, b.text);
      return compareNumeric(a.text, b.text);
    case Tok.InitialDigit:
    case Tok.SuffixNo:
    case Tok.RevisionNo:
      return compareNumeric(a.text, b.text);
    case Tok.Letter:
      return compareBytes(a.text, b.text);
    case Tok.Suffix:
      return a.suffix === b.suffix ? 0 : a.suffix < b.suffix ? -1 : 1;
    default:
      return compareBytes(a.text, b.text);
  }
}

const END: Token = { kind: Tok.End, text: '', suffix: 0, at: -1 };

/** apk's `apk_version_compare` on token sequences. Returns -1, 0 or 1. */
function compareTokenLists(ta: readonly Token[], tb: readonly Token[]): number {
  let i = 0;
  let a: Token = ta[0] ?? END;
  let b: Token = tb[0] ?? END;
  while (a.kind === b.kind && a.kind < Tok.End) {
    const r = compareTokens(a, b);
    if (r !== 0) return r;
    i++;
    a = ta[i] ?? END;
    b = tb[i] ?? END;
  }
  if (a.kind === b.kind) return 0;
  // Leading components equal: the longer version is newer unless what it continues
  // with is a pre-release suffix (_alpha, _beta, _pre, _rc).
  if (a.kind === Tok.Suffix && a.suffix < SUFFIX_NONE) return -1;
  if (b.kind === Tok.Suffix && b.suffix < SUFFIX_NONE) return 1;
  if (a.kind > b.kind) return -1;
  return 1;
}

/**
 * Compares two version strings exactly like `apk version -t a b`, including strings apk
 * considers invalid (it compares their valid prefix and ranks the invalid remainder).
 */
export function compareAlpineVersionStrings(a: string, b: string): number {
  return compareTokenLists(tokenize(a), tokenize(b));
}

/** Parses an Alpine version; invalid exactly when `apk_version_validate` says so. */
export function parseAlpineVersion(input: string): Result<AlpineVersion> {
  if (input.length === 0) return err('version.alpine.empty', 'Version string is empty.', 0);
  const tokens = tokenize(input);
  const last = tokens[tokens.length - 1];
  if (last !== undefined && last.kind === Tok.Invalid) {
    return err('version.alpine.invalid', `Invalid Alpine version: unexpected text at offset ${last.at}.`, last.at);
  }
  return ok({ raw: input, tokens });
}

/** Alpine Linux package version ordering (purl type `apk`). */
export const alpineScheme: VersionScheme<AlpineVersion> = {
  id: 'alpine',
  parse: parseAlpineVersion,
  compare: (a, b) => compareTokenLists(a.tokens, b.tokens),
  isValid: (input) => parseAlpineVersion(input).ok,
  format: (v) => v.raw,
};
