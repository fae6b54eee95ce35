/**
 * Maturity scoring (pure). Levels are maturity.md's 0–5 CMMI-style scale; a control may be
 * N/A with a justification. An area's score is the mean of its assessed, applicable controls;
 * the overall score is the mean of the areas that have a score. Controls not yet assessed, N/A
 * or waiting for re-assessment after a catalog change are left out of the means and counted
 * apart, so a half-done assessment shows its coverage instead of a made-up zero.
 */

export const MATURITY_LEVELS = [
  { level: 0, name: 'Not performed', meaning: 'practice absent or ad hoc with no evidence' },
  { level: 1, name: 'Initiated', meaning: 'performed reactively, person-dependent, unpredictable results' },
  { level: 2, name: 'Managed', meaning: 'planned and tracked at project/product level; documented procedure exists for that team' },
  { level: 3, name: 'Defined', meaning: 'organisation-wide standard process, tailored per product; training; consistent evidence' },
  { level: 4, name: 'Quantitatively managed', meaning: 'measured with metrics, targets set, variation controlled' },
  { level: 5, name: 'Optimizing', meaning: 'continuous improvement driven by metrics, lessons learned, industry benchmarks' },
] as const;

/** Below this level an applicable control is a gap (Defined: an organisation-wide process). */
export const DEFAULT_TARGET_LEVEL = 3;

export interface ScoredControl {
  readonly code: string;
  readonly area: string;
  readonly applicable: boolean;
  /** null: not assessed. */
  readonly level: number | null;
  readonly notApplicable: boolean;
  readonly needsReassessment: boolean;
}

export interface AreaScore {
  readonly area: string;
  /** Mean level, rounded to two decimals; null when nothing in the area is scored. */
  readonly score: number | null;
  readonly applicable: number;
  readonly scored: number;
  readonly notApplicable: number;
  readonly needsReassessment: number;
  readonly notAssessed: number;
}

export interface MaturityScores {
  readonly areas: AreaScore[];
  readonly overall: number | null;
  readonly coverage: { readonly applicable: number; readonly scored: number };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export function scoreMaturity(areaOrder: readonly string[], controls: readonly ScoredControl[]): MaturityScores {
  const areas = areaOrder.map((area): AreaScore => {
    const inArea = controls.filter((c) => c.area === area && c.applicable);
    const counted = inArea.filter((c) => c.level !== null && !c.notApplicable && !c.needsReassessment);
    const m = mean(counted.map((c) => c.level!));
    return {
      area,
      score: m === null ? null : round2(m),
      applicable: inArea.length,
      scored: counted.length,
      notApplicable: inArea.filter((c) => c.notApplicable).length,
      needsReassessment: inArea.filter((c) => c.needsReassessment).length,
      notAssessed: inArea.filter((c) => c.level === null && !c.notApplicable).length,
    };
  });
  // The overall mean uses the unrounded area means so rounding is applied once.
  const areaMeans = areaOrder
    .map((area) => mean(controls.filter((c) => c.area === area && c.applicable && c.level !== null && !c.notApplicable && !c.needsReassessment).map((c) => c.level!)))
    .filter((m): m is number => m !== null);
  const overall = mean(areaMeans);
  return {
    areas,
    overall: overall === null ? null : round2(overall),
    coverage: { applicable: areas.reduce((n, a) => n + a.applicable, 0), scored: areas.reduce((n, a) => n + a.scored, 0) },
  };
}

/** Applicable controls below the target (not assessed counts as a gap: nothing shows it is done). */
export function gapsOf(controls: readonly ScoredControl[], target = DEFAULT_TARGET_LEVEL): ScoredControl[] {
  return controls.filter((c) => c.applicable && !c.notApplicable && (c.level === null || c.needsReassessment || c.level < target));
}
