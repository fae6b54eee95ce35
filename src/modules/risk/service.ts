import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import type { RiskEventKind } from '../../platform/db/schema.js';
import { Problem, conflict, notFound } from '../../platform/http/problem.js';
import { changedFields, classOf, isDueForReview, REGISTER_MATRIX, utcDate, type NewControl, type RiskStatus } from './register.js';

/** Risk items: create, read, list with filters, edit, delete; each change audited and kept in the item's history. */

export interface RiskInput {
  readonly productId?: string | undefined;
  readonly title?: string | undefined;
  readonly threat?: string | null | undefined;
  readonly vulnerability?: string | null | undefined;
  readonly hazardousSituation?: string | null | undefined;
  readonly harm?: string | null | undefined;
  readonly likelihood?: string | undefined;
  readonly severity?: string | undefined;
  readonly existingControls?: string | null | undefined;
  readonly newControls?: readonly NewControl[] | undefined;
  readonly residualLikelihood?: string | undefined;
  readonly residualSeverity?: string | undefined;
  readonly ownerId?: string | null | undefined;
  readonly status?: 'open' | 'mitigating' | 'closed' | undefined;
  readonly findingIds?: readonly string[] | undefined;
}

export type NewRiskInput = RiskInput & { readonly productId: string; readonly title: string; readonly likelihood: string; readonly severity: string };

export interface RiskFilter {
  readonly productId?: string | undefined;
  readonly status?: RiskStatus | undefined;
  readonly ownerId?: string | undefined;
  /** Residual class (after controls). */
  readonly class?: 'controlled' | 'uncontrolled' | undefined;
  /** Only items whose acceptance in force has reached its re-review date. */
  readonly dueForReview?: boolean | undefined;
  /** A heat-map cell: likelihood and/or severity, before or after controls (default after). */
  readonly likelihood?: string | undefined;
  readonly severity?: string | undefined;
  readonly phase?: 'before' | 'after' | undefined;
  /** Substring of the title, threat, vulnerability, hazardous situation or harm. */
  readonly q?: string | undefined;
}

