import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR, systemContext } from '../../platform/auth/context.js';
import { createHash } from 'node:crypto';
import { serializeCycloneDxJson } from '../../formats/cyclonedx/index.js';
import type { SbomDocument } from '../../formats/sbom/model.js';
import { readSbom } from '../../formats/sbom/read.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { storeSbom } from '../sbom/service.js';
import { loadDemoIntel } from './intel.js';
import { loadDemoTriage } from './triage.js';
import { loadDemoClocks } from './clocks.js';
import { loadDemoRisks } from './risk.js';
import { loadDemoCsaf } from './csaf.js';
import { loadDemoCvd } from './cvd.js';
import { loadDemoVendors } from './vendors.js';
import { loadDemoHospitalRecords } from './hospital-records.js';
import { loadDemoGovernance } from './governance.js';
import { loadDemoFleet } from './fleet.js';
import { loadDemoPremarket } from './premarket.js';
import { DEMO_SBOMS } from './sboms.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { createUser } from '../identity/service.js';
import { addMember, createOrganization } from '../orgs/service.js';

/**
 * Demo data a newcomer sees on first start. Each capability adds its part here, so the
 * demo shows Vigil working end to end. Loading is idempotent: organizations that already
 * exist (by slug) are left alone.
 */
export interface DemoResult {
  readonly organizations: string[];
  readonly users: { email: string; password: string; role: string; organization: string }[];
}

const DEMO_ORGS = [
  { slug: 'acme-medical', name: 'Acme Medical Devices', kind: 'manufacturer' as const },
  { slug: 'mercy-general', name: 'Mercy General Hospital', kind: 'healthcare_provider' as const },
];

const DEMO_PEOPLE = [
  { email: 'analyst@acme.example', name: 'Priya Analyst', org: 'acme-medical', role: 'analyst' as const },
  { email: 'auditor@acme.example', name: 'Sam Auditor', org: 'acme-medical', role: 'auditor' as const },
  { email: 'biomed@mercy.example', name: 'Jordan Biomed', org: 'mercy-general', role: 'analyst' as const },
];

/**
 * Acme's portfolio: real device categories, releases spread over the JSP/IMDRF N70 stages
 * (development, support, limited support, end of support) with their EOL/EOGS/EOS dates.
 */
const DEMO_PRODUCTS = [
  {
    product: {
      name: 'InfuSafe 3000 infusion pump',
      manufacturer: 'Acme Medical Devices',
      modelNumbers: ['IS-3000', 'IS-3000W'],
      deviceClass: 'II',
      regulatoryIds: { fda510k: 'K203456' },
      intendedUse: 'Controlled intravenous delivery of fluids and medication in hospital settings.',
      clinicalFunction: 'Drug delivery',
      connectivity: ['Wi-Fi', 'Bluetooth LE', 'HL7 over TCP'],
    },
    releases: [
      { version: '3.2.0', lifecycleStage: 'development' as const },
      { version: '3.1.4', lifecycleStage: 'support' as const, releaseDate: '2024-06-03', endOfLifeDate: '2029-06-30', endOfSupportDate: '2032-06-30' },
      { version: '2.8.1', lifecycleStage: 'limited_support' as const, releaseDate: '2019-02-11', endOfLifeDate: '2024-12-31', endOfGuaranteedSupportDate: '2024-12-31', endOfSupportDate: '2027-06-30', customersNotifiedAt: '2024-07-01T00:00:00Z' },
    ],
  },
  {
    product: {
      name: 'CardioWatch bedside monitor',
      manufacturer: 'Acme Medical Devices',
      modelNumbers: ['CW-200'],
      deviceClass: 'II',
      intendedUse: 'Continuous monitoring of ECG, SpO2 and non-invasive blood pressure.',
      clinicalFunction: 'Patient monitoring',
      connectivity: ['Ethernet', 'HL7 over TCP', 'DICOM'],
    },
    releases: [
      { version: '5.0.2', lifecycleStage: 'support' as const, releaseDate: '2023-09-18', endOfLifeDate: '2028-09-30', endOfSupportDate: '2031-09-30' },
      { version: '4.6.0', lifecycleStage: 'end_of_support' as const, releaseDate: '2015-05-04', endOfLifeDate: '2020-06-30', endOfSupportDate: '2023-06-30', customersNotifiedAt: '2021-06-30T00:00:00Z' },
    ],
  },
];

/** Writes the demo SBOM with Vigil's CycloneDX writer and stores what the reader makes of it. */
async function storeDemoSbom(tx: Tx, ctx: OrgContext, releaseId: string, doc: SbomDocument): Promise<void> {
  const { text } = serializeCycloneDxJson(doc, '1.6');
  const parsed = readSbom(text);
  if (!parsed.document || parsed.issues.some((i) => i.severity === 'error')) throw new Error(`demo SBOM does not read back: ${JSON.stringify(parsed.issues[0])}`);
  await storeSbom(tx, ctx, releaseId, text, createHash('sha256').update(text).digest('hex'), { document: parsed.document, encoding: 'cyclonedx-json', issues: parsed.issues });
}

