import { err, ok, type Result } from '../result.js';

/**
 * Exploitability × severity-of-harm matrix that classifies a vulnerability's risk to patients
 * as controlled or uncontrolled (FDA "Postmarket Management of Cybersecurity in Medical
 * Devices", Dec 2016; see shared/jsp/timelines.md "FDA postmarket" and the README glossary
 * "Controlled vs uncontrolled risk"). FDA gives the two axes but no fixed boundary, so the
 * matrix is configuration; {@link DEFAULT_RISK_MATRIX} is Vigil's documented default.
 */

/** Residual risk of patient harm: acceptable (controlled) or not (uncontrolled). */
export type RiskClass = 'controlled' | 'uncontrolled';

/** Default exploitability levels, least to most exploitable (ISO 14971-style qualitative scale). */
export const DEFAULT_EXPLOITABILITY_LEVELS = ['improbable', 'remote', 'occasional', 'probable', 'frequent'] as const;

/**
 * Default severity-of-harm levels, least to most severe: the qualitative severity levels the
 * FDA 2016 postmarket guidance takes from ISO 14971 — negligible (inconvenience or temporary
 * discomfort), minor (temporary injury not requiring professional medical intervention),
 * serious (injury requiring professional medical intervention), critical (permanent impairment
 * or life-threatening injury), catastrophic (patient death).
 */
export const DEFAULT_HARM_SEVERITIES = ['negligible', 'minor', 'serious', 'critical', 'catastrophic'] as const;

/** A matrix: `cells[e][s]` classifies exploitability level `e` combined with severity level `s`. */
export interface RiskMatrix {
  readonly id: string;
  /** Ordered from least to most exploitable. */
  readonly exploitabilityLevels: readonly string[];
  /** Ordered from least to most severe. */
  readonly severityLevels: readonly string[];
  /** One row per exploitability level, one column per severity level. */
  readonly cells: readonly (readonly RiskClass[])[];
}

const C: RiskClass = 'controlled';
const U: RiskClass = 'uncontrolled';

/**
 * Vigil default (`vigil-default-5x5-v1`): uncontrolled when harm is at least serious and the
 * level indices (0-based) sum to 5 or more — serious harm from probable exploitation upward,
 * critical from occasional, catastrophic from remote. Negligible and minor harm are always
 * controlled. Rows: improbable → frequent; columns: negligible → catastrophic.
 */
export const DEFAULT_RISK_MATRIX: RiskMatrix = {
  id: 'vigil-default-5x5-v1',
  exploitabilityLevels: DEFAULT_EXPLOITABILITY_LEVELS,
  severityLevels: DEFAULT_HARM_SEVERITIES,
  cells: [
    [C, C, C, C, C],
    [C, C, C, C, U],
    [C, C, C, U, U],
    [C, C, U, U, U],
    [C, C, U, U, U],
  ],
};

function checkLevels(levels: readonly unknown[] | undefined, axis: string): Result<readonly string[]> {
  if (!Array.isArray(levels) || levels.length === 0) return err('risk.matrix.levels', `The ${axis} axis needs at least one level.`);
  const seen = new Set<string>();
  for (const [i, level] of levels.entries()) {
    if (typeof level !== 'string' || level.length === 0) return err('risk.matrix.levels', `${axis} level ${i} must be a non-empty string.`);
    if (seen.has(level)) return err('risk.matrix.levels', `${axis} level "${level}" appears twice.`);
    seen.add(level);
  }
  return ok(levels as string[]);
}

