import { cvssSeverity, scoreCvssString } from '../../core/cvss/index.js';
import { effectiveTime, productKey } from './checks.js';
import { ProductTreeWriter } from './csaf-products.js';
import { compact, type Json } from './json.js';
import type { Vex, VexProduct, VexRating, VexStatement, VexWriteResult } from './model.js';
import {
  cisaJustificationOf,
  CSAF_PUBLISHER_CATEGORIES,
  FALSE_POSITIVE_MEANING,
  isOneOf,
  justificationToCisaLoss,
  RESPONSE_WORDING,
  stateLoss,
  toCsafRemediation,
  toCsafStatus,
  type CsafRemediationCategory,
  type CsafVexStatus,
} from './vocabulary.js';
import { at, modelErrors, WriteLog } from './write-support.js';

export interface CsafWriteOptions {
  /** `publisher.namespace` when the model has no author URL: CSAF requires one. */
  readonly publisherNamespace?: string;
}

const CVE = /^CVE-[0-9]{4}-[0-9]{4,}$/u;

/**
 * Writes the model as a CSAF 2.0 document of the VEX profile (`csaf_vex`). The result is a
 * JSON value; validate it with {@link validateCsaf} (tests do, with the schema and every
 * mandatory test).
 *
 * - Statements are grouped by vulnerability id: CSAF has one `vulnerabilities[]` item per
 *   vulnerability (mandatory test 6.1.23 forbids the same CVE twice). Within it, each product
 *   keeps one status (6.1.6): when two statements name the same product the later one
 *   (by timestamp) is written and the other listed in `lost`.
 * - Justification → a flag with the CISA label, dated with the statement's first-issued time.
 * - Detail (else impact statement, else status notes) → a threat of category `impact`, the
 *   CSAF place for "an assessment of the impact … or a description why it cannot be
 *   exploited". A false positive with neither text nor justification gets the CycloneDX
 *   definition of false_positive, since known_not_affected needs a flag or impact (6.1.27.9).
 * - Responses → remediations (update/rollback → vendor_fix — rollback is listed in `lost`, it reads back as update —, workaround_available →
 *   workaround, will_not_fix → no_fix_planned, can_not_fix → none_available), each with the
 *   action statement as details (the workaround text for workarounds; the response's own
 *   wording when there is no text); an action statement without any response is a
 *   `mitigation`. known_affected without any is refused (6.1.27.10 needs a remediation).
 * - Ratings → `scores` (CVSS v2/v3 whose score is the vector's base score).
 */
export function toCsafVex(vex: Vex, options: CsafWriteOptions = {}): VexWriteResult {
  const log = new WriteLog();
  for (const e of modelErrors(vex)) log.refuse(e.location ?? '/', e.code, e.message);
  const d = vex.document;
  const namespace = d.authorUrl ?? options.publisherNamespace;
  if (d.id === undefined) log.refuse('/document/id', 'missing-id', 'CSAF requires tracking.id');
  if (d.author === undefined) log.refuse('/document/author', 'missing-author', 'CSAF requires publisher.name');
  if (namespace === undefined) log.refuse('/document/authorUrl', 'missing-publisher-namespace', 'CSAF requires publisher.namespace: the model has no author URL and no publisherNamespace option was given');
  if (d.timestamp === undefined) log.refuse('/document/timestamp', 'missing-timestamp', 'CSAF requires initial_release_date');
  if (vex.statements.length === 0) log.refuse('/statements', 'no-statements', 'the VEX profile requires vulnerabilities');
  const category = isOneOf(CSAF_PUBLISHER_CATEGORIES, d.authorRole) ? d.authorRole : 'other';
  if (d.authorRole !== undefined && category !== d.authorRole) log.lose('/document/authorRole', `author role "${d.authorRole}" is not a CSAF publisher category; written as other`);
  const revisions = revisionHistory(vex, log);
  const tree = new ProductTreeWriter(log);
  const vulnerabilities = groupByVulnerability(vex, log).map((group) => writeVulnerability(group, tree, log));
  if (log.refused) return { lost: log.lost, issues: log.issues };
  const document = {
    document: compact({
      category: 'csaf_vex',
      csaf_version: '2.0',
      distribution: d.tlp !== undefined ? { tlp: { label: d.tlp } } : undefined,
      notes: d.notes.length > 0 ? d.notes.map((n) => compact({ category: n.category ?? 'general', title: n.title, text: n.text })) : undefined,
      publisher: { category, name: d.author, namespace },
      title: d.title ?? `VEX ${d.id ?? ''}`.trim(),
      tracking: compact({
        current_release_date: d.lastUpdated ?? d.timestamp,
        generator: d.tooling !== undefined ? { engine: { name: d.tooling } } : undefined,
        id: d.id,
        initial_release_date: d.timestamp,
        revision_history: revisions,
        status: d.status ?? 'final',
        version: d.versionLabel ?? String(d.version),
      }),
    }),
    product_tree: tree.tree(),
    vulnerabilities,
  };
  if (d.title === undefined) log.lose('/document/title', 'CSAF requires a title; written as "VEX <document id>"');
  return { document, lost: log.lost, issues: [] };
}

