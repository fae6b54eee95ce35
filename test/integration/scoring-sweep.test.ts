import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { registerScoringSweep, SCORING_SWEEP_INTERVAL_MS, SCORING_SWEEP_JOB, sweepStaleScores, type SweepResult } from '../../src/modules/scoring/sweep.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import type { Deps } from '../../src/platform/deps.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The safety-net sweep (src/modules/scoring/sweep.ts): after the application's own writes
 * nothing is stale; inputs changed behind its back (SQL, as a manual data fix would) are found
 * window by window and rescored — priority, risk class, clocks — and only those; the job is
 * registered every 6 hours. Log4Shell from GitHub's advisory (CVSS 10.0: 10 × 40 = 400 in a
 * supported release; not_affected 0; development 400 − 100 = 300).
 */
const GHSA = readFileSync(new URL('../../src/formats/osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', import.meta.url));
const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
  components: [{ 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
});

let t: TestVigil;
const release: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
const finding: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

const stateOf = (id: string) => t.db.selectFrom('findings').select(['priority', 'risk_class']).where('id', '=', id).executeTakeFirstOrThrow();
const scoredAt = async (id: string) => (await t.db.selectFrom('finding_scores').select('scored_at').where('finding_id', '=', id).executeTakeFirstOrThrow()).scored_at;
const clocksOf = async (id: string) => (await t.db.selectFrom('finding_clocks').select(['rule', 'state', 'stop_reason']).where('finding_id', '=', id).orderBy('created_at').execute()).map((c) => [c.rule, c.state, c.stop_reason]);
const findingCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from findings`.execute(t.db)).rows[0]!.n);

beforeAll(async () => {
  t = await startTestVigil();
  const org = await t.seedOrg('sweep');
  await t.seedOrg('sweep-empty');
  const ctx = systemContext(org.id);
  const analyst = { bearer: (await createToken(t.db, ctx, { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  const source = (await t.api('POST', '/api/v1/intel/sources', { as: analyst, body: { kind: 'osv', name: 'GitHub advisories' } })).json<{ id: string }>();
  expect((await t.api('POST', `/api/v1/intel/sources/${source.id}/import`, { as: analyst, body: GHSA, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
  const product = (await createProduct(t.db, ctx, { name: 'Infusion Gateway' })).id;
  for (const [key, version] of [['a', '1.0'], ['b', '2.0'], ['c', '3.0']] as const) {
    release[key] = (await createRelease(t.db, ctx, product, { version, lifecycleStage: 'support' })).id;
    expect((await t.api('POST', `/api/v1/releases/${release[key]}/sboms`, { as: analyst, body: SBOM, headers: { 'content-type': 'application/json' } })).status).toBe(201);
    finding[key] = (await t.db.selectFrom('findings').select('id').where('release_id', '=', release[key]).executeTakeFirstOrThrow()).id;
  }
});
afterAll(() => t.close());

describe('stale-score sweep', () => {
  it('finds nothing stale after the application’s own writes, walking every window of every organization', async () => {
    const before = await scoredAt(finding.a);
    const result = await sweepStaleScores(t.db, 2);
    expect(result).toEqual({ organizations: 2, examined: await findingCount(), rescored: 0 });
    expect(await scoredAt(finding.a)).toEqual(before);
  });

  it('rescores exactly what was changed behind the application’s back', async () => {
    await sql`update findings set analysis_state = 'not_affected', analysis_justification = 'code_not_present' where id = ${finding.a}`.execute(t.db);
    await sql`update releases set lifecycle_stage = 'development' where id = ${release.b}`.execute(t.db);
    expect(await stateOf(finding.a)).toEqual({ priority: 400, risk_class: null });
    const untouched = await scoredAt(finding.c);

    // Windows of one finding: the stale ones are in different windows.
    expect(await sweepStaleScores(t.db, 1)).toEqual({ organizations: 2, examined: 3, rescored: 2 });
    expect(await stateOf(finding.a)).toEqual({ priority: 0, risk_class: null });
    expect(await clocksOf(finding.a)).toEqual([['controlled_critical', 'stopped', 'closed']]);
    expect(await stateOf(finding.b)).toEqual({ priority: 300, risk_class: null });
    expect(await clocksOf(finding.b)).toEqual([['controlled_critical', 'running', null]]);
    expect(await scoredAt(finding.c)).toEqual(untouched);

    expect((await sweepStaleScores(t.db)).rescored).toBe(0);
  });

  it('runs as a periodic worker job every 6 hours', async () => {
    const ticks: { name: string; ms: number; tick: () => Promise<unknown> }[] = [];
    registerScoringSweep({ jobs: { every: (name: string, ms: number, tick: () => Promise<unknown>) => ticks.push({ name, ms, tick }) }, database: { kysely: t.db } } as unknown as Deps);
    expect(ticks.map((x) => [x.name, x.ms])).toEqual([[SCORING_SWEEP_JOB, SCORING_SWEEP_INTERVAL_MS]]);
    expect(SCORING_SWEEP_INTERVAL_MS).toBe(6 * 3_600_000);
    expect((await ticks[0]!.tick()) as SweepResult).toEqual({ organizations: 2, examined: 3, rescored: 0 });
  });
});
