import { checkDocument, checkStatements, type Located } from './checks.js';
import { readProductGroups, readProductTree, type CsafProductRef } from './csaf-products.js';
import { validateCsaf } from './csaf-validate.js';
import { compact, isRecord, parseJson, pointer, records, str, strings, type Json } from './json.js';
import {
  CISA_JUSTIFICATIONS,
  type AnalysisState,
  type CisaJustification,
  type Response,
  type VexComponent,
  type VexDocument,
  type VexIssue,
  type VexNote,
  type VexParseResult,
  type VexProduct,
  type VexRating,
  type VexStatement,
} from './model.js';
import {
  CSAF_PRODUCT_STATUSES,
  CSAF_REMEDIATION_CATEGORIES,
  fromCisaJustification,
  fromCsafRemediation,
  fromCsafStatus,
  isOneOf,
  type CsafRemediationCategory,
} from './vocabulary.js';

/**
 * Reads a CSAF 2.0 document of the VEX profile (`document.category` = `csaf_vex`), validated
 * by csaf-validator-lib (strict schema and all mandatory tests, ./csaf-validate.ts) — which
 * refuses, among others, known_not_affected without a flag or impact threat (6.1.27.9),
 * known_affected without a remediation (6.1.27.10) and a product in two status groups (6.1.6).
 *
 * CSAF is organised by vulnerability, with product-specific flags, threats, remediations and
 * scores. Each vulnerability becomes one statement per set of products that share a status
 * and the same flag, impact threats, remediations and scores. Asynchronous because the
 * validator library is.
 */
export async function parseCsafVex(text: string): Promise<VexParseResult> {
  const parsed = parseJson(text);
  if ('issue' in parsed) return failed([parsed.issue]);
  const doc = parsed.value;
  const meta = isRecord(doc) && isRecord(doc['document']) ? doc['document'] : undefined;
  if (!isRecord(doc) || !meta || meta['csaf_version'] !== '2.0') {
    return failed([{ severity: 'error', code: 'not-csaf', location: '/', message: 'not a CSAF 2.0 document: no document.csaf_version "2.0"' }]);
  }
  if (meta['category'] !== 'csaf_vex') {
    return failed([{ severity: 'error', code: 'not-csaf-vex', location: '/document/category', message: `CSAF category ${JSON.stringify(meta['category'])} is not the VEX profile (csaf_vex)` }]);
  }
  const validation = await validateCsaf(doc);
  if (validation.some((i) => i.severity === 'error')) return failed(validation);
  const document = readDocument(meta);
  const products = readProductTree(doc['product_tree']);
  const groups = readProductGroups(doc['product_tree']);
  const issues: VexIssue[] = [...validation];
  const located: Located[] = [];
  records(doc['vulnerabilities']).forEach((v, i) => located.push(...readVulnerability(v, pointer('vulnerabilities', i), products, groups, issues)));
  issues.push(...checkDocument(document), ...checkStatements(located, document.timestamp));
  if (issues.some((i) => i.severity === 'error')) return failed(issues);
  return { document, statements: located.map((l) => l.statement), issues };
}

function failed(issues: readonly VexIssue[]): VexParseResult {
  return { statements: [], issues };
}

function readNotes(v: unknown): VexNote[] {
  return records(v).map((n) => compact({ category: str(n['category']), title: str(n['title']), text: str(n['text']) ?? '' }));
}

