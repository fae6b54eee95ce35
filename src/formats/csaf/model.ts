import { compact, isRecord, records, str, strings, type Json } from '../vex/json.js';

/**
 * The advisory editor's model of a CSAF 2.0 document, and the reader/writer between the two.
 *
 * The model mirrors CSAF's own structure with two simplifications an editor needs: the product
 * tree's branches are flattened into one list of products, each with the branch path above it
 * (vendor → product_name → product_version …), and every object keeps the keys the model does
 * not name in `extra`, so a document read and written back loses nothing at those levels
 * (test/corpus/csaf.test.ts round-trips a real Red Hat advisory). CVSS objects are kept whole:
 * their field set is the FIRST schema's, not the editor's.
 */

export const CSAF_PROFILES = ['csaf_security_advisory', 'csaf_vex'] as const;
export type CsafProfile = (typeof CSAF_PROFILES)[number];
export const TRACKING_STATUSES = ['draft', 'interim', 'final'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];
export const TLP_LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];
export const PRODUCT_STATUSES = ['first_affected', 'first_fixed', 'fixed', 'known_affected', 'known_not_affected', 'last_affected', 'recommended', 'under_investigation'] as const;
export type ProductStatusCategory = (typeof PRODUCT_STATUSES)[number];
export const REMEDIATION_CATEGORIES = ['mitigation', 'no_fix_planned', 'none_available', 'vendor_fix', 'workaround'] as const;

export interface AdvisoryNote { readonly category: string; readonly text: string; readonly title?: string; readonly audience?: string }
export interface AdvisoryReference { readonly url: string; readonly summary: string; readonly category?: string }
export interface AdvisoryAcknowledgment { readonly names?: readonly string[]; readonly organization?: string; readonly summary?: string; readonly urls?: readonly string[] }
export interface Revision { readonly number: string; readonly date: string; readonly summary: string }
export interface BranchStep { readonly category: string; readonly name: string }

/** One product of the tree: its id, full name, identification helper and the branch path above it (empty: a top-level full_product_names entry). */
export interface AdvisoryProduct {
  readonly id: string;
  readonly name: string;
  readonly path: readonly BranchStep[];
  readonly purl?: string;
  readonly cpe?: string;
  readonly modelNumbers?: readonly string[];
  readonly skus?: readonly string[];
  readonly extraHelper?: Json;
}
export interface AdvisoryRelationship { readonly category: string; readonly productReference: string; readonly relatesTo: string; readonly id: string; readonly name: string }
export interface ProductGroup { readonly id: string; readonly productIds: readonly string[]; readonly summary?: string }

export interface Remediation { readonly category: string; readonly details: string; readonly productIds: readonly string[]; readonly groupIds: readonly string[]; readonly url?: string; readonly date?: string; readonly extra: Json }
export interface Threat { readonly category: string; readonly details: string; readonly productIds: readonly string[]; readonly groupIds: readonly string[]; readonly date?: string }
export interface Score { readonly products: readonly string[]; readonly cvssV3?: Json; readonly cvssV2?: Json }
export interface Flag { readonly label: string; readonly productIds: readonly string[]; readonly groupIds: readonly string[]; readonly date?: string }

export interface AdvisoryVulnerability {
  readonly cve?: string;
  readonly cwe?: { readonly id: string; readonly name: string };
  readonly title?: string;
  readonly discoveryDate?: string;
  readonly releaseDate?: string;
  readonly ids: readonly { readonly systemName: string; readonly text: string }[];
  readonly notes: readonly AdvisoryNote[];
  readonly references: readonly AdvisoryReference[];
  readonly acknowledgments: readonly AdvisoryAcknowledgment[];
  readonly productStatus: Partial<Record<ProductStatusCategory, readonly string[]>>;
  readonly remediations: readonly Remediation[];
  readonly scores: readonly Score[];
  readonly threats: readonly Threat[];
  readonly flags: readonly Flag[];
  readonly extra: Json;
}

