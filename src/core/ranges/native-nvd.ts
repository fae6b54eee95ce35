import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from '../versions/scheme.js';
import { intervalsContain, normalizeIntervals, pointInterval, rememberSpelling, type Bound, type VersionInterval } from './interval.js';
import { intervalsToVersString, type NativeRange } from './native.js';

/**
 * NVD CPE match bounds (`cpeMatch` / `cpe_match` in the NVD CVE API 2.0 and 1.1 feeds):
 * `versionStartIncluding` / `versionStartExcluding` / `versionEndIncluding` /
 * `versionEndExcluding`, plus the version of the CPE name itself. Without any bound the
 * CPE version decides: `*` (or absent) is every version, `-` (NA) is none, anything else
 * that exact version. NVD versions are vendor strings; pass the scheme that orders them
 * (often the ecosystem's, else the generic scheme).
 */
export interface NvdBounds {
  readonly versionStartIncluding?: string;
  readonly versionStartExcluding?: string;
  readonly versionEndIncluding?: string;
  readonly versionEndExcluding?: string;
  /** The version component of the CPE name (`cpe:2.3:a:vendor:product:VERSION:…`). */
  readonly criteriaVersion?: string;
}

class NvdRange<V> implements NativeRange<V> {
  readonly syntax = 'nvd' as const;
  readonly intervalsExact = true;
  readonly source: string;
  readonly scheme: VersionScheme<V>;
  readonly intervals: readonly VersionInterval<V>[];

  constructor(source: string, scheme: VersionScheme<V>, intervals: VersionInterval<V>[]) {
    this.source = source;
    this.scheme = scheme;
    this.intervals = normalizeIntervals(scheme, intervals);
  }

  contains(version: string): boolean {
    const v = this.scheme.parse(version);
    return v.ok && intervalsContain(this.scheme, this.intervals, v.value);
  }

  toVers(): Result<string> {
    return intervalsToVersString(this.scheme, this.intervals);
  }
}

function describe(b: NvdBounds): string {
  return (['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding', 'criteriaVersion'] as const)
    .filter((k) => b[k] !== undefined)
    .map((k) => `${k}=${b[k]}`)
    .join(', ');
}

/** Builds the interval an NVD CPE match describes. Errors name the offending field in `code`. */
export function parseNvdRange<V>(bounds: NvdBounds, scheme: VersionScheme<V>): Result<NativeRange<V>> {
  const source = describe(bounds);
  if (bounds.versionStartIncluding !== undefined && bounds.versionStartExcluding !== undefined) {
    return err('range.nvd.start.conflict', 'Both versionStartIncluding and versionStartExcluding are set.');
  }
  if (bounds.versionEndIncluding !== undefined && bounds.versionEndExcluding !== undefined) {
    return err('range.nvd.end.conflict', 'Both versionEndIncluding and versionEndExcluding are set.');
  }
  const bound = (field: keyof NvdBounds, inclusive: boolean): Result<Bound<V> | null> => {
    const text = bounds[field];
    if (text === undefined) return ok(null);
    const v = scheme.parse(text);
    if (!v.ok) return err(`range.nvd.${field}`, `${field} "${text}" is not a valid ${scheme.id} version: ${v.error.message}`);
    return ok({ version: rememberSpelling(v.value, text), inclusive });
  };
  const startIncl = bound('versionStartIncluding', true);
  const startExcl = bound('versionStartExcluding', false);
  const endIncl = bound('versionEndIncluding', true);
  const endExcl = bound('versionEndExcluding', false);
  for (const r of [startIncl, startExcl, endIncl, endExcl]) if (!r.ok) return r;
  const lower = (startIncl.ok && startIncl.value) || (startExcl.ok && startExcl.value) || null;
  const upper = (endIncl.ok && endIncl.value) || (endExcl.ok && endExcl.value) || null;
  const cv = bounds.criteriaVersion;
  if (lower !== null || upper !== null) {
    if (cv !== undefined && cv !== '*' && cv !== '') {
      return err('range.nvd.criteria-version', `A CPE version "${cv}" together with start/end bounds is contradictory.`);
    }
    return ok(new NvdRange(source, scheme, [{ lower, upper }]));
  }
  if (cv === undefined || cv === '*' || cv === '') return ok(new NvdRange(source, scheme, [{ lower: null, upper: null }]));
  if (cv === '-') return ok(new NvdRange(source, scheme, []));
  const v = scheme.parse(cv);
  if (!v.ok) return err('range.nvd.criteriaVersion', `CPE version "${cv}" is not a valid ${scheme.id} version: ${v.error.message}`);
  return ok(new NvdRange(source, scheme, [pointInterval(rememberSpelling(v.value, cv))]));
}
