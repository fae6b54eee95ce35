import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext, type OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { maskUrlSecrets } from '../../platform/fetch/index.js';
import { conflict, notFound, Problem } from '../../platform/http/problem.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { refreshExposure } from '../exposure/recompute.js';
import { CsafReadError, readCsafForCatalog } from './csaf-read.js';
import { sharingManufacturers } from './instance.js';
import { metadataUrlOf } from './provider.js';
import { ingestCsaf } from './store.js';
import { VENDOR_SYNC_JOB } from './sync.js';

/** Vendor feeds (add, list, remove, sync now), the catalog they fill, and uploaded vendor documents. */

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

function presentFeed(f: {
  id: string; kind: 'csaf_provider' | 'instance'; url: string | null; manufacturer_org_id: string | null; name: string; enabled: boolean; status: 'new' | 'running' | 'ok' | 'partial' | 'failed'; vendor_id: string | null; last_job_id: string | null;
  last_sync_at: Date | null; last_success_at: Date | null; documents_total: number; last_new: number; last_updated: number; last_unchanged: number; last_rejected: number;
  errors: { url: string; problem: string; detail: string }[]; last_error: string | null; public_keys: { fingerprint: string; pinned: boolean }[]; created_at: Date;
}) {
  return {
    id: f.id,
    kind: f.kind,
    url: f.url ? maskUrlSecrets(f.url) : null,
    manufacturerOrgId: f.manufacturer_org_id,
    name: f.name,
    enabled: f.enabled,
    status: f.status,
    vendorId: f.vendor_id,
    lastJobId: f.last_job_id,
    lastSyncAt: f.last_sync_at,
    lastSuccessAt: f.last_success_at,
    documentsTotal: f.documents_total,
    lastRun: { new: f.last_new, updated: f.last_updated, unchanged: f.last_unchanged, rejected: f.last_rejected },
    errors: f.errors,
    lastError: f.last_error,
    keys: f.public_keys.map((k) => ({ fingerprint: k.fingerprint, pinned: k.pinned })),
    createdAt: f.created_at,
  };
}
export type FeedView = ReturnType<typeof presentFeed>;

export async function listFeeds(db: Db, ctx: OrgContext): Promise<FeedView[]> {
  authorize(ctx, 'vendors.read');
  const rows = await db.selectFrom('vendor_feeds').selectAll().where('org_id', '=', ctx.orgId).orderBy('created_at').orderBy('id').execute();
  return rows.map(presentFeed);
}

export async function getFeed(db: Db, ctx: OrgContext, id: string): Promise<FeedView> {
  authorize(ctx, 'vendors.read');
  const row = await db.selectFrom('vendor_feeds').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('vendor feed');
  return presentFeed(row);
}

export interface NewFeed {
  readonly kind: 'csaf_provider' | 'instance';
  readonly url?: string | undefined;
  readonly manufacturerOrgId?: string | undefined;
  readonly name?: string | undefined;
  /** Armored OpenPGP public keys to pin (only these will verify the provider's documents). */
  readonly publicKeys?: readonly string[] | undefined;
}

async function pinKeys(armored: readonly string[]) {
  const keys = [];
  for (const [i, text] of armored.entries()) {
    try {
      const key = await openpgp.readKey({ armoredKey: text });
      if (key.isPrivate()) throw new Error('a private key');
      keys.push({ fingerprint: key.getFingerprint().toUpperCase(), armored: key.armor(), pinned: true });
    } catch (error) {
      throw new Problem(422, 'not-a-public-key', `publicKeys[${i}] is not an armored OpenPGP public key.`, { errors: [{ pointer: `/body/publicKeys/${i}`, message: (error as Error).message.slice(0, 200) }] });
    }
  }
  return keys;
}

export async function addFeed(db: Db, ctx: OrgContext, input: NewFeed): Promise<FeedView> {
  authorize(ctx, 'vendors.manage');
  let url: string | null = null;
  if (input.kind === 'csaf_provider') {
    if (!input.url) throw new Problem(400, 'validation', 'A CSAF provider feed needs its URL.', { errors: [{ pointer: '/body/url', message: 'required for kind csaf_provider' }] });
    try {
      url = metadataUrlOf(input.url);
      if (!/^https?:$/u.test(new URL(url).protocol)) throw new Error('scheme');
    } catch {
      throw new Problem(400, 'validation', 'The URL is not an http(s) URL.', { errors: [{ pointer: '/body/url', message: 'not an http(s) URL' }] });
    }
  } else {
    const shared = await sharingManufacturers(db, ctx.orgId);
    if (!shared.some((m) => m.id === input.manufacturerOrgId)) throw new Problem(404, 'not-found', 'No manufacturer on this instance shares products with your organization under that id.', { errors: [{ pointer: '/body/manufacturerOrgId', message: 'not a manufacturer sharing with you' }] });
  }
  const keys = await pinKeys(input.publicKeys ?? []);
  const maker = input.manufacturerOrgId ? await db.selectFrom('organizations').select('name').where('id', '=', input.manufacturerOrgId).executeTakeFirst() : undefined;
  const name = input.name ?? (url ? new URL(url).host : `${maker?.name ?? 'Manufacturer'} (on this instance)`);
  const row = await db.transaction().execute(async (tx) => {
    const dup = await tx
      .selectFrom('vendor_feeds')
      .select('id')
      .where('org_id', '=', ctx.orgId)
      .where((eb) => (url ? eb('url', '=', url) : eb('manufacturer_org_id', '=', input.manufacturerOrgId!)))
      .executeTakeFirst();
    if (dup) throw conflict('This feed is already followed.');
    const inserted = await tx
      .insertInto('vendor_feeds')
      .values({ org_id: ctx.orgId, kind: input.kind, url, manufacturer_org_id: input.kind === 'instance' ? input.manufacturerOrgId! : null, name: name.slice(0, 200), public_keys: JSON.stringify(keys), created_by: ctx.actor.label })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'vendors.feed_add', target: { type: 'vendor_feed', id: inserted.id }, summary: { kind: input.kind, url: url ? maskUrlSecrets(url) : null, manufacturerOrgId: input.manufacturerOrgId ?? null, pinnedKeys: keys.map((k) => k.fingerprint) } });
    return inserted;
  });
  return presentFeed(row);
}

