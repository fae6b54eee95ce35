import { defaultSchemeForVersType, intersectIntervals, intervalIsEmpty, parseVers, versContains, versToIntervals, type VersRange } from '../../core/ranges/index.js';
import type { VexComponent, VexDocument, VexIssue, VexStatement } from './model.js';

/**
 * Checks every reader applies to the statements it read, in model terms, so the three formats
 * refuse the same things:
 *
 * - `missing-justification` (error): a `not_affected` statement with no justification and no
 *   impact text. CISA "Minimum Requirements for VEX": a not_affected statement MUST carry a
 *   justification or an impact statement (OpenVEX's schema and CSAF's mandatory test 6.1.27.9
 *   say the same; for CycloneDX the impact text is `analysis.detail`).
 * - `justification-without-not-affected` (error): a not-affected justification on a statement
 *   whose status is not "not affected". Every justification of the three vocabularies explains
 *   why a product is *not* affected (CSAF: "The given values reflect the VEX not affected
 *   justifications"), so pairing one with affected/fixed/under investigation contradicts itself.
 *   `false_positive` may carry one (it is a not-affected state in CISA terms).
 * - `contradictory-statements` (error): the same vulnerability — by id or by an alias the
 *   document's statements give — and product (identity; equal version or range, a version
 *   inside a vers range, or intersecting vers ranges) with two different statuses at the same time. Statements with different times
 *   are a sequence, not a contradiction — OpenVEX 0.2.0 ("VEX is designed to be a sequence of
 *   statements, each overriding … the previous ones") shows one document holding an
 *   under_investigation and a later fixed statement for the same product — and get a
 *   `superseded-statement` warning instead.
 * - `cisa-minimum` (warning): a CISA minimum element the format lets a document omit (affected
 *   without any action statement or response, statement without any timestamp).
 * - `no-product` (warning): a statement naming no product (it can match nothing).
 */

/** A statement and the JSON pointer of the element it was read from. */
export interface Located {
  readonly statement: VexStatement;
  readonly location: string;
}

export function checkStatements(entries: readonly Located[], documentTimestamp: string | undefined): VexIssue[] {
  const issues: VexIssue[] = [];
  for (const { statement: s, location } of entries) issues.push(...pairIssues(s, location, documentTimestamp));
  issues.push(...contradictions(entries, documentTimestamp));
  return issues;
}

function pairIssues(s: VexStatement, location: string, documentTimestamp: string | undefined): VexIssue[] {
  const issues: VexIssue[] = [];
  const vuln = s.vulnerability.id;
  const hasJustification = s.justification !== undefined || s.cisaJustification !== undefined;
  if (s.state === 'not_affected' && !hasJustification && s.impactStatement === undefined && s.detail === undefined) {
    issues.push({ severity: 'error', code: 'missing-justification', location, message: `${vuln}: a not_affected statement needs a justification or an impact statement (CISA minimum requirements)` });
  }
  if (hasJustification && s.state !== 'not_affected' && s.state !== 'false_positive') {
    const label = s.cisaJustification ?? s.justification;
    issues.push({ severity: 'error', code: 'justification-without-not-affected', location, message: `${vuln}: justification ${String(label)} explains why a product is not affected, but the status is ${s.state}` });
  }
  if (s.state === 'exploitable' && s.actionStatement === undefined && s.responses.length === 0 && s.workaround === undefined) {
    issues.push({ severity: 'warning', code: 'cisa-minimum', location, message: `${vuln}: an affected statement should carry an action statement (CISA minimum requirements); it has no action statement, response or workaround` });
  }
  if (s.firstIssued === undefined && s.lastUpdated === undefined && documentTimestamp === undefined) {
    issues.push({ severity: 'warning', code: 'cisa-minimum', location, message: `${vuln}: neither the statement nor the document has a timestamp (CISA minimum requirements)` });
  }
  if (s.products.length === 0) {
    issues.push({ severity: 'warning', code: 'no-product', location, message: `${vuln}: the statement names no product` });
  }
  return issues;
}

/** The identity a contradiction is judged on: the best identifier, plus version or range. */
export function productKey(p: VexComponent): string | undefined {
  const id = p.purl ?? p.cpe ?? p.ref ?? p.name;
  return id === undefined ? undefined : `${id}\u0000${p.version ?? ''}\u0000${p.range ?? ''}`;
}

export function describeProduct(p: VexComponent): string {
  const id = p.purl ?? p.cpe ?? p.ref ?? p.name ?? '(unnamed product)';
  return p.version !== undefined ? `${id} version ${p.version}` : p.range !== undefined ? `${id} ${p.range}` : id;
}

/** When a statement was true: its own time, else the document's. */
export function effectiveTime(s: VexStatement, documentTimestamp: string | undefined): string | undefined {
  return s.lastUpdated ?? s.firstIssued ?? documentTimestamp;
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? a === b : ta === tb;
}

