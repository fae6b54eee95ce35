import { createHash } from 'node:crypto';
import { parseCycloneDxVex, parseOpenVex, type VexStatement } from '../../formats/vex/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { VendorStatementStatus } from '../../platform/db/schema.js';
import { Problem } from '../../platform/http/problem.js';
import { refreshExposure } from '../exposure/recompute.js';
import type { SbomTarget } from './sbom.js';
import { findOrCreateVendor, upsertRelease, writeStatements, type StatementRow } from './store.js';

/**
 * A vendor's CycloneDX VEX or OpenVEX for one of its releases (CSAF VEX goes through the CSAF
 * upload, which names its own products). Read by src/formats/vex — a document with any invalid
 * statement is refused whole — and each statement becomes the vendor's word on that release and
 * vulnerability, replacing what an SBOM match said.
 */

export const MAX_VEX_UPLOAD_BYTES = 15 * 1024 * 1024;

const STATUS: Record<string, VendorStatementStatus> = {
  exploitable: 'known_affected',
  in_triage: 'under_investigation',
  not_affected: 'known_not_affected',
  false_positive: 'known_not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
};

/** The remediation a statement gives, most useful first (the CSAF categories the catalog uses). */
function remediationOf(s: VexStatement): { category: string | null; text: string | null } {
  if (s.responses.includes('update')) return { category: 'vendor_fix', text: s.actionStatement ?? s.detail ?? 'Update to a fixed version.' };
  if (s.workaround || s.responses.includes('workaround_available')) return { category: 'workaround', text: s.workaround ?? s.actionStatement ?? null };
  if (s.responses.includes('will_not_fix') || s.responses.includes('can_not_fix')) return { category: 'no_fix_planned', text: s.actionStatement ?? s.detail ?? null };
  return { category: s.actionStatement ? 'mitigation' : null, text: s.actionStatement ?? null };
}

const RANK: Record<VendorStatementStatus, number> = { known_affected: 4, under_investigation: 3, fixed: 2, known_not_affected: 1 };

/**
 * One row per vulnerability for the release. A document may speak of several of the release's
 * components for one vulnerability; the device takes the strongest word (known_affected >
 * under_investigation > fixed > known_not_affected), as in the CSAF reader.
 */
export function vexStatementRows(releaseId: string, statements: readonly VexStatement[]): StatementRow[] {
  const byVuln = new Map<string, StatementRow>();
  for (const row of statements.map((s) => toRow(releaseId, s))) {
    const held = byVuln.get(row.vulnId);
    if (!held || RANK[row.status] > RANK[held.status]) byVuln.set(row.vulnId, row);
  }
  return [...byVuln.values()];
}

function toRow(releaseId: string, s: VexStatement): StatementRow {
  {
    const status = STATUS[s.state] ?? 'under_investigation';
    const r = status === 'known_affected' || status === 'under_investigation' ? remediationOf(s) : { category: null, text: null };
    const rating = s.ratings.find((x) => typeof x.score === 'number' && /CVSSv3/u.test(x.method ?? ''));
    return {
      releaseId,
      vulnId: s.vulnerability.id,
      status,
      justification: status === 'known_not_affected' ? (s.cisaJustification ?? s.justification ?? (s.state === 'false_positive' ? 'false_positive' : null)) : null,
      detail: s.impactStatement ?? s.detail ?? null,
      remediationCategory: r.category,
      remediation: r.text,
      remediationUrl: null,
      patientSafety: null,
      harm: null,
      exploited: false,
      cvssScore: rating?.score ?? null,
      cvssVector: rating?.vector ?? null,
    };
  }
}

export async function uploadVex(db: Db, ctx: OrgContext, bytes: Buffer, target: SbomTarget) {
  authorize(ctx, 'vendors.manage');
  const text = bytes.toString('utf8');
  const format: 'openvex' | 'cyclonedx' = /"@context"\s*:\s*"https:\/\/openvex\.dev/u.test(text) ? 'openvex' : 'cyclonedx';
  const parsed = format === 'openvex' ? parseOpenVex(text) : parseCycloneDxVex(text);
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || !parsed.document) {
    throw new Problem(422, 'invalid-vex', `Not a valid ${format === 'openvex' ? 'OpenVEX' : 'CycloneDX VEX'} document: ${errors[0]?.message ?? 'unreadable'}.`, { errors: errors.slice(0, 50).map((e) => ({ pointer: e.location ?? '/', message: e.message })) });
  }
  const meta = parsed.document;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = await db.transaction().execute(async (tx) => {
    const vendorId = await findOrCreateVendor(tx, ctx.orgId, target.vendor);
    const releaseId = await upsertRelease(tx, ctx.orgId, vendorId, { product: target.product, version: target.version });
    const existing = await tx.selectFrom('vendor_documents').select('id').where('org_id', '=', ctx.orgId).where('vendor_id', '=', vendorId).where('kind', '=', 'vex').where('doc_key', '=', sha256).executeTakeFirst();
    if (existing) return { documentId: existing.id, releaseId, outcome: 'unchanged' as const, statements: 0 };
    const rows = vexStatementRows(releaseId, parsed.statements);
    const doc = await tx
      .insertInto('vendor_documents')
      .values({ org_id: ctx.orgId, vendor_id: vendorId, kind: 'vex', format, source: 'upload', doc_key: sha256, title: meta.title ?? meta.id ?? `${target.product} ${target.version} VEX`, current_release_date: meta.lastUpdated ?? meta.timestamp ?? null, sha256, signature_status: 'not_checked', hash_status: 'not_checked', statements: rows.length, content: JSON.stringify(JSON.parse(text)) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeStatements(tx, ctx.orgId, doc.id, rows);
    await recordAudit(tx, ctx, { action: 'vendors.document_upload', target: { type: 'vendor_document', id: doc.id }, summary: { kind: 'vex', format, ...target, statements: rows.length, sha256 } });
    return { documentId: doc.id, releaseId, outcome: 'new' as const, statements: rows.length };
  });
  const exposure = await refreshExposure(db, ctx.orgId);
  return { ...result, format, exposures: exposure.exposures };
}
