import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext, type OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { LegacyControl, LifecycleStage } from '../../platform/db/schema.js';
import { notFound } from '../../platform/http/problem.js';
import { queueNotifications, type Notification } from '../notifications/outbox.js';
import { vendorLifecycles } from './lifecycle.js';
import { daysUntil, dueReminders, flagsOf } from './register.js';

/** The legacy register: every fleet model with its lifecycle, plan and flags; plan edits; the daily end-of-support reminders. */

export interface PlanInput {
  readonly manufacturer: string;
  readonly model: string;
  readonly lifecycleStage?: LifecycleStage | null | undefined;
  readonly endOfLifeOn?: string | null | undefined;
  readonly endOfGuaranteedSupportOn?: string | null | undefined;
  readonly endOfSupportOn?: string | null | undefined;
  readonly compensatingControls?: readonly LegacyControl[] | undefined;
  readonly decision?: 'continue' | 'replace' | 'decommission' | 'accept_risk' | null | undefined;
  readonly replacementModel?: string | null | undefined;
  readonly budgetYear?: number | null | undefined;
  readonly estimatedCost?: number | null | undefined;
  readonly currency?: string | undefined;
  readonly riskAcceptedBy?: string | null | undefined;
  readonly riskAcceptedOn?: string | null | undefined;
  readonly nextReviewOn?: string | null | undefined;
  readonly reminderDays?: readonly number[] | undefined;
  readonly notes?: string | null | undefined;
}

const keyOf = (manufacturer: string, model: string) => `${manufacturer.toLowerCase()}\u001f${model.toLowerCase()}`;

export async function legacyRegister(db: Db, ctx: OrgContext, now = new Date()) {
  authorize(ctx, 'fleet.read');
  const today = now.toISOString().slice(0, 10);
  const models = await db
    .selectFrom('assets')
    .select([
      sql<string>`min(manufacturer)`.as('manufacturer'), sql<string>`min(model)`.as('model'), sql<number>`count(*)::int`.as('assets'),
      sql<number>`(count(*) filter (where patient_connected))::int`.as('patientConnected'),
      sql<string[]>`array_remove(array_agg(distinct department), null)`.as('departments'),
    ])
    .where('org_id', '=', ctx.orgId)
    .where('archived', '=', false)
    .groupBy([sql`lower(manufacturer)`, sql`lower(model)`])
    .execute();
  const plans = await db.selectFrom('legacy_plans').selectAll().where('org_id', '=', ctx.orgId).execute();
  const vendor = await vendorLifecycles(db, ctx.orgId);
  const reminders = await db.selectFrom('legacy_reminders').select(['plan_id', sql<number>`min(days_before)::int`.as('days'), sql<Date>`max(sent_at)`.as('at')]).where('org_id', '=', ctx.orgId).groupBy('plan_id').execute();
  const byKey = new Map(models.map((m) => [keyOf(m.manufacturer, m.model), m]));
  for (const p of plans) if (!byKey.has(keyOf(p.manufacturer, p.model))) byKey.set(keyOf(p.manufacturer, p.model), { manufacturer: p.manufacturer, model: p.model, assets: 0, patientConnected: 0, departments: [] });
  const items = [...byKey.entries()].map(([key, m]) => {
    const plan = plans.find((p) => keyOf(p.manufacturer, p.model) === key) ?? null;
    const v = vendor.get(key);
    // What a person entered wins over the vendor's data: it is the hospital's own decision record.
    const stage = plan?.lifecycle_stage ?? v?.stage ?? null;
    const endOfSupport = plan?.end_of_support_on ?? v?.endOfSupport ?? null;
    const controls = (plan?.compensating_controls as LegacyControl[] | undefined) ?? [];
    const reminder = plan ? reminders.find((r) => r.plan_id === plan.id) : undefined;
    return {
      manufacturer: m.manufacturer, model: m.model, assets: m.assets, patientConnected: m.patientConnected, departments: m.departments,
      lifecycleStage: stage, stageSource: (plan?.lifecycle_stage || plan?.end_of_support_on ? 'manual' : v ? 'vendor' : null) as 'manual' | 'vendor' | null,
      endOfLifeOn: plan?.end_of_life_on ?? v?.endOfLife ?? null, endOfGuaranteedSupportOn: plan?.end_of_guaranteed_support_on ?? v?.endOfGuaranteedSupport ?? null, endOfSupportOn: endOfSupport,
      daysToEndOfSupport: endOfSupport ? daysUntil(endOfSupport, today) : null,
      plan: plan ? {
        id: plan.id, decision: plan.decision, replacementModel: plan.replacement_model, budgetYear: plan.budget_year, estimatedCost: plan.estimated_cost === null ? null : Number(plan.estimated_cost), currency: plan.currency,
        compensatingControls: controls, riskAcceptedBy: plan.risk_accepted_by, riskAcceptedOn: plan.risk_accepted_on, nextReviewOn: plan.next_review_on, reminderDays: plan.reminder_days, notes: plan.notes, updatedBy: plan.updated_by, updatedAt: plan.updated_at,
      } : null,
      lastReminder: reminder ? { daysBefore: reminder.days, sentAt: reminder.at } : null,
      flags: flagsOf({ stage, endOfSupport, decision: plan?.decision ?? null, budgetYear: plan?.budget_year ?? null, riskAcceptedOn: plan?.risk_accepted_on ?? null, controls: controls.length }, today),
    };
  });
  items.sort((a, b) => (a.endOfSupportOn ?? '9999').localeCompare(b.endOfSupportOn ?? '9999') || a.manufacturer.localeCompare(b.manufacturer) || a.model.localeCompare(b.model));
  const budget = new Map<string, { year: number; currency: string; total: number; models: number }>();
  for (const i of items) {
    if (!i.plan?.budgetYear || i.plan.estimatedCost === null) continue;
    const k = `${i.plan.budgetYear}:${i.plan.currency}`;
    const b = budget.get(k) ?? { year: i.plan.budgetYear, currency: i.plan.currency, total: 0, models: 0 };
    b.total = Math.round((b.total + i.plan.estimatedCost) * 100) / 100;
    b.models++;
    budget.set(k, b);
  }
  return { today, items, budget: [...budget.values()].sort((a, b) => a.year - b.year || a.currency.localeCompare(b.currency)) };
}

