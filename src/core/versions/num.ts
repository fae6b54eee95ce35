/**
 * Shared low-level helpers for the version schemes: numeric components of any length,
 * character classes, and sort-key encoding. Every scheme parses with hand-written
 * single-pass scanners built on these, so parsing is linear in the input length by
 * construction (no regular expressions with backtracking anywhere in this folder).
 */

/**
 * A numeric version component. Values of up to 15 digits are plain numbers (exact in a
 * double); longer ones keep their digits (without leading zeros) so that arbitrarily large
 * components still order exactly. Because a string always has 16+ digits, any string is
 * larger than any number.
 */
export type Num = number | string;

/** Largest digit count stored as a plain number; 15 digits are always exact in a double. */
const MAX_NUMBER_DIGITS = 15;

/** True for ASCII `0`-`9`. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for ASCII letters. */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True for ASCII letters, digits and `-` (the SemVer identifier alphabet). */
export function isIdentChar(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c) || c === 45;
}

/** ASCII lower-casing of one code unit. */
export function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Index of the first non-`0` in `s[start, end)`, or `end - 1` when all are zeros (keeps one `0`). */
function firstSignificant(s: string, start: number, end: number): number {
  let i = start;
  while (i < end - 1 && s.charCodeAt(i) === 48) i++;
  return i;
}

/** The digits of `s[start, end)` without leading zeros (`"0"` for all zeros). The range must be all digits. */
export function normalizedDigits(s: string, start = 0, end = s.length): string {
  return s.slice(firstSignificant(s, start, end), end);
}

/** Parses the all-digit range `s[start, end)` into a {@link Num}. */
export function toNum(s: string, start = 0, end = s.length): Num {
  const from = firstSignificant(s, start, end);
  return end - from <= MAX_NUMBER_DIGITS ? Number(s.slice(from, end)) : s.slice(from, end);
}

/** Orders two {@link Num}s numerically. */
export function compareNum(a: Num, b: Num): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    return -1;
  }
  if (typeof b === 'number') return 1;
  return a.length !== b.length ? a.length - b.length : compareStrings(a, b);
}

/** Whether a {@link Num} is zero. */
export function isZeroNum(n: Num): boolean {
  return n === 0;
}

/** Decimal spelling of a {@link Num}. */
export function numToString(n: Num): string {
  return typeof n === 'number' ? String(n) : n;
}

/** UTF-16 code-unit order, the same as `<` on strings (and byte order for ASCII). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sign of a number as -1, 0 or 1. */
export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/**
 * Longest numeric component a sort key can hold: the length is stored in one UTF-16 code
 * unit. Parsers that build keys reject longer digit runs with an error instead.
 */
export const MAX_KEY_DIGITS = 60_000;

/**
 * Encodes already-normalized digits (no leading zeros) so that plain string comparison of
 * two encodings orders them numerically: a length prefix, then the digits. The prefix is
 * at least 0x21 so that it never collides with the control characters keys use as separators.
 */
export function encodeDigits(digits: string): string {
  return String.fromCharCode(0x20 + digits.length) + digits;
}

/** Digits of a non-negative safe integer, encoded with {@link encodeDigits}. */
export function encodeSmallInt(n: number): string {
  return encodeDigits(String(n));
}

/** Index of the first character that is not in the given class, scanning from `i`. */
export function skipWhile(s: string, i: number, pred: (c: number) => boolean): number {
  let k = i;
  while (k < s.length && pred(s.charCodeAt(k))) k++;
  return k;
}

/** A printable quote of one character for error messages. */
export function describeChar(s: string, i: number): string {
  if (i >= s.length) return 'end of input';
  const c = s.charCodeAt(i);
  if (c < 0x20 || c === 0x7f) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${s[i]}'`;
}

/** JavaScript `String.prototype.trim` whitespace (also what node-semver trims), as a code-unit test. */
export function isJsWhitespace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Bounds `[start, end)` of `s` with characters matching `isSpace` removed from both ends. */
export function trimBounds(s: string, isSpace: (c: number) => boolean): [number, number] {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return [start, end];
}
