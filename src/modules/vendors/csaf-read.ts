import { HARM_LEVELS } from './vocabulary.js';

/**
 * What a hospital takes from a CSAF 2.0 document of any profile (security advisory, VEX,
 * base), pure: the vendor's releases from the product tree with their product identification
 * helpers, and one statement per release × vulnerability from the product status lists.
 *
 * Product tree: a release is a product under a `product_version` branch; its product is the
 * nearest `product_name` branch above it and its vendor the nearest `vendor` branch (else the
 * document's publisher). A product defined by a relationship ("component X default_component_of
 * release R") stands for R: a status of the relationship's product id is a status of the
 * device release (the hospital owns devices, not libraries). Products under a
 * `product_version_range` branch, and products with no version at all, cannot be matched to one
 * installed version and are counted as skipped.
 *
 * Statements: the four status groups CSAF has for "is this product affected" (known_affected,
 * known_not_affected, fixed, under_investigation; first_fixed/first_affected/last_affected/
 * recommended fold into fixed/known_affected). When one release is named in several groups for
 * one vulnerability (through relationships) the strongest wins: known_affected >
 * under_investigation > fixed > known_not_affected. Remediation, flag (justification), impact
 * threat, exploit-status threat and CVSS v3 score are read per product.
 */

export interface CsafRelease {
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  /** Product ids (the release's own and those of relationships naming it). */
  readonly productIds: readonly string[];
  readonly modelNumbers: readonly string[];
  readonly serialNumbers: readonly string[];
  readonly purls: readonly string[];
  readonly cpes: readonly string[];
}

export type CsafStatus = 'known_affected' | 'known_not_affected' | 'fixed' | 'under_investigation';

export interface CsafStatement {
  /** Index into `releases`. */
  readonly release: number;
  readonly vulnId: string;
  readonly status: CsafStatus;
  readonly justification: string | null;
  readonly detail: string | null;
  readonly remediationCategory: string | null;
  readonly remediation: string | null;
  readonly remediationUrl: string | null;
  readonly harm: string | null;
  readonly exploited: boolean;
  readonly cvssScore: number | null;
  readonly cvssVector: string | null;
}

export interface CsafReadResult {
  readonly trackingId: string;
  readonly version: string;
  readonly title: string;
  readonly category: string;
  readonly publisher: string;
  readonly currentReleaseDate: string;
  readonly patientSafety: string | null;
  readonly releases: readonly CsafRelease[];
  readonly statements: readonly CsafStatement[];
  readonly skippedProducts: number;
}

export class CsafReadError extends Error {
  constructor(readonly pointer: string, message: string) {
    super(message);
    this.name = 'CsafReadError';
  }
}

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): J[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter((x): x is string => x !== undefined) : []);

const STATUS_LISTS: readonly [string, CsafStatus][] = [
  ['known_affected', 'known_affected'],
  ['first_affected', 'known_affected'],
  ['last_affected', 'known_affected'],
  ['under_investigation', 'under_investigation'],
  ['fixed', 'fixed'],
  ['first_fixed', 'fixed'],
  ['recommended', 'fixed'],
  ['known_not_affected', 'known_not_affected'],
];
const RANK: Record<CsafStatus, number> = { known_affected: 4, under_investigation: 3, fixed: 2, known_not_affected: 1 };
/** Remediations by how much they tell a hospital to do, most useful first. */
const REMEDIATION_RANK = ['vendor_fix', 'workaround', 'mitigation', 'no_fix_planned', 'none_available'];

interface Leaf {
  vendor: string;
  product: string | undefined;
  version: string | undefined;
  range: boolean;
  helper: J;
}

function helperList(helper: J, key: string): string[] {
  return strs(helper[key]);
}

