import { sql } from 'kysely';
import { systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { addFact, createContract } from '../contracts/service.js';
import { savePlan, type PlanInput } from '../legacy/service.js';
import { saveStatement } from '../mds2/service.js';
import type { Mds2Entry } from '../mds2/form.js';

/**
 * The demo hospital's records (issue 9 part A): two MDS2 statements for Acme's CardioWatch
 * CW-200 — 4.6.0 (2019) and 5.0.2 (2023), the newer one gaining encryption at rest, an SBOM
 * and federated login but losing the emergency-access (break-glass) feature; a service
 * contract with Acme whose vulnerability-notification clause was breached (CVE-2023-44487:
 * published 2023-10-10, Acme's advisory 2023-12-15, 66 days against 30); and legacy plans for
 * the fleet's models (only for models the hospital has: it reads assets by manufacturer and
 * model, and plans nothing when there are none). Each part runs once (its table is the marker).
 * Dates relative to today keep "leaves support within 12 months" true whenever it is loaded.
 */

const ACME = 'Acme Medical Devices';

const yes = (question?: string): Mds2Entry => ({ answer: 'yes', ...(question ? { question } : {}) });
const no: Mds2Entry = { answer: 'no' };

const CW_460: Record<string, Mds2Entry> = {
  'DOC-1': { answer: null, note: ACME }, 'DOC-3': { answer: null, note: 'CW-200' }, 'DOC-4': { answer: null, note: 'ACME-MDS2-CW200-460' },
  'MPII-1': yes(), 'ALOF-1': yes(), 'ALOF-2': no, 'AUDT-1': yes(), 'AUDT-2': yes(), 'AUTH-1': yes(), 'AUTH-2': no,
  'CSUP-1': yes(), 'CSUP-2': yes(), 'EMRG-1': yes('Does the device incorporate an emergency access (“break-glass”) feature?'), 'MLDP-1': yes(), 'MLDP-2': no,
  'NAUT-1': no, 'PAUT-1': yes(), 'SBOM-1': no, 'STCF-1': no, 'TXCF-2': no, 'TXIG-1': no, 'RMOT-1': yes(), 'RMOT-2': yes(),
};
const CW_502: Record<string, Mds2Entry> = {
  ...CW_460,
  'DOC-4': { answer: null, note: 'ACME-MDS2-CW200-502' },
  'ALOF-2': yes(), 'AUTH-2': yes(), 'EMRG-1': { answer: 'no', note: 'Removed in 5.0: service login replaces the break-glass account.' }, 'MLDP-5': yes(),
  'NAUT-1': yes(), 'SBOM-1': yes(), 'STCF-1': yes(), 'TXCF-2': yes(), 'TXIG-1': yes(),
};

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export async function loadDemoHospitalRecords(db: Db, hospitalId: string): Promise<void> {
  const ctx = systemContext(hospitalId);
  const has = async (table: 'mds2_statements' | 'contracts' | 'legacy_plans') => Boolean(await db.selectFrom(table).select('id').where('org_id', '=', hospitalId).limit(1).executeTakeFirst());

  if (!(await has('mds2_statements'))) {
    await saveStatement(db, ctx, { manufacturer: ACME, model: 'CW-200', modelVersion: '4.6.0', statementDate: '2019-03-01', answers: CW_460 }, 'form');
    await saveStatement(db, ctx, { manufacturer: ACME, model: 'CW-200', modelVersion: '5.0.2', statementDate: '2023-09-01', answers: CW_502 }, 'form');
  }

  if (!(await has('contracts'))) {
    const c = await createContract(db, ctx, {
      vendorName: ACME, title: 'CardioWatch and InfuSafe service agreement', reference: 'MG-2023-014', mc2Version: 'v2', form: 'addendum', effectiveOn: '2023-01-01', expiresOn: '2027-12-31',
      obligations: [{ clauseId: 'MC2-05' }, { clauseId: 'MC2-07' }, { clauseId: 'MC2-08' }, { clauseId: 'MC2-09' }, { clauseId: 'MC2-13' }, { clauseId: 'MC2-02' }],
    });
    const baa = c.obligations.find((o) => o.clauseId === 'MC2-02')!;
    for (const f of [
      { kind: 'sbom_delivered' as const, occurredAt: '2023-01-20', note: 'CycloneDX SBOMs for CW-200 5.0 and IS-3000 3.1 delivered with the contract' },
      { kind: 'vulnerability_published' as const, subject: 'CVE-2023-44487', occurredAt: '2023-10-10', note: 'HTTP/2 rapid reset, in the CW-200 web service' },
      { kind: 'advisory_published' as const, subject: 'CVE-2023-44487', occurredAt: '2023-12-15', note: 'Acme customer letter ACME-CL-2023-07' },
      { kind: 'patch_available' as const, subject: 'CVE-2023-44487', occurredAt: '2024-01-05' },
      { kind: 'eos_notice' as const, subject: 'CardioWatch 4.6.0', occurredAt: '2021-06-30', endOfSupportOn: '2023-06-30' },
      { kind: 'evidence' as const, subject: 'Business associate agreement signed', occurredAt: '2023-01-01', obligationId: baa.id },
    ]) await addFact(db, ctx, c.id, f);
  }

  if (!(await has('legacy_plans'))) {
    const models = await db
      .selectFrom('assets')
      .select([sql<string>`min(manufacturer)`.as('manufacturer'), sql<string>`min(model)`.as('model')])
      .where('org_id', '=', hospitalId)
      .where('archived', '=', false)
      .groupBy([sql`lower(manufacturer)`, sql`lower(model)`])
      .execute();
    const find = (manufacturer: string, model: string) => models.find((m) => m.manufacturer.toLowerCase() === manufacturer.toLowerCase() && m.model.toLowerCase() === model.toLowerCase());
    const nextYear = new Date().getUTCFullYear() + 1;
    const plans: PlanInput[] = [];
    if (find(ACME, 'CW-200')) plans.push({
      manufacturer: ACME, model: 'CW-200', decision: 'accept_risk', riskAcceptedBy: 'Dr. Lee, CMIO', riskAcceptedOn: '2023-07-03', budgetYear: nextYear + 1, estimatedCost: 126000, replacementModel: 'CW-200 5.x',
      compensatingControls: [{ control: 'segmentation', description: 'ICU monitors on an isolated VLAN; only the central station and the HL7 engine reach them', status: 'verified' }, { control: 'monitoring', description: 'Network IDS alerts on traffic to the monitors from outside the VLAN', status: 'in_place' }],
      notes: 'Units on 4.6.0 (end of support 2023-06-30) are upgraded to 5.0.2 as they come in for service.',
    });
    if (find(ACME, 'IS-3000')) plans.push({ manufacturer: ACME, model: 'IS-3000', decision: 'replace', replacementModel: 'IS-3000 3.1.4 (field upgrade)', budgetYear: nextYear, estimatedCost: 18400, compensatingControls: [{ control: 'service_disabled', description: 'Bluetooth pairing disabled on 2.8.1 pumps', status: 'in_place' }] });
    // Entered by hand: the vendor's feed does not carry GE's dates; this is the model the demo shows leaving support within 12 months.
    if (find('GE HealthCare', 'CARESCAPE B650')) plans.push({ manufacturer: 'GE HealthCare', model: 'CARESCAPE B650', lifecycleStage: 'limited_support', endOfSupportOn: inDays(240), compensatingControls: [{ control: 'segmentation', description: 'ICU monitoring VLAN 110', status: 'in_place' }], notes: 'GE letter: software 3.x support ends; replacement not yet budgeted.' });
    for (const p of plans) await savePlan(db, ctx, p);
  }
}
