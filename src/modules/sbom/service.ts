import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { sql } from 'kysely';
import { readSbomBytes, type SbomEncoding, type StreamingSbom } from '../../formats/sbom/read.js';
import type { SbomDocument, SbomIssue } from '../../formats/sbom/model.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { Problem, notFound } from '../../platform/http/problem.js';
import { componentToRow, documentHeader, documentToRows, type ComponentRow } from './rows.js';

/** Largest SBOM accepted, after decompression (a gzip bomb stops at this size). */
export const MAX_SBOM_BYTES = 256 * 1024 * 1024;
// Rows per INSERT (insertComponents): one array parameter per column, so the batch size bounds
// only the statement's memory (a few MB of values), not a parameter count.
const INSERT_BATCH = 5000;

export interface Sbom {
  readonly id: string;
  readonly releaseId: string;
  readonly revision: number;
  readonly isCurrent: boolean;
  readonly encoding: SbomEncoding;
  readonly format: 'cyclonedx' | 'spdx';
  readonly specVersion: string;
  readonly contentHash: string;
  readonly sizeBytes: number;
  readonly serialNumber: string | null;
  readonly name: string | null;
  readonly created: string | null;
  readonly authors: string[];
  readonly tools: unknown[];
  readonly supplier: string | null;
  readonly componentCount: number;
  readonly issues: unknown[];
  readonly importedBy: string | null;
  readonly importedAt: Date;
}

type SbomRow = {
  id: string;
  release_id: string;
  revision: number;
  is_current: boolean;
  encoding: SbomEncoding;
  format: 'cyclonedx' | 'spdx';
  spec_version: string;
  content_hash: string;
  size_bytes: number;
  serial_number: string | null;
  doc_name: string | null;
  doc_created: string | null;
  authors: string[];
  tools: unknown[];
  supplier: string | null;
  component_count: number;
  issues: unknown[];
  imported_by: string | null;
  imported_at: Date;
};

const SBOM_COLUMNS = [
  'id', 'release_id', 'revision', 'is_current', 'encoding', 'format', 'spec_version', 'content_hash', 'size_bytes', 'serial_number',
  'doc_name', 'doc_created', 'authors', 'tools', 'supplier', 'component_count', 'issues', 'imported_by', 'imported_at',
] as const;

export const presentSbom = (r: SbomRow): Sbom => ({
  id: r.id,
  releaseId: r.release_id,
  revision: r.revision,
  isCurrent: r.is_current,
  encoding: r.encoding,
  format: r.format,
  specVersion: r.spec_version,
  contentHash: r.content_hash,
  sizeBytes: r.size_bytes,
  serialNumber: r.serial_number,
  name: r.doc_name,
  created: r.doc_created,
  authors: r.authors,
  tools: r.tools,
  supplier: r.supplier,
  componentCount: r.component_count,
  issues: r.issues,
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

/**
 * gzip input is inflated with a hard output cap, so a decompression bomb costs at most the cap.
 * Returns the text, or with `'bytes'` the (inflated) bytes themselves — the import reads those
 * without ever holding the document as a string.
 */
export function decodeUpload(bytes: Buffer): string;
export function decodeUpload(bytes: Buffer, as: 'bytes'): Buffer;
export function decodeUpload(bytes: Buffer, as?: 'bytes'): string | Buffer {
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes, { maxOutputLength: MAX_SBOM_BYTES });
    } catch (error) {
      const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than|maxOutputLength/i.test((error as Error).message);
      throw tooBig
        ? new Problem(413, 'body-too-large', `The SBOM inflates beyond ${MAX_SBOM_BYTES / 2 ** 20} MiB.`)
        : new Problem(400, 'bad-request', 'The gzip data is corrupt.');
    }
  }
  if (raw.length > MAX_SBOM_BYTES) throw new Problem(413, 'body-too-large', `SBOMs are limited to ${MAX_SBOM_BYTES / 2 ** 20} MiB.`);
  return as === 'bytes' ? raw : raw.toString('utf8');
}

function rejectInvalid(issues: readonly SbomIssue[]): never {
  const errors = issues.filter((i) => i.severity === 'error');
  const unsupported = errors.some((e) => e.code === 'unknown-format' || e.code === 'unsupported-version' || e.code === 'not-cyclonedx');
  throw new Problem(unsupported ? 415 : 422, unsupported ? 'unsupported-sbom' : 'invalid-sbom', `${errors.length} error(s) in the SBOM; the first: ${errors[0]?.message ?? 'unknown'}`, {
    errors: errors.slice(0, 50).map((e) => ({ pointer: e.location ?? '', message: `${e.code}: ${e.message}` })),
  });
}

