import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { listRisks } from '../../src/modules/risk/service.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/** The demo register: three items on the demo products, linked to the demo findings, one accepted; loaded once. */
let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil();
});
afterAll(() => t.close());

describe('demo risk register', () => {
  it('links Log4Shell and Heartbleed on the CardioWatch gateway to their findings and accepts the controlled one', async () => {
    const owner = await t.db.insertInto('users').values({ email: 'demo-owner@example.org', name: 'Demo Owner', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
    await loadDemo(t.db, owner.id);
    const acme = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
    const ctx = systemContext(acme.id);
    const items = await listRisks(t.db, ctx, {}, 50);
    expect(items).toHaveLength(3);
    const findingVulns = async (findingIds: string[]) =>
      findingIds.length ? (await t.db.selectFrom('findings').select('vuln_id').where('id', 'in', findingIds).orderBy('vuln_id').execute()).map((f) => f.vuln_id) : [];
    const log4shell = items.find((r) => r.title.startsWith('Log4Shell'))!;
    expect(log4shell).toMatchObject({ productName: 'CardioWatch bedside monitor', initialClass: 'uncontrolled', residualClass: 'controlled', status: 'accepted', owner: { email: 'analyst@acme.example' } });
    expect(await findingVulns(log4shell.findingIds)).toEqual(['CVE-2021-44228', 'CVE-2021-45046']);
    expect(log4shell.acceptance).toMatchObject({ approver: 'demo-owner@example.org', uncontrolledAccepted: false });
    expect(log4shell.acceptance!.expiresOn > new Date().toISOString().slice(0, 10)).toBe(true);
    const heartbleed = items.find((r) => r.title.startsWith('Heartbleed'))!;
    expect(heartbleed).toMatchObject({ residualClass: 'uncontrolled', status: 'mitigating', acceptance: null });
    expect(await findingVulns(heartbleed.findingIds)).toEqual(['CVE-2014-0160']);
    const bluetooth = items.find((r) => r.title.includes('Bluetooth'))!;
    expect(bluetooth).toMatchObject({ productName: 'InfuSafe 3000 infusion pump', findingIds: [], initialClass: 'uncontrolled', residualClass: 'controlled', status: 'open' });

    await loadDemo(t.db, owner.id);
    expect(await listRisks(t.db, ctx, {}, 50)).toHaveLength(3);
    expect((await verifyChain(t.db, acme.id)).ok).toBe(true);
  });
});
