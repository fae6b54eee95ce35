import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { MatchCache, matchSboms, readWhole, type SbomTarget } from '../../src/modules/intel/findings-engine.js';
import { rematchOrganization } from '../../src/modules/intel/rematch.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The full rematch reads each batch ahead of its transaction (src/modules/intel/rematch.ts).
 * An SBOM replaced between that read and the transaction must not be matched from the stale
 * read: here release A's log4j-core is upgraded past the Log4Shell fix (GHSA-jfh8-c2jp-5v3q:
 * fixed in 2.15.0) after the read, and its finding must stay fixed.
 */
const GHSA = readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url));

const bom = (log4j: string, serial: number) =>
  JSON.stringify({
    bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: `urn:uuid:8b0c3c2e-5f4e-4a53-9d0e-6c2b1f0a7d1${serial}`, version: 1,
    metadata: { timestamp: '2026-12-01T10:00:00Z' },
    components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: log4j, purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${log4j}` }],
  });

let t: TestVigil;
let org: TestOrg;
let analyst: { bearer: string };
const releases: Record<'a' | 'b', string> = { a: '', b: '' };

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('intel-rematch');
  const ctx = systemContext(org.id);
  analyst = { bearer: (await createToken(t.db, ctx, { name: 'ci', role: 'analyst', expiresInDays: 1 })).secret };
  const product = await createProduct(t.db, ctx, { name: 'Infusion Gateway' });
  releases.a = (await createRelease(t.db, ctx, product.id, { version: '1.0' })).id;
  releases.b = (await createRelease(t.db, ctx, product.id, { version: '1.1' })).id;
  const source = (await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind: 'osv', name: 'ghsa' } })).json<{ id: string }>().id;
  expect((await t.api('POST', `/api/v1/intel/sources/${source}/import`, { as: analyst, body: GHSA, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
});
afterAll(() => t.close());

const upload = (release: string, text: string) => t.api('POST', `/api/v1/releases/${release}/sboms`, { as: analyst, body: text, headers: { 'content-type': 'application/json' } });
const log4shell = (release: string) => t.db.selectFrom('findings').select(['status', 'component_version']).where('release_id', '=', release).where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
const currentSbom = async (release: string): Promise<SbomTarget> => ({ sbomId: (await t.db.selectFrom('sboms').select('id').where('release_id', '=', release).where('is_current', '=', true).executeTakeFirstOrThrow()).id, releaseId: release });

describe('full rematch with batches read ahead', () => {
  it('leaves out an SBOM replaced after the read ahead, and matches the others', async () => {
    expect((await upload(releases.a, bom('2.14.1', 1))).status).toBe(201);
    expect((await upload(releases.b, bom('2.14.1', 2))).status).toBe(201);
    expect(await log4shell(releases.a)).toEqual({ status: 'affected', component_version: '2.14.1' });

    const batch = [await currentSbom(releases.a), await currentSbom(releases.b)];
    const cache = new MatchCache();
    const ahead = await readWhole(t.db, org.id, batch, cache);
    expect(ahead.targets.map((x) => x.wanted.size)).toEqual([1, 1]);

    // Release A gets a new SBOM in between: its import closes the finding as upgraded.
    expect((await upload(releases.a, bom('2.17.1', 3))).status).toBe(201);
    expect(await log4shell(releases.a)).toEqual({ status: 'fixed', component_version: '2.14.1' });

    const outcome = await t.db.transaction().execute((tx) => matchSboms(tx, org.id, batch, cache, ahead));
    expect(outcome).toMatchObject({ opened: 0, reopened: 0, closed: 0, affected: 1, components: 1 });
    expect(await log4shell(releases.a)).toEqual({ status: 'fixed', component_version: '2.14.1' });
    expect(await log4shell(releases.b)).toEqual({ status: 'affected', component_version: '2.14.1' });
  });

  it('a whole rematch afterwards changes nothing', async () => {
    expect(await rematchOrganization(t.db, org.id)).toEqual({ sboms: 2, opened: 0, reopened: 0, closed: 0, affected: 1 });
  });
});
