import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Config } from '../../platform/config.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { Problem, conflict, notFound } from '../../platform/http/problem.js';
import { sendSmtpMail, type Outcome } from '../notifications/delivery.js';
import { escapeHtml, paragraphs } from '../../platform/text/html.js';
import { readAdvisory } from '../../formats/csaf/model.js';
import { noticeFieldsFromAdvisory } from './notice-from-advisory.js';
import { loadCase, recordCaseEvent } from './service.js';

/**
 * Customer notices (MedTech Vulnerability Communications Toolkit): the key message first in plain
 * language, then affected products, patient-safety impact, what to do now, compensating
 * controls, fix availability and contact. Sent by e-mail to each customer contact of the case's
 * products and, for customers that are healthcare-provider organizations on this instance, into
 * their Vigil notices inbox; every recipient and channel is logged.
 */
export interface NoticeFields {
  readonly headline: string;
  readonly summary: string;
  readonly affectedProducts: string;
  readonly patientSafetyImpact: string;
  readonly actions: string;
  readonly compensatingControls: string;
  readonly fixAvailability: string;
  readonly contact: string;
}

/** Section order is the toolkit's "what matters most first". */
export const NOTICE_SECTIONS: readonly (readonly [Exclude<keyof NoticeFields, 'headline'>, string])[] = [
  ['summary', 'Summary'],
  ['affectedProducts', 'Affected products and versions'],
  ['patientSafetyImpact', 'Patient safety impact'],
  ['actions', 'What to do now'],
  ['compensatingControls', 'Compensating controls'],
  ['fixAvailability', 'Fix availability and timeline'],
  ['contact', 'Contact'],
];

