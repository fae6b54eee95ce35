import { cvssSeverity } from './severity.js';
import type { CvssScores } from './types.js';

/**
 * CVSS v2.0 scoring, "A Complete Guide to the Common Vulnerability Scoring System Version 2.0"
 * (FIRST, 2007), section 3.2 equations and section 3.3 weights.
 */

type Metrics = Readonly<Record<string, string>>;

const ACCESS_VECTOR: Readonly<Record<string, number>> = { L: 0.395, A: 0.646, N: 1 };
const ACCESS_COMPLEXITY: Readonly<Record<string, number>> = { H: 0.35, M: 0.61, L: 0.71 };
const AUTHENTICATION: Readonly<Record<string, number>> = { M: 0.45, S: 0.56, N: 0.704 };
const IMPACT: Readonly<Record<string, number>> = { N: 0, P: 0.275, C: 0.66 };
const EXPLOITABILITY: Readonly<Record<string, number>> = { U: 0.85, POC: 0.9, F: 0.95, H: 1, ND: 1 };
const REMEDIATION_LEVEL: Readonly<Record<string, number>> = { OF: 0.87, TF: 0.9, W: 0.95, U: 1, ND: 1 };
const REPORT_CONFIDENCE: Readonly<Record<string, number>> = { UC: 0.9, UR: 0.95, C: 1, ND: 1 };
const COLLATERAL_DAMAGE: Readonly<Record<string, number>> = { N: 0, L: 0.1, LM: 0.3, MH: 0.4, H: 0.5, ND: 0 };
const TARGET_DISTRIBUTION: Readonly<Record<string, number>> = { N: 0, L: 0.25, M: 0.75, H: 1, ND: 1 };
const REQUIREMENT: Readonly<Record<string, number>> = { L: 0.5, M: 1, H: 1.51, ND: 1 };

/**
 * The guide's round_to_1_decimal, i.e. round half up. A small epsilon absorbs binary
 * representation error (e.g. 4.35 stored as 4.3499999…) so ties go up as the guide intends.
 */
export function roundTo1Decimal(value: number): number {
  return Math.round(value * 10 + 1e-9) / 10;
}

function must(table: Readonly<Record<string, number>>, value: string | undefined): number {
  const result = value === undefined ? undefined : table[value];
  if (result === undefined) throw new RangeError(`CVSS v2 metric value ${String(value)} has no weight`);
  return result;
}

function optional(table: Readonly<Record<string, number>>, value: string | undefined): number {
  return table[value ?? 'ND'] ?? 1;
}

function exploitabilitySubscore(m: Metrics): number {
  return 20 * must(ACCESS_VECTOR, m.AV) * must(ACCESS_COMPLEXITY, m.AC) * must(AUTHENTICATION, m.Au);
}

function baseEquation(impact: number, exploitability: number): number {
  const f = impact === 0 ? 0 : 1.176;
  return roundTo1Decimal((0.6 * impact + 0.4 * exploitability - 1.5) * f);
}

function temporalMultiplier(m: Metrics): number {
  return optional(EXPLOITABILITY, m.E) * optional(REMEDIATION_LEVEL, m.RL) * optional(REPORT_CONFIDENCE, m.RC);
}

const TEMPORAL_KEYS = ['E', 'RL', 'RC'] as const;
const ENVIRONMENTAL_KEYS = ['CDP', 'TD', 'CR', 'IR', 'AR'] as const;

/** Scores a validated v2.0 metric map (Not Defined metrics absent). */
export function scoreV2(m: Metrics): CvssScores {
  const c = must(IMPACT, m.C);
  const i = must(IMPACT, m.I);
  const a = must(IMPACT, m.A);
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = exploitabilitySubscore(m);
  const base = baseEquation(impact, exploitability);
  const temporal = roundTo1Decimal(base * temporalMultiplier(m));

  const adjustedImpact = Math.min(
    10,
    10.41 *
      (1 -
        (1 - c * optional(REQUIREMENT, m.CR)) *
          (1 - i * optional(REQUIREMENT, m.IR)) *
          (1 - a * optional(REQUIREMENT, m.AR))),
  );
  // With a low requirement (CR/IR/AR:L) on a single partial impact and the weakest
  // exploitability, the guide's equation dips below zero (e.g. AV:L/AC:H/Au:M/C:N/I:P/A:N/IR:L
  // gives -0.2). The guide states every group's score ranges from 0 to 10, so it is clamped.
  const adjustedBase = Math.max(0, baseEquation(adjustedImpact, exploitability));
  const adjustedTemporal = roundTo1Decimal(adjustedBase * temporalMultiplier(m));
  const environmental = roundTo1Decimal(
    (adjustedTemporal + (10 - adjustedTemporal) * optional(COLLATERAL_DAMAGE, m.CDP)) *
      optional(TARGET_DISTRIBUTION, m.TD),
  );

  const hasEnvironmental = ENVIRONMENTAL_KEYS.some((key) => m[key] !== undefined);
  const hasTemporal = TEMPORAL_KEYS.some((key) => m[key] !== undefined);
  const overall = hasEnvironmental ? environmental : hasTemporal ? temporal : base;
  return {
    version: '2.0',
    base,
    temporal,
    environmental,
    overall,
    severity: cvssSeverity(overall, '2.0'),
    exploitability: roundTo1Decimal(exploitability),
    impact: roundTo1Decimal(impact),
  };
}
