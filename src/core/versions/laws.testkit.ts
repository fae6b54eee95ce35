/**
 * Shared property checks for version-scheme tests (not a test file itself): total-order
 * laws over generated valid versions and parse/format round trips.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { VersionScheme } from './scheme.js';

function sgn(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function parseOk<V>(scheme: VersionScheme<V>, s: string): V {
  const r = scheme.parse(s);
  if (!r.ok) throw new Error(`${scheme.id}: generated version ${JSON.stringify(s)} did not parse: ${r.error.message}`);
  return r.value;
}

/** Options for {@link checkOrderLaws}. */
export interface LawOptions {
  /** True when `compare(a, b) === 0` exactly when the formats are equal. */
  readonly formatIsCanonical: boolean;
  readonly numRuns?: number;
  /**
   * False when the scheme's own canonical form is not a fixed point (Maven's getCanonical
   * of `1.b.` is `1.b`, which re-canonicalizes to `1-b`); the round trip then only checks
   * that the formatted version compares equal.
   */
  readonly formatIdempotent?: boolean;
  /** False when re-parsing the format is not guaranteed to give an equal version (see Maven tests). */
  readonly roundTrip?: boolean;
}

/**
 * Reflexivity, antisymmetry, transitivity, agreement of `compare` with `format`, and the
 * round trip `parse(format(v))`, over versions drawn from `gen` (which must be valid).
 */
export function checkOrderLaws<V>(scheme: VersionScheme<V>, gen: fc.Arbitrary<string>, options: LawOptions): void {
  const numRuns = options.numRuns ?? 300;
  fc.assert(
    fc.property(gen, (s) => {
      const v = parseOk(scheme, s);
      expect(scheme.isValid(s)).toBe(true);
      expect(scheme.compare(v, v)).toBe(0);
      const f = scheme.format(v);
      if (options.roundTrip === false) return;
      const back = parseOk(scheme, f);
      expect(scheme.compare(back, v)).toBe(0);
      if (options.formatIdempotent !== false) expect(scheme.format(back)).toBe(f);
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(gen, gen, (x, y) => {
      const a = parseOk(scheme, x);
      const b = parseOk(scheme, y);
      const ab = scheme.compare(a, b);
      expect(sgn(scheme.compare(b, a))).toBe(0 - sgn(ab) || 0);
      const sameFormat = scheme.format(a) === scheme.format(b);
      if (sameFormat) expect(ab).toBe(0);
      if (options.formatIsCanonical) expect(ab === 0).toBe(sameFormat);
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(gen, gen, gen, (x, y, z) => {
      const sorted = [x, y, z].map((s) => parseOk(scheme, s)).sort((p, q) => scheme.compare(p, q));
      const [a, b, c] = sorted as [V, V, V];
      expect(scheme.compare(a, b)).toBeLessThanOrEqual(0);
      expect(scheme.compare(b, c)).toBeLessThanOrEqual(0);
      expect(scheme.compare(a, c)).toBeLessThanOrEqual(0);
      if (scheme.compare(a, b) === 0 && scheme.compare(b, c) === 0) expect(scheme.compare(a, c)).toBe(0);
    }),
    { numRuns },
  );
}

/** Asserts that every version in `ordered` sorts strictly before every later one. */
export function expectStrictOrder<V>(scheme: VersionScheme<V>, ordered: readonly string[]): void {
  const parsed = ordered.map((s) => parseOk(scheme, s));
  for (let i = 0; i < parsed.length; i++) {
    for (let j = 0; j < parsed.length; j++) {
      const c = sgn(scheme.compare(parsed[i]!, parsed[j]!));
      if (c !== sgn(i - j)) throw new Error(`${scheme.id}: expected ${ordered[i]} ${i < j ? '<' : i > j ? '>' : '=='} ${ordered[j]}, got ${c}`);
    }
  }
}

/** Asserts `compare(a, b)` has the given sign (both directions). */
export function expectCompare<V>(scheme: VersionScheme<V>, a: string, b: string, expected: -1 | 0 | 1): void {
  const c = sgn(scheme.compare(parseOk(scheme, a), parseOk(scheme, b)));
  const r = sgn(scheme.compare(parseOk(scheme, b), parseOk(scheme, a)));
  if (c !== expected || r !== -expected) throw new Error(`${scheme.id}: compare(${a}, ${b}) = ${c}, reverse ${r}; expected ${expected}`);
}

/** Asserts the input is rejected with an error carrying a position inside the input. */
export function expectRejectedAt<V>(scheme: VersionScheme<V>, input: string, position?: number): void {
  const r = scheme.parse(input);
  if (r.ok) throw new Error(`${scheme.id}: expected ${JSON.stringify(input.slice(0, 60))} to be rejected`);
  expect(r.error.code).toMatch(/^version\./);
  expect(typeof r.error.position).toBe('number');
  expect(r.error.position!).toBeGreaterThanOrEqual(0);
  expect(r.error.position!).toBeLessThanOrEqual(input.length);
  if (position !== undefined) expect(r.error.position).toBe(position);
}

/** Builds an oracle check: every input's validity and form, and every recorded pair's order. */
export interface OracleFile {
  readonly source: string;
  readonly inputs: readonly { readonly in: string; readonly valid: boolean; readonly [k: string]: unknown }[];
  readonly pairs: readonly (readonly [number, number, number])[];
}
