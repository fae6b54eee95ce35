/** Shapes of the legacy register API (src/modules/legacy/routes.ts) and the pure parts of its screen. */

export const LEGACY_KEY = ['legacy'] as const;

export type Stage = 'development' | 'support' | 'limited_support' | 'end_of_support';
export const STAGE_LABELS: Record<Stage, string> = { development: 'Development', support: 'Support', limited_support: 'Limited support', end_of_support: 'End of support' };

export interface Control { control: string; description?: string; status: 'planned' | 'in_place' | 'verified' }

export interface Plan {
  id: string; decision: string | null; replacementModel: string | null; budgetYear: number | null; estimatedCost: number | null; currency: string;
  compensatingControls: Control[]; riskAcceptedBy: string | null; riskAcceptedOn: string | null; nextReviewOn: string | null; reminderDays: number[]; notes: string | null; updatedBy: string; updatedAt: string;
}

export interface RegisterItem {
  manufacturer: string; model: string; assets: number; patientConnected: number; departments: string[];
  lifecycleStage: Stage | null; stageSource: 'manual' | 'vendor' | null; endOfLifeOn: string | null; endOfGuaranteedSupportOn: string | null; endOfSupportOn: string | null; daysToEndOfSupport: number | null;
  plan: Plan | null; lastReminder: { daysBefore: number; sentAt: string } | null; flags: string[];
}

export interface Register { today: string; items: RegisterItem[]; budget: { year: number; currency: string; total: number; models: number }[] }

export const FLAG_LABELS: Record<string, string> = {
  past_end_of_support: 'Past end of support',
  eos_within_12_months: 'Support ends within 12 months',
  no_replacement_plan: 'No replacement plan',
  no_risk_acceptance: 'No risk acceptance',
  no_compensating_controls: 'No compensating controls',
};

/**
 * The end-of-support forecast: devices (and models) whose support ends in each year, from the
 * year before today's (what is already past shows there) to the last announced date.
 */
export function forecastByYear(items: readonly RegisterItem[], today: string): { year: string; devices: number; models: number; past: boolean }[] {
  const thisYear = Number(today.slice(0, 4));
  const byYear = new Map<number, { devices: number; models: number }>();
  for (const i of items) {
    if (!i.endOfSupportOn) continue;
    const y = Math.max(Number(i.endOfSupportOn.slice(0, 4)), thisYear - 1);
    const row = byYear.get(y) ?? { devices: 0, models: 0 };
    row.devices += i.assets;
    row.models += 1;
    byYear.set(y, row);
  }
  if (byYear.size === 0) return [];
  const last = Math.max(...byYear.keys());
  const out = [];
  for (let y = thisYear - 1; y <= last; y++) out.push({ year: y === thisYear - 1 ? `≤ ${y}` : String(y), devices: byYear.get(y)?.devices ?? 0, models: byYear.get(y)?.models ?? 0, past: y < thisYear });
  return out;
}

export const money = (n: number, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
