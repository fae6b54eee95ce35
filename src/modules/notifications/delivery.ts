import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import type { Notification } from './outbox.js';
import { retryDelayMs, signatureHeader, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signing.js';

/**
 * Delivers pending notifications: claims due outbox rows (SKIP LOCKED, so several workers never
 * send one twice; the claim is a lease, so a crashed worker's rows come back), sends each by
 * e-mail (nodemailer over the configured SMTP server) or webhook (signed JSON POST), logs every
 * attempt, and retries failures after 1 min, 5 min, 30 min, 2 h and 12 h before marking the
 * notification failed. Secrets never reach the log: errors are the transport's messages.
 */
const CLAIM = 20;
const LEASE = "interval '5 minutes'";
const WEBHOOK_TIMEOUT_MS = 10_000;

interface Claimed {
  id: string;
  org_id: string;
  event: string;
  payload: Notification & { orgId: string };
  attempts: number;
  created_at: Date;
  kind: 'email' | 'webhook';
  recipients: string[];
  url: string | null;
  secret: string | null;
}

export type Outcome = { ok: true; status: number | null } | { ok: false; status: number | null; error: string };

/** The webhook body: the notification as JSON, with its delivery id and time. */
export function webhookBody(row: Pick<Claimed, 'id' | 'event' | 'payload' | 'created_at'>): string {
  const { orgId, dedupeKey: _internal, event: _same, ...rest } = row.payload;
  return JSON.stringify({ id: row.id, event: row.event, createdAt: new Date(row.created_at).toISOString(), organizationId: orgId, ...rest });
}

async function sendWebhook(row: Claimed): Promise<Outcome> {
  const body = webhookBody(row);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(row.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Vigil-Webhooks/1', 'vigil-event': row.event, 'vigil-delivery': row.id, [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signatureHeader(row.secret!, timestamp, body) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? { ok: true, status: res.status } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).name === 'TimeoutError' ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : String((error as Error).cause ?? (error as Error).message).slice(0, 300) };
  }
}

function mailText(n: Notification): string {
  const f = n.finding; // a channel test or a risk reminder carries no finding
  const lines = [n.text];
  if (n.risk) lines.push('', `Risk item: ${n.risk.title} (${n.risk.productName}), acceptance expires ${n.risk.expiresOn}`);
  if (f) lines.push('', `Finding: ${f.vulnId} in ${f.productName} ${f.releaseVersion}, ${f.componentName}${f.componentVersion ? ` ${f.componentVersion}` : ''}`);
  if (n.clock) lines.push(`Clock: ${n.clock.clock}, due ${n.clock.dueAt} (${n.clock.kind}: ${n.clock.source})`);
  return lines.join('\n');
}

export interface MailMessage {
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly headers?: Record<string, string>;
}

/** Sends one message over the configured SMTP server (also used by CVD reporter mail and customer notices). */
export async function sendSmtpMail(config: Config, message: MailMessage): Promise<Outcome> {
  if (!config.smtp) return { ok: false, status: null, error: 'SMTP is not configured (set VIGIL_SMTP_URL).' };
  try {
    const transport = nodemailer.createTransport(config.smtp.url);
    try {
      await transport.sendMail({ from: config.smtp.from, to: [message.to].flat(), subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}), headers: message.headers ?? {} });
    } finally {
      transport.close();
    }
    return { ok: true, status: null };
  } catch (error) {
    return { ok: false, status: (error as { responseCode?: number }).responseCode ?? null, error: (error as Error).message.slice(0, 300) };
  }
}

function sendMail(row: Claimed, config: Config): Promise<Outcome> {
  return sendSmtpMail(config, { to: row.recipients, subject: `[Vigil] ${row.payload.title}`, text: mailText(row.payload), headers: { 'X-Vigil-Event': row.event, 'X-Vigil-Delivery': row.id } });
}

async function claim(db: Db): Promise<Claimed[]> {
  const rows = await sql<Claimed>`
    update notification_outbox o set next_attempt_at = now() + ${sql.raw(LEASE)}
    from notification_channels c
    where o.id in (select id from notification_outbox where state = 'pending' and next_attempt_at <= now() order by next_attempt_at limit ${CLAIM} for update skip locked)
      and c.id = o.channel_id
    returning o.id, o.org_id, o.event, o.payload, o.attempts, o.created_at, c.kind, c.recipients, c.url, c.secret`.execute(db);
  return rows.rows;
}

async function record(db: Db, row: Claimed, outcome: Outcome, durationMs: number): Promise<void> {
  const attempt = row.attempts + 1;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('notification_deliveries').values({ outbox_id: row.id, org_id: row.org_id, attempt, ok: outcome.ok, status_code: outcome.status, error: outcome.ok ? null : outcome.error, duration_ms: Math.round(durationMs) }).execute();
    if (outcome.ok) {
      await tx.updateTable('notification_outbox').set({ state: 'delivered', attempts: attempt, delivered_at: sql<Date>`date_trunc('milliseconds', now())`, last_error: null }).where('id', '=', row.id).execute();
      return;
    }
    const delay = retryDelayMs(attempt);
    await tx
      .updateTable('notification_outbox')
      .set(delay === null ? { state: 'failed', attempts: attempt, last_error: outcome.error } : { attempts: attempt, last_error: outcome.error, next_attempt_at: sql<Date>`now() + ${delay}::int * interval '1 millisecond'` })
      .where('id', '=', row.id)
      .execute();
  });
}

/** One delivery round; returns how many notifications were attempted. */
export async function deliverPending(db: Db, config: Config): Promise<number> {
  let attempted = 0;
  for (;;) {
    const rows = await claim(db);
    for (const row of rows) {
      const started = performance.now();
      const outcome = row.kind === 'email' ? await sendMail(row, config) : await sendWebhook(row);
      await record(db, row, outcome, performance.now() - started);
      attempted++;
    }
    if (rows.length < CLAIM) return attempted;
  }
}
