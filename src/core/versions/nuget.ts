import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { describeChar, isDigit, isIdentChar } from './num.js';

/** A NuGet version (NuGet.Versioning `NuGetVersion`): up to four numbers, labels, metadata. */
export interface NuGetVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The legacy fourth number; 0 when absent. */
  readonly revision: number;
  /** Release labels as written (case preserved); empty for a release. */
  readonly releaseLabels: readonly string[];
  /** Build metadata after `+`, or the empty string. */
  readonly metadata: string;
}

const INT32_MAX = 2147483647;

/** .NET `char.IsWhiteSpace` (what `string.Trim()` removes). */
function isDotNetWhitespace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
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

/**
 * NuGet's numeric section: dot-separated runs of digits, 1 to 4 of them. An empty run
 * counts as 0 (NuGetVersionFactory `TryGetNormalizedVersion` accepts `1..2` and `1.`).
 */
function parseNumbers(s: string, start: number, end: number): Result<number[]> {
  const nums: number[] = [];
  let i = start;
  for (;;) {
    let value = 0;
    const runStart = i;
    while (i < end && s.charCodeAt(i) !== 46) {
      const c = s.charCodeAt(i);
      if (!isDigit(c)) return err('version.nuget.invalid', `Unexpected ${describeChar(s, i)} in the version number.`, i);
      value = value * 10 + (c - 48);
      if (value > INT32_MAX) return err('version.nuget.overflow', 'A version number exceeds a 32-bit integer.', runStart);
      i++;
    }
    nums.push(value);
    if (i >= end) break;
    if (nums.length === 4) return err('version.nuget.invalid', 'A NuGet version has at most four numbers.', i);
    i++;
    if (i >= end) break;
  }
  return ok(nums);
}

/** NuGet `IsValidPart`: non-empty `[0-9A-Za-z-]+`, and no leading zero on an all-digit label when not allowed. */
function checkPart(s: string, start: number, end: number, allowLeadingZeros: boolean, what: string): Result<true> {
  if (start === end) return err('version.nuget.invalid', `Empty ${what} part.`, start);
  let allDigits = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isIdentChar(c)) return err('version.nuget.invalid', `Unexpected ${describeChar(s, i)} in ${what}.`, i);
    if (!isDigit(c)) allDigits = false;
  }
  if (!allowLeadingZeros && allDigits && end - start > 1 && s.charCodeAt(start) === 48) {
    return err('version.nuget.leading_zero', `A numeric ${what} part has a leading zero.`, start);
  }
  return ok(true);
}

function splitChecked(s: string, start: number, end: number, allowLeadingZeros: boolean, what: string): Result<string[]> {
  const parts: string[] = [];
  let partStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || s.charCodeAt(i) === 46) {
      const c = checkPart(s, partStart, i, allowLeadingZeros, what);
      if (!c.ok) return c;
      parts.push(s.slice(partStart, i));
      partStart = i + 1;
    }
  }
  return ok(parts);
}

/**
 * Parses a version as NuGet.Versioning `NuGetVersion.TryParse` does: trims whitespace,
 * takes the numbers up to the first `-` or `+` (1 to 4 of them, leading zeros allowed),
 * release labels up to the next `+` (no leading zeros in numeric labels) and metadata
 * after it (leading zeros allowed). Numbers above 2^31-1 are rejected here (NuGet itself
 * lets them wrap around).
 */
