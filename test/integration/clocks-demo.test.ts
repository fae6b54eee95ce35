import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The demo's scoring and clocks (src/modules/demo/clocks.ts): Log4Shell on the 2015 CardioWatch
 * gateway is an uncontrolled risk with the three default clocks, one validated patch plan that
 * stops the plan clock as planned and leaves the communication and remediation clocks running, priorities on every demo finding, and no channel.
 */
let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil();
});
afterAll(() => t.close());

describe('demo scoring and clocks', () => {
  it('Log4Shell uncontrolled with its clocks and one plan; loading twice changes nothing', async () => {
    await loadDemo(t.db, null);
    const log4shell = await t.db.selectFrom('findings').select(['id', 'risk_class', 'priority']).where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
    expect(log4shell.risk_class).toBe('uncontrolled');
    // NVD's 10.0 × 40 + KEV 250 + uncontrolled 150 − end of support 50, plus the demo EPSS if any.
    const epss = await t.db.selectFrom('intel_epss').select('epss').where('cve_id', '=', 'CVE-2021-44228').executeTakeFirst();
    expect(log4shell.priority).toBe(Math.min(1000, 750 + Math.round((epss?.epss ?? 0) * 200)));
    const clocks = await t.db.selectFrom('finding_clocks').select(['rule', 'state', 'stop_reason']).where('finding_id', '=', log4shell.id).where('rule', 'like', 'uncontrolled_%').orderBy('rule').execute();
    expect(clocks).toEqual([
      { rule: 'uncontrolled_communication', state: 'running', stop_reason: null },
      { rule: 'uncontrolled_plan', state: 'stopped', stop_reason: 'planned' },
      { rule: 'uncontrolled_remediation', state: 'running', stop_reason: null },
    ]);
    const plans = await t.db.selectFrom('remediation_plans').select(['kind', 'status']).execute();
    expect(plans).toEqual([{ kind: 'patch', status: 'validated' }]);
    expect(await t.db.selectFrom('notification_channels').select('id').execute()).toEqual([]);
    const unscored = await t.db.selectFrom('findings as f').leftJoin('finding_scores as s', 's.finding_id', 'f.id').select('f.id').where('s.scored_at', 'is', null).execute();
    expect(unscored).toEqual([]);
    await loadDemo(t.db, null);
    expect(await t.db.selectFrom('remediation_plans').select('id').execute()).toHaveLength(1);
  });
});
