import type { Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareSemver, formatSemver, parseSemver, type SemVer, type SemverSyntax } from './semver-core.js';

/** Bare SemVer 2.0.0 (semver.org grammar): no prefix, no whitespace, numbers of any size. */
const SEMVER_SYNTAX: SemverSyntax = { code: 'version.semver', allowLeadingV: false };

/** Parses a version by the bare SemVer 2.0.0 grammar. */
export function parseSemverVersion(input: string): Result<SemVer> {
  return parseSemver(input, SEMVER_SYNTAX);
}

/**
 * Plain SemVer 2.0.0, for ecosystems whose advisories use OSV's `SEMVER` range type
 * without an ecosystem-specific grammar (e.g. Bitnami).
 */
export const semverScheme: VersionScheme<SemVer> = {
  id: 'semver',
  parse: parseSemverVersion,
  compare: compareSemver,
  isValid: (input) => parseSemverVersion(input).ok,
  format: formatSemver,
};