export function riskBase(db: Executor, orgId: string) {
  return db
    .selectFrom('risk_items as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .leftJoin('users as u', 'u.id', 'r.owner_id')
    .leftJoin('risk_acceptances as a', (join) => join.onRef('a.risk_id', '=', 'r.id').on('a.ended_at', 'is', null))
    .selectAll('r')
    .select(['p.name as product_name', 'u.name as owner_name', 'u.email as owner_email'])
    .select([
      'a.id as acceptance_id', 'a.approver_id', 'a.approver_label', 'a.rationale', 'a.uncontrolled_accepted', 'a.benefit_risk_rationale',
      'a.expires_on', 'a.review_on', 'a.accepted_at',
    ])
    .select(sql<string[]>`array(select rf.finding_id::text from risk_item_findings rf where rf.risk_id = r.id order by rf.finding_id)`.as('finding_ids'))
    .where('r.org_id', '=', orgId);
}

export type RiskRow = Awaited<ReturnType<ReturnType<typeof riskBase>['executeTakeFirstOrThrow']>>;

export function presentRisk(r: RiskRow, today = utcDate(new Date())) {
  return {
    id: r.id,
    productId: r.product_id,
    productName: r.product_name,
    title: r.title,
    threat: r.threat,
    vulnerability: r.vulnerability,
    hazardousSituation: r.hazardous_situation,
    harm: r.harm,
    likelihood: r.likelihood,
    severity: r.severity,
    initialClass: r.initial_class,
    existingControls: r.existing_controls,
    newControls: r.new_controls,
    residualLikelihood: r.residual_likelihood,
    residualSeverity: r.residual_severity,
    residualClass: r.residual_class,
    matrixId: r.matrix_id,
    owner: r.owner_id && r.owner_email ? { id: r.owner_id, name: r.owner_name ?? r.owner_email, email: r.owner_email } : null,
    status: r.status,
    version: r.version,
    findingIds: r.finding_ids,
    acceptance:
      r.acceptance_id && r.expires_on && r.review_on && r.accepted_at
        ? {
            id: r.acceptance_id,
            approverId: r.approver_id,
            approver: r.approver_label ?? '',
            rationale: r.rationale ?? '',
            uncontrolledAccepted: Boolean(r.uncontrolled_accepted),
            benefitRiskRationale: r.benefit_risk_rationale,
            expiresOn: r.expires_on,
            reviewOn: r.review_on,
            acceptedAt: r.accepted_at,
            dueForReview: isDueForReview(r.review_on, r.expires_on, today),
          }
        : null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type RiskItem = ReturnType<typeof presentRisk>;

export const riskEtag = (version: number) => `"v${version}"`;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export function applyRiskFilter(q: ReturnType<typeof riskBase>, filter: RiskFilter, today: string) {
  if (filter.productId) q = q.where('r.product_id', '=', filter.productId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.ownerId) q = q.where('r.owner_id', '=', filter.ownerId);
  if (filter.class) q = q.where('r.residual_class', '=', filter.class);
  if (filter.dueForReview !== undefined) {
    const due = sql<boolean>`(a.id is not null and a.review_on <= ${today}::date and a.expires_on > ${today}::date)`;
    q = q.where(filter.dueForReview ? due : sql<boolean>`not ${due}`);
  }
  const before = filter.phase === 'before';
  if (filter.likelihood) q = q.where(before ? 'r.likelihood' : 'r.residual_likelihood', '=', filter.likelihood);
  if (filter.severity) q = q.where(before ? 'r.severity' : 'r.residual_severity', '=', filter.severity);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    q = q.where((eb) =>
      eb.or([eb('r.title', 'ilike', pattern), eb('r.threat', 'ilike', pattern), eb('r.vulnerability', 'ilike', pattern), eb('r.hazardous_situation', 'ilike', pattern), eb('r.harm', 'ilike', pattern)]),
    );
  }
  return q;
}

/** One page of the register, newest first; `after` is the [createdAt, id] of the previous page's last item. */
export async function listRisks(db: Db, ctx: OrgContext, filter: RiskFilter, limit: number, after?: readonly [string, string], now = new Date()): Promise<RiskItem[]> {
  authorize(ctx, 'risk.read');
  const today = utcDate(now);
  let q = applyRiskFilter(riskBase(db, ctx.orgId), filter, today);
  if (after) q = q.where(sql<boolean>`(r.created_at, r.id) < (${new Date(after[0])}, ${after[1]}::uuid)`);
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  return rows.map((r) => presentRisk(r, today));
}

export async function loadRiskRow(db: Executor, orgId: string, id: string): Promise<RiskRow> {
  const row = await riskBase(db, orgId).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('risk item');
  return row;
}

/** One item with its linked findings, every acceptance it has had and its history. */
export async function getRisk(db: Db, ctx: OrgContext, id: string, now = new Date()) {
  authorize(ctx, 'risk.read');
  const today = utcDate(now);
  const item = presentRisk(await loadRiskRow(db, ctx.orgId, id), today);
  const findings = await db
    .selectFrom('risk_item_findings as rf')
    .innerJoin('findings as f', 'f.id', 'rf.finding_id')
    .innerJoin('releases as rel', 'rel.id', 'f.release_id')
    .select(['f.id', 'f.vuln_id as vulnId', 'f.component_name as componentName', 'f.component_version as componentVersion', 'f.status', 'f.release_id as releaseId', 'rel.version as releaseVersion'])
    .where('rf.risk_id', '=', id)
    .where('rf.org_id', '=', ctx.orgId)
    .orderBy('f.vuln_id')
    .orderBy('f.id')
    .execute();
  const acceptances = await db
    .selectFrom('risk_acceptances')
    .selectAll()
    .where('risk_id', '=', id)
    .where('org_id', '=', ctx.orgId)
    .orderBy('accepted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const events = await db.selectFrom('risk_events').select(['at', 'actor', 'kind', 'detail']).where('risk_id', '=', id).where('org_id', '=', ctx.orgId).orderBy('at').orderBy('id').execute();
  return {
    item,
    findings,
    acceptances: acceptances.map((a) => ({
      id: a.id,
      approver: a.approver_label,
      rationale: a.rationale,
      residualLikelihood: a.residual_likelihood,
      residualSeverity: a.residual_severity,
      residualClass: a.residual_class,
      uncontrolledAccepted: a.uncontrolled_accepted,
      benefitRiskRationale: a.benefit_risk_rationale,
      expiresOn: a.expires_on,
      reviewOn: a.review_on,
      acceptedAt: a.accepted_at,
      endedAt: a.ended_at,
      endReason: a.end_reason,
      endedBy: a.ended_by,
      endNote: a.end_note,
    })),
    events,
  };
}

export async function recordRiskEvent(tx: Tx, orgId: string, riskId: string, actor: string, kind: RiskEventKind, detail: Record<string, unknown>): Promise<void> {
  await tx.insertInto('risk_events').values({ risk_id: riskId, org_id: orgId, actor, kind, detail: JSON.stringify(detail) }).execute();
}

async function assertProduct(tx: Tx, orgId: string, productId: string): Promise<void> {
  const product = await tx.selectFrom('products').select('id').where('id', '=', productId).where('org_id', '=', orgId).executeTakeFirst();
  if (!product) throw notFound('product');
}

async function assertOwner(tx: Tx, orgId: string, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const member = await tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '=', ownerId).executeTakeFirst();
  if (!member) throw new Problem(400, 'validation', 'The owner must be a member of the organization.', { errors: [{ pointer: '/body/ownerId', message: 'not a member of this organization' }] });
}

/**
 * The findings to link: each must exist in the caller's organization (another organization's
 * finding is a 404, exactly like a missing one) and belong to a release of the item's product.
 */
async function assertFindings(tx: Tx, orgId: string, productId: string, findingIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(findingIds)];
  if (unique.length === 0) return [];
  const rows = await tx
    .selectFrom('findings as f')
    .innerJoin('releases as rel', 'rel.id', 'f.release_id')
    .select(['f.id', 'rel.product_id'])
    .where('f.org_id', '=', orgId)
    .where('f.id', 'in', unique)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r.product_id]));
  const missing = unique.find((id) => !byId.has(id));
  if (missing) throw new Problem(404, 'not-found', `No such finding: ${missing}.`);
  const index = findingIds.findIndex((id) => byId.get(id) !== productId);
  if (index !== -1) {
    throw new Problem(400, 'validation', 'A linked finding belongs to another product than the risk item.', {
      errors: [{ pointer: `/body/findingIds/${index}`, message: 'belongs to a release of another product' }],
    });
  }
  return unique.sort();
}

