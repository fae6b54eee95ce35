import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCvss, metricTable, parseCvss, scoreCvss, type CvssSeverity, type CvssVersion } from './index.js';

const VERSIONS: readonly CvssVersion[] = ['2.0', '3.0', '3.1', '4.0'];

/** A random valid metric assignment: every mandatory metric, any subset of optional ones (X/ND allowed). */
function metricsArbitrary(version: CvssVersion): fc.Arbitrary<[string, string][]> {
  const parts = metricTable(version).map((definition) => {
    const value = fc.constantFrom(...definition.values);
    const pair = value.map((v): [string, string] => [definition.key, v]);
    return definition.required ? pair.map((p) => [p]) : fc.option(pair, { nil: undefined }).map((p) => (p ? [p] : []));
  });
  return fc.tuple(...parts).map((groups) => groups.flat());
}

function render(version: CvssVersion, pairs: readonly [string, string][], prefixV2 = false): string {
  const body = pairs.map(([key, value]) => `${key}:${value}`).join('/');
  return version === '2.0' && !prefixV2 ? body : `CVSS:${version}/${body}`;
}

/** Independent restatement of the rating scales (FIRST v3.1 §5 / v4.0 §6; NVD for v2). */
function expectedSeverity(score: number, version: CvssVersion): CvssSeverity {
  if (version === '2.0') return score < 4 ? 'Low' : score < 7 ? 'Medium' : 'High';
  if (score === 0) return 'None';
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  if (score < 9) return 'High';
  return 'Critical';
}

function isOneDecimal(score: number): boolean {
  return Math.abs(score * 10 - Math.round(score * 10)) < 1e-9;
}

describe.each(VERSIONS)('CVSS v%s properties', (version) => {
  it('format → parse → format is identical and parse(format(v)) deep-equals v', () => {
    fc.assert(
      fc.property(metricsArbitrary(version), (pairs) => {
        const parsed = parseCvss(render(version, pairs));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const text = formatCvss(parsed.value);
        const again = parseCvss(text);
        expect(again.ok && again.value).toEqual(parsed.value);
        expect(again.ok && formatCvss(again.value)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('any metric order parses (order "any") to the same canonical vector', () => {
    fc.assert(
      fc.property(
        metricsArbitrary(version).chain((pairs) => fc.tuple(fc.constant(pairs), fc.shuffledSubarray(pairs, { minLength: pairs.length }))),
        ([pairs, shuffled]) => {
          const canonical = parseCvss(render(version, pairs));
          // A bare v2 vector is recognised by its leading AV, so shuffled v2 vectors carry the prefix.
          const reordered = parseCvss(render(version, shuffled, true), { order: 'any' });
          expect(reordered.ok && canonical.ok && reordered.value).toEqual(canonical.ok && canonical.value);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('scores lie in [0, 10] with one decimal and severity matches the rating scale', () => {
    fc.assert(
      fc.property(metricsArbitrary(version), (pairs) => {
        const parsed = parseCvss(render(version, pairs));
        if (!parsed.ok) throw new Error(parsed.error.message);
        const s = scoreCvss(parsed.value);
        for (const score of [s.base, s.temporal, s.threat, s.environmental, s.overall]) {
          if (score === undefined) continue;
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(10);
          expect(isOneDecimal(score)).toBe(true);
        }
        expect(s.severity).toBe(expectedSeverity(s.overall, version));
      }),
      { numRuns: 300 },
    );
  });
});
