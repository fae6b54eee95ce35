import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { maskUrlSecrets } from '../../platform/fetch/index.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import type { NotificationEvent } from './outbox.js';
import { newWebhookSecret } from './signing.js';

/**
 * Notification channels of an organization (e-mail recipients, or a webhook URL with its
 * signing secret — shown once at creation, never returned, logged or audited afterwards) and
 * the delivery log.
 */
export interface ChannelInput {
  readonly kind?: 'email' | 'webhook' | undefined;
  readonly name?: string | undefined;
  readonly enabled?: boolean | undefined;
  readonly events?: NotificationEvent[] | undefined;
  readonly recipients?: string[] | undefined;
  readonly url?: string | undefined;
}

type ChannelRow = { id: string; kind: 'email' | 'webhook'; name: string; enabled: boolean; events: string[]; recipients: string[]; url: string | null; created_at: Date; updated_at: Date };
const COLUMNS = ['id', 'kind', 'name', 'enabled', 'events', 'recipients', 'url', 'created_at', 'updated_at'] as const;

const present = (c: ChannelRow) => ({
  id: c.id, kind: c.kind, name: c.name, enabled: c.enabled, events: c.events as NotificationEvent[], recipients: c.recipients,
  url: c.url === null ? null : maskUrlSecrets(c.url), createdAt: c.created_at, updatedAt: c.updated_at,
});
const audited = (c: ReturnType<typeof present>) => ({ kind: c.kind, name: c.name, enabled: c.enabled, events: c.events, recipients: c.recipients, url: c.url });

export async function listChannels(db: Db, ctx: OrgContext) {
  authorize(ctx, 'clocks.manage');
  return (await db.selectFrom('notification_channels').select(COLUMNS).where('org_id', '=', ctx.orgId).orderBy('name').execute()).map(present);
}

function checkShape(kind: 'email' | 'webhook', input: ChannelInput): void {
  if (kind === 'email' && (input.recipients?.length ?? 0) === 0) throw badRequest('An e-mail channel needs at least one recipient.', [{ pointer: '/body/recipients', message: 'at least one recipient' }]);
  if (kind === 'email' && input.url !== undefined) throw badRequest('An e-mail channel has no URL.', [{ pointer: '/body/url', message: 'only for webhooks' }]);
  if (kind === 'webhook' && input.recipients !== undefined && input.recipients.length > 0) throw badRequest('A webhook channel has no recipients.', [{ pointer: '/body/recipients', message: 'only for e-mail' }]);
}

async function nameFree(db: Db, orgId: string, name: string, except?: string): Promise<void> {
  let q = db.selectFrom('notification_channels').select('id').where('org_id', '=', orgId).where('name', '=', name);
  if (except) q = q.where('id', '<>', except);
  if (await q.executeTakeFirst()) throw conflict(`A channel named "${name}" exists.`);
}

/** Creates a channel; a webhook's secret is in this answer only. */
export async function createChannel(db: Db, ctx: OrgContext, input: Required<Pick<ChannelInput, 'kind' | 'name' | 'events'>> & ChannelInput) {
  authorize(ctx, 'clocks.manage');
  checkShape(input.kind, input);
  if (input.kind === 'webhook' && !input.url) throw badRequest('A webhook channel needs a URL.', [{ pointer: '/body/url', message: 'required for webhooks' }]);
  await nameFree(db, ctx.orgId, input.name);
  const secret = input.kind === 'webhook' ? newWebhookSecret() : null;
  const channel = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('notification_channels')
      .values({ org_id: ctx.orgId, kind: input.kind, name: input.name, enabled: input.enabled ?? true, events: [...new Set(input.events)], recipients: input.recipients ?? [], url: input.kind === 'webhook' ? input.url! : null, secret })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const view = present(row);
    await recordAudit(tx, ctx, { action: 'notifications.channel_create', target: { type: 'notification_channel', id: row.id }, summary: audited(view) });
    return view;
  });
  return { ...channel, secret };
}