export async function savePlan(db: Db, ctx: OrgContext, input: PlanInput) {
  authorize(ctx, 'fleet.write');
  const values = {
    manufacturer: input.manufacturer, model: input.model,
    ...(input.lifecycleStage !== undefined ? { lifecycle_stage: input.lifecycleStage } : {}),
    ...(input.endOfLifeOn !== undefined ? { end_of_life_on: input.endOfLifeOn } : {}),
    ...(input.endOfGuaranteedSupportOn !== undefined ? { end_of_guaranteed_support_on: input.endOfGuaranteedSupportOn } : {}),
    ...(input.endOfSupportOn !== undefined ? { end_of_support_on: input.endOfSupportOn } : {}),
    ...(input.compensatingControls !== undefined ? { compensating_controls: JSON.stringify(input.compensatingControls) } : {}),
    ...(input.decision !== undefined ? { decision: input.decision } : {}),
    ...(input.replacementModel !== undefined ? { replacement_model: input.replacementModel } : {}),
    ...(input.budgetYear !== undefined ? { budget_year: input.budgetYear } : {}),
    ...(input.estimatedCost !== undefined ? { estimated_cost: input.estimatedCost } : {}),
    ...(input.currency !== undefined ? { currency: input.currency } : {}),
    ...(input.riskAcceptedBy !== undefined ? { risk_accepted_by: input.riskAcceptedBy } : {}),
    ...(input.riskAcceptedOn !== undefined ? { risk_accepted_on: input.riskAcceptedOn } : {}),
    ...(input.nextReviewOn !== undefined ? { next_review_on: input.nextReviewOn } : {}),
    ...(input.reminderDays !== undefined ? { reminder_days: [...input.reminderDays] } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
    updated_by: ctx.actor.label,
  };
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('legacy_plans').select('id').where('org_id', '=', ctx.orgId).where(sql<boolean>`lower(manufacturer) = lower(${input.manufacturer}) and lower(model) = lower(${input.model})`).forUpdate().executeTakeFirst();
    const row = existing
      ? await tx.updateTable('legacy_plans').set({ ...values, updated_at: new Date() }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()
      : await tx.insertInto('legacy_plans').values({ ...values, org_id: ctx.orgId }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: existing ? 'legacy.plan.update' : 'legacy.plan.create', target: { type: 'legacy_plan', id: row.id }, summary: { ...input } });
    return { id: row.id, created: !existing };
  });
}

