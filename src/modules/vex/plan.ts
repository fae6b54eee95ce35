import { describeProduct, effectiveTime } from '../../formats/vex/checks.js';
import type { Response, VexComponent, VexProduct, VexStatement } from '../../formats/vex/model.js';
import { fromCisaJustification, RESPONSE_WORDING } from '../../formats/vex/vocabulary.js';
import { parseVers, versContains } from '../../core/ranges/index.js';
import { checkAnalysis, type Analysis } from '../triage/analysis.js';
import { purlWithoutVersion } from '../triage/suppression.js';

/**
 * Which findings of a release each VEX statement is about, and what it decides — pure, so
 * the importer can refuse a document whole before writing anything.
 *
 * A statement's product is either the release itself ({@link isRelease}), narrowed to its
 * subcomponents when it lists any; or a component
 * (CycloneDX VEX names the affected components themselves). Components match a finding by
 * package URL (without qualifiers; with the statement's version, range or the purl's own
 * version when given), else CPE, else name and version. The vulnerability matches by the
 * statement's id or aliases against the finding's id and every alias its records give.
 *
 * Errors (nothing is applied): a product that is neither the release nor any component of
 * its SBOM or findings (`unknown-product`); a decision the finding cannot hold
 * (`invalid-analysis`); two statements deciding one finding differently at the same time
 * (`contradictory-statements`, also across aliases the intelligence knows). A statement
 * matching no finding is reported (`unmatched`), not an error.
 */

export interface PlanRelease {
  readonly id: string;
  readonly productName: string;
  readonly version: string;
}

export interface PlanComponent {
  readonly purl: string | null;
  readonly cpe: string | null;
  readonly name: string;
  readonly version: string | null;
}

export interface PlanFinding extends PlanComponent {
  readonly id: string;
  /** The finding's vulnerability id and every alias its records give. */
  readonly vulnIds: readonly string[];
}

export interface StatementReport {
  readonly index: number;
  readonly vulnerability: string;
  readonly state: string;
  readonly outcome: 'matched' | 'unmatched' | 'error';
  readonly findingIds: readonly string[];
  readonly messages: readonly string[];
}

export interface PlanIssue {
  readonly code: string;
  readonly statement: number;
  readonly message: string;
}

export interface ImportPlan {
  readonly statements: readonly StatementReport[];
  readonly errors: readonly PlanIssue[];
  readonly warnings: readonly PlanIssue[];
  /** The decision per finding (the last statement in time wins a sequence). */
  readonly changes: ReadonlyMap<string, { readonly analysis: Analysis; readonly statement: number }>;
}

export const releaseRef = (releaseId: string) => `urn:vigil:release:${releaseId}`;

/**
 * Whether a statement's product is the release: its ref is the release's URN; or it is named
 * like the product; or it lists subcomponents (a product containing the components) — in
 * the last two cases with the release's version or none (a purl's version counts).
 */
function isRelease(p: VexProduct, release: PlanRelease): boolean {
  if (p.ref === releaseRef(release.id)) return true;
  const version = p.version ?? (p.purl ? purlWithoutVersion(p.purl).version : null) ?? undefined;
  if (version !== undefined && version !== release.version) return false;
  const named = p.name !== undefined && p.name.toLowerCase() === release.productName.toLowerCase() && !p.purl && !p.cpe;
  return named || p.subcomponents.length > 0;
}

function versionMatches(c: VexComponent, version: string | null, purlVersion: string | null): boolean {
  const wanted = c.version ?? purlVersion ?? undefined;
  if (wanted !== undefined) return version === wanted;
  if (c.range !== undefined) {
    const range = parseVers(c.range);
    if (!range.ok || version === null) return false;
    const inside = versContains(range.value, version);
    return inside.ok && inside.value;
  }
  return true;
}

/** Whether a statement's component names this component (see the module comment). */
export function componentMatches(c: VexComponent, x: PlanComponent): boolean {
  if (c.purl) {
    if (!x.purl) return false;
    const want = purlWithoutVersion(c.purl);
    return want.key === purlWithoutVersion(x.purl).key && versionMatches(c, x.version, want.version);
  }
  if (c.cpe) return x.cpe !== null && x.cpe.toLowerCase() === c.cpe.toLowerCase();
  if (c.name) return x.name.toLowerCase() === c.name.toLowerCase() && versionMatches(c, x.version, null);
  return false;
}