/** The later of two timestamps (a missing one counts as earliest). */
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * Alias groups of the document: ids that the statements themselves say name one vulnerability
 * (a statement's id and its aliases), so `CVE-2021-44228` and `GHSA-jfh8-c2jp-5v3q` are judged
 * together when either statement lists the other id. Returns each id's group representative.
 */
export function aliasGroups(statements: readonly VexStatement[]): (id: string) => string {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const s of statements) {
    const a = find(s.vulnerability.id);
    for (const alias of s.vulnerability.aliases) {
      const b = find(alias.id);
      if (a !== b) parent.set(b, a);
    }
  }
  return find;
}

/** A product's identity without version or range (what overlapping versions are compared under). */
function baseIdentity(p: VexComponent): string | undefined {
  return p.purl ?? p.cpe ?? p.ref ?? p.name;
}

const schemeOf = (range: VersRange) => defaultSchemeForVersType(range.type);

/**
 * Whether two descriptions of one product (same identity) name a common version: equal
 * version and range, a version inside the other's vers range, or two vers ranges of one type
 * whose intervals intersect. A range whose type has no known version order cannot be judged
 * and is taken as not overlapping (only equal spellings then compare).
 */
export function productsOverlap(a: VexComponent, b: VexComponent): boolean {
  if (productKey(a) === productKey(b)) return true;
  if (a.range !== undefined && b.range !== undefined) {
    const ra = parseVers(a.range);
    const rb = parseVers(b.range);
    if (!ra.ok || !rb.ok || ra.value.type !== rb.value.type) return false;
    const scheme = schemeOf(ra.value);
    if (!scheme) return false;
    const ia = versToIntervals(ra.value, scheme);
    const ib = versToIntervals(rb.value, scheme);
    if (!ia.ok || !ib.ok) return false;
    return ia.value.some((x) => ib.value.some((y) => !intervalIsEmpty(scheme, intersectIntervals(scheme, x, y))));
  }
  const [ranged, versioned] = a.range !== undefined ? [a, b] : [b, a];
  if (ranged.range === undefined || versioned.version === undefined) return false;
  const range = parseVers(ranged.range);
  if (!range.ok) return false;
  const inside = versContains(range.value, versioned.version);
  return inside.ok && inside.value;
}

interface Seen {
  readonly entry: Located;
  readonly product: VexComponent;
}

function contradictions(entries: readonly Located[], documentTimestamp: string | undefined): VexIssue[] {
  const issues: VexIssue[] = [];
  const group = aliasGroups(entries.map((e) => e.statement));
  // Every earlier product per vulnerability group × product identity: a new one is judged
  // against each, so a sequence A (t1), B (t2), C (t1) still finds that A and C contradict.
  const seen = new Map<string, Seen[]>();
  for (const entry of entries) {
    const s = entry.statement;
    const t2 = effectiveTime(s, documentTimestamp);
    for (const p of s.products) {
      const base = baseIdentity(p);
      if (base === undefined) continue;
      const bucket = `${group(s.vulnerability.id)}\u0000${base}`;
      const earlier = seen.get(bucket) ?? [];
      const differing = earlier.filter((e) => e.entry.statement !== s && e.entry.statement.state !== s.state && productsOverlap(e.product, p));
      const clash = differing.find((e) => sameInstant(effectiveTime(e.entry.statement, documentTimestamp), t2));
      const what = (e: Seen): string => {
        const other = e.entry.statement.vulnerability.id;
        const alias = other === s.vulnerability.id ? '' : ` (as ${other}, an alias)`;
        const overlap = productKey(e.product) === productKey(p) ? '' : ` (overlapping ${describeProduct(e.product)})`;
        return `${s.vulnerability.id} for ${describeProduct(p)} is ${s.state} here but ${e.entry.statement.state} at ${e.entry.location}${alias}${overlap}`;
      };
      if (clash) {
        issues.push({ severity: 'error', code: 'contradictory-statements', location: entry.location, message: `${what(clash)}, with the same timestamp (${t2 ?? 'none'})` });
      } else {
        const last = differing.at(-1);
        if (last) {
          const t1 = effectiveTime(last.entry.statement, documentTimestamp);
          issues.push({ severity: 'warning', code: 'superseded-statement', location: entry.location, message: `${what(last)}; the later statement (${later(t1, t2) ?? ''}) overrides the earlier one` });
        }
      }
      earlier.push({ entry, product: p });
      seen.set(bucket, earlier);
    }
  }
  return issues;
}

/** CISA minimum document elements the format allowed the document to omit. */
export function checkDocument(doc: VexDocument, location = '/'): VexIssue[] {
  const missing: string[] = [];
  if (doc.id === undefined) missing.push('document id');
  if (doc.author === undefined) missing.push('author');
  if (doc.authorRole === undefined) missing.push('author role');
  if (doc.timestamp === undefined) missing.push('timestamp');
  return missing.length === 0
    ? []
    : [{ severity: 'warning', code: 'cisa-minimum', location, message: `missing CISA minimum document elements: ${missing.join(', ')}` }];
}
