import { compileOsvAdvisory, evaluateConfiguration, evaluateOsvAdvisory, schemeById, type CompiledOsvAdvisory } from '../../core/index.js';
import type { SbomComponent, SbomDocument } from '../../formats/sbom/model.js';
import type { SbomEncoding } from '../../formats/sbom/read.js';
import { componentIdentity, matchComponent, osvPackageKey, type ComponentIdentity, type MatchEvidence } from './matching.js';
import { evaluatePolicy, uncontrolledByRule, type FailOnRule, type PolicyResult, type UncontrolledVerdict } from './scan-policy.js';
import { SEVERITY_LEVELS, worstSeverity, type RatedSeverity, type SeverityLevel } from './severity.js';
import type { EpssEntry, IntelIndex, SnapshotRecord } from './snapshot.js';

/**
 * One scan of an SBOM against intelligence (pure): the same identities and matcher as the
 * server's findings engine (matching.ts), over an {@link IntelIndex} from a snapshot or from
 * the server's tables. A finding here is one component of the document (by ref) × one
 * vulnerability — the server's stored findings merge copies of a package into one; a scan
 * reports each copy so every one can be located in the SBOM. Nothing is written.
 */

export const SCAN_RESULT_FORMAT = 'vigil-scan-result';
export const SCAN_RESULT_VERSION = 1;

export interface ScanComponent {
  readonly ref: string;
  readonly type: string;
  readonly name: string;
  readonly group: string | null;
  readonly version: string | null;
  readonly purl: string | null;
  readonly cpe: string | null;
  /** Version-free identity (matching.ts), the one the server's findings are keyed on. */
  readonly identity: string;
}

export interface ScanRating extends RatedSeverity {
  readonly recordId: string;
  readonly kind: string;
}

export interface ScanFinding {
  readonly vulnId: string;
  /** Other ids of the vulnerability (its records' own ids and aliases), sorted. */
  readonly aliases: readonly string[];
  readonly summary: string | null;
  readonly cwes: readonly string[];
  readonly component: ScanComponent;
  /** The worst rating across the vulnerability's records (severity.ts `worstSeverity`). */
  readonly severity: RatedSeverity;
  /** Every record's own rating. */
  readonly ratings: readonly ScanRating[];
  readonly kev: boolean;
  readonly epss: EpssEntry | null;
  readonly match: { readonly method: 'purl' | 'cpe'; readonly confidence: 'exact' | 'high' | 'low' };
  readonly evidence: readonly MatchEvidence[];
  /**
   * Versions that close the affected range the component's version is in, when the records
   * say: the OSV `fixed` event of that range, or the `versionEndExcluding` of the NVD criterion
   * its CPE matched. Ranges that end in `last_affected` (or a commit) name no fix.
   */
  readonly fixedVersions: readonly string[];
  readonly uncontrolled: UncontrolledVerdict;
}

export interface ScanResult {
  readonly format: typeof SCAN_RESULT_FORMAT;
  readonly version: typeof SCAN_RESULT_VERSION;
  readonly scannedAt: string;
  readonly sbom: {
    /** The scanned file as given on the command line; null on the server. */
    readonly file: string | null;
    readonly encoding: SbomEncoding;
    readonly format: 'cyclonedx' | 'spdx';
    readonly specVersion: string;
    readonly serialNumber: string | null;
    readonly version: number | null;
    readonly name: string | null;
  };
  readonly intelligence: {
    readonly source: 'snapshot' | 'server';
    readonly org: string;
    /** When the snapshot was taken, or when the server answered. */
    readonly asOf: string;
    readonly records: number;
  };
  readonly summary: {
    readonly components: number;
    /** Components with neither a purl Vigil maps to an OSV ecosystem nor a CPE: nothing can match them. */
    readonly unmatchable: number;
    readonly findings: number;
    readonly vulnerabilities: number;
    readonly bySeverity: Readonly<Record<SeverityLevel, number>>;
    readonly kev: number;
    readonly uncontrolled: number;
  };
  readonly findings: readonly ScanFinding[];
  readonly policy: PolicyResult;
}