async function loadRelease(db: Db | Tx, ctx: OrgContext, releaseId: string) {
  const release = await db.selectFrom('releases').select(['id', 'product_id', 'version']).where('id', '=', releaseId).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!release) throw notFound('release');
  return release;
}

export interface ImportOutcome {
  readonly sbom: Sbom;
  /** False when the same document (same SHA-256) was already imported for this release. */
  readonly created: boolean;
}

/**
 * Imports an SBOM for a release as its new current revision, in one transaction with the
 * audit event. The same bytes again change nothing (content hash); an invalid document is
 * refused whole with its errors, and nothing is written.
 *
 * The upload is read from its bytes: hashed and kept as they are (no text copy of the
 * document), CycloneDX JSON through the streaming reader, whose components are stored batch by
 * batch inside the transaction — a post-check error found at the end rolls all of it back.
 */
export async function importSbom(db: Db, ctx: OrgContext, releaseId: string, upload: Buffer): Promise<ImportOutcome> {
  authorize(ctx, 'sbom.import');
  await loadRelease(db, ctx, releaseId);
  const bytes = decodeUpload(upload, 'bytes');
  // The hash of the bytes is the hash of their text for any UTF-8 document (what earlier imports hashed).
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const existing = await db.selectFrom('sboms').select(SBOM_COLUMNS).where('release_id', '=', releaseId).where('content_hash', '=', contentHash).executeTakeFirst();
  if (existing) return { sbom: presentSbom(existing), created: false };
  // Parsing and validation happen before the transaction: they are the slow part and touch no
  // data (the streaming reader's first pass checks everything the schema checks).
  const read = readSbomBytes(bytes);
  let parsed: StreamingSbom | { document: SbomDocument; encoding: SbomEncoding; issues: readonly SbomIssue[] };
  if ('stream' in read) parsed = read;
  else if (!read.document || read.issues.some((i) => i.severity === 'error')) rejectInvalid(read.issues);
  else parsed = { document: read.document, encoding: read.encoding!, issues: read.issues };
  // An upload that came gzipped is kept as it came (it inflates to exactly these bytes);
  // otherwise it is compressed on the thread pool while the components are stored.
  const original = bytes === upload ? promisify(gzip)(bytes) : Promise.resolve(upload);
  original.catch(() => undefined); // awaited in storeSbom; this only keeps a failure before then from being "unhandled"
  return db.transaction().execute(async (tx) => {
    // Under the release's row lock: a concurrent upload of the same bytes may have just landed.
    await tx.selectFrom('releases').select('id').where('id', '=', releaseId).forUpdate().execute();
    const landed = await tx.selectFrom('sboms').select(SBOM_COLUMNS).where('release_id', '=', releaseId).where('content_hash', '=', contentHash).executeTakeFirst();
    if (landed) return { sbom: presentSbom(landed), created: false };
    return { sbom: await storeSbom(tx, ctx, releaseId, bytes, contentHash, parsed, original), created: true };
  });
}

/**
 * Writes a read, valid document as the release's new current revision, inside the caller's
 * transaction (import, and the demo loader, which builds its SBOMs with Vigil's own writers).
 * `parsed` is a read document, or a CycloneDX JSON stream whose components are read and stored
 * batch by batch here; if its last checks find an error, this throws the 422 and the caller's
 * transaction rolls the batches back. `original` is the gzip of `text` when the caller has it
 * (or has it coming); otherwise it is made here.
 */