async function loadDemoPortfolio(tx: Tx, orgId: string): Promise<void> {
  const ctx = systemContext(orgId);
  for (const { product, releases } of DEMO_PRODUCTS) {
    const row = await tx
      .insertInto('products')
      .values({
        org_id: orgId,
        name: product.name,
        manufacturer: product.manufacturer,
        model_numbers: product.modelNumbers,
        device_class: product.deviceClass,
        regulatory_ids: JSON.stringify('regulatoryIds' in product ? product.regulatoryIds : {}),
        intended_use: product.intendedUse,
        clinical_function: product.clinicalFunction,
        connectivity: product.connectivity,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'product.create', target: { type: 'product', id: row.id }, summary: { after: { name: product.name }, demo: true } });
    for (const r of releases) {
      const rel = await tx
        .insertInto('releases')
        .values({
          org_id: orgId,
          product_id: row.id,
          version: r.version,
          lifecycle_stage: r.lifecycleStage,
          release_date: 'releaseDate' in r ? r.releaseDate : null,
          end_of_life_date: 'endOfLifeDate' in r ? r.endOfLifeDate : null,
          end_of_guaranteed_support_date: 'endOfGuaranteedSupportDate' in r ? r.endOfGuaranteedSupportDate : null,
          end_of_support_date: 'endOfSupportDate' in r ? r.endOfSupportDate : null,
          customers_notified_at: 'customersNotifiedAt' in r ? r.customersNotifiedAt : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, ctx, { action: 'release.create', target: { type: 'release', id: rel.id }, summary: { productId: row.id, after: { version: r.version, lifecycleStage: r.lifecycleStage }, demo: true } });
      const sbom = DEMO_SBOMS[`${product.name}@${r.version}`];
      if (sbom) await storeDemoSbom(tx, ctx, rel.id, sbom);
    }
  }
}

/**
 * Loads the demo organizations and people; `ownerUserId` (the first user) owns both
 * organizations. The portfolio is one transaction; the manufacturer's intelligence follows
 * through the import path (batches of their own), completed on a later call if interrupted.
 */
export async function loadDemo(db: Db, ownerUserId: string | null): Promise<DemoResult> {
  const result = await loadDemoOrganizations(db, ownerUserId);
  const manufacturer = await db.selectFrom('organizations').select('id').where('slug', '=', DEMO_ORGS[0]!.slug).executeTakeFirst();
  if (manufacturer) await loadDemoIntel(db, manufacturer.id);
  if (manufacturer) await loadDemoTriage(db, manufacturer.id);
  if (manufacturer) await loadDemoClocks(db, manufacturer.id);
  if (manufacturer) await loadDemoRisks(db, manufacturer.id, ownerUserId);
  if (manufacturer) await loadDemoCsaf(db, manufacturer.id);
  if (manufacturer) await loadDemoCvd(db, manufacturer.id);
  const hospital = await db.selectFrom('organizations').select('id').where('slug', '=', DEMO_ORGS[1]!.slug).executeTakeFirst();
  if (manufacturer) await loadDemoGovernance(db, manufacturer.id, hospital?.id ?? null, ownerUserId);
  if (hospital) await loadDemoFleet(db, hospital.id);
  if (hospital) await loadDemoHospitalRecords(db, hospital.id);
  if (manufacturer) await loadDemoPremarket(db, manufacturer.id);
  // The hospital's vendor side (issue 9 part B), after the fleet demo's assets.
  const vendorsHospital = await db.selectFrom('organizations').select('id').where('slug', '=', DEMO_ORGS[1]!.slug).executeTakeFirst();
  if (manufacturer && vendorsHospital) await loadDemoVendors(db, manufacturer.id, vendorsHospital.id);
  return result;
}

async function loadDemoOrganizations(db: Db, ownerUserId: string | null): Promise<DemoResult> {
  return db.transaction().execute(async (tx) => {
    const result: DemoResult = { organizations: [], users: [] };
    const orgIds = new Map<string, string>();
    for (const org of DEMO_ORGS) {
      const existing = await tx.selectFrom('organizations').select('id').where('slug', '=', org.slug).executeTakeFirst();
      if (existing) {
        orgIds.set(org.slug, existing.id);
        continue;
      }
      const created = await createOrganization(tx, SYSTEM_ACTOR, org, ownerUserId);
      orgIds.set(org.slug, created.id);
      if (org.kind === 'manufacturer') await loadDemoPortfolio(tx, created.id);
      result.organizations.push(org.name);
    }
    for (const person of DEMO_PEOPLE) {
      const exists = await tx.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst();
      if (exists) continue;
      const password = randomBytes(12).toString('base64url');
      const user = await createUser(tx, person.email, person.name, password);
      await addMember(tx, systemContext(orgIds.get(person.org)!), user.id, person.role);
      result.users.push({ email: person.email, password, role: person.role, organization: person.org });
    }
    return result;
  });
}