export interface AdvisoryModel {
  readonly profile: string;
  readonly title: string;
  readonly lang?: string;
  readonly tlp?: { readonly label: string; readonly url?: string };
  readonly distributionText?: string;
  readonly publisher: { readonly category: string; readonly name: string; readonly namespace: string; readonly contactDetails?: string; readonly issuingAuthority?: string };
  readonly tracking: {
    readonly id: string;
    readonly version: string;
    readonly status: string;
    readonly initialReleaseDate: string;
    readonly currentReleaseDate: string;
    readonly revisions: readonly Revision[];
    readonly extra: Json;
  };
  readonly aggregateSeverity?: { readonly text: string; readonly namespace?: string };
  readonly notes: readonly AdvisoryNote[];
  readonly references: readonly AdvisoryReference[];
  readonly acknowledgments: readonly AdvisoryAcknowledgment[];
  readonly products: readonly AdvisoryProduct[];
  readonly relationships: readonly AdvisoryRelationship[];
  readonly productGroups: readonly ProductGroup[];
  readonly vulnerabilities: readonly AdvisoryVulnerability[];
  /** Keys of `document` the model does not name (e.g. `source_lang`). */
  readonly extra: Json;
  /** Top-level keys besides document, product_tree and vulnerabilities (none in CSAF 2.0; kept for round trips). */
  readonly extraTop: Json;
}

const rec = (v: unknown): Json => (isRecord(v) ? v : {});
/** `o` without `keys`: what the model does not name. */
function rest(o: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}
const opt = (v: readonly string[] | undefined) => (v !== undefined && v.length > 0 ? v : undefined);
const list = <T>(v: readonly T[]) => (v.length > 0 ? v : undefined);

const readNote = (n: Json): AdvisoryNote => compact({ category: str(n['category']) ?? '', text: str(n['text']) ?? '', title: str(n['title']), audience: str(n['audience']) });
const readRef = (r: Json): AdvisoryReference => compact({ url: str(r['url']) ?? '', summary: str(r['summary']) ?? '', category: str(r['category']) });
const readAck = (a: Json): AdvisoryAcknowledgment => compact({ names: opt(strings(a['names'])), organization: str(a['organization']), summary: str(a['summary']), urls: opt(strings(a['urls'])) });
const ids = (o: Json, key: string) => strings(o[key]);

function readProducts(tree: Json): AdvisoryProduct[] {
  const out: AdvisoryProduct[] = [];
  const leaf = (fpn: Json, path: BranchStep[]) => {
    const helper = rec(fpn['product_identification_helper']);
    const extraHelper = rest(helper, ['purl', 'cpe', 'model_numbers', 'skus']);
    out.push(compact({
      id: str(fpn['product_id']) ?? '',
      name: str(fpn['name']) ?? '',
      path,
      purl: str(helper['purl']),
      cpe: str(helper['cpe']),
      modelNumbers: opt(strings(helper['model_numbers'])),
      skus: opt(strings(helper['skus'])),
      extraHelper: Object.keys(extraHelper).length > 0 ? extraHelper : undefined,
    }));
  };
  const walk = (b: Json, path: BranchStep[]) => {
    const here = [...path, { category: str(b['category']) ?? '', name: str(b['name']) ?? '' }];
    if (isRecord(b['product'])) leaf(b['product'], here);
    records(b['branches']).forEach((c) => walk(c, here));
  };
  records(tree['branches']).forEach((b) => walk(b, []));
  records(tree['full_product_names']).forEach((f) => leaf(f, []));
  return out;
}

function readVulnerability(v: Json): AdvisoryVulnerability {
  const cwe = rec(v['cwe']);
  const status = rec(v['product_status']);
  const productStatus: Partial<Record<ProductStatusCategory, string[]>> = {};
  for (const c of PRODUCT_STATUSES) if (Array.isArray(status[c])) productStatus[c] = strings(status[c]);
  return compact({
    cve: str(v['cve']),
    cwe: isRecord(v['cwe']) ? { id: str(cwe['id']) ?? '', name: str(cwe['name']) ?? '' } : undefined,
    title: str(v['title']),
    discoveryDate: str(v['discovery_date']),
    releaseDate: str(v['release_date']),
    ids: records(v['ids']).map((i) => ({ systemName: str(i['system_name']) ?? '', text: str(i['text']) ?? '' })),
    notes: records(v['notes']).map(readNote),
    references: records(v['references']).map(readRef),
    acknowledgments: records(v['acknowledgments']).map(readAck),
    productStatus,
    remediations: records(v['remediations']).map((r) => compact({
      category: str(r['category']) ?? '', details: str(r['details']) ?? '', productIds: ids(r, 'product_ids'), groupIds: ids(r, 'group_ids'), url: str(r['url']), date: str(r['date']),
      extra: rest(r, ['category', 'details', 'product_ids', 'group_ids', 'url', 'date']),
    })),
    scores: records(v['scores']).map((s) => compact({ products: strings(s['products']), cvssV3: isRecord(s['cvss_v3']) ? s['cvss_v3'] : undefined, cvssV2: isRecord(s['cvss_v2']) ? s['cvss_v2'] : undefined })),
    threats: records(v['threats']).map((t) => compact({ category: str(t['category']) ?? '', details: str(t['details']) ?? '', productIds: ids(t, 'product_ids'), groupIds: ids(t, 'group_ids'), date: str(t['date']) })),
    flags: records(v['flags']).map((f) => compact({ label: str(f['label']) ?? '', productIds: ids(f, 'product_ids'), groupIds: ids(f, 'group_ids'), date: str(f['date']) })),
    extra: rest(v, ['cve', 'cwe', 'title', 'discovery_date', 'release_date', 'ids', 'notes', 'references', 'acknowledgments', 'product_status', 'remediations', 'scores', 'threats', 'flags']),
  });
}

