import {
  compileOsvAdvisory,
  describeOsvReason,
  evaluateConfiguration,
  evaluateOsvAdvisory,
  normalizeOsvPackageName,
  parseCpe,
  parsePurl,
  purlToOsvPackage,
  schemeById,
  type CompiledOsvAdvisory,
  type NvdConfiguration,
  type OsvAffected,
  type Purl,
  type Wfn,
} from '../../core/index.js';

/**
 * Which vulnerability records affect which components (pure; the store feeds it rows).
 *
 * Two ways in, as the issue asks:
 * - purl → OSV ecosystem + name (core's mapping, distro qualifiers included) → every
 *   `affected[]` entry for that package, evaluated with the ecosystem's own version order.
 *   Confidence `exact`: the advisory's ranges are written in the ecosystem's terms.
 * - CPE → NVD configurations, for firmware, operating systems and commercial libraries
 *   without purls. Confidence `high` when the component's CPE names a literal version,
 *   `low` when it leaves the version open (then any version range "matches").
 *
 * Package keys index both: a record names the keys it can affect, a component has the keys
 * it can be affected under, and only records sharing a key are evaluated — which is also
 * what makes a changed record rematch only the components it names.
 */

export interface MatchableComponent {
  readonly name: string;
  readonly group: string | null;
  readonly version: string | null;
  readonly purl: string | null;
  readonly cpe: string | null;
}

export interface MatchableRecord {
  readonly recordId: string;
  readonly vulnId: string;
  readonly withdrawn: string | null;
  readonly affected: readonly OsvAffected[];
  readonly cpeConfigurations: readonly NvdConfiguration[];
}

export interface MatchEvidence {
  readonly recordId: string;
  readonly method: 'purl' | 'cpe';
  /** One sentence per reason: which range, listed version or CPE criterion matched. */
  readonly reasons: readonly string[];
}

export interface Match {
  readonly vulnId: string;
  readonly method: 'purl' | 'cpe';
  readonly confidence: 'exact' | 'high' | 'low';
  readonly evidence: readonly MatchEvidence[];
}

const ecosystemBase = (ecosystem: string) => ecosystem.split(':')[0]!;

/** Index key of an OSV package, release-independent (`Debian:12` and `Debian:11` share `osv:Debian:openssl`). */
export function osvPackageKey(ecosystem: string, name: string): string {
  return `osv:${ecosystemBase(ecosystem)}:${normalizeOsvPackageName(ecosystem, name)}`;
}

function cpeText(v: Wfn['vendor']): string | undefined {
  return v.kind === 'value' ? v.value.replace(/\\(.)/g, '$1').toLowerCase() : undefined;
}

/** Index key of a CPE vendor + product (`cpe:openssl:openssl`), or undefined when either is open. */
export function cpeKey(wfn: Wfn): string | undefined {
  const vendor = cpeText(wfn.vendor);
  const product = cpeText(wfn.product);
  return vendor && product ? `cpe:${vendor}:${product}` : undefined;
}

/** Every key a record can affect components under. */
export function recordPackageKeys(record: Pick<MatchableRecord, 'affected' | 'cpeConfigurations'>): string[] {
  const keys = new Set<string>();
  for (const a of record.affected) if (a.package?.ecosystem && a.package.name) keys.add(osvPackageKey(a.package.ecosystem, a.package.name));
  const visit = (nodes: NvdConfiguration['nodes']) => {
    for (const node of nodes) {
      for (const m of node.cpeMatch ?? []) {
        const wfn = parseCpe(m.criteria);
        const key = wfn.ok && m.vulnerable ? cpeKey(wfn.value) : undefined;
        if (key) keys.add(key);
      }
      if (node.children) visit(node.children);
    }
  };
  for (const c of record.cpeConfigurations) visit(c.nodes);
  return [...keys];
}

export interface ComponentIdentity {
  /** Version-free identity: a finding stays the same finding when the component is upgraded. */
  readonly key: string;
  readonly osv?: { readonly ecosystem: string; readonly name: string; readonly purl: Purl };
  readonly cpe?: Wfn;
  /** Index keys to look records up under. */
  readonly packageKeys: readonly string[];
}

/** What a component can be matched by; `packageKeys` empty means unmatchable. */
export function componentIdentity(c: MatchableComponent): ComponentIdentity {
  const purl = c.purl ? parsePurl(c.purl) : undefined;
  const osvPackage = purl?.ok ? purlToOsvPackage(purl.value) : undefined;
  const wfn = c.cpe ? parseCpe(c.cpe) : undefined;
  const cpe = wfn?.ok ? wfn.value : undefined;
  const keys: string[] = [];
  if (osvPackage) keys.push(osvPackageKey(osvPackage.ecosystem, osvPackage.name));
  const ck = cpe ? cpeKey(cpe) : undefined;
  if (ck) keys.push(ck);
  const key = purl?.ok
    ? `purl:${purl.value.type}/${purl.value.namespace ? `${purl.value.namespace}/` : ''}${purl.value.name}`
    : ck ?? `name:${c.group ? `${c.group}/` : ''}${c.name}`;
  return {
    key,
    ...(osvPackage && purl?.ok ? { osv: { ...osvPackage, purl: purl.value } } : {}),
    ...(cpe ? { cpe } : {}),
    packageKeys: keys,
  };
}

