import { formatCpe23, invalidWfnValueAt, parseCpe, type NvdConfiguration, type NvdCpeMatch, type Wfn } from '../../core/index.js';
import type { IntelIssue } from '../intel/model.js';
import type { Cve5Container, Cve5Product, Cve5Version } from './cve5-schema.js';
import { locate, warningIssue } from './read-item.js';

/** Lower bounds that mean "no lower bound" (the CVE 5 convention is `0`; `*` is written too). */
const NO_LOWER_BOUND = new Set(['0', '*']);

/** Single "versions" that name no version (`n/a` is what converted CVE 4 records carry). */
const PLACEHOLDERS = new Set(['*', '-', 'n/a', 'na', 'unspecified', 'unknown', 'all', 'all versions']);

/** Version types whose versions are commits: a CPE version cannot be ordered against them. */
const COMMIT_VERSION_TYPES = new Set(['git', 'hg', 'svn', 'cvs', 'bzr']);

interface Bound {
  readonly value: string;
  readonly inclusive: boolean;
}

/** One affected stretch of versions: `start` inclusive, `end` per its flag; absent = unbounded. */
interface Segment {
  readonly start?: string;
  readonly end?: Bound;
}

/** What one product's `versions`/`defaultStatus` say, in the terms NVD criteria can carry. */
interface VersionPlan {
  readonly allVersions: boolean;
  readonly segments: readonly Segment[];
  /** Single affected versions, already quoted for a WFN version attribute. */
  readonly singles: readonly string[];
}

type Upper = { readonly kind: 'single' } | { readonly kind: 'open' } | { readonly kind: 'bound'; readonly bound: Bound } | { readonly kind: 'series'; readonly raw: string };

function upperOf(v: Cve5Version): Upper {
  const raw = v.lessThan ?? v.lessThanOrEqual;
  if (raw === undefined) return { kind: 'single' };
  const value = raw.trim();
  // `*` is "infinity"; `2.*` is "the end of the 2.x series", which no NVD bound can say.
  if (value === '*') return { kind: 'open' };
  if (value.includes('*')) return { kind: 'series', raw };
  return { kind: 'bound', bound: { value, inclusive: v.lessThan === undefined } };
}

/**
 * The affected segments of one version range. Status changes split the range at each `at`
 * and are applied in the order written: the schema says "sorted in increasing order", and
 * without knowing the vendor's version scheme the reader cannot sort them itself.
 */
function affectedSegments(v: Cve5Version, end: Bound | undefined): Segment[] {
  const segments: Segment[] = [];
  let start: string | undefined = NO_LOWER_BOUND.has(v.version.trim()) ? undefined : v.version.trim();
  let status = v.status;
  for (const change of v.changes ?? []) {
    if (status === 'affected') segments.push({ start, end: { value: change.at.trim(), inclusive: false } });
    start = change.at.trim();
    status = change.status;
  }
  if (status === 'affected') segments.push(end === undefined ? { start } : { start, end });
  return segments;
}

/** A raw version in WFN quoted form, or undefined when a CPE cannot carry it (whitespace, non-ASCII). */
export function quoteWfnValue(raw: string): string | undefined {
  let out = '';
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if (/^[A-Za-z0-9_]$/.test(ch)) out += ch;
    else if (c > 0x20 && c < 0x7f) out += '\\' + ch;
    else return undefined;
  }
  return out !== '' && invalidWfnValueAt(out) < 0 ? out : undefined;
}

function planVersions(product: Cve5Product, pointer: string, prefix: string | undefined, issues: IntelIssue[]): VersionPlan {
  const segments: Segment[] = [];
  const singles: string[] = [];
  const versions = (product.versions ?? []).filter((v) => !COMMIT_VERSION_TYPES.has((v.versionType ?? '').toLowerCase()));
  (product.versions ?? []).forEach((v, i) => {
    if (!versions.includes(v)) return;
    const where = locate(prefix, `${pointer}/versions/${i}`);
    const upper = upperOf(v);
    if (upper.kind === 'series') {
      issues.push(warningIssue('cve5.version.unexpressible', `Upper bound "${upper.raw}" names a version series, which NVD version bounds cannot express; entry skipped.`, where));
    } else if (upper.kind !== 'single') {
      segments.push(...affectedSegments(v, upper.kind === 'bound' ? upper.bound : undefined));
    } else if (v.status === 'affected') {
      const quoted = PLACEHOLDERS.has(v.version.trim().toLowerCase()) ? undefined : quoteWfnValue(v.version.trim());
      if (quoted === undefined) issues.push(warningIssue('cve5.version.unexpressible', `Version "${v.version}" is not a single version a CPE can name; entry skipped.`, where));
      else singles.push(quoted);
    }
  });
  const allVersions = product.defaultStatus === 'affected' && versions.length === 0;
  if (product.defaultStatus === 'affected' && versions.length > 0) {
    issues.push(warningIssue('cve5.default_affected.unexpressible', 'defaultStatus "affected" covers every version not listed, which NVD criteria cannot express beside listed exceptions; only the listed affected versions are mapped.', locate(prefix, `${pointer}/defaultStatus`)));
  }
  return { allVersions, segments, singles };
}

