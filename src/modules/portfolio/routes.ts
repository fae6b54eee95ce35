import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { LIFECYCLE_STAGES } from './lifecycle.js';
import { createProduct, createRelease, getProduct, getRelease, listProducts, listReleases, updateProduct, updateRelease } from './service.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const CalendarDate = z.iso.date().describe('YYYY-MM-DD');
const Stage = z.enum(LIFECYCLE_STAGES);

const ProductBody = z.strictObject({
  name: Text(200),
  manufacturer: Text(200).nullable().optional(),
  modelNumbers: z.array(Text(100)).max(100).optional(),
  deviceClass: Text(50).nullable().optional().describe('e.g. "II" (FDA) or "IIb" (EU MDR)'),
  regulatoryIds: z.record(z.string().regex(/^[A-Za-z][\w-]{0,40}$/), Text(200)).optional().describe('e.g. {"fda510k": "K203456", "udiDi": "00812345678901"}'),
  intendedUse: Text(4000).nullable().optional(),
  clinicalFunction: Text(1000).nullable().optional(),
  connectivity: z.array(Text(100)).max(50).optional().describe('interfaces, e.g. ["Wi-Fi", "Bluetooth LE", "HL7 over TCP"]'),
  description: Text(8000).nullable().optional(),
});

const ProductView = z.object({
  id: z.string(),
  name: z.string(),
  manufacturer: z.string().nullable(),
  modelNumbers: z.array(z.string()),
  deviceClass: z.string().nullable(),
  regulatoryIds: z.record(z.string(), z.string()),
  intendedUse: z.string().nullable(),
  clinicalFunction: z.string().nullable(),
  connectivity: z.array(z.string()),
  description: z.string().nullable(),
  archivedAt: Timestamp.nullable(),
  releaseCount: z.number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const ReleaseBody = z.strictObject({
  version: Text(100),
  lifecycleStage: Stage.optional(),
  releaseDate: CalendarDate.nullable().optional(),
  endOfLifeDate: CalendarDate.nullable().optional(),
  endOfGuaranteedSupportDate: CalendarDate.nullable().optional(),
  endOfSupportDate: CalendarDate.nullable().optional(),
  customersNotifiedAt: z.iso.datetime({ offset: true }).nullable().optional(),
  releaseNotesUrl: z.url().max(2000).nullable().optional(),
});

const ReleaseView = z.object({
  id: z.string(),
  productId: z.string(),
  version: z.string(),
  lifecycleStage: Stage,
  stageByDates: Stage.nullable().describe('the stage the dates imply today, when it differs from the declared one'),
  releaseDate: z.string().nullable(),
  endOfLifeDate: z.string().nullable(),
  endOfGuaranteedSupportDate: z.string().nullable(),
  endOfSupportDate: z.string().nullable(),
  customersNotifiedAt: Timestamp.nullable(),
  releaseNotesUrl: z.string().nullable(),
  archivedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export function portfolioRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['portfolio'];

  app.get(
    '/api/v1/products',
    {
      config: { action: 'portfolio.read' },
      schema: { tags, summary: 'Products, by name', querystring: PageQuery.extend({ search: z.string().max(200).optional(), includeArchived: Flag.optional() }).strict(), response: { 200: pageSchema(ProductView) } },
    },
    async (request) => {
      const { limit, cursor, search, includeArchived } = request.query;
      const after = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
      const rows = await listProducts(db, orgOf(request), { search, includeArchived }, limit + 1, after);
      return toPage(rows, limit, (p) => p, (p) => [p.name.toLowerCase(), p.id]);
    },
  );

  app.post('/api/v1/products', { config: { action: 'portfolio.write' }, schema: { tags, summary: 'Create a product', body: ProductBody, response: { 201: ProductView } } }, async (request, reply) =>
    reply.status(201).send(await createProduct(db, orgOf(request), request.body)),
  );

  app.get('/api/v1/products/:id', { config: { action: 'portfolio.read' }, schema: { tags, summary: 'One product', params: IdParams, response: { 200: ProductView } } }, async (request) =>
    getProduct(db, orgOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/products/:id',
    { config: { action: 'portfolio.write' }, schema: { tags, summary: 'Edit, archive or restore a product', params: IdParams, body: ProductBody.partial().extend({ archived: z.boolean().optional() }).strict(), response: { 200: ProductView } } },
    async (request) => updateProduct(db, orgOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/products/:id/releases',
    { config: { action: 'portfolio.read' }, schema: { tags, summary: "A product's releases, newest first", params: IdParams, querystring: z.strictObject({ includeArchived: Flag.optional() }), response: { 200: z.object({ items: z.array(ReleaseView) }) } } },
    async (request) => ({ items: await listReleases(db, orgOf(request), request.params.id, request.query.includeArchived ?? false) }),
  );

  app.post(
    '/api/v1/products/:id/releases',
    { config: { action: 'portfolio.write' }, schema: { tags, summary: 'Add a release (version) to a product', params: IdParams, body: ReleaseBody, response: { 201: ReleaseView } } },
    async (request, reply) => reply.status(201).send(await createRelease(db, orgOf(request), request.params.id, request.body)),
  );

  app.get('/api/v1/releases/:id', { config: { action: 'portfolio.read' }, schema: { tags, summary: 'One release', params: IdParams, response: { 200: ReleaseView } } }, async (request) =>
    getRelease(db, orgOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/releases/:id',
    { config: { action: 'portfolio.write' }, schema: { tags, summary: 'Edit a release: lifecycle stage, support dates, archive', params: IdParams, body: ReleaseBody.partial().extend({ archived: z.boolean().optional() }).strict(), response: { 200: ReleaseView } } },
    async (request) => updateRelease(db, orgOf(request), request.params.id, request.body),
  );
}
