import { ANALYSIS_STATES, JUSTIFICATIONS, RESPONSES, type AnalysisState, type Justification, type Response } from '../../formats/vex/model.js';
import type { ProblemFieldError } from '../../platform/http/problem.js';

/**
 * A finding's analysis in the CycloneDX vocabulary (src/formats/vex maps it to OpenVEX and
 * CSAF) and the rules a decision must follow. Pure: the services call `checkAnalysis` before
 * writing anything, so a bad pair is refused whole with the field named.
 */

export { ANALYSIS_STATES, JUSTIFICATIONS, RESPONSES };
export type { AnalysisState, Justification, Response };

export interface Analysis {
  readonly state: AnalysisState;
  readonly justification: Justification | null;
  readonly responses: readonly Response[];
  readonly detail: string | null;
}

export const MAX_DETAIL_LENGTH = 10_000;

/** States that are a decision; `in_triage` is not one (a suppression rule or propagation must decide). */
export const DECIDED_STATES = ANALYSIS_STATES.filter((s) => s !== 'in_triage');

/**
 * The field errors of an analysis, each at `${base}/<field>`:
 * - a justification only with `not_affected`: every CycloneDX justification explains why a
 *   product is *not* affected (OpenVEX and CSAF allow a justification only with not_affected,
 *   and Vigil stores what it can export without loss);
 * - `not_affected` needs a justification or an impact statement (the detail): CISA's minimum
 *   requirements, the OpenVEX schema and CSAF test 6.1.27.9 all say so;
 * - responses from the CycloneDX enumeration, each at most once;
 * - detail at most {@link MAX_DETAIL_LENGTH} characters.
 */
export function checkAnalysis(a: Analysis, base = '/body'): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  if (a.justification !== null && a.state !== 'not_affected') {
    errors.push({ pointer: `${base}/justification`, message: `a justification explains why a product is not affected; it is only allowed with state not_affected, not ${a.state}` });
  }
  if (a.state === 'not_affected' && a.justification === null && (a.detail === null || a.detail.trim() === '')) {
    errors.push({ pointer: `${base}/justification`, message: 'not_affected needs a justification or an impact statement in detail (CISA minimum requirements for VEX)' });
  }
  const seen = new Set<string>();
  a.responses.forEach((r, i) => {
    if (seen.has(r)) errors.push({ pointer: `${base}/responses/${i}`, message: `response ${r} is listed twice` });
    seen.add(r);
  });
  if (a.detail !== null && a.detail.length > MAX_DETAIL_LENGTH) errors.push({ pointer: `${base}/detail`, message: `at most ${MAX_DETAIL_LENGTH} characters` });
  return errors;
}

/** Whether an analysis leaves the finding in the triage queue (undecided). */
export function isOpenWork(state: AnalysisState | null, responses: readonly string[]): boolean {
  return state === null || state === 'in_triage' || (state === 'exploitable' && responses.length === 0);
}

/** The analysis as stored in finding events (before/after). */
export function analysisJson(a: { state: string | null; justification: string | null; responses: readonly string[]; detail: string | null }) {
  return { state: a.state, justification: a.justification, responses: [...a.responses], detail: a.detail };
}

/** Two analyses say the same thing (responses compared as sets). */
export function sameAnalysis(a: { state: string | null; justification: string | null; responses: readonly string[]; detail: string | null }, b: Analysis): boolean {
  const ra = [...a.responses].sort().join(',');
  const rb = [...b.responses].sort().join(',');
  return a.state === b.state && a.justification === b.justification && ra === rb && (a.detail ?? null) === (b.detail ?? null);
}
