import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import { arrayLiteral } from '../intel/pg-arrays.js';

/**
 * Queues notifications in the caller's transaction: one outbox row per enabled channel of the
 * organization that subscribes to the event, so a notification exists exactly when what caused
 * it does. `dedupeKey` makes a repeated cause (the same finding scored twice) a no-op per
 * channel. The delivery job (delivery.ts) sends them.
 */
export const NOTIFICATION_EVENTS = ['kev_hit', 'uncontrolled', 'clock_approaching', 'clock_missed', 'risk_review', 'training_expiring', 'policy_review', 'end_of_support'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export interface NotificationFinding {
  readonly id: string;
  readonly vulnId: string;
  readonly productName: string;
  readonly releaseVersion: string;
  readonly componentName: string;
  readonly componentVersion: string | null;
}

export interface Notification {
  readonly event: NotificationEvent;
  readonly dedupeKey: string;
  /** One line, the e-mail subject. */
  readonly title: string;
  /** Plain-text explanation. */
  readonly text: string;
  /** The finding it is about; null for a risk-register reminder. */
  readonly finding: NotificationFinding | null;
  /** The risk item a re-review reminder is about. */
  readonly risk?: { readonly id: string; readonly title: string; readonly productName: string; readonly reviewOn: string; readonly expiresOn: string; readonly residualClass: string };
  /** The training record or policy a governance reminder is about (src/modules/governance/reminder-tick.ts). */
  readonly governance?: { readonly kind: 'training' | 'policy' | 'procedure'; readonly id: string; readonly subject: string; readonly dueOn: string };
  readonly clock?: { readonly id: string; readonly clock: string; readonly dueAt: string; readonly kind: string; readonly source: string };
  /** The fleet model an end-of-support reminder is about (src/modules/legacy/service.ts). */
  readonly legacy?: { readonly planId: string; readonly manufacturer: string; readonly model: string; readonly endOfSupportOn: string; readonly daysLeft: number; readonly daysBefore: number };
}

export async function queueNotifications(tx: Tx, orgId: string, notifications: readonly Notification[]): Promise<number> {
  if (notifications.length === 0) return 0;
  const events = [...new Set(notifications.map((n) => n.event))];
  const channels = await tx
    .selectFrom('notification_channels')
    .select(['id', 'events'])
    .where('org_id', '=', orgId)
    .where('enabled', '=', true)
    .where(sql<boolean>`events && ${arrayLiteral(events)}::text[]`)
    .execute();
  const rows = channels.flatMap((c) =>
    notifications
      .filter((n) => c.events.includes(n.event))
      .map((n) => ({ org_id: orgId, channel_id: c.id, event: n.event, dedupe_key: n.dedupeKey, payload: JSON.stringify({ ...n, orgId }) })),
  );
  let queued = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await tx
      .insertInto('notification_outbox')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['channel_id', 'dedupe_key']).doNothing())
      .returning('id')
      .execute();
    queued += inserted.length;
  }
  return queued;
}
