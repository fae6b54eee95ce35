import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import { notFound, Problem } from '../../platform/http/problem.js';
import { ASSET_FIELDS, COLUMN_OF, suggestMapping, type AssetField } from './fields.js';
import { isAssetField, prepareRows, type ColumnMapping, type RowError } from './mapping.js';
import { readTable, type Table } from './table.js';

/**
 * Importing a CMMS export: read the table, resolve the column mapping (given, saved under a
 * name, or suggested from the headers), parse every cell, and upsert on manufacturer +
 * serial in one transaction. A file with any bad cell is refused whole (422, every error by
 * line and column) and no asset changes; the run is still recorded, as rejected, for the
 * import history.
 */

export interface ImportOptions {
  readonly fileName: string;
  /** Use the mapping saved under this name (404 if there is none). */
  readonly mappingName?: string | undefined;
  /** An explicit mapping; wins over a saved one. */
  readonly mapping?: ColumnMapping | undefined;
  /** Save the mapping used under this name for next time. */
  readonly saveMappingAs?: string | undefined;
}

export interface ImportResult {
  readonly runId: string;
  readonly format: 'csv' | 'xlsx';
  readonly encoding: string | null;
  readonly mapping: ColumnMapping;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Lines overridden by a later line for the same manufacturer + serial (last wins). */
  readonly duplicates: readonly { line: number; keptLine: number; manufacturer: string; serial: string }[];
}

/** Rows per upsert statement (one array parameter per column). */
const BATCH = 10_000;

export async function previewImport(db: Db, ctx: OrgContext, bytes: Buffer, mappingName?: string) {
  authorize(ctx, 'fleet.read');
  const table = await readTable(bytes);
  const saved = mappingName ? await findMapping(db, ctx.orgId, mappingName) : null;
  return {
    format: table.format,
    encoding: table.encoding,
    headers: [...table.headers],
    sample: table.rows.slice(0, 5),
    rows: table.rows.length,
    suggested: suggestMapping(table.headers),
    saved: saved ? { name: saved.name, mapping: saved.mapping } : null,
  };
}

export async function importAssets(db: Db, ctx: OrgContext, bytes: Buffer, options: ImportOptions): Promise<ImportResult> {
  authorize(ctx, 'fleet.write');
  let table: Table;
  try {
    table = await readTable(bytes);
  } catch (error) {
    if (error instanceof Problem && error.status !== 415) await recordRejected(db, ctx, options, null, [{ row: null, column: null, message: error.detail ?? error.title }]);
    throw error;
  }
  let mapping: ColumnMapping;
  if (options.mapping) mapping = checkMapping(options.mapping);
  else if (options.mappingName) {
    const saved = await findMapping(db, ctx.orgId, options.mappingName);
    if (!saved) throw notFound(`column mapping "${options.mappingName}"`);
    mapping = saved.mapping;
  } else mapping = suggestMapping(table.headers);

  let prepared;
  try {
    prepared = prepareRows(table, mapping);
  } catch (error) {
    if (error instanceof Problem) await recordRejected(db, ctx, options, table, (error.errors ?? []).map((e) => ({ row: null, column: null, message: e.message })));
    throw error;
  }
  if (prepared.errors.length > 0) {
    const runId = await recordRejected(db, ctx, options, table, prepared.errors);
    const count = prepared.errors.length;
    throw new Problem(422, 'invalid-rows', `The file has invalid cells; nothing was imported. First: line ${prepared.errors[0]!.row}, ${prepared.errors[0]!.message}.`, {
      errors: prepared.errors.map((e) => ({ pointer: e.row === null ? '/file' : `/file/line/${e.row}${e.column ? `/${e.column}` : ''}`, message: e.message })),
      extensions: { runId, errorCount: count },
    });
  }

  return db.transaction().execute(async (tx) => {
    const run = await tx
      .insertInto('asset_import_runs')
      .values({ org_id: ctx.orgId, file_name: options.fileName, format: table.format, encoding: table.encoding, mapping_name: options.saveMappingAs ?? options.mappingName ?? null, status: 'succeeded', rows_total: table.rows.length, actor: ctx.actor.label, duplicate_count: prepared.duplicates.length, errors: JSON.stringify(prepared.duplicates.slice(0, 100).map((d) => ({ row: d.line, column: null, message: `same device as line ${d.keptLine} (${d.manufacturer} ${d.serial}): line ${d.keptLine} wins` }))) })
      .returning('id')
      .executeTakeFirstOrThrow();
    let created = 0;
    let updated = 0;
    for (let i = 0; i < prepared.rows.length; i += BATCH) {
      const batch = prepared.rows.slice(i, i + BATCH);
      const counts = await upsertBatch(tx, ctx.orgId, run.id, prepared.fields, batch.map((r) => r.values));
      created += counts.created;
      updated += counts.updated;
    }
    const unchanged = prepared.rows.length - created - updated;
    await tx.updateTable('asset_import_runs').set({ created_count: created, updated_count: updated, unchanged_count: unchanged, finished_at: new Date() }).where('id', '=', run.id).execute();
    if (options.saveMappingAs) await saveMapping(tx, ctx, options.saveMappingAs, mapping);
    await recordAudit(tx, ctx, {
      action: 'fleet.import',
      target: { type: 'asset_import_run', id: run.id },
      summary: { fileName: options.fileName, format: table.format, rows: table.rows.length, created, updated, unchanged, duplicates: prepared.duplicates.length },
    });
    return { runId: run.id, format: table.format, encoding: table.encoding, mapping, rows: table.rows.length, created, updated, unchanged, duplicates: prepared.duplicates };
  });
}

