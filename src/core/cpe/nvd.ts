import { err, ok, type Result } from '../result.js';
import { parseCpe23 } from './formatted-string.js';
import { cpeMatches } from './match.js';
import type { CpeValue, Wfn } from './wfn.js';

/** Orders two version strings like `Array.prototype.sort` comparators (a scheme from src/core/versions). */
export type VersionCompare = (a: string, b: string) => number;

/** An NVD API 2.0 `cpeMatch` entry (match criterion with optional version range). */
export interface NvdCpeMatch {
  readonly vulnerable: boolean;
  /** CPE 2.3 formatted string. */
  readonly criteria: string;
  readonly matchCriteriaId?: string;
  readonly versionStartIncluding?: string;
  readonly versionStartExcluding?: string;
  readonly versionEndIncluding?: string;
  readonly versionEndExcluding?: string;
}

/** An NVD configuration node: criteria and/or child nodes combined with AND/OR, optionally negated. */
export interface NvdNode {
  readonly operator: 'AND' | 'OR';
  readonly negate?: boolean;
  readonly cpeMatch?: readonly NvdCpeMatch[];
  /** Nested nodes (NVD 1.1 feeds; accepted for compatibility). */
  readonly children?: readonly NvdNode[];
}

/** One element of NVD API 2.0 `configurations[]`: nodes combined with `operator` (default OR). */
export interface NvdConfiguration {
  readonly operator?: 'AND' | 'OR';
  readonly negate?: boolean;
  readonly nodes: readonly NvdNode[];
}

/** Evidence: which criterion matched which component, for "why it matched" explanations. */
export interface CriterionMatch {
  readonly criterion: NvdCpeMatch;
  /** Index of the matching component in the list given to the evaluator. */
  readonly componentIndex: number;
}

/** Outcome of evaluating a configuration against a set of component names. */
export interface ConfigurationResult {
  readonly matched: boolean;
  /** True when matched and at least one matching criterion is marked vulnerable. */
  readonly vulnerable: boolean;
  /** Criteria that matched inside the sub-trees that made the configuration true. */
  readonly evidence: readonly CriterionMatch[];
}

/** The literal version a component name denotes, or undefined when it is ANY, NA or a pattern. */
function literalVersion(v: CpeValue): string | undefined {
  if (v.kind !== 'value') return undefined;
  let out = '';
  for (let i = 0; i < v.value.length; i++) {
    const c = v.value[i]!;
    if (c === '\\') out += v.value[++i] ?? '';
    else if (c === '*' || c === '?') return undefined;
    else out += c;
  }
  return out;
}

function hasRange(m: NvdCpeMatch): boolean {
  return (
    m.versionStartIncluding !== undefined || m.versionStartExcluding !== undefined ||
    m.versionEndIncluding !== undefined || m.versionEndExcluding !== undefined
  );
}

function inRange(version: string, m: NvdCpeMatch, compare: VersionCompare): boolean {
  if (m.versionStartIncluding !== undefined && compare(version, m.versionStartIncluding) < 0) return false;
  if (m.versionStartExcluding !== undefined && compare(version, m.versionStartExcluding) <= 0) return false;
  if (m.versionEndIncluding !== undefined && compare(version, m.versionEndIncluding) > 0) return false;
  if (m.versionEndExcluding !== undefined && compare(version, m.versionEndExcluding) >= 0) return false;
  return true;
}

/**
 * Whether a component name satisfies one NVD match criterion. The criterion's CPE must
 * be a superset of the component's name (NISTIR 7696, see `cpeMatches`); when the
 * criterion has a version range, its version attribute is set aside for the name test
 * and the component's literal version must lie in the range under `compare`. A
 * component without a literal version (ANY, NA, wildcards) never satisfies a range.
 */
export function matchesCriterion(criterion: NvdCpeMatch, component: Wfn, compare: VersionCompare): Result<boolean> {
  const parsed = parseCpe23(criterion.criteria);
  if (!parsed.ok) return parsed;
  return ok(matchesParsed(parsed.value, criterion, component, compare));
}

function matchesParsed(criterionWfn: Wfn, criterion: NvdCpeMatch, component: Wfn, compare: VersionCompare): boolean {
  if (!hasRange(criterion)) return cpeMatches(criterionWfn, component);
  if (!cpeMatches({ ...criterionWfn, version: { kind: 'any' } }, component)) return false;
  const version = literalVersion(component.version);
  return version !== undefined && inRange(version, criterion, compare);
}

interface Evaluation {
  readonly value: boolean;
  readonly evidence: CriterionMatch[];
}

/** Parses every criterion once up front so a malformed CPE is reported instead of silently not matching. */
function parseAll(nodes: readonly NvdNode[], into: Map<string, Wfn>): Result<true> {
  for (const node of nodes) {
    for (const m of node.cpeMatch ?? []) {
      if (into.has(m.criteria)) continue;
      const parsed = parseCpe23(m.criteria);
      if (!parsed.ok) return err(parsed.error.code, `Criterion ${m.criteria}: ${parsed.error.message}`, parsed.error.position);
      into.set(m.criteria, parsed.value);
    }
    const children = parseAll(node.children ?? [], into);
    if (!children.ok) return children;
  }
  return ok(true);
}

function evaluateNode(node: NvdNode, components: readonly Wfn[], compare: VersionCompare, parsed: Map<string, Wfn>): Evaluation {
  const parts: Evaluation[] = [];
  for (const m of node.cpeMatch ?? []) {
    const evidence: CriterionMatch[] = [];
    components.forEach((component, componentIndex) => {
      if (matchesParsed(parsed.get(m.criteria)!, m, component, compare)) evidence.push({ criterion: m, componentIndex });
    });
    parts.push({ value: evidence.length > 0, evidence });
  }
  for (const child of node.children ?? []) parts.push(evaluateNode(child, components, compare, parsed));
  const value = node.operator === 'AND' ? parts.length > 0 && parts.every((p) => p.value) : parts.some((p) => p.value);
  const result = node.negate ? !value : value;
  // A negated node contributes no positive evidence; otherwise keep what made it true.
  const evidence = result && !node.negate ? parts.filter((p) => p.value).flatMap((p) => p.evidence) : [];
  return { value: result, evidence };
}

/**
 * Evaluates an NVD configuration against the CPE names of a system's components
 * (e.g. an application and the OS it runs on, for AND configurations). Returns
 * whether it matched, whether a vulnerable criterion matched, and the evidence.
 */
export function evaluateConfiguration(
  configuration: NvdConfiguration,
  components: readonly Wfn[],
  compare: VersionCompare,
): Result<ConfigurationResult> {
  const parsed = new Map<string, Wfn>();
  const ready = parseAll(configuration.nodes, parsed);
  if (!ready.ok) return ready;
  const root = evaluateNode(
    { operator: configuration.operator ?? 'OR', negate: configuration.negate ?? false, children: configuration.nodes },
    components,
    compare,
    parsed,
  );
  return ok({
    matched: root.value,
    vulnerable: root.value && root.evidence.some((e) => e.criterion.vulnerable),
    evidence: root.evidence,
  });
}