/** The model's CSAF revision history, else the one entry a first version needs (6.1.21 wants every version listed). */
function revisionHistory(vex: Vex, log: WriteLog): Json[] {
  const d = vex.document;
  if (d.revisions.length > 0) return d.revisions.map((r) => ({ date: r.date, number: r.number, summary: r.summary }));
  if (d.version === 1 && d.versionLabel === undefined) return [{ date: d.lastUpdated ?? d.timestamp, number: '1', summary: 'Initial version.' }];
  log.refuse('/document/revisions', 'missing-revision-history', `CSAF needs a revision history entry for every version up to ${d.versionLabel ?? d.version} (mandatory test 6.1.21); the model records none`);
  return [];
}

interface Claim {
  readonly statement: VexStatement;
  readonly index: number;
  readonly products: readonly VexProduct[];
}

/** Statements by vulnerability id, each product claimed by one statement only (the latest). */
function groupByVulnerability(vex: Vex, log: WriteLog): Claim[][] {
  const groups = new Map<string, VexStatement[]>();
  const indexOf = new Map<VexStatement, number>();
  vex.statements.forEach((s, i) => {
    indexOf.set(s, i);
    if (s.products.length === 0) log.refuse(at(i, 'products'), 'no-product', `${s.vulnerability.id}: a CSAF product status needs products`);
    groups.set(s.vulnerability.id, [...(groups.get(s.vulnerability.id) ?? []), s]);
  });
  return [...groups.values()].map((statements) => {
    const owner = new Map<string, VexStatement>();
    for (const s of statements) {
      for (const p of s.products) {
        const key = productKey(p) ?? JSON.stringify(p);
        const earlier = owner.get(key);
        const t = (x: VexStatement): number => Date.parse(effectiveTime(x, vex.document.timestamp) ?? '') || 0;
        if (!earlier || t(s) >= t(earlier)) owner.set(key, s);
      }
    }
    return statements.map((s) => {
      const i = indexOf.get(s) ?? 0;
      const products = s.products.filter((p, j) => {
        const kept = owner.get(productKey(p) ?? JSON.stringify(p)) === s;
        if (!kept) log.lose(at(i, 'products', j), 'a later statement about the same vulnerability names this product; a CSAF product has one status and one flag per vulnerability (6.1.6, 6.1.33)');
        return kept;
      });
      return { statement: s, index: i, products };
    });
  });
}