/** Reads a (parsed) CSAF 2.0 document into the editor model; absent required strings read as ''. Validate separately. */
export function readAdvisory(doc: unknown): AdvisoryModel {
  const top = rec(doc);
  const d = rec(top['document']);
  const tracking = rec(d['tracking']);
  const publisher = rec(d['publisher']);
  const distribution = rec(d['distribution']);
  const tlp = rec(distribution['tlp']);
  const agg = rec(d['aggregate_severity']);
  const tree = rec(top['product_tree']);
  return compact({
    profile: str(d['category']) ?? '',
    title: str(d['title']) ?? '',
    lang: str(d['lang']),
    tlp: isRecord(distribution['tlp']) ? compact({ label: str(tlp['label']) ?? '', url: str(tlp['url']) }) : undefined,
    distributionText: str(distribution['text']),
    publisher: compact({ category: str(publisher['category']) ?? '', name: str(publisher['name']) ?? '', namespace: str(publisher['namespace']) ?? '', contactDetails: str(publisher['contact_details']), issuingAuthority: str(publisher['issuing_authority']) }),
    tracking: {
      id: str(tracking['id']) ?? '',
      version: str(tracking['version']) ?? '',
      status: str(tracking['status']) ?? '',
      initialReleaseDate: str(tracking['initial_release_date']) ?? '',
      currentReleaseDate: str(tracking['current_release_date']) ?? '',
      revisions: records(tracking['revision_history']).map((r) => ({ number: str(r['number']) ?? '', date: str(r['date']) ?? '', summary: str(r['summary']) ?? '' })),
      extra: rest(tracking, ['id', 'version', 'status', 'initial_release_date', 'current_release_date', 'revision_history']),
    },
    aggregateSeverity: isRecord(d['aggregate_severity']) ? compact({ text: str(agg['text']) ?? '', namespace: str(agg['namespace']) }) : undefined,
    notes: records(d['notes']).map(readNote),
    references: records(d['references']).map(readRef),
    acknowledgments: records(d['acknowledgments']).map(readAck),
    products: readProducts(tree),
    relationships: records(tree['relationships']).map((r) => ({
      category: str(r['category']) ?? '', productReference: str(r['product_reference']) ?? '', relatesTo: str(r['relates_to_product_reference']) ?? '',
      id: str(rec(r['full_product_name'])['product_id']) ?? '', name: str(rec(r['full_product_name'])['name']) ?? '',
    })),
    productGroups: records(tree['product_groups']).map((g) => compact({ id: str(g['group_id']) ?? '', productIds: strings(g['product_ids']), summary: str(g['summary']) })),
    vulnerabilities: records(top['vulnerabilities']).map(readVulnerability),
    extra: rest(d, ['category', 'csaf_version', 'title', 'lang', 'distribution', 'publisher', 'tracking', 'aggregate_severity', 'notes', 'references', 'acknowledgments']),
    extraTop: rest(top, ['document', 'product_tree', 'vulnerabilities']),
  });
}

const writeNote = (n: AdvisoryNote) => compact({ category: n.category, text: n.text, title: n.title, audience: n.audience });
const writeRef = (r: AdvisoryReference) => compact({ category: r.category, summary: r.summary, url: r.url });
const writeAck = (a: AdvisoryAcknowledgment) => compact({ names: a.names, organization: a.organization, summary: a.summary, urls: a.urls });

