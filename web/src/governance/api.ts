/** Shapes of the governance API (src/modules/governance/routes.ts) and the query keys its screens share. */
export const GOV_KEY = ['governance'] as const;

export interface Evidence { id: string; kind: 'url' | 'document' | 'record'; label: string; url: string | null; recordType: string | null; recordId: string | null; fileName: string | null; size: number | null; addedAt: string }
export type ControlOwner = 'MDM' | 'HDO' | 'shared';
export const CONTROL_OWNERS: ControlOwner[] = ['MDM', 'HDO', 'shared'];
export interface Control {
  code: string; area: string; title: string; description: string; owner: ControlOwner; evidence: string; source: string; custom: boolean;
  applicable: boolean; applicabilityDefault: boolean; applicabilityJustification: string | null;
  assessment: { level: number | null; notApplicable: boolean; rationale: string; needsReassessment: boolean; assessedBy: string; assessedAt: string } | null;
  evidenceItems: Evidence[]; metrics: string[];
}
export interface Share { numerator: number; denominator: number; value: number | null }
export interface Maturity {
  catalog: { version: string; title: string };
  levels: { level: number; name: string; meaning: string }[];
  areas: { code: string; name: string }[];
  cycle: { id: string; name: string } | null;
  controls: Control[];
  scores: { overall: number | null; areas: { area: string; score: number | null; scored: number; applicable: number }[]; coverage: { applicable: number; scored: number } };
  metrics: { releasesWithSbom: Share; findingsTriagedInClock: Share; cvdAckMedianDays: { cases: number; value: number | null }; releasesWithEos: Share; trainingCompletion: Share };
  targetLevel: number;
  gaps: { code: string; level: number | null }[];
  orgKind: string;
}
export interface Cycle { id: string; name: string; closedAt: string | null; overall: number | null }
export interface Action { id: string; code: string; title: string; ownerId: string | null; owner: string | null; dueOn: string; status: 'open' | 'done'; targetLevel: number | null; overdue: boolean }
export interface MemberOption { userId: string; name: string; email: string }

export const METRIC_LABELS: Record<string, string> = {
  releasesWithSbom: 'Releases with an SBOM',
  findingsTriagedInClock: 'Findings triaged within their clock',
  cvdAckMedianDays: 'Median days to acknowledge a CVD report',
  releasesWithEos: 'Releases with an end-of-support date',
  trainingCompletion: 'Training completion',
};

export function metricText(m: Maturity['metrics'], key: string): string {
  if (key === 'cvdAckMedianDays') return m.cvdAckMedianDays.value === null ? 'no data' : `${m.cvdAckMedianDays.value} days (${m.cvdAckMedianDays.cases} cases)`;
  const s = m[key as 'releasesWithSbom'];
  return s.value === null ? 'no data' : `${Math.round(s.value * 100)}% (${s.numerator} of ${s.denominator})`;
}

/** Reads a file as base64 (without the data: prefix) for the evidence upload. */
export function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
