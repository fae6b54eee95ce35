import semver from 'semver';
import { err, ok, type Result } from '../result.js';
import { npmScheme } from '../versions/npm.js';
import type { SemVer } from '../versions/semver-core.js';
import { intersectIntervals, intervalContains, normalizeIntervals, type VersionInterval } from './interval.js';
import { intervalsToVersString, type NativeRange } from './native.js';

/**
 * npm (node-semver 7) ranges: `^ ~ x-ranges, hyphen ranges, ||`. The grammar is parsed by
 * node-semver itself (`new semver.Range`, non-loose), so every desugaring rule (`^0.0.x`,
 * `~1`, `<=1.2.x` → `<1.3.0-0`, `1.2 - 3` …) is node-semver's; each comparator set is then
 * turned into one interval over the npm version scheme, plus node-semver's pre-release rule:
 * a version with a pre-release tag is only in a set if some comparator of that set carries
 * a pre-release on the same major.minor.patch (unless `includePrerelease`).
 */

/** Ranges longer than this are refused up front, so parsing stays bounded on hostile input. */
export const NPM_RANGE_MAX_LENGTH = 4096;

/** Characters that can appear in a node-semver range (used only to point at a bad one). */
function isRangeChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    c === 46 || c === 43 || c === 45 || c === 60 || c === 62 || c === 61 || c === 126 || c === 94 || c === 42 || c === 124 || c === 32 || c === 9 || c === 10 || c === 13
  );
}

/** One comparator set: its interval and the major.minor.patch tuples allowed to be pre-releases. */
interface NpmSet {
  readonly interval: VersionInterval<SemVer>;
  readonly prereleaseTuples: ReadonlySet<string>;
}

/** Options mirroring node-semver's. */
export interface NpmRangeOptions {
  /** node-semver's `includePrerelease`: disables the pre-release rule. */
  readonly includePrerelease?: boolean;
}

function tupleOf(v: { major: unknown; minor: unknown; patch: unknown }): string {
  return `${String(v.major)}.${String(v.minor)}.${String(v.patch)}`;
}

/** node-semver's own test (`isAny`): the "any version" comparator has an empty value. */
function isAnyComparator(c: semver.Comparator): boolean {
  return c.value === '';
}

function comparatorInterval(c: semver.Comparator): Result<VersionInterval<SemVer>> {
  if (isAnyComparator(c)) return ok({ lower: null, upper: null });
  const parsed = npmScheme.parse(c.semver.version);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  switch (c.operator) {
    case '':
    case '=':
      return ok({ lower: { version: v, inclusive: true }, upper: { version: v, inclusive: true } });
    case '>':
      return ok({ lower: { version: v, inclusive: false }, upper: null });
    case '>=':
      return ok({ lower: { version: v, inclusive: true }, upper: null });
    case '<':
      return ok({ lower: null, upper: { version: v, inclusive: false } });
    case '<=':
      return ok({ lower: null, upper: { version: v, inclusive: true } });
    default:
      return err('range.npm.operator', `Unexpected comparator operator "${c.operator}".`);
  }
}

class NpmRange implements NativeRange<SemVer> {
  readonly syntax = 'npm' as const;
  readonly scheme = npmScheme;
  readonly source: string;
  readonly intervals: readonly VersionInterval<SemVer>[];
  readonly intervalsExact: boolean;
  /** node-semver's normalized form of the range, e.g. `>=1.2.3 <2.0.0-0`. */
  readonly normalized: string;
  readonly #sets: readonly NpmSet[];
  readonly #includePrerelease: boolean;

  constructor(source: string, normalized: string, sets: NpmSet[], includePrerelease: boolean) {
    this.source = source;
    this.normalized = normalized;
    this.#sets = sets;
    this.#includePrerelease = includePrerelease;
    this.intervals = normalizeIntervals(npmScheme, sets.map((s) => s.interval));
    this.intervalsExact = includePrerelease;
  }

  contains(version: string): boolean {
    const parsed = npmScheme.parse(version);
    return parsed.ok && this.containsParsed(parsed.value);
  }

  /** node-semver's `Range.test` on an already parsed version. */
  containsParsed(v: SemVer): boolean {
    for (const set of this.#sets) {
      if (!intervalContains(npmScheme, set.interval, v)) continue;
      if (v.prerelease.length === 0 || this.#includePrerelease || set.prereleaseTuples.has(tupleOf(v))) return true;
    }
    return false;
  }

  toVers(): Result<string> {
    return intervalsToVersString(npmScheme, this.intervals);
  }
}

/** Parses a node-semver range (non-loose), with a typed error when node-semver rejects it. */
export function parseNpmRange(input: string, options: NpmRangeOptions = {}): Result<NativeRange<SemVer> & { readonly normalized: string; containsParsed(v: SemVer): boolean }> {
  if (input.length > NPM_RANGE_MAX_LENGTH) {
    return err('range.npm.too-long', `npm ranges are limited to ${NPM_RANGE_MAX_LENGTH} characters.`, NPM_RANGE_MAX_LENGTH);
  }
  const includePrerelease = options.includePrerelease === true;
  let range: semver.Range;
  try {
    range = new semver.Range(input, { includePrerelease });
  } catch (e) {
    let bad = -1;
    for (let i = 0; i < input.length && bad < 0; i++) if (!isRangeChar(input.charCodeAt(i))) bad = i;
    const message = `Invalid npm range: ${e instanceof Error ? e.message : String(e)}`;
    return bad >= 0 ? err('range.npm.invalid', message, bad) : err('range.npm.invalid', message);
  }
  const sets: NpmSet[] = [];
  for (const comparators of range.set) {
    let interval: VersionInterval<SemVer> = { lower: null, upper: null };
    const tuples = new Set<string>();
    for (const c of comparators) {
      const ci = comparatorInterval(c);
      if (!ci.ok) return ci;
      interval = intersectIntervals(npmScheme, interval, ci.value);
      if (!isAnyComparator(c) && c.semver.prerelease.length > 0) tuples.add(tupleOf(c.semver));
    }
    sets.push({ interval, prereleaseTuples: tuples });
  }
  return ok(new NpmRange(input, range.range, sets, includePrerelease));
}
