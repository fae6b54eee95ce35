import { DEFAULT_EXPLOITABILITY_CONFIG, DEFAULT_EXPLOITABILITY_LEVELS } from '../../core/index.js';
import { atLeast, type RatedSeverity } from './severity.js';
import type { EpssEntry } from './snapshot.js';

/**
 * The CI policy of `vigil scan --fail-on` (pure). docs/ci.md states each rule.
 *
 * `uncontrolled` stands in for the manufacturer's controlled/uncontrolled decision (FDA 2016
 * postmarket guidance; shared/jsp/timelines.md), which pairs exploitability with the severity
 * of patient harm and is made per device in triage. A pipeline has neither the device context
 * nor the triage, so until the server holds a triage decision for the finding the rule below
 * decides, and says why. It reads "uncontrolled" as Vigil's default risk matrix does
 * (docs/core/risk.md: uncontrolled when harm is at least serious and exploitability is
 * probable or frequent) with harm assumed serious — a vulnerability in a component of a
 * medical device is taken to be able to injure until triage shows otherwise:
 *
 * - listed in CISA KEV — exploited in the wild, Vigil's exploitability level `frequent`;
 * - CVSS critical — the case FD&C Act 524B(b)(2)(B) singles out for out-of-cycle patches;
 * - CVSS high with EPSS ≥ 0.1 — Vigil's threshold for exploitability `probable`
 *   (DEFAULT_EXPLOITABILITY_CONFIG); a high rating alone says impact, not likelihood.
 */

export const FAIL_ON_RULES = ['critical', 'high', 'medium', 'kev', 'uncontrolled'] as const;
export type FailOnRule = (typeof FAIL_ON_RULES)[number];

/** EPSS probability from which a high-severity finding counts as uncontrolled: Vigil's `probable` threshold. */
export const UNCONTROLLED_EPSS = DEFAULT_EXPLOITABILITY_CONFIG.epss[DEFAULT_EXPLOITABILITY_LEVELS.indexOf('probable') - 1]!;

/** Parses `--fail-on critical,kev` (duplicates dropped); an error with the message to show when a value is not a rule. */
export function parseFailOn(text: string): { rules: FailOnRule[] } | { error: string } {
  const values = text.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  if (values.length === 0) return { error: `--fail-on needs at least one of ${FAIL_ON_RULES.join(', ')}.` };
  const unknown = values.filter((v) => !(FAIL_ON_RULES as readonly string[]).includes(v));
  if (unknown.length > 0) return { error: `--fail-on: ${unknown.map((v) => `"${v}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a rule; use a comma-separated list of ${FAIL_ON_RULES.join(', ')}.` };
  return { rules: [...new Set(values as FailOnRule[])] };
}

export interface RiskSignals {
  readonly severity: RatedSeverity;
  readonly kev: boolean;
  readonly epss: EpssEntry | null;
}

export interface UncontrolledVerdict {
  readonly value: boolean;
  /** `rule`: the offline rule above; `triage`: the organization's own decision, when the server has one. */
  readonly basis: 'rule' | 'triage';
  /** Which conditions held (empty when controlled by the rule). */
  readonly reasons: readonly string[];
}

/** The offline rule's verdict for one finding. */
export function uncontrolledByRule(s: RiskSignals): UncontrolledVerdict {
  const reasons: string[] = [];
  if (s.kev) reasons.push('listed in CISA KEV (known exploited)');
  if (s.severity.level === 'critical') reasons.push(`CVSS critical${s.severity.score === null ? '' : ` (${s.severity.score})`}`);
  if (s.severity.level === 'high' && s.epss && s.epss.epss >= UNCONTROLLED_EPSS) reasons.push(`CVSS high with EPSS ${s.epss.epss} ≥ ${UNCONTROLLED_EPSS}`);
  return { value: reasons.length > 0, basis: 'rule', reasons };
}

/** What a rule needs of a finding. */
export interface PolicyFinding extends RiskSignals {
  readonly vulnId: string;
  readonly component: { readonly name: string; readonly version: string | null };
  readonly uncontrolled: UncontrolledVerdict;
}

/** Whether one finding breaks one rule. */
export function breaks(rule: FailOnRule, f: PolicyFinding): boolean {
  switch (rule) {
    case 'critical':
    case 'high':
    case 'medium':
      return atLeast(f.severity.level, rule);
    case 'kev':
      return f.kev;
    case 'uncontrolled':
      return f.uncontrolled.value;
  }
}

export interface PolicyViolation {
  readonly rule: FailOnRule;
  /** How many findings break it. */
  readonly count: number;
  /** `CVE-… in name version`, for the first findings (up to 10). */
  readonly examples: readonly string[];
}

export interface PolicyResult {
  readonly failOn: readonly FailOnRule[];
  readonly passed: boolean;
  readonly violations: readonly PolicyViolation[];
}

const EXAMPLES = 10;

/** Evaluates every rule over the findings; the scan fails when any rule is broken by any finding. */
export function evaluatePolicy(findings: readonly PolicyFinding[], failOn: readonly FailOnRule[]): PolicyResult {
  const violations: PolicyViolation[] = [];
  for (const rule of failOn) {
    const broken = findings.filter((f) => breaks(rule, f));
    if (broken.length === 0) continue;
    const examples = broken.slice(0, EXAMPLES).map((f) => `${f.vulnId} in ${f.component.name}${f.component.version ? ` ${f.component.version}` : ''}`);
    violations.push({ rule, count: broken.length, examples });
  }
  return { failOn: [...failOn], passed: violations.length === 0, violations };
}

/** One line per violation, for stderr and the table. */
export function describeViolation(v: PolicyViolation): string {
  const what: Record<FailOnRule, string> = {
    critical: 'at least critical',
    high: 'at least high',
    medium: 'at least medium',
    kev: 'on the CISA KEV list',
    uncontrolled: 'uncontrolled risk',
  };
  const more = v.count > v.examples.length ? `, and ${v.count - v.examples.length} more` : '';
  return `--fail-on ${v.rule}: ${v.count} finding(s) ${what[v.rule]} (${v.examples.join('; ')}${more})`;
}
