import type { Db } from '../../platform/db/database.js';
import { queueNotifications, type Notification } from '../notifications/outbox.js';
import { REMINDER_DAYS } from './people.js';

/**
 * Governance reminders by e-mail (or webhook): a daily tick queues one notification per
 * subscribed channel for every completed training that expires within REMINDER_DAYS
 * (`training_expiring`) and every policy or procedure whose next review falls within them
 * (`policy_review`). The dedupe key names the record and its date, so running the tick again
 * sends nothing twice, and a renewed training or a rescheduled review reminds again at its
 * new date. Dates already past are not mailed (the screen's due-soon list keeps showing them).
 */
export const GOVERNANCE_REMINDER_INTERVAL_MS = 24 * 60 * 60 * 1000;

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface DueTraining { readonly id: string; readonly course: string; readonly person: string; readonly completedOn: string; readonly expiresOn: string }
export interface DuePolicy { readonly id: string; readonly kind: 'policy' | 'procedure'; readonly title: string; readonly version: string; readonly owner: string | null; readonly nextReviewOn: string }

/** The notifications for one organization's due records (pure). */
export function reminderNotifications(training: readonly DueTraining[], policies: readonly DuePolicy[]): Notification[] {
  return [
    ...training.map((r): Notification => ({
      event: 'training_expiring',
      dedupeKey: `training_expiring:${r.id}:${r.expiresOn}`,
      title: `Training expires ${r.expiresOn}: ${r.course} — ${r.person}`,
      text: `${r.person}'s training "${r.course}" (completed ${r.completedOn}) expires on ${r.expiresOn}. Plan the refresher and record it in Vigil under Governance & training.`,
      finding: null,
      governance: { kind: 'training', id: r.id, subject: `${r.course} — ${r.person}`, dueOn: r.expiresOn },
    })),
    ...policies.map((p): Notification => ({
      event: 'policy_review',
      dedupeKey: `policy_review:${p.id}:${p.nextReviewOn}`,
      title: `Review due ${p.nextReviewOn}: ${p.title} v${p.version}`,
      text: `The ${p.kind} "${p.title}" version ${p.version}${p.owner ? ` (owner ${p.owner})` : ''} is due for review on ${p.nextReviewOn}. Record the new version and next review date in Vigil under Governance & training.`,
      finding: null,
      governance: { kind: p.kind, id: p.id, subject: `${p.title} v${p.version}`, dueOn: p.nextReviewOn },
    })),
  ];
}

/** Queues the reminders of every organization; returns how many outbox rows were added. */
export async function remindGovernance(db: Db, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const soon = addDays(today, REMINDER_DAYS);
  const [training, policies] = await Promise.all([
    db
      .selectFrom('training_records as t')
      .leftJoin('users as u', 'u.id', 't.person_id')
      .select(['t.org_id', 't.id', 't.course', 't.person_name', 'u.name as member_name', 't.completed_on', 't.expires_on'])
      .where('t.completed_on', 'is not', null)
      .where('t.expires_on', '>=', today)
      .where('t.expires_on', '<=', soon)
      .orderBy('t.expires_on')
      .orderBy('t.id')
      .execute(),
    db
      .selectFrom('governance_policies as p')
      .leftJoin('users as u', 'u.id', 'p.owner_id')
      .select(['p.org_id', 'p.id', 'p.kind', 'p.title', 'p.version', 'p.owner_name', 'u.name as member_name', 'p.next_review_on'])
      .where('p.next_review_on', '>=', today)
      .where('p.next_review_on', '<=', soon)
      .orderBy('p.next_review_on')
      .orderBy('p.id')
      .execute(),
  ]);
  const orgs = [...new Set([...training.map((r) => r.org_id), ...policies.map((p) => p.org_id)])];
  let queued = 0;
  for (const orgId of orgs) {
    const notifications = reminderNotifications(
      training.filter((r) => r.org_id === orgId).map((r) => ({ id: r.id, course: r.course, person: r.member_name ?? r.person_name ?? 'someone', completedOn: r.completed_on!, expiresOn: r.expires_on! })),
      policies.filter((p) => p.org_id === orgId).map((p) => ({ id: p.id, kind: p.kind, title: p.title, version: p.version, owner: p.member_name ?? p.owner_name ?? null, nextReviewOn: p.next_review_on! })),
    );
    queued += await db.transaction().execute((tx) => queueNotifications(tx, orgId, notifications));
  }
  return queued;
}
