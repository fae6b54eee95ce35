import type { Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { isJsWhitespace } from './num.js';
import { compareSemver, formatSemver, parseSemver, type SemVer, type SemverSyntax } from './semver-core.js';

/**
 * What node-semver (7.x) accepts with its default, non-loose options (`semver.valid(v)`):
 * the input is at most 256 characters, is trimmed of JavaScript whitespace, may start with
 * one lowercase `v` (but not `=` or `V`, which only the loose grammar allows), and
 * major/minor/patch must not exceed `Number.MAX_SAFE_INTEGER`.
 */
const NPM_SYNTAX: SemverSyntax = {
  code: 'version.npm',
  allowLeadingV: true,
  trim: isJsWhitespace,
  maxLength: 256,
  maxCore: String(Number.MAX_SAFE_INTEGER),
};

/** Parses an npm version exactly as node-semver's non-loose `semver.parse` accepts it. */
export function parseNpmVersion(input: string): Result<SemVer> {
  return parseSemver(input, NPM_SYNTAX);
}

/**
 * npm (node-semver) versions. Ordering is SemVer 2.0.0 precedence, as `semver.compare`;
 * the one deliberate difference is that numeric pre-release identifiers of 2^53 or more
 * compare exactly, where node-semver compares them as rounded doubles.
 * `format` gives node-semver's normalized `version` plus `+build` when present.
 */
export const npmScheme: VersionScheme<SemVer> = {
  id: 'npm',
  parse: parseNpmVersion,
  compare: compareSemver,
  isValid: (input) => parseNpmVersion(input).ok,
  format: formatSemver,
};
