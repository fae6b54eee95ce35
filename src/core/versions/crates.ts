import type { Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareSemver, formatSemver, parseSemver, type SemVer, type SemverSyntax } from './semver-core.js';

/**
 * The grammar of the Rust `semver` crate's `Version::parse` (what Cargo and crates.io use):
 * bare SemVer 2.0.0, no `v` prefix, no surrounding whitespace, numbers without leading
 * zeros and major/minor/patch at most `u64::MAX`.
 */
const CRATES_SYNTAX: SemverSyntax = {
  code: 'version.crates',
  allowLeadingV: false,
  maxCore: '18446744073709551615',
};

/** Parses a crates.io version as the Rust `semver` crate does. */
export function parseCratesVersion(input: string): Result<SemVer> {
  return parseSemver(input, CRATES_SYNTAX);
}

/**
 * crates.io versions, ordered by SemVer 2.0.0 precedence. Build metadata is ignored for
 * ordering (as Cargo's requirement matching does); the `semver` crate's own `Ord` uses it
 * as a final tie-breaker, which matters only for sorting and not for "is affected" checks.
 */
export const cratesScheme: VersionScheme<SemVer> = {
  id: 'crates',
  parse: parseCratesVersion,
  compare: compareSemver,
  isValid: (input) => parseCratesVersion(input).ok,
  format: formatSemver,
};
