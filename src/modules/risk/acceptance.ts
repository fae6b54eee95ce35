import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext, type OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { Problem, conflict, notFound } from '../../platform/http/problem.js';
import { acceptanceDates, checkAcceptanceRule, utcDate } from './register.js';
import { ifMatchFailed, loadRiskRow, presentRisk, recordRiskEvent, riskEtag, type RiskItem } from './service.js';

/**
 * Acceptance of an item's residual risk by an approver ('risk.accept'), with a rationale, an
 * expiry and a re-review date; revoking it; the periodic expiry of lapsed acceptances; and the
 * list of acceptances due for re-review (for the screen and for notifications).
 */

export interface AcceptanceInput {
  readonly rationale: string;
  readonly expiresOn: string;
  readonly reviewOn?: string | undefined;
  readonly acceptUncontrolled?: boolean | undefined;
  readonly benefitRiskRationale?: string | undefined;
}

const invalid = (pointer: string, message: string) => new Problem(400, 'validation', message, { errors: [{ pointer, message }] });

/**
 * Accepts the item's residual risk as it stands. An acceptance already in force is superseded
 * (a re-review renews it with new dates); a closed item cannot be accepted.
 */
export async function acceptRisk(db: Db, ctx: OrgContext, id: string, input: AcceptanceInput, options: { ifMatch?: string | undefined; now?: Date } = {}): Promise<RiskItem> {
  authorize(ctx, 'risk.accept');
  const now = options.now ?? new Date();
  const dates = acceptanceDates(input, utcDate(now));
  if (!dates.ok) throw invalid(dates.pointer, dates.message);
  await db.transaction().execute(async (tx) => {
    const item = await tx.selectFrom('risk_items').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!item) throw notFound('risk item');
    if (options.ifMatch !== undefined && options.ifMatch !== riskEtag(item.version)) throw ifMatchFailed();
    if (item.status === 'closed') throw conflict('The risk item is closed; reopen it before accepting its risk.');
    const rule = checkAcceptanceRule({ residualClass: item.residual_class, acceptUncontrolled: input.acceptUncontrolled ?? false, benefitRiskRationale: input.benefitRiskRationale });
    if (rule) throw invalid(rule.pointer, rule.message);
    const superseded = await tx
      .updateTable('risk_acceptances')
      .set({ ended_at: now, end_reason: 'superseded', ended_by: ctx.actor.label })
      .where('risk_id', '=', id)
      .where('ended_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    const acceptance = await tx
      .insertInto('risk_acceptances')
      .values({
        org_id: ctx.orgId,
        risk_id: id,
        approver_id: ctx.userId,
        approver_label: ctx.actor.label,
        rationale: input.rationale,
        residual_likelihood: item.residual_likelihood,
        residual_severity: item.residual_severity,
        residual_class: item.residual_class,
        uncontrolled_accepted: item.residual_class === 'uncontrolled',
        benefit_risk_rationale: item.residual_class === 'uncontrolled' ? (input.benefitRiskRationale ?? null) : null,
        expires_on: dates.expiresOn,
        review_on: dates.reviewOn,
        accepted_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('risk_items').set({ status: 'accepted', version: sql<number>`version + 1`, updated_at: now }).where('id', '=', id).execute();
    const detail = {
      acceptanceId: acceptance.id,
      residualClass: item.residual_class,
      residual: `${item.residual_likelihood} × ${item.residual_severity}`,
      expiresOn: dates.expiresOn,
      reviewOn: dates.reviewOn,
      uncontrolled: item.residual_class === 'uncontrolled',
      statusBefore: item.status,
      ...(superseded ? { supersedes: superseded.id } : {}),
    };
    await recordRiskEvent(tx, ctx.orgId, id, ctx.actor.label, 'accepted', { ...detail, rationale: input.rationale });
    await recordAudit(tx, ctx, { action: 'risk.accept', target: { type: 'risk_item', id }, summary: detail });
  });
  return presentRisk(await loadRiskRow(db, ctx.orgId, id), utcDate(now));
}

/** Revokes the acceptance in force; the item goes back to open. */
export async function revokeAcceptance(db: Db, ctx: OrgContext, id: string, reason: string): Promise<RiskItem> {
  authorize(ctx, 'risk.accept');
  await db.transaction().execute(async (tx) => {
    const item = await tx.selectFrom('risk_items').select(['id', 'status']).where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!item) throw notFound('risk item');
    const ended = await tx
      .updateTable('risk_acceptances')
      .set({ ended_at: new Date(), end_reason: 'revoked', ended_by: ctx.actor.label, end_note: reason })
      .where('risk_id', '=', id)
      .where('ended_at', 'is', null)
      .returning(['id', 'expires_on'])
      .executeTakeFirst();
    if (!ended) throw conflict('The risk item has no acceptance in force.');
    await tx.updateTable('risk_items').set({ status: 'open', version: sql<number>`version + 1`, updated_at: new Date() }).where('id', '=', id).execute();
    await recordRiskEvent(tx, ctx.orgId, id, ctx.actor.label, 'acceptance_revoked', { acceptanceId: ended.id, reason });
    await recordAudit(tx, ctx, { action: 'risk.acceptance_revoke', target: { type: 'risk_item', id }, summary: { acceptanceId: ended.id, reason, expiresOn: ended.expires_on } });
  });
  return presentRisk(await loadRiskRow(db, ctx.orgId, id));
}

/**
 * Ends every acceptance whose expiry date has come (on the UTC calendar day of `now`), across
 * all organizations: the item flips back to open with an `acceptance_expired` event and an
 * audit event by Vigil, one transaction per item so one bad row cannot hold back the rest.
 * Returns how many expired. Run by the `risk.acceptance-expiry` tick.
 */
export async function expireAcceptances(db: Db, now = new Date()): Promise<number> {
  const today = utcDate(now);
  const due = await db.selectFrom('risk_acceptances').select(['id', 'org_id', 'risk_id']).where('ended_at', 'is', null).where('expires_on', '<=', today).orderBy('expires_on').execute();
  let expired = 0;
  for (const acceptance of due) {
    const ctx = systemContext(acceptance.org_id);
    const done = await db.transaction().execute(async (tx) => {
      await tx.selectFrom('risk_items').select('id').where('id', '=', acceptance.risk_id).forUpdate().executeTakeFirst();
      const ended = await tx
        .updateTable('risk_acceptances')
        .set({ ended_at: now, end_reason: 'expired', ended_by: ctx.actor.label })
        .where('id', '=', acceptance.id)
        .where('ended_at', 'is', null)
        .returning('expires_on')
        .executeTakeFirst();
      // Revoked or renewed since the list was read: nothing to do.
      if (!ended) return false;
      await tx.updateTable('risk_items').set({ status: 'open', version: sql<number>`version + 1`, updated_at: now }).where('id', '=', acceptance.risk_id).execute();
      await recordRiskEvent(tx, acceptance.org_id, acceptance.risk_id, ctx.actor.label, 'acceptance_expired', { acceptanceId: acceptance.id, expiresOn: ended.expires_on });
      await recordAudit(tx, ctx, { action: 'risk.acceptance_expire', target: { type: 'risk_item', id: acceptance.risk_id }, summary: { acceptanceId: acceptance.id, expiresOn: ended.expires_on } });
      return true;
    });
    if (done) expired++;
  }
  return expired;
}

export interface RiskDueForReview {
  readonly riskId: string;
  readonly title: string;
  readonly productId: string;
  readonly productName: string;
  readonly ownerId: string | null;
  readonly ownerEmail: string | null;
  readonly approver: string;
  readonly reviewOn: string;
  readonly expiresOn: string;
  readonly residualClass: 'controlled' | 'uncontrolled';
}

/**
 * Accepted items whose re-review date has come and whose acceptance has not yet expired, on
 * the UTC calendar day of `now`, soonest expiry first. No role check: it is for Vigil's own
 * reminders (notifications), which act for the organization.
 */
export async function risksDueForReview(db: Db, orgId: string, now = new Date()): Promise<RiskDueForReview[]> {
  const today = utcDate(now);
  const rows = await db
    .selectFrom('risk_acceptances as a')
    .innerJoin('risk_items as r', 'r.id', 'a.risk_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .leftJoin('users as u', 'u.id', 'r.owner_id')
    .select(['r.id', 'r.title', 'r.product_id', 'p.name as product_name', 'r.owner_id', 'u.email', 'a.approver_label', 'a.review_on', 'a.expires_on', 'r.residual_class'])
    .where('a.org_id', '=', orgId)
    .where('a.ended_at', 'is', null)
    .where('a.review_on', '<=', today)
    .where('a.expires_on', '>', today)
    .orderBy('a.expires_on')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    riskId: r.id,
    title: r.title,
    productId: r.product_id,
    productName: r.product_name,
    ownerId: r.owner_id,
    ownerEmail: r.email,
    approver: r.approver_label,
    reviewOn: r.review_on,
    expiresOn: r.expires_on,
    residualClass: r.residual_class,
  }));
}
