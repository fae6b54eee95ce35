import { cvssSeverity } from './severity.js';
import type { CvssScores } from './types.js';

/**
 * CVSS v3.0 and v3.1 scoring (specification section 7 of each version).
 *
 * The two versions share metrics and weights and differ in exactly two places, both handled
 * here: the Roundup function (v3.1 Appendix A defines an integer-based Roundup that avoids
 * floating-point artefacts such as 4.000000000000001 → 4.1; v3.0 used a plain ceiling) and the
 * Modified Impact formula of the environmental score when the modified scope is changed (v3.1
 * multiplies MISS by 0.9731 and uses exponent 13 instead of 15).
 */

type Metrics = Readonly<Record<string, string>>;

const ATTACK_VECTOR: Readonly<Record<string, number>> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const ATTACK_COMPLEXITY: Readonly<Record<string, number>> = { L: 0.77, H: 0.44 };
const PRIVILEGES_UNCHANGED: Readonly<Record<string, number>> = { N: 0.85, L: 0.62, H: 0.27 };
const PRIVILEGES_CHANGED: Readonly<Record<string, number>> = { N: 0.85, L: 0.68, H: 0.5 };
const USER_INTERACTION: Readonly<Record<string, number>> = { N: 0.85, R: 0.62 };
const IMPACT: Readonly<Record<string, number>> = { H: 0.56, L: 0.22, N: 0 };
const EXPLOIT_MATURITY: Readonly<Record<string, number>> = { X: 1, H: 1, F: 0.97, P: 0.94, U: 0.91 };
const REMEDIATION_LEVEL: Readonly<Record<string, number>> = { X: 1, U: 1, W: 0.97, T: 0.96, O: 0.95 };
const REPORT_CONFIDENCE: Readonly<Record<string, number>> = { X: 1, C: 1, R: 0.96, U: 0.92 };
const REQUIREMENT: Readonly<Record<string, number>> = { X: 1, H: 1.5, M: 1, L: 0.5 };

/** v3.1 Appendix A: round up to one decimal, working on integers to dodge binary fractions. */
export function roundUp31(value: number): number {
  const integer = Math.round(value * 100000);
  if (integer % 10000 === 0) return integer / 100000;
  return (Math.floor(integer / 10000) + 1) / 10;
}

/** v3.0 Roundup as published in FIRST's v3.0 calculator: `Math.ceil(d * 10) / 10`. */
export function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

function weight(table: Readonly<Record<string, number>>, value: string | undefined): number {
  return table[value ?? 'X'] ?? 1;
}

function must(table: Readonly<Record<string, number>>, value: string | undefined): number {
  const result = value === undefined ? undefined : table[value];
  // Unreachable for vectors produced by parseCvss; guards hand-built vectors.
  if (result === undefined) throw new RangeError(`CVSS v3 metric value ${String(value)} has no weight`);
  return result;
}

interface Subscores {
  readonly impact: number;
  readonly exploitability: number;
}

function baseSubscores(m: Metrics): Subscores {
  const changed = m.S === 'C';
  const iss = 1 - (1 - must(IMPACT, m.C)) * (1 - must(IMPACT, m.I)) * (1 - must(IMPACT, m.A));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const privileges = must(changed ? PRIVILEGES_CHANGED : PRIVILEGES_UNCHANGED, m.PR);
  const exploitability =
    8.22 * must(ATTACK_VECTOR, m.AV) * must(ATTACK_COMPLEXITY, m.AC) * privileges * must(USER_INTERACTION, m.UI);
  return { impact, exploitability };
}

function combine(sub: Subscores, changed: boolean, roundUp: (value: number) => number): number {
  if (sub.impact <= 0) return 0;
  const sum = changed ? 1.08 * (sub.impact + sub.exploitability) : sub.impact + sub.exploitability;
  return roundUp(Math.min(sum, 10));
}

function temporalMultiplier(m: Metrics): number {
  return weight(EXPLOIT_MATURITY, m.E) * weight(REMEDIATION_LEVEL, m.RL) * weight(REPORT_CONFIDENCE, m.RC);
}

function environmentalScore(m: Metrics, version: '3.0' | '3.1', roundUp: (value: number) => number): number {
  const modified = (key: string): string | undefined => m[`M${key}`] ?? m[key];
  const changed = modified('S') === 'C';
  const miss = Math.min(
    1 -
      (1 - weight(REQUIREMENT, m.CR) * must(IMPACT, modified('C'))) *
        (1 - weight(REQUIREMENT, m.IR) * must(IMPACT, modified('I'))) *
        (1 - weight(REQUIREMENT, m.AR) * must(IMPACT, modified('A'))),
    0.915,
  );
  let impact: number;
  if (!changed) impact = 6.42 * miss;
  else if (version === '3.1') impact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss * 0.9731 - 0.02, 13);
  else impact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss - 0.02, 15);
  const privileges = must(changed ? PRIVILEGES_CHANGED : PRIVILEGES_UNCHANGED, modified('PR'));
  const exploitability =
    8.22 *
    must(ATTACK_VECTOR, modified('AV')) *
    must(ATTACK_COMPLEXITY, modified('AC')) *
    privileges *
    must(USER_INTERACTION, modified('UI'));
  if (impact <= 0) return 0;
  return roundUp(combine({ impact, exploitability }, changed, roundUp) * temporalMultiplier(m));
}

const TEMPORAL_KEYS = ['E', 'RL', 'RC'] as const;
const ENVIRONMENTAL_KEYS = ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'] as const;

/** Scores a validated v3.0/v3.1 metric map (Not Defined metrics absent). */
export function scoreV3(version: '3.0' | '3.1', m: Metrics): CvssScores {
  const roundUp = version === '3.1' ? roundUp31 : roundUp30;
  const sub = baseSubscores(m);
  const base = combine(sub, m.S === 'C', roundUp);
  const temporal = roundUp(base * temporalMultiplier(m));
  const environmental = environmentalScore(m, version, roundUp);
  const hasEnvironmental = ENVIRONMENTAL_KEYS.some((key) => m[key] !== undefined);
  const hasTemporal = TEMPORAL_KEYS.some((key) => m[key] !== undefined);
  const overall = hasEnvironmental ? environmental : hasTemporal ? temporal : base;
  return {
    version,
    base,
    temporal,
    environmental,
    overall,
    severity: cvssSeverity(overall, version),
    exploitability: Math.round(sub.exploitability * 10) / 10,
    impact: Math.max(0, Math.round(sub.impact * 10) / 10),
  };
}
