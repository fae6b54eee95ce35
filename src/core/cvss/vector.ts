import { CoreParseError, err, ok, type Result } from '../result.js';
import { NOT_DEFINED, V2_METRICS, V3_METRICS, V4_METRICS, type MetricDefinition } from './metric-tables.js';
import { quote, scanMetrics } from './scanner.js';
import type { CvssOrderPolicy, CvssVector, CvssVersion, ParseCvssOptions } from './types.js';

const PREFIX = 'CVSS:';
const VERSIONS: readonly CvssVersion[] = ['2.0', '3.0', '3.1', '4.0'];

/** Metric table of a version, in specification order. */
export function metricTable(version: CvssVersion): readonly MetricDefinition[] {
  if (version === '2.0') return V2_METRICS;
  if (version === '4.0') return V4_METRICS;
  return V3_METRICS;
}

function requiresOrder(version: CvssVersion, policy: CvssOrderPolicy): boolean {
  if (policy === 'any') return false;
  if (policy === 'canonical') return true;
  return version === '2.0' || version === '4.0';
}

interface Header {
  readonly version: CvssVersion;
  /** Offset of the first metric. */
  readonly bodyStart: number;
}

function readHeader(input: string): Result<Header> {
  if (input.length === 0) return err('cvss.empty', 'CVSS vector is empty.', 0);
  if (input.startsWith(PREFIX)) {
    const slash = input.indexOf('/', PREFIX.length);
    const versionText = input.slice(PREFIX.length, slash === -1 ? input.length : slash);
    const version = VERSIONS.find((candidate) => candidate === versionText);
    if (version === undefined) {
      return err(
        'cvss.version.unsupported',
        `Unsupported CVSS version ${quote(versionText)}; expected 2.0, 3.0, 3.1 or 4.0.`,
        PREFIX.length,
      );
    }
    if (slash === -1) return err('cvss.metric.missing', `CVSS v${version} vector has no metrics.`, input.length);
    return ok({ version, bodyStart: slash + 1 });
  }
  // CVSS v2.0 vectors have no prefix (v2 guide section 2.4); they always start with AV.
  if (input.startsWith('AV:')) return ok({ version: '2.0', bodyStart: 0 });
  return err(
    'cvss.prefix.invalid',
    'CVSS vector must start with "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/" (or be a CVSS v2.0 vector starting with "AV:").',
    0,
  );
}

/**
 * Parses and validates a CVSS vector string of any supported version (auto-detected from the
 * prefix; un-prefixed vectors are CVSS v2.0 as NVD publishes them, and a `CVSS:2.0/` prefix is
 * tolerated).
 *
 * Rejected with a positioned error: empty input, unknown prefix or version, malformed or empty
 * components, unknown metrics, invalid values (position of the value), duplicate metrics,
 * out-of-order metrics where the order policy requires order (position of the metric) and missing
 * mandatory metrics (position = input length). Whitespace is not trimmed.
 */
export function parseCvss(input: string, options: ParseCvssOptions = {}): Result<CvssVector> {
  const header = readHeader(input);
  if (!header.ok) return header;
  const { version, bodyStart } = header.value;
  const metrics = scanMetrics(input, bodyStart, {
    metrics: metricTable(version),
    notDefined: NOT_DEFINED[version],
    requireOrder: requiresOrder(version, options.order ?? 'spec'),
    label: `CVSS v${version}`,
  });
  if (!metrics.ok) return metrics;
  return ok({ version, metrics: metrics.value });
}

/** {@link parseCvss} that throws {@link CoreParseError} instead of returning an error. */
export function parseCvssOrThrow(input: string, options: ParseCvssOptions = {}): CvssVector {
  const result = parseCvss(input, options);
  if (!result.ok) throw new CoreParseError(result.error);
  return result.value;
}

/**
 * Canonical vector string: specification metric order, Not Defined metrics omitted, `CVSS:x.y/`
 * prefix for v3.x/v4.0 and no prefix for v2.0 (NVD form). `parseCvss(formatCvss(v))` deep-equals
 * `v` for every vector `parseCvss` returns.
 */
export function formatCvss(vector: CvssVector): string {
  const parts: string[] = [];
  for (const definition of metricTable(vector.version)) {
    const value = vector.metrics[definition.key];
    if (value !== undefined && value !== NOT_DEFINED[vector.version]) parts.push(`${definition.key}:${value}`);
  }
  const body = parts.join('/');
  return vector.version === '2.0' ? body : `${PREFIX}${vector.version}/${body}`;
}

/**
 * Builds a validated vector from a metric map (any key order; Not Defined values allowed and
 * dropped). Errors carry the codes of {@link parseCvss}; positions refer to the canonical string
 * built from the map.
 */
export function cvssVectorFromMetrics(version: CvssVersion, metrics: Readonly<Record<string, string>>): Result<CvssVector> {
  const body = Object.entries(metrics)
    .map(([key, value]) => `${key}:${value}`)
    .join('/');
  return parseCvss(version === '2.0' ? body : `${PREFIX}${version}/${body}`, { order: 'any' });
}
