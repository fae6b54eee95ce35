import type { Severity } from '../intel/api.js';

/** The triage API's shapes (docs/api.md, "Triage and VEX") and the CycloneDX analysis vocabulary. */

export const ANALYSIS_STATES = ['in_triage', 'exploitable', 'resolved', 'resolved_with_pedigree', 'false_positive', 'not_affected'] as const;
export type AnalysisState = (typeof ANALYSIS_STATES)[number];
export const JUSTIFICATIONS = [
  'code_not_present', 'code_not_reachable', 'requires_configuration', 'requires_dependency', 'requires_environment',
  'protected_by_compiler', 'protected_at_runtime', 'protected_at_perimeter', 'protected_by_mitigating_control',
] as const;
export type Justification = (typeof JUSTIFICATIONS)[number];
export const RESPONSES = ['can_not_fix', 'will_not_fix', 'update', 'rollback', 'workaround_available'] as const;
export type Response = (typeof RESPONSES)[number];

export const STATE_LABELS: Record<AnalysisState, string> = {
  in_triage: 'In triage', exploitable: 'Exploitable', resolved: 'Resolved', resolved_with_pedigree: 'Resolved (with pedigree)', false_positive: 'False positive', not_affected: 'Not affected',
};
/** The CycloneDX schema's wording of each justification. */
export const JUSTIFICATION_LABELS: Record<Justification, string> = {
  code_not_present: 'Code not present (removed or tree-shaken)',
  code_not_reachable: 'Code not reachable at runtime',
  requires_configuration: 'Requires a configuration that is not set',
  requires_dependency: 'Requires a dependency that is not present',
  requires_environment: 'Requires an environment that is not present',
  protected_by_compiler: 'Protected by a compiler flag',
  protected_at_runtime: 'Exploits prevented at runtime',
  protected_at_perimeter: 'Blocked at the perimeter',
  protected_by_mitigating_control: 'Protected by a mitigating control',
};
export const RESPONSE_LABELS: Record<Response, string> = {
  can_not_fix: 'Can not fix', will_not_fix: 'Will not fix', update: 'Update', rollback: 'Roll back', workaround_available: 'Workaround available',
};

export interface AnalysisInput {
  readonly state: AnalysisState;
  readonly justification?: Justification | null;
  readonly responses?: readonly Response[];
  readonly detail?: string | null;
}

export interface QueueItem {
  readonly id: string;
  readonly vulnId: string;
  readonly productId: string;
  readonly productName: string;
  readonly releaseId: string;
  readonly releaseVersion: string;
  readonly componentName: string;
  readonly componentVersion: string | null;
  readonly componentPurl: string | null;
  readonly severity: Severity;
  readonly kev: boolean;
  readonly priority: number;
  readonly riskClass: 'controlled' | 'uncontrolled' | null;
  readonly analysisState: AnalysisState | null;
  readonly responses: string[];
  readonly assignee: { id: string; name: string } | null;
  readonly firstSeenAt: string;
}

export interface AnalysisView {
  readonly state: AnalysisState | null;
  readonly justification: Justification | null;
  readonly responses: Response[];
  readonly detail: string | null;
  readonly updatedAt: string | null;
  readonly assigneeId: string | null;
  readonly suppressionRuleId: string | null;
}

export interface HistoryItem {
  readonly at: string;
  readonly kind: string;
  readonly actor: string | null;
  readonly detail: Record<string, unknown>;
}

export interface Candidate {
  readonly id: string;
  readonly status: string;
  readonly productName: string;
  readonly releaseVersion: string;
  readonly analysis: { state: string | null; justification: string | null };
}

export interface SuppressionRule {
  readonly id: string;
  readonly vulnId: string;
  readonly componentKind: 'purl' | 'name';
  readonly component: string;
  readonly version: string | null;
  readonly productName: string | null;
  readonly analysis: { state: string; justification: string | null; responses: string[]; detail: string | null };
  readonly reason: string | null;
  readonly expiresAt: string;
  readonly createdBy: string;
  readonly disabled: boolean;
  readonly active: boolean;
  readonly findings: number;
}

export interface Member {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
}

export const TRIAGE_KEY = ['triage'] as const;
export const QUEUE_KEY = [...TRIAGE_KEY, 'queue'] as const;
export const RULES_KEY = [...TRIAGE_KEY, 'rules'] as const;
export const findingTriageKey = (id: string) => [...TRIAGE_KEY, 'finding', id] as const;

/** One line for a history entry. */
export function describeHistory(h: HistoryItem): string {
  const d = h.detail as { after?: { state?: string; justification?: string | null; responses?: string[] }; body?: string; to?: string | null; reason?: string; sourceFindingId?: string; format?: string };
  const analysis = d.after ? [d.after.state ? STATE_LABELS[d.after.state as AnalysisState] ?? d.after.state : null, d.after.justification, ...(d.after.responses ?? [])].filter(Boolean).join(', ') : '';
  switch (h.kind) {
    case 'comment': return d.body ?? '';
    case 'analysis': return `Analysis: ${analysis}`;
    case 'propagated': return `Propagated from another release: ${analysis}`;
    case 'suppressed': return `Suppression rule: ${analysis}`;
    case 'unsuppressed': return `Suppression rule ${d.reason ?? 'ended'}: back to triage`;
    case 'vex': return `VEX import (${d.format ?? ''}): ${analysis}`;
    case 'assigned': return d.to ? 'Assigned' : 'Unassigned';
    default: return h.kind;
  }
}
