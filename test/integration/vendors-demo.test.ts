import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The demo hospital's vendor side: Mercy General follows Acme on the same instance (Acme lists
 * it as a customer), so one in-process sync brings Acme's releases with their lifecycle dates
 * and Acme's published Log4Shell advisory; the CardioWatch 4.6.0 monitors are exposed to the
 * known-exploited CVE, the ICU one compensated by the demo segmentation control; loading twice
 * changes nothing.
 */
let t: TestVigil;
let mercy: string;

beforeAll(async () => {
  t = await startTestVigil({ keySecret: 'demo-test-secret' });
  const owner = await t.db.insertInto('users').values({ email: 'demo-owner@e2e.test', name: 'Owner', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
  await loadDemo(t.db, owner.id);
  mercy = (await t.db.selectFrom('organizations').select('id').where('slug', '=', 'mercy-general').executeTakeFirstOrThrow()).id;
}, 240_000);
afterAll(() => t.close());

describe('demo: the hospital’s vendor side', () => {
  it('fills the catalog from the same-instance manufacturer, lifecycle dates included', async () => {
    const releases = await t.db
      .selectFrom('vendor_releases as r')
      .innerJoin('vendor_products as p', 'p.id', 'r.product_id')
      .innerJoin('vendors as v', 'v.id', 'r.vendor_id')
      .select(['v.name', 'v.manufacturer_org_id', 'p.name as product', 'r.version', 'r.lifecycle_stage', 'r.end_of_support_date'])
      .where('r.org_id', '=', mercy)
      .orderBy('p.name')
      .orderBy('r.version')
      .execute();
    expect(releases.map((r) => [r.product, r.version, r.lifecycle_stage, r.end_of_support_date])).toEqual([
      ['CardioWatch bedside monitor', '4.6.0', 'end_of_support', '2023-06-30'],
      ['CardioWatch bedside monitor', '5.0.2', 'support', '2031-09-30'],
      ['InfuSafe 3000 infusion pump', '2.8.1', 'limited_support', '2027-06-30'],
      ['InfuSafe 3000 infusion pump', '3.1.4', 'support', '2032-06-30'],
      ['InfuSafe 3000 infusion pump', '3.2.0', 'development', null],
    ]);
    expect(new Set(releases.map((r) => r.name))).toEqual(new Set(['Acme Medical Devices']));
    expect(releases.every((r) => r.manufacturer_org_id !== null)).toBe(true);
    const docs = await t.db.selectFrom('vendor_documents').select(['source', 'signature_status', 'doc_key']).where('org_id', '=', mercy).execute();
    expect(docs).toEqual([{ source: 'instance', signature_status: 'not_checked', doc_key: `ACME-MEDICAL-SA-${new Date().getUTCFullYear()}-0001` }]);
  });

  it('shows the exposed monitors, what compensates, and the models leaving support within a year', async () => {
    const rows = await t.db.selectFrom('exposures as e').innerJoin('assets as a', 'a.id', 'e.asset_id').select(['a.serial', 'e.vuln_id', 'e.status', 'e.kev', 'e.control_points']).where('e.org_id', '=', mercy).orderBy('a.serial').execute();
    const cw = rows.filter((r) => r.serial.includes('-CW-'));
    expect(cw.map((r) => [r.serial, r.vuln_id, r.status, r.kev, r.control_points > 0])).toEqual([
      ['MG-DEMO-CW-0001', 'CVE-2021-44228', 'known_affected', true, true],
      ['MG-DEMO-CW-0002', 'CVE-2021-44228', 'known_affected', true, false],
      ['MG-DEMO-CW-0003', 'CVE-2021-44228', 'fixed', true, false],
    ]);
    const deployments = await t.db.selectFrom('patch_deployments').select(['state']).where('org_id', '=', mercy).execute();
    expect(deployments.map((d) => d.state).sort()).toEqual(['available', 'validated']);
  });

  it('loads once and keeps the audit chain intact', async () => {
    const count = async () => Number((await t.db.selectFrom('vendor_statements').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', mercy).executeTakeFirstOrThrow()).n);
    const before = await count();
    await loadDemo(t.db, null);
    expect(await count()).toBe(before);
    expect((await t.db.selectFrom('vendor_feeds').select('id').where('org_id', '=', mercy).execute()).length).toBe(1);
    expect((await verifyChain(t.db, mercy)).ok).toBe(true);
  });
});
