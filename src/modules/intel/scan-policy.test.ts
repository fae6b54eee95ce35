import { describe, expect, it } from 'vitest';
import { breaks, describeViolation, evaluatePolicy, parseFailOn, uncontrolledByRule, UNCONTROLLED_EPSS, type PolicyFinding } from './scan-policy.js';
import type { RatedSeverity, SeverityLevel } from './severity.js';

/** --fail-on rules and the offline uncontrolled-risk rule, at their boundaries. */

const rated = (level: SeverityLevel, score: number | null = null): RatedSeverity => ({ level, score, vector: null, source: null });

function finding(vulnId: string, severity: RatedSeverity, kev = false, epss: number | null = null): PolicyFinding {
  const signals = { severity, kev, epss: epss === null ? null : { epss, percentile: 0.5 } };
  return { vulnId, component: { name: 'lib', version: '1.0' }, ...signals, uncontrolled: uncontrolledByRule(signals) };
}

describe('parseFailOn', () => {
  it('reads a comma-separated list, case and spaces aside, duplicates dropped', () => {
    expect(parseFailOn('Critical, kev,critical')).toEqual({ rules: ['critical', 'kev'] });
  });

  it('names every value that is not a rule', () => {
    expect(parseFailOn('critical,severe,9')).toEqual({ error: '--fail-on: "severe", "9" are not a rule; use a comma-separated list of critical, high, medium, kev, uncontrolled.' });
    expect(parseFailOn(' , ')).toEqual({ error: '--fail-on needs at least one of critical, high, medium, kev, uncontrolled.' });
  });
});

describe('severity rules', () => {
  it('mean "at least that severe"; unknown and low break none of them', () => {
    const table = (['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const).map((level) => [level, (['critical', 'high', 'medium'] as const).filter((rule) => breaks(rule, finding('X', rated(level))))]);
    expect(table).toEqual([
      ['critical', ['critical', 'high', 'medium']],
      ['high', ['high', 'medium']],
      ['medium', ['medium']],
      ['low', []],
      ['none', []],
      ['unknown', []],
    ]);
  });
});

describe('the offline uncontrolled rule', () => {
  it('uses Vigil’s "probable" EPSS threshold, 0.1', () => {
    expect(UNCONTROLLED_EPSS).toBe(0.1);
  });

  it('is KEV-listed, or critical, or high with EPSS at or above the threshold', () => {
    expect(uncontrolledByRule({ severity: rated('low', 3.1), kev: true, epss: null })).toEqual({ value: true, basis: 'rule', reasons: ['listed in CISA KEV (known exploited)'] });
    expect(uncontrolledByRule({ severity: rated('critical', 9.8), kev: false, epss: null }).reasons).toEqual(['CVSS critical (9.8)']);
    expect(uncontrolledByRule({ severity: rated('high', 8.1), kev: false, epss: { epss: 0.1, percentile: 0.9 } }).reasons).toEqual(['CVSS high with EPSS 0.1 ≥ 0.1']);
    expect(uncontrolledByRule({ severity: rated('high', 8.1), kev: false, epss: { epss: 0.0999, percentile: 0.9 } })).toEqual({ value: false, basis: 'rule', reasons: [] });
    expect(uncontrolledByRule({ severity: rated('high', 8.1), kev: false, epss: null }).value).toBe(false);
    // EPSS alone does not make a medium finding uncontrolled: the rule needs high impact too.
    expect(uncontrolledByRule({ severity: rated('medium', 6.5), kev: false, epss: { epss: 0.97, percentile: 1 } }).value).toBe(false);
  });
});

describe('evaluatePolicy', () => {
  const findings = [finding('CVE-2021-44228', rated('critical', 10), true), finding('CVE-2014-0160', rated('high', 7.5), true), finding('CVE-2023-1', rated('medium', 5))];

  it('passes with no rules and with rules nothing breaks', () => {
    expect(evaluatePolicy(findings, [])).toEqual({ failOn: [], passed: true, violations: [] });
    expect(evaluatePolicy([finding('CVE-2023-1', rated('low', 2))], ['critical', 'high', 'medium', 'kev', 'uncontrolled']).passed).toBe(true);
  });

  it('reports each broken rule with its count and examples', () => {
    const result = evaluatePolicy(findings, ['high', 'kev']);
    expect(result.passed).toBe(false);
    expect(result.violations).toEqual([
      { rule: 'high', count: 2, examples: ['CVE-2021-44228 in lib 1.0', 'CVE-2014-0160 in lib 1.0'] },
      { rule: 'kev', count: 2, examples: ['CVE-2021-44228 in lib 1.0', 'CVE-2014-0160 in lib 1.0'] },
    ]);
    expect(describeViolation(result.violations[1]!)).toBe('--fail-on kev: 2 finding(s) on the CISA KEV list (CVE-2021-44228 in lib 1.0; CVE-2014-0160 in lib 1.0)');
  });

  it('lists at most ten examples and says how many more there are', () => {
    const many = Array.from({ length: 12 }, (_, i) => finding(`CVE-2024-${1000 + i}`, rated('critical', 9.1)));
    const [v] = evaluatePolicy(many, ['critical']).violations;
    expect(v!.examples).toHaveLength(10);
    expect(describeViolation(v!)).toMatch(/CVE-2024-1009 in lib 1\.0, and 2 more\)$/);
  });
});
