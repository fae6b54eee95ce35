import type { Result } from '../result.js';

/**
 * A versioning scheme: how one ecosystem spells and orders its versions.
 *
 * `parse` is done once per distinct version string (e.g. at SBOM import or advisory
 * import); `compare` then runs on the parsed form, which is what the matching hot path
 * uses. Every scheme must define a total order consistent with its own notion of
 * equality (`compare(a, b) === 0` exactly when the ecosystem treats them as the same
 * version, e.g. Maven `1.0` and `1.0.0`).
 */
export interface VersionScheme<V = unknown> {
  /** Scheme id, e.g. `npm`, `pypi`, `maven`, `deb`. */
  readonly id: string;
  parse(input: string): Result<V>;
  /** Negative, zero or positive like `Array.prototype.sort` comparators. */
  compare(a: V, b: V): number;
  isValid(input: string): boolean;
  /** Canonical spelling of a parsed version (used for display and round-trip tests). */
  format(version: V): string;
}
