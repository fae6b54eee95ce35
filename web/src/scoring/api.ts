/** Shapes of the scoring API (src/modules/scoring/routes.ts) and the query keys the screens share. */

export const CVSS_SOURCE_LABELS = { auto: 'Default order', nvd: 'NVD (NIST)', cna: 'CNA / ADP', ghsa: 'GitHub (GHSA)', osv: 'OSV database', rubric: 'Medical-device rubric' } as const;
export type CvssSourceChoice = keyof typeof CVSS_SOURCE_LABELS;

export const HARM_LEVELS = [
  { value: 'negligible', label: 'Negligible — inconvenience or temporary discomfort' },
  { value: 'minor', label: 'Minor — temporary injury without professional medical intervention' },
  { value: 'serious', label: 'Serious — injury requiring professional medical intervention' },
  { value: 'critical', label: 'Critical — permanent impairment or life-threatening injury' },
  { value: 'catastrophic', label: 'Catastrophic — patient death' },
] as const;

export interface CvssCandidate {
  readonly source: Exclude<CvssSourceChoice, 'auto'>;
  readonly recordId: string | null;
  readonly scoredBy: string | null;
  readonly version: string;
  readonly vector: string;
  readonly base: number;
  readonly severity: string;
}

export interface PriorityFactor {
  readonly factor: string;
  readonly effect: 'raised' | 'lowered';
  readonly points: number;
  readonly why: string;
}

export interface Assessment {
  readonly sources: CvssCandidate[];
  readonly chosen: { choice: CvssSourceChoice; source: CvssCandidate | null; why: string };
  readonly environmental: { vector: string; score: number; severity: string } | null;
  readonly effective: { score: number; severity: string; environmental: boolean } | null;
  readonly rubric: { versionId: string; answers: Record<string, string>; complete: boolean; vector: string | null; score: number | null; nextQuestion: string | null; error: string | null } | null;
  readonly exploitability: { level: string; signals: { source: string; level: string; detail: string }[] } | null;
  readonly harm: string | null;
  readonly riskClass: 'controlled' | 'uncontrolled' | null;
  readonly riskWhy: string;
  readonly priority: number;
  readonly factors: PriorityFactor[];
}

export interface Score {
  readonly findingId: string;
  readonly inputs: { cvssSource: CvssSourceChoice; rubricVersion: string; rubricAnswers: Record<string, string>; harmSeverity: string | null; updatedAt: string | null };
  readonly assessment: Assessment;
  readonly riskClass: 'controlled' | 'uncontrolled' | null;
  readonly priority: number;
  readonly priorityFactors: PriorityFactor[];
}

export interface RubricQuestion {
  readonly id: string;
  readonly code: string;
  readonly metric: string;
  readonly text: string;
  readonly guidance: string;
  readonly options: { value: string; label: string }[];
}

export interface RubricVersion {
  readonly id: string;
  readonly title: string;
  readonly flows: { metric: string; starts: string[] }[];
  readonly questions: RubricQuestion[];
}

export interface Environment {
  readonly productId: string;
  readonly requirements: Record<string, string>;
  readonly v3: Record<string, string>;
  readonly v4: Record<string, string>;
  readonly updatedAt: string | null;
}

export const SCORING_KEY = ['scoring'] as const;
export const scoreKey = (findingId: string) => [...SCORING_KEY, 'finding', findingId] as const;
export const environmentKey = (productId: string) => [...SCORING_KEY, 'environment', productId] as const;