export async function storeSbom(
  tx: Tx,
  ctx: OrgContext,
  releaseId: string,
  text: string | Buffer,
  contentHash: string,
  parsed: { document: SbomDocument; encoding: SbomEncoding; issues: readonly SbomIssue[] } | StreamingSbom,
  original?: Buffer | Promise<Buffer>,
): Promise<Sbom> {
  await tx.selectFrom('releases').select('id').where('id', '=', releaseId).forUpdate().execute();
  const last = await tx.selectFrom('sboms').select((eb) => eb.fn.max('revision').as('rev')).where('release_id', '=', releaseId).executeTakeFirst();
  await tx.updateTable('sboms').set({ is_current: false }).where('release_id', '=', releaseId).where('is_current', '=', true).execute();
  const revision = Number(last?.rev ?? 0) + 1;
  const sizeBytes = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  const gzipped = original ?? promisify(gzip)(text);
  // The bytea travels as hex text made natively here and decoded by the database: PGlite's own
  // bytea serializer formats it byte by byte (40 ms and a string per byte for the 250 KB gzip of
  // a 10,000-component BOM; seconds and hundreds of MB for a 50 MB one).
  const stored = async () => sql<Buffer>`decode(${(await gzipped).toString('hex')}, 'hex')`;
  const audit = async (sbom: SbomRow, components: number): Promise<Sbom> => {
    await recordAudit(tx, ctx, {
      action: 'sbom.import',
      target: { type: 'sbom', id: sbom.id },
      summary: { releaseId, revision: sbom.revision, encoding: sbom.encoding, specVersion: sbom.spec_version, components, contentHash },
    });
    return presentSbom(sbom);
  };

  if (!('stream' in parsed)) {
    const rows = documentToRows(parsed.document);
    const header = documentHeader(parsed.document);
    const sbom = await tx
      .insertInto('sboms')
      .values({
        org_id: ctx.orgId,
        release_id: releaseId,
        revision,
        encoding: parsed.encoding,
        ...header,
        tools: JSON.stringify(header.tools),
        services: JSON.stringify(header.services),
        properties: JSON.stringify(header.properties),
        content_hash: contentHash,
        size_bytes: sizeBytes,
        issues: JSON.stringify(parsed.issues.slice(0, 500)),
        component_count: rows.length,
        original: await stored(),
        imported_by: ctx.actor.label,
      })
      .returning(SBOM_COLUMNS)
      .executeTakeFirstOrThrow();
    await insertComponents(tx, ctx.orgId, sbom.id, rows);
    return audit(sbom, rows.length);
  }

  // Streaming: the row first (components reference it), its header once the document is read.
  const { stream } = parsed;
  const { id: sbomId } = await tx
    .insertInto('sboms')
    .values({
      org_id: ctx.orgId,
      release_id: releaseId,
      revision,
      encoding: parsed.encoding,
      format: 'cyclonedx',
      spec_version: stream.version,
      content_hash: contentHash,
      size_bytes: sizeBytes,
      component_count: 0,
      original: Buffer.alloc(0),
      imported_by: ctx.actor.label,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Each component's outgoing edges, as documentToRows gathers them (lists shared, not copied, unless a ref has several entries).
  const edges = new Map<string, readonly string[]>();
  for (const d of stream.dependencies) {
    const known = edges.get(d.ref);
    edges.set(d.ref, known ? [...known, ...d.dependsOn] : d.dependsOn);
  }
  let pending: Promise<void> = Promise.resolve();
  const result = await stream.read(async (components, first) => {
    await pending;
    pending = insertComponents(tx, ctx.orgId, sbomId, components.map((c, k) => componentToRow(c, first + k, edges.get(c.ref) ?? [])));
    pending.catch(() => undefined); // awaited with the next batch or below
    // Let the statement go out before the next batch is mapped: on PostgreSQL the server
    // inserts this batch while JavaScript maps the next one.
    await new Promise((resolve) => setImmediate(resolve));
  });
  await pending;
  if (!result.document) rejectInvalid(result.issues);
  const header = documentHeader(result.document);
  const sbom = await tx
    .updateTable('sboms')
    .set({
      ...header,
      tools: JSON.stringify(header.tools),
      services: JSON.stringify(header.services),
      properties: JSON.stringify(header.properties),
      issues: JSON.stringify(result.issues.slice(0, 500)),
      component_count: result.componentCount,
      original: await stored(),
    })
    .where('id', '=', sbomId)
    .returning(SBOM_COLUMNS)
    .executeTakeFirstOrThrow();
  return audit(sbom, result.componentCount);
}

/**
 * Writes component rows with one `INSERT … SELECT … FROM unnest($3::int[], $4::text[], …)`
 * per batch: one array parameter per column instead of one parameter per value, so a batch of
 * thousands of rows is a short statement that plans at once (a multi-row VALUES list with 24
 * parameters per row was most of the import's time). Columns whose value is the default in every
 * row of the batch (no CPE, no properties, …) are left out. Works the same on PGlite and
 * PostgreSQL, inside the caller's transaction.
 */
async function insertComponents(tx: Tx, orgId: string, sbomId: string, rows: readonly ComponentRow[]): Promise<void> {
  type Value = string | number | null;
  type Column = readonly [name: string, type: string, value: (r: ComponentRow) => Value, isDefault: (r: ComponentRow) => boolean];
  // Each column travels as one PostgreSQL array literal, built here with join() into one flat
  // string (the driver's own array serializer builds a chain of escaped pieces per value, which
  // outlives a garbage collection or two on large batches and was most of an import's memory).
  const quoted = (v: string): string => (/[\\"]/u.test(v) ? `"${v.replace(/[\\"]/gu, '\\$&')}"` : `"${v}"`);
  const literal = (values: readonly Value[]): string => {
    const parts = values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : quoted(v)));
    if (parts.length === 0) return '{}';
    // Braces joined in, not concatenated around: the driver measures each string, which would copy a concatenation.
    parts[0] = `{${parts[0]}`;
    parts[parts.length - 1] = `${parts[parts.length - 1]}}`;
    return parts.join(',');
  };
  const text = (name: keyof ComponentRow): Column => [name, 'text', (r) => r[name] as string | null, (r) => r[name] === null];
  const json = (name: 'hashes' | 'external_refs' | 'properties'): Column => [name, 'jsonb', (r) => JSON.stringify(r[name]), (r) => r[name].length === 0];
  // A text[] value is itself an array literal inside the column's text[] (unnest() of a text[][] would flatten it).
  const textArray = (name: 'authors' | 'depends_on'): Column => [name, 'text[]', (r) => `{${r[name].map(quoted).join(',')}}`, (r) => r[name].length === 0];
  const always = (c: Column): Column => [c[0], c[1], c[2], () => false];
  const columns: readonly Column[] = [
    always(['ord', 'int4', (r) => r.ord, () => false]),
    always(text('ref')),
    text('parent_ref'),
    always(text('type')),
    always(text('name')),
    text('grp'),
    text('version'),
    text('description'),
    text('purl'),
    text('cpe'),
    text('supplier'),
    textArray('authors'),
    text('publisher'),
    text('license'),
    text('copyright'),
    text('scope'),
    json('hashes'),
    json('external_refs'),
    json('properties'),
    textArray('depends_on'),
    text('level_of_support'),
    ['end_of_support', 'date', (r) => r.end_of_support, (r) => r.end_of_support === null],
  ];
  // Statements built before any runs, so the rows are not kept alive while they do.
  const statements = [];
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH);
    const used = columns.filter((c) => batch.some((r) => !c[3](r)));
    const names = sql.raw(used.map((c) => c[0]).join(', '));
    const selected = sql.raw(used.map((c) => (c[1] === 'text[]' ? `u.${c[0]}::text[]` : `u.${c[0]}`)).join(', '));
    const arrays = sql.join(used.map((c) => sql`${literal(batch.map(c[2]))}::${sql.raw(c[1] === 'text[]' ? 'text' : c[1])}[]`));
    statements.push(sql`insert into sbom_components (sbom_id, org_id, ${names}) select ${sbomId}::uuid, ${orgId}::uuid, ${selected} from unnest(${arrays}) as u(${names})`);
  }
  for (const statement of statements) await statement.execute(tx);
}

export async function listReleaseSboms(db: Db, ctx: OrgContext, releaseId: string): Promise<Sbom[]> {
  authorize(ctx, 'portfolio.read');
  await loadRelease(db, ctx, releaseId);
  const rows = await db.selectFrom('sboms').select(SBOM_COLUMNS).where('org_id', '=', ctx.orgId).where('release_id', '=', releaseId).orderBy('revision', 'desc').execute();
  return rows.map(presentSbom);
}

export async function getSbom(db: Db, ctx: OrgContext, id: string): Promise<Sbom> {
  authorize(ctx, 'portfolio.read');
  const row = await db.selectFrom('sboms').select(SBOM_COLUMNS).where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('SBOM');
  return presentSbom(row);
}

export interface ComponentFilter {
  readonly search?: string | undefined;
  readonly license?: string | undefined;
  readonly supplier?: string | undefined;
  readonly levelOfSupport?: string | undefined;
  /** Only components where this field is not recorded (the quality report's gaps). */
  readonly missing?: 'supplier' | 'license' | 'version' | 'purl' | 'levelOfSupport' | 'endOfSupport' | undefined;
}

const MISSING_COLUMNS = { supplier: 'supplier', license: 'license', version: 'version', purl: 'purl', levelOfSupport: 'level_of_support', endOfSupport: 'end_of_support' } as const;

/** One page of an SBOM's components in document order. */
export async function listComponents(db: Db, ctx: OrgContext, sbomId: string, filter: ComponentFilter, limit: number, afterOrd?: number) {
  await getSbom(db, ctx, sbomId);
  let q = db.selectFrom('sbom_components').selectAll().where('sbom_id', '=', sbomId).where('org_id', '=', ctx.orgId);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('purl', 'ilike', pattern), eb('grp', 'ilike', pattern)]));
  }
  if (filter.license) q = q.where('license', '=', filter.license);
  if (filter.supplier) q = q.where('supplier', '=', filter.supplier);
  if (filter.levelOfSupport) q = q.where('level_of_support', '=', filter.levelOfSupport);
  if (filter.missing) q = q.where(MISSING_COLUMNS[filter.missing], 'is', null);
  if (afterOrd !== undefined) q = q.where('ord', '>', afterOrd);
  return q.orderBy('ord').limit(limit).execute();
}

/** The stored rows of an SBOM, for export. */
export async function loadSbomForExport(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'portfolio.read');
  const header = await db.selectFrom('sboms').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!header) throw notFound('SBOM');
  const rows = await db.selectFrom('sbom_components').selectAll().where('sbom_id', '=', id).orderBy('ord').execute();
  return { header, rows };
}

/** The original document exactly as uploaded. */
export async function originalDocument(db: Db, ctx: OrgContext, id: string): Promise<{ text: string; encoding: SbomEncoding }> {
  authorize(ctx, 'portfolio.read');
  const row = await db.selectFrom('sboms').select(['original', 'encoding']).where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('SBOM');
  return { text: gunzipSync(row.original).toString('utf8'), encoding: row.encoding };
}


export interface ComponentPatch {
  readonly supplier?: string | null | undefined;
  readonly levelOfSupport?: string | null | undefined;
  readonly endOfSupport?: string | null | undefined;
}

/**
 * Sets support data (or a missing supplier) on many components of one SBOM at once, e.g. to
 * close the gaps the quality report lists. Refs that are not in the SBOM are a 400: a bulk
 * edit applies whole or not at all.
 */
export async function updateComponents(db: Db, ctx: OrgContext, sbomId: string, refs: readonly string[], patch: ComponentPatch): Promise<number> {
  authorize(ctx, 'portfolio.write');
  await getSbom(db, ctx, sbomId);
  return db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('sbom_components').select('ref').where('sbom_id', '=', sbomId).where('ref', 'in', refs).execute();
    if (found.length !== new Set(refs).size) {
      const known = new Set(found.map((f) => f.ref));
      const unknown = refs.filter((r) => !known.has(r)).slice(0, 10);
      throw new Problem(400, 'validation', `${unknown.length} ref(s) are not components of this SBOM, e.g. ${unknown[0]}.`, { errors: unknown.map((r) => ({ pointer: '/body/refs', message: `unknown ref ${r}` })) });
    }
    const result = await tx
      .updateTable('sbom_components')
      .set({
        ...(patch.supplier !== undefined ? { supplier: patch.supplier } : {}),
        ...(patch.levelOfSupport !== undefined ? { level_of_support: patch.levelOfSupport } : {}),
        ...(patch.endOfSupport !== undefined ? { end_of_support: patch.endOfSupport } : {}),
      })
      .where('sbom_id', '=', sbomId)
      .where('ref', 'in', refs)
      .executeTakeFirst();
    await recordAudit(tx, ctx, { action: 'sbom.components_update', target: { type: 'sbom', id: sbomId }, summary: { components: refs.length, set: patch } });
    return Number(result.numUpdatedRows);
  });
}

/** The components of a release's current SBOM, for comparisons (404 when the release has none). */
export async function currentComponents(db: Db, ctx: OrgContext, releaseId: string) {
  authorize(ctx, 'portfolio.read');
  await loadRelease(db, ctx, releaseId);
  const sbom = await db.selectFrom('sboms').select('id').where('release_id', '=', releaseId).where('org_id', '=', ctx.orgId).where('is_current', '=', true).executeTakeFirst();
  if (!sbom) throw new Problem(404, 'not-found', 'That release has no SBOM yet.');
  return db.selectFrom('sbom_components').select(['name', 'grp as group', 'type', 'version', 'purl', 'license']).where('sbom_id', '=', sbom.id).orderBy('ord').execute();
}
