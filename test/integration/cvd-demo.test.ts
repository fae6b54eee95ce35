import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CASE_TITLE, DEMO_NOT_SENT } from '../../src/modules/demo/cvd.js';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { listContacts } from '../../src/modules/cvd/notices.js';
import { getCaseDetail, listCases } from '../../src/modules/cvd/service.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The demo's coordinated disclosure (src/modules/demo/cvd.ts): one case in triaged, acknowledged
 * and triaged by the demo analyst, linked to the CardioWatch product and the Log4Shell finding on
 * its 4.6.0 release, with one reporter message stored as not sent (no SMTP at demo load), and
 * Mercy General as the product's customer contact; loaded once.
 */
let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil();
});
afterAll(() => t.close());

describe('demo CVD case', () => {
  it('is triaged, linked to the Log4Shell finding, with an unsent acknowledgement and a customer contact', async () => {
    await loadDemo(t.db, null);
    const acme = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
    const ctx = systemContext(acme.id);
    const cases = await listCases(t.db, ctx, {}, 50);
    expect(cases.map((c) => c.title)).toEqual([DEMO_CASE_TITLE]);
    const c = cases[0]!;
    expect(c).toMatchObject({ state: 'triaged', source: 'form', reporter: { name: 'Dana Okafor', email: 'dana.okafor@research.example', credit: 'named' }, cveIds: ['CVE-2021-44228'], closedAt: null });
    expect(c.acknowledgedAt).not.toBeNull();
    expect(c.triagedAt).not.toBeNull();
    // Acknowledged at load, well inside five business days: the acknowledge clock is met.
    expect(c.clocks.find((k) => k.clock === 'acknowledge')!.status).toBe('met');

    const detail = await getCaseDetail(t.db, ctx, c.id);
    const finding = await t.db
      .selectFrom('findings as f')
      .innerJoin('releases as r', 'r.id', 'f.release_id')
      .innerJoin('products as p', 'p.id', 'r.product_id')
      .select(['f.id', 'p.id as productId'])
      .where('f.org_id', '=', acme.id)
      .where('f.vuln_id', '=', 'CVE-2021-44228')
      .where('r.version', '=', '4.6.0')
      .executeTakeFirstOrThrow();
    expect(detail.links).toEqual([
      { kind: 'finding', id: finding.id, label: 'CVE-2021-44228 in log4j-core 2.14.1' },
      { kind: 'product', id: finding.productId, label: 'CardioWatch bedside monitor' },
    ]);
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ kind: 'acknowledgement', recipient: 'dana.okafor@research.example', ok: false, error: DEMO_NOT_SENT, sentBy: 'analyst@acme.example' });
    expect(detail.messages[0]!.subject).toBe(`[Acme Medical Devices] We received your vulnerability report (${c.id.slice(0, 8)})`);
    expect(detail.events.map((e) => e.kind)).toEqual(['received', 'transition', 'message', 'link', 'link', 'edit', 'transition']);
    expect(detail.events.filter((e) => e.kind === 'transition').map((e) => e.detail)).toEqual([
      { from: 'received', to: 'acknowledged' },
      { from: 'acknowledged', to: 'triaged' },
    ]);

    const contacts = await listContacts(t.db, ctx, finding.productId);
    expect(contacts).toEqual([{ id: expect.any(String), productId: finding.productId, productName: 'CardioWatch bedside monitor', customerName: 'Mercy General Hospital — Biomedical Engineering', email: 'biomed@mercy.example', customerOrgSlug: 'mercy-general' }]);

    await loadDemo(t.db, null);
    expect(await listCases(t.db, ctx, {}, 50)).toHaveLength(1);
    expect(await listContacts(t.db, ctx, finding.productId)).toHaveLength(1);
    expect(await t.db.selectFrom('cvd_messages').select('id').where('org_id', '=', acme.id).execute()).toHaveLength(1);
    expect((await verifyChain(t.db, acme.id)).ok).toBe(true);
  });
});
