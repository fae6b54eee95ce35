import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil();
});
afterAll(() => t.close());

describe('demo data', () => {
  it('loads a portfolio with releases in every lifecycle stage and SBOMs that read back, once', async () => {
    const first = await loadDemo(t.db, null);
    expect(first.organizations).toEqual(['Acme Medical Devices', 'Mercy General Hospital']);
    const stages = await t.db.selectFrom('releases').select('lifecycle_stage').distinct().execute();
    expect(stages.map((s) => s.lifecycle_stage).sort()).toEqual(['development', 'end_of_support', 'limited_support', 'support']);
    const sboms = await t.db.selectFrom('sboms').select(['encoding', 'component_count', 'issues']).execute();
    expect(sboms).toHaveLength(4);
    expect(sboms.every((s) => s.encoding === 'cyclonedx-json' && s.component_count >= 4)).toBe(true);
    const log4j = await t.db.selectFrom('sbom_components').select('purl').where('name', '=', 'log4j-core').orderBy('purl').execute();
    expect(log4j.map((c) => c.purl)).toEqual(['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1']);
    // The demo intelligence matched on first load: the 2015 CardioWatch gateway is exposed
    // to Log4Shell and CVE-2021-45046 through log4j-core 2.14.1 (purl) and to Heartbleed
    // through OpenSSL 1.0.1f (CPE, NVD's 1.0.1 ≤ v < 1.0.1g); log4j 2.17.1 and OpenSSL 3.0.13 are not.
    const findings = await t.db
      .selectFrom('findings as f')
      .innerJoin('releases as r', 'r.id', 'f.release_id')
      .select(['r.version', 'f.vuln_id', 'f.component_name', 'f.match_method', 'f.status'])
      .orderBy('f.vuln_id')
      .execute();
    expect(findings).toEqual([
      { version: '4.6.0', vuln_id: 'CVE-2014-0160', component_name: 'openssl', match_method: 'cpe', status: 'affected' },
      { version: '4.6.0', vuln_id: 'CVE-2021-44228', component_name: 'log4j-core', match_method: 'purl', status: 'affected' },
      { version: '4.6.0', vuln_id: 'CVE-2021-45046', component_name: 'log4j-core', match_method: 'purl', status: 'affected' },
    ]);
    // The manufacturer's KEV entries (the hospital's intelligence holds its own copy of what it needs).
    const kev = await t.db.selectFrom('intel_kev as k').innerJoin('organizations as o', 'o.id', 'k.org_id').select('k.cve_id').where('o.slug', '=', 'acme-medical').orderBy('k.cve_id').execute();
    expect(kev.map((k) => k.cve_id)).toEqual(['CVE-2014-0160', 'CVE-2021-44228', 'CVE-2021-45046']);
    const again = await loadDemo(t.db, null);
    expect(again.organizations).toEqual([]);
    expect(await t.db.selectFrom('sboms').select('id').execute()).toHaveLength(4);
    const acme = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
    expect((await verifyChain(t.db, acme.id)).ok).toBe(true);
    expect(await t.db.selectFrom('findings').select('id').execute()).toHaveLength(3);
  }, 180_000);
});