export async function deleteFeed(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'vendors.manage');
  await db.transaction().execute(async (tx) => {
    const feed = await tx.selectFrom('vendor_feeds').select(['id', 'name', 'url']).where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!feed) throw notFound('vendor feed');
    await tx.deleteFrom('vendor_feeds').where('id', '=', id).execute();
    // The documents stay (they were verified when received) but no longer name the feed.
    await recordAudit(tx, ctx, { action: 'vendors.feed_delete', target: { type: 'vendor_feed', id }, summary: { name: feed.name, url: feed.url ? maskUrlSecrets(feed.url) : null } });
  });
}

/** Queues a sync; while one is queued or running, that job is returned instead. */
export async function requestFeedSync(db: Db, jobs: JobQueue, ctx: OrgContext, id: string): Promise<{ jobId: string; alreadyRunning: boolean }> {
  authorize(ctx, 'vendors.manage');
  return db.transaction().execute(async (tx) => {
    const feed = await tx.selectFrom('vendor_feeds').select(['id', 'last_job_id', 'enabled']).where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!feed) throw notFound('vendor feed');
    if (feed.last_job_id) {
      const job = await tx.selectFrom('job_runs').select('state').where('id', '=', feed.last_job_id).executeTakeFirst();
      if (job && (job.state === 'queued' || job.state === 'running')) return { jobId: feed.last_job_id, alreadyRunning: true };
    }
    const jobId = await jobs.enqueue(tx, ctx, VENDOR_SYNC_JOB, { feedId: id });
    await tx.updateTable('vendor_feeds').set({ last_job_id: jobId }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'vendors.sync_requested', target: { type: 'vendor_feed', id }, summary: { jobId } });
    return { jobId, alreadyRunning: false };
  });
}

/** How often an enabled feed is synced without anyone asking (advisories are published on working days). */
export const FEED_SYNC_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Queues a sync for every enabled feed, in every organization, not synced for a day (or
 * never). The claim moves last_sync_at in the same statement, so workers ticking together
 * queue each due feed once; a sync already queued or running is not queued again.
 */
export async function enqueueDueFeedSyncs(db: Db, jobs: JobQueue, now = new Date()): Promise<number> {
  const due = await db
    .updateTable('vendor_feeds')
    .set({ last_sync_at: now })
    .where('enabled', '=', true)
    .where((eb) => eb.or([eb('last_sync_at', 'is', null), eb('last_sync_at', '<=', new Date(now.getTime() - FEED_SYNC_EVERY_MS))]))
    .returning(['id', 'org_id'])
    .execute();
  let queued = 0;
  for (const feed of due) {
    const { alreadyRunning } = await requestFeedSync(db, jobs, systemContext(feed.org_id), feed.id);
    if (!alreadyRunning) queued++;
  }
  return queued;
}

export async function availableManufacturers(db: Db, ctx: OrgContext) {
  authorize(ctx, 'vendors.read');
  const shared = await sharingManufacturers(db, ctx.orgId);
  const followed = new Set((await db.selectFrom('vendor_feeds').select('manufacturer_org_id').where('org_id', '=', ctx.orgId).where('manufacturer_org_id', 'is not', null).execute()).map((f) => f.manufacturer_org_id));
  return shared.map((m) => ({ id: m.id, name: m.name, slug: m.slug, products: m.products, followed: followed.has(m.id) }));
}

