import type { VersionScheme } from '../versions/scheme.js';

const FAILED: unique symbol = Symbol('unparseable');

/**
 * A version string whose parsed forms are cached per scheme, so that checking one
 * installed version against many compiled advisories parses it once per scheme, not once
 * per advisory.
 */
export class PreparedVersion {
  readonly raw: string;
  readonly #parsed = new Map<VersionScheme<unknown>, unknown>();
  #bare: PreparedVersion | null | undefined;

  constructor(raw: string) {
    this.raw = raw;
  }

  /** The version parsed with `scheme`, or `undefined` when the scheme rejects it. */
  parsedWith<V>(scheme: VersionScheme<V>): V | undefined {
    const key = scheme as VersionScheme<unknown>;
    let value = this.#parsed.get(key);
    if (value === undefined) {
      const r = scheme.parse(this.raw);
      value = r.ok ? r.value : FAILED;
      this.#parsed.set(key, value);
    }
    return value === FAILED ? undefined : (value as V);
  }

  /** The same version without a leading `v` before a digit (`v1.2.3` → `1.2.3`), if it has one. */
  withoutLeadingV(): PreparedVersion | undefined {
    if (this.#bare === undefined) {
      const c = this.raw.charCodeAt(1);
      this.#bare = this.raw.startsWith('v') && c >= 48 && c <= 57 ? new PreparedVersion(this.raw.slice(1)) : null;
    }
    return this.#bare ?? undefined;
  }
}

/** Wraps a raw version string for repeated evaluation (see {@link PreparedVersion}). */
export function prepareVersion(raw: string | PreparedVersion): PreparedVersion {
  return typeof raw === 'string' ? new PreparedVersion(raw) : raw;
}
