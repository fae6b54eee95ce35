import { parseCsafVex, parseCycloneDxVex, parseOpenVex, type VexFormat, type VexIssue, type VexParseResult } from '../../formats/vex/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { analysisJson, type Analysis } from '../triage/analysis.js';
import { writeAnalysis } from '../triage/store.js';
import { planImport, type StatementReport } from './plan.js';
import { currentComponents, loadRelease, releaseFindings } from './store.js';

/** The largest VEX document accepted (Red Hat's CSAF files with hundreds of products are a few MB). */
export const MAX_VEX_BYTES = 16 * 1024 * 1024;

/**
 * The format of a VEX document from its content: CycloneDX has `bomFormat`, OpenVEX an
 * `@context` under openvex.dev, CSAF `document.csaf_version`. Undefined when it is none of them.
 */
export function detectVexFormat(text: string): VexFormat | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (typeof v['@context'] === 'string' && v['@context'].includes('openvex')) return 'openvex';
  const doc = v.document as Record<string, unknown> | undefined;
  if (doc && typeof doc === 'object' && 'csaf_version' in doc) return 'csaf';
  return undefined;
}

export function readVex(text: string, format: VexFormat): Promise<VexParseResult> | VexParseResult {
  return format === 'cyclonedx' ? parseCycloneDxVex(text) : format === 'openvex' ? parseOpenVex(text) : parseCsafVex(text);
}

export interface ImportResult {
  readonly format: VexFormat;
  readonly document: { readonly id: string | null; readonly author: string | null; readonly timestamp: string | null };
  readonly statements: readonly StatementReport[];
  readonly applied: number;
  readonly unchanged: number;
  readonly unmatched: number;
  readonly warnings: readonly string[];
}

const issueErrors = (issues: readonly VexIssue[]) => issues.filter((i) => i.severity === 'error').map((i) => ({ pointer: i.location ?? '/', message: `${i.code}: ${i.message}` }));

/**
 * Imports a VEX document into a release: read and schema-validated by its format's reader,
 * planned against the release's findings (./plan.ts), then applied in one transaction with a
 * 'vex' finding event per changed finding and one audit event. Any error — unreadable or
 * schema-invalid document, invalid status/justification pair, unknown product, contradiction —
 * refuses the whole document with a per-statement report (422) and writes nothing.
 */
export async function importVex(db: Db, ctx: OrgContext, releaseId: string, text: string, format?: VexFormat): Promise<ImportResult> {
  authorize(ctx, 'triage.write');
  const release = await loadRelease(db, ctx, releaseId);
  const detected = format ?? detectVexFormat(text);
  if (!detected) throw new Problem(415, 'unsupported-vex', 'Not a CycloneDX, OpenVEX or CSAF document (or not JSON); pass ?format= to say which it is.');
  const parsed = await readVex(text, detected);
  const readErrors = issueErrors(parsed.issues);
  if (!parsed.document || readErrors.length > 0) {
    throw new Problem(422, 'invalid-vex', `The ${detected} document is invalid: ${readErrors[0]?.message ?? 'it could not be read'}`, { errors: readErrors.slice(0, 200), extensions: { format: detected } });
  }
  const doc = parsed.document;
  return db.transaction().execute(async (tx) => {
    const findings = await releaseFindings(tx, ctx.orgId, releaseId);
    const components = await currentComponents(tx, ctx.orgId, releaseId);
    const plan = planImport(
      parsed.statements,
      { id: release.id, productName: release.product_name, version: release.version },
      findings.map((f) => ({ id: f.id, vulnIds: [f.vuln_id, ...f.aliases], purl: f.component_purl, cpe: f.component_cpe, name: f.component_name, version: f.component_version })),
      components,
      doc.timestamp,
    );
    if (plan.errors.length > 0) {
      throw new Problem(422, 'vex-statements', `${plan.errors.length} statement error(s); nothing was applied: ${plan.errors[0]!.message}`, {
        errors: plan.errors.map((e) => ({ pointer: `/statements/${e.statement}`, message: `${e.code}: ${e.message}` })),
        extensions: { format: detected, statements: plan.statements },
      });
    }
    // Findings given the same decision are written together (one statement per distinct analysis).
    const groups = new Map<string, { analysis: Analysis; ids: string[]; statements: Set<number> }>();
    for (const [id, change] of plan.changes) {
      const key = JSON.stringify(analysisJson(change.analysis));
      const g = groups.get(key) ?? { analysis: change.analysis, ids: [], statements: new Set<number>() };
      g.ids.push(id);
      g.statements.add(change.statement);
      groups.set(key, g);
    }
    let applied = 0;
    for (const g of groups.values()) {
      const extra = { format: detected, documentId: doc.id ?? null, statements: [...g.statements] };
      applied += (await writeAnalysis(tx, ctx, g.ids, g.analysis, { kind: 'vex', ruleId: null, extra })).length;
    }
    const unmatched = plan.statements.filter((s) => s.outcome === 'unmatched').length;
    await recordAudit(tx, ctx, {
      action: 'vex.import',
      target: { type: 'release', id: releaseId },
      summary: { format: detected, documentId: doc.id ?? null, statements: parsed.statements.length, findings: plan.changes.size, applied, unmatched },
    });
    return {
      format: detected,
      document: { id: doc.id ?? null, author: doc.author ?? null, timestamp: doc.timestamp ?? null },
      statements: plan.statements,
      applied,
      unchanged: plan.changes.size - applied,
      unmatched,
      warnings: [...parsed.issues.filter((i) => i.severity === 'warning').map((i) => `${i.location ?? '/'}: ${i.code}: ${i.message}`), ...plan.warnings.map((w) => `/statements/${w.statement}: ${w.code}: ${w.message}`)],
    };
  });
}
