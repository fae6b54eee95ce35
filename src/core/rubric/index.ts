export type {
  RubricMetric,
  RubricMetricFlow,
  RubricOption,
  RubricOutcome,
  RubricQuestion,
  RubricRationaleEntry,
  RubricVersion,
} from './types.js';
export { evaluateRubric, pendingRubricQuestions, type RubricAnswers, type RubricEvaluation } from './evaluate.js';
export { getRubricVersion, listRubricVersions, validateRubricVersion } from './registry.js';