export async function deletePlan(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'fleet.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('legacy_plans').where('id', '=', id).where('org_id', '=', ctx.orgId).returning(['manufacturer', 'model']).executeTakeFirst();
    if (!row) throw notFound('legacy plan');
    await recordAudit(tx, ctx, { action: 'legacy.plan.delete', target: { type: 'legacy_plan', id }, summary: { ...row } });
  });
}

/**
 * The daily tick: for every plan with an end-of-support date, each reminder threshold
 * (365/180/90/30 days by default) that has come is recorded once per plan, threshold and
 * date — a moved date reminds again — with an audit event the organization's trail shows,
 * and an `end_of_support` notification queued in the same transaction for every channel that
 * subscribes to it.
 */
export async function remindEndOfSupport(db: Db, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const plans = await db.selectFrom('legacy_plans').select(['id', 'org_id', 'manufacturer', 'model', 'end_of_support_on', 'reminder_days']).where('end_of_support_on', 'is not', null).where('end_of_support_on', '>=', today).execute();
  let sent = 0;
  for (const p of plans) {
    const due = dueReminders(p.end_of_support_on!, p.reminder_days, today);
    if (due.length === 0) continue;
    await db.transaction().execute(async (tx) => {
      const inserted = await tx.insertInto('legacy_reminders').values(due.map((d) => ({ plan_id: p.id, org_id: p.org_id, days_before: d, end_of_support_on: p.end_of_support_on! }))).onConflict((oc) => oc.doNothing()).returning('days_before').execute();
      if (inserted.length === 0) return;
      sent += inserted.length;
      const daysLeft = daysUntil(p.end_of_support_on!, today);
      await recordAudit(tx, systemContext(p.org_id), { action: 'legacy.reminder', target: { type: 'legacy_plan', id: p.id }, summary: { manufacturer: p.manufacturer, model: p.model, endOfSupportOn: p.end_of_support_on, daysBefore: inserted.map((i) => i.days_before), daysLeft } });
      await queueNotifications(tx, p.org_id, [endOfSupportNotification(p, Math.min(...inserted.map((i) => i.days_before)), daysLeft)]);
    });
  }
  return sent;
}

/**
 * The e-mail / webhook for a reminder. Thresholds that come together (a plan saved 25 days
 * before its date) make one message, for the nearest threshold: one mail per model and tick.
 */
export function endOfSupportNotification(p: { id: string; manufacturer: string; model: string; end_of_support_on: string | null }, daysBefore: number, daysLeft: number): Notification {
  const eos = p.end_of_support_on!;
  return {
    event: 'end_of_support',
    dedupeKey: `end_of_support:${p.id}:${eos}:${daysBefore}`,
    title: `Support ends ${eos} (in ${daysLeft} days): ${p.manufacturer} ${p.model}`,
    text: `The vendor's support for ${p.manufacturer} ${p.model} ends on ${eos}, ${daysLeft} days from now (the ${daysBefore}-day reminder). After that date no security patches are promised: confirm the compensating controls and the replacement budget year in Vigil under Legacy planning.`,
    finding: null,
    legacy: { planId: p.id, manufacturer: p.manufacturer, model: p.model, endOfSupportOn: eos, daysLeft, daysBefore },
  };
}

export async function listReminders(db: Db, ctx: OrgContext) {
  authorize(ctx, 'fleet.read');
  const rows = await db.selectFrom('legacy_reminders as r').innerJoin('legacy_plans as p', 'p.id', 'r.plan_id').select(['r.plan_id', 'p.manufacturer', 'p.model', 'r.days_before', 'r.end_of_support_on', 'r.sent_at']).where('r.org_id', '=', ctx.orgId).orderBy('r.sent_at', 'desc').limit(200).execute();
  return rows.map((r) => ({ planId: r.plan_id, manufacturer: r.manufacturer, model: r.model, daysBefore: r.days_before, endOfSupportOn: r.end_of_support_on, sentAt: r.sent_at }));
}
