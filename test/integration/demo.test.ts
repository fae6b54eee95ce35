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
    const again = await loadDemo(t.db, null);
    expect(again.organizations).toEqual([]);
    expect(await t.db.selectFrom('sboms').select('id').execute()).toHaveLength(4);
    const acme = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
    expect((await verifyChain(t.db, acme.id)).ok).toBe(true);
  });
});
