import { toCsafVex, toCycloneDxVex, toOpenVex, validateCsaf, type CycloneDxVexWriteVersion, type Vex, type VexFormat, type VexHistoryEntry, type VexLoss, type VexNote, type VexProduct, type VexStatement } from '../../formats/vex/index.js';
import type { AnalysisState, Justification, Response } from '../../formats/vex/model.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { badRequest, Problem } from '../../platform/http/problem.js';
import { commentsOf } from '../triage/service.js';
import { releaseRef } from './plan.js';
import { loadRelease, releaseFindings, type ReleaseFinding } from './store.js';

/**
 * A release's VEX: one statement per open (affected) finding — its analysis, or
 * under investigation when none was made — written as CycloneDX 1.6 (the products are the
 * affected components; 1.5 or 1.4 on request), OpenVEX 0.2.0 or CSAF 2.0 VEX (the product is the release, the
 * component its subcomponent). Each document is validated before it leaves (the CycloneDX and
 * OpenVEX writers check their official schemas; CSAF goes through csaf-validator-lib), and
 * what the format could not carry is listed (`lost`).
 *
 * CISA's minimum elements: document id (`urn:vigil:vex:release:<id>`), author (the
 * organization) and role (vendor), timestamp (the latest change among the statements, so
 * the same content gives the same document), version; per statement the vulnerability, the
 * product, the status, a justification or impact statement for not_affected (the analysis
 * rules guarantee one), and an action statement for affected: the detail, else the responses
 * in words (the writers derive it), else {@link UNDECIDED_ACTION}.
 */

export const VEX_EXPORT_FORMATS = ['cyclonedx', 'openvex', 'csaf'] as const;

/** The action statement of an affected finding that has no response or detail yet. */
export const UNDECIDED_ACTION = 'No remediation has been decided yet; the manufacturer is assessing this vulnerability.';

/** History kinds worth carrying as dated comments (decisions), besides the comments themselves. */
const DECISION_KINDS = new Set(['analysis', 'propagated', 'suppressed', 'unsuppressed', 'vex']);

interface Comment {
  readonly finding_id: string;
  readonly author_label: string;
  readonly body: string;
  readonly created_at: Date;
}