function writeVulnerability(claims: readonly Claim[], tree: ProductTreeWriter, log: WriteLog): Json {
  const status: Partial<Record<CsafVexStatus, string[]>> = {};
  const flags: Json[] = [];
  const threats: Json[] = [];
  const remediations: Json[] = [];
  const scores: Json[] = [];
  const first = claims[0]?.statement;
  for (const { statement: s, index: i, products } of claims) {
    if (products.length === 0) continue;
    const ids = productIds(products, i, tree);
    const list = toCsafStatus(s.state);
    status[list] = [...new Set([...(status[list] ?? []), ...ids])];
    const stateLost = stateLoss(s.state);
    if (stateLost) log.lose(at(i, 'state'), stateLost);
    const label = list === 'known_not_affected' ? cisaJustificationOf(s) : undefined;
    if (label !== undefined) flags.push(compact({ date: s.firstIssued, label, product_ids: ids }));
    if (label !== undefined && s.justification !== undefined && s.cisaJustification === undefined) {
      const narrowed = justificationToCisaLoss(s.justification);
      if (narrowed) log.lose(at(i, 'justification'), narrowed);
    }
    const texts = [s.detail, s.impactStatement, s.statusNotes];
    let impact = texts.find((t) => t !== undefined);
    (['detail', 'impactStatement', 'statusNotes'] as const).forEach((k) => {
      const t = s[k];
      if (t !== undefined && t !== impact) log.lose(at(i, k), `CSAF has one product-specific text (the impact threat), taken by another text; the ${k} has no place`);
    });
    if (impact === undefined && list === 'known_not_affected' && label === undefined) impact = FALSE_POSITIVE_MEANING;
    if (impact !== undefined) threats.push(compact({ category: 'impact', date: s.firstIssued, details: impact, product_ids: ids }));
    else if (label === undefined) log.loseIf(s.firstIssued, at(i, 'firstIssued'), 'the statement has no flag or impact threat to carry its date');
    log.loseIf(s.lastUpdated, at(i, 'lastUpdated'), 'CSAF flags and threats carry one date (the first-issued time)');
    const rs = writeRemediations(s, ids);
    if (rs.length === 0 && list === 'known_affected') {
      log.refuse(at(i), 'missing-action-statement', `${s.vulnerability.id}: known_affected needs a remediation (CSAF 6.1.27.10) and the model has no action statement, workaround or response`);
    }
    remediations.push(...rs);
    // CSAF has one category for both: rollback reads back as update (docs/formats/vex.md).
    if (s.responses.includes('rollback')) log.lose(at(i, 'responses'), 'response rollback is written as the CSAF remediation vendor_fix, which reads back as update');
    scores.push(...writeScores(s.ratings, ids, i, log));
    log.loseIf(s.history, at(i, 'history'), 'CSAF has no statement history');
    log.loseIf(s.id, at(i, 'id'), 'CSAF vulnerabilities have no statement id');
  }
  const v = first?.vulnerability ?? { id: '', aliases: [] };
  claims.slice(1).forEach(({ statement: s, index: i }) => {
    if (s.vulnerability.description !== undefined && s.vulnerability.description !== v.description) log.lose(at(i, 'vulnerability', 'description'), 'CSAF has one description per vulnerability; the first statement\'s is written');
  });
  const aliases = uniqueBy(claims.flatMap((c) => c.statement.vulnerability.aliases), (a) => a.id);
  const isCve = CVE.test(v.id);
  const ids = [...(isCve ? [] : [{ id: v.id, system: undefined }]), ...aliases].map((a) => ({ system_name: a.system ?? systemOf(a.id), text: a.id }));
  const notes = uniqueBy(
    [...(v.description !== undefined ? [{ category: 'description', title: 'Vulnerability description', text: v.description }] : []), ...claims.flatMap((c) => c.statement.notes)],
    (n) => JSON.stringify(n),
  ).map((n) => compact({ category: n.category ?? 'general', title: n.title, text: n.text }));
  // The VEX profile requires vulnerability notes (6.1.27.5); without a description or notes the
  // statuses themselves, in words, are the note. It reads back as a statement note.
  if (notes.length === 0) notes.push({ category: 'summary', title: 'VEX status', text: statusSummary(claims) });
  if (first?.vulnerability.sourceName !== undefined) log.lose(at(claims[0]?.index ?? 0, 'vulnerability', 'sourceName'), 'CSAF has no vulnerability source name');
  return compact({
    cve: isCve ? v.id : undefined,
    flags: flags.length > 0 ? flags : undefined,
    ids: ids.length > 0 ? uniqueBy(ids, (x) => JSON.stringify(x)) : undefined,
    notes: notes.length > 0 ? notes : undefined,
    product_status: status,
    references: v.url !== undefined ? [{ category: 'external', summary: v.id, url: v.url }] : undefined,
    remediations: remediations.length > 0 ? remediations : undefined,
    scores: scores.length > 0 ? scores : undefined,
    threats: threats.length > 0 ? threats : undefined,
  });
}

const STATUS_WORDS: Readonly<Record<CsafVexStatus, string>> = {
  known_affected: 'affected',
  known_not_affected: 'not affected',
  fixed: 'fixed',
  under_investigation: 'under investigation',
};

function statusSummary(claims: readonly Claim[]): string {
  return claims
    .filter((c) => c.products.length > 0)
    .map((c) => `${c.statement.vulnerability.id} is ${STATUS_WORDS[toCsafStatus(c.statement.state)]} in ${c.products.map(productLabel).join(', ')}.`)
    .join(' ');
}