function rangeCriterion(criteria: string, segment: Segment): NvdCpeMatch {
  const start = segment.start === undefined ? {} : { versionStartIncluding: segment.start };
  const end = segment.end === undefined ? {} : segment.end.inclusive ? { versionEndIncluding: segment.end.value } : { versionEndExcluding: segment.end.value };
  return { vulnerable: true, criteria, ...start, ...end };
}

/** Criteria for a CPE whose version is ANY: the product's version plan applied to it. */
function criteriaForAnyVersion(wfn: Wfn, plan: VersionPlan): NvdCpeMatch[] {
  const criteria = formatCpe23(wfn);
  const out: NvdCpeMatch[] = [];
  if (plan.allVersions) out.push({ vulnerable: true, criteria });
  for (const segment of plan.segments) out.push(rangeCriterion(criteria, segment));
  for (const version of plan.singles) out.push({ vulnerable: true, criteria: formatCpe23({ ...wfn, version: { kind: 'value', value: version } }) });
  return out;
}

function dedupe<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * One product of `affected[]` as an NVD configuration (one OR node of vulnerable criteria),
 * or none. Only products with `cpes` are mapped: vendor and product names are free text, not
 * CPE names. A CPE with a literal version is one criterion as written; a CPE whose version
 * is ANY gets the product's affected versions and ranges.
 */
export function productConfiguration(product: Cve5Product, pointer: string, prefix: string | undefined, issues: IntelIssue[]): NvdConfiguration | undefined {
  const names: Wfn[] = [];
  (product.cpes ?? []).forEach((cpe, j) => {
    const parsed = parseCpe(cpe.trim());
    if (parsed.ok) names.push(parsed.value);
    else issues.push(warningIssue('cve5.cpe.invalid', `CPE "${cpe}" is not valid: ${parsed.error.message}`, locate(prefix, `${pointer}/cpes/${j}`)));
  });
  if (names.length === 0 || !claimsAffected(product)) return undefined;
  // Versions matter only for CPEs whose version is ANY; planning them otherwise would warn about nothing.
  const plan = names.some((n) => n.version.kind === 'any') ? planVersions(product, pointer, prefix, issues) : undefined;
  const cpeMatch = names.flatMap((name) =>
    name.version.kind !== 'any' ? [{ vulnerable: true, criteria: formatCpe23(name) }] : plan ? criteriaForAnyVersion(name, plan) : [],
  );
  const unique = dedupe(cpeMatch);
  return unique.length === 0 ? undefined : { nodes: [{ operator: 'OR', negate: false, cpeMatch: unique }] };
}

/** Whether any version of the product is said to be affected (by an entry, a status change or the default). */
function claimsAffected(product: Cve5Product): boolean {
  return product.defaultStatus === 'affected' || (product.versions ?? []).some((v) => v.status === 'affected' || (v.changes ?? []).some((c) => c.status === 'affected'));
}

/** Every mappable product of the given containers (`pointer` names each container) as NVD configurations, duplicates removed. */
export function affectedConfigurations(containers: readonly { readonly container: Cve5Container; readonly pointer: string }[], prefix: string | undefined, issues: IntelIssue[]): NvdConfiguration[] {
  const configurations: NvdConfiguration[] = [];
  for (const { container, pointer } of containers) {
    (container.affected ?? []).forEach((product, i) => {
      const configuration = productConfiguration(product, `${pointer}/affected/${i}`, prefix, issues);
      if (configuration) configurations.push(configuration);
    });
  }
  return dedupe(configurations);
}
