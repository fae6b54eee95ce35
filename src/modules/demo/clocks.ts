import type { OrgContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { createPlan } from '../clocks/remediation.js';
import { updateScoreInputs } from '../scoring/service.js';

/**
 * The demo manufacturer's scoring and clocks, by its analyst (Priya): Log4Shell on the 2015
 * CardioWatch 4.6.0 gateway — in KEV, so exploitation is frequent — could let an attacker
 * silence or falsify bedside alarms: critical harm, an uncontrolled risk, so the 30-day
 * customer communication, 30-day remediation plan and 60-day remediation clocks of the default
 * SLA policy run from first start. One plan: the validated update to 5.0.2 (log4j-core 2.17.1),
 * not yet deployed: recorded, it stops the plan clock as planned; the remediation clock keeps
 * running. No notification channel is configured: nothing is
 * sent anywhere from a demo. Runs once: a second load finds the plan and changes nothing.
 */
const ANALYST = 'analyst@acme.example';
const PLAN = 'Customers on CardioWatch 4.6.0 update the gateway to 5.0.2, which ships log4j-core 2.17.1 (field update with the three pilot hospitals).';

export async function loadDemoClocks(db: Db, orgId: string, now = new Date()): Promise<void> {
  const finding = await db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .select(['f.id', 'r.product_id'])
    .where('f.org_id', '=', orgId)
    .where('f.vuln_id', '=', 'CVE-2021-44228')
    .where('f.status', '=', 'affected')
    .where('r.version', '=', '4.6.0')
    .executeTakeFirst();
  if (!finding) return;
  if (await db.selectFrom('remediation_plans').select('id').where('org_id', '=', orgId).where('description', '=', PLAN).executeTakeFirst()) return;
  const analyst = await db.selectFrom('users').select(['id', 'email']).where('email', '=', ANALYST).executeTakeFirst();
  const ctx: OrgContext = analyst
    ? { actor: { type: 'user', id: analyst.id, label: analyst.email }, userId: analyst.id, orgId, role: 'analyst', requestId: null }
    : { actor: { type: 'system', id: null, label: 'vigil' }, userId: null, orgId, role: 'owner', requestId: null };
  await updateScoreInputs(db, ctx, finding.id, { harmSeverity: 'critical' });
  const fixed = await db.selectFrom('releases').select('id').where('org_id', '=', orgId).where('product_id', '=', finding.product_id).where('version', '=', '5.0.2').executeTakeFirst();
  await createPlan(db, ctx, finding.id, {
    kind: 'patch',
    releaseId: fixed?.id ?? null,
    description: PLAN,
    status: 'validated',
    targetDate: new Date(now.getTime() + 45 * 86_400_000).toISOString().slice(0, 10),
  });
}
