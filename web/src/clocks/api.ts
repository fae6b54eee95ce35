import type { MantineColor } from '@mantine/core';

/** Shapes of the clocks, remediation and dashboard API (src/modules/clocks/routes.ts). */

export interface Clock {
  readonly id: string;
  readonly findingId: string;
  readonly clock: 'communication' | 'plan' | 'remediation';
  readonly rule: string;
  readonly days: number;
  readonly kind: string;
  readonly source: string;
  readonly timeZone: string;
  readonly startedAt: string;
  readonly baseDueAt: string;
  readonly dueAt: string;
  readonly state: 'running' | 'paused' | 'stopped';
  readonly status: ClockStatus;
  readonly daysLeft: number | null;
  readonly pausedMs: number;
  readonly pauseReason: string | null;
  readonly stoppedAt: string | null;
  readonly stopReason: string | null;
  readonly stopNote: string | null;
}

export type ClockStatus = 'overdue' | 'due_soon' | 'on_track' | 'paused' | 'stopped';

export const CLOCK_LABELS: Record<string, string> = { communication: 'Customer communication', plan: 'Compensating controls and remediation plan', remediation: 'Remediation' };
export const STATUS_LABELS: Record<ClockStatus, string> = { overdue: 'Overdue', due_soon: 'Due soon', on_track: 'On track', paused: 'Paused', stopped: 'Stopped' };
export const STATUS_COLORS: Record<ClockStatus, MantineColor> = { overdue: 'red.9', due_soon: 'orange.8', on_track: 'teal.8', paused: 'gray.7', stopped: 'gray.6' };
export const STOP_REASONS = [
  { value: 'remediated', label: 'Remediated' },
  { value: 'mitigated', label: 'Mitigated' },
  { value: 'communicated', label: 'Communicated' },
  { value: 'planned', label: 'Plan written' },
  { value: 'risk_accepted', label: 'Risk accepted' },
] as const;
export const RULE_LABELS: Record<string, string> = {
  uncontrolled_communication: 'Uncontrolled risk — customer communication',
  uncontrolled_plan: 'Uncontrolled risk — compensating controls and remediation plan',
  uncontrolled_remediation: 'Uncontrolled risk — remediation',
  controlled_critical: 'Controlled risk, critical severity',
  controlled_high: 'Controlled risk, high severity',
  controlled_medium: 'Controlled risk, medium severity',
  controlled_low: 'Controlled risk, low severity',
};

export const PLAN_KIND_LABELS = { patch: 'Patch in a release', compensating_control: 'Compensating control', customer_communication: 'Customer communication' } as const;
export const PLAN_STATUS_LABELS = { planned: 'Planned', in_progress: 'In progress', validated: 'Validated', released: 'Released / deployed / sent' } as const;
export type PlanKind = keyof typeof PLAN_KIND_LABELS;
export type PlanStatus = keyof typeof PLAN_STATUS_LABELS;

export interface Plan {
  readonly id: string;
  readonly findingId: string;
  readonly kind: PlanKind;
  readonly releaseId: string | null;
  readonly releaseVersion: string | null;
  readonly description: string;
  readonly targetDate: string | null;
  readonly status: PlanStatus;
  readonly createdAt: string;
}

export interface Dashboard {
  readonly timeZone: string;
  readonly notifyBeforeDays: number;
  readonly totals: { overdue: number; dueSoon: number; onTrack: number; paused: number };
  readonly products: { productId: string; productName: string; overdue: number; dueSoon: number; onTrack: number; paused: number }[];
  readonly clocks: (Clock & { vulnId: string; componentName: string; riskClass: string | null; priority: number; productId: string; productName: string; releaseVersion: string })[];
  readonly burndown: { date: string; open: number; dueLine: number }[];
}

export interface PolicyRule {
  readonly rule: string;
  readonly clock: string;
  readonly days: number | null;
  readonly kind: string;
  readonly source: string;
  readonly isDefault: boolean;
}

export interface Policy {
  readonly timeZone: string;
  readonly notifyBeforeDays: number;
  readonly rules: PolicyRule[];
}

export const CLOCKS_KEY = ['clocks'] as const;
export const findingClocksKey = (findingId: string) => [...CLOCKS_KEY, 'finding', findingId] as const;
export const plansKey = (findingId: string) => [...CLOCKS_KEY, 'plans', findingId] as const;
