import { cvssSeverity } from './severity.js';
import type { CvssScores, CvssV4Nomenclature } from './types.js';
import { MACROVECTOR_SCORES, MAX_COMPOSED, MAX_SEVERITY, type MaxVectorPart } from './v4-data.js';

/**
 * CVSS v4.0 scoring: MacroVector lookup plus interpolation, as specified in CVSS v4.0 section 8
 * and implemented by FIRST's reference calculator (cvss_score.js). The arithmetic is done in the
 * same order as the reference so results are bit-identical, including its final
 * "round half up after adding 1e-6" step (the reference's fix for values that land one ULP below
 * an x.x5 tie).
 */

type Metrics = Readonly<Record<string, string>>;

/** Effective value of a metric: modified value if set, else base; threat/requirement defaults. */
function effective(m: Metrics, metric: string): string {
  if (metric === 'E') return m.E ?? 'A';
  if (metric === 'CR' || metric === 'IR' || metric === 'AR') return m[metric] ?? 'H';
  const modified = m[`M${metric}`];
  if (modified !== undefined) return modified;
  return m[metric] ?? 'X';
}

/** The six EQ levels of a vector, e.g. `[0, 1, 1, 2, 0, 1]` for MacroVector `011201`. */
export function macroVector(m: Metrics): readonly [number, number, number, number, number, number] {
  const v = (metric: string): string => effective(m, metric);
  const av = v('AV');
  const pr = v('PR');
  const ui = v('UI');
  let eq1: number;
  if (av === 'N' && pr === 'N' && ui === 'N') eq1 = 0;
  else if ((av === 'N' || pr === 'N' || ui === 'N') && av !== 'P') eq1 = 1;
  else eq1 = 2;

  const eq2 = v('AC') === 'L' && v('AT') === 'N' ? 0 : 1;

  const vc = v('VC');
  const vi = v('VI');
  const va = v('VA');
  let eq3: number;
  if (vc === 'H' && vi === 'H') eq3 = 0;
  else if (vc === 'H' || vi === 'H' || va === 'H') eq3 = 1;
  else eq3 = 2;

  let eq4: number;
  if (m.MSI === 'S' || m.MSA === 'S') eq4 = 0;
  else if (v('SC') === 'H' || v('SI') === 'H' || v('SA') === 'H') eq4 = 1;
  else eq4 = 2;

  const exploit = v('E');
  const eq5 = exploit === 'A' ? 0 : exploit === 'P' ? 1 : 2;

  const eq6 = (v('CR') === 'H' && vc === 'H') || (v('IR') === 'H' && vi === 'H') || (v('AR') === 'H' && va === 'H') ? 0 : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

const LEVELS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0.0, L: 0.1, H: 0.2 },
  UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 },
  AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 },
  VI: { H: 0.0, L: 0.1, N: 0.2 },
  VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 },
  IR: { H: 0.0, M: 0.1, L: 0.2 },
  AR: { H: 0.0, M: 0.1, L: 0.2 },
};

/** Metrics whose severity distance is measured, in the reference's order. */
const DISTANCE_METRICS = ['AV', 'PR', 'UI', 'AC', 'AT', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA', 'CR', 'IR', 'AR'] as const;
type DistanceMetric = (typeof DISTANCE_METRICS)[number];

function level(metric: DistanceMetric, value: string | undefined): number {
  return LEVELS[metric]?.[value ?? ''] ?? Number.NaN;
}

function lookup(levels: readonly number[]): number {
  return MACROVECTOR_SCORES[levels.join('')] ?? Number.NaN;
}

/**
 * Severity levels of the candidate highest-severity vectors of a MacroVector, in the reference's
 * nesting order (EQ1 outermost). Cached: there are at most 30 candidates per MacroVector and
 * only 270 MacroVectors.
 */
const candidateCache = new Map<string, readonly (readonly number[])[]>();

function candidateLevels(eq: readonly number[]): readonly (readonly number[])[] {
  const key = eq.join('');
  const cached = candidateCache.get(key);
  if (cached !== undefined) return cached;
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq as [number, number, number, number, number, number];
  const result: number[][] = [];
  for (const a of MAX_COMPOSED.eq1[eq1] ?? []) {
    for (const b of MAX_COMPOSED.eq2[eq2] ?? []) {
      for (const c of MAX_COMPOSED.eq3eq6[eq3]?.[eq6] ?? []) {
        for (const d of MAX_COMPOSED.eq4[eq4] ?? []) {
          for (const e of MAX_COMPOSED.eq5[eq5] ?? []) {
            const candidate: MaxVectorPart = { ...a, ...b, ...c, ...d, ...e };
            result.push(DISTANCE_METRICS.map((metric) => level(metric, candidate[metric])));
          }
        }
      }
    }
  }
  candidateCache.set(key, result);
  return result;
}

/**
 * Severity distances from the first candidate max vector that is at least as severe in every
 * metric. Like the reference, when no candidate qualifies the distances of the last one are used.
 */
function severityDistances(m: Metrics, candidates: readonly (readonly number[])[]): Record<DistanceMetric, number> {
  const selected = DISTANCE_METRICS.map((metric) => level(metric, effective(m, metric)));
  let distances: number[] = [];
  for (const candidate of candidates) {
    distances = selected.map((value, i) => value - candidate[i]!);
    if (!distances.some((d) => d < 0)) break;
  }
  return Object.fromEntries(DISTANCE_METRICS.map((metric, i) => [metric, distances[i] ?? Number.NaN])) as Record<
    DistanceMetric,
    number
  >;
}

function nextLowerEq3Eq6(eq: readonly number[]): number {
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq as [number, number, number, number, number, number];
  if (eq3 === 0 && eq6 === 0) {
    // Two lower neighbours (00 → 01 and 00 → 10); the reference takes the higher-scoring one.
    const left = lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
    const right = lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
    return left > right ? left : right;
  }
  if (eq3 === 1 && eq6 === 0) return lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
  if (eq3 === 2) return lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1]);
  return lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
}