/**
 * A record compiled for one package: only its `affected[]` entries under that package key.
 * The evaluator skips entries of other packages anyway, so the verdict is the same, and a
 * record naming hundreds of packages (Bitnami, GHSA monorepos) is not compiled whole for
 * each component that shares one of them.
 */
const compiledCache = new WeakMap<MatchableRecord, Map<string, CompiledOsvAdvisory>>();
function compiledFor(record: MatchableRecord, packageKey: string): CompiledOsvAdvisory {
  let perPackage = compiledCache.get(record);
  if (!perPackage) compiledCache.set(record, (perPackage = new Map()));
  let c = perPackage.get(packageKey);
  if (!c) {
    const own = record.affected.filter((a) => a.package?.ecosystem && a.package.name && osvPackageKey(a.package.ecosystem, a.package.name) === packageKey);
    c = compileOsvAdvisory({ id: record.recordId, affected: own, ...(record.withdrawn ? { withdrawn: record.withdrawn } : {}) });
    perPackage.set(packageKey, c);
  }
  return c;
}

const genericCompare = (() => {
  const scheme = schemeById('generic')!;
  return (a: string, b: string) => {
    const pa = scheme.parse(a);
    const pb = scheme.parse(b);
    return pa.ok && pb.ok ? scheme.compare(pa.value, pb.value) : a.localeCompare(b);
  };
})();

function purlMatch(identity: ComponentIdentity, version: string, record: MatchableRecord): MatchEvidence | undefined {
  if (!identity.osv) return undefined;
  const verdict = evaluateOsvAdvisory(compiledFor(record, osvPackageKey(identity.osv.ecosystem, identity.osv.name)), identity.osv, version);
  if (!verdict.affected) return undefined;
  return { recordId: record.recordId, method: 'purl', reasons: verdict.reasons.map(describeOsvReason) };
}

function cpeMatch(identity: ComponentIdentity, record: MatchableRecord): MatchEvidence | undefined {
  if (!identity.cpe) return undefined;
  const reasons: string[] = [];
  for (const configuration of record.cpeConfigurations) {
    const result = evaluateConfiguration(configuration, [identity.cpe], genericCompare);
    if (!result.ok || !result.value.vulnerable) continue;
    for (const e of result.value.evidence) {
      if (!e.criterion.vulnerable) continue;
      const bounds = [
        e.criterion.versionStartIncluding && `from ${e.criterion.versionStartIncluding}`,
        e.criterion.versionStartExcluding && `after ${e.criterion.versionStartExcluding}`,
        e.criterion.versionEndExcluding && `before ${e.criterion.versionEndExcluding}`,
        e.criterion.versionEndIncluding && `up to ${e.criterion.versionEndIncluding}`,
      ].filter(Boolean);
      reasons.push(`CPE ${e.criterion.criteria}${bounds.length ? ` (${bounds.join(', ')})` : ''}`);
    }
  }
  return reasons.length > 0 ? { recordId: record.recordId, method: 'cpe', reasons: [...new Set(reasons)] } : undefined;
}

/**
 * The vulnerabilities a component has, from the candidate records that share one of its
 * package keys. Records of the same vulnerability (aliases merged into one `vulnId`) give
 * one match with every record's evidence. A withdrawn record never matches. purl evidence
 * wins over CPE evidence for the method and confidence, since it is the exact one.
 */
export function matchComponent(component: MatchableComponent, identity: ComponentIdentity, candidates: readonly MatchableRecord[]): Match[] {
  if (!component.version) return [];
  const byVuln = new Map<string, MatchEvidence[]>();
  for (const record of candidates) {
    if (record.withdrawn) continue;
    const evidence = purlMatch(identity, component.version, record) ?? cpeMatch(identity, record);
    if (evidence) byVuln.set(record.vulnId, [...(byVuln.get(record.vulnId) ?? []), evidence]);
  }
  const cpeVersionIsLiteral = identity.cpe?.version.kind === 'value' && !/(^|[^\\])[*?]/.test(identity.cpe.version.value);
  return [...byVuln].map(([vulnId, evidence]) => {
    const byPurl = evidence.some((e) => e.method === 'purl');
    return { vulnId, method: byPurl ? 'purl' : 'cpe', confidence: byPurl ? 'exact' : cpeVersionIsLiteral ? 'high' : 'low', evidence };
  });
}

/** The id findings use for a record: its lowest CVE id (own or alias), otherwise its own id. */
export function vulnerabilityId(recordId: string, aliases: readonly string[]): string {
  const cves = [recordId, ...aliases].filter((id) => /^CVE-\d{4}-\d+$/.test(id));
  if (cves.length === 0) return recordId;
  return cves.sort((a, b) => {
    const [, ya, na] = a.split('-');
    const [, yb, nb] = b.split('-');
    return Number(ya) - Number(yb) || Number(na) - Number(nb);
  })[0]!;
}
