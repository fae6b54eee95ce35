import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import { PageQuery } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Email, IdParams, Timestamp } from '../../platform/http/schemas.js';
import { checkClocks } from './clock-tick.js';
import { remindRiskReviews } from './risk-review-tick.js';
import { GOVERNANCE_REMINDER_INTERVAL_MS, remindGovernance } from '../governance/reminder-tick.js';
import { deliverPending } from './delivery.js';
import { NOTIFICATION_EVENTS } from './outbox.js';
import { createChannel, deleteChannel, listChannels, listDeliveries, testChannel, updateChannel } from './service.js';

const Event = z.enum(NOTIFICATION_EVENTS);
const Url = z.url({ protocol: /^https?$/ }).max(2000);
const ChannelView = z.object({
  id: z.string(), kind: z.enum(['email', 'webhook']), name: z.string(), enabled: z.boolean(), events: z.array(Event), recipients: z.array(z.string()),
  url: z.string().nullable().describe('With any password masked'), createdAt: Timestamp, updatedAt: Timestamp,
});
const Events = z.array(Event).min(1).max(NOTIFICATION_EVENTS.length);
const Recipients = z.array(Email).max(50);

const DeliveryView = z.object({
  id: z.string(), channelId: z.string(), channelName: z.string(), channelKind: z.string(), event: z.string(), title: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']), attempts: z.number(), nextAttemptAt: Timestamp.nullable(), lastError: z.string().nullable(),
  deliveredAt: Timestamp.nullable(), createdAt: Timestamp,
  log: z.array(z.object({ attempt: z.number(), at: Timestamp, ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })),
});

/** Registers the delivery, clock-check, risk re-review and governance reminder ticks (workers only run them). */
export function registerNotificationJobs(deps: Deps): void {
  deps.jobs.every('clocks.check', deps.config.notifyIntervalMs, () => checkClocks(deps.database.kysely));
  deps.jobs.every('notifications.deliver', deps.config.notifyIntervalMs, () => deliverPending(deps.database.kysely, deps.config));
  deps.jobs.every('risk.review-reminders', deps.config.notifyIntervalMs, () => remindRiskReviews(deps.database.kysely));
  deps.jobs.every('governance.reminders', GOVERNANCE_REMINDER_INTERVAL_MS, () => remindGovernance(deps.database.kysely));
}

export function notificationRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['notifications'];

  app.get('/api/v1/notifications/channels', { config: { action: 'clocks.manage' }, schema: { tags, summary: 'Notification channels (e-mail, webhooks); secrets are never returned', response: { 200: z.object({ items: z.array(ChannelView) }) } } }, async (request) => ({
    items: await listChannels(db, orgOf(request)),
  }));
  app.post(
    '/api/v1/notifications/channels',
    {
      config: { action: 'clocks.manage' },
      schema: {
        tags,
        summary: 'Add a channel; a webhook’s signing secret is in this answer only',
        body: z.strictObject({ kind: z.enum(['email', 'webhook']), name: z.string().trim().min(1).max(200), enabled: z.boolean().optional(), events: Events, recipients: Recipients.optional(), url: Url.optional() }),
        response: { 201: ChannelView.extend({ secret: z.string().nullable().describe('Webhooks: the HMAC-SHA256 signing secret, shown once') }) },
      },
    },
    async (request, reply) => reply.status(201).send(await createChannel(db, orgOf(request), request.body)),
  );
  app.patch(
    '/api/v1/notifications/channels/:id',
    { config: { action: 'clocks.manage' }, schema: { tags, summary: 'Edit a channel: name, enabled, events, recipients, URL', params: IdParams, body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), enabled: z.boolean().optional(), events: Events.optional(), recipients: Recipients.optional(), url: Url.optional() }), response: { 200: ChannelView } } },
    async (request) => updateChannel(db, orgOf(request), request.params.id, request.body),
  );
  app.delete('/api/v1/notifications/channels/:id', { config: { action: 'clocks.manage' }, schema: { tags, summary: 'Remove a channel and its deliveries', params: IdParams } }, async (request, reply) => {
    await deleteChannel(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post('/api/v1/notifications/channels/:id/test', { config: { action: 'clocks.manage' }, schema: { tags, summary: 'Queue a test notification to the channel', params: IdParams, response: { 202: z.object({ outboxId: z.string() }) } } }, async (request, reply) =>
    reply.status(202).send(await testChannel(db, orgOf(request), request.params.id)),
  );
  app.get(
    '/api/v1/notifications/deliveries',
    { config: { action: 'clocks.manage' }, schema: { tags, summary: 'Notifications newest first with every delivery attempt', querystring: PageQuery.extend({ channelId: z.uuid().optional(), state: z.enum(['pending', 'delivered', 'failed']).optional() }).strict(), response: { 200: z.object({ items: z.array(DeliveryView), nextCursor: z.string().nullable() }) } } },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listDeliveries(db, orgOf(request), filter, limit, cursor);
    },
  );
}