async function linkFindings(tx: Tx, orgId: string, riskId: string, findingIds: readonly string[]): Promise<void> {
  await tx.deleteFrom('risk_item_findings').where('risk_id', '=', riskId).execute();
  if (findingIds.length > 0) await tx.insertInto('risk_item_findings').values(findingIds.map((finding_id) => ({ risk_id: riskId, finding_id, org_id: orgId }))).execute();
}

/** What the history and the audit trail show of an item: the stored fields by their API names. */
function snapshot(row: Omit<RiskRow, 'product_name' | 'owner_name' | 'owner_email'>, findingIds: readonly string[]) {
  return {
    productId: row.product_id,
    title: row.title,
    threat: row.threat,
    vulnerability: row.vulnerability,
    hazardousSituation: row.hazardous_situation,
    harm: row.harm,
    likelihood: row.likelihood,
    severity: row.severity,
    initialClass: row.initial_class,
    existingControls: row.existing_controls,
    newControls: row.new_controls,
    residualLikelihood: row.residual_likelihood,
    residualSeverity: row.residual_severity,
    residualClass: row.residual_class,
    ownerId: row.owner_id,
    status: row.status,
    findingIds: [...findingIds],
  };
}
type Snapshot = ReturnType<typeof snapshot>;
const SNAPSHOT_KEYS = Object.keys(snapshot({} as RiskRow, [])) as (keyof Snapshot)[];

