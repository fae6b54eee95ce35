import { err, ok, type Result } from '../result.js';
import { MITRE_2020_1 } from './mitre-2020-1.js';
import type { RubricQuestion, RubricVersion } from './types.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Published question sets by id. Frozen so no caller can alter a version in place. */
const VERSIONS: ReadonlyMap<string, RubricVersion> = new Map(
  [MITRE_2020_1].map((version) => [version.id, deepFreeze(version)]),
);

/** Ids of all published rubric versions, oldest first. */
export function listRubricVersions(): readonly string[] {
  return [...VERSIONS.keys()];
}

/** A published rubric version, or `rubric.version.unknown`. */
export function getRubricVersion(versionId: string): Result<RubricVersion> {
  const version = VERSIONS.get(versionId);
  if (version === undefined) {
    return err('rubric.version.unknown', `Unknown rubric version "${versionId}"; known: ${listRubricVersions().join(', ')}.`);
  }
  return ok(version);
}

/** Questions of a version by id. */
export function questionIndex(version: RubricVersion): ReadonlyMap<string, RubricQuestion> {
  return new Map(version.questions.map((q) => [q.id, q]));
}

const METRIC_VALUES: Readonly<Record<string, readonly string[]>> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
};

/**
 * Structural checks a rubric version must pass: unique ids, every `next` exists and stays in the
 * same metric, no cycles, every question reachable from a flow start, every terminal value valid
 * for its metric, unique answer tokens per question, one flow per CVSS base metric.
 */
export function validateRubricVersion(version: RubricVersion): Result<RubricVersion> {
  const index = questionIndex(version);
  if (index.size !== version.questions.length) return err('rubric.data.duplicate', 'Duplicate question id.');
  const flowMetrics = version.flows.map((f) => f.metric).sort().join(',');
  if (flowMetrics !== Object.keys(METRIC_VALUES).sort().join(',')) {
    return err('rubric.data.flows', 'A rubric version needs exactly one flow per CVSS base metric.');
  }
  const reached = new Set<string>();
  for (const flow of version.flows) {
    for (const start of flow.starts) {
      const walked = walkAll(index, start, flow.metric, new Set(), reached);
      if (!walked.ok) return walked;
    }
  }
  const unreachable = version.questions.find((q) => !reached.has(q.id));
  if (unreachable !== undefined) return err('rubric.data.unreachable', `Question ${unreachable.id} is never asked.`);
  return ok(version);
}

function walkAll(
  index: ReadonlyMap<string, RubricQuestion>,
  id: string,
  metric: string,
  path: Set<string>,
  reached: Set<string>,
): Result<true> {
  const q = index.get(id);
  if (q === undefined) return err('rubric.data.missing', `Question ${id} does not exist.`);
  if (q.metric !== metric) return err('rubric.data.metric', `Question ${id} belongs to ${q.metric}, reached from ${metric}.`);
  if (path.has(id)) return err('rubric.data.cycle', `Decision flow cycles through ${id}.`);
  reached.add(id);
  if (new Set(q.options.map((o) => o.value)).size !== q.options.length) {
    return err('rubric.data.options', `Question ${id} repeats an answer token.`);
  }
  for (const option of q.options) {
    const outcome = option.outcome;
    if ('metricValue' in outcome && !(METRIC_VALUES[metric] ?? []).includes(outcome.metricValue)) {
      return err('rubric.data.value', `Question ${id} answer ${option.value} gives invalid ${metric} value ${outcome.metricValue}.`);
    }
    if ('next' in outcome) {
      const child = walkAll(index, outcome.next, metric, new Set([...path, id]), reached);
      if (!child.ok) return child;
    }
  }
  return ok(true);
}
