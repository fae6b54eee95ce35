/** Shapes of the MDS2 API (src/modules/mds2/routes.ts) and the query key its screens share. */

export const MDS2_KEY = ['mds2'] as const;

export type Answer = 'yes' | 'no' | 'n/a' | null;

export interface SectionCount { code: string; name: string; capability: boolean; yes: number; no: number; notApplicable: number; unanswered: number; total: number }

export interface StatementHead {
  id: string; manufacturer: string; model: string; modelVersion: string; formVersion: string; statementDate: string | null;
  source: 'import' | 'form'; fileName: string | null; sections: SectionCount[]; createdBy: string; createdAt: string; updatedAt: string;
}
export interface StatementRow extends StatementHead { answerCount: number }
export interface Statement extends StatementHead { answers: Record<string, { answer: Answer; question?: string; note?: string }> }

export interface FormSpec { sections: { code: string; name: string; capability: boolean }[]; questions: { id: string; text: string; capability: boolean }[] }

export interface Gap { id: string; section: string; question: string | null; baseline: string | null; other: string | null }
export interface Label { id: string; manufacturer: string; model: string; modelVersion: string; statementDate: string | null }
export interface Comparison { baseline: Label; other: Label; lost: Gap[]; gained: Gap[]; changed: { id: string; baseline: string | null; other: string | null }[] }

export const labelOf = (s: Pick<Label, 'manufacturer' | 'model' | 'modelVersion'>) => `${s.manufacturer} ${s.model}${s.modelVersion ? ` ${s.modelVersion}` : ''}`;
export const answerText = (a: string | null | undefined) => (a === 'yes' ? 'Yes' : a === 'no' ? 'No' : a === 'n/a' ? 'N/A' : a === 'missing' ? 'Not in statement' : 'Unanswered');
