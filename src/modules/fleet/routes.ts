import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Problem } from '../../platform/http/problem.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { assetsCsv } from './export.js';
import { ASSET_FIELDS, CRITICALITIES } from './fields.js';
import { checkMapping, importAssets, listImportRuns, listMappings, previewImport, putMapping } from './import.js';
import { assetCursor, BULK_FIELDS, bulkUpdateAssets, createAsset, fleetSummary, getAsset, listAssets, updateAsset } from './service.js';
import { MAX_IMPORT_BYTES } from './table.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Opt = (max: number) => z.string().trim().max(max).nullable().optional();
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const Criticality = z.enum(CRITICALITIES);

/** Values are checked again by the service's field parser (the one imports use). */
const AssetFields = {
  manufacturer: Text(200),
  model: Text(200),
  serial: Text(200),
  softwareVersion: Opt(100),
  firmwareVersion: Opt(100),
  location: Opt(200),
  department: Opt(200),
  networkZone: Opt(100),
  vlan: z.number().int().min(1).max(4094).nullable().optional(),
  ip: Opt(45).describe('IPv4 or IPv6'),
  mac: Opt(40).describe('Any common notation; stored as aa:bb:cc:dd:ee:ff'),
  clinicalCriticality: Criticality.nullable().optional().describe('null: not assessed'),
  patientConnected: z.boolean().optional(),
  owner: Opt(200),
  purchasedOn: z.iso.date().nullable().optional(),
  installedOn: z.iso.date().nullable().optional(),
};
const AssetBody = z.strictObject(AssetFields);
const AssetPatch = z.strictObject({ ...AssetFields, archived: z.boolean().optional() }).partial();
const BulkSet = z.strictObject(Object.fromEntries(BULK_FIELDS.map((f) => [f, AssetFields[f]])) as { [K in (typeof BULK_FIELDS)[number]]: (typeof AssetFields)[K] }).extend({ archived: z.boolean().optional() });

export const AssetView = z.object({
  id: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string(),
  softwareVersion: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  location: z.string().nullable(),
  department: z.string().nullable(),
  networkZone: z.string().nullable(),
  vlan: z.number().nullable(),
  ip: z.string().nullable(),
  mac: z.string().nullable(),
  clinicalCriticality: Criticality.nullable(),
  patientConnected: z.boolean(),
  owner: z.string().nullable(),
  purchasedOn: z.string().nullable(),
  installedOn: z.string().nullable(),
  archived: z.boolean(),
  lastImportId: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const AssetFilterQuery = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('Substring of manufacturer, model, serial, location, owner or IP'),
  manufacturer: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  department: z.string().max(200).optional(),
  criticality: z.enum([...CRITICALITIES, 'unassessed']).optional(),
  patientConnected: Flag.optional(),
  archived: Flag.optional().describe('true: archived assets only (default: active ones)'),
});

const MappingSchema = z.partialRecord(z.enum(ASSET_FIELDS), z.string().max(200)).describe('asset field → header of the file');
const MappingView = z.object({ name: z.string(), mapping: MappingSchema, updatedAt: Timestamp, updatedBy: z.string() });
const RowErrorView = z.object({ row: z.number().nullable(), column: z.string().nullable(), message: z.string() });
const DuplicateView = z.object({ line: z.number(), keptLine: z.number(), manufacturer: z.string(), serial: z.string() });

const ImportQuery = z.strictObject({
  fileName: z.string().max(300).default('upload'),
  mapping: z.string().trim().min(1).max(100).optional().describe('Use the column mapping saved under this name'),
  saveMappingAs: z.string().trim().min(1).max(100).optional().describe('Remember the mapping used under this name'),
  columns: z.string().max(8000).optional().describe('An explicit mapping as JSON, {"serial": "Asset Tag", …} (the mapping screen sends this); wins over `mapping`'),
});

/** The `columns` query parameter: JSON of asset field → header, or a 400 naming what is wrong. */
export function parseColumns(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Problem(400, 'validation', 'columns is not JSON: send an object of asset field → column header.', { errors: [{ pointer: '/querystring/columns', message: 'not JSON' }] });
  }
  const parsed = z.record(z.string(), z.string().max(200)).safeParse(value);
  if (!parsed.success) throw new Problem(400, 'validation', 'columns must be an object of asset field → column header (strings).', { errors: [{ pointer: '/querystring/columns', message: 'not an object of strings' }] });
  return parsed.data;
}

/** What an upload may be sent as (the content is detected from its bytes, not from this). */
const UPLOAD_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel'];

