import type { Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareSemver, formatSemver, parseSemver, type SemVer, type SemverSyntax } from './semver-core.js';

/**
 * Elixir's `Version.parse` grammar (what Hex uses): bare SemVer 2.0.0, no `v` prefix,
 * no whitespace, no leading zeros in numbers, numbers of any size.
 */
const HEX_SYNTAX: SemverSyntax = { code: 'version.hex', allowLeadingV: false };

/** Parses a Hex (Elixir) version. */
export function parseHexVersion(input: string): Result<SemVer> {
  return parseSemver(input, HEX_SYNTAX);
}

/** Hex (Elixir `Version`) versions: SemVer 2.0.0, build metadata ignored for ordering. */
export const hexScheme: VersionScheme<SemVer> = {
  id: 'hex',
  parse: parseHexVersion,
  compare: compareSemver,
  isValid: (input) => parseHexVersion(input).ok,
  format: formatSemver,
};
