import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { addFeed, availableManufacturers, deleteFeed, enqueueDueFeedSyncs, getFeed, listCatalog, listDocuments, listFeeds, MAX_UPLOAD_BYTES, requestFeedSync, uploadCsaf } from './service.js';
import { MAX_SBOM_BYTES, uploadSbom } from './sbom.js';
import { runFeedSync, VENDOR_SYNC_JOB } from './sync.js';
import { MAX_VEX_UPLOAD_BYTES, uploadVex } from './vex.js';

/** Worker processes look for feeds due a daily sync this often. */
const FEED_TICK_MS = 60 * 60 * 1000;

export function registerVendorJobs(deps: Deps): void {
  deps.jobs.register<{ feedId: string }>(VENDOR_SYNC_JOB, (job) => runFeedSync(deps.database.kysely, job));
  deps.jobs.every('vendors.sync-due', FEED_TICK_MS, () => enqueueDueFeedSyncs(deps.database.kysely, deps.jobs));
}

const FeedView = z.object({
  id: z.string(),
  kind: z.enum(['csaf_provider', 'instance']),
  url: z.string().nullable().describe('provider-metadata.json URL (credentials masked)'),
  manufacturerOrgId: z.string().nullable(),
  name: z.string(),
  enabled: z.boolean(),
  status: z.enum(['new', 'running', 'ok', 'partial', 'failed']).describe('partial: some documents were rejected (see errors)'),
  vendorId: z.string().nullable(),
  lastJobId: z.string().nullable(),
  lastSyncAt: Timestamp.nullable(),
  lastSuccessAt: Timestamp.nullable(),
  documentsTotal: z.number(),
  lastRun: z.object({ new: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
  errors: z.array(z.object({ url: z.string(), problem: z.string(), detail: z.string() })).describe('Rejected documents (bad signature, bad hash, unreadable) and fetch failures of the last sync'),
  lastError: z.string().nullable(),
  keys: z.array(z.object({ fingerprint: z.string(), pinned: z.boolean() })).describe('OpenPGP keys trusted for this provider'),
  createdAt: Timestamp,
});

const ReleaseView = z.object({
  id: z.string(), productId: z.string(), product: z.string(), version: z.string(), modelNumbers: z.array(z.string()), serialNumbers: z.array(z.string()), purls: z.array(z.string()), cpes: z.array(z.string()),
  lifecycleStage: z.string().nullable(), endOfLifeDate: z.string().nullable(), endOfGuaranteedSupportDate: z.string().nullable(), endOfSupportDate: z.string().nullable(),
  statements: z.number(), assets: z.number().describe('Assets matched to this release'),
});
const VendorView = z.object({ id: z.string(), name: z.string(), sameInstance: z.boolean(), documents: z.number(), releases: z.array(ReleaseView) });
const DocumentView = z.object({
  id: z.string(), vendorId: z.string(), vendor: z.string(), feedId: z.string().nullable(), kind: z.string(), format: z.string(), source: z.enum(['feed', 'instance', 'upload']), key: z.string(),
  url: z.string().nullable(), title: z.string().nullable(), version: z.string().nullable(), currentReleaseDate: Timestamp.nullable(), sha256: z.string(),
  signatureStatus: z.enum(['valid', 'not_checked']), hashStatus: z.enum(['valid', 'not_checked']), statements: z.number(), receivedAt: Timestamp,
});
const JobStarted = z.object({ jobId: z.string(), alreadyRunning: z.boolean() });
/** Which vendor release an SBOM or VEX upload is about (those formats do not name the device the way CSAF does). */
const ReleaseTarget = z.strictObject({ vendor: z.string().trim().min(1).max(200), product: z.string().trim().min(1).max(300), version: z.string().trim().min(1).max(200) });

/** Routes whose body travels raw (a document), in their own scope so the rest of the API stays JSON-only. */
function rawBodyRoutes(app: HttpServer, bodyLimit: number, routes: (scope: HttpServer) => void): void {
  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    routes(upload);
  });
}

