import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { validateAdvisoryDocument } from '../../src/formats/csaf/validate.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/** The demo provider: a generated key and one published, valid Log4Shell advisory on the CardioWatch gateway, served in the directory; loaded once. */
let t: TestVigil;
beforeAll(async () => {
  process.env['VIGIL_KEY_SECRET'] = 'csaf-demo-test-key-secret';
  t = await startTestVigil();
});
afterAll(async () => {
  delete process.env['VIGIL_KEY_SECRET'];
  await t.close();
});

describe('demo CSAF provider', () => {
  it('publishes the Log4Shell advisory for the CardioWatch gateway with the update to 5.0.2 as the vendor fix', async () => {
    await loadDemo(t.db, null);
    const acme = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
    const advisories = await t.db.selectFrom('csaf_advisories').select(['id', 'status', 'version', 'tlp', 'document']).where('org_id', '=', acme.id).execute();
    expect(advisories.map((a) => [a.status, a.version, a.tlp])).toEqual([['final', '1', 'WHITE']]);
    const doc = advisories[0]!.document as { vulnerabilities: { cve: string; remediations: { category: string; details: string }[]; product_status: Record<string, string[]> }[]; document: { notes: { title: string }[] } };
    expect((await validateAdvisoryDocument(doc)).errors).toEqual([]);
    expect(doc.vulnerabilities[0]!.cve).toBe('CVE-2021-44228');
    expect(doc.vulnerabilities[0]!.remediations.find((r) => r.category === 'vendor_fix')?.details).toMatch(/^Update to CardioWatch .* 5\.0\.2\.$/u);
    expect(doc.document.notes[0]!.title).toBe('Patient safety');
    const index = await t.app.inject({ method: 'GET', url: '/.well-known/csaf/acme-medical/white/index.txt' });
    expect(index.body).toMatch(/^\d{4}\/acme-medical-sa-\d{4}-0001\.json\n$/u);

    await loadDemo(t.db, null);
    expect(await t.db.selectFrom('csaf_publications').select('version').where('org_id', '=', acme.id).execute()).toHaveLength(1);
    expect((await verifyChain(t.db, acme.id)).ok).toBe(true);
  }, 120_000);
});