function readDocument(meta: Json): VexDocument {
  const publisher = isRecord(meta['publisher']) ? meta['publisher'] : {};
  const tracking = isRecord(meta['tracking']) ? meta['tracking'] : {};
  const generator = isRecord(tracking['generator']) ? tracking['generator'] : {};
  const engine = isRecord(generator['engine']) ? generator['engine'] : {};
  const distribution = isRecord(meta['distribution']) ? meta['distribution'] : {};
  const tlp = isRecord(distribution['tlp']) ? distribution['tlp'] : {};
  const revisions = records(tracking['revision_history']).map((r) => ({ number: str(r['number']) ?? '', date: str(r['date']) ?? '', summary: str(r['summary']) ?? '' }));
  const versionText = str(tracking['version']) ?? '1';
  // Integer versioning is the revision counter itself; a semantic version is kept as written
  // and counted by its revision history.
  const integer = /^(0|[1-9][0-9]*)$/u.test(versionText);
  const initial = str(tracking['initial_release_date']);
  const current = str(tracking['current_release_date']);
  const tooling = [str(engine['name']), str(engine['version'])].filter((x) => x !== undefined).join(' ');
  return compact({
    id: str(tracking['id']),
    author: str(publisher['name']),
    authorRole: str(publisher['category']),
    authorUrl: str(publisher['namespace']),
    timestamp: initial,
    lastUpdated: current !== initial ? current : undefined,
    version: integer ? Math.max(1, Number(versionText)) : Math.max(1, revisions.length),
    versionLabel: integer && versionText !== '0' ? undefined : versionText,
    tooling: tooling !== '' ? tooling : undefined,
    title: str(meta['title']),
    status: str(tracking['status']),
    tlp: str(tlp['label']),
    notes: readNotes(meta['notes']),
    revisions,
  });
}

/** What a product is told in one vulnerability; products with equal facts share a statement. */
interface ProductFacts {
  state?: AnalysisState;
  label?: CisaJustification;
  flagDate?: string;
  impacts: string[];
  threatDate?: string;
  remediations: { category: CsafRemediationCategory; details: string; date?: string }[];
  ratings: VexRating[];
}

function readVulnerability(
  v: Json,
  where: string,
  products: ReadonlyMap<string, CsafProductRef>,
  groups: ReadonlyMap<string, readonly string[]>,
  issues: VexIssue[],
): Located[] {
  const facts = new Map<string, ProductFacts>();
  const factsOf = (id: string): ProductFacts => {
    let f = facts.get(id);
    if (!f) {
      f = { impacts: [], remediations: [], ratings: [] };
      facts.set(id, f);
    }
    return f;
  };
  const status = isRecord(v['product_status']) ? v['product_status'] : {};
  for (const list of CSAF_PRODUCT_STATUSES) {
    strings(status[list]).forEach((id, k) => {
      const f = factsOf(id);
      const state = fromCsafStatus(list);
      if (f.state !== undefined && f.state !== state) {
        issues.push({ severity: 'error', code: 'contradictory-statements', location: `${where}${pointer('product_status', list, k)}`, message: `product ${id} is both ${f.state} and ${state}` });
      }
      f.state ??= state;
    });
  }
  const all = [...facts.keys()];
  const targets = (x: Json): string[] => {
    const ids = [...strings(x['product_ids']), ...strings(x['group_ids']).flatMap((g) => groups.get(g) ?? [])];
    // A threat naming no product is about the vulnerability as a whole (CSAF makes both optional for threats).
    return x['product_ids'] === undefined && x['group_ids'] === undefined ? all : ids;
  };
  for (const flag of records(v['flags'])) {
    const label = isOneOf(CISA_JUSTIFICATIONS, flag['label']) ? flag['label'] : undefined;
    for (const id of targets(flag)) {
      const f = factsOf(id);
      f.label = label;
      f.flagDate = str(flag['date']);
    }
  }
  for (const t of records(v['threats']).filter((x) => x['category'] === 'impact')) {
    for (const id of targets(t)) {
      const f = factsOf(id);
      f.impacts.push(str(t['details']) ?? '');
      f.threatDate ??= str(t['date']);
    }
  }
  for (const r of records(v['remediations'])) {
    const category = r['category'];
    if (!isOneOf(CSAF_REMEDIATION_CATEGORIES, category)) continue;
    for (const id of targets(r)) factsOf(id).remediations.push(compact({ category, details: str(r['details']) ?? '', date: str(r['date']) }));
  }
  for (const s of records(v['scores'])) {
    const ratings = [readCvss(s['cvss_v3']), readCvss(s['cvss_v2'])].filter((x): x is VexRating => x !== undefined);
    for (const id of strings(s['products'])) factsOf(id).ratings.push(...ratings);
  }

  const byFacts = new Map<string, { facts: ProductFacts; ids: string[] }>();
  for (const [id, f] of facts) {
    if (f.state === undefined) continue; // named by a flag or threat but given no status
    const key = JSON.stringify(f);
    const group = byFacts.get(key) ?? { facts: f, ids: [] };
    group.ids.push(id);
    byFacts.set(key, group);
  }
  const common = commonParts(v);
  return [...byFacts.values()].map(({ facts: f, ids }) => ({
    statement: toStatement(common, f, ids.map((id) => products.get(id) ?? { product: { ref: id } })),
    location: where,
  }));
}

