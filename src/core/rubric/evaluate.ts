import { cvssVectorFromMetrics, formatCvss, scoreCvss, type CvssScores } from '../cvss/index.js';
import { err, ok, type Result } from '../result.js';
import { getRubricVersion, questionIndex } from './registry.js';
import type { RubricMetric, RubricMetricFlow, RubricQuestion, RubricRationaleEntry, RubricVersion } from './types.js';

/** Result of applying a rubric version to a set of answers. */
export interface RubricEvaluation {
  readonly versionId: string;
  /** Canonical CVSS vector, e.g. `CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H`. */
  readonly vector: string;
  readonly score: CvssScores;
  readonly metrics: Readonly<Record<RubricMetric, string>>;
  /** Every answer used, in the order asked, plus one `combined` entry per C/I/A metric. */
  readonly rationale: readonly RubricRationaleEntry[];
  /** Answers given for questions that the answered path never reached (kept, not used). */
  readonly unusedAnswers: readonly string[];
}

/** Answers keyed by question id, values are option tokens (`yes`, `no`, `none`, `low`, `high`). */
export type RubricAnswers = Readonly<Record<string, string>>;

/** Higher index = more severe, for combining category flows. */
const SEVERITY_ORDER: readonly string[] = ['N', 'L', 'H'];

type Step = { readonly kind: 'pending'; readonly question: RubricQuestion } | { readonly kind: 'decided'; readonly value: string };

/**
 * Follows one decision flow from `start`, appending rationale. Stops at the first unanswered
 * question (pending) or at a terminal value (decided); fails on invalid answers or rejected paths.
 */
function follow(
  index: ReadonlyMap<string, RubricQuestion>,
  start: string,
  answers: RubricAnswers,
  rationale: RubricRationaleEntry[],
  used: Set<string>,
): Result<Step> {
  let id: string | undefined = start;
  // The data is validated acyclic; the bound only guards hand-built versions.
  for (let guard = 0; id !== undefined && guard <= index.size; guard++) {
    const q = index.get(id);
    if (q === undefined) return err('rubric.data.missing', `Question ${id} does not exist in this rubric version.`);
    const answer = answers[q.id];
    if (answer === undefined) return ok({ kind: 'pending', question: q });
    const option = q.options.find((o) => o.value === answer);
    if (option === undefined) {
      return err(
        'rubric.answer.invalid',
        `Answer "${answer}" to ${q.id} (${q.code}) is not one of ${q.options.map((o) => o.value).join(', ')}.`,
      );
    }
    used.add(q.id);
    const base = { kind: 'answer', questionId: q.id, code: q.code, metric: q.metric, question: q.text, answer, answerLabel: option.label } as const;
    const outcome = option.outcome;
    if ('reject' in outcome) return err('rubric.answer.rejected', `${q.id}: ${outcome.reject}`);
    if ('metricValue' in outcome) {
      rationale.push({ ...base, metricValue: outcome.metricValue });
      return ok({ kind: 'decided', value: outcome.metricValue });
    }
    rationale.push({ ...base, next: outcome.next });
    id = outcome.next;
  }
  return err('rubric.data.cycle', `Decision flow starting at ${start} does not terminate.`);
}

interface FlowState {
  readonly pending: RubricQuestion[];
  readonly values: Partial<Record<RubricMetric, string>>;
  readonly rationale: RubricRationaleEntry[];
  readonly used: Set<string>;
}

function runFlow(index: ReadonlyMap<string, RubricQuestion>, flow: RubricMetricFlow, answers: RubricAnswers, state: FlowState): Result<true> {
  const decided: string[] = [];
  const deciders: string[] = [];
  for (const start of flow.starts) {
    const before = state.rationale.length;
    const step = follow(index, start, answers, state.rationale, state.used);
    if (!step.ok) return step;
    if (step.value.kind === 'pending') state.pending.push(step.value.question);
    else {
      decided.push(step.value.value);
      const last = state.rationale[state.rationale.length - 1];
      if (state.rationale.length > before && last?.kind === 'answer') deciders.push(last.questionId);
    }
  }
  if (decided.length !== flow.starts.length) return ok(true);
  if (flow.combine === 'single') {
    state.values[flow.metric] = decided[0]!;
    return ok(true);
  }
  const highest = decided.reduce((a, b) => (SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a));
  state.values[flow.metric] = highest;
  state.rationale.push({ kind: 'combined', metric: flow.metric, metricValue: highest, from: deciders });
  return ok(true);
}

function walk(version: RubricVersion, answers: RubricAnswers): Result<FlowState> {
  const index = questionIndex(version);
  const unknown = Object.keys(answers).find((id) => !index.has(id));
  if (unknown !== undefined) {
    return err('rubric.answer.unknown', `"${unknown}" is not a question of rubric version ${version.id}.`);
  }
  const state: FlowState = { pending: [], values: {}, rationale: [], used: new Set() };
  for (const flow of version.flows) {
    const result = runFlow(index, flow, answers, state);
    if (!result.ok) return result;
  }
  return ok(state);
}

/**
 * Questions still to be answered on the path the given answers select (in asking order), so a
 * UI can present the rubric step by step. Empty when the answers are complete.
 */
export function pendingRubricQuestions(versionId: string, answers: RubricAnswers): Result<readonly RubricQuestion[]> {
  const version = getRubricVersion(versionId);
  if (!version.ok) return version;
  const state = walk(version.value, answers);
  if (!state.ok) return state;
  return ok(state.value.pending);
}

/**
 * Applies a published rubric version to the answers and returns the CVSS vector, its score and a
 * rationale entry per answer. Errors: `rubric.version.unknown`, `rubric.answer.unknown` (answer
 * for a question the version does not have), `rubric.answer.invalid` (token not offered),
 * `rubric.answer.rejected` (answers contradict each other), `rubric.answer.missing` (first
 * question still to answer, in asking order).
 */
export function evaluateRubric(versionId: string, answers: RubricAnswers): Result<RubricEvaluation> {
  const version = getRubricVersion(versionId);
  if (!version.ok) return version;
  const walked = walk(version.value, answers);
  if (!walked.ok) return walked;
  const state = walked.value;
  const firstPending = state.pending[0];
  if (firstPending !== undefined) {
    const more = state.pending.length > 1 ? ` (${state.pending.length - 1} more question(s) pending)` : '';
    return err('rubric.answer.missing', `Missing answer to ${firstPending.id} (${firstPending.code}): ${firstPending.text}${more}`);
  }
  const vector = cvssVectorFromMetrics(version.value.cvssVersion, state.values);
  if (!vector.ok) return vector;
  return ok({
    versionId,
    vector: formatCvss(vector.value),
    score: scoreCvss(vector.value),
    metrics: state.values as Record<RubricMetric, string>,
    rationale: state.rationale,
    unusedAnswers: Object.keys(answers).filter((id) => !state.used.has(id)),
  });
}
