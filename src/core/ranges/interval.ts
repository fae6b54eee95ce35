import type { VersionScheme } from '../versions/scheme.js';

/**
 * The common representation every range syntax is converted to: a union of intervals over
 * one {@link VersionScheme}'s total order. A missing bound is unbounded on that side.
 */
export interface Bound<V> {
  readonly version: V;
  readonly inclusive: boolean;
}

/** One interval; `lower`/`upper` `null` means unbounded (−∞ / +∞). */
export interface VersionInterval<V> {
  readonly lower: Bound<V> | null;
  readonly upper: Bound<V> | null;
}

/**
 * How a parsed version was spelled in the range text it came from, so that conversions to
 * `vers` can keep `1.0` rather than a scheme's canonical `1`. Weak: it never keeps a
 * version alive.
 */
const spellings = new WeakMap<object, string>();

/** Remembers the source spelling of a parsed version (objects only; others are ignored). */
export function rememberSpelling<V>(version: V, text: string): V {
  if (typeof version === 'object' && version !== null) spellings.set(version, text);
  return version;
}

/** The remembered source spelling of a version, else the scheme's canonical format. */
export function spell<V>(scheme: VersionScheme<V>, version: V): string {
  return (typeof version === 'object' && version !== null ? spellings.get(version) : undefined) ?? scheme.format(version);
}

/** The interval holding every version. */
export const EVERYTHING: VersionInterval<never> = { lower: null, upper: null };

/** `[v, v]`. */
export function pointInterval<V>(version: V): VersionInterval<V> {
  return { lower: { version, inclusive: true }, upper: { version, inclusive: true } };
}

/** True when `v` lies inside the interval. */
export function intervalContains<V>(scheme: VersionScheme<V>, interval: VersionInterval<V>, v: V): boolean {
  const { lower, upper } = interval;
  if (lower !== null) {
    const c = scheme.compare(v, lower.version);
    if (c < 0 || (c === 0 && !lower.inclusive)) return false;
  }
  if (upper !== null) {
    const c = scheme.compare(v, upper.version);
    if (c > 0 || (c === 0 && !upper.inclusive)) return false;
  }
  return true;
}

/** True when no version can lie in the interval (as far as bounds alone can tell). */
export function intervalIsEmpty<V>(scheme: VersionScheme<V>, interval: VersionInterval<V>): boolean {
  if (interval.lower === null || interval.upper === null) return false;
  const c = scheme.compare(interval.lower.version, interval.upper.version);
  return c > 0 || (c === 0 && !(interval.lower.inclusive && interval.upper.inclusive));
}

/** Orders lower bounds: −∞ first; at equal versions an inclusive bound starts earlier. */
function compareLower<V>(scheme: VersionScheme<V>, a: Bound<V> | null, b: Bound<V> | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const c = scheme.compare(a.version, b.version);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1;
}

/** Orders upper bounds: +∞ last; at equal versions an inclusive bound ends later. */
function compareUpper<V>(scheme: VersionScheme<V>, a: Bound<V> | null, b: Bound<V> | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const c = scheme.compare(a.version, b.version);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1;
}

/** Whether an interval ending at `upper` touches or overlaps one starting at `lower`. */
function reaches<V>(scheme: VersionScheme<V>, upper: Bound<V> | null, lower: Bound<V> | null): boolean {
  if (upper === null || lower === null) return true;
  const c = scheme.compare(upper.version, lower.version);
  return c > 0 || (c === 0 && (upper.inclusive || lower.inclusive));
}

/** Intersection of two intervals (possibly empty). */
export function intersectIntervals<V>(
  scheme: VersionScheme<V>,
  a: VersionInterval<V>,
  b: VersionInterval<V>,
): VersionInterval<V> {
  return {
    lower: compareLower(scheme, a.lower, b.lower) >= 0 ? a.lower : b.lower,
    upper: compareUpper(scheme, a.upper, b.upper) <= 0 ? a.upper : b.upper,
  };
}

/**
 * Sorts, drops empty intervals and merges overlapping or touching ones, giving the
 * canonical form: disjoint intervals in ascending order.
 */
export function normalizeIntervals<V>(
  scheme: VersionScheme<V>,
  intervals: readonly VersionInterval<V>[],
): VersionInterval<V>[] {
  const sorted = intervals
    .filter((i) => !intervalIsEmpty(scheme, i))
    .sort((x, y) => compareLower(scheme, x.lower, y.lower));
  const out: VersionInterval<V>[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && reaches(scheme, last.upper, next.lower)) {
      out[out.length - 1] = {
        lower: last.lower,
        upper: compareUpper(scheme, last.upper, next.upper) >= 0 ? last.upper : next.upper,
      };
    } else {
      out.push(next);
    }
  }
  return out;
}

/** Removes single versions from a union of intervals (`!=` constraints). */
export function excludePoints<V>(
  scheme: VersionScheme<V>,
  intervals: readonly VersionInterval<V>[],
  points: readonly V[],
): VersionInterval<V>[] {
  let current = [...intervals];
  for (const p of points) {
    const next: VersionInterval<V>[] = [];
    for (const i of current) {
      if (!intervalContains(scheme, i, p)) {
        next.push(i);
        continue;
      }
      next.push({ lower: i.lower, upper: { version: p, inclusive: false } });
      next.push({ lower: { version: p, inclusive: false }, upper: i.upper });
    }
    current = next.filter((i) => !intervalIsEmpty(scheme, i));
  }
  return current;
}

/**
 * Membership test on a NORMALIZED interval list (see {@link normalizeIntervals}) by binary
 * search over lower bounds: O(log n) comparisons.
 */
export function intervalsContain<V>(scheme: VersionScheme<V>, intervals: readonly VersionInterval<V>[], v: V): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  let candidate = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const lower = intervals[mid]!.lower;
    if (lower === null || scheme.compare(lower.version, v) <= 0) {
      candidate = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  // The interval starting at or before v is the only one that can hold it; an exclusive
  // lower bound equal to v may still leave v in the previous interval.
  for (let k = candidate; k >= 0 && k >= candidate - 1; k--) {
    if (intervalContains(scheme, intervals[k]!, v)) return true;
  }
  return false;
}

/** Human-readable interval notation, e.g. `[1.0, 2.0)` or `(-∞, 1.5]`, using `scheme.format`. */
export function formatInterval<V>(scheme: VersionScheme<V>, i: VersionInterval<V>): string {
  const lo = i.lower === null ? '(-∞' : `${i.lower.inclusive ? '[' : '('}${scheme.format(i.lower.version)}`;
  const hi = i.upper === null ? '+∞)' : `${scheme.format(i.upper.version)}${i.upper.inclusive ? ']' : ')'}`;
  return `${lo}, ${hi}`;
}
