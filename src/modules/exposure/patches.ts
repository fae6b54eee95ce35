import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { PatchState } from '../../platform/db/schema.js';
import { notFound, Problem } from '../../platform/http/problem.js';
import { PATCH_STATES } from '../vendors/vocabulary.js';
import { bandOf } from './priority.js';
import { recomputeExposure } from './recompute.js';

/**
 * Patch deployment per asset × vulnerability: available (the vendor published a fix) →
 * validated (tested by clinical engineering) → scheduled (a date, often a maintenance window)
 * → installed. States only move forward (a step may be skipped); each step records its date.
 * Overdue = not installed on the due date the hospital's policy gives for the priority band.
 */

export const DEFAULT_POLICY = { critical: 15, high: 30, medium: 90, low: 180 } as const;

export async function getPolicy(db: Db, ctx: OrgContext) {
  authorize(ctx, 'exposure.read');
  const p = await db.selectFrom('patch_policies').selectAll().where('org_id', '=', ctx.orgId).executeTakeFirst();
  return p ? { critical: p.critical_days, high: p.high_days, medium: p.medium_days, low: p.low_days, updatedBy: p.updated_by, updatedAt: p.updated_at } : { ...DEFAULT_POLICY, updatedBy: null, updatedAt: null };
}

export async function setPolicy(db: Db, ctx: OrgContext, days: { critical: number; high: number; medium: number; low: number }) {
  authorize(ctx, 'exposure.policy');
  if (!(days.critical <= days.high && days.high <= days.medium && days.medium <= days.low)) {
    throw new Problem(400, 'validation', 'More urgent bands need fewer days: critical ≤ high ≤ medium ≤ low.', { errors: [{ pointer: '/body', message: 'days must not decrease from low to critical' }] });
  }
  await db.transaction().execute(async (tx) => {
    const values = { critical_days: days.critical, high_days: days.high, medium_days: days.medium, low_days: days.low, updated_by: ctx.actor.label, updated_at: new Date() };
    await tx.insertInto('patch_policies').values({ org_id: ctx.orgId, ...values }).onConflict((oc) => oc.column('org_id').doUpdateSet(values)).execute();
    await recordAudit(tx, ctx, { action: 'exposure.policy_update', target: { type: 'organization', id: ctx.orgId }, summary: { after: days } });
  });
  // Open deployments take the new due dates.
  await recomputeExposure(db, ctx.orgId);
  return getPolicy(db, ctx);
}

export async function patchBoard(db: Db, ctx: OrgContext, now = new Date()) {
  authorize(ctx, 'exposure.read');
  const today = now.toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('patch_deployments as d')
    .innerJoin('assets as a', 'a.id', 'd.asset_id')
    .leftJoin('vendor_documents as doc', 'doc.id', 'd.document_id')
    .select(['d.id', 'd.asset_id', 'a.manufacturer', 'a.model', 'a.serial', 'a.department', 'd.vuln_id', 'd.document_id', 'doc.doc_key', 'doc.title', 'd.remediation', 'd.state', 'd.priority', 'd.available_on', 'd.due_on', 'd.validated_on', 'd.scheduled_for', 'd.installed_on', 'd.note'])
    .where('d.org_id', '=', ctx.orgId)
    .orderBy('d.due_on')
    .orderBy('d.priority', 'desc')
    .limit(5000)
    .execute();
  const items = rows.map((r) => ({
    id: r.id, assetId: r.asset_id, manufacturer: r.manufacturer, model: r.model, serial: r.serial, department: r.department, vulnId: r.vuln_id,
    advisory: r.document_id ? { id: r.document_id, key: r.doc_key ?? '', title: r.title } : null, remediation: r.remediation, state: r.state, priority: r.priority, band: bandOf(r.priority),
    availableOn: r.available_on, dueOn: r.due_on, validatedOn: r.validated_on, scheduledFor: r.scheduled_for, installedOn: r.installed_on, note: r.note,
    overdue: r.state !== 'installed' && r.due_on < today,
  }));
  const perAdvisory = await sql<{ document_id: string | null; doc_key: string | null; title: string | null; total: number; installed: number; overdue: number }>`
    select d.document_id, doc.doc_key, doc.title, count(distinct d.asset_id)::int as total,
           count(distinct d.asset_id) filter (where d.state = 'installed')::int as installed,
           count(*) filter (where d.state <> 'installed' and d.due_on < ${today}::date)::int as overdue
    from patch_deployments d left join vendor_documents doc on doc.id = d.document_id
    where d.org_id = ${ctx.orgId}
    group by d.document_id, doc.doc_key, doc.title
    order by doc.doc_key nulls last`.execute(db);
  return {
    items,
    advisories: perAdvisory.rows.map((r) => ({ documentId: r.document_id, key: r.doc_key, title: r.title, assets: r.total, installed: r.installed, overdue: r.overdue, percentPatched: r.total === 0 ? 0 : Math.round((r.installed * 1000) / r.total) / 10 })),
  };
}

export interface PatchChange {
  readonly state: PatchState;
  /** The day the step happened (validated, installed) or is planned for (scheduled); default today. */
  readonly on?: string | undefined;
  readonly note?: string | undefined;
}

export async function movePatch(db: Db, ctx: OrgContext, id: string, change: PatchChange, now = new Date()) {
  authorize(ctx, 'exposure.write');
  const day = change.on ?? now.toISOString().slice(0, 10);
  let installed = false;
  await db.transaction().execute(async (tx) => {
    const d = await tx.selectFrom('patch_deployments').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!d) throw notFound('patch deployment');
    const from = PATCH_STATES.indexOf(d.state);
    const to = PATCH_STATES.indexOf(change.state);
    if (to <= from) throw new Problem(409, 'invalid-transition', `The deployment is ${d.state}; it can move to ${PATCH_STATES.slice(from + 1).join(', ') || 'nothing (installed is final)'}.`, { errors: [{ pointer: '/body/state', message: `not after ${d.state}` }] });
    if (change.state !== 'scheduled' && day > now.toISOString().slice(0, 10)) throw new Problem(400, 'validation', `A ${change.state} date cannot be in the future.`, { errors: [{ pointer: '/body/on', message: 'in the future' }] });
    if (day < d.available_on) throw new Problem(400, 'validation', `The date is before the patch was available (${d.available_on}).`, { errors: [{ pointer: '/body/on', message: 'before availability' }] });
    await tx
      .updateTable('patch_deployments')
      .set({
        state: change.state,
        ...(change.state === 'validated' ? { validated_on: day } : {}),
        ...(change.state === 'scheduled' ? { scheduled_for: day } : {}),
        ...(change.state === 'installed' ? { installed_on: day } : {}),
        ...(change.note !== undefined ? { note: change.note } : {}),
        updated_by: ctx.actor.label,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, { action: 'exposure.patch_move', target: { type: 'patch_deployment', id }, summary: { assetId: d.asset_id, vulnId: d.vuln_id, from: d.state, to: change.state, on: day } });
    installed = change.state === 'installed';
  });
  // An installed patch ends the exposure (status patched, priority 0).
  if (installed) await recomputeExposure(db, ctx.orgId);
}
