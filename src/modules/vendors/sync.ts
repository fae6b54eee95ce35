import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { FetchError, maskUrlSecrets } from '../../platform/fetch/index.js';
import type { JobContext } from '../../platform/jobs/queue.js';
import { refreshExposure } from '../exposure/recompute.js';
import { CsafReadError, readCsafForCatalog } from './csaf-read.js';
import { syncInstanceFeed } from './instance.js';
import {
  fetchBytes,
  fetchProviderKeys,
  MAX_DOCUMENT_BYTES,
  MAX_LISTING_BYTES,
  MAX_METADATA_BYTES,
  metadataUrlOf,
  parseChangesCsv,
  parseIndexTxt,
  parseProviderMetadata,
  parseRolieFeed,
  ProviderError,
  verifyDocument,
  type ListedDocument,
} from './provider.js';
import { findOrCreateVendor, ingestCsaf } from './store.js';

/**
 * The `vendors.sync` job: one feed, incrementally. A CSAF provider feed reads the metadata and
 * keys, then the listing with a conditional GET (an unchanged changes.csv is one 304), and
 * downloads only documents it does not hold at the listed date. Each document is verified
 * (hash, then signature with the provider's key) before it is read; one that fails is rejected
 * — not stored — and named on the feed's status with the reason. Each accepted document is its
 * own transaction, so one bad document never undoes the good ones. Matching and exposure are
 * refreshed once at the end.
 */

export const VENDOR_SYNC_JOB = 'vendors.sync';
const MAX_ERRORS_KEPT = 100;

export interface FeedError {
  readonly url: string;
  readonly problem: 'signature' | 'hash' | 'invalid' | 'fetch';
  readonly detail: string;
}

export interface SyncSummary {
  status: 'ok' | 'partial' | 'failed' | 'not-modified';
  listed: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: FeedError[];
  exposures?: number;
}

async function loadFeed(db: Db, orgId: string, feedId: string) {
  const feed = await db.selectFrom('vendor_feeds').selectAll().where('id', '=', feedId).where('org_id', '=', orgId).executeTakeFirst();
  if (!feed) throw new Error('The feed no longer exists.');
  return feed;
}

export async function runFeedSync(db: Db, job: JobContext<{ feedId: string }>): Promise<SyncSummary> {
  const feed = await loadFeed(db, job.orgId, job.payload.feedId);
  await db.updateTable('vendor_feeds').set({ status: 'running', last_sync_at: sql<Date>`now()` }).where('id', '=', feed.id).execute();
  let summary: SyncSummary;
  try {
    summary = feed.kind === 'instance' ? await syncInstanceFeed(db, feed) : await syncProviderFeed(db, feed, job);
  } catch (error) {
    const message = (error as Error).message.slice(0, 2000);
    await db.updateTable('vendor_feeds').set({ status: 'failed', last_error: message }).where('id', '=', feed.id).execute();
    await db.transaction().execute((tx) => recordAudit(tx, systemContext(feed.org_id), { action: 'vendors.feed_sync', target: { type: 'vendor_feed', id: feed.id }, summary: { status: 'failed', error: message } }));
    throw error;
  }
  await job.progress(summary.listed, summary.listed, 'matching assets and recomputing exposure');
  summary.exposures = (await refreshExposure(db, feed.org_id)).exposures;
  const docs = await db.selectFrom('vendor_documents').select(sql<number>`count(*)::int`.as('n')).where('feed_id', '=', feed.id).executeTakeFirstOrThrow();
  await db
    .updateTable('vendor_feeds')
    .set({
      status: summary.status === 'not-modified' ? 'ok' : summary.status,
      last_error: summary.errors.length > 0 ? `${summary.errors.length} document(s) rejected or unreadable` : null,
      ...(summary.status === 'failed' ? {} : { last_success_at: sql<Date>`now()` }),
      documents_total: docs.n,
      last_new: summary.new,
      last_updated: summary.updated,
      last_unchanged: summary.unchanged,
      last_rejected: summary.rejected,
      errors: JSON.stringify(summary.errors.slice(0, MAX_ERRORS_KEPT)),
    })
    .where('id', '=', feed.id)
    .execute();
  const { errors, ...counts } = summary;
  await db.transaction().execute((tx) =>
    recordAudit(tx, systemContext(feed.org_id), { action: 'vendors.feed_sync', target: { type: 'vendor_feed', id: feed.id }, summary: { ...counts, rejectedUrls: errors.filter((e) => e.problem !== 'fetch').map((e) => maskUrlSecrets(e.url)).slice(0, 20) } }),
  );
  return summary;
}

type Feed = Awaited<ReturnType<typeof loadFeed>>;

/** The document listing: the directory's changes.csv (or index.txt), else the ROLIE feeds. */
async function listDocuments(feed: Feed, dirs: readonly string[], feeds: readonly { url: string; tlp: string }[], errors: FeedError[]) {
  if (dirs.length > 0) {
    const dir = dirs[0]!;
    const changesUrl = new URL('changes.csv', dir).toString();
    try {
      const r = await fetchBytes(changesUrl, MAX_LISTING_BYTES, { etag: feed.etag ?? undefined, lastModified: feed.last_modified ?? undefined });
      if (r.notModified) return { notModified: true as const, docs: [] as ListedDocument[], etag: r.etag ?? feed.etag, lastModified: r.lastModified ?? feed.last_modified };
      return { notModified: false as const, docs: parseChangesCsv(r.bytes.toString('utf8'), dir), etag: r.etag ?? null, lastModified: r.lastModified ?? null };
    } catch (error) {
      if (!(error instanceof FetchError && error.code === 'http-status' && error.status === 404)) throw error;
    }
    const index = await fetchBytes(new URL('index.txt', dir).toString(), MAX_LISTING_BYTES);
    if (!index.notModified) return { notModified: false as const, docs: parseIndexTxt(index.bytes.toString('utf8'), dir), etag: null, lastModified: null };
  }
  const docs: ListedDocument[] = [];
  for (const f of feeds) {
    try {
      const r = await fetchBytes(f.url, MAX_LISTING_BYTES);
      if (!r.notModified) docs.push(...parseRolieFeed(r.bytes, f.url));
    } catch (error) {
      // A TLP:GREEN feed needs the provider's credentials; the public ones still count.
      errors.push({ url: f.url, problem: 'fetch', detail: `ROLIE feed (TLP:${f.tlp}) not read: ${(error as Error).message}` });
    }
  }
  const seen = new Set<string>();
  return { notModified: false as const, docs: docs.filter((d) => !seen.has(d.url) && seen.add(d.url)), etag: null, lastModified: null };
}