function checkShapeAndCells(matrix: RiskMatrix): Result<true> {
  const rows = matrix.exploitabilityLevels.length;
  const columns = matrix.severityLevels.length;
  if (!Array.isArray(matrix.cells) || matrix.cells.length !== rows) {
    return err('risk.matrix.shape', `Expected ${rows} rows (one per exploitability level), got ${Array.isArray(matrix.cells) ? matrix.cells.length : 'none'}.`);
  }
  for (const [e, row] of matrix.cells.entries()) {
    const level = matrix.exploitabilityLevels[e];
    if (!Array.isArray(row) || row.length !== columns) {
      return err('risk.matrix.shape', `Row "${level}" must have ${columns} cells (one per severity level).`);
    }
    for (let s = 0; s < columns; s++) {
      const cell: unknown = row[s];
      if (cell !== 'controlled' && cell !== 'uncontrolled') {
        return err('risk.matrix.cell', `Cell ${level} × ${matrix.severityLevels[s]} must be "controlled" or "uncontrolled".`);
      }
    }
  }
  return ok(true);
}

/**
 * A cell may not be controlled while a less exploitable or less severe neighbour is
 * uncontrolled. Checking the two immediate neighbours suffices: by induction every cell
 * dominated by an uncontrolled one is then uncontrolled.
 */
function checkMonotonic(matrix: RiskMatrix): Result<true> {
  const { cells, exploitabilityLevels: ex, severityLevels: sev } = matrix;
  for (let e = 0; e < cells.length; e++) {
    for (let s = 0; s < sev.length; s++) {
      if (cells[e]?.[s] !== 'controlled') continue;
      if (e > 0 && cells[e - 1]?.[s] === 'uncontrolled') {
        return err(
          'risk.matrix.monotonic',
          `Cell ${ex[e]} × ${sev[s]} is controlled although the less exploitable cell ${ex[e - 1]} × ${sev[s]} is uncontrolled.`,
        );
      }
      if (s > 0 && cells[e]?.[s - 1] === 'uncontrolled') {
        return err(
          'risk.matrix.monotonic',
          `Cell ${ex[e]} × ${sev[s]} is controlled although the less severe cell ${ex[e]} × ${sev[s - 1]} is uncontrolled.`,
        );
      }
    }
  }
  return ok(true);
}

/**
 * Validates a (possibly user-supplied) matrix: non-empty unique levels on both axes, one row per
 * exploitability level with one cell per severity level, every cell assigned, and monotonicity.
 */
export function validateRiskMatrix(matrix: RiskMatrix): Result<RiskMatrix> {
  if (typeof matrix.id !== 'string' || matrix.id.length === 0) return err('risk.matrix.id', 'A risk matrix needs a non-empty id.');
  const ex = checkLevels(matrix.exploitabilityLevels, 'exploitability');
  if (!ex.ok) return ex;
  const sev = checkLevels(matrix.severityLevels, 'severity');
  if (!sev.ok) return sev;
  const shape = checkShapeAndCells(matrix);
  if (!shape.ok) return shape;
  const monotonic = checkMonotonic(matrix);
  if (!monotonic.ok) return monotonic;
  return ok(matrix);
}

/** Outcome of classifying one finding. */
export interface RiskClassification {
  readonly matrixId: string;
  readonly exploitability: string;
  readonly severity: string;
  readonly risk: RiskClass;
}

/** Classifies a finding by its exploitability level and severity of patient harm. */
export function classifyRisk(matrix: RiskMatrix, exploitability: string, severity: string): Result<RiskClassification> {
  const e = matrix.exploitabilityLevels.indexOf(exploitability);
  if (e === -1) {
    return err('risk.level.unknown', `Unknown exploitability level "${exploitability}"; expected one of ${matrix.exploitabilityLevels.join(', ')}.`);
  }
  const s = matrix.severityLevels.indexOf(severity);
  if (s === -1) return err('risk.level.unknown', `Unknown severity level "${severity}"; expected one of ${matrix.severityLevels.join(', ')}.`);
  const risk = matrix.cells[e]?.[s];
  if (risk === undefined) return err('risk.matrix.shape', `Matrix ${matrix.id} has no cell ${exploitability} × ${severity}.`);
  return ok({ matrixId: matrix.id, exploitability, severity, risk });
}
