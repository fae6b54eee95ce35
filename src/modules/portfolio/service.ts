import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import type { LifecycleStage } from '../../platform/db/schema.js';
import { Problem, conflict, notFound } from '../../platform/http/problem.js';
import { rescoreFindings } from '../scoring/store.js';
import { checkLifecycleDates, stageByDates } from './lifecycle.js';

export interface ProductInput {
  readonly name?: string | undefined;
  readonly manufacturer?: string | null | undefined;
  readonly modelNumbers?: string[] | undefined;
  readonly deviceClass?: string | null | undefined;
  readonly regulatoryIds?: Record<string, string> | undefined;
  readonly intendedUse?: string | null | undefined;
  readonly clinicalFunction?: string | null | undefined;
  readonly connectivity?: string[] | undefined;
  readonly description?: string | null | undefined;
  readonly archived?: boolean | undefined;
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string | null;
  readonly modelNumbers: string[];
  readonly deviceClass: string | null;
  readonly regulatoryIds: Record<string, string>;
  readonly intendedUse: string | null;
  readonly clinicalFunction: string | null;
  readonly connectivity: string[];
  readonly description: string | null;
  readonly archivedAt: Date | null;
  readonly releaseCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ReleaseInput {
  readonly version?: string | undefined;
  readonly lifecycleStage?: LifecycleStage | undefined;
  readonly releaseDate?: string | null | undefined;
  readonly endOfLifeDate?: string | null | undefined;
  readonly endOfGuaranteedSupportDate?: string | null | undefined;
  readonly endOfSupportDate?: string | null | undefined;
  readonly customersNotifiedAt?: string | null | undefined;
  readonly releaseNotesUrl?: string | null | undefined;
  readonly archived?: boolean | undefined;
}

export interface Release {
  readonly id: string;
  readonly productId: string;
  readonly version: string;
  readonly lifecycleStage: LifecycleStage;
  /** The stage the dates imply today, when it differs from the declared one (a reminder to update). */
  readonly stageByDates: LifecycleStage | null;
  readonly releaseDate: string | null;
  readonly endOfLifeDate: string | null;
  readonly endOfGuaranteedSupportDate: string | null;
  readonly endOfSupportDate: string | null;
  readonly customersNotifiedAt: Date | null;
  readonly releaseNotesUrl: string | null;
  readonly archivedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

type ProductRow = {
  id: string;
  name: string;
  manufacturer: string | null;
  model_numbers: string[];
  device_class: string | null;
  regulatory_ids: Record<string, string>;
  intended_use: string | null;
  clinical_function: string | null;
  connectivity: string[];
  description: string | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const presentProduct = (r: ProductRow & { release_count?: number | string }): Product => ({
  id: r.id,
  name: r.name,
  manufacturer: r.manufacturer,
  modelNumbers: r.model_numbers,
  deviceClass: r.device_class,
  regulatoryIds: r.regulatory_ids,
  intendedUse: r.intended_use,
  clinicalFunction: r.clinical_function,
  connectivity: r.connectivity,
  description: r.description,
  archivedAt: r.archived_at,
  releaseCount: Number(r.release_count ?? 0),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

type ReleaseRow = {
  id: string;
  product_id: string;
  version: string;
  lifecycle_stage: LifecycleStage;
  release_date: string | null;
  end_of_life_date: string | null;
  end_of_guaranteed_support_date: string | null;
  end_of_support_date: string | null;
  customers_notified_at: Date | null;
  release_notes_url: string | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function presentRelease(r: ReleaseRow, today = new Date().toISOString().slice(0, 10)): Release {
  const implied = stageByDates(
    { releaseDate: r.release_date, endOfLifeDate: r.end_of_life_date, endOfGuaranteedSupportDate: r.end_of_guaranteed_support_date, endOfSupportDate: r.end_of_support_date },
    today,
  );
  return {
    id: r.id,
    productId: r.product_id,
    version: r.version,
    lifecycleStage: r.lifecycle_stage,
    stageByDates: implied && implied !== r.lifecycle_stage ? implied : null,
    releaseDate: r.release_date,
    endOfLifeDate: r.end_of_life_date,
    endOfGuaranteedSupportDate: r.end_of_guaranteed_support_date,
    endOfSupportDate: r.end_of_support_date,
    customersNotifiedAt: r.customers_notified_at,
    releaseNotesUrl: r.release_notes_url,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function productColumns(input: ProductInput) {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.manufacturer !== undefined ? { manufacturer: input.manufacturer } : {}),
    ...(input.modelNumbers !== undefined ? { model_numbers: input.modelNumbers } : {}),
    ...(input.deviceClass !== undefined ? { device_class: input.deviceClass } : {}),
    ...(input.regulatoryIds !== undefined ? { regulatory_ids: JSON.stringify(input.regulatoryIds) } : {}),
    ...(input.intendedUse !== undefined ? { intended_use: input.intendedUse } : {}),
    ...(input.clinicalFunction !== undefined ? { clinical_function: input.clinicalFunction } : {}),
    ...(input.connectivity !== undefined ? { connectivity: input.connectivity } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.archived !== undefined ? { archived_at: input.archived ? new Date() : null } : {}),
  };
}

async function assertNameFree(tx: Tx, orgId: string, name: string, exceptId?: string): Promise<void> {
  let q = tx.selectFrom('products').select('id').where('org_id', '=', orgId).where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw conflict(`A product named "${name}" already exists.`);
}

export async function createProduct(db: Db, ctx: OrgContext, input: ProductInput & { name: string }): Promise<Product> {
  authorize(ctx, 'portfolio.write');
  return db.transaction().execute(async (tx) => {
    await assertNameFree(tx, ctx.orgId, input.name);
    const row = await tx.insertInto('products').values({ org_id: ctx.orgId, ...productColumns(input), name: input.name }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'product.create', target: { type: 'product', id: row.id }, summary: { after: { name: row.name } } });
    return presentProduct(row);
  });
}

export interface ProductFilter {
  readonly search?: string | undefined;
  readonly includeArchived?: boolean | undefined;
}

export async function listProducts(db: Db, ctx: OrgContext, filter: ProductFilter, limit: number, after?: [string, string]): Promise<Product[]> {
  authorize(ctx, 'portfolio.read');
  let q = db
    .selectFrom('products')
    .selectAll('products')
    .select((eb) => eb.selectFrom('releases').select(eb.fn.countAll().as('n')).whereRef('releases.product_id', '=', 'products.id').where('releases.archived_at', 'is', null).as('release_count'))
    .where('products.org_id', '=', ctx.orgId);
  if (!filter.includeArchived) q = q.where('products.archived_at', 'is', null);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('products.name', 'ilike', pattern), eb('products.manufacturer', 'ilike', pattern), eb(sql<string>`array_to_string(products.model_numbers, ' ')`, 'ilike', pattern)]),
    );
  }
  if (after) q = q.where((eb) => eb.or([eb(sql<string>`lower(products.name)`, '>', after[0]), eb.and([eb(sql<string>`lower(products.name)`, '=', after[0]), eb('products.id', '>', after[1])])]));
  const rows = await q.orderBy(sql`lower(products.name)`).orderBy('products.id').limit(limit).execute();
  return rows.map((r) => presentProduct(r as ProductRow & { release_count: number }));
}

async function loadProduct(db: Db | Tx, ctx: OrgContext, id: string, forUpdate = false) {
  let q = db.selectFrom('products').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('product');
  return row;
}

export async function getProduct(db: Db, ctx: OrgContext, id: string): Promise<Product> {
  authorize(ctx, 'portfolio.read');
  const row = await loadProduct(db, ctx, id);
  const count = await db.selectFrom('releases').select((eb) => eb.fn.countAll<number>().as('n')).where('product_id', '=', id).where('archived_at', 'is', null).executeTakeFirstOrThrow();
  return presentProduct({ ...row, release_count: count.n });
}

export async function updateProduct(db: Db, ctx: OrgContext, id: string, input: ProductInput): Promise<Product> {
  authorize(ctx, 'portfolio.write');
  await db.transaction().execute(async (tx) => {
    const before = await loadProduct(tx, ctx, id, true);
    if (input.name !== undefined) await assertNameFree(tx, ctx.orgId, input.name, id);
    const after = await tx.updateTable('products').set({ ...productColumns(input), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    const action = input.archived === true && !before.archived_at ? 'product.archive' : input.archived === false && before.archived_at ? 'product.unarchive' : 'product.update';
    await recordAudit(tx, ctx, { action, target: { type: 'product', id }, summary: { before: diffOf(before, after).before, after: diffOf(before, after).after } });
  });
  return getProduct(db, ctx, id);
}

/** Only the columns that changed, so the audit trail shows what happened, not the whole row. */
function diffOf<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (key === 'updated_at') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

function releaseColumns(input: ReleaseInput) {
  return {
    ...(input.version !== undefined ? { version: input.version } : {}),
    ...(input.lifecycleStage !== undefined ? { lifecycle_stage: input.lifecycleStage } : {}),
    ...(input.releaseDate !== undefined ? { release_date: input.releaseDate } : {}),
    ...(input.endOfLifeDate !== undefined ? { end_of_life_date: input.endOfLifeDate } : {}),
    ...(input.endOfGuaranteedSupportDate !== undefined ? { end_of_guaranteed_support_date: input.endOfGuaranteedSupportDate } : {}),
    ...(input.endOfSupportDate !== undefined ? { end_of_support_date: input.endOfSupportDate } : {}),
    ...(input.customersNotifiedAt !== undefined ? { customers_notified_at: input.customersNotifiedAt } : {}),
    ...(input.releaseNotesUrl !== undefined ? { release_notes_url: input.releaseNotesUrl } : {}),
    ...(input.archived !== undefined ? { archived_at: input.archived ? new Date() : null } : {}),
  };
}

function assertDatesInOrder(row: Pick<ReleaseRow, 'release_date' | 'end_of_life_date' | 'end_of_guaranteed_support_date' | 'end_of_support_date'>): void {
  const errors = checkLifecycleDates({
    releaseDate: row.release_date,
    endOfLifeDate: row.end_of_life_date,
    endOfGuaranteedSupportDate: row.end_of_guaranteed_support_date,
    endOfSupportDate: row.end_of_support_date,
  });
  if (errors.length > 0) throw new Problem(400, 'validation', errors[0]!.message, { errors });
}

export async function createRelease(db: Db, ctx: OrgContext, productId: string, input: ReleaseInput & { version: string }): Promise<Release> {
  authorize(ctx, 'portfolio.write');
  return db.transaction().execute(async (tx) => {
    await loadProduct(tx, ctx, productId, true);
    const taken = await tx.selectFrom('releases').select('id').where('product_id', '=', productId).where('version', '=', input.version).executeTakeFirst();
    if (taken) throw conflict(`Version ${input.version} already exists for this product.`);
    const row = await tx.insertInto('releases').values({ org_id: ctx.orgId, product_id: productId, ...releaseColumns(input), version: input.version }).returningAll().executeTakeFirstOrThrow();
    assertDatesInOrder(row);
    await recordAudit(tx, ctx, { action: 'release.create', target: { type: 'release', id: row.id }, summary: { productId, after: { version: row.version, lifecycleStage: row.lifecycle_stage } } });
    return presentRelease(row);
  });
}

export async function listReleases(db: Db, ctx: OrgContext, productId: string, includeArchived: boolean): Promise<Release[]> {
  authorize(ctx, 'portfolio.read');
  await loadProduct(db, ctx, productId);
  let q = db.selectFrom('releases').selectAll().where('org_id', '=', ctx.orgId).where('product_id', '=', productId);
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1000).execute();
  return rows.map((r) => presentRelease(r));
}

export async function getRelease(db: Db, ctx: OrgContext, id: string): Promise<Release> {
  authorize(ctx, 'portfolio.read');
  const row = await db.selectFrom('releases').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('release');
  return presentRelease(row);
}

/** Updates a release; a lifecycle-stage change is recorded as its own audit action. */
export async function updateRelease(db: Db, ctx: OrgContext, id: string, input: ReleaseInput): Promise<Release> {
  authorize(ctx, 'portfolio.write');
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('releases').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('release');
    if (input.version !== undefined && input.version !== before.version) {
      const taken = await tx.selectFrom('releases').select('id').where('product_id', '=', before.product_id).where('version', '=', input.version).executeTakeFirst();
      if (taken) throw conflict(`Version ${input.version} already exists for this product.`);
    }
    const after = await tx.updateTable('releases').set({ ...releaseColumns(input), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    assertDatesInOrder(after);
    const stageChanged = before.lifecycle_stage !== after.lifecycle_stage;
    // The stage is a priority factor (development −100, end of support −50): rescore the release's findings.
    if (stageChanged) await rescoreFindings(tx, ctx.orgId, { releaseIds: [id] });
    const { before: b, after: a } = diffOf(before, after);
    await recordAudit(tx, ctx, {
      action: stageChanged ? 'release.lifecycle_change' : 'release.update',
      target: { type: 'release', id },
      summary: { productId: before.product_id, version: after.version, before: b, after: a },
    });
    return presentRelease(after);
  });
}
