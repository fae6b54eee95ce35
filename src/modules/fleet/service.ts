import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor } from '../../platform/db/database.js';
import type { AssetsTable } from '../../platform/db/schema.js';
import { conflict, notFound, Problem } from '../../platform/http/problem.js';
import { COLUMN_OF, FieldError, parseField, type AssetField, type Criticality, type FieldValue } from './fields.js';

/** Assets: list with filters, one asset, manual add, edit, bulk edit; every change audited. */

type AssetRow = Selectable<AssetsTable>;

export function presentAsset(r: AssetRow) {
  return {
    id: r.id,
    manufacturer: r.manufacturer,
    model: r.model,
    serial: r.serial,
    softwareVersion: r.software_version,
    firmwareVersion: r.firmware_version,
    location: r.location,
    department: r.department,
    networkZone: r.network_zone,
    vlan: r.vlan,
    ip: r.ip,
    mac: r.mac,
    clinicalCriticality: r.clinical_criticality,
    patientConnected: r.patient_connected,
    owner: r.owner,
    purchasedOn: r.purchased_on,
    installedOn: r.installed_on,
    archived: r.archived,
    lastImportId: r.last_import_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Asset = ReturnType<typeof presentAsset>;

export interface AssetFilter {
  readonly q?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly model?: string | undefined;
  readonly department?: string | undefined;
  readonly criticality?: Criticality | 'unassessed' | undefined;
  readonly patientConnected?: boolean | undefined;
  /** Default false: archived assets are listed only when asked. */
  readonly archived?: boolean | undefined;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export function assetQuery(db: Executor, orgId: string, filter: AssetFilter) {
  let q = db.selectFrom('assets').selectAll().where('org_id', '=', orgId).where('archived', '=', filter.archived ?? false);
  if (filter.manufacturer) q = q.where(sql<boolean>`lower(manufacturer) = lower(${filter.manufacturer})`);
  if (filter.model) q = q.where(sql<boolean>`lower(model) = lower(${filter.model})`);
  if (filter.department) q = q.where('department', '=', filter.department);
  if (filter.criticality === 'unassessed') q = q.where('clinical_criticality', 'is', null);
  else if (filter.criticality) q = q.where('clinical_criticality', '=', filter.criticality);
  if (filter.patientConnected !== undefined) q = q.where('patient_connected', '=', filter.patientConnected);
  if (filter.q) {
    const p = likePattern(filter.q);
    q = q.where((eb) => eb.or([eb('manufacturer', 'ilike', p), eb('model', 'ilike', p), eb('serial', 'ilike', p), eb('location', 'ilike', p), eb('owner', 'ilike', p), eb('ip', 'ilike', p)]));
  }
  return q;
}

/** One page ordered by manufacturer, model, serial (how clinical engineering reads a fleet). */
export async function listAssets(db: Db, ctx: OrgContext, filter: AssetFilter, limit: number, after?: readonly [string, string, string]): Promise<Asset[]> {
  authorize(ctx, 'fleet.read');
  let q = assetQuery(db, ctx.orgId, filter);
  if (after) q = q.where(sql<boolean>`(lower(manufacturer), lower(model), id) > (${after[0]}, ${after[1]}, ${after[2]}::uuid)`);
  const rows = await q.orderBy(sql`lower(manufacturer)`).orderBy(sql`lower(model)`).orderBy('id').limit(limit).execute();
  return rows.map(presentAsset);
}

export const assetCursor = (a: Asset) => [a.manufacturer.toLowerCase(), a.model.toLowerCase(), a.id];

export async function getAsset(db: Executor, ctx: OrgContext, id: string): Promise<Asset> {
  authorize(ctx, 'fleet.read');
  const row = await db.selectFrom('assets').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('asset');
  return presentAsset(row);
}

/** Counts for the fleet screen's header and the dashboards. */
export async function fleetSummary(db: Db, ctx: OrgContext) {
  authorize(ctx, 'fleet.read');
  const row = await db
    .selectFrom('assets')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where patient_connected))::int`.as('patientConnected'),
      sql<number>`(count(*) filter (where clinical_criticality is null))::int`.as('unassessed'),
      sql<number>`count(distinct (lower(manufacturer), lower(model)))::int`.as('models'),
    ])
    .where('org_id', '=', ctx.orgId)
    .where('archived', '=', false)
    .executeTakeFirstOrThrow();
  const departments = await db
    .selectFrom('assets')
    .select(['department', sql<number>`count(*)::int`.as('count')])
    .where('org_id', '=', ctx.orgId)
    .where('archived', '=', false)
    .groupBy('department')
    .orderBy('department')
    .execute();
  return { ...row, departments };
}

export type AssetInput = Partial<Record<AssetField, FieldValue>> & { archived?: boolean };

/** API values through the same parser as import cells, so the two agree on what is valid. */
export function toColumns(input: AssetInput, pointerBase = '/body'): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const errors: { pointer: string; message: string }[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === 'archived') {
      out.archived = Boolean(value);
      continue;
    }
    const field = key as AssetField;
    try {
      out[COLUMN_OF[field]] = value === null ? parseField(field, '') : parseField(field, String(value));
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors.push({ pointer: `${pointerBase}/${field}`, message: `${field} ${error.message}` });
    }
  }
  if (errors.length > 0) throw new Problem(400, 'validation', errors.map((e) => e.message).join('; '), { errors });
  return out;
}

const duplicateAsset = (manufacturer: unknown, serial: unknown) => conflict(`An asset of ${String(manufacturer)} with serial ${String(serial)} already exists.`);

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export async function createAsset(db: Db, ctx: OrgContext, input: AssetInput & { manufacturer: string; model: string; serial: string }): Promise<Asset> {
  authorize(ctx, 'fleet.write');
  const columns = toColumns(input);
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('assets').values({ ...(columns as Insertable<AssetsTable>), org_id: ctx.orgId }).returningAll().executeTakeFirstOrThrow();
      const asset = presentAsset(row);
      await recordAudit(tx, ctx, { action: 'fleet.asset.create', target: { type: 'asset', id: row.id }, summary: { after: snapshot(asset) } });
      return asset;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateAsset(input.manufacturer, input.serial);
    throw error;
  }
}

function snapshot(a: Asset): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, lastImportId: _l, ...rest } = a;
  return rest;
}

function diff(before: Asset, after: Asset): Record<string, { before: unknown; after: unknown }> {
  const b = snapshot(before);
  const a = snapshot(after);
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(a)) if (b[key] !== a[key]) out[key] = { before: b[key], after: a[key] };
  return out;
}

export async function updateAsset(db: Db, ctx: OrgContext, id: string, input: AssetInput): Promise<Asset> {
  authorize(ctx, 'fleet.write');
  const columns = toColumns(input);
  try {
    return await db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('assets').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
      if (!locked) throw notFound('asset');
      const row = await tx.updateTable('assets').set({ ...(columns as Updateable<AssetsTable>), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const changes = diff(presentAsset(locked), presentAsset(row));
      await recordAudit(tx, ctx, { action: 'fleet.asset.update', target: { type: 'asset', id }, summary: changes });
      return presentAsset(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateAsset(input.manufacturer, input.serial);
    throw error;
  }
}

/** Fields a bulk edit may set: the ones that describe where a device sits and who has it, never its identity. */
export const BULK_FIELDS = ['location', 'department', 'networkZone', 'vlan', 'clinicalCriticality', 'patientConnected', 'owner', 'softwareVersion', 'firmwareVersion'] as const;

/**
 * Sets the same values on many assets in one statement. Every id must be an asset of the
 * caller's organization (another's, or an unknown id, is a 404 and nothing changes).
 */
export async function bulkUpdateAssets(db: Db, ctx: OrgContext, ids: readonly string[], set: AssetInput): Promise<{ updated: number }> {
  authorize(ctx, 'fleet.write');
  const columns = toColumns(set, '/body/set');
  if (Object.keys(columns).length === 0) throw new Problem(400, 'validation', 'Nothing to change: set is empty.', { errors: [{ pointer: '/body/set', message: 'no fields' }] });
  const unique = [...new Set(ids)];
  return db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('assets').select('id').where('org_id', '=', ctx.orgId).where('id', 'in', unique).forUpdate().execute();
    if (found.length !== unique.length) {
      const have = new Set(found.map((f) => f.id));
      throw notFound(`asset: ${unique.find((i) => !have.has(i))}`);
    }
    const result = await tx.updateTable('assets').set({ ...(columns as Updateable<AssetsTable>), updated_at: new Date() }).where('org_id', '=', ctx.orgId).where('id', 'in', unique).executeTakeFirst();
    await recordAudit(tx, ctx, { action: 'fleet.asset.bulk-update', target: { type: 'asset', id: null }, summary: { ids: unique, set } });
    return { updated: Number(result.numUpdatedRows) };
  });
}