export function parseNuGetVersion(input: string): Result<NuGetVersion> {
  let start = 0;
  let end = input.length;
  while (start < end && isDotNetWhitespace(input.charCodeAt(start))) start++;
  while (end > start && isDotNetWhitespace(input.charCodeAt(end - 1))) end--;
  if (start === end) return err('version.nuget.empty', 'Version is empty.', start);
  let numbersEnd = end;
  for (let i = start; i < end; i++) {
    const c = input.charCodeAt(i);
    if (c === 45 || c === 43) {
      numbersEnd = i;
      break;
    }
  }
  if (numbersEnd === start) return err('version.nuget.invalid', 'Expected a version number.', start);
  // NuGet keeps a trailing '-' or '+' inside the number section, which then fails.
  if (numbersEnd === end - 1) return err('version.nuget.invalid', `Nothing follows ${describeChar(input, numbersEnd)}.`, numbersEnd);
  const nums = parseNumbers(input, start, numbersEnd);
  if (!nums.ok) return nums;
  let releaseLabels: string[] = [];
  let metadata = '';
  let pos = numbersEnd;
  if (pos < end && input.charCodeAt(pos) === 45) {
    let labelsEnd = end;
    for (let i = pos + 1; i < end; i++) {
      if (input.charCodeAt(i) === 43) {
        labelsEnd = i;
        break;
      }
    }
    // A '+' as the very last character stays part of the labels in NuGet, and fails there.
    const effectiveEnd = labelsEnd === end - 1 ? end : labelsEnd;
    const labels = splitChecked(input, pos + 1, effectiveEnd, false, 'release label');
    if (!labels.ok) return labels;
    releaseLabels = labels.value;
    pos = effectiveEnd;
  }
  if (pos < end) {
    const meta = splitChecked(input, pos + 1, end, true, 'metadata');
    if (!meta.ok) return meta;
    metadata = input.slice(pos + 1, end);
  }
  const [major = 0, minor = 0, patch = 0, revision = 0] = nums.value;
  return ok({ major, minor, patch, revision, releaseLabels, metadata });
}

/** .NET `int.TryParse` on a label (`-?[0-9]+` within Int32), or undefined. */
function labelAsInt(label: string): number | undefined {
  let i = label.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= label.length) return undefined;
  let value = 0;
  for (; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    value = value * 10 + (c - 48);
    if (value > 2147483648) return undefined;
  }
  const signed = label.charCodeAt(0) === 45 ? -value : value;
  return signed > INT32_MAX ? undefined : signed;
}

/** `StringComparer.OrdinalIgnoreCase` on ASCII labels: upper-case both, then compare code units. */
function compareIgnoreCase(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 97 && x <= 122) x -= 32;
    if (y >= 97 && y <= 122) y -= 32;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** NuGet `CompareRelease`: numeric labels numerically and before others; others case-insensitively. */
function compareLabel(a: string, b: string): number {
  const x = labelAsInt(a);
  const y = labelAsInt(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return compareIgnoreCase(a, b);
}

/**
 * NuGet.Versioning `VersionComparer.Default`: the four numbers, then a release sorts after
 * any pre-release, then labels one by one (a shorter list first when it is a prefix).
 * Metadata is ignored.
 */
export function compareNuGetVersions(a: NuGetVersion, b: NuGetVersion): number {
  const n = a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.revision - b.revision;
  if (n !== 0) return n < 0 ? -1 : 1;
  const aPre = a.releaseLabels.length > 0;
  const bPre = b.releaseLabels.length > 0;
  if (aPre !== bPre) return aPre ? -1 : 1;
  const count = Math.max(a.releaseLabels.length, b.releaseLabels.length);
  for (let i = 0; i < count; i++) {
    if (i >= a.releaseLabels.length) return -1;
    if (i >= b.releaseLabels.length) return 1;
    const c = compareLabel(a.releaseLabels[i]!, b.releaseLabels[i]!);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/** NuGet `ToNormalizedString()`: `M.m.p`, `.r` only when the revision is non-zero, then labels. */
export function normalizedNuGetString(v: NuGetVersion): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.revision > 0) s += `.${v.revision}`;
  if (v.releaseLabels.length > 0) s += '-' + v.releaseLabels.join('.');
  return s;
}

/** NuGet `ToFullString()`: the normalized string plus `+metadata` when present. */
export function formatNuGetVersion(v: NuGetVersion): string {
  return v.metadata === '' ? normalizedNuGetString(v) : `${normalizedNuGetString(v)}+${v.metadata}`;
}

/** NuGet package versions (NuGet.Versioning semantics). */
export const nugetScheme: VersionScheme<NuGetVersion> = {
  id: 'nuget',
  parse: parseNuGetVersion,
  compare: compareNuGetVersions,
  isValid: (input) => parseNuGetVersion(input).ok,
  format: formatNuGetVersion,
};
