import type { OrgContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { createRule } from '../triage/suppression.js';
import { addComment, setAnalysis } from '../triage/service.js';

/**
 * The demo manufacturer's triage, decided by its analyst (Priya) so first start shows real
 * decisions: on the CardioWatch gateway's log4j-core 2.14.1, CVE-2021-45046 is not affected —
 * it needs a non-default pattern layout with a Context Lookup, which the gateway's logging
 * configuration does not use — while Log4Shell is exploitable with the update response (5.0.2
 * ships log4j 2.17.1) and a comment; one suppression rule: Heartbleed in the firmware's
 * OpenSSL 1.0.1f, built with OPENSSL_NO_HEARTBEATS (protected by the compiler), for 180 days.
 * Runs once: a second load finds the rule and changes nothing.
 */
const ANALYST = 'analyst@acme.example';
const RULE_REASON = 'Demo: the firmware build sets -DOPENSSL_NO_HEARTBEATS (build log of 2015-03-02)';

export async function loadDemoTriage(db: Db, orgId: string, now = new Date()): Promise<void> {
  const done = await db.selectFrom('suppression_rules').select('id').where('org_id', '=', orgId).where('reason', '=', RULE_REASON).executeTakeFirst();
  if (done) return;
  const analyst = await db.selectFrom('users').select(['id', 'email']).where('email', '=', ANALYST).executeTakeFirst();
  const ctx: OrgContext = analyst
    ? { actor: { type: 'user', id: analyst.id, label: analyst.email }, userId: analyst.id, orgId, role: 'analyst', requestId: null }
    : { actor: { type: 'system', id: null, label: 'vigil' }, userId: null, orgId, role: 'owner', requestId: null };
  const findings = await db
    .selectFrom('findings')
    .select(['id', 'vuln_id'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'affected')
    .where('component_name', '=', 'log4j-core')
    .where('vuln_id', 'in', ['CVE-2021-44228', 'CVE-2021-45046'])
    .execute();
  for (const f of findings) {
    if (f.vuln_id === 'CVE-2021-45046') {
      await setAnalysis(db, ctx, f.id, {
        state: 'not_affected',
        justification: 'requires_configuration',
        detail: 'Exploitable only with a non-default pattern layout using a Context Lookup (${ctx:…}); the gateway’s log4j2.xml uses the default PatternLayout without lookups.',
      });
    } else {
      await setAnalysis(db, ctx, f.id, { state: 'exploitable', responses: ['update'], detail: 'HL7 messages with patient names are logged through log4j-core. Fixed in gateway 5.0.2 (log4j-core 2.17.1); customers on 4.6.0 should update.' });
      if (analyst) await addComment(db, ctx, f.id, 'Customer advisory drafted; field update scheduled with the three pilot hospitals.');
      if (analyst) await db.updateTable('findings').set({ assignee_id: analyst.id }).where('id', '=', f.id).execute();
    }
  }
  await createRule(db, ctx, {
    vulnId: 'CVE-2014-0160',
    component: 'openssl',
    version: '1.0.1f',
    analysis: { state: 'not_affected', justification: 'protected_by_compiler', detail: 'The TLS heartbeat extension is compiled out (OPENSSL_NO_HEARTBEATS), so the vulnerable code is absent from the firmware.' },
    expiresAt: new Date(now.getTime() + 180 * 86_400_000).toISOString(),
    reason: RULE_REASON,
  }, now);
}