function readCvss(c: unknown): VexRating | undefined {
  if (!isRecord(c)) return undefined;
  const version = str(c['version']);
  const method = version === '3.1' ? 'CVSSv31' : version === '3.0' ? 'CVSSv3' : version === '2.0' ? 'CVSSv2' : 'other';
  // CycloneDX's convention (its examples) is the vector without the CVSS:3.x/ prefix.
  const vector = str(c['vectorString'])?.replace(/^CVSS:3\.[01]\//u, '');
  return compact({ method, score: typeof c['baseScore'] === 'number' ? c['baseScore'] : undefined, severity: str(c['baseSeverity'])?.toLowerCase(), vector });
}

interface CommonParts {
  readonly vulnerability: VexStatement['vulnerability'];
  readonly notes: readonly VexNote[];
}

function commonParts(v: Json): CommonParts {
  const ids = records(v['ids']).map((x) => ({ id: str(x['text']) ?? '', system: str(x['system_name']) }));
  const cve = str(v['cve']);
  const [first, ...rest] = ids;
  const notes = readNotes(v['notes']);
  const descriptionIndex = notes.findIndex((n) => n.category === 'description');
  const reference = records(v['references'])[0];
  return {
    vulnerability: compact({
      id: cve ?? first?.id ?? '',
      aliases: cve !== undefined ? ids : rest,
      description: descriptionIndex >= 0 ? notes[descriptionIndex]?.text : undefined,
      url: reference ? str(reference['url']) : undefined,
    }),
    notes: notes.filter((_, k) => k !== descriptionIndex),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function toStatement(common: CommonParts, f: ProductFacts, refs: readonly CsafProductRef[]): VexStatement {
  const actions = unique(f.remediations.filter((r) => r.category !== 'workaround').map((r) => r.details));
  const actionStatement = actions.length > 0 ? actions.join('\n\n') : undefined;
  const workarounds = unique(f.remediations.filter((r) => r.category === 'workaround').map((r) => r.details)).filter((w) => w !== actionStatement);
  const responses = unique(f.remediations.map((r) => fromCsafRemediation(r.category)).filter((r): r is Response => r !== undefined)) as Response[];
  return compact({
    vulnerability: common.vulnerability,
    products: mergeProducts(refs),
    state: f.state ?? 'in_triage',
    justification: f.label ? fromCisaJustification(f.label) : undefined,
    cisaJustification: f.label,
    responses,
    detail: f.impacts.length > 0 ? f.impacts.join('\n\n') : undefined,
    actionStatement,
    actionStatementTimestamp: f.remediations.find((r) => r.date !== undefined)?.date,
    workaround: workarounds.length > 0 ? workarounds.join('\n\n') : undefined,
    firstIssued: f.flagDate ?? f.threatDate,
    ratings: f.ratings,
    notes: common.notes,
    history: [],
  });
}

/** Products in first-seen order, with the subcomponents the relationships gave each. */
function mergeProducts(refs: readonly CsafProductRef[]): VexProduct[] {
  const merged = new Map<string, { product: VexComponent; subs: Map<string, VexComponent> }>();
  for (const r of refs) {
    const key = JSON.stringify(r.product);
    const entry = merged.get(key) ?? { product: r.product, subs: new Map<string, VexComponent>() };
    if (r.subcomponent) entry.subs.set(JSON.stringify(r.subcomponent), r.subcomponent);
    merged.set(key, entry);
  }
  return [...merged.values()].map((e) => ({ ...e.product, subcomponents: [...e.subs.values()] }));
}