async function syncProviderFeed(db: Db, feed: Feed, job: JobContext<{ feedId: string }>): Promise<SyncSummary> {
  const metaUrl = metadataUrlOf(feed.url!);
  await job.progress(0, undefined, `reading ${maskUrlSecrets(metaUrl)}`);
  const metaFetch = await fetchBytes(metaUrl, MAX_METADATA_BYTES);
  if (metaFetch.notModified) throw new ProviderError('provider-metadata.json answered 304 to an unconditional request');
  const meta = parseProviderMetadata(metaFetch.bytes, metaUrl);
  const summary: SyncSummary = { status: 'ok', listed: 0, new: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };

  // Pinned keys (given when the feed was added) are the only trusted ones; otherwise the
  // metadata's keys whose fingerprints match are, refreshed on every sync.
  const pinned = feed.public_keys.filter((k) => k.pinned);
  let keys = pinned.map((k) => ({ fingerprint: k.fingerprint, armored: k.armored }));
  if (pinned.length === 0) {
    const fetched = await fetchProviderKeys(meta);
    keys = fetched.keys;
    for (const p of fetched.problems) summary.errors.push({ url: metaUrl, problem: 'signature', detail: p });
  }
  const vendorId = feed.vendor_id ?? (await findOrCreateVendor(db, feed.org_id, meta.publisherName));
  await db
    .updateTable('vendor_feeds')
    .set({ vendor_id: vendorId, public_keys: JSON.stringify(pinned.length > 0 ? feed.public_keys : keys.map((k) => ({ ...k, pinned: false }))) })
    .where('id', '=', feed.id)
    .execute();
  const vendor = await db.selectFrom('vendors').select('name').where('id', '=', vendorId).executeTakeFirstOrThrow();

  const listing = await listDocuments(feed, meta.directoryUrls, meta.rolieFeeds, summary.errors);
  if (listing.notModified && feed.documents_total > 0) {
    summary.status = 'not-modified';
    return summary;
  }
  summary.listed = listing.docs.length;
  const known = new Map(
    (await db.selectFrom('vendor_documents').select(['url', 'current_release_date']).where('org_id', '=', feed.org_id).where('feed_id', '=', feed.id).execute()).map((d) => [d.url, d.current_release_date]),
  );
  let done = 0;
  for (const doc of listing.docs) {
    done++;
    const held = known.get(doc.url);
    if (held && doc.updated && !Number.isNaN(Date.parse(doc.updated)) && Date.parse(doc.updated) <= held.getTime()) {
      summary.unchanged++;
      continue;
    }
    await job.progress(done, listing.docs.length, `verifying ${doc.url.split('/').at(-1)}`);
    const outcome = await syncDocument(db, feed, vendor.name, doc, keys);
    if ('problem' in outcome) {
      summary.errors.push(outcome);
      if (outcome.problem !== 'fetch') summary.rejected++;
    } else summary[outcome.outcome]++;
  }
  if (listing.etag !== undefined || listing.lastModified !== undefined) await db.updateTable('vendor_feeds').set({ etag: listing.etag ?? null, last_modified: listing.lastModified ?? null }).where('id', '=', feed.id).execute();
  const accepted = summary.new + summary.updated + summary.unchanged;
  summary.status = summary.errors.length === 0 ? 'ok' : summary.listed > 0 && accepted === 0 ? 'failed' : 'partial';
  return summary;
}

/** Downloads, verifies, reads and stores one document; a failure names why and stores nothing. */
async function syncDocument(db: Db, feed: Feed, vendorName: string, doc: ListedDocument, keys: readonly { fingerprint: string; armored: string }[]): Promise<FeedError | { outcome: 'new' | 'updated' | 'unchanged' }> {
  let bytes: Buffer;
  try {
    const r = await fetchBytes(doc.url, MAX_DOCUMENT_BYTES);
    if (r.notModified) return { url: doc.url, problem: 'fetch', detail: 'answered 304 to an unconditional request' };
    bytes = r.bytes;
  } catch (error) {
    return { url: doc.url, problem: 'fetch', detail: (error as Error).message };
  }
  const verdict = await verifyDocument(bytes, doc, keys);
  if (verdict) return { url: doc.url, ...verdict };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { url: doc.url, problem: 'invalid', detail: 'the document is not JSON' };
  }
  let read;
  try {
    read = readCsafForCatalog(json);
  } catch (error) {
    if (error instanceof CsafReadError) return { url: doc.url, problem: 'invalid', detail: `${error.message} (at ${error.pointer})` };
    throw error;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = await db.transaction().execute((tx) => ingestCsaf(tx, feed.org_id, read, json, { feedId: feed.id, source: 'feed', url: doc.url, sha256, signatureStatus: 'valid', hashStatus: 'valid' }, vendorName));
  return { outcome: result.outcome };
}