/**
 * Responses spelled out as an action statement in the CycloneDX schema's words, joined by
 * "; " — what Vigil's OpenVEX export writes for an affected finding, since OpenVEX has no
 * response field — read back as the responses; any other text gives none.
 */
export function responsesFromAction(action: string | undefined): Response[] {
  if (action === undefined) return [];
  const byWording = new Map(Object.entries(RESPONSE_WORDING).map(([r, w]) => [w, r as Response]));
  const parts = action.split('; ').map((p) => byWording.get(p));
  return parts.every((r): r is Response => r !== undefined) ? [...new Set(parts)] : [];
}

/** The analysis a statement gives a finding; a not-affected justification only where the finding can hold one. */
export function statementAnalysis(s: VexStatement): { analysis: Analysis; dropped?: string } {
  const justification = s.justification ?? (s.cisaJustification ? fromCisaJustification(s.cisaJustification) : undefined);
  const derived = s.responses.length === 0 ? responsesFromAction(s.actionStatement) : [];
  const action = derived.length > 0 ? undefined : s.actionStatement;
  const detail = s.detail ?? s.impactStatement ?? s.statusNotes ?? action ?? null;
  const keep = s.state === 'not_affected';
  return {
    analysis: { state: s.state, justification: keep ? (justification ?? null) : null, responses: derived.length > 0 ? derived : [...new Set(s.responses)], detail },
    ...(justification !== undefined && !keep ? { dropped: `justification ${s.cisaJustification ?? justification} is not kept with state ${s.state} (a finding holds a justification only with not_affected)` } : {}),
  };
}

export function planImport(statements: readonly VexStatement[], release: PlanRelease, findings: readonly PlanFinding[], components: readonly PlanComponent[], documentTimestamp?: string): ImportPlan {
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const reports: StatementReport[] = [];
  const decided = new Map<string, { analysis: Analysis; statement: number; time: string | undefined }>();

  statements.forEach((s, index) => {
    const ids = new Set([s.vulnerability.id, ...s.vulnerability.aliases.map((a) => a.id)]);
    const messages: string[] = [];
    const fail = (code: string, message: string) => {
      errors.push({ code, statement: index, message });
      messages.push(message);
    };
    const { analysis, dropped } = statementAnalysis(s);
    if (dropped) {
      warnings.push({ code: 'justification-dropped', statement: index, message: dropped });
      messages.push(dropped);
    }
    for (const e of checkAnalysis(analysis, '')) fail('invalid-analysis', `${s.vulnerability.id}: ${e.message}`);

    const matched = new Set<string>();
    for (const p of s.products) {
      const targets: (VexComponent | 'all')[] = isRelease(p, release) ? (p.subcomponents.length > 0 ? [...p.subcomponents] : ['all']) : [p];
      for (const c of targets) {
        if (c !== 'all' && !components.some((x) => componentMatches(c, x)) && !findings.some((x) => componentMatches(c, x))) {
          fail('unknown-product', `${describeProduct(c)} is neither ${release.productName} ${release.version} nor a component of it`);
          continue;
        }
        for (const f of findings) if (f.vulnIds.some((v) => ids.has(v)) && (c === 'all' || componentMatches(c, f))) matched.add(f.id);
      }
    }

    const time = effectiveTime(s, documentTimestamp);
    for (const id of matched) {
      const before = decided.get(id);
      if (before && before.analysis.state !== analysis.state) {
        const same = before.time === time || (before.time !== undefined && time !== undefined && Date.parse(before.time) === Date.parse(time));
        if (same) {
          fail('contradictory-statements', `${s.vulnerability.id} is ${analysis.state} here but ${before.analysis.state} in statement ${before.statement} for the same finding, at the same time (${time ?? 'no timestamp'})`);
          continue;
        }
        if (before.time !== undefined && time !== undefined && Date.parse(before.time) > Date.parse(time)) continue; // the earlier statement is overridden by the later one already kept
      }
      decided.set(id, { analysis, statement: index, time });
    }
    const outcome = messages.length > 0 && errors.some((e) => e.statement === index) ? 'error' : matched.size === 0 ? 'unmatched' : 'matched';
    if (outcome === 'unmatched') messages.push(`${s.vulnerability.id}: no finding of ${release.productName} ${release.version} matches this statement`);
    reports.push({ index, vulnerability: s.vulnerability.id, state: s.state, outcome, findingIds: [...matched], messages });
  });

  return { statements: reports, errors, warnings, changes: new Map([...decided].map(([id, d]) => [id, { analysis: d.analysis, statement: d.statement }])) };
}
