import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { serializeCycloneDxJson, serializeCycloneDxXml } from '../../formats/cyclonedx/index.js';
import { serializeSpdxJson, serializeSpdxTagValue } from '../../formats/spdx/index.js';
import { SUPPORT_PROPERTIES, type SbomDocument, type SbomIssue } from '../../formats/sbom/model.js';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { rowsToDocument, type ComponentRow } from './rows.js';
import { assessQuality } from './quality.js';
import { diffComponents } from './diff.js';
import { matchImportedSbom } from '../intel/service.js';
import { componentFacets, dependencyGraph, getComponent, listCurrentSboms } from './explorer.js';
import { MAX_SUPPORT_CSV_BYTES } from './support-csv.js';
import { importSupportCsv } from './support-import.js';
import { MAX_SBOM_BYTES, currentComponents, getSbom, updateComponents, importSbom, listComponents, listReleaseSboms, loadSbomForExport, originalDocument } from './service.js';

/** Content types an SBOM upload may carry; the format itself is read from the content. */
const SBOM_CONTENT_TYPES = [
  'application/json',
  'application/vnd.cyclonedx+json',
  'application/spdx+json',
  'application/xml',
  'text/xml',
  'application/vnd.cyclonedx+xml',
  'text/spdx',
  'text/plain',
  'application/gzip',
  'application/octet-stream',
];

const SbomView = z.object({
  id: z.string(),
  releaseId: z.string(),
  revision: z.number(),
  isCurrent: z.boolean(),
  encoding: z.enum(['cyclonedx-json', 'cyclonedx-xml', 'spdx-json', 'spdx-tag-value']),
  format: z.enum(['cyclonedx', 'spdx']),
  specVersion: z.string(),
  contentHash: z.string(),
  sizeBytes: z.number(),
  serialNumber: z.string().nullable(),
  name: z.string().nullable(),
  created: z.string().nullable(),
  authors: z.array(z.string()),
  tools: z.array(z.unknown()),
  supplier: z.string().nullable(),
  componentCount: z.number(),
  issues: z.array(z.unknown()).describe('warnings found while reading'),
  importedBy: z.string().nullable(),
  importedAt: Timestamp,
});

const ComponentView = z.object({
  ref: z.string(),
  parentRef: z.string().nullable(),
  type: z.string(),
  name: z.string(),
  group: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  cpe: z.string().nullable(),
  supplier: z.string().nullable(),
  license: z.string().nullable(),
  scope: z.string().nullable(),
  hashes: z.array(z.object({ alg: z.string(), content: z.string() })),
  dependsOn: z.array(z.string()),
  levelOfSupport: z.string().nullable(),
  endOfSupport: z.string().nullable(),
});

const presentComponent = (r: ComponentRow) => ({
  ref: r.ref,
  parentRef: r.parent_ref,
  type: r.type,
  name: r.name,
  group: r.grp,
  version: r.version,
  purl: r.purl,
  cpe: r.cpe,
  supplier: r.supplier,
  license: r.license,
  scope: r.scope,
  hashes: r.hashes,
  dependsOn: r.depends_on,
  levelOfSupport: r.level_of_support,
  endOfSupport: r.end_of_support,
});

/** Support data is shown from its columns (what users edit); the copies in properties would go stale. */
const withoutSupportProperties = (properties: { name: string; value: string }[]) => properties.filter((p) => p.name !== SUPPORT_PROPERTIES.levelOfSupport && p.name !== SUPPORT_PROPERTIES.endOfSupport);

export const EXPORT_FORMATS = {
  'cyclonedx-json': { type: 'application/vnd.cyclonedx+json', ext: 'cdx.json', write: (d: SbomDocument) => serializeCycloneDxJson(d, '1.6') },
  'cyclonedx-xml': { type: 'application/vnd.cyclonedx+xml', ext: 'cdx.xml', write: (d: SbomDocument) => serializeCycloneDxXml(d, '1.6') },
  'spdx-json': { type: 'application/spdx+json', ext: 'spdx.json', write: (d: SbomDocument) => serializeSpdxJson(d, '2.3') },
  'spdx-tag-value': { type: 'text/spdx; charset=utf-8', ext: 'spdx', write: (d: SbomDocument) => serializeSpdxTagValue(d, '2.3') },
} as const satisfies Record<string, { type: string; ext: string; write: (d: SbomDocument) => { text: string; issues: SbomIssue[] } }>;

