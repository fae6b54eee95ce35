import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { CsafReadError, readCsafForCatalog } from './csaf-read.js';
import { findOrCreateVendor, ingestCsaf, upsertRelease } from './store.js';
import type { FeedError, SyncSummary } from './sync.js';

/**
 * A manufacturer on the same instance that names this hospital as a customer
 * (customer_contacts.customer_org_id, migration 0012) shares with it: the products it lists
 * the hospital for, their releases with the lifecycle stage and EOL / EOGS / EOS dates, and its
 * published advisories (the latest version of each, TLP:WHITE and TLP:GREEN — the hospital is a
 * customer). Read straight from the database: no hash or signature to check, the bytes never
 * left the instance.
 */

/** Manufacturer organizations that share products with `hospitalOrgId`. */
export async function sharingManufacturers(db: Db, hospitalOrgId: string) {
  return db
    .selectFrom('customer_contacts as cc')
    .innerJoin('organizations as o', 'o.id', 'cc.org_id')
    .select(['o.id', 'o.name', 'o.slug', sql<number>`count(distinct cc.product_id)::int`.as('products')])
    .where('cc.customer_org_id', '=', hospitalOrgId)
    .where('cc.org_id', '<>', hospitalOrgId)
    .groupBy(['o.id', 'o.name', 'o.slug'])
    .orderBy('o.name')
    .execute();
}

export async function syncInstanceFeed(db: Db, feed: { id: string; org_id: string; manufacturer_org_id: string | null }): Promise<SyncSummary> {
  const manufacturerId = feed.manufacturer_org_id!;
  const maker = await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', manufacturerId).executeTakeFirst();
  const products = await db
    .selectFrom('products as p')
    .select(['p.id', 'p.name', 'p.manufacturer', 'p.model_numbers'])
    .where('p.org_id', '=', manufacturerId)
    .where('p.archived_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('customer_contacts as cc').select('cc.id').whereRef('cc.product_id', '=', 'p.id').where('cc.customer_org_id', '=', feed.org_id)))
    .execute();
  if (!maker || products.length === 0) throw new Error('This manufacturer no longer shares any product with your organization.');
  const releases = await db
    .selectFrom('releases')
    .select(['product_id', 'version', 'lifecycle_stage', 'end_of_life_date', 'end_of_guaranteed_support_date', 'end_of_support_date'])
    .where('org_id', '=', manufacturerId)
    .where('product_id', 'in', products.map((p) => p.id))
    .where('archived_at', 'is', null)
    .execute();
  const vendorName = products.find((p) => p.manufacturer)?.manufacturer ?? maker.name;
  await db.transaction().execute(async (tx) => {
    const id = await findOrCreateVendor(tx, feed.org_id, vendorName, manufacturerId);
    for (const r of releases) {
      const p = products.find((x) => x.id === r.product_id)!;
      await upsertRelease(tx, feed.org_id, id, {
        product: p.name,
        version: r.version,
        productModelNumbers: p.model_numbers,
        modelNumbers: p.model_numbers,
        lifecycle: { stage: r.lifecycle_stage, endOfLife: r.end_of_life_date, endOfGuaranteedSupport: r.end_of_guaranteed_support_date, endOfSupport: r.end_of_support_date },
      });
    }
    await tx.updateTable('vendor_feeds').set({ vendor_id: id, name: `${vendorName} (on this instance)` }).where('id', '=', feed.id).execute();
  });

  const publications = await db
    .selectFrom('csaf_publications as p')
    .select(['p.advisory_id', 'p.content', 'p.sha256', 'p.file_name'])
    .where('p.org_id', '=', manufacturerId)
    .where('p.tlp', 'in', ['WHITE', 'GREEN'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('csaf_publications as q').select('q.version').whereRef('q.advisory_id', '=', 'p.advisory_id').whereRef('q.published_at', '>', 'p.published_at'))))
    .execute();
  const summary: SyncSummary = { status: 'ok', listed: publications.length, new: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
  for (const p of publications) {
    let json: unknown;
    let read;
    try {
      json = JSON.parse(p.content);
      read = readCsafForCatalog(json);
    } catch (error) {
      const e: FeedError = { url: p.file_name, problem: 'invalid', detail: error instanceof CsafReadError ? `${error.message} (at ${error.pointer})` : 'not JSON' };
      summary.errors.push(e);
      summary.rejected++;
      continue;
    }
    const sha256 = p.sha256 || createHash('sha256').update(p.content).digest('hex');
    const r = await db.transaction().execute((tx) => ingestCsaf(tx, feed.org_id, read, json, { feedId: feed.id, source: 'instance', url: null, sha256, signatureStatus: 'not_checked', hashStatus: 'not_checked' }, vendorName));
    summary[r.outcome]++;
  }
  if (summary.errors.length > 0) summary.status = 'partial';
  return summary;
}