export function fleetRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['fleet'];

  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/assets/import/preview',
      {
        config: { action: 'fleet.read' },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags,
          summary: 'Read a CSV or XLSX export without importing it: detected format and encoding, headers, five sample rows, the suggested mapping and the saved one',
          querystring: z.strictObject({ mapping: z.string().trim().min(1).max(100).optional() }),
          response: {
            200: z.object({
              format: z.enum(['csv', 'xlsx']), encoding: z.string().nullable(), headers: z.array(z.string()), sample: z.array(z.array(z.string())), rows: z.number(),
              suggested: MappingSchema, saved: z.object({ name: z.string(), mapping: MappingSchema }).nullable(),
            }),
          },
        },
      },
      async (request) => previewImport(db, orgOf(request), request.body as Buffer, request.query.mapping),
    );
    upload.post(
      '/api/v1/assets/import',
      {
        config: { action: 'fleet.write' },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags,
          summary: 'Import assets from a CSV (UTF-8, UTF-16 with BOM, Windows-1252) or XLSX export: upsert on manufacturer + serial, all rows or none (at most 200,000 rows)',
          querystring: ImportQuery,
          response: {
            200: z.object({ runId: z.string(), format: z.enum(['csv', 'xlsx']), encoding: z.string().nullable(), mapping: MappingSchema, rows: z.number(), created: z.number(), updated: z.number(), unchanged: z.number(), duplicates: z.array(DuplicateView) }),
          },
        },
      },
      async (request) => {
        const { fileName, mapping, saveMappingAs, columns } = request.query;
        const explicit = columns === undefined ? undefined : checkMapping(parseColumns(columns));
        const result = await importAssets(db, orgOf(request), request.body as Buffer, { fileName, mappingName: mapping, mapping: explicit, saveMappingAs });
        return { ...result, duplicates: [...result.duplicates] };
      },
    );
  });

  app.get(
    '/api/v1/assets',
    { config: { action: 'fleet.read' }, schema: { tags, summary: 'The fleet by manufacturer and model, with filters', querystring: PageQuery.extend(AssetFilterQuery.shape).strict(), response: { 200: pageSchema(AssetView) } } },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = cursor ? (decodeCursor(cursor, ['string', 'string', 'string']) as [string, string, string]) : undefined;
      const rows = await listAssets(db, orgOf(request), filter, limit + 1, after);
      return toPage(rows, limit, (r) => r, assetCursor);
    },
  );

  app.post('/api/v1/assets', { config: { action: 'fleet.write' }, schema: { tags, summary: 'Add an asset by hand (409 if the manufacturer already has that serial)', body: AssetBody, response: { 201: AssetView } } }, async (request, reply) => {
    return reply.status(201).send(await createAsset(db, orgOf(request), request.body));
  });

  app.get(
    '/api/v1/assets/summary',
    {
      config: { action: 'fleet.read' },
      schema: { tags, summary: 'Active assets: total, patient-connected, unassessed criticality, models, per department', response: { 200: z.object({ total: z.number(), patientConnected: z.number(), unassessed: z.number(), models: z.number(), departments: z.array(z.object({ department: z.string().nullable(), count: z.number() })) }) } },
    },
    async (request) => fleetSummary(db, orgOf(request)),
  );

  app.get(
    '/api/v1/assets.csv',
    { config: { action: 'fleet.read' }, schema: { tags, summary: 'The fleet as CSV (the importer’s headers; formula-like cells prefixed with \')', querystring: AssetFilterQuery.strict() } },
    async (request, reply) => {
      const text = await assetsCsv(db, orgOf(request), request.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply.type('text/csv; charset=utf-8; header=present').header('content-disposition', `attachment; filename="vigil-fleet-${day}.csv"`).send(text);
    },
  );

  app.post(
    '/api/v1/assets/bulk',
    {
      config: { action: 'fleet.write' },
      schema: { tags, summary: 'Set the same location, department, zone, VLAN, criticality, owner, versions or archived flag on many assets', body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(5000), set: BulkSet }), response: { 200: z.object({ updated: z.number() }) } },
    },
    async (request) => bulkUpdateAssets(db, orgOf(request), request.body.ids, request.body.set),
  );

  app.get('/api/v1/assets/:id', { config: { action: 'fleet.read' }, schema: { tags, summary: 'One asset', params: IdParams, response: { 200: AssetView } } }, async (request) => getAsset(db, orgOf(request), request.params.id));

  app.patch('/api/v1/assets/:id', { config: { action: 'fleet.write' }, schema: { tags, summary: 'Edit an asset (archived: true takes it out of the fleet views)', params: IdParams, body: AssetPatch, response: { 200: AssetView } } }, async (request) =>
    updateAsset(db, orgOf(request), request.params.id, request.body),
  );

  app.get('/api/v1/asset-mappings', { config: { action: 'fleet.read' }, schema: { tags, summary: 'Saved column mappings, by source name', response: { 200: z.object({ items: z.array(MappingView) }) } } }, async (request) => ({
    items: await listMappings(db, orgOf(request)),
  }));

  app.put(
    '/api/v1/asset-mappings/:name',
    { config: { action: 'fleet.write' }, schema: { tags, summary: 'Save (or replace) the column mapping of a source system', params: z.strictObject({ name: Text(100) }), body: z.strictObject({ mapping: MappingSchema }), response: { 200: MappingView } } },
    async (request) => putMapping(db, orgOf(request), request.params.name, request.body.mapping),
  );

  app.get(
    '/api/v1/asset-imports',
    {
      config: { action: 'fleet.read' },
      schema: {
        tags, summary: 'Import runs, newest first, with their counts and errors',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), fileName: z.string(), format: z.string(), encoding: z.string().nullable(), mappingName: z.string().nullable(), status: z.string(), rows: z.number(), created: z.number(), updated: z.number(), unchanged: z.number(), duplicates: z.number(), errors: z.array(RowErrorView), actor: z.string(), startedAt: Timestamp, finishedAt: Timestamp.nullable() })) }) },
      },
    },
    async (request) => ({ items: await listImportRuns(db, orgOf(request)) }),
  );
}
