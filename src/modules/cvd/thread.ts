import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/http/problem.js';
import { sendSmtpMail } from '../notifications/delivery.js';
import { paragraphs } from '../../platform/text/html.js';
import { STATUS_UPDATE_DAYS } from './lifecycle.js';
import { loadCase, recordCaseEvent, type CvdCase } from './service.js';

/** The e-mail thread with the reporter: acknowledgement and status updates, each sent over SMTP and logged on the case. */

export type ReporterMessageKind = 'acknowledgement' | 'status';

export interface ReporterMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The message as sent; the reporter's own words (title) appear escaped in the HTML part. */
export function composeReporterMail(kind: ReporterMessageKind, c: { id: string; title: string; receivedAt: Date; state: string }, orgName: string, body: string | undefined): ReporterMail {
  const subject = `[${orgName}] ${kind === 'acknowledgement' ? 'We received your vulnerability report' : 'Status of your vulnerability report'} (${c.id.slice(0, 8)})`;
  const intro =
    kind === 'acknowledgement'
      ? `Thank you for your report "${c.title}", received ${c.receivedAt.toISOString().slice(0, 10)}. We have started to look into it and will send you a status update at least every ${STATUS_UPDATE_DAYS} days until the case is closed.`
      : `Status of your report "${c.title}": ${c.state}.`;
  const text = [intro, ...(body ? ['', body] : []), '', `Reference: ${c.id}`, `${orgName} product security`].join('\n');
  return { subject, text, html: `${paragraphs(text)}\n` };
}

/**
 * Sends the message, then logs it (sent or failed) on the case in one transaction. A successful
 * acknowledgement moves a case still in received to acknowledged; every successful message
 * restarts the 30-day status-update clock.
 */
export async function sendReporterMessage(db: Db, config: Config, ctx: OrgContext, caseId: string, kind: ReporterMessageKind, body: string | undefined): Promise<{ item: CvdCase; ok: boolean; error: string | null }> {
  authorize(ctx, 'cvd.write');
  const item = await loadCase(db, ctx.orgId, caseId);
  if (!item.reporter.email) throw conflict('The case has no reporter e-mail address.');
  if (kind === 'acknowledgement' && item.acknowledgedAt) throw conflict('The report was already acknowledged; send a status update instead.');
  if (item.state === 'closed') throw conflict('The case is closed.');
  const org = await db.selectFrom('organizations').select('name').where('id', '=', ctx.orgId).executeTakeFirst();
  if (!org) throw notFound('organization');
  const mail = composeReporterMail(kind, item, org.name, body);
  const outcome = await sendSmtpMail(config, { to: item.reporter.email, ...mail, headers: { 'X-Vigil-Case': item.id } });
  const error = outcome.ok ? null : outcome.error;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('cvd_messages').values({ case_id: caseId, org_id: ctx.orgId, kind, recipient: item.reporter.email!, subject: mail.subject, body: mail.text, ok: outcome.ok, error, sent_by: ctx.actor.label }).execute();
    await recordCaseEvent(tx, ctx.orgId, caseId, ctx.actor.label, 'message', { kind, to: item.reporter.email, ok: outcome.ok, ...(error ? { error } : {}) });
    if (outcome.ok) {
      const acknowledge = kind === 'acknowledgement' && item.state === 'received';
      await tx
        .updateTable('cvd_cases')
        .set({ last_reporter_update_at: sql<Date>`date_trunc('milliseconds', now())`, ...(acknowledge ? { state: 'acknowledged' as const, acknowledged_at: sql<Date>`date_trunc('milliseconds', now())` } : {}), version: sql<number>`version + 1`, updated_at: sql<Date>`date_trunc('milliseconds', now())` })
        .where('id', '=', caseId)
        .where('org_id', '=', ctx.orgId)
        .execute();
      if (acknowledge) await recordCaseEvent(tx, ctx.orgId, caseId, ctx.actor.label, 'transition', { from: 'received', to: 'acknowledged', by: 'acknowledgement e-mail' });
    }
    await recordAudit(tx, ctx, { action: 'cvd.case.message_sent', target: { type: 'cvd_case', id: caseId }, summary: { kind, ok: outcome.ok } });
  });
  return { item: await loadCase(db, ctx.orgId, caseId), ok: outcome.ok, error };
}