interface DecisionEvent {
  readonly finding_id: string;
  readonly at: Date;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

export interface ExportInput {
  readonly release: { readonly id: string; readonly version: string; readonly productName: string; readonly orgName: string };
  readonly authorUrl: string;
  readonly findings: readonly ReleaseFinding[];
  readonly comments: readonly Comment[];
  readonly events: readonly DecisionEvent[];
}

const iso = (d: Date) => d.toISOString();

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

function describeDecision(e: DecisionEvent): string {
  const after = (e.detail.after ?? {}) as { state?: string; justification?: string | null; responses?: string[] };
  const what = [after.state, after.justification, ...(after.responses ?? [])].filter(Boolean).join(', ');
  const how = e.kind === 'analysis' ? 'Analysis' : e.kind === 'propagated' ? 'Analysis propagated' : e.kind === 'suppressed' ? 'Suppression rule applied' : e.kind === 'unsuppressed' ? 'Suppression rule ended' : 'VEX imported';
  return `${how}: ${what}`;
}

function products(f: ReleaseFinding, input: ExportInput, format: VexFormat): VexProduct[] {
  const component = { ...(f.component_purl ? { purl: f.component_purl } : {}), ...(f.component_cpe ? { cpe: f.component_cpe } : {}), name: f.component_name, ...(f.component_version ? { version: f.component_version } : {}) };
  if (format === 'cyclonedx') return [{ ...component, subcomponents: [] }];
  return [{ ref: releaseRef(input.release.id), name: input.release.productName, version: input.release.version, subcomponents: [component] }];
}

/** The model of the release's VEX for a format (pure). */
export function buildVexModel(input: ExportInput, format: VexFormat): Vex {
  const commentsBy = groupBy(input.comments, (c) => c.finding_id);
  const eventsBy = groupBy(input.events, (e) => e.finding_id);
  let latest = 0;
  const statements = input.findings.map((f): VexStatement => {
    const state = (f.analysis_state ?? 'in_triage') as AnalysisState;
    const updated = f.analysis_updated_at ?? f.first_seen_at;
    latest = Math.max(latest, updated.getTime(), f.first_seen_at.getTime());
    const comments = commentsBy.get(f.id) ?? [];
    const history: VexHistoryEntry[] = [
      ...(eventsBy.get(f.id) ?? []).map((e) => ({ timestamp: iso(e.at), author: ((e.detail.actor as { label?: string } | undefined)?.label ?? 'vigil'), text: describeDecision(e) })),
      ...comments.map((c) => ({ timestamp: iso(c.created_at), author: c.author_label, text: c.body })),
    ].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    const notes: VexNote[] = comments.map((c) => ({ category: 'other', title: `Comment by ${c.author_label} on ${iso(c.created_at)} (${f.component_name})`, text: c.body }));
    const responses = f.analysis_responses as Response[];
    return {
      id: `urn:vigil:finding:${f.id}`,
      vulnerability: { id: f.vuln_id, aliases: f.aliases.map((id) => ({ id })), ...(f.summary ? { description: f.summary } : {}) },
      products: products(f, input, format),
      state,
      ...(f.analysis_justification ? { justification: f.analysis_justification as Justification } : {}),
      responses,
      ...(f.analysis_detail ? { detail: f.analysis_detail } : {}),
      ...(state === 'exploitable' && responses.length === 0 ? { actionStatement: f.analysis_detail ?? UNDECIDED_ACTION } : {}),
      firstIssued: iso(f.first_seen_at),
      lastUpdated: iso(updated),
      ratings: [],
      notes,
      history,
    };
  });
  const timestamp = new Date(latest || Date.UTC(2000, 0, 1)).toISOString();
  return {
    document: {
      id: `urn:vigil:vex:release:${input.release.id}`,
      author: input.release.orgName,
      authorRole: 'vendor',
      authorUrl: input.authorUrl,
      timestamp,
      version: 1,
      tooling: 'Vigil',
      title: `VEX for ${input.release.productName} ${input.release.version}`,
      notes: [],
      revisions: [],
    },
    statements,
  };
}

export interface ExportResult {
  readonly format: VexFormat;
  readonly document: Record<string, unknown>;
  readonly lost: readonly VexLoss[];
  readonly fileName: string;
}

/** Writes and validates the release's VEX; a document the format cannot hold validly is a 422 naming why. */
export async function exportVex(db: Db, ctx: OrgContext, releaseId: string, format: VexFormat, publicUrl: string | undefined, specVersion?: CycloneDxVexWriteVersion): Promise<ExportResult> {
  authorize(ctx, 'intel.read');
  if (specVersion !== undefined && format !== 'cyclonedx') throw badRequest('specVersion applies to CycloneDX only.', [{ pointer: '/querystring/specVersion', message: `not for format ${format}` }]);
  const release = await loadRelease(db, ctx, releaseId);
  const findings = await releaseFindings(db, ctx.orgId, releaseId, true);
  const ids = findings.map((f) => f.id);
  const comments = await commentsOf(db, ctx.orgId, ids);
  const events = ids.length === 0 ? [] : await db.selectFrom('finding_events').select(['finding_id', 'at', 'kind', 'detail']).where('org_id', '=', ctx.orgId).where('finding_id', 'in', ids).where('kind', 'in', [...DECISION_KINDS] as never[]).orderBy('at').orderBy('id').execute();
  // CSAF needs a publisher namespace URL the author controls: the server's public address, else a URN naming the organization.
  const authorUrl = publicUrl ?? `urn:vigil:org:${release.org_slug}`;
  const vex = buildVexModel({ release: { id: release.id, version: release.version, productName: release.product_name, orgName: release.org_name }, authorUrl, findings, comments, events: events as DecisionEvent[] }, format);
  const written = format === 'cyclonedx' ? toCycloneDxVex(vex, specVersion ? { specVersion } : {}) : format === 'openvex' ? toOpenVex(vex) : toCsafVex(vex);
  const invalid = written.document && format === 'csaf' ? (await validateCsaf(written.document)).filter((i) => i.severity === 'error') : [];
  const issues = [...written.issues, ...invalid];
  if (!written.document || issues.length > 0) {
    throw new Problem(422, 'vex-not-writable', `The release's VEX cannot be written as valid ${format}: ${issues[0]?.message ?? 'refused'}`, {
      errors: issues.slice(0, 100).map((i) => ({ pointer: i.location ?? '/', message: `${i.code}: ${i.message}` })),
    });
  }
  const safe = `${release.product_name}-${release.version}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  // An older CycloneDX version says so in the name, so the downloads of one release do not overwrite each other.
  const ext = format === 'cyclonedx' ? (specVersion && specVersion !== '1.6' ? `cdx-${specVersion}.json` : 'cdx.json') : format === 'openvex' ? 'openvex.json' : 'csaf.json';
  return { format, document: written.document, lost: written.lost, fileName: `vex-${safe}.${ext}` };
}
