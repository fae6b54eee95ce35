import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { VendorLifecycle, VendorStatementStatus } from '../../platform/db/schema.js';
import { modelKey, nameKey, versionKey } from '../exposure/normalize.js';
import type { CsafReadResult } from './csaf-read.js';

/**
 * Writing the catalog: vendors, products and releases found or created by their keys, documents
 * kept per identity (a newer version replaces the older one), and the vendors' statements per
 * release × vulnerability (the newest document to speak of a pair wins). Callers hold the
 * transaction.
 */

const uniq = (xs: readonly string[]) => [...new Set(xs.filter((x) => x !== ''))].sort();

export async function findOrCreateVendor(tx: Executor, orgId: string, name: string, manufacturerOrgId: string | null = null): Promise<string> {
  const key = nameKey(name);
  const found = await tx.selectFrom('vendors').select(['id', 'manufacturer_org_id']).where('org_id', '=', orgId).where('name_key', '=', key).executeTakeFirst();
  if (found) {
    if (manufacturerOrgId && found.manufacturer_org_id !== manufacturerOrgId) await tx.updateTable('vendors').set({ manufacturer_org_id: manufacturerOrgId, updated_at: new Date() }).where('id', '=', found.id).execute();
    return found.id;
  }
  const row = await tx.insertInto('vendors').values({ org_id: orgId, name: name.slice(0, 200), name_key: key, manufacturer_org_id: manufacturerOrgId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface ReleaseFacts {
  readonly product: string;
  readonly version: string;
  readonly productModelNumbers?: readonly string[];
  readonly modelNumbers?: readonly string[];
  readonly serialNumbers?: readonly string[];
  readonly purls?: readonly string[];
  readonly cpes?: readonly string[];
  readonly lifecycle?: { readonly stage: VendorLifecycle; readonly endOfLife: string | null; readonly endOfGuaranteedSupport: string | null; readonly endOfSupport: string | null };
}

/** Finds or creates the product and release; identification helpers are added to what is known. */
export async function upsertRelease(tx: Executor, orgId: string, vendorId: string, r: ReleaseFacts): Promise<string> {
  const pKey = modelKey(r.product);
  const models = uniq([...(r.productModelNumbers ?? []), ...(r.modelNumbers ?? [])]);
  const product = await tx
    .insertInto('vendor_products')
    .values({ org_id: orgId, vendor_id: vendorId, name: r.product.slice(0, 300), name_key: pKey, model_numbers: models })
    .onConflict((oc) => oc.columns(['vendor_id', 'name_key']).doUpdateSet({ model_numbers: sql<string[]>`array(select distinct unnest(vendor_products.model_numbers || excluded.model_numbers) order by 1)` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const life = r.lifecycle;
  const release = await tx
    .insertInto('vendor_releases')
    .values({
      org_id: orgId,
      vendor_id: vendorId,
      product_id: product.id,
      version: r.version.slice(0, 200),
      version_key: versionKey(r.version) || r.version.toLowerCase(),
      lifecycle_stage: life?.stage ?? null,
      end_of_life_date: life?.endOfLife ?? null,
      end_of_guaranteed_support_date: life?.endOfGuaranteedSupport ?? null,
      end_of_support_date: life?.endOfSupport ?? null,
      model_numbers: uniq(r.modelNumbers ?? []),
      serial_numbers: uniq(r.serialNumbers ?? []),
      purls: uniq(r.purls ?? []),
      cpes: uniq(r.cpes ?? []),
    })
    .onConflict((oc) =>
      oc.columns(['product_id', 'version_key']).doUpdateSet({
        // Lifecycle comes from the one source that has it (a same-instance portfolio); documents without it leave it alone.
        ...(life
          ? { lifecycle_stage: life.stage, end_of_life_date: life.endOfLife, end_of_guaranteed_support_date: life.endOfGuaranteedSupport, end_of_support_date: life.endOfSupport }
          : {}),
        model_numbers: sql<string[]>`array(select distinct unnest(vendor_releases.model_numbers || excluded.model_numbers) order by 1)`,
        serial_numbers: sql<string[]>`array(select distinct unnest(vendor_releases.serial_numbers || excluded.serial_numbers) order by 1)`,
        purls: sql<string[]>`array(select distinct unnest(vendor_releases.purls || excluded.purls) order by 1)`,
        cpes: sql<string[]>`array(select distinct unnest(vendor_releases.cpes || excluded.cpes) order by 1)`,
        updated_at: new Date(),
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return release.id;
}

export interface DocumentOrigin {
  readonly feedId: string | null;
  readonly source: 'feed' | 'instance' | 'upload';
  readonly url: string | null;
  readonly sha256: string;
  readonly signatureStatus: 'valid' | 'not_checked';
  readonly hashStatus: 'valid' | 'not_checked';
}

export type IngestOutcome = { readonly outcome: 'new' | 'updated' | 'unchanged'; readonly documentId: string; readonly vendorId: string; readonly statements: number; readonly releases: number };

/**
 * Stores one read CSAF document. The same tracking id with the same or an older
 * current_release_date and the same bytes changes nothing (a re-sync or re-upload is idempotent).
 */
export async function ingestCsaf(tx: Tx, orgId: string, read: CsafReadResult, content: unknown, origin: DocumentOrigin, vendorName?: string): Promise<IngestOutcome> {
  const vendorId = await findOrCreateVendor(tx, orgId, vendorName ?? read.publisher);
  const existing = await tx.selectFrom('vendor_documents').select(['id', 'sha256', 'current_release_date']).where('org_id', '=', orgId).where('vendor_id', '=', vendorId).where('kind', '=', 'csaf').where('doc_key', '=', read.trackingId).forUpdate().executeTakeFirst();
  if (existing && (existing.sha256 === origin.sha256 || (existing.current_release_date && existing.current_release_date.getTime() > Date.parse(read.currentReleaseDate)))) {
    return { outcome: 'unchanged', documentId: existing.id, vendorId, statements: 0, releases: 0 };
  }
  const values = {
    org_id: orgId,
    vendor_id: vendorId,
    feed_id: origin.feedId,
    kind: 'csaf' as const,
    format: read.category,
    source: origin.source,
    doc_key: read.trackingId,
    url: origin.url,
    title: read.title.slice(0, 1000),
    tracking_version: read.version,
    current_release_date: read.currentReleaseDate,
    sha256: origin.sha256,
    signature_status: origin.signatureStatus,
    hash_status: origin.hashStatus,
    statements: read.statements.length,
    content: JSON.stringify(content),
  };
  const documentId = existing
    ? (await tx.updateTable('vendor_documents').set({ ...values, received_at: new Date() }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
    : (await tx.insertInto('vendor_documents').values(values).returning('id').executeTakeFirstOrThrow()).id;
  // The document speaks anew: what its older version said is replaced.
  await tx.deleteFrom('vendor_statements').where('document_id', '=', documentId).execute();
  const releaseIds: string[] = [];
  for (const r of read.releases) {
    // A release under another vendor's branch (a third-party product the advisory names) goes to that vendor.
    const vid = nameKey(r.vendor) === nameKey(vendorName ?? read.publisher) ? vendorId : await findOrCreateVendor(tx, orgId, r.vendor);
    releaseIds.push(await upsertRelease(tx, orgId, vid, { product: r.product, version: r.version, productModelNumbers: r.modelNumbers, modelNumbers: r.modelNumbers, serialNumbers: r.serialNumbers, purls: r.purls, cpes: r.cpes }));
  }
  await writeStatements(
    tx,
    orgId,
    documentId,
    read.statements.map((s) => ({ ...s, releaseId: releaseIds[s.release]!, patientSafety: read.patientSafety })),
  );
  return { outcome: existing ? 'updated' : 'new', documentId, vendorId, statements: read.statements.length, releases: releaseIds.length };
}

export interface StatementRow {
  readonly releaseId: string;
  readonly vulnId: string;
  readonly status: VendorStatementStatus;
  readonly justification: string | null;
  readonly detail: string | null;
  readonly remediationCategory: string | null;
  readonly remediation: string | null;
  readonly remediationUrl: string | null;
  readonly patientSafety: string | null;
  readonly harm: string | null;
  readonly exploited: boolean;
  readonly cvssScore: number | null;
  readonly cvssVector: string | null;
}

/** Upserts statements (one multi-row statement per 500): the newest word on a release × vulnerability wins. */
export async function writeStatements(tx: Executor, orgId: string, documentId: string | null, rows: readonly StatementRow[]): Promise<void> {
  const byKey = new Map(rows.map((s) => [`${s.releaseId} ${s.vulnId}`, s]));
  const list = [...byKey.values()];
  for (let i = 0; i < list.length; i += 500) {
    await tx
      .insertInto('vendor_statements')
      .values(
        list.slice(i, i + 500).map((s) => ({
          org_id: orgId,
          vendor_release_id: s.releaseId,
          document_id: documentId,
          vuln_id: s.vulnId,
          status: s.status,
          justification: s.justification,
          detail: s.detail?.slice(0, 8000) ?? null,
          remediation_category: s.remediationCategory,
          remediation: s.remediation?.slice(0, 8000) ?? null,
          remediation_url: s.remediationUrl,
          patient_safety: s.patientSafety?.slice(0, 8000) ?? null,
          harm: s.harm,
          vendor_exploited: s.exploited,
          cvss_score: s.cvssScore,
          cvss_vector: s.cvssVector,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['vendor_release_id', 'vuln_id']).doUpdateSet((eb) => ({
          document_id: eb.ref('excluded.document_id'),
          status: eb.ref('excluded.status'),
          justification: eb.ref('excluded.justification'),
          detail: eb.ref('excluded.detail'),
          remediation_category: eb.ref('excluded.remediation_category'),
          remediation: eb.ref('excluded.remediation'),
          remediation_url: eb.ref('excluded.remediation_url'),
          patient_safety: eb.ref('excluded.patient_safety'),
          harm: eb.ref('excluded.harm'),
          vendor_exploited: eb.ref('excluded.vendor_exploited'),
          cvss_score: eb.ref('excluded.cvss_score'),
          cvss_vector: eb.ref('excluded.cvss_vector'),
          updated_at: new Date(),
        })),
      )
      .execute();
  }
}
