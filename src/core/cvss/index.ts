import type { Result } from '../result.js';
import { scoreV2 } from './score-v2.js';
import { scoreV3 } from './score-v3.js';
import { scoreV4 } from './score-v4.js';
import type { CvssScores, CvssVector, ParseCvssOptions } from './types.js';
import { parseCvss } from './vector.js';

export type {
  CvssOrderPolicy,
  CvssScores,
  CvssSeverity,
  CvssV4Nomenclature,
  CvssVector,
  CvssVersion,
  ParseCvssOptions,
} from './types.js';
export { cvssSeverity } from './severity.js';
export { cvssVectorFromMetrics, formatCvss, metricTable, parseCvss, parseCvssOrThrow } from './vector.js';
export { macroVector as cvssV4MacroVector } from './score-v4.js';
export type { MetricDefinition } from './metric-tables.js';

/**
 * Scores a parsed vector with the formulas of its version (v2.0 guide section 3.2; v3.0/v3.1
 * specification section 7 with each version's Roundup; v4.0 MacroVector interpolation of FIRST's
 * reference calculator).
 */
export function scoreCvss(vector: CvssVector): CvssScores {
  switch (vector.version) {
    case '2.0':
      return scoreV2(vector.metrics);
    case '3.0':
    case '3.1':
      return scoreV3(vector.version, vector.metrics);
    case '4.0':
      return scoreV4(vector.metrics);
  }
}

/** Parses then scores a vector string. */
export function scoreCvssString(input: string, options: ParseCvssOptions = {}): Result<CvssScores> {
  const parsed = parseCvss(input, options);
  if (!parsed.ok) return parsed;
  return { ok: true, value: scoreCvss(parsed.value) };
}
