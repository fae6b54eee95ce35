import { cvssVectorFromMetrics, formatCvss, metricTable, scoreCvss, type CvssVector } from '../../core/index.js';

/**
 * A product's CVSS environment: how the device is deployed changes what a vulnerability means
 * (a pump on an isolated clinical VLAN is not reachable from the Internet). Stored per product
 * and applied to each finding's chosen vector with the environmental metrics of the vector's
 * CVSS version; src/core/cvss scores it. Pure.
 *
 * - `requirements`: Confidentiality / Integrity / Availability Requirements (CR, IR, AR: H, M, L),
 *   applied to CVSS v2.0, v3.x and v4.0 vectors alike.
 * - `v3`: modified base metrics of CVSS v3.x (MAV, MAC, MPR, MUI, MS, MC, MI, MA).
 * - `v4`: modified base metrics of CVSS v4.0 (MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA).
 * CVSS v2.0's CDP and TD are not offered (NVD has not published v2 scores since 2022).
 */
export interface ProductEnvironment {
  readonly requirements?: Readonly<Record<string, string>>;
  readonly v3?: Readonly<Record<string, string>>;
  readonly v4?: Readonly<Record<string, string>>;
}

const REQUIREMENTS = ['CR', 'IR', 'AR'] as const;
const REQUIREMENT_VALUES = ['H', 'M', 'L'];

/** Allowed modified metrics (and values, Not Defined excluded) per group, from core's metric tables. */
function modifiedMetrics(version: '3.1' | '4.0'): Map<string, readonly string[]> {
  return new Map(
    metricTable(version)
      .filter((m) => m.group === 'environmental' && m.key.startsWith('M'))
      .map((m) => [m.key, m.values.filter((v) => v !== 'X')]),
  );
}
const V3_MODIFIED = modifiedMetrics('3.1');
const V4_MODIFIED = modifiedMetrics('4.0');

export interface EnvironmentError {
  readonly pointer: string;
  readonly message: string;
}

/** Every problem of an environment, by JSON pointer under `base` (empty: valid). */
export function validateEnvironment(env: ProductEnvironment, base = '/body'): EnvironmentError[] {
  const errors: EnvironmentError[] = [];
  const check = (group: 'requirements' | 'v3' | 'v4', allowed: ReadonlyMap<string, readonly string[]>) => {
    for (const [key, value] of Object.entries(env[group] ?? {})) {
      const values = allowed.get(key);
      if (!values) errors.push({ pointer: `${base}/${group}/${key}`, message: `${key} is not one of ${[...allowed.keys()].join(', ')}.` });
      else if (!values.includes(value)) errors.push({ pointer: `${base}/${group}/${key}`, message: `${key} must be one of ${values.join(', ')}, not "${value}".` });
    }
  };
  check('requirements', new Map(REQUIREMENTS.map((k) => [k, REQUIREMENT_VALUES])));
  check('v3', V3_MODIFIED);
  check('v4', V4_MODIFIED);
  return errors;
}

/** The environment's metrics for a vector of this version (empty when none apply). */
function metricsFor(vector: CvssVector, env: ProductEnvironment): Record<string, string> {
  const out: Record<string, string> = { ...(env.requirements ?? {}) };
  if (vector.version === '3.0' || vector.version === '3.1') Object.assign(out, env.v3 ?? {});
  if (vector.version === '4.0') Object.assign(out, env.v4 ?? {});
  return out;
}

export interface EnvironmentalScore {
  readonly vector: string;
  readonly score: number;
  readonly severity: string;
}

/** The vector with the product's environment applied and its environmental score; null when nothing applies. */
export function applyEnvironment(vector: CvssVector, env: ProductEnvironment | null): { vector: CvssVector; score: EnvironmentalScore } | null {
  if (!env) return null;
  const metrics = metricsFor(vector, env);
  if (Object.keys(metrics).length === 0) return null;
  const built = cvssVectorFromMetrics(vector.version, { ...vector.metrics, ...metrics });
  if (!built.ok) return null;
  const scores = scoreCvss(built.value);
  const score = vector.version === '4.0' ? scores.overall : (scores.environmental ?? scores.overall);
  return { vector: built.value, score: { vector: formatCvss(built.value), score, severity: severityOf(score) } };
}

/** FIRST's qualitative rating scale (v3.x/v4.0), lower-case. */
export function severityOf(score: number): 'critical' | 'high' | 'medium' | 'low' | 'none' {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

const MODIFIED_BASE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '3': { MAV: 'AV', MAC: 'AC', MPR: 'PR', MUI: 'UI', MS: 'S', MC: 'C', MI: 'I', MA: 'A' },
  '4': { MAV: 'AV', MAC: 'AC', MAT: 'AT', MPR: 'PR', MUI: 'UI', MVC: 'VC', MVI: 'VI', MVA: 'VA', MSC: 'SC', MSI: 'SI', MSA: 'SA' },
};

/**
 * The base vector as deployed: each modified metric replaces its base metric, so that the
 * exploitability assessment (which reads base metrics) sees e.g. an Adjacent attack vector where
 * the environment says the device is not reachable across routers.
 */
export function deployedBaseVector(vector: CvssVector): CvssVector {
  const map = MODIFIED_BASE[vector.version.startsWith('3') ? '3' : vector.version.startsWith('4') ? '4' : ''];
  if (!map) return vector;
  const metrics: Record<string, string> = {};
  for (const [key, value] of Object.entries(vector.metrics)) if (!(key in map)) metrics[key] = value;
  for (const [modified, baseKey] of Object.entries(map)) {
    const value = vector.metrics[modified];
    if (value !== undefined && !(vector.version === '4.0' && value === 'S')) metrics[baseKey] = value;
  }
  const built = cvssVectorFromMetrics(vector.version, metrics);
  return built.ok ? built.value : vector;
}