/**
 * One set-based upsert: each mapped column travels as one typed PostgreSQL array (unnest),
 * which costs the database far less than a jsonb document of row objects. Only the mapped
 * columns are written on conflict, and only when one of them differs (so an unchanged
 * re-import touches nothing and `updated_at` keeps meaning "last real change").
 * xmax = 0 tells inserts apart.
 */
async function upsertBatch(tx: Tx, orgId: string, runId: string, fields: readonly AssetField[], rows: readonly Partial<Record<AssetField, unknown>>[]) {
  const cols = fields.map((f) => COLUMN_OF[f]);
  const arrays = sql.join(fields.map((f, i) => sql`${arrayLiteral(rows.map((r) => r[f]))}::${sql.raw(COLUMN_TYPE[cols[i]!] ?? 'text')}[]`));
  const colList = sql.raw(cols.join(', '));
  // patient_connected is not null: a mapped empty cell was parsed to false already.
  const updatable = cols.filter((c) => c !== 'serial');
  const setList = sql.raw([...updatable.map((c) => `${c} = excluded.${c}`), 'updated_at = date_trunc(\'milliseconds\', now())', 'last_import_id = excluded.last_import_id'].join(', '));
  const distinct = sql.raw(`(${updatable.map((c) => `assets.${c}`).join(', ')}) is distinct from (${updatable.map((c) => `excluded.${c}`).join(', ')})`);
  const result = await sql<{ created: number; updated: number }>`
    with input as (select * from unnest(${arrays}) as x(${colList})),
    written as (
      insert into assets (org_id, last_import_id, ${colList})
      select ${orgId}::uuid, ${runId}::uuid, ${colList} from input
      on conflict (org_id, lower(manufacturer), serial) do update set ${setList} where ${distinct}
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as created, (count(*) filter (where not inserted))::int as updated from written`.execute(tx);
  return result.rows[0]!;
}

/** A PostgreSQL array literal: every value quoted (backslash and quote escaped), null as NULL. */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

const COLUMN_TYPE: Record<string, string> = { vlan: 'integer', patient_connected: 'boolean', purchased_on: 'date', installed_on: 'date' };

