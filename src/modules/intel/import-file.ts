import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { readEpssCsv } from '../../formats/epss/index.js';
import type { EpssHeader } from '../../formats/intel/model.js';
import { parseKev } from '../../formats/kev/index.js';
import { readNvdSource } from '../../formats/nvd/index.js';
import { readOsvSource } from '../../formats/osv/index.js';
import type { OrgContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { importEpss, importKev, importRecords, type IntelItem, type SourceKind } from './service.js';

/** Largest KEV catalogue read whole (today's is about 1.5 MB). */
const MAX_KEV_BYTES = 64 * 1024 * 1024;

export type FileImportResult = { readonly kind: SourceKind; readonly summary: Record<string, unknown> };

/**
 * Imports a file or folder into a source with the reader its kind needs: OSV (zip, folder,
 * JSON lines, JSON), NVD (API 2.0 JSON, CVE JSON 5 folder or zip), KEV (JSON or CSV), EPSS
 * (CSV, gzip detected). Used by `vigil import osv|nvd|kev|epss` and by uploads.
 */
export async function importIntelFile(db: Db, ctx: OrgContext, source: { id: string; kind: SourceKind }, path: string, progress?: (done: number) => Promise<void>): Promise<FileImportResult> {
  await stat(path).catch(() => {
    throw new Problem(400, 'bad-request', `Cannot read ${path}.`);
  });
  switch (source.kind) {
    case 'osv':
      return { kind: 'osv', summary: { ...(await importRecords(db, ctx, source.id, readOsvSource(path) as AsyncIterable<IntelItem>, progress)) } };
    case 'nvd':
      return { kind: 'nvd', summary: { ...(await importRecords(db, ctx, source.id, readNvdSource(path) as AsyncIterable<IntelItem>, progress)) } };
    case 'kev': {
      if ((await stat(path)).size > MAX_KEV_BYTES) throw new Problem(413, 'body-too-large', 'That file is far larger than any KEV catalogue.');
      const parsed = parseKev(await readFile(path, 'utf8'));
      const errors = parsed.issues.filter((i) => i.severity === 'error');
      if (parsed.entries.length === 0) throw new Problem(422, 'invalid-kev', errors[0]?.message ?? 'The file holds no KEV entries.', { errors: errors.slice(0, 20).map((e) => ({ pointer: e.location ?? '', message: e.message })) });
      return { kind: 'kev', summary: { ...(await importKev(db, ctx, source.id, parsed.entries)), issues: parsed.issues.length, catalogVersion: parsed.catalogVersion ?? null } };
    }
    case 'epss': {
      let header: EpssHeader | undefined;
      const reader = readEpssCsv(createReadStream(path), { onHeader: (h) => (header = h) });
      return { kind: 'epss', summary: { ...(await importEpss(db, ctx, source.id, reader, () => header?.scoreDate)), modelVersion: header?.modelVersion ?? null } };
    }
  }
}

/** A file name whose extension the readers' detection expects (zip, gzip, JSON, CSV), from the first bytes. */
export function fileNameFor(head: Uint8Array): string {
  if (head[0] === 0x50 && head[1] === 0x4b) return 'upload.zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'upload.gz';
  const first = Buffer.from(head.subarray(0, 64)).toString('utf8').trimStart()[0];
  return first === '{' || first === '[' ? 'upload.json' : 'upload.csv';
}