export async function updateChannel(db: Db, ctx: OrgContext, id: string, input: ChannelInput) {
  authorize(ctx, 'clocks.manage');
  const before = await db.selectFrom('notification_channels').select(COLUMNS).where('org_id', '=', ctx.orgId).where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound('notification channel');
  checkShape(before.kind, { ...input, recipients: input.recipients ?? (before.kind === 'email' ? before.recipients : undefined) });
  if (input.name) await nameFree(db, ctx.orgId, input.name, id);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('notification_channels')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
        ...(input.recipients !== undefined ? { recipients: input.recipients } : {}),
        ...(input.url !== undefined && before.kind === 'webhook' ? { url: input.url } : {}),
        updated_at: sql<Date>`date_trunc('milliseconds', now())`,
      })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const view = present(row);
    await recordAudit(tx, ctx, { action: 'notifications.channel_update', target: { type: 'notification_channel', id }, summary: { before: audited(present(before)), after: audited(view) } });
    return view;
  });
}

export async function deleteChannel(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'clocks.manage');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('notification_channels').where('org_id', '=', ctx.orgId).where('id', '=', id).returning(COLUMNS).executeTakeFirst();
    if (!row) throw notFound('notification channel');
    await recordAudit(tx, ctx, { action: 'notifications.channel_delete', target: { type: 'notification_channel', id }, summary: audited(present(row)) });
  });
}

/** Queues a test notification to one channel (whatever events it subscribes to). */
export async function testChannel(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'clocks.manage');
  const channel = await db.selectFrom('notification_channels').select(['id', 'name']).where('org_id', '=', ctx.orgId).where('id', '=', id).executeTakeFirst();
  if (!channel) throw notFound('notification channel');
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('notification_outbox')
      .values({
        org_id: ctx.orgId, channel_id: id, event: 'test', dedupe_key: `test:${Date.now()}:${Math.random()}`,
        payload: JSON.stringify({ event: 'test', title: `Test notification for channel "${channel.name}"`, text: `Sent by ${ctx.actor.label} to check the channel.`, finding: null, orgId: ctx.orgId }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'notifications.channel_test', target: { type: 'notification_channel', id }, summary: { outboxId: row.id } });
    return { outboxId: row.id };
  });
}

/** The delivery log: notifications newest first, each with its attempts. */
export async function listDeliveries(db: Db, ctx: OrgContext, filter: { channelId?: string | undefined; state?: 'pending' | 'delivered' | 'failed' | undefined }, limit: number, cursor?: string) {
  authorize(ctx, 'clocks.manage');
  let q = db
    .selectFrom('notification_outbox as o')
    .innerJoin('notification_channels as c', 'c.id', 'o.channel_id')
    .select(['o.id', 'o.channel_id', 'c.name as channel_name', 'c.kind', 'o.event', 'o.payload', 'o.state', 'o.attempts', 'o.next_attempt_at', 'o.last_error', 'o.delivered_at', 'o.created_at'])
    .where('o.org_id', '=', ctx.orgId);
  if (filter.channelId) q = q.where('o.channel_id', '=', filter.channelId);
  if (filter.state) q = q.where('o.state', '=', filter.state);
  if (cursor) {
    const [at, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
    q = q.where((eb) => eb.or([eb('o.created_at', '<', new Date(at)), eb.and([eb('o.created_at', '=', new Date(at)), eb('o.id', '<', id)])]));
  }
  const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const attempts = page.length === 0 ? [] : await db.selectFrom('notification_deliveries').select(['outbox_id', 'attempt', 'at', 'ok', 'status_code', 'error', 'duration_ms']).where('org_id', '=', ctx.orgId).where('outbox_id', 'in', page.map((r) => r.id)).orderBy('attempt').execute();
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id, channelId: r.channel_id, channelName: r.channel_name, channelKind: r.kind, event: r.event, title: String((r.payload as { title?: string }).title ?? ''),
      state: r.state, attempts: r.attempts, nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null, lastError: r.last_error, deliveredAt: r.delivered_at, createdAt: r.created_at,
      log: attempts.filter((a) => a.outbox_id === r.id).map((a) => ({ attempt: a.attempt, at: a.at, ok: a.ok, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([new Date(last.created_at).toISOString(), last.id]) : null,
  };
}
