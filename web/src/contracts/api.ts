/** Shapes of the contracts API (src/modules/contracts/routes.ts) and the query key its screens share. */

export const CONTRACTS_KEY = ['contracts'] as const;

export type Status = 'met' | 'breached' | 'pending';
export const STATUS_COLORS: Record<Status, string> = { met: 'teal', breached: 'red', pending: 'gray' };

export interface Clause { id: string; topic: string; kind: string; parameter?: { name: string; default: number } }

export interface ContractRow {
  id: string; vendorName: string; title: string; reference: string | null; mc2Version: string | null; form: string | null; coveredModels: string[];
  effectiveOn: string; renewalOn: string | null; expiresOn: string | null; status: Status; breached: number; gaps: string[];
}

export interface Contract extends Omit<ContractRow, 'breached'> {
  notes: string | null;
  obligations: { id: string; clauseId: string; topic: string; kind: string; included: string; parameters: Record<string, number>; description: string | null; status: Status; evidence: { subject: string | null; status: Status; detail: string }[] }[];
  facts: { id: string; kind: string; subject: string | null; occurredAt: string; endOfSupportOn: string | null; obligationId: string | null; note: string | null; recordedBy: string }[];
  warnings: string[];
}

export const FACT_KINDS = [
  { value: 'vulnerability_published', label: 'Vulnerability published' },
  { value: 'advisory_published', label: 'Vendor advisory published' },
  { value: 'patch_available', label: 'Patch available' },
  { value: 'release', label: 'New release' },
  { value: 'sbom_delivered', label: 'SBOM delivered' },
  { value: 'mds2_delivered', label: 'MDS2 delivered' },
  { value: 'incident_occurred', label: 'Incident occurred' },
  { value: 'incident_notified', label: 'Incident notified by vendor' },
  { value: 'eos_notice', label: 'End-of-support notice' },
  { value: 'evidence', label: 'Evidence for an obligation' },
] as const;

export const KIND_LABELS: Record<string, string> = {
  sbom_delivery: 'SBOM delivery', mds2_delivery: 'MDS2 delivery', vulnerability_notification: 'Vulnerability notification', patch_availability: 'Patch availability',
  incident_notification: 'Incident notification', eos_notice: 'End-of-support notice', evidence: 'Evidence',
};

export const parameterText = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${v} ${k}`).join(', ') || '—';
