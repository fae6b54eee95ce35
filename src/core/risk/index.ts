export {
  classifyRisk,
  DEFAULT_EXPLOITABILITY_LEVELS,
  DEFAULT_HARM_SEVERITIES,
  DEFAULT_RISK_MATRIX,
  validateRiskMatrix,
  type RiskClass,
  type RiskClassification,
  type RiskMatrix,
} from './matrix.js';
export {
  DEFAULT_EXPLOITABILITY_CONFIG,
  defaultExploitability,
  validateExploitabilityConfig,
  type ExploitabilityAssessment,
  type ExploitabilityConfig,
  type ExploitabilityInputs,
  type ExploitabilitySignal,
} from './exploitability.js';