/** Score of a validated v4.0 metric map, exactly as FIRST's calculator computes it. */
export function scoreV4Vector(m: Metrics): number {
  const impactMetrics = ['VC', 'VI', 'VA', 'SC', 'SI', 'SA'];
  if (impactMetrics.every((metric) => effective(m, metric) === 'N')) return 0;

  const eq = macroVector(m);
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq;
  let value = lookup(eq);

  const lower = [
    lookup([eq1 + 1, eq2, eq3, eq4, eq5, eq6]),
    lookup([eq1, eq2 + 1, eq3, eq4, eq5, eq6]),
    nextLowerEq3Eq6(eq),
    lookup([eq1, eq2, eq3, eq4 + 1, eq5, eq6]),
    lookup([eq1, eq2, eq3, eq4, eq5 + 1, eq6]),
  ];
  const d = severityDistances(m, candidateLevels(eq));
  const current = [
    d.AV + d.PR + d.UI,
    d.AC + d.AT,
    d.VC + d.VI + d.VA + d.CR + d.IR + d.AR,
    d.SC + d.SI + d.SA,
    0,
  ];
  const step = 0.1;
  const depth = [
    MAX_SEVERITY.eq1[eq1]! * step,
    MAX_SEVERITY.eq2[eq2]! * step,
    MAX_SEVERITY.eq3eq6[eq3]![eq6]! * step,
    MAX_SEVERITY.eq4[eq4]! * step,
  ];

  let existingLower = 0;
  let sum = 0;
  for (let i = 0; i < 5; i++) {
    const available = value - lower[i]!;
    if (Number.isNaN(available)) continue;
    existingLower++;
    // EQ5 has depth 1 and always contributes a proportion of 0.
    const normalized = i === 4 ? available * 0 : available * (current[i]! / depth[i]!);
    sum += normalized;
  }
  const meanDistance = existingLower === 0 ? 0 : sum / existingLower;
  value -= meanDistance;
  if (value < 0) value = 0;
  if (value > 10) value = 10;
  return Math.round((value + 1e-6) * 10) / 10;
}

const THREAT_KEYS = ['E'];
const ENVIRONMENTAL_KEYS = [
  'CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA',
];

function only(m: Metrics, excluded: readonly string[]): Metrics {
  return Object.fromEntries(Object.entries(m).filter(([key]) => !excluded.includes(key)));
}

/** Scores a validated v4.0 metric map (Not Defined metrics absent). */
export function scoreV4(m: Metrics): CvssScores {
  const hasThreat = THREAT_KEYS.some((key) => m[key] !== undefined);
  const hasEnvironmental = ENVIRONMENTAL_KEYS.some((key) => m[key] !== undefined);
  const nomenclature: CvssV4Nomenclature = `CVSS-B${hasThreat ? 'T' : ''}${hasEnvironmental ? 'E' : ''}` as CvssV4Nomenclature;
  const overall = scoreV4Vector(m);
  const base = hasThreat || hasEnvironmental ? scoreV4Vector(only(m, [...THREAT_KEYS, ...ENVIRONMENTAL_KEYS])) : overall;
  const scores: CvssScores = {
    version: '4.0',
    base,
    overall,
    severity: cvssSeverity(overall, '4.0'),
    nomenclature,
    ...(hasThreat ? { threat: hasEnvironmental ? scoreV4Vector(only(m, ENVIRONMENTAL_KEYS)) : overall } : {}),
    ...(hasEnvironmental ? { environmental: overall } : {}),
  };
  return scores;
}
