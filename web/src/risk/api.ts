import type { MantineColor } from '@mantine/core';
import { DEFAULT_EXPLOITABILITY_LEVELS, DEFAULT_HARM_SEVERITIES, DEFAULT_RISK_MATRIX, classifyRisk } from '../../../src/core/risk/matrix.js';

/** Shapes of the risk register API (src/modules/risk/routes.ts) and the query keys its screens share. */

export const LIKELIHOOD_LEVELS = DEFAULT_EXPLOITABILITY_LEVELS;
export const SEVERITY_LEVELS = DEFAULT_HARM_SEVERITIES;
export type Likelihood = (typeof LIKELIHOOD_LEVELS)[number];
export type HarmSeverity = (typeof SEVERITY_LEVELS)[number];
export type RiskClass = 'controlled' | 'uncontrolled';
export type RiskStatus = 'open' | 'mitigating' | 'accepted' | 'closed';
export const CONTROL_STATUSES = ['planned', 'in_progress', 'implemented', 'verified'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface Acceptance {
  readonly id: string;
  readonly approver: string;
  readonly rationale: string;
  readonly uncontrolledAccepted: boolean;
  readonly benefitRiskRationale: string | null;
  readonly expiresOn: string;
  readonly reviewOn: string;
  readonly acceptedAt: string;
  readonly dueForReview: boolean;
}

export interface RiskItem {
  readonly id: string;
  readonly productId: string;
  readonly productName: string;
  readonly title: string;
  readonly threat: string | null;
  readonly vulnerability: string | null;
  readonly hazardousSituation: string | null;
  readonly harm: string | null;
  readonly likelihood: Likelihood;
  readonly severity: HarmSeverity;
  readonly initialClass: RiskClass;
  readonly existingControls: string | null;
  readonly newControls: { description: string; status: ControlStatus }[];
  readonly residualLikelihood: Likelihood;
  readonly residualSeverity: HarmSeverity;
  readonly residualClass: RiskClass;
  readonly matrixId: string;
  readonly owner: { id: string; name: string; email: string } | null;
  readonly status: RiskStatus;
  readonly version: number;
  readonly findingIds: string[];
  readonly acceptance: Acceptance | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PastAcceptance {
  readonly id: string;
  readonly approver: string;
  readonly rationale: string;
  readonly residualLikelihood: string;
  readonly residualSeverity: string;
  readonly residualClass: RiskClass;
  readonly uncontrolledAccepted: boolean;
  readonly benefitRiskRationale: string | null;
  readonly expiresOn: string;
  readonly reviewOn: string;
  readonly acceptedAt: string;
  readonly endedAt: string | null;
  readonly endReason: string | null;
  readonly endedBy: string | null;
  readonly endNote: string | null;
}

export interface RiskDetail {
  readonly item: RiskItem;
  readonly findings: { id: string; vulnId: string; componentName: string; componentVersion: string | null; status: string; releaseId: string; releaseVersion: string }[];
  readonly acceptances: PastAcceptance[];
  readonly events: { at: string; actor: string; kind: string; detail: Record<string, unknown> }[];
}

export interface HeatCell {
  readonly likelihood: Likelihood;
  readonly severity: HarmSeverity;
  readonly class: RiskClass;
  readonly count: number;
}

export interface HeatMapData {
  readonly matrixId: string;
  readonly likelihoodLevels: Likelihood[];
  readonly severityLevels: HarmSeverity[];
  readonly before: HeatCell[][];
  readonly after: HeatCell[][];
  readonly total: number;
}

export const RISK_KEY = ['risk'] as const;
export const riskKey = (id: string) => [...RISK_KEY, 'detail', id] as const;

const title = (word: string) => word[0]!.toUpperCase() + word.slice(1);
export const levelLabel = (level: string) => title(level);

export const STATUS_LABELS: Record<RiskStatus, string> = { open: 'Open', mitigating: 'Mitigating', accepted: 'Accepted', closed: 'Closed' };
export const STATUS_COLORS: Record<RiskStatus, MantineColor> = { open: 'red', mitigating: 'orange', accepted: 'teal', closed: 'gray' };
export const CONTROL_LABELS: Record<ControlStatus, string> = { planned: 'Planned', in_progress: 'In progress', implemented: 'Implemented', verified: 'Verified' };
export const CLASS_LABELS: Record<RiskClass, string> = { controlled: 'Controlled', uncontrolled: 'Uncontrolled' };
export const CLASS_COLORS: Record<RiskClass, MantineColor> = { controlled: 'teal.7', uncontrolled: 'red.9' };

export const END_REASON_LABELS: Record<string, string> = {
  revoked: 'Revoked',
  expired: 'Expired',
  superseded: 'Renewed',
  risk_changed: 'Ended: residual risk changed',
  closed: 'Ended: item closed',
};

/** The class the server will compute, shown live in the editor (the same core function and matrix). */
export function previewClass(likelihood: string, severity: string): RiskClass | null {
  const result = classifyRisk(DEFAULT_RISK_MATRIX, likelihood, severity);
  return result.ok ? result.value.risk : null;
}

export const riskPath = (id: string) => `/risk/${id}`;