/** Rebuilds the branch tree from the products' paths; siblings with the same category and name merge, in first-seen order. */
function writeTree(m: AdvisoryModel): Json {
  const roots: Json[] = [];
  const full: Json[] = [];
  for (const p of m.products) {
    const helper = compact({ cpe: p.cpe, purl: p.purl, model_numbers: p.modelNumbers, skus: p.skus, ...(p.extraHelper ?? {}) });
    const fpn = compact({ name: p.name, product_id: p.id, product_identification_helper: Object.keys(helper).length > 0 ? helper : undefined });
    if (p.path.length === 0) {
      full.push(fpn);
      continue;
    }
    let level = roots;
    p.path.forEach((step, i) => {
      const last = i === p.path.length - 1;
      // A branch holds either sub-branches or one product: a leaf step always starts its own branch.
      let branch = last ? undefined : level.find((b) => b['category'] === step.category && b['name'] === step.name && Array.isArray(b['branches']));
      if (!branch) {
        branch = { category: step.category, name: step.name, ...(last ? { product: fpn } : { branches: [] }) };
        level.push(branch);
      }
      if (!last) level = branch['branches'] as Json[];
    });
  }
  return compact({
    branches: list(roots),
    full_product_names: list(full),
    product_groups: list(m.productGroups.map((g) => compact({ group_id: g.id, product_ids: g.productIds, summary: g.summary }))),
    relationships: list(m.relationships.map((r) => ({ category: r.category, full_product_name: { name: r.name, product_id: r.id }, product_reference: r.productReference, relates_to_product_reference: r.relatesTo }))),
  });
}

function writeVulnerability(v: AdvisoryVulnerability): Json {
  const status = compact(Object.fromEntries(PRODUCT_STATUSES.map((c) => [c, v.productStatus[c]])));
  return compact({
    ...v.extra,
    acknowledgments: list(v.acknowledgments.map(writeAck)),
    cve: v.cve,
    cwe: v.cwe,
    discovery_date: v.discoveryDate,
    flags: list(v.flags.map((f) => compact({ date: f.date, group_ids: list(f.groupIds), label: f.label, product_ids: list(f.productIds) }))),
    ids: list(v.ids.map((i) => ({ system_name: i.systemName, text: i.text }))),
    notes: list(v.notes.map(writeNote)),
    product_status: Object.keys(status).length > 0 ? status : undefined,
    references: list(v.references.map(writeRef)),
    release_date: v.releaseDate,
    remediations: list(v.remediations.map((r) => compact({ ...r.extra, category: r.category, date: r.date, details: r.details, group_ids: list(r.groupIds), product_ids: list(r.productIds), url: r.url }))),
    scores: list(v.scores.map((s) => compact({ cvss_v2: s.cvssV2, cvss_v3: s.cvssV3, products: s.products }))),
    threats: list(v.threats.map((t) => compact({ category: t.category, date: t.date, details: t.details, group_ids: list(t.groupIds), product_ids: list(t.productIds) }))),
    title: v.title,
  });
}

/** Writes the model as a CSAF 2.0 document (csaf_version 2.0). */
export function writeAdvisory(m: AdvisoryModel): Json {
  const t = m.tracking;
  const tree = writeTree(m);
  return compact({
    ...m.extraTop,
    document: compact({
      ...m.extra,
      acknowledgments: list(m.acknowledgments.map(writeAck)),
      aggregate_severity: m.aggregateSeverity,
      category: m.profile,
      csaf_version: '2.0',
      distribution: m.tlp !== undefined || m.distributionText !== undefined ? compact({ text: m.distributionText, tlp: m.tlp ? compact({ label: m.tlp.label, url: m.tlp.url }) : undefined }) : undefined,
      lang: m.lang,
      notes: list(m.notes.map(writeNote)),
      publisher: compact({ category: m.publisher.category, contact_details: m.publisher.contactDetails, issuing_authority: m.publisher.issuingAuthority, name: m.publisher.name, namespace: m.publisher.namespace }),
      references: list(m.references.map(writeRef)),
      title: m.title,
      tracking: compact({ ...t.extra, current_release_date: t.currentReleaseDate, id: t.id, initial_release_date: t.initialReleaseDate, revision_history: t.revisions.map((r) => ({ date: r.date, number: r.number, summary: r.summary })), status: t.status, version: t.version }),
    }),
    product_tree: Object.keys(tree).length > 0 ? tree : undefined,
    vulnerabilities: list(m.vulnerabilities.map(writeVulnerability)),
  });
}