export function vendorRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['vendors'];

  app.get('/api/v1/vendor-feeds', { config: { action: 'vendors.read' }, schema: { tags, summary: 'Vendor feeds followed, with their sync status', response: { 200: z.object({ items: z.array(FeedView) }) } } }, async (request) => ({ items: await listFeeds(db, orgOf(request)) }));

  app.post(
    '/api/v1/vendor-feeds',
    {
      config: { action: 'vendors.manage' },
      schema: {
        tags,
        summary: 'Follow a vendor: a CSAF trusted provider (its provider-metadata.json URL, or a bare origin for /.well-known/csaf/provider-metadata.json) or a manufacturer on this instance that shares with you',
        body: z.strictObject({
          kind: z.enum(['csaf_provider', 'instance']),
          url: z.string().trim().min(1).max(2000).optional(),
          manufacturerOrgId: z.uuid().optional(),
          name: z.string().trim().min(1).max(200).optional(),
          publicKeys: z.array(z.string().min(1).max(100_000)).max(5).optional().describe('Armored OpenPGP public keys to pin; without them the keys the provider metadata lists are used'),
        }),
        response: { 201: FeedView },
      },
    },
    async (request, reply) => reply.status(201).send(await addFeed(db, orgOf(request), request.body)),
  );

  app.get('/api/v1/vendor-feeds/manufacturers', { config: { action: 'vendors.read' }, schema: { tags, summary: 'Manufacturers on this instance that share products with your organization', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), products: z.number(), followed: z.boolean() })) }) } } }, async (request) => ({
    items: await availableManufacturers(db, orgOf(request)),
  }));

  app.get('/api/v1/vendor-feeds/:id', { config: { action: 'vendors.read' }, schema: { tags, summary: 'One feed and its status, with the documents rejected by the last sync', params: IdParams, response: { 200: FeedView } } }, async (request) => getFeed(db, orgOf(request), request.params.id));

  app.delete('/api/v1/vendor-feeds/:id', { config: { action: 'vendors.manage' }, schema: { tags, summary: 'Stop following a feed (its documents stay)', params: IdParams } }, async (request, reply) => {
    await deleteFeed(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/vendor-feeds/:id/sync', { config: { action: 'vendors.manage' }, schema: { tags, summary: 'Sync now (a vendors.sync job; GET /api/v1/jobs/:id for progress)', params: IdParams, response: { 202: JobStarted } } }, async (request, reply) =>
    reply.status(202).send(await requestFeedSync(db, deps.jobs, orgOf(request), request.params.id)),
  );

  app.get('/api/v1/vendors', { config: { action: 'vendors.read' }, schema: { tags, summary: 'The vendor catalog: vendors, products and releases with lifecycle and identification helpers', response: { 200: z.object({ items: z.array(VendorView) }) } } }, async (request) => ({ items: await listCatalog(db, orgOf(request)) }));

  app.get('/api/v1/vendor-documents', { config: { action: 'vendors.read' }, schema: { tags, summary: 'Vendor documents received (newest first, 500 at most)', querystring: z.strictObject({ vendorId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(DocumentView) }) } } }, async (request) => ({
    items: await listDocuments(db, orgOf(request), request.query.vendorId),
  }));

  rawBodyRoutes(app, MAX_UPLOAD_BYTES, (upload) => {
    upload.post(
      '/api/v1/vendor-documents/csaf',
      {
        config: { action: 'vendors.manage' },
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags,
          summary: 'Upload a vendor CSAF 2.0 document (security advisory or VEX, up to 15 MB): its product tree fills the catalog, its product statuses the statements; matching and exposure follow',
          querystring: z.strictObject({ vendor: z.string().trim().min(1).max(200).optional().describe('The vendor to file it under (default: the document publisher)') }),
          response: {
            200: z.object({ documentId: z.string(), vendorId: z.string(), outcome: z.enum(['new', 'updated', 'unchanged']), trackingId: z.string(), releases: z.number(), statements: z.number(), skippedProducts: z.number(), exposures: z.number() }),
          },
        },
      },
      async (request) => uploadCsaf(db, orgOf(request), request.body as Buffer, request.query.vendor),
    );
  });

  rawBodyRoutes(app, MAX_SBOM_BYTES, (upload) => {
    upload.post(
      '/api/v1/vendor-documents/sbom',
      {
        config: { action: 'vendors.manage' },
        bodyLimit: MAX_SBOM_BYTES,
        schema: {
          tags,
          summary: 'Upload a vendor SBOM (CycloneDX or SPDX, up to 50 MB) for one of its releases: components matched against your intelligence become "under investigation" statements unless the vendor already spoke about the vulnerability',
          querystring: ReleaseTarget,
          response: { 200: z.object({ documentId: z.string(), releaseId: z.string(), outcome: z.enum(['new', 'unchanged']), components: z.number(), matches: z.number(), exposures: z.number() }) },
        },
      },
      async (request) => uploadSbom(db, orgOf(request), request.body as Buffer, request.query),
    );
  });

  rawBodyRoutes(app, MAX_VEX_UPLOAD_BYTES, (upload) => {
    upload.post(
      '/api/v1/vendor-documents/vex',
      {
        config: { action: 'vendors.manage' },
        bodyLimit: MAX_VEX_UPLOAD_BYTES,
        schema: {
          tags,
          summary: 'Upload a vendor CycloneDX VEX or OpenVEX document (up to 15 MB) for one of its releases; any invalid statement refuses the whole document (422 with pointers). CSAF VEX: use /vendor-documents/csaf',
          querystring: ReleaseTarget,
          response: { 200: z.object({ documentId: z.string(), releaseId: z.string(), outcome: z.enum(['new', 'unchanged']), statements: z.number(), format: z.enum(['cyclonedx', 'openvex']), exposures: z.number() }) },
        },
      },
      async (request) => uploadVex(db, orgOf(request), request.body as Buffer, request.query),
    );
  });
}
