import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import type { ClockName } from './policy.js';
import { CLOCK_COLUMNS, stopLocked } from './service.js';
import type { StopReason } from './store.js';

/**
 * Remediation plans per finding: a patch in a release of the same product, a compensating
 * control, or a customer communication, each with a target date and a validation status.
 * When a plan reaches the status the policy names, it stops the clock it answers (see
 * {@link settles}); the stop is recorded like a person's, with the plan in the note.
 */
export const PLAN_KINDS = ['patch', 'compensating_control', 'customer_communication'] as const;
export const PLAN_STATUSES = ['planned', 'in_progress', 'validated', 'released'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * Which clocks a plan stops, and when (FDA 2016: within 30 days identify interim compensating
 * controls and write a remediation plan; the fix is a validated update distributed to customers;
 * an uncontrolled risk may instead be mitigated by compensating controls that bring the residual
 * risk to acceptable; the customer notice answers the 30-day communication clock):
 * - a patch or a compensating control, once recorded (any status) → the plan clock, `planned`;
 * - a patch, once released/deployed → the remediation clock, `remediated`;
 * - a compensating control, once validated (or released) → the remediation clock, `mitigated`;
 * - a customer communication, once released (sent) → the communication clock, `communicated`.
 * A customer communication is not a remediation plan: it leaves the plan clock running.
 */
export function settles(kind: PlanKind, status: PlanStatus): { clock: ClockName; reason: StopReason }[] {
  const out: { clock: ClockName; reason: StopReason }[] = [];
  if (kind === 'patch' || kind === 'compensating_control') out.push({ clock: 'plan', reason: 'planned' });
  if (kind === 'patch' && status === 'released') out.push({ clock: 'remediation', reason: 'remediated' });
  if (kind === 'compensating_control' && (status === 'validated' || status === 'released')) out.push({ clock: 'remediation', reason: 'mitigated' });
  if (kind === 'customer_communication' && status === 'released') out.push({ clock: 'communication', reason: 'communicated' });
  return out;
}

export interface PlanInput {
  readonly kind?: PlanKind | undefined;
  readonly releaseId?: string | null | undefined;
  readonly description?: string | undefined;
  readonly targetDate?: string | null | undefined;
  readonly status?: PlanStatus | undefined;
}

const PLAN_COLUMNS = ['p.id', 'p.finding_id', 'p.kind', 'p.release_id', 'rr.version as release_version', 'p.description', 'p.target_date', 'p.status', 'p.created_at', 'p.updated_at'] as const;

type PlanRow = { id: string; finding_id: string; kind: PlanKind; release_id: string | null; release_version: string | null; description: string; target_date: string | null; status: PlanStatus; created_at: Date; updated_at: Date };
export const presentPlan = (p: PlanRow) => ({
  id: p.id, findingId: p.finding_id, kind: p.kind, releaseId: p.release_id, releaseVersion: p.release_version, description: p.description,
  targetDate: p.target_date, status: p.status, createdAt: p.created_at, updatedAt: p.updated_at,
});

function plans(db: Db | Tx, orgId: string) {
  return db.selectFrom('remediation_plans as p').leftJoin('releases as rr', 'rr.id', 'p.release_id').select(PLAN_COLUMNS).where('p.org_id', '=', orgId);
}

async function findingProduct(tx: Db | Tx, orgId: string, findingId: string): Promise<string> {
  const row = await tx.selectFrom('findings as f').innerJoin('releases as r', 'r.id', 'f.release_id').select('r.product_id').where('f.org_id', '=', orgId).where('f.id', '=', findingId).executeTakeFirst();
  if (!row) throw notFound('finding');
  return row.product_id;
}

/** A patch names a release of the finding's own product; other kinds name none. */
async function checkRelease(tx: Tx, orgId: string, productId: string, kind: PlanKind, releaseId: string | null): Promise<void> {
  if (kind !== 'patch') {
    if (releaseId) throw badRequest('Only a patch names a release.', [{ pointer: '/body/releaseId', message: 'only for kind patch' }]);
    return;
  }
  if (!releaseId) throw badRequest('A patch names the release that ships it.', [{ pointer: '/body/releaseId', message: 'required for kind patch' }]);
  const release = await tx.selectFrom('releases').select('product_id').where('org_id', '=', orgId).where('id', '=', releaseId).executeTakeFirst();
  if (!release || release.product_id !== productId) {
    throw badRequest('The release must be one of the same product as the finding.', [{ pointer: '/body/releaseId', message: 'not a release of this product' }]);
  }
}

/** Stops the open clocks of the finding the plan settles, if any (in the plan's transaction). */
async function applySettlement(tx: Tx, ctx: OrgContext, findingId: string, plan: { id: string; kind: PlanKind; status: PlanStatus; description: string }): Promise<number> {
  let stopped = 0;
  for (const s of settles(plan.kind, plan.status)) {
    const open = await tx.selectFrom('finding_clocks as c').select(CLOCK_COLUMNS).where('c.org_id', '=', ctx.orgId).where('c.finding_id', '=', findingId).where('c.clock', '=', s.clock).where('c.state', '<>', 'stopped').forUpdate().execute();
    for (const c of open) await stopLocked(tx, ctx, c, s.reason, `Plan ${plan.kind.replaceAll('_', ' ')} ${plan.status}: ${plan.description.slice(0, 200)}`);
    stopped += open.length;
  }
  return stopped;
}

export async function listFindingPlans(db: Db, ctx: OrgContext, findingId: string) {
  authorize(ctx, 'intel.read');
  await findingProduct(db, ctx.orgId, findingId);
  return (await plans(db, ctx.orgId).where('p.finding_id', '=', findingId).orderBy('p.created_at').orderBy('p.id').execute()).map(presentPlan);
}

export async function createPlan(db: Db, ctx: OrgContext, findingId: string, input: Required<Pick<PlanInput, 'kind' | 'description'>> & PlanInput) {
  authorize(ctx, 'remediation.write');
  const id = await db.transaction().execute(async (tx) => {
    const productId = await findingProduct(tx, ctx.orgId, findingId);
    await checkRelease(tx, ctx.orgId, productId, input.kind, input.releaseId ?? null);
    const status = input.status ?? 'planned';
    const row = await tx
      .insertInto('remediation_plans')
      .values({ org_id: ctx.orgId, finding_id: findingId, kind: input.kind, release_id: input.releaseId ?? null, description: input.description, target_date: input.targetDate ?? null, status, created_by: ctx.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('finding_events').values({ finding_id: findingId, org_id: ctx.orgId, kind: 'remediation', detail: JSON.stringify({ action: 'planned', plan: row.id, kind: input.kind, status }) }).execute();
    const stopped = await applySettlement(tx, ctx, findingId, { id: row.id, kind: input.kind, status, description: input.description });
    await recordAudit(tx, ctx, { action: 'remediation.create', target: { type: 'remediation_plan', id: row.id }, summary: { findingId, kind: input.kind, status, releaseId: input.releaseId ?? null, targetDate: input.targetDate ?? null, clocksStopped: stopped } });
    return row.id;
  });
  return presentPlan(await plans(db, ctx.orgId).where('p.id', '=', id).executeTakeFirstOrThrow());
}

export async function updatePlan(db: Db, ctx: OrgContext, id: string, input: PlanInput) {
  authorize(ctx, 'remediation.write');
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('remediation_plans').selectAll().where('org_id', '=', ctx.orgId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('remediation plan');
    const kind = input.kind ?? before.kind;
    const releaseId = input.releaseId === undefined ? (kind === 'patch' ? before.release_id : null) : input.releaseId;
    await checkRelease(tx, ctx.orgId, await findingProduct(tx, ctx.orgId, before.finding_id), kind, releaseId);
    const after = {
      kind, release_id: releaseId, description: input.description ?? before.description, target_date: input.targetDate === undefined ? before.target_date : input.targetDate,
      status: input.status ?? before.status, updated_at: sql<Date>`date_trunc('milliseconds', now())`,
    };
    await tx.updateTable('remediation_plans').set(after).where('id', '=', id).execute();
    if (after.status !== before.status) {
      await tx.insertInto('finding_events').values({ finding_id: before.finding_id, org_id: ctx.orgId, kind: 'remediation', detail: JSON.stringify({ action: 'status', plan: id, kind, from: before.status, to: after.status }) }).execute();
    }
    const stopped = await applySettlement(tx, ctx, before.finding_id, { id, kind, status: after.status, description: after.description });
    await recordAudit(tx, ctx, {
      action: 'remediation.update',
      target: { type: 'remediation_plan', id },
      summary: { before: { kind: before.kind, status: before.status, releaseId: before.release_id, targetDate: before.target_date }, after: { kind, status: after.status, releaseId, targetDate: after.target_date }, clocksStopped: stopped },
    });
  });
  return presentPlan(await plans(db, ctx.orgId).where('p.id', '=', id).executeTakeFirstOrThrow());
}

/** The organization's plans, newest first, with their finding (cursor pages). */
export async function listPlans(db: Db, ctx: OrgContext, filter: { status?: PlanStatus | undefined; kind?: PlanKind | undefined }, limit: number, cursor?: string) {
  authorize(ctx, 'intel.read');
  let q = plans(db, ctx.orgId)
    .innerJoin('findings as f', 'f.id', 'p.finding_id')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as pr', 'pr.id', 'r.product_id')
    .select(['f.vuln_id', 'f.component_name', 'pr.name as product_name', 'r.version as finding_release_version']);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  if (filter.kind) q = q.where('p.kind', '=', filter.kind);
  if (cursor) {
    const [at, pid] = decodeCursor(cursor, ['string', 'string']) as [string, string];
    q = q.where((eb) => eb.or([eb('p.created_at', '<', new Date(at)), eb.and([eb('p.created_at', '=', new Date(at)), eb('p.id', '<', pid)])]));
  }
  const rows = await q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...presentPlan(r), vulnId: r.vuln_id, componentName: r.component_name, productName: r.product_name, findingReleaseVersion: r.finding_release_version })),
    nextCursor: rows.length > limit && last ? encodeCursor([new Date(last.created_at).toISOString(), last.id]) : null,
  };
}
