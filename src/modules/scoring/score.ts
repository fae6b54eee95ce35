import {
  classifyRisk,
  DEFAULT_HARM_SEVERITIES,
  DEFAULT_RISK_MATRIX,
  defaultExploitability,
  evaluateRubric,
  pendingRubricQuestions,
  type ExploitabilitySignal,
  type RiskMatrix,
} from '../../core/index.js';
import { applyEnvironment, deployedBaseVector, severityOf, type EnvironmentalScore, type ProductEnvironment } from './environment.js';
import { computePriority, EXCLUDING_ANALYSIS, type PriorityFactor } from './priority.js';
import { chooseCvss, cvssCandidates, type CvssCandidate, type CvssSourceChoice, type ScoredRecord } from './sources.js';

/**
 * The whole scoring of one finding from its inputs: every source's CVSS, the chosen one, the
 * product's environmental score, the rubric, exploitability (src/core/risk from CVSS, EPSS and
 * KEV), the analyst's severity of patient harm, the controlled/uncontrolled class
 * (classifyRisk with the default matrix) and the priority. Pure: the store gathers the inputs.
 */
export const RUBRIC_DEFAULT_VERSION = 'mitre-2020.1';
export const HARM_SEVERITIES = DEFAULT_HARM_SEVERITIES;
export type HarmSeverity = (typeof HARM_SEVERITIES)[number];

export interface ScoringInputs {
  readonly status: 'affected' | 'fixed' | 'withdrawn';
  readonly analysisState: string | null;
  readonly lifecycleStage: string;
  readonly records: readonly ScoredRecord[];
  readonly kev: boolean;
  readonly epss: number | null;
  readonly environment: ProductEnvironment | null;
  readonly cvssSource: CvssSourceChoice;
  readonly rubric: { readonly versionId: string; readonly answers: Readonly<Record<string, string>> } | null;
  readonly harm: HarmSeverity | null;
}

export interface RubricState {
  readonly versionId: string;
  readonly answers: Readonly<Record<string, string>>;
  readonly complete: boolean;
  readonly vector: string | null;
  readonly score: number | null;
  /** The next question on the answered path (null when complete). */
  readonly nextQuestion: string | null;
  readonly error: string | null;
}

export interface Assessment {
  readonly sources: readonly CvssCandidate[];
  readonly chosen: { readonly choice: CvssSourceChoice; readonly source: CvssCandidate | null; readonly why: string };
  readonly environmental: EnvironmentalScore | null;
  /** The score the rest uses: environmental when present, else the chosen base. */
  readonly effective: { readonly score: number; readonly severity: 'critical' | 'high' | 'medium' | 'low' | 'none'; readonly environmental: boolean } | null;
  readonly rubric: RubricState | null;
  readonly exploitability: { readonly level: string; readonly signals: readonly ExploitabilitySignal[] } | null;
  readonly harm: HarmSeverity | null;
  readonly riskClass: 'controlled' | 'uncontrolled' | null;
  /** Why the class is what it is (or why there is none). */
  readonly riskWhy: string;
  readonly priority: number;
  readonly factors: readonly PriorityFactor[];
}

function rubricState(rubric: ScoringInputs['rubric']): { state: RubricState | null; candidate: CvssCandidate | null } {
  if (!rubric) return { state: null, candidate: null };
  const evaluated = evaluateRubric(rubric.versionId, rubric.answers);
  if (evaluated.ok) {
    const e = evaluated.value;
    const state = { versionId: rubric.versionId, answers: rubric.answers, complete: true, vector: e.vector, score: e.score.base, nextQuestion: null, error: null };
    const candidate: CvssCandidate = { source: 'rubric', recordId: null, scoredBy: `rubric ${rubric.versionId}`, version: '3.1', vector: e.vector, base: e.score.base, severity: e.score.severity.toLowerCase() };
    return { state, candidate };
  }
  const pending = pendingRubricQuestions(rubric.versionId, rubric.answers);
  const next = pending.ok ? (pending.value[0]?.id ?? null) : null;
  const error = evaluated.error.code === 'rubric.answer.missing' ? null : evaluated.error.message;
  return { state: { versionId: rubric.versionId, answers: rubric.answers, complete: false, vector: null, score: null, nextQuestion: next, error }, candidate: null };
}

export function assess(inputs: ScoringInputs, matrix: RiskMatrix = DEFAULT_RISK_MATRIX): Assessment {
  const { state: rubric, candidate: rubricCandidate } = rubricState(inputs.rubric);
  const sources = [...cvssCandidates(inputs.records), ...(rubricCandidate ? [rubricCandidate] : [])];
  const chosen = chooseCvss(sources, inputs.cvssSource);
  const env = chosen.vector ? applyEnvironment(chosen.vector, inputs.environment) : null;
  const effective = env
    ? { score: env.score.score, severity: severityOf(env.score.score), environmental: true }
    : chosen.candidate
      ? { score: chosen.candidate.base, severity: severityOf(chosen.candidate.base), environmental: false }
      : null;

  const deployed = env ? deployedBaseVector(env.vector) : chosen.vector;
  const exploitability = defaultExploitability({
    ...(deployed ? { cvss: deployed } : {}),
    ...(inputs.epss !== null ? { epss: inputs.epss } : {}),
    kev: inputs.kev,
  });
  const exploit = exploitability.ok ? { level: exploitability.value.level, signals: exploitability.value.signals } : null;

  let riskClass: Assessment['riskClass'] = null;
  let riskWhy: string;
  const excluded = inputs.status !== 'affected' || (inputs.analysisState !== null && EXCLUDING_ANALYSIS.has(inputs.analysisState));
  if (excluded) riskWhy = inputs.status !== 'affected' ? `The finding is ${inputs.status}.` : `Analysis: ${inputs.analysisState}.`;
  else if (!inputs.harm) riskWhy = 'Severity of patient harm not assessed yet.';
  else if (!exploit) riskWhy = 'No CVSS, EPSS or KEV signal to assess exploitability from.';
  else {
    const classified = classifyRisk(matrix, exploit.level, inputs.harm);
    if (classified.ok) {
      riskClass = classified.value.risk;
      riskWhy = `${exploit.level} exploitability × ${inputs.harm} harm → ${riskClass} (matrix ${matrix.id}).`;
    } else riskWhy = classified.error.message;
  }

  const { priority, factors } = computePriority({
    status: inputs.status,
    analysisState: inputs.analysisState,
    cvss: effective,
    kev: inputs.kev,
    epss: inputs.epss,
    riskClass,
    lifecycleStage: inputs.lifecycleStage,
  });
  return {
    sources,
    chosen: { choice: chosen.choice, source: chosen.candidate, why: chosen.why },
    environmental: env?.score ?? null,
    effective,
    rubric,
    exploitability: exploit,
    harm: inputs.harm,
    riskClass,
    riskWhy,
    priority,
    factors,
  };
}
