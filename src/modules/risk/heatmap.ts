import type { RiskClass, RiskMatrix } from '../../core/risk/index.js';

/**
 * The heat map: how many items sit in each likelihood × severity cell, before and after
 * controls, with each cell's controlled/uncontrolled colour taken from the matrix itself (so
 * the picture and the classification cannot disagree). Rows run from the least to the most
 * likely level, columns from the least to the most severe — the matrix's own order.
 */
export interface HeatCell {
  readonly likelihood: string;
  readonly severity: string;
  readonly class: RiskClass;
  readonly count: number;
}

export interface HeatMap {
  readonly matrixId: string;
  readonly likelihoodLevels: readonly string[];
  readonly severityLevels: readonly string[];
  /** cells[likelihood index][severity index] */
  readonly before: readonly (readonly HeatCell[])[];
  readonly after: readonly (readonly HeatCell[])[];
  readonly total: number;
}

export interface CellCount {
  readonly likelihood: string;
  readonly severity: string;
  readonly count: number;
}

function grid(matrix: RiskMatrix, counts: readonly CellCount[]): HeatCell[][] {
  const byCell = new Map<string, number>();
  for (const c of counts) {
    if (!matrix.exploitabilityLevels.includes(c.likelihood) || !matrix.severityLevels.includes(c.severity)) {
      throw new Error(`Level pair ${c.likelihood} × ${c.severity} is not on matrix ${matrix.id}.`);
    }
    const key = `${c.likelihood}\u0000${c.severity}`;
    byCell.set(key, (byCell.get(key) ?? 0) + c.count);
  }
  return matrix.exploitabilityLevels.map((likelihood, e) =>
    matrix.severityLevels.map((severity, s) => ({ likelihood, severity, class: matrix.cells[e]![s]!, count: byCell.get(`${likelihood}\u0000${severity}`) ?? 0 })),
  );
}

/** Builds both grids from per-cell counts (as a GROUP BY returns them; repeated cells add up). */
export function buildHeatMap(matrix: RiskMatrix, before: readonly CellCount[], after: readonly CellCount[]): HeatMap {
  const total = before.reduce((sum, c) => sum + c.count, 0);
  const afterTotal = after.reduce((sum, c) => sum + c.count, 0);
  if (total !== afterTotal) throw new Error(`Before (${total}) and after (${afterTotal}) counts must cover the same items.`);
  return { matrixId: matrix.id, likelihoodLevels: matrix.exploitabilityLevels, severityLevels: matrix.severityLevels, before: grid(matrix, before), after: grid(matrix, after), total };
}
