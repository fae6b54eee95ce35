import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { MAX_SCAN_SBOM_BYTES } from './scan-input.js';
import { failOnQuery, scanForOrg } from './scan-service.js';
import { writeSnapshot } from './snapshot-store.js';

/**
 * The two routes CI pipelines use (docs/ci.md): `POST /api/v1/scan` scans an uploaded SBOM
 * against the organization's intelligence and stores nothing; `GET /api/v1/intel/snapshot`
 * downloads the snapshot `vigil scan --snapshot` reads offline.
 */

/** Content types a scan upload may carry; the format itself is read from the content. */
const SCAN_CONTENT_TYPES = [
  'application/octet-stream', 'application/json', 'application/vnd.cyclonedx+json', 'application/spdx+json', 'application/xml', 'text/xml',
  'application/vnd.cyclonedx+xml', 'text/spdx', 'text/plain', 'application/gzip',
];

export function scanRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['intelligence'];

  // The SBOM arrives raw, in its own scope so the rest of the API stays JSON-only. The limit
  // is on the bytes sent; a gzipped SBOM is also capped after inflating (scan-input.ts).
  app.register(async (scope: FastifyInstance) => {
    const upload = scope as unknown as HttpServer;
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(SCAN_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: MAX_SCAN_SBOM_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/api/v1/scan',
      {
        config: { action: 'intel.read' },
        bodyLimit: MAX_SCAN_SBOM_BYTES,
        schema: {
          tags,
          summary: 'Scan an SBOM (CycloneDX 1.2–1.6 JSON/XML, SPDX 2.2/2.3 JSON/tag-value; gzip accepted) against the organization’s intelligence; nothing is stored. The result is the JSON of `vigil scan --format json` (docs/ci.md)',
          querystring: z.strictObject({ failOn: z.string().max(200).optional().describe('comma-separated: critical, high, medium, kev, uncontrolled') }),
          response: { 200: z.unknown().describe('vigil-scan-result version 1 (docs/ci.md)') },
        },
      },
      async (request) => scanForOrg(db, orgOf(request), request.body as Buffer, failOnQuery(request.query.failOn)),
    );
  });

  app.get(
    '/api/v1/intel/snapshot',
    {
      config: { action: 'intel.read' },
      schema: { tags, summary: 'Download the organization’s intelligence snapshot (gzip JSON lines, docs/formats/intel-snapshot.md) for offline `vigil scan --snapshot`' },
    },
    async (request, reply) => {
      // Written to a private temporary file first: the database is read in one short
      // transaction at disk speed, not held open at the pace of a slow download.
      const dir = await mkdtemp(join(tmpdir(), 'vigil-snapshot-'));
      const file = join(dir, 'snapshot.jsonl.gz');
      try {
        const { header, bytes } = await writeSnapshot(db, orgOf(request), file);
        const stream = createReadStream(file);
        stream.on('close', () => void rm(dir, { recursive: true, force: true }));
        return reply
          .type('application/gzip')
          .header('content-length', String(bytes))
          .header('content-disposition', `attachment; filename="vigil-intel-${header.org}-${header.createdAt.slice(0, 10)}.jsonl.gz"`)
          .send(stream);
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    },
  );
}