/** The catalog: vendors with their products and releases (lifecycle when the vendor says). */
export async function listCatalog(db: Db, ctx: OrgContext) {
  authorize(ctx, 'vendors.read');
  const vendors = await db.selectFrom('vendors').select(['id', 'name', 'manufacturer_org_id']).where('org_id', '=', ctx.orgId).orderBy('name').execute();
  const releases = await db
    .selectFrom('vendor_releases as r')
    .innerJoin('vendor_products as p', 'p.id', 'r.product_id')
    .select([
      'r.id', 'r.vendor_id', 'r.product_id', 'p.name as product', 'p.model_numbers as product_models', 'r.version', 'r.lifecycle_stage', 'r.end_of_life_date', 'r.end_of_guaranteed_support_date', 'r.end_of_support_date',
      'r.model_numbers', 'r.serial_numbers', 'r.purls', 'r.cpes',
      sql<number>`(select count(*)::int from vendor_statements s where s.vendor_release_id = r.id)`.as('statements'),
      sql<number>`(select count(*)::int from asset_release_matches m where m.vendor_release_id = r.id)`.as('assets'),
    ])
    .where('r.org_id', '=', ctx.orgId)
    .orderBy('p.name')
    .orderBy('r.version')
    .execute();
  const documents = await db.selectFrom('vendor_documents').select(['vendor_id', sql<number>`count(*)::int`.as('n')]).where('org_id', '=', ctx.orgId).groupBy('vendor_id').execute();
  return vendors.map((v) => ({
    id: v.id,
    name: v.name,
    sameInstance: v.manufacturer_org_id !== null,
    documents: documents.find((d) => d.vendor_id === v.id)?.n ?? 0,
    releases: releases
      .filter((r) => r.vendor_id === v.id)
      .map((r) => ({
        id: r.id,
        productId: r.product_id,
        product: r.product,
        version: r.version,
        modelNumbers: [...new Set([...r.product_models, ...r.model_numbers])].sort(),
        serialNumbers: r.serial_numbers,
        purls: r.purls,
        cpes: r.cpes,
        lifecycleStage: r.lifecycle_stage,
        endOfLifeDate: r.end_of_life_date,
        endOfGuaranteedSupportDate: r.end_of_guaranteed_support_date,
        endOfSupportDate: r.end_of_support_date,
        statements: r.statements,
        assets: r.assets,
      })),
  }));
}

export async function listDocuments(db: Db, ctx: OrgContext, vendorId?: string) {
  authorize(ctx, 'vendors.read');
  const rows = await db
    .selectFrom('vendor_documents as d')
    .innerJoin('vendors as v', 'v.id', 'd.vendor_id')
    .select(['d.id', 'd.vendor_id', 'v.name as vendor', 'd.feed_id', 'd.kind', 'd.format', 'd.source', 'd.doc_key', 'd.url', 'd.title', 'd.tracking_version', 'd.current_release_date', 'd.sha256', 'd.signature_status', 'd.hash_status', 'd.statements', 'd.received_at'])
    .where('d.org_id', '=', ctx.orgId)
    .$if(vendorId !== undefined, (q) => q.where('d.vendor_id', '=', vendorId!))
    .orderBy('d.received_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((d) => ({
    id: d.id, vendorId: d.vendor_id, vendor: d.vendor, feedId: d.feed_id, kind: d.kind, format: d.format, source: d.source, key: d.doc_key, url: d.url, title: d.title,
    version: d.tracking_version, currentReleaseDate: d.current_release_date, sha256: d.sha256, signatureStatus: d.signature_status, hashStatus: d.hash_status, statements: d.statements, receivedAt: d.received_at,
  }));
}

/**
 * An uploaded CSAF document (any profile: security advisory or VEX): read as a feed document
 * would be, stored with source `upload` (no provider signature to check), then matching and
 * exposure are refreshed. A document Vigil cannot read is refused whole with the JSON pointer.
 */
export async function uploadCsaf(db: Db, ctx: OrgContext, bytes: Buffer, vendorName?: string) {
  authorize(ctx, 'vendors.manage');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Problem(422, 'invalid-document', 'The upload is not JSON: a CSAF 2.0 document is expected.');
  }
  let read;
  try {
    read = readCsafForCatalog(json);
  } catch (error) {
    if (error instanceof CsafReadError) throw new Problem(422, 'invalid-document', `Not a readable CSAF 2.0 document: ${error.message}.`, { errors: [{ pointer: error.pointer, message: error.message }] });
    throw error;
  }
  if (read.releases.length === 0) throw new Problem(422, 'no-releases', 'The CSAF document names no product version Vigil can match devices to (product_version branches under a product name).', { errors: [{ pointer: '/product_tree', message: 'no product_version branch' }] });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = await db.transaction().execute(async (tx) => {
    const r = await ingestCsaf(tx, ctx.orgId, read, json, { feedId: null, source: 'upload', url: null, sha256, signatureStatus: 'not_checked', hashStatus: 'not_checked' }, vendorName);
    await recordAudit(tx, ctx, { action: 'vendors.document_upload', target: { type: 'vendor_document', id: r.documentId }, summary: { trackingId: read.trackingId, outcome: r.outcome, statements: r.statements, releases: r.releases, sha256 } });
    return r;
  });
  const exposure = await refreshExposure(db, ctx.orgId);
  return { documentId: result.documentId, vendorId: result.vendorId, outcome: result.outcome, trackingId: read.trackingId, releases: result.releases, statements: result.statements, skippedProducts: read.skippedProducts, exposures: exposure.exposures };
}