export async function createRisk(db: Db, ctx: OrgContext, input: NewRiskInput): Promise<RiskItem> {
  authorize(ctx, 'risk.write');
  const id = await db.transaction().execute(async (tx) => {
    await assertProduct(tx, ctx.orgId, input.productId);
    await assertOwner(tx, ctx.orgId, input.ownerId);
    const findingIds = await assertFindings(tx, ctx.orgId, input.productId, input.findingIds ?? []);
    // Without controls that change it, the residual risk is the initial one.
    const residualLikelihood = input.residualLikelihood ?? input.likelihood;
    const residualSeverity = input.residualSeverity ?? input.severity;
    const row = await tx
      .insertInto('risk_items')
      .values({
        org_id: ctx.orgId,
        product_id: input.productId,
        title: input.title,
        threat: input.threat ?? null,
        vulnerability: input.vulnerability ?? null,
        hazardous_situation: input.hazardousSituation ?? null,
        harm: input.harm ?? null,
        likelihood: input.likelihood,
        severity: input.severity,
        initial_class: classOf(input.likelihood, input.severity),
        existing_controls: input.existingControls ?? null,
        new_controls: JSON.stringify(input.newControls ?? []),
        residual_likelihood: residualLikelihood,
        residual_severity: residualSeverity,
        residual_class: classOf(residualLikelihood, residualSeverity),
        matrix_id: REGISTER_MATRIX.id,
        owner_id: input.ownerId ?? null,
        status: input.status ?? 'open',
        created_by: ctx.actor.label,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await linkFindings(tx, ctx.orgId, row.id, findingIds);
    const after = snapshot(row as RiskRow, findingIds);
    await recordRiskEvent(tx, ctx.orgId, row.id, ctx.actor.label, 'created', { after });
    await recordAudit(tx, ctx, { action: 'risk.create', target: { type: 'risk_item', id: row.id }, summary: { after } });
    return row.id;
  });
  return presentRisk(await loadRiskRow(db, ctx.orgId, id));
}

/** 412 for a stale If-Match. */
export const ifMatchFailed = () => new Problem(412, 'precondition-failed', 'The risk item changed since you loaded it; reload and try again.');

/**
 * Edits an item. The classes follow the levels. On an accepted item, a change of the residual
 * likelihood or severity ends the acceptance (it was given for the risk as it stood) and the
 * item reopens; closing it ends the acceptance too; moving it back to open or mitigating is
 * refused — that is what revoking is for.
 */
export async function updateRisk(db: Db, ctx: OrgContext, id: string, input: RiskInput, ifMatch?: string): Promise<RiskItem> {
  authorize(ctx, 'risk.write');
  await db.transaction().execute(async (tx) => {
    const locked = await tx.selectFrom('risk_items').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!locked) throw notFound('risk item');
    if (ifMatch !== undefined && ifMatch !== riskEtag(locked.version)) throw ifMatchFailed();
    const beforeFindings = (await tx.selectFrom('risk_item_findings').select('finding_id').where('risk_id', '=', id).orderBy('finding_id').execute()).map((f) => f.finding_id);
    const productId = input.productId ?? locked.product_id;
    if (input.productId !== undefined && input.productId !== locked.product_id) await assertProduct(tx, ctx.orgId, input.productId);
    if (input.ownerId !== undefined) await assertOwner(tx, ctx.orgId, input.ownerId);
    // A product change re-checks the findings kept, as they must belong to the new product.
    const findingIds = input.findingIds !== undefined || productId !== locked.product_id ? await assertFindings(tx, ctx.orgId, productId, input.findingIds ?? beforeFindings) : beforeFindings;

    const likelihood = input.likelihood ?? locked.likelihood;
    const severity = input.severity ?? locked.severity;
    const residualLikelihood = input.residualLikelihood ?? locked.residual_likelihood;
    const residualSeverity = input.residualSeverity ?? locked.residual_severity;
    const residualChanged = residualLikelihood !== locked.residual_likelihood || residualSeverity !== locked.residual_severity;
    let status: RiskStatus = input.status ?? locked.status;
    let endReason: 'risk_changed' | 'closed' | null = null;
    if (locked.status === 'accepted') {
      if (input.status === 'open' || input.status === 'mitigating') throw conflict('The risk item is accepted; revoke the acceptance to reopen it.');
      if (input.status === 'closed') endReason = 'closed';
      else if (residualChanged) {
        endReason = 'risk_changed';
        status = 'open';
      } else status = 'accepted';
    }

    const row = await tx
      .updateTable('risk_items')
      .set({
        product_id: productId,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.threat !== undefined ? { threat: input.threat } : {}),
        ...(input.vulnerability !== undefined ? { vulnerability: input.vulnerability } : {}),
        ...(input.hazardousSituation !== undefined ? { hazardous_situation: input.hazardousSituation } : {}),
        ...(input.harm !== undefined ? { harm: input.harm } : {}),
        ...(input.existingControls !== undefined ? { existing_controls: input.existingControls } : {}),
        ...(input.newControls !== undefined ? { new_controls: JSON.stringify(input.newControls) } : {}),
        ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
        likelihood,
        severity,
        initial_class: classOf(likelihood, severity),
        residual_likelihood: residualLikelihood,
        residual_severity: residualSeverity,
        residual_class: classOf(residualLikelihood, residualSeverity),
        status,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await linkFindings(tx, ctx.orgId, id, findingIds);
    const diff = changedFields(snapshot(locked as RiskRow, beforeFindings), snapshot(row as RiskRow, findingIds), SNAPSHOT_KEYS);
    if (endReason) {
      await tx
        .updateTable('risk_acceptances')
        .set({ ended_at: new Date(), end_reason: endReason, ended_by: ctx.actor.label })
        .where('risk_id', '=', id)
        .where('ended_at', 'is', null)
        .execute();
      await recordRiskEvent(tx, ctx.orgId, id, ctx.actor.label, 'acceptance_ended', { reason: endReason });
    }
    await recordRiskEvent(tx, ctx.orgId, id, ctx.actor.label, 'updated', diff);
    await recordAudit(tx, ctx, { action: 'risk.update', target: { type: 'risk_item', id }, summary: { ...diff, ...(endReason ? { acceptanceEnded: endReason } : {}) } });
  });
  return presentRisk(await loadRiskRow(db, ctx.orgId, id));
}

/** Deletes an item (its history goes with it; the audit trail keeps the record). An accepted item must be revoked first. */
export async function deleteRisk(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'risk.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('risk_items').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('risk item');
    if (row.status === 'accepted') throw conflict('The risk item is accepted; revoke the acceptance before deleting it.');
    const findingIds = (await tx.selectFrom('risk_item_findings').select('finding_id').where('risk_id', '=', id).orderBy('finding_id').execute()).map((f) => f.finding_id);
    await tx.deleteFrom('risk_items').where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'risk.delete', target: { type: 'risk_item', id }, summary: { before: snapshot(row as RiskRow, findingIds) } });
  });
}