function productLabel(p: VexProduct): string {
  const id = p.name ?? p.purl ?? p.cpe ?? p.ref ?? 'an unnamed product';
  return p.version !== undefined ? `${id} ${p.version}` : p.range !== undefined ? `${id} ${p.range}` : id;
}

function uniqueBy<T>(items: readonly T[], key: (x: T) => string): T[] {
  return [...new Map(items.map((x) => [key(x), x])).values()];
}

/** The system an alias comes from, read off its prefix (`GHSA-…` → GHSA), for CSAF's required `system_name`. */
function systemOf(id: string): string {
  return /^([A-Za-z][A-Za-z0-9]*)[-:]/u.exec(id)?.[1] ?? 'other';
}

/** Product ids of the statement's status entries: the product itself, or "subcomponent as a component of product". */
function productIds(products: readonly VexProduct[], i: number, tree: ProductTreeWriter): string[] {
  const ids: string[] = [];
  products.forEach((p, j) => {
    const where = at(i, 'products', j);
    const productId = tree.productId(p, where);
    if (p.subcomponents.length === 0) {
      ids.push(productId);
      return;
    }
    p.subcomponents.forEach((c, k) => {
      const subId = tree.productId(c, `${where}/subcomponents/${k}`);
      ids.push(tree.componentOf(productId, subId, { product: p.name ?? p.purl ?? productId, subcomponent: c.name ?? c.purl ?? subId }));
    });
  });
  return [...new Set(ids)];
}

function writeRemediations(s: VexStatement, ids: readonly string[]): Json[] {
  const byCategory = new Map<CsafRemediationCategory, string>();
  for (const r of s.responses) {
    const category = toCsafRemediation(r);
    const details = category === 'workaround' ? (s.workaround ?? s.actionStatement ?? RESPONSE_WORDING[r]) : (s.actionStatement ?? RESPONSE_WORDING[r]);
    if (!byCategory.has(category)) byCategory.set(category, details);
  }
  if (s.workaround !== undefined && !byCategory.has('workaround')) byCategory.set('workaround', s.workaround);
  if (s.actionStatement !== undefined && ![...byCategory.keys()].some((c) => c !== 'workaround')) byCategory.set('mitigation', s.actionStatement);
  return [...byCategory].map(([category, details]) => compact({ category, date: s.actionStatementTimestamp, details, product_ids: [...ids] }));
}

const CVSS_VERSION: Readonly<Record<string, '2.0' | '3.0' | '3.1'>> = { CVSSv2: '2.0', CVSSv3: '3.0', CVSSv31: '3.1' };

/** Ratings CSAF can carry: CVSS v2/v3 with a vector whose base score is the rating's score. */
function writeScores(ratings: readonly VexRating[], ids: readonly string[], i: number, log: WriteLog): Json[] {
  const scores: Json[] = [];
  const versionsWritten = new Set<string>();
  ratings.forEach((r, k) => {
    const where = at(i, 'ratings', k);
    const version = r.method !== undefined ? CVSS_VERSION[r.method] : undefined;
    if (version === undefined || r.vector === undefined || r.score === undefined) {
      log.lose(where, `CSAF 2.0 scores hold CVSS v2/v3 with a vector and score; this ${r.method ?? 'untyped'} rating has no place`);
      return;
    }
    const vectorString = version === '2.0' || r.vector.startsWith('CVSS:') ? r.vector : `CVSS:${version}/${r.vector}`;
    const scored = scoreCvssString(vectorString);
    if (!scored.ok || scored.value.version !== version || scored.value.base !== r.score) {
      log.lose(where, `score ${r.score} is not the base score of ${vectorString} (e.g. an environmental score); CSAF's baseScore must be`);
      return;
    }
    if (versionsWritten.has(version)) {
      log.lose(where, `another CVSS ${version} score is already written for these products; CSAF allows one per version and product (6.1.7)`);
      return;
    }
    versionsWritten.add(version);
    log.loseIf(r.sourceName ?? r.sourceUrl, where, 'CSAF scores have no rating source');
    const cvss =
      version === '2.0'
        ? { version, vectorString, baseScore: r.score }
        : { version, vectorString, baseScore: r.score, baseSeverity: cvssSeverity(r.score, version).toUpperCase() };
    scores.push({ [version === '2.0' ? 'cvss_v2' : 'cvss_v3']: cvss, products: [...ids] });
  });
  return scores;
}