export interface ScanOptions {
  readonly file: string | null;
  readonly encoding: SbomEncoding;
  readonly intelligence: Omit<ScanResult['intelligence'], 'records'>;
  readonly failOn: readonly FailOnRule[];
  readonly now?: Date;
}

const compiledCache = new WeakMap<SnapshotRecord, CompiledOsvAdvisory>();

/**
 * The `fixed` versions of the OSV ranges that put this version in the records' affected sets.
 * Only the records' entries for this very package are compiled (matching compiled whole
 * records already; a record often lists many packages).
 */
function osvFixes(identity: ComponentIdentity, version: string, records: readonly SnapshotRecord[], into: Set<string>): void {
  const pkg = identity.osv;
  if (!pkg) return;
  const key = osvPackageKey(pkg.ecosystem, pkg.name);
  for (const record of records) {
    let compiled = compiledCache.get(record);
    if (!compiled) {
      const own = record.affected.filter((a) => a.package?.ecosystem === pkg.ecosystem && osvPackageKey(a.package.ecosystem, a.package.name) === key);
      compiled = compileOsvAdvisory({ id: record.recordId, affected: own });
      compiledCache.set(record, compiled);
    }
    for (const reason of evaluateOsvAdvisory(compiled, pkg, version).reasons) if (reason.kind === 'range' && reason.fixed !== undefined) into.add(reason.fixed);
  }
}

/** The same version order matching.ts uses for CPE version ranges. */
const genericCompare = (() => {
  const scheme = schemeById('generic')!;
  return (a: string, b: string) => {
    const pa = scheme.parse(a);
    const pb = scheme.parse(b);
    return pa.ok && pb.ok ? scheme.compare(pa.value, pb.value) : a.localeCompare(b);
  };
})();

/** The `versionEndExcluding` bounds of the vulnerable NVD criteria the component's CPE matched: the first version past each range. */
function cpeFixes(identity: ComponentIdentity, records: readonly SnapshotRecord[], into: Set<string>): void {
  if (!identity.cpe) return;
  for (const record of records) {
    for (const configuration of record.cpeConfigurations) {
      const result = evaluateConfiguration(configuration, [identity.cpe], genericCompare);
      if (!result.ok || !result.value.vulnerable) continue;
      for (const e of result.value.evidence) if (e.criterion.vulnerable && e.criterion.versionEndExcluding !== undefined) into.add(e.criterion.versionEndExcluding);
    }
  }
}

function vulnerabilityFacts(index: IntelIndex, vulnId: string) {
  const records = index.recordsOf(vulnId);
  const ids = new Set<string>();
  const cwes = new Set<string>();
  for (const r of records) {
    for (const id of [r.recordId, ...r.aliases]) if (id !== vulnId) ids.add(id);
    for (const cwe of r.cwes) cwes.add(cwe);
  }
  // The summary of an advisory database's record reads better than NVD's cut description.
  const summary = records.find((r) => r.summary && r.kind !== 'nvd' && r.kind !== 'cve5')?.summary ?? records.find((r) => r.summary)?.summary ?? null;
  const ratings = records.filter((r) => r.severity.level !== 'unknown').map((r) => ({ recordId: r.recordId, kind: r.kind, ...r.severity }));
  const worst = worstSeverity(ratings);
  return { aliases: [...ids].sort(), cwes: [...cwes].sort(), summary, ratings, severity: { level: worst.level, score: worst.score, vector: worst.vector, source: worst.source } };
}

const SEVERITY_RANK = new Map(SEVERITY_LEVELS.map((level, i) => [level, i]));

