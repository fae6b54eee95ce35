import { parseCpe, schemeById, schemeForEcosystem, type NvdConfiguration, type NvdNode, type OsvAffected, type VersionScheme } from '../../core/index.js';
import { cpeKey } from './matching.js';

/**
 * "Fixed in": the versions that end each affected range, read from the stored records —
 * OSV `fixed` and `last_affected` events of SEMVER/ECOSYSTEM ranges per package, and for
 * records that name no packages (NVD, CVE 5) the `versionEndExcluding` / `versionEndIncluding`
 * bounds of their vulnerable CPE criteria per vendor/product. Git ranges end in commits,
 * not versions, and are left out.
 */

export interface FixedInRecord {
  readonly recordId: string;
  readonly affected: readonly OsvAffected[];
  readonly cpeConfigurations: readonly NvdConfiguration[];
}

export interface FixedIn {
  /** `osv`: a package's ranges; `cpe`: an NVD product's criteria. */
  readonly via: 'osv' | 'cpe';
  /** OSV ecosystem (`Maven`, `Debian:12`); null for CPE products. */
  readonly ecosystem: string | null;
  /** OSV package name, or `vendor:product` of a CPE. */
  readonly package: string;
  /** First versions without the vulnerability, in the ecosystem's order. */
  readonly fixed: string[];
  /** Last affected versions, where a range gives no fix. */
  readonly lastAffected: string[];
  readonly recordIds: string[];
}

interface Collected {
  via: 'osv' | 'cpe';
  ecosystem: string | null;
  package: string;
  fixed: Set<string>;
  lastAffected: Set<string>;
  recordIds: Set<string>;
}

const genericScheme = schemeById('generic')!;

function sortVersions(versions: Iterable<string>, scheme: VersionScheme | undefined): string[] {
  const s = scheme ?? genericScheme;
  const parsed = [...versions].map((v) => ({ v, p: s.parse(v) }));
  return parsed
    .sort((a, b) => (a.p.ok && b.p.ok ? s.compare(a.p.value, b.p.value) : a.p.ok ? -1 : b.p.ok ? 1 : a.v.localeCompare(b.v)))
    .map((x) => x.v);
}

function entry(map: Map<string, Collected>, via: Collected['via'], ecosystem: string | null, name: string): Collected {
  const key = `${via}\u0000${ecosystem ?? ''}\u0000${name}`;
  let e = map.get(key);
  if (!e) {
    e = { via, ecosystem, package: name, fixed: new Set(), lastAffected: new Set(), recordIds: new Set() };
    map.set(key, e);
  }
  return e;
}

function collectOsv(map: Map<string, Collected>, record: FixedInRecord): void {
  for (const a of record.affected) {
    if (!a.package?.ecosystem || !a.package.name) continue;
    for (const range of a.ranges ?? []) {
      if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
      for (const event of range.events) {
        if (event.fixed === undefined && event.last_affected === undefined) continue;
        const e = entry(map, 'osv', a.package.ecosystem, a.package.name);
        if (event.fixed !== undefined) e.fixed.add(event.fixed);
        if (event.last_affected !== undefined) e.lastAffected.add(event.last_affected);
        e.recordIds.add(record.recordId);
      }
    }
  }
}

function collectCpe(map: Map<string, Collected>, record: FixedInRecord, nodes: readonly NvdNode[]): void {
  for (const node of nodes) {
    for (const m of node.cpeMatch ?? []) {
      if (!m.vulnerable || (m.versionEndExcluding === undefined && m.versionEndIncluding === undefined)) continue;
      const wfn = parseCpe(m.criteria);
      const key = wfn.ok ? cpeKey(wfn.value) : undefined;
      if (!key) continue;
      const e = entry(map, 'cpe', null, key.slice('cpe:'.length));
      if (m.versionEndExcluding !== undefined) e.fixed.add(m.versionEndExcluding);
      if (m.versionEndIncluding !== undefined) e.lastAffected.add(m.versionEndIncluding);
      e.recordIds.add(record.recordId);
    }
    if (node.children) collectCpe(map, record, node.children);
  }
}

/** Fixed versions per package across a vulnerability's records: OSV packages first, then CPE products, each by name. */
export function fixedIn(records: readonly FixedInRecord[]): FixedIn[] {
  const map = new Map<string, Collected>();
  for (const record of records) {
    if (record.affected.some((a) => a.package)) collectOsv(map, record);
    else for (const c of record.cpeConfigurations) collectCpe(map, record, c.nodes);
  }
  return [...map.values()]
    .sort((a, b) => (a.via === b.via ? 0 : a.via === 'osv' ? -1 : 1) || (a.ecosystem ?? '').localeCompare(b.ecosystem ?? '') || a.package.localeCompare(b.package))
    .map((e) => {
      const scheme = e.ecosystem ? schemeForEcosystem(e.ecosystem) : undefined;
      return { via: e.via, ecosystem: e.ecosystem, package: e.package, fixed: sortVersions(e.fixed, scheme), lastAffected: sortVersions(e.lastAffected, scheme), recordIds: [...e.recordIds].sort() };
    });
}
