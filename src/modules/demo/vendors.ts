import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { refreshExposure } from '../exposure/recompute.js';
import { syncInstanceFeed } from '../vendors/instance.js';

/**
 * The demo hospital's vendor side: Mercy General follows the demo manufacturer Acme on this
 * instance (Acme lists Mercy as the customer of its CardioWatch monitor and InfuSafe pump), so
 * its catalog holds Acme's releases with their lifecycle dates and Acme's published Log4Shell
 * advisory. Mercy's devices come from the fleet demo (part A) when it has loaded them; on an
 * instance without them, a small fleet of its own is added (serials MG-DEMO-…). Then: CISA
 * KEV's Log4Shell entry (Mercy's own intelligence), a segmentation control on the ICU zone,
 * one patch validated. Runs once (the instance feed is the marker).
 */

const DEMO_ASSETS = [
  { serial: 'MG-DEMO-CW-0001', model: 'CW-200', version: '4.6.0', department: 'ICU', zone: 'icu-clinical', criticality: 'critical' as const, pc: true },
  { serial: 'MG-DEMO-CW-0002', model: 'CW-200', version: '4.6.0', department: 'Cardiology', zone: 'cardio-clinical', criticality: 'high' as const, pc: true },
  { serial: 'MG-DEMO-CW-0003', model: 'CW-200', version: '5.0.2', department: 'ICU', zone: 'icu-clinical', criticality: 'critical' as const, pc: true },
  { serial: 'MG-DEMO-IS-0001', model: 'IS-3000', version: '2.8.1', department: 'Oncology', zone: 'pumps', criticality: 'high' as const, pc: true },
  { serial: 'MG-DEMO-IS-0002', model: 'IS-3000W', version: '3.1.4', department: 'Ward 4', zone: 'pumps', criticality: 'medium' as const, pc: true },
];

export async function loadDemoVendors(db: Db, manufacturerId: string, hospitalId: string): Promise<void> {
  if (await db.selectFrom('vendor_feeds').select('id').where('org_id', '=', hospitalId).where('manufacturer_org_id', '=', manufacturerId).executeTakeFirst()) return;
  const ctx = systemContext(hospitalId);
  const feedId = await db.transaction().execute(async (tx) => {
    const products = await tx.selectFrom('products').select(['id', 'name']).where('org_id', '=', manufacturerId).execute();
    for (const p of products) {
      const has = await tx.selectFrom('customer_contacts').select('id').where('product_id', '=', p.id).where('customer_org_id', '=', hospitalId).executeTakeFirst();
      if (!has) await tx.insertInto('customer_contacts').values({ org_id: manufacturerId, product_id: p.id, customer_name: 'Mercy General Hospital — Biomedical Engineering', email: `biomed+${p.id.slice(0, 8)}@mercy.example`, customer_org_id: hospitalId }).execute();
    }
    const kev = await tx.selectFrom('intel_kev').selectAll().where('org_id', '=', manufacturerId).where('cve_id', '=', 'CVE-2021-44228').executeTakeFirst();
    if (kev) await tx.insertInto('intel_kev').values({ ...kev, org_id: hospitalId }).onConflict((oc) => oc.doNothing()).execute();
    const assets = await tx.selectFrom('assets').select('id').where('org_id', '=', hospitalId).limit(1).execute();
    if (assets.length === 0) {
      await tx
        .insertInto('assets')
        .values(DEMO_ASSETS.map((a) => ({ org_id: hospitalId, manufacturer: 'Acme Medical Devices', model: a.model, serial: a.serial, software_version: a.version, department: a.department, network_zone: a.zone, clinical_criticality: a.criticality, patient_connected: a.pc, location: `${a.department}, Building A` })))
        .execute();
    }
    const feed = await tx.insertInto('vendor_feeds').values({ org_id: hospitalId, kind: 'instance', manufacturer_org_id: manufacturerId, name: 'Acme Medical Devices (on this instance)', created_by: 'vigil demo' }).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('compensating_controls')
      .values({ org_id: hospitalId, kind: 'segmentation', scope: 'zone', scope_value: 'icu-clinical', description: 'ICU monitors on an isolated VLAN; only the central station and the HL7 engine reach them', status: 'verified', created_by: 'vigil demo' })
      .execute();
    await recordAudit(tx, ctx, { action: 'vendors.feed_add', target: { type: 'vendor_feed', id: feed.id }, summary: { kind: 'instance', manufacturerOrgId: manufacturerId, demo: true } });
    return feed.id;
  });
  const feed = await db.selectFrom('vendor_feeds').select(['id', 'org_id', 'manufacturer_org_id']).where('id', '=', feedId).executeTakeFirstOrThrow();
  const summary = await syncInstanceFeed(db, feed);
  await refreshExposure(db, hospitalId);
  await db.updateTable('vendor_feeds').set({ status: summary.status === 'not-modified' ? 'ok' : summary.status, last_sync_at: new Date(), last_success_at: new Date(), documents_total: summary.new + summary.updated + summary.unchanged, last_new: summary.new }).where('id', '=', feedId).execute();
  // One deployment already validated by clinical engineering.
  const first = await db.selectFrom('patch_deployments').select(['id', 'available_on']).where('org_id', '=', hospitalId).orderBy('due_on').limit(1).executeTakeFirst();
  if (first) await db.updateTable('patch_deployments').set({ state: 'validated', validated_on: first.available_on, updated_by: 'vigil demo' }).where('id', '=', first.id).execute();
}
