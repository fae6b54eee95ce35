import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from '../versions/scheme.js';
import { intersectIntervals, intervalsContain, normalizeIntervals, pointInterval, rememberSpelling, type VersionInterval } from './interval.js';
import { intervalsToVersString, type NativeRange } from './native.js';

/**
 * GitHub Security Advisory range strings (`vulnerable_version_range`, also OSV's
 * `database_specific.last_known_affected_version_range`): comma-separated comparisons that
 * must all hold, e.g. `>= 1.0.0, < 2.0.0`, `< 4.17.21`, `= 1.2.3`, `<= 2.0`. Operators are
 * `=`, `<`, `<=`, `>`, `>=`; a space after the operator is optional; versions are read with
 * the ecosystem's scheme (GitHub compares them the ecosystem's way).
 */
export type GhsaOperator = '=' | '<' | '<=' | '>' | '>=';

export const GHSA_RANGE_MAX_LENGTH = 4096;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function comparison<V>(op: GhsaOperator, v: V): VersionInterval<V> {
  switch (op) {
    case '=':
      return pointInterval(v);
    case '<':
      return { lower: null, upper: { version: v, inclusive: false } };
    case '<=':
      return { lower: null, upper: { version: v, inclusive: true } };
    case '>':
      return { lower: { version: v, inclusive: false }, upper: null };
    case '>=':
      return { lower: { version: v, inclusive: true }, upper: null };
  }
}

class GhsaRange<V> implements NativeRange<V> {
  readonly syntax = 'ghsa' as const;
  readonly intervalsExact = true;
  readonly source: string;
  readonly scheme: VersionScheme<V>;
  readonly intervals: readonly VersionInterval<V>[];
  /** The comparisons in input order. */
  readonly comparisons: readonly { readonly operator: GhsaOperator; readonly version: string }[];

  constructor(source: string, scheme: VersionScheme<V>, comparisons: { operator: GhsaOperator; version: string; parsed: V }[]) {
    this.source = source;
    this.scheme = scheme;
    this.comparisons = comparisons.map(({ operator, version }) => ({ operator, version }));
    let acc: VersionInterval<V> = { lower: null, upper: null };
    for (const c of comparisons) acc = intersectIntervals(scheme, acc, comparison(c.operator, c.parsed));
    this.intervals = normalizeIntervals(scheme, [acc]);
  }

  contains(version: string): boolean {
    const v = this.scheme.parse(version);
    return v.ok && intervalsContain(this.scheme, this.intervals, v.value);
  }

  toVers(): Result<string> {
    return intervalsToVersString(this.scheme, this.intervals);
  }
}

/** Parses a GHSA range string with the given ecosystem scheme. */
export function parseGhsaRange<V>(input: string, scheme: VersionScheme<V>): Result<NativeRange<V> & { readonly comparisons: readonly { readonly operator: GhsaOperator; readonly version: string }[] }> {
  if (input.length > GHSA_RANGE_MAX_LENGTH) return err('range.ghsa.too-long', `GHSA ranges are limited to ${GHSA_RANGE_MAX_LENGTH} characters.`, GHSA_RANGE_MAX_LENGTH);
  const comparisons: { operator: GhsaOperator; version: string; parsed: V }[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && isSpace(input.charCodeAt(i))) i++;
    if (i >= input.length && comparisons.length === 0) return err('range.ghsa.empty', 'Empty range.', 0);
    let operator: GhsaOperator;
    if (input.startsWith('>=', i) || input.startsWith('<=', i)) operator = input.slice(i, i + 2) as GhsaOperator;
    else if (input[i] === '<' || input[i] === '>' || input[i] === '=') operator = input[i] as GhsaOperator;
    else return err('range.ghsa.operator', 'Expected one of =, <, <=, >, >=.', i);
    i += operator.length;
    while (i < input.length && isSpace(input.charCodeAt(i))) i++;
    const vStart = i;
    while (i < input.length && input[i] !== ',' && !isSpace(input.charCodeAt(i))) i++;
    const text = input.slice(vStart, i);
    if (text.length === 0) return err('range.ghsa.version.empty', `Missing version after "${operator}".`, vStart);
    const parsed = scheme.parse(text);
    if (!parsed.ok) return err('range.ghsa.version', `"${text}" is not a valid ${scheme.id} version: ${parsed.error.message}`, vStart);
    comparisons.push({ operator, version: text, parsed: rememberSpelling(parsed.value, text) });
    while (i < input.length && isSpace(input.charCodeAt(i))) i++;
    if (i >= input.length) break;
    if (input[i] !== ',') return err('range.ghsa.separator', 'Comparisons are separated by ",".', i);
    i++;
  }
  return ok(new GhsaRange(input, scheme, comparisons));
}
