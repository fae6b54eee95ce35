import type { Db } from '../../platform/db/database.js';
import { risksDueForReview } from '../risk/acceptance.js';
import { queueNotifications, type Notification } from './outbox.js';

/**
 * Re-review reminders of the risk register: every accepted risk item whose re-review date has
 * come (and whose acceptance has not expired) gets one `risk_review` notification per channel
 * that subscribes to it. The dedupe key names the acceptance's review date, so a tick that
 * runs again sends nothing twice, and a renewed acceptance reminds again at its own date.
 */
export async function remindRiskReviews(db: Db, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const orgs = await db
    .selectFrom('risk_acceptances')
    .select('org_id')
    .distinct()
    .where('ended_at', 'is', null)
    .where('review_on', '<=', today)
    .where('expires_on', '>', today)
    .execute();
  let queued = 0;
  for (const { org_id: orgId } of orgs) {
    const due = await risksDueForReview(db, orgId, now);
    const notifications: Notification[] = due.map((r) => ({
      event: 'risk_review',
      dedupeKey: `risk_review:${r.riskId}:${r.reviewOn}`,
      title: `Re-review due: ${r.title} (${r.productName})`,
      text: `The accepted ${r.residualClass} residual risk "${r.title}" of ${r.productName} was due for re-review on ${r.reviewOn}; its acceptance by ${r.approver} expires on ${r.expiresOn}.`,
      finding: null,
      risk: { id: r.riskId, title: r.title, productName: r.productName, reviewOn: r.reviewOn, expiresOn: r.expiresOn, residualClass: r.residualClass },
    }));
    queued += await db.transaction().execute((tx) => queueNotifications(tx, orgId, notifications));
  }
  return queued;
}
