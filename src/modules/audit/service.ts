import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';

export interface AuditEvent {
  readonly id: number;
  readonly seq: number;
  readonly at: Date;
  readonly actor: { readonly type: string; readonly id: string | null; readonly label: string };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string | null };
  readonly summary: Record<string, unknown>;
  readonly requestId: string | null;
}

export interface AuditFilter {
  /** Exact action, or a prefix ending in `.` (e.g. `token.`). */
  readonly action?: string | undefined;
  /** Actor label (e-mail or token name), exact. */
  readonly actor?: string | undefined;
  readonly targetType?: string | undefined;
  readonly targetId?: string | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
}

/** The organization's trail, newest first; `beforeId` continues a previous page. */
export async function listAuditEvents(db: Db, ctx: OrgContext, filter: AuditFilter, limit: number, beforeId?: number): Promise<AuditEvent[]> {
  authorize(ctx, 'audit.read');
  let q = db.selectFrom('audit_events').selectAll().where('org_id', '=', ctx.orgId);
  if (filter.action) q = filter.action.endsWith('.') ? q.where('action', 'like', `${escapeLike(filter.action)}%`) : q.where('action', '=', filter.action);
  if (filter.actor) q = q.where('actor_label', '=', filter.actor);
  if (filter.targetType) q = q.where('target_type', '=', filter.targetType);
  if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
  if (filter.since) q = q.where('at', '>=', filter.since);
  if (filter.until) q = q.where('at', '<', filter.until);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    seq: Number(r.seq),
    at: r.at,
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    summary: r.summary,
    requestId: r.request_id,
  }));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
