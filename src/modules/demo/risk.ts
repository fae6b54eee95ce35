import { systemContext, type OrgContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { acceptRisk } from '../risk/acceptance.js';
import { addDays, utcDate } from '../risk/register.js';
import { createRisk, type NewRiskInput } from '../risk/service.js';

/**
 * The demo manufacturer's risk register, on the demo findings: Log4Shell on the 2015
 * CardioWatch gateway (KEV-listed, frequent × critical: uncontrolled; upgraded in 5.0.2 and
 * segmented, so remote × critical: controlled) accepted for six months; Heartbleed on the same
 * gateway's OpenSSL still being mitigated (uncontrolled); and a Bluetooth pairing weakness of
 * the InfuSafe pump with no finding behind it (from the threat model). Loaded once: an
 * organization that already has risk items is left alone.
 */
const MONITOR = 'CardioWatch bedside monitor';
const PUMP = 'InfuSafe 3000 infusion pump';

interface DemoRisk {
  readonly product: string;
  readonly vulns: readonly string[];
  readonly item: Omit<NewRiskInput, 'productId' | 'findingIds'>;
  readonly accept?: { readonly rationale: string; readonly days: number };
}

const DEMO_RISKS: readonly DemoRisk[] = [
  {
    product: MONITOR,
    vulns: ['CVE-2021-44228', 'CVE-2021-45046'],
    item: {
      title: 'Log4Shell: remote code execution on the CardioWatch 4.6.0 gateway',
      threat: 'An attacker on the hospital network sends a JNDI lookup string in an HL7 message field that the gateway logs (exploited in the wild: CISA KEV).',
      vulnerability: 'log4j-core 2.14.1 evaluates lookups in logged messages (CVE-2021-44228; incomplete fix CVE-2021-45046).',
      hazardousSituation: 'The attacker runs code on the gateway that forwards bedside alarms to the central station.',
      harm: 'A suppressed or delayed arrhythmia alarm: permanent impairment or death of a monitored patient.',
      likelihood: 'frequent',
      severity: 'critical',
      existingControls: 'Monitors on the isolated clinical VLAN; the HL7 listener accepts only the central station’s address.',
      newControls: [
        { description: 'Release 5.0.2 ships log4j-core 2.17.1', status: 'verified' },
        { description: 'Customer notice: upgrade to 5.0.2, or block outbound LDAP/RMI from the monitor VLAN', status: 'implemented' },
      ],
      residualLikelihood: 'remote',
      residualSeverity: 'critical',
      status: 'mitigating',
    },
    accept: { rationale: 'Residual risk is remote with the 5.0.2 upgrade available and outbound LDAP/RMI blocked; 4.6.0 is past end of support and customers were told to upgrade.', days: 180 },
  },
  {
    product: MONITOR,
    vulns: ['CVE-2014-0160'],
    item: {
      title: 'Heartbleed: memory disclosure from the CardioWatch 4.6.0 gateway',
      threat: 'An attacker who reaches the gateway’s TLS port sends malformed heartbeat requests.',
      vulnerability: 'OpenSSL 1.0.1f reads past the heartbeat buffer (CVE-2014-0160), disclosing keys and session data.',
      hazardousSituation: 'The gateway’s TLS key and clinicians’ session tokens leak; an attacker impersonates the central station.',
      harm: 'Falsified vital signs shown to clinicians: treatment requiring professional intervention.',
      likelihood: 'probable',
      severity: 'serious',
      existingControls: 'TLS port reachable only from the central station subnet.',
      newControls: [{ description: 'Firmware 4.6.1 with OpenSSL 1.0.1g for sites that cannot move to 5.x', status: 'in_progress' }],
      residualLikelihood: 'probable',
      residualSeverity: 'serious',
      status: 'mitigating',
    },
  },
  {
    product: PUMP,
    vulns: [],
    item: {
      title: 'Unauthenticated Bluetooth LE pairing on the InfuSafe pump',
      threat: 'Someone within radio range pairs a phone with the pump while its service mode is on.',
      vulnerability: 'Service mode accepts "Just Works" pairing without a passkey (threat model, no CVE).',
      hazardousSituation: 'An unauthorised device changes the programmed infusion rate.',
      harm: 'Over-infusion of a high-alert medication: life-threatening injury.',
      likelihood: 'occasional',
      severity: 'critical',
      existingControls: 'Service mode needs a physical key and times out after 10 minutes.',
      newControls: [{ description: 'Passkey pairing in 3.2.0', status: 'planned' }],
      residualLikelihood: 'remote',
      residualSeverity: 'critical',
    },
  },
];

/** The owner acts as approver when there is one, so the demo acceptance names a person. */
async function approverContext(db: Db, orgId: string, ownerUserId: string | null): Promise<OrgContext> {
  const owner = ownerUserId ? await db.selectFrom('users').select(['id', 'email']).where('id', '=', ownerUserId).executeTakeFirst() : undefined;
  return owner ? { actor: { type: 'user', id: owner.id, label: owner.email }, userId: owner.id, orgId, role: 'owner', requestId: null } : systemContext(orgId);
}

export async function loadDemoRisks(db: Db, orgId: string, ownerUserId: string | null, now = new Date()): Promise<number> {
  const existing = await db.selectFrom('risk_items').select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst();
  if (existing) return 0;
  const ctx = systemContext(orgId);
  const approver = await approverContext(db, orgId, ownerUserId);
  const analyst = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.id')
    .where('memberships.org_id', '=', orgId)
    .where('users.email', '=', 'analyst@acme.example')
    .executeTakeFirst();
  for (const demo of DEMO_RISKS) {
    const product = await db.selectFrom('products').select('id').where('org_id', '=', orgId).where('name', '=', demo.product).executeTakeFirst();
    if (!product) continue;
    const findings = demo.vulns.length
      ? await db
          .selectFrom('findings as f')
          .innerJoin('releases as r', 'r.id', 'f.release_id')
          .select('f.id')
          .where('f.org_id', '=', orgId)
          .where('r.product_id', '=', product.id)
          .where('f.vuln_id', 'in', [...demo.vulns])
          .execute()
      : [];
    const item = await createRisk(db, ctx, { ...demo.item, productId: product.id, findingIds: findings.map((f) => f.id), ownerId: analyst?.id ?? null });
    if (demo.accept) await acceptRisk(db, approver, item.id, { rationale: demo.accept.rationale, expiresOn: addDays(utcDate(now), demo.accept.days) }, { now });
  }
  return DEMO_RISKS.length;
}
