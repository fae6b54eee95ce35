import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams } from '../../platform/http/schemas.js';
import { CYCLONEDX_VEX_WRITE_VERSIONS } from '../../formats/vex/index.js';
import { exportVex, VEX_EXPORT_FORMATS } from './export.js';
import { importVex, MAX_VEX_BYTES } from './import.js';
import { releaseVdr } from './vdr.js';

const toolVersion = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

const CONTENT_TYPES = { cyclonedx: 'application/vnd.cyclonedx+json', openvex: 'application/json', csaf: 'application/json' } as const;

const StatementReport = z.object({
  index: z.number(),
  vulnerability: z.string(),
  state: z.string(),
  outcome: z.enum(['matched', 'unmatched', 'error']),
  findingIds: z.array(z.string()),
  messages: z.array(z.string()),
});

export function vexRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['vex'];

  // The document travels raw, in its own scope so the rest of the API stays JSON-only.
  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_VEX_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/releases/:id/vex',
      {
        config: { action: 'triage.write' },
        bodyLimit: MAX_VEX_BYTES,
        schema: {
          tags,
          summary: 'Import a VEX document (CycloneDX 1.4–1.6, OpenVEX 0.2.0 or CSAF 2.0 VEX; detected, or ?format=) into the release’s findings; any invalid statement refuses the whole document (422 with a per-statement report)',
          params: IdParams,
          querystring: z.strictObject({ format: z.enum(VEX_EXPORT_FORMATS).optional() }),
          response: {
            200: z.object({
              format: z.enum(VEX_EXPORT_FORMATS),
              document: z.object({ id: z.string().nullable(), author: z.string().nullable(), timestamp: z.string().nullable() }),
              statements: z.array(StatementReport),
              applied: z.number(),
              unchanged: z.number(),
              unmatched: z.number(),
              warnings: z.array(z.string()),
            }),
          },
        },
      },
      async (request) => {
        const result = await importVex(db, orgOf(request), request.params.id, (request.body as Buffer).toString('utf8'), request.query.format);
        return { ...result, statements: result.statements.map((s) => ({ ...s, findingIds: [...s.findingIds], messages: [...s.messages] })), warnings: [...result.warnings] };
      },
    );
  });

  app.get(
    '/api/v1/releases/:id/vex',
    {
      config: { action: 'intel.read' },
      schema: {
        tags,
        summary: 'The release’s VEX (CycloneDX 1.6 by default, ?specVersion=1.5 or 1.4; OpenVEX 0.2.0, CSAF 2.0), validated before it is sent; X-Vigil-Vex-Lost counts what the format could not carry, ?envelope=true returns {format, document, lost}',
        params: IdParams,
        querystring: z.strictObject({ format: z.enum(VEX_EXPORT_FORMATS).default('cyclonedx'), specVersion: z.enum(CYCLONEDX_VEX_WRITE_VERSIONS).optional(), envelope: z.enum(['true', 'false']).default('false') }),
      },
    },
    async (request, reply) => {
      const result = await exportVex(db, orgOf(request), request.params.id, request.query.format, deps.config.publicUrl, request.query.specVersion);
      reply.header('x-vigil-vex-lost', String(result.lost.length));
      if (request.query.envelope === 'true') return reply.type('application/json').send(JSON.stringify({ format: result.format, document: result.document, lost: result.lost }));
      return reply.type(CONTENT_TYPES[result.format]).header('content-disposition', `attachment; filename="${result.fileName}"`).send(JSON.stringify(result.document, null, 2));
    },
  );

  app.get(
    '/api/v1/releases/:id/vdr',
    {
      config: { action: 'intel.read' },
      schema: { tags, summary: 'CycloneDX 1.6 Vulnerability Disclosure Report of the release’s current SBOM against the organization’s intelligence (the scanner’s VDR)', params: IdParams },
    },
    async (request, reply) => {
      const { document, fileName } = await releaseVdr(db, orgOf(request), request.params.id, toolVersion);
      return reply.type('application/vnd.cyclonedx+json').header('content-disposition', `attachment; filename="${fileName}"`).send(JSON.stringify(document, null, 2));
    },
  );
}
