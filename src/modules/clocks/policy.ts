/**
 * The SLA policy: which remediation clocks a finding runs, for how many calendar days, and
 * where each number comes from. Defaults are shared/jsp/timelines.md; an organization overrides
 * any rule (days, or no clock) and the overrides are stored in `sla_rules`. Pure.
 */
export const CLOCK_KINDS = ['regulatory', 'guidance', 'framework', 'contract', 'industry practice'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/**
 * The clocks a finding can run: the customer communication, the remediation plan (interim
 * compensating controls identified and a remediation plan written) and the remediation itself.
 */
export const CLOCK_NAMES = ['communication', 'plan', 'remediation'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export const SLA_RULES = [
  'uncontrolled_communication',
  'uncontrolled_plan',
  'uncontrolled_remediation',
  'controlled_critical',
  'controlled_high',
  'controlled_medium',
  'controlled_low',
] as const;
export type SlaRuleId = (typeof SLA_RULES)[number];

export interface SlaRule {
  readonly rule: SlaRuleId;
  /** Which clock the rule runs. */
  readonly clock: ClockName;
  /** Calendar days from the start; null: this rule runs no clock. */
  readonly days: number | null;
  readonly kind: ClockKind;
  readonly source: string;
}

const FDA_2016 = 'FDA, Postmarket Management of Cybersecurity in Medical Devices (Dec 2016)';
const MDIC_2022 = 'MDIC 2022 benchmark report (JSP): remediate medium-to-critical vulnerabilities within 60 days of discovery';

/** Defaults, exactly as shared/jsp/timelines.md gives them (low severity: Vigil's documented choice). */
export const DEFAULT_SLA_RULES: readonly SlaRule[] = [
  { rule: 'uncontrolled_communication', clock: 'communication', days: 30, kind: 'guidance', source: `${FDA_2016}: communicate an uncontrolled risk to customers and users within 30 days of learning of it` },
  {
    rule: 'uncontrolled_plan',
    clock: 'plan',
    days: 30,
    kind: 'guidance',
    source: `${FDA_2016}: identify interim compensating controls and write a remediation plan (documenting the rationale of its timeline) for an uncontrolled risk within 30 days of learning of it`,
  },
  { rule: 'uncontrolled_remediation', clock: 'remediation', days: 60, kind: 'guidance', source: `${FDA_2016}: remediate or mitigate an uncontrolled risk and distribute the fix within 60 days` },
  { rule: 'controlled_critical', clock: 'remediation', days: 60, kind: 'framework', source: MDIC_2022 },
  { rule: 'controlled_high', clock: 'remediation', days: 60, kind: 'framework', source: MDIC_2022 },
  { rule: 'controlled_medium', clock: 'remediation', days: 60, kind: 'framework', source: MDIC_2022 },
  {
    rule: 'controlled_low',
    clock: 'remediation',
    days: 180,
    kind: 'industry practice',
    source: 'Vigil default: next routine update within about two release cycles; FDA (2016) sets no clock for controlled risk and MDIC’s benchmark covers medium to critical only',
  },
];

export interface SlaOverride {
  readonly rule: SlaRuleId;
  readonly days: number | null;
  readonly kind: ClockKind;
  readonly source: string;
}

/** The effective policy: each default, replaced by the organization's override of the same rule. */
export function effectiveRules(overrides: readonly SlaOverride[]): (SlaRule & { readonly isDefault: boolean })[] {
  const byRule = new Map(overrides.map((o) => [o.rule, o]));
  return DEFAULT_SLA_RULES.map((d) => {
    const o = byRule.get(d.rule);
    return o ? { ...d, days: o.days, kind: o.kind, source: o.source, isDefault: false } : { ...d, isDefault: true };
  });
}

/**
 * The rules whose clocks should run for a finding now. Uncontrolled risk: the communication,
 * remediation-plan and remediation clocks. Otherwise (controlled, or harm not assessed yet) the controlled-risk clock
 * of the effective CVSS severity, if the policy has one. Nothing for closed or excluded findings,
 * nor for severity none/unknown.
 */
export function requiredRules(
  rules: readonly SlaRule[],
  finding: { readonly open: boolean; readonly riskClass: 'controlled' | 'uncontrolled' | null; readonly severity: string | null },
): SlaRule[] {
  if (!finding.open) return [];
  const wanted: string[] = finding.riskClass === 'uncontrolled' ? ['uncontrolled_communication', 'uncontrolled_plan', 'uncontrolled_remediation'] : finding.severity ? [`controlled_${finding.severity}`] : [];
  return rules.filter((r) => wanted.includes(r.rule) && r.days !== null);
}

/** What to do with a finding's open clocks: start the missing rules, stop those no longer required. */
export function planClocks(
  required: readonly SlaRule[],
  open: readonly { readonly id: string; readonly rule: string }[],
  /** Rules whose clock was stopped by a person (communicated, planned, remediated…): never restarted by reclassification. */
  settled: ReadonlySet<string>,
): { start: SlaRule[]; stop: string[] } {
  const openRules = new Set<string>(open.map((c) => c.rule));
  const requiredRules = new Set<string>(required.map((r) => r.rule));
  return {
    start: required.filter((r) => !openRules.has(r.rule) && !settled.has(r.rule)),
    stop: open.filter((c) => !requiredRules.has(c.rule)).map((c) => c.id),
  };
}