export function readCsafForCatalog(doc: unknown): CsafReadResult {
  if (!isObj(doc) || !isObj(doc['document'])) throw new CsafReadError('/document', 'not a CSAF document: no "document" object');
  const meta = doc['document'];
  if (meta['csaf_version'] !== '2.0') throw new CsafReadError('/document/csaf_version', `not CSAF 2.0 (csaf_version ${JSON.stringify(meta['csaf_version'] ?? null)})`);
  const tracking = isObj(meta['tracking']) ? meta['tracking'] : {};
  const publisherObj = isObj(meta['publisher']) ? meta['publisher'] : {};
  const trackingId = str(tracking['id']);
  if (!trackingId) throw new CsafReadError('/document/tracking/id', 'the document has no tracking id');
  const currentReleaseDate = str(tracking['current_release_date']);
  if (!currentReleaseDate || Number.isNaN(Date.parse(currentReleaseDate))) throw new CsafReadError('/document/tracking/current_release_date', 'the document has no valid current_release_date');
  const publisher = str(publisherObj['name']) ?? 'Unknown vendor';

  // Product tree → leaves by product id.
  const leaves = new Map<string, Leaf>();
  const tree = isObj(doc['product_tree']) ? doc['product_tree'] : {};
  const walk = (branch: J, path: Map<string, string>, range: boolean): void => {
    const category = str(branch['category']);
    const name = str(branch['name']);
    const here = new Map(path);
    if (category && name) here.set(category, name);
    const inRange = range || category === 'product_version_range';
    if (isObj(branch['product'])) {
      const p = branch['product'];
      const id = str(p['product_id']);
      if (id) {
        leaves.set(id, {
          vendor: here.get('vendor') ?? publisher,
          product: here.get('product_name') ?? here.get('product_family'),
          version: here.get('product_version'),
          range: inRange,
          helper: isObj(p['product_identification_helper']) ? p['product_identification_helper'] : {},
        });
      }
    }
    objs(branch['branches']).forEach((b) => walk(b, here, inRange));
  };
  objs(tree['branches']).forEach((b) => walk(b, new Map(), false));
  for (const f of objs(tree['full_product_names'])) {
    const id = str(f['product_id']);
    if (id && !leaves.has(id)) leaves.set(id, { vendor: publisher, product: str(f['name']), version: undefined, range: false, helper: isObj(f['product_identification_helper']) ? f['product_identification_helper'] : {} });
  }

  // Releases: leaves with a product name and a version, merged by vendor/product/version.
  const releases: { vendor: string; product: string; version: string; productIds: Set<string>; modelNumbers: Set<string>; serialNumbers: Set<string>; purls: Set<string>; cpes: Set<string> }[] = [];
  const releaseOf = new Map<string, number>();
  let skippedProducts = 0;
  for (const [id, leaf] of leaves) {
    if (!leaf.product || !leaf.version || leaf.range) continue;
    const key = JSON.stringify([leaf.vendor, leaf.product, leaf.version]);
    let index = releases.findIndex((r) => JSON.stringify([r.vendor, r.product, r.version]) === key);
    if (index === -1) {
      index = releases.push({ vendor: leaf.vendor, product: leaf.product, version: leaf.version, productIds: new Set(), modelNumbers: new Set(), serialNumbers: new Set(), purls: new Set(), cpes: new Set() }) - 1;
    }
    const r = releases[index]!;
    r.productIds.add(id);
    helperList(leaf.helper, 'model_numbers').forEach((m) => r.modelNumbers.add(m));
    helperList(leaf.helper, 'serial_numbers').forEach((s) => r.serialNumbers.add(s));
    const purl = str(leaf.helper['purl']);
    if (purl) r.purls.add(purl);
    const cpe = str(leaf.helper['cpe']);
    if (cpe) r.cpes.add(cpe);
    releaseOf.set(id, index);
  }
  // Relationship products stand for the release they relate to.
  for (const rel of objs(tree['relationships'])) {
    const fpn = isObj(rel['full_product_name']) ? rel['full_product_name'] : {};
    const id = str(fpn['product_id']);
    const target = releaseOf.get(str(rel['relates_to_product_reference']) ?? '');
    if (id && target !== undefined) {
      releaseOf.set(id, target);
      releases[target]!.productIds.add(id);
    }
  }
  for (const [id] of leaves) if (!releaseOf.has(id) && !isComponentOnly(id, tree)) skippedProducts++;

  const groups = new Map(objs(tree['product_groups']).map((g) => [str(g['group_id']) ?? '', strs(g['product_ids'])]));
  const statements: CsafStatement[] = [];
  objs(doc['vulnerabilities']).forEach((v, vi) => {
    const vulnId = str(v['cve']) ?? str(objs(v['ids'])[0]?.['text']);
    if (!vulnId) throw new CsafReadError(`/vulnerabilities/${vi}`, 'a vulnerability has neither a CVE nor an id');
    const targets = (x: J): string[] => [...strs(x['product_ids']), ...strs(x['group_ids']).flatMap((g) => groups.get(g) ?? [])];
    const status = isObj(v['product_status']) ? v['product_status'] : {};
    const perRelease = new Map<number, CsafStatus>();
    const idsOfRelease = new Map<number, Set<string>>();
    for (const [list, s] of STATUS_LISTS) {
      for (const id of strs(status[list])) {
        const r = releaseOf.get(id);
        if (r === undefined) continue;
        const before = perRelease.get(r);
        if (before === undefined || RANK[s] > RANK[before]) perRelease.set(r, s);
        if (!idsOfRelease.has(r)) idsOfRelease.set(r, new Set());
        idsOfRelease.get(r)!.add(id);
      }
    }
    const exploited = objs(v['threats']).some((t) => t['category'] === 'exploit_status' && /exploit(ed|ation)|in the wild|KEV/iu.test(str(t['details']) ?? ''));
    for (const [r, s] of perRelease) {
      const ids = idsOfRelease.get(r)!;
      const about = (x: J) => targets(x).some((id) => ids.has(id));
      const flag = objs(v['flags']).find(about);
      const impacts = objs(v['threats']).filter((t) => t['category'] === 'impact' && (t['product_ids'] === undefined && t['group_ids'] === undefined ? true : about(t)));
      const detail = impacts.map((t) => str(t['details'])).filter((x): x is string => x !== undefined).join(' ') || null;
      const remediations = objs(v['remediations'])
        .filter(about)
        .sort((a, b) => rank(REMEDIATION_RANK, str(a['category'])) - rank(REMEDIATION_RANK, str(b['category'])));
      const remediation = remediations[0];
      const score = objs(v['scores']).find((x) => strs(x['products']).some((id) => ids.has(id)) && isObj(x['cvss_v3']));
      const cvss = score && isObj(score['cvss_v3']) ? score['cvss_v3'] : undefined;
      statements.push({
        release: r,
        vulnId,
        status: s,
        justification: s === 'known_not_affected' ? (str(flag?.['label']) ?? null) : null,
        detail,
        remediationCategory: s === 'known_not_affected' ? null : (str(remediation?.['category']) ?? null),
        remediation: s === 'known_not_affected' ? null : (str(remediation?.['details']) ?? null),
        remediationUrl: s === 'known_not_affected' ? null : (str(remediation?.['url']) ?? null),
        harm: harmOf(detail),
        exploited,
        cvssScore: cvss && typeof cvss['baseScore'] === 'number' ? cvss['baseScore'] : null,
        cvssVector: cvss ? (str(cvss['vectorString']) ?? null) : null,
      });
    }
  });

  const notes = objs(meta['notes']);
  const safety = notes.find((n) => /patient|safety/iu.test(str(n['title']) ?? '')) ?? null;
  return {
    trackingId,
    version: str(tracking['version']) ?? '1',
    title: str(meta['title']) ?? trackingId,
    category: str(meta['category']) ?? 'csaf_base',
    publisher,
    currentReleaseDate: new Date(currentReleaseDate).toISOString(),
    patientSafety: safety ? (str(safety['text']) ?? null) : null,
    releases: releases.map((r) => ({
      vendor: r.vendor,
      product: r.product,
      version: r.version,
      productIds: [...r.productIds],
      modelNumbers: [...r.modelNumbers],
      serialNumbers: [...r.serialNumbers],
      purls: [...r.purls],
      cpes: [...r.cpes],
    })),
    statements,
    skippedProducts,
  };
}

function rank(order: readonly string[], value: string | undefined): number {
  const i = order.indexOf(value ?? '');
  return i === -1 ? order.length : i;
}

/** A product that is only ever the component side of a relationship (a library) is not a device release to skip. */
function isComponentOnly(id: string, tree: J): boolean {
  return objs(tree['relationships']).some((r) => str(r['product_reference']) === id);
}

/**
 * The vendor's harm rating, when its impact text names one of the severity levels the JSP risk
 * matrix uses ("Severity of harm to the patient if exploited: serious." — what Vigil's own
 * advisories write). Other wording is kept as text only.
 */
export function harmOf(detail: string | null): string | null {
  if (!detail) return null;
  const m = /severity of (?:potential )?harm[^:]*:\s*([a-z]+)/iu.exec(detail);
  const level = m?.[1]?.toLowerCase();
  return level && (HARM_LEVELS as readonly string[]).includes(level) ? level : null;
}