export interface RenderedNotice {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Renders both forms from the same fields; every field is escaped in the HTML form. */
export function renderNotice(orgName: string, f: NoticeFields, cveIds: readonly string[]): RenderedNotice {
  const subject = `[${orgName}] Security notice: ${f.headline}`;
  const cves = cveIds.length ? `CVE: ${cveIds.join(', ')}` : null;
  const text = [
    `${orgName} security notice`,
    f.headline,
    ...(cves ? [cves] : []),
    '',
    ...NOTICE_SECTIONS.flatMap(([key, title]) => [title.toUpperCase(), f[key], '']),
  ].join('\n');
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"><title>' + escapeHtml(subject) + '</title></head><body>',
    `<p>${escapeHtml(orgName)} security notice</p>`,
    `<h1>${escapeHtml(f.headline)}</h1>`,
    ...(cves ? [`<p>${escapeHtml(cves)}</p>`] : []),
    ...NOTICE_SECTIONS.map(([key, title]) => `<h2>${title}</h2>\n${paragraphs(f[key])}`),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/** The customer contacts of every product the case touches (linked directly or through a release or finding). */
async function recipientsOf(db: Executor, orgId: string, caseId: string) {
  return sql<{ id: string; customer_name: string; email: string; customer_org_id: string | null; customer_org_kind: string | null; product_name: string }>`
    select distinct cc.id, cc.customer_name, cc.email, cc.customer_org_id, o.kind as customer_org_kind, p.name as product_name
    from customer_contacts cc
    join products p on p.id = cc.product_id
    left join organizations o on o.id = cc.customer_org_id
    where cc.org_id = ${orgId} and cc.product_id in (
      select l.target_id from cvd_case_links l where l.case_id = ${caseId} and l.org_id = ${orgId} and l.kind = 'product'
      union select r.product_id from cvd_case_links l join releases r on r.id = l.target_id and r.org_id = l.org_id where l.case_id = ${caseId} and l.kind = 'release'
      union select r.product_id from cvd_case_links l join findings f on f.id = l.target_id and f.org_id = l.org_id join releases r on r.id = f.release_id where l.case_id = ${caseId} and l.kind = 'finding'
    )
    order by cc.customer_name, cc.email`.execute(db).then((r) => r.rows);
}

const receivesInbox = (kind: string | null) => kind === 'healthcare_provider' || kind === 'both';

async function orgName(db: Executor, orgId: string): Promise<string> {
  const org = await db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirst();
  if (!org) throw notFound('organization');
  return org.name;
}

/** The notice's fields filled from the case's latest advisory, or nothing when the case has none yet. */
export async function noticeDraft(db: Db, ctx: OrgContext, caseId: string) {
  authorize(ctx, 'cvd.read');
  await loadCase(db, ctx.orgId, caseId);
  const advisory = await db
    .selectFrom('csaf_advisories')
    .select(['id', 'tracking_id', 'version', 'document'])
    .where('org_id', '=', ctx.orgId)
    .where('case_id', '=', caseId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!advisory) return { advisory: null, fields: null };
  return { advisory: { id: advisory.id, trackingId: advisory.tracking_id, version: advisory.version }, fields: noticeFieldsFromAdvisory(readAdvisory(advisory.document)) };
}

/** What would be sent and to whom, without sending. */
export async function previewNotice(db: Db, ctx: OrgContext, caseId: string, fields: NoticeFields) {
  authorize(ctx, 'cvd.read');
  const item = await loadCase(db, ctx.orgId, caseId);
  const rendered = renderNotice(await orgName(db, ctx.orgId), fields, item.cveIds);
  const recipients = await recipientsOf(db, ctx.orgId, caseId);
  return { ...rendered, recipients: recipients.map((r) => ({ customerName: r.customer_name, email: r.email, productName: r.product_name, inbox: receivesInbox(r.customer_org_kind) })) };
}

/** Sends the notice: e-mails first (I/O), then the notice, its delivery log, timeline and audit in one transaction. */
export async function sendNotice(db: Db, config: Config, ctx: OrgContext, caseId: string, fields: NoticeFields) {
  authorize(ctx, 'advisories.publish');
  const item = await loadCase(db, ctx.orgId, caseId);
  const recipients = await recipientsOf(db, ctx.orgId, caseId);
  if (recipients.length === 0) throw conflict('No customer contacts for the products linked to this case; link a product and add its customers first.');
  const rendered = renderNotice(await orgName(db, ctx.orgId), fields, item.cveIds);
  const outcomes: { r: (typeof recipients)[number]; outcome: Outcome }[] = [];
  for (const r of recipients) outcomes.push({ r, outcome: await sendSmtpMail(config, { to: r.email, ...rendered, headers: { 'X-Vigil-Case': caseId } }) });
  const noticeId = await db.transaction().execute(async (tx) => {
    const notice = await tx.insertInto('customer_notices').values({ org_id: ctx.orgId, case_id: caseId, fields: JSON.stringify(fields), ...rendered, sent_by: ctx.actor.label }).returning('id').executeTakeFirstOrThrow();
    for (const { r, outcome } of outcomes) {
      await tx.insertInto('customer_notice_deliveries').values({ notice_id: notice.id, org_id: ctx.orgId, contact_id: r.id, channel: 'email', recipient: r.email, customer_org_id: r.customer_org_id, ok: outcome.ok, error: outcome.ok ? null : outcome.error }).execute();
    }
    const inboxes = [...new Map(recipients.filter((r) => r.customer_org_id && receivesInbox(r.customer_org_kind)).map((r) => [r.customer_org_id!, r])).values()];
    for (const r of inboxes) {
      await tx.insertInto('customer_notice_deliveries').values({ notice_id: notice.id, org_id: ctx.orgId, contact_id: r.id, channel: 'account', recipient: r.customer_name, customer_org_id: r.customer_org_id, ok: true, error: null }).execute();
    }
    const failed = outcomes.filter((o) => !o.outcome.ok).length;
    await recordCaseEvent(tx, ctx.orgId, caseId, ctx.actor.label, 'notice', { noticeId: notice.id, emails: outcomes.length, failed, inboxes: inboxes.length });
    await recordAudit(tx, ctx, { action: 'cvd.notice.sent', target: { type: 'customer_notice', id: notice.id }, summary: { caseId, emails: outcomes.length, failed, inboxes: inboxes.length } });
    return notice.id;
  });
  return (await listNotices(db, ctx, caseId)).find((n) => n.id === noticeId)!;
}

/** The notices of a case, newest first, each with its delivery log. */
export async function listNotices(db: Db, ctx: OrgContext, caseId: string) {
  authorize(ctx, 'cvd.read');
  await loadCase(db, ctx.orgId, caseId);
  const notices = await db.selectFrom('customer_notices').select(['id', 'subject', 'text', 'html', 'fields', 'sent_by as sentBy', 'sent_at as sentAt']).where('case_id', '=', caseId).where('org_id', '=', ctx.orgId).orderBy('sent_at', 'desc').execute();
  const deliveries = notices.length
    ? await db.selectFrom('customer_notice_deliveries').select(['notice_id', 'channel', 'recipient', 'ok', 'error', 'at']).where('org_id', '=', ctx.orgId).where('notice_id', 'in', notices.map((n) => n.id)).orderBy('channel').orderBy('recipient').execute()
    : [];
  return notices.map((n) => ({ ...n, deliveries: deliveries.filter((d) => d.notice_id === n.id).map(({ notice_id: _n, ...d }) => d) }));
}

/** A healthcare provider's inbox: notices manufacturers on this instance delivered to its account. */
export async function noticeInbox(db: Db, ctx: OrgContext) {
  authorize(ctx, 'advisories.read');
  return db
    .selectFrom('customer_notice_deliveries as d')
    .innerJoin('customer_notices as n', 'n.id', 'd.notice_id')
    .innerJoin('organizations as m', 'm.id', 'n.org_id')
    .select(['n.id', 'm.name as manufacturer', 'n.subject', 'n.text', 'n.html', 'd.at as receivedAt'])
    .where('d.customer_org_id', '=', ctx.orgId)
    .where('d.channel', '=', 'account')
    .orderBy('d.at', 'desc')
    .limit(200)
    .execute();
}

export interface ContactInput {
  readonly productId: string;
  readonly customerName: string;
  readonly email: string;
  readonly customerOrgSlug?: string | undefined;
}

export async function listContacts(db: Db, ctx: OrgContext, productId?: string) {
  authorize(ctx, 'cvd.read');
  let q = db
    .selectFrom('customer_contacts as c')
    .innerJoin('products as p', 'p.id', 'c.product_id')
    .leftJoin('organizations as o', 'o.id', 'c.customer_org_id')
    .select(['c.id', 'c.product_id as productId', 'p.name as productName', 'c.customer_name as customerName', 'c.email', 'o.slug as customerOrgSlug'])
    .where('c.org_id', '=', ctx.orgId);
  if (productId) q = q.where('c.product_id', '=', productId);
  return q.orderBy('p.name').orderBy('c.customer_name').execute();
}

/** Adds a customer contact for a product; a named Vigil organization must be a healthcare provider. */
export async function addContact(db: Db, ctx: OrgContext, input: ContactInput) {
  authorize(ctx, 'cvd.write');
  return db.transaction().execute(async (tx) => {
    const product = await tx.selectFrom('products').select('id').where('id', '=', input.productId).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!product) throw notFound('product');
    let customerOrgId: string | null = null;
    if (input.customerOrgSlug) {
      const customer = await tx.selectFrom('organizations').select(['id', 'kind']).where('slug', '=', input.customerOrgSlug).executeTakeFirst();
      if (!customer || !receivesInbox(customer.kind)) {
        throw new Problem(400, 'validation', 'No healthcare-provider organization with that slug on this instance.', { errors: [{ pointer: '/body/customerOrgSlug', message: 'not a healthcare provider here' }] });
      }
      customerOrgId = customer.id;
    }
    const row = await tx
      .insertInto('customer_contacts')
      .values({ org_id: ctx.orgId, product_id: input.productId, customer_name: input.customerName, email: input.email.toLowerCase(), customer_org_id: customerOrgId })
      .onConflict((oc) => oc.columns(['product_id', 'email']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict('That e-mail address is already a contact for this product.');
    await recordAudit(tx, ctx, { action: 'cvd.customer_contact.added', target: { type: 'customer_contact', id: row.id }, summary: { productId: input.productId, customerName: input.customerName } });
    return row.id;
  });
}

export async function removeContact(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'cvd.write');
  await db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom('customer_contacts').where('id', '=', id).where('org_id', '=', ctx.orgId).returning('customer_name').executeTakeFirst();
    if (!gone) throw notFound('customer contact');
    await recordAudit(tx, ctx, { action: 'cvd.customer_contact.removed', target: { type: 'customer_contact', id }, summary: { customerName: gone.customer_name } });
  });
}