async function recordRejected(db: Db, ctx: OrgContext, options: ImportOptions, table: Table | null, errors: readonly RowError[]): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const run = await tx
      .insertInto('asset_import_runs')
      .values({ org_id: ctx.orgId, file_name: options.fileName, format: table?.format ?? 'csv', encoding: table?.encoding ?? null, mapping_name: options.mappingName ?? null, status: 'rejected', rows_total: table?.rows.length ?? 0, errors: JSON.stringify(errors.slice(0, 101)), actor: ctx.actor.label, finished_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'fleet.import.rejected', target: { type: 'asset_import_run', id: run.id }, summary: { fileName: options.fileName, errors: errors.length } });
    return run.id;
  });
}

/** A mapping from the API: known fields only, header names as given. */
export function checkMapping(mapping: Record<string, string>): ColumnMapping {
  const unknown = Object.keys(mapping).filter((k) => !isAssetField(k));
  if (unknown.length > 0) {
    throw new Problem(400, 'validation', `Unknown asset fields in the mapping: ${unknown.join(', ')}. Fields: ${ASSET_FIELDS.join(', ')}.`, { errors: unknown.map((k) => ({ pointer: `/mapping/${k}`, message: 'not an asset field' })) });
  }
  return Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== '')) as ColumnMapping;
}

export async function findMapping(db: Executor, orgId: string, name: string) {
  const row = await db.selectFrom('asset_import_mappings').select(['id', 'name', 'mapping', 'updated_at', 'updated_by']).where('org_id', '=', orgId).where(sql<boolean>`lower(name) = lower(${name})`).executeTakeFirst();
  return row ? { ...row, mapping: row.mapping as ColumnMapping } : null;
}

async function saveMapping(tx: Tx, ctx: OrgContext, name: string, mapping: ColumnMapping) {
  const existing = await findMapping(tx, ctx.orgId, name);
  if (existing) await tx.updateTable('asset_import_mappings').set({ mapping: JSON.stringify(mapping), updated_by: ctx.actor.label, updated_at: new Date() }).where('id', '=', existing.id).execute();
  else await tx.insertInto('asset_import_mappings').values({ org_id: ctx.orgId, name, mapping: JSON.stringify(mapping), updated_by: ctx.actor.label }).execute();
  await recordAudit(tx, ctx, { action: 'fleet.mapping.save', target: { type: 'asset_import_mapping', id: existing?.id ?? null }, summary: { name, mapping } });
}

export async function putMapping(db: Db, ctx: OrgContext, name: string, mapping: Record<string, string>) {
  authorize(ctx, 'fleet.write');
  const checked = checkMapping(mapping);
  await db.transaction().execute((tx) => saveMapping(tx, ctx, name, checked));
  const saved = (await findMapping(db, ctx.orgId, name))!;
  return { name: saved.name, mapping: saved.mapping, updatedAt: saved.updated_at, updatedBy: saved.updated_by };
}

export async function listMappings(db: Db, ctx: OrgContext) {
  authorize(ctx, 'fleet.read');
  const rows = await db.selectFrom('asset_import_mappings').select(['name', 'mapping', 'updated_at', 'updated_by']).where('org_id', '=', ctx.orgId).orderBy(sql`lower(name)`).execute();
  return rows.map((r) => ({ name: r.name, mapping: r.mapping as ColumnMapping, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

export async function listImportRuns(db: Db, ctx: OrgContext, limit = 50) {
  authorize(ctx, 'fleet.read');
  const rows = await db.selectFrom('asset_import_runs').selectAll().where('org_id', '=', ctx.orgId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, format: r.format, encoding: r.encoding, mappingName: r.mapping_name, status: r.status,
    rows: r.rows_total, created: r.created_count, updated: r.updated_count, unchanged: r.unchanged_count, duplicates: r.duplicate_count,
    errors: r.errors as RowError[], actor: r.actor, startedAt: r.started_at, finishedAt: r.finished_at,
  }));
}