export function sbomRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['sbom'];

  // Uploads take the raw document, in their own scope so the rest of the API stays JSON-only.
  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(SBOM_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: MAX_SBOM_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/releases/:id/sboms',
      {
        config: { action: 'sbom.import' },
        bodyLimit: MAX_SBOM_BYTES,
        schema: {
          tags,
          summary: 'Import an SBOM (CycloneDX 1.2–1.6 JSON/XML, SPDX 2.2/2.3 JSON/tag-value; gzip accepted) as the release’s new revision',
          params: IdParams,
          response: { 200: z.object({ sbom: SbomView, created: z.literal(false) }), 201: z.object({ sbom: SbomView, created: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        const ctx = orgOf(request);
        const outcome = await importSbom(db, ctx, request.params.id, request.body as Buffer);
        // "Importing an SBOM matches it at once": findings exist when the 201 arrives.
        if (outcome.created) await matchImportedSbom(db, ctx, outcome.sbom.id);
        return reply.status(outcome.created ? 201 : 200).send(outcome as never);
      },
    );
  });

  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(['text/csv', 'text/plain', 'application/csv', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_SUPPORT_CSV_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/sboms/:id/support',
      {
        config: { action: 'portfolio.write' },
        bodyLimit: MAX_SUPPORT_CSV_BYTES,
        schema: {
          tags,
          summary: 'Set level of support, end-of-support date and supplier from a CSV (columns: ref | purl | name+version, level_of_support, end_of_support, supplier); all rows or none',
          params: IdParams,
          response: { 200: z.object({ rows: z.number(), updated: z.number() }) },
        },
      },
      async (request) => importSupportCsv(db, orgOf(request), request.params.id, request.body as Buffer),
    );
  });

  const SbomOverviewView = z.object({
    sbomId: z.string(),
    productId: z.string(),
    productName: z.string(),
    releaseId: z.string(),
    releaseVersion: z.string(),
    lifecycleStage: z.string(),
    revision: z.number(),
    format: z.string(),
    specVersion: z.string(),
    componentCount: z.number(),
    componentsWithoutSupportData: z.number(),
    importedAt: Timestamp,
  });
  app.get('/api/v1/sboms', { config: { action: 'portfolio.read' }, schema: { tags, summary: "Every release's current SBOM, newest import first", response: { 200: z.object({ items: z.array(SbomOverviewView) }) } } }, async (request) => ({
    items: await listCurrentSboms(db, orgOf(request)),
  }));

  app.get(
    '/api/v1/sboms/:id/component',
    {
      config: { action: 'portfolio.read' },
      schema: {
        tags,
        summary: 'One component with every stored field, its nested components and the components that depend on it',
        params: IdParams,
        querystring: z.strictObject({ ref: z.string().min(1).max(2000) }),
        response: {
          200: ComponentView.extend({
            description: z.string().nullable(),
            authors: z.array(z.string()),
            publisher: z.string().nullable(),
            copyright: z.string().nullable(),
            externalReferences: z.array(z.object({ type: z.string(), url: z.string(), comment: z.string().optional() })),
            properties: z.array(z.object({ name: z.string(), value: z.string() })),
            dependents: z.array(z.object({ ref: z.string(), name: z.string(), version: z.string().nullable() })),
            children: z.array(z.object({ ref: z.string(), name: z.string(), version: z.string().nullable() })),
          }),
        },
      },
    },
    async (request) => {
      const { row, dependents, children } = await getComponent(db, orgOf(request), request.params.id, request.query.ref);
      return { ...presentComponent(row), description: row.description, authors: row.authors, publisher: row.publisher, copyright: row.copyright, externalReferences: row.external_refs, properties: withoutSupportProperties(row.properties), dependents, children };
    },
  );

  app.get(
    '/api/v1/sboms/:id/graph',
    {
      config: { action: 'portfolio.read' },
      schema: {
        tags,
        summary: 'The dependency graph (every component with its outgoing edges) and the roots a tree starts from',
        params: IdParams,
        response: {
          200: z.object({
            roots: z.array(z.string()),
            nodes: z.array(z.object({ ref: z.string(), name: z.string(), version: z.string().nullable(), type: z.string(), parentRef: z.string().nullable(), dependsOn: z.array(z.string()) })),
          }),
        },
      },
    },
    async (request) => dependencyGraph(db, orgOf(request), request.params.id),
  );

  const Facet = z.array(z.object({ value: z.string().nullable(), count: z.number() }));
  app.get(
    '/api/v1/sboms/:id/facets',
    {
      config: { action: 'portfolio.read' },
      schema: { tags, summary: 'Distinct licences, suppliers and support levels with counts, for filters', params: IdParams, response: { 200: z.object({ license: Facet, supplier: Facet, levelOfSupport: Facet }) } },
    },
    async (request) => componentFacets(db, orgOf(request), request.params.id),
  );

  app.get('/api/v1/releases/:id/sboms', { config: { action: 'portfolio.read' }, schema: { tags, summary: "A release's SBOM revisions, newest first", params: IdParams, response: { 200: z.object({ items: z.array(SbomView) }) } } }, async (request) => ({
    items: await listReleaseSboms(db, orgOf(request), request.params.id),
  }));

  app.get('/api/v1/sboms/:id', { config: { action: 'portfolio.read' }, schema: { tags, summary: 'One SBOM revision', params: IdParams, response: { 200: SbomView } } }, async (request) =>
    getSbom(db, orgOf(request), request.params.id),
  );

  app.get(
    '/api/v1/sboms/:id/components',
    {
      config: { action: 'portfolio.read' },
      schema: {
        tags,
        summary: 'Components in document order, with filters',
        params: IdParams,
        querystring: PageQuery.extend({ search: z.string().max(200).optional(), license: z.string().max(500).optional(), supplier: z.string().max(500).optional(), levelOfSupport: z.string().max(100).optional(), missing: z.enum(['supplier', 'license', 'version', 'purl', 'levelOfSupport', 'endOfSupport']).optional() }).strict(),
        response: { 200: z.object({ items: z.array(ComponentView), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const afterOrd = cursor ? (decodeCursor(cursor, ['number'])[0] as number) : undefined;
      const rows = await listComponents(db, orgOf(request), request.params.id, filter, limit + 1, afterOrd);
      const page = rows.slice(0, limit);
      return { items: page.map(presentComponent), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.ord]) : null };
    },
  );

  const DiffComponentView = z.object({ name: z.string(), group: z.string().nullable(), type: z.string(), version: z.string().nullable(), purl: z.string().nullable(), license: z.string().nullable() });
  const Change = z.object({ from: DiffComponentView, to: DiffComponentView });
  app.get(
    '/api/v1/releases/diff',
    {
      config: { action: 'portfolio.read' },
      schema: {
        tags,
        summary: "Compare two releases' current SBOMs: components added, removed, version-changed, licence-changed",
        querystring: z.strictObject({ from: z.uuid(), to: z.uuid() }),
        response: { 200: z.object({ added: z.array(DiffComponentView), removed: z.array(DiffComponentView), versionChanged: z.array(Change), licenseChanged: z.array(Change), unchanged: z.number() }) },
      },
    },
    async (request) => {
      const ctx = orgOf(request);
      const [from, to] = await Promise.all([currentComponents(db, ctx, request.query.from), currentComponents(db, ctx, request.query.to)]);
      return diffComponents(from, to);
    },
  );

  app.get(
    '/api/v1/sboms/:id/quality',
    {
      config: { action: 'portfolio.read' },
      schema: {
        tags,
        summary: 'NTIA minimum elements and FDA premarket expectations: scores, document gaps and per-component gaps',
        params: IdParams,
        response: {
          200: z.object({
            ntiaScore: z.number(),
            fdaScore: z.number(),
            elements: z.array(z.object({ element: z.string(), present: z.number(), total: z.number() })),
            documentGaps: z.array(z.string()),
            componentGaps: z.array(z.object({ ref: z.string(), name: z.string(), version: z.string().nullable(), missing: z.array(z.string()) })),
            componentsWithGaps: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { header, rows } = await loadSbomForExport(db, orgOf(request), request.params.id);
      const report = assessQuality(header, rows);
      return { ...report, elements: [...report.elements], documentGaps: [...report.documentGaps], componentGaps: report.componentGaps.map((g) => ({ ...g, missing: [...g.missing] })) };
    },
  );

  app.patch(
    '/api/v1/sboms/:id/components',
    {
      config: { action: 'portfolio.write' },
      schema: {
        tags,
        summary: 'Bulk-set supplier, level of support or end-of-support date on components',
        params: IdParams,
        body: z.strictObject({
          refs: z.array(z.string().min(1).max(2000)).min(1).max(10_000),
          set: z
            .strictObject({ supplier: z.string().trim().min(1).max(500).nullable().optional(), levelOfSupport: z.string().trim().min(1).max(100).nullable().optional(), endOfSupport: z.iso.date().nullable().optional() })
            .refine((v) => Object.keys(v).length > 0, 'set at least one field'),
        }),
        response: { 200: z.object({ updated: z.number() }) },
      },
    },
    async (request) => ({ updated: await updateComponents(db, orgOf(request), request.params.id, request.body.refs, request.body.set) }),
  );

  app.get(
    '/api/v1/sboms/:id/export',
    {
      config: { action: 'portfolio.read' },
      schema: { tags, summary: 'Export as CycloneDX 1.6 (JSON/XML) or SPDX 2.3 (JSON/tag-value), or the original document', params: IdParams, querystring: z.strictObject({ format: z.enum(['cyclonedx-json', 'cyclonedx-xml', 'spdx-json', 'spdx-tag-value', 'original']) }) },
    },
    async (request, reply) => {
      const ctx = orgOf(request);
      const { format } = request.query;
      if (format === 'original') {
        const original = await originalDocument(db, ctx, request.params.id);
        return reply.type(EXPORT_FORMATS[original.encoding].type).header('content-disposition', `attachment; filename="sbom-${request.params.id}.${EXPORT_FORMATS[original.encoding].ext}"`).send(original.text);
      }
      const { header, rows } = await loadSbomForExport(db, ctx, request.params.id);
      const { text, issues } = EXPORT_FORMATS[format].write(rowsToDocument(header, rows));
      // What the target format could not hold is reported, never silently dropped.
      reply.header('x-vigil-export-issues', String(issues.length));
      return reply.type(EXPORT_FORMATS[format].type).header('content-disposition', `attachment; filename="sbom-${request.params.id}.${EXPORT_FORMATS[format].ext}"`).send(text);
    },
  );
}
