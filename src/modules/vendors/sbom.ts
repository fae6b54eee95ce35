import { createHash } from 'node:crypto';
import { readSbom } from '../../formats/sbom/read.js';
import type { NvdConfiguration, OsvAffected } from '../../core/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { refreshExposure } from '../exposure/recompute.js';
import { componentIdentity, matchComponent, type MatchableRecord } from '../intel/matching.js';
import { findOrCreateVendor, upsertRelease, type StatementRow } from './store.js';

/**
 * A vendor's SBOM for one of its releases (CycloneDX or SPDX, read by src/formats/sbom): its
 * components are kept on the release and matched against the hospital's own intelligence with
 * the manufacturer-side matcher (src/modules/intel/matching.ts). A match becomes a statement
 * "under investigation" — the component is in the device, the vendor has not said whether the
 * device is affected — unless the vendor has already spoken about that vulnerability for the
 * release (its VEX or advisory wins, now and later).
 */

export const MAX_SBOM_BYTES = 50 * 1024 * 1024;

export interface SbomTarget {
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
}

async function matchComponents(tx: Tx, orgId: string, components: readonly { name: string; group: string | null; version: string | null; purl: string | null; cpe: string | null }[]) {
  const found: { component: (typeof components)[number]; vulnId: string; recordId: string }[] = [];
  for (const c of components) {
    const identity = componentIdentity(c);
    if (identity.packageKeys.length === 0 || !c.version) continue;
    const rows = await tx
      .selectFrom('intel_record_packages as p')
      .innerJoin('intel_records as r', 'r.id', 'p.record_id')
      .select(['r.record_id', 'r.vuln_id', 'r.withdrawn', 'r.affected', 'r.cpe_configurations'])
      .where('p.org_id', '=', orgId)
      .where('p.package_key', 'in', [...identity.packageKeys])
      .execute();
    const candidates: MatchableRecord[] = rows.map((r) => ({ recordId: r.record_id, vulnId: r.vuln_id, withdrawn: r.withdrawn, affected: r.affected as OsvAffected[], cpeConfigurations: r.cpe_configurations as NvdConfiguration[] }));
    for (const m of matchComponent(c, identity, candidates)) found.push({ component: c, vulnId: m.vulnId, recordId: m.evidence[0]?.recordId ?? m.vulnId });
  }
  return found;
}

export async function uploadSbom(db: Db, ctx: OrgContext, bytes: Buffer, target: SbomTarget) {
  authorize(ctx, 'vendors.manage');
  const read = readSbom(bytes.toString('utf8'));
  const errors = read.issues.filter((i) => i.severity === 'error');
  if (!read.document || errors.length > 0) {
    throw new Problem(422, 'invalid-sbom', `Not a readable SBOM: ${errors[0]?.message ?? 'unknown format (CycloneDX or SPDX expected)'}.`, { errors: errors.slice(0, 20).map((e) => ({ pointer: e.location ?? '/', message: e.message })) });
  }
  const components = read.document.components.map((c) => ({ name: c.name, group: c.group ?? null, version: c.version ?? null, purl: c.purl ?? null, cpe: c.cpe ?? null }));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = await db.transaction().execute(async (tx) => {
    const vendorId = await findOrCreateVendor(tx, ctx.orgId, target.vendor);
    const releaseId = await upsertRelease(tx, ctx.orgId, vendorId, { product: target.product, version: target.version, purls: [] });
    const existing = await tx.selectFrom('vendor_documents').select('id').where('org_id', '=', ctx.orgId).where('vendor_id', '=', vendorId).where('kind', '=', 'sbom').where('doc_key', '=', sha256).executeTakeFirst();
    if (existing) return { documentId: existing.id, releaseId, outcome: 'unchanged' as const, components: components.length, matches: 0 };
    const doc = await tx
      .insertInto('vendor_documents')
      .values({ org_id: ctx.orgId, vendor_id: vendorId, kind: 'sbom', format: read.encoding ?? 'sbom', source: 'upload', doc_key: sha256, title: `${target.product} ${target.version} SBOM`, sha256, signature_status: 'not_checked', hash_status: 'not_checked', content: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The release's components are the latest SBOM's.
    await tx.deleteFrom('vendor_release_components').where('vendor_release_id', '=', releaseId).execute();
    for (let i = 0; i < components.length; i += 1000) {
      await tx
        .insertInto('vendor_release_components')
        .values(components.slice(i, i + 1000).map((c) => ({ vendor_release_id: releaseId, org_id: ctx.orgId, document_id: doc.id, purl: c.purl, name: c.name.slice(0, 500), version: c.version, package_key: componentIdentity(c).packageKeys[0] ?? null })))
        .execute();
    }
    const matches = await matchComponents(tx, ctx.orgId, components);
    const rows: StatementRow[] = matches.map((m) => ({
      releaseId, vulnId: m.vulnId, status: 'under_investigation', justification: null,
      detail: `The vendor's SBOM lists ${m.component.name}${m.component.version ? ` ${m.component.version}` : ''}${m.component.purl ? ` (${m.component.purl})` : ''}, which ${m.recordId} affects; the vendor has not said whether the device is affected.`,
      remediationCategory: null, remediation: null, remediationUrl: null, patientSafety: null, harm: null, exploited: false, cvssScore: null, cvssVector: null,
    }));
    const unique = [...new Map(rows.map((r) => [r.vulnId, r])).values()];
    for (let i = 0; i < unique.length; i += 500) {
      // A vendor's own statement on the pair stays: an SBOM match only says the component is there.
      await tx
        .insertInto('vendor_statements')
        .values(unique.slice(i, i + 500).map((s) => ({ org_id: ctx.orgId, vendor_release_id: s.releaseId, document_id: doc.id, vuln_id: s.vulnId, status: s.status, detail: s.detail })))
        .onConflict((oc) => oc.columns(['vendor_release_id', 'vuln_id']).doNothing())
        .execute();
    }
    await tx.updateTable('vendor_documents').set({ statements: unique.length }).where('id', '=', doc.id).execute();
    await recordAudit(tx, ctx, { action: 'vendors.document_upload', target: { type: 'vendor_document', id: doc.id }, summary: { kind: 'sbom', ...target, components: components.length, matches: unique.length, sha256 } });
    return { documentId: doc.id, releaseId, outcome: 'new' as const, components: components.length, matches: unique.length };
  });
  const exposure = await refreshExposure(db, ctx.orgId);
  return { ...result, exposures: exposure.exposures };
}