/** Most severe first, then higher score, then id and component, so output is stable. */
function compareFindings(a: ScanFinding, b: ScanFinding): number {
  return (
    SEVERITY_RANK.get(a.severity.level)! - SEVERITY_RANK.get(b.severity.level)! ||
    (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
    a.vulnId.localeCompare(b.vulnId) ||
    a.component.ref.localeCompare(b.component.ref)
  );
}

function scanComponent(c: SbomComponent, identity: ComponentIdentity): ScanComponent {
  return { ref: c.ref, type: c.type, name: c.name, group: c.group ?? null, version: c.version ?? null, purl: c.purl ?? null, cpe: c.cpe ?? null, identity: identity.key };
}

/** Scans a read SBOM document against the index and evaluates the policy. */
export function scanDocument(document: SbomDocument, index: IntelIndex, options: ScanOptions): ScanResult {
  const findings: ScanFinding[] = [];
  const facts = new Map<string, ReturnType<typeof vulnerabilityFacts>>();
  let unmatchable = 0;
  for (const c of document.components) {
    const matchable = { name: c.name, group: c.group ?? null, version: c.version ?? null, purl: c.purl ?? null, cpe: c.cpe ?? null };
    const identity = componentIdentity(matchable);
    if (identity.packageKeys.length === 0) {
      unmatchable++;
      continue;
    }
    const candidates = index.candidates(identity.packageKeys);
    if (candidates.length === 0) continue;
    for (const match of matchComponent(matchable, identity, candidates)) {
      let vuln = facts.get(match.vulnId);
      if (!vuln) facts.set(match.vulnId, (vuln = vulnerabilityFacts(index, match.vulnId)));
      const fixes = new Set<string>();
      const matchedBy = (method: 'purl' | 'cpe') => {
        const ids = new Set(match.evidence.filter((e) => e.method === method).map((e) => e.recordId));
        return candidates.filter((r) => ids.has(r.recordId));
      };
      osvFixes(identity, matchable.version!, matchedBy('purl'), fixes);
      cpeFixes(identity, matchedBy('cpe'), fixes);
      const kev = index.isKev(match.vulnId);
      const epss = index.epss(match.vulnId);
      findings.push({
        vulnId: match.vulnId,
        aliases: vuln.aliases,
        summary: vuln.summary,
        cwes: vuln.cwes,
        component: scanComponent(c, identity),
        severity: vuln.severity,
        ratings: vuln.ratings,
        kev,
        epss,
        match: { method: match.method, confidence: match.confidence },
        evidence: match.evidence,
        fixedVersions: [...fixes],
        uncontrolled: uncontrolledByRule({ severity: vuln.severity, kev, epss }),
      });
    }
  }
  findings.sort(compareFindings);
  const bySeverity = Object.fromEntries(SEVERITY_LEVELS.map((l) => [l, 0])) as Record<SeverityLevel, number>;
  for (const f of findings) bySeverity[f.severity.level]++;
  return {
    format: SCAN_RESULT_FORMAT,
    version: SCAN_RESULT_VERSION,
    scannedAt: (options.now ?? new Date()).toISOString(),
    sbom: {
      file: options.file,
      encoding: options.encoding,
      format: document.format,
      specVersion: document.specVersion,
      serialNumber: document.serialNumber ?? null,
      version: document.version ?? null,
      name: document.name ?? null,
    },
    intelligence: { ...options.intelligence, records: index.counts.records },
    summary: {
      components: document.components.length,
      unmatchable,
      findings: findings.length,
      vulnerabilities: facts.size,
      bySeverity,
      kev: findings.filter((f) => f.kev).length,
      uncontrolled: findings.filter((f) => f.uncontrolled.value).length,
    },
    findings,
    policy: evaluatePolicy(findings, options.failOn),
  };
}

/** Where a vulnerability id is published, for links in reports (NVD for CVEs, GitHub for GHSAs, OSV otherwise). */
export function advisorySource(vulnId: string): { readonly name: string; readonly url: string } {
  if (/^CVE-\d{4}-\d+$/.test(vulnId)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${vulnId}` };
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(vulnId)) return { name: 'GitHub Advisories', url: `https://github.com/advisories/${vulnId}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(vulnId)}` };
}

/** Every package key the document's components can be matched under (what the server loads records for). */
export function documentPackageKeys(document: SbomDocument): string[] {
  const keys = new Set<string>();
  for (const c of document.components) {
    for (const key of componentIdentity({ name: c.name, group: c.group ?? null, version: c.version ?? null, purl: c.purl ?? null, cpe: c.cpe ?? null }).packageKeys) keys.add(key);
  }
  return [...keys];
}
