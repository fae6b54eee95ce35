import { err, ok, type Result } from '../result.js';
import type { MetricDefinition } from './metric-tables.js';

/**
 * Reads the `KEY:VALUE/KEY:VALUE...` body of a vector string.
 *
 * A single left-to-right pass with `indexOf`, no regular expressions: every character is looked
 * at a bounded number of times, so a 100,000-character hostile string costs linear time. Errors
 * name the 0-based position of the offending component (metric name) or value.
 */
export interface ScanSpec {
  /** Metric table in specification order. */
  readonly metrics: readonly MetricDefinition[];
  /** Spelling of "Not Defined"; such values are validated and then dropped. */
  readonly notDefined: string;
  /** When true, metrics must appear in table order. */
  readonly requireOrder: boolean;
  /** Used in messages, e.g. `CVSS v3.1`. */
  readonly label: string;
}

interface IndexedMetric {
  readonly index: number;
  readonly definition: MetricDefinition;
}

const indexCache = new WeakMap<readonly MetricDefinition[], ReadonlyMap<string, IndexedMetric>>();

function indexOf(metrics: readonly MetricDefinition[]): ReadonlyMap<string, IndexedMetric> {
  let index = indexCache.get(metrics);
  if (index === undefined) {
    index = new Map(metrics.map((definition, i) => [definition.key, { index: i, definition }]));
    indexCache.set(metrics, index);
  }
  return index;
}

/** Shortens user text quoted in error messages so a 100k-character input can't bloat them. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}

/** Counts characters examined by the scanner; tests use it to bound work on hostile input. */
export interface WorkCounter {
  steps: number;
}

/**
 * Scans `input` from `start` to the end and returns the defined metrics (Not Defined values
 * dropped) in a fresh object whose keys follow table order.
 */
export function scanMetrics(
  input: string,
  start: number,
  spec: ScanSpec,
  work?: WorkCounter,
): Result<Record<string, string>> {
  const table = indexOf(spec.metrics);
  const seen = new Array<boolean>(spec.metrics.length).fill(false);
  const values = new Array<string | undefined>(spec.metrics.length);
  let lastIndex = -1;
  let position = start;
  if (position >= input.length) {
    return err('cvss.metric.missing', `${spec.label} vector has no metrics after the prefix.`, position);
  }
  while (position <= input.length) {
    const slash = input.indexOf('/', position);
    const end = slash === -1 ? input.length : slash;
    // The colon search may run past `end` only when this component has no colon, and that
    // component is then rejected, so the whole scan stays linear.
    const colon = input.indexOf(':', position);
    if (work !== undefined) work.steps += (end - position) + ((colon === -1 ? input.length : colon) - position) + 1;
    if (end === position) {
      return err('cvss.metric.malformed', `Empty metric in ${spec.label} vector (doubled or trailing "/").`, position);
    }
    if (colon === -1 || colon >= end || colon === position) {
      return err(
        'cvss.metric.malformed',
        `Metric ${quote(input.slice(position, end))} is not of the form NAME:VALUE.`,
        position,
      );
    }
    const key = input.slice(position, colon);
    const value = input.slice(colon + 1, end);
    const entry = table.get(key);
    if (entry === undefined) {
      return err('cvss.metric.unknown', `Unknown ${spec.label} metric ${quote(key)}.`, position);
    }
    if (seen[entry.index] === true) {
      return err('cvss.metric.duplicate', `Metric ${key} appears more than once.`, position);
    }
    if (!entry.definition.values.includes(value)) {
      return err(
        'cvss.value.invalid',
        `Invalid value ${quote(value)} for ${spec.label} metric ${key}; expected one of ${entry.definition.values.join(', ')}.`,
        colon + 1,
      );
    }
    if (spec.requireOrder && entry.index < lastIndex) {
      const previous = spec.metrics[lastIndex]?.key ?? '';
      return err(
        'cvss.metric.order',
        `Metric ${key} must come before ${previous}: ${spec.label} requires the specification's metric order.`,
        position,
      );
    }
    seen[entry.index] = true;
    lastIndex = Math.max(lastIndex, entry.index);
    if (value !== spec.notDefined) values[entry.index] = value;
    if (slash === -1) break;
    position = slash + 1;
  }
  return collect(input, spec, seen, values);
}

function collect(
  input: string,
  spec: ScanSpec,
  seen: readonly boolean[],
  values: readonly (string | undefined)[],
): Result<Record<string, string>> {
  const metrics: Record<string, string> = {};
  for (let i = 0; i < spec.metrics.length; i++) {
    const definition = spec.metrics[i]!;
    if (definition.required && seen[i] !== true) {
      return err('cvss.metric.missing', `Mandatory ${spec.label} metric ${definition.key} is missing.`, input.length);
    }
    const value = values[i];
    if (value !== undefined) metrics[definition.key] = value;
  }
  return ok(metrics);
}
