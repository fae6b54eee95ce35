import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from '../versions/scheme.js';
import { formatVers, intervalsToVers } from './vers.js';
import type { VersionInterval } from './interval.js';

/**
 * A range written in one ecosystem's native syntax (npm, Maven, PyPI specifiers, GHSA
 * strings, NVD bounds), parsed into the common interval representation.
 */
export interface NativeRange<V> {
  readonly syntax: 'npm' | 'maven' | 'pypi' | 'ghsa' | 'nvd';
  /** The input as given. */
  readonly source: string;
  readonly scheme: VersionScheme<V>;
  /** The range as disjoint intervals in ascending order. */
  readonly intervals: readonly VersionInterval<V>[];
  /**
   * Whether {@link intervals} alone decide membership exactly. False when the native syntax
   * adds rules intervals cannot express (npm's pre-release rule, PyPI's rules for local
   * versions and for pre-/post-releases of a bound); {@link contains} always applies them.
   */
  readonly intervalsExact: boolean;
  /** Native membership test; an unparseable version is never contained. */
  contains(version: string): boolean;
  /** The intervals as a canonical `vers` (subject to {@link intervalsExact}); an empty range has none. */
  toVers(): Result<string>;
}

/** The `vers` type used for each scheme id when converting intervals. */
const VERS_TYPE_BY_SCHEME: Readonly<Record<string, string>> = {
  npm: 'npm',
  pypi: 'pypi',
  maven: 'maven',
  go: 'golang',
  'go-osv': 'golang',
  nuget: 'nuget',
  rubygems: 'gem',
  composer: 'composer',
  crates: 'cargo',
  hex: 'hex',
  pub: 'pub',
  semver: 'semver',
  generic: 'generic',
  deb: 'deb',
  rpm: 'rpm',
  alpine: 'alpine',
};

/** The `vers` type for a version scheme (its purl type where one exists). */
export function versTypeForScheme(scheme: VersionScheme<unknown>): string {
  return VERS_TYPE_BY_SCHEME[scheme.id] ?? scheme.id;
}

/** Formats intervals of a scheme as a canonical `vers` string. */
export function intervalsToVersString<V>(scheme: VersionScheme<V>, intervals: readonly VersionInterval<V>[]): Result<string> {
  const s = scheme as VersionScheme<unknown>;
  const range = intervalsToVers(versTypeForScheme(s), s, intervals as readonly VersionInterval<unknown>[]);
  if (!range.star && range.constraints.length === 0) {
    return err('range.vers.empty', 'This range matches no version; vers has no way to write an empty range.');
  }
  return ok(formatVers(range));
}
