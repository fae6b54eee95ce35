import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { isDigit } from './num.js';
import { compareSemver, formatSemver, parseSemver, type SemVer, type SemverSyntax } from './semver-core.js';

/** A Go module version: SemVer plus how it was spelled (`v1` is shorthand for `v1.0.0`). */
export interface GoVersion extends SemVer {
  /** True for the `vMAJOR` and `vMAJOR.MINOR` shorthands, which golang.org/x/mod/semver accepts. */
  readonly shorthand: boolean;
}

const GO_SYNTAX: SemverSyntax = { code: 'version.go', allowLeadingV: false };

/** Length of the shorthand `MAJOR` or `MAJOR.MINOR` form at `s[from..]`, or -1 when it is not one. */
function shorthandDots(s: string, from: number): number {
  let dots = 0;
  let runStart = from;
  for (let i = from; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (i === runStart) return -1;
      if (i < s.length) dots++;
      runStart = i + 1;
    } else if (!isDigit(c)) {
      return -1;
    }
  }
  return dots <= 1 ? dots : -1;
}

function parseGoBody(input: string, from: number): Result<GoVersion> {
  const dots = shorthandDots(input, from);
  const body = dots === 0 ? input.slice(from) + '.0.0' : dots === 1 ? input.slice(from) + '.0' : input.slice(from);
  const parsed = parseSemver(body, GO_SYNTAX);
  if (!parsed.ok) {
    const e = parsed.error;
    const position = e.position === undefined ? undefined : Math.min(e.position + from, input.length);
    return err(e.code, e.message, position);
  }
  return ok({ ...parsed.value, shorthand: dots >= 0 });
}

/**
 * Parses a Go module version as golang.org/x/mod/semver does: a mandatory leading `v`,
 * numbers without leading zeros, `vMAJOR` and `vMAJOR.MINOR` shorthands (without
 * pre-release or build), and otherwise SemVer 2.0.0. `+incompatible` is build metadata
 * and pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`) are ordinary pre-releases.
 */
export function parseGoVersion(input: string): Result<GoVersion> {
  if (input.length === 0) return err('version.go.empty', 'Version is empty.', 0);
  if (input.charCodeAt(0) !== 118) return err('version.go.missing_v', "Go module versions start with 'v'.", 0);
  return parseGoBody(input, 1);
}

/**
 * Parses a Go version with or without the leading `v`: OSV advisories for the Go
 * ecosystem spell versions without it (`1.2.3`) while module paths and purls keep it.
 */
export function parseGoVersionLenient(input: string): Result<GoVersion> {
  if (input.length === 0) return err('version.go.empty', 'Version is empty.', 0);
  return parseGoBody(input, input.charCodeAt(0) === 118 ? 1 : 0);
}

/** golang.org/x/mod/semver `Canonical`: shorthands expanded, build metadata dropped. */
export function canonicalGoVersion(v: GoVersion): string {
  return 'v' + formatSemver({ ...v, build: [] });
}

/** `Canonical` plus any build metadata (so `+incompatible` survives, as module.CanonicalVersion keeps it). */
export function formatGoVersion(v: GoVersion): string {
  return 'v' + formatSemver(v);
}

/**
 * Go module versions, ordered as golang.org/x/mod/semver `Compare` (SemVer precedence;
 * build metadata such as `+incompatible` ignored).
 */
export const goScheme: VersionScheme<GoVersion> = {
  id: 'go',
  parse: parseGoVersion,
  compare: compareSemver,
  isValid: (input) => parseGoVersion(input).ok,
  format: formatGoVersion,
};

/** {@link goScheme} accepting OSV's spelling without the `v`; formats always add it. */
export const goOsvScheme: VersionScheme<GoVersion> = {
  id: 'go-osv',
  parse: parseGoVersionLenient,
  compare: compareSemver,
  isValid: (input) => parseGoVersionLenient(input).ok,
  format: formatGoVersion,
};
