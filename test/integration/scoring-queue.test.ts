import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { drainScoringQueue, INLINE_RESCORE_LIMIT } from '../../src/modules/scoring/queue.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * Matching that touches more findings than INLINE_RESCORE_LIMIT queues them for scoring in its
 * own transaction; the worker's drain scores them. An API-only process runs no ticks, so the
 * queue stays as matching left it until the test drains it.
 */
let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil({ role: 'api' });
});
afterAll(() => t.close());

const COUNT = INLINE_RESCORE_LIMIT + 1;
const names = Array.from({ length: COUNT }, (_, i) => `queue-lib-${i}`);
/** One advisory naming every library below 2.0.0, CVSS 9.8 (the CVSS 3.1 vector of Log4Shell's NVD rating). */
const ADVISORY = {
  schema_version: '1.6.0', id: 'GHSA-qqqq-qqqq-qqqq', modified: '2026-12-01T00:00:00Z', aliases: ['CVE-2099-1234'],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  affected: names.map((name) => ({ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] })),
};
const bom = (n: number) => JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
  components: names.slice(0, n).map((name) => ({ type: 'library', 'bom-ref': name, name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` })),
});

it('scores a few touched findings inline, and queues many for the worker, which scores them', async () => {
  const org = await t.seedOrg('scoring-queue');
  const ctx = systemContext(org.id);
  const source = await createSource(t.db, ctx, { kind: 'osv', name: 'OSV' });
  await importRecords(t.db, ctx, source.id, (async function* () { yield { record: parseOsvRecord(ADVISORY).record! }; })());
  const product = await createProduct(t.db, ctx, { name: 'Queue monitor' });
  const state = async (releaseId: string) => {
    const findings = await t.db.selectFrom('findings as f').leftJoin('finding_scores as s', 's.finding_id', 'f.id').select(['f.id', 'f.priority', 's.scored_at']).where('f.release_id', '=', releaseId).execute();
    const queued = await t.db.selectFrom('scoring_queue').select('finding_id').where('finding_id', 'in', findings.map((f) => f.id)).execute();
    return { findings: findings.length, scored: findings.filter((f) => f.scored_at !== null).length, queued: queued.length, prioritized: findings.filter((f) => f.priority > 0).length };
  };

  const small = await createRelease(t.db, ctx, product.id, { version: '1.0' });
  await matchImportedSbom(t.db, ctx, (await importSbom(t.db, ctx, small.id, Buffer.from(bom(3)))).sbom.id);
  expect(await state(small.id)).toEqual({ findings: 3, scored: 3, queued: 0, prioritized: 3 });

  const large = await createRelease(t.db, ctx, product.id, { version: '2.0' });
  await matchImportedSbom(t.db, ctx, (await importSbom(t.db, ctx, large.id, Buffer.from(bom(COUNT)))).sbom.id);
  expect(await state(large.id)).toEqual({ findings: COUNT, scored: 0, queued: COUNT, prioritized: 0 });

  expect(await drainScoringQueue(t.db)).toBe(COUNT);
  expect(await state(large.id)).toEqual({ findings: COUNT, scored: COUNT, queued: 0, prioritized: COUNT });
  expect(await drainScoringQueue(t.db)).toBe(0);
});
