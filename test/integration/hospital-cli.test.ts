import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/** `vigil legacy list` and `vigil contracts check` with the real binary, on the demo hospital (src/modules/demo). */
let target: CliTarget;
beforeAll(async () => {
  target = await createCliTarget();
  const demo = await runCli(['demo'], target.env, 150_000);
  expect(demo.code, demo.stderr).toBe(0);
}, 200_000);
afterAll(() => target.cleanup());

const ORG = ['--org', 'mercy-general'];
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** Today plus N calendar months, computed here independently of the CLI (day clamped to the month's end). */
function monthsAhead(n: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), Math.min(now.getUTCDate(), last))).toISOString().slice(0, 10);
}

interface LegacyJson { today: string; until?: string; withinMonths?: number; items: { manufacturer: string; model: string; assets: number; lifecycleStage: string | null; stageSource: string | null; endOfSupportOn: string | null; plan: { decision: string | null } | null }[] }

describe('vigil legacy list', () => {
  it('prints the demo register as JSON, one entry per fleet model with the demo’s lifecycle facts', async () => {
    const r = await runCli(['legacy', 'list', ...ORG, '--format', 'json'], target.env);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout) as LegacyJson;
    expect(body.today).toBe(today());
    const byModel = new Map(body.items.map((i) => [`${i.manufacturer}/${i.model}`, i]));
    expect(byModel.size).toBe(body.items.length);
    // The demo fleet: 5 CW-200, 5 IS-3000, 2 CARESCAPE B650 (src/modules/demo/fleet.ts).
    expect(byModel.get('Acme Medical Devices/CW-200')).toMatchObject({ assets: 5, lifecycleStage: 'end_of_support', endOfSupportOn: '2023-06-30', stageSource: 'vendor', plan: { decision: 'accept_risk' } });
    expect(byModel.get('Acme Medical Devices/IS-3000')).toMatchObject({ assets: 5, plan: { decision: 'replace' } });
    // Entered by hand in the demo: limited support, end of support 240 days from today, no decision.
    expect(byModel.get('GE HealthCare/CARESCAPE B650')).toMatchObject({ assets: 2, lifecycleStage: 'limited_support', endOfSupportOn: inDays(240), stageSource: 'manual', plan: { decision: null } });
    expect(byModel.get('Philips/IntelliVue MX800')).toMatchObject({ assets: 2, lifecycleStage: null, endOfSupportOn: null, plan: null });
  });

  it('prints a table by default and CSV with its header and one row per model', async () => {
    const json = JSON.parse((await runCli(['legacy', 'list', ...ORG, '--format', 'json'], target.env)).stdout) as LegacyJson;
    const t = await runCli(['legacy', 'list', ...ORG], target.env);
    expect(t.code, t.stderr).toBe(0);
    const lines = t.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^MANUFACTURER +MODEL +DEVICES +STAGE +END OF SUPPORT +SOURCE +PLAN$/u);
    expect(lines).toContainEqual(expect.stringMatching(/^Acme Medical Devices +CW-200 +5 +end_of_support +2023-06-30 +vendor +accept_risk$/u));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^GE HealthCare +CARESCAPE B650 +2 +limited_support +${inDays(240)} +manual +undecided$`, 'u')));
    expect(lines.at(-1)).toBe(`${json.items.length} model(s).`);
    expect(lines).toHaveLength(json.items.length + 2);

    const c = await runCli(['legacy', 'list', ...ORG, '--format', 'csv'], target.env);
    expect(c.code, c.stderr).toBe(0);
    const rows = c.stdout.split('\r\n');
    expect(rows.pop()).toBe('');
    expect(rows[0]).toBe('manufacturer,model,devices,patient_connected,lifecycle_stage,end_of_support_on,end_of_support_source,days_to_end_of_support,plan');
    expect(rows).toHaveLength(json.items.length + 1);
    expect(rows).toContain('Acme Medical Devices,CW-200,5,5,end_of_support,2023-06-30,vendor,' + String(Math.round((Date.parse('2023-06-30') - Date.parse(today())) / 86_400_000)) + ',accept_risk');
    expect(rows).toContain(`GE HealthCare,CARESCAPE B650,2,2,limited_support,${inDays(240)},manual,240,undecided`);
    expect(rows).toContain('Philips,IntelliVue MX800,2,2,,,,,');
  });

  it('--within-months keeps only models whose end of support falls between today and N months ahead', async () => {
    const all = (JSON.parse((await runCli(['legacy', 'list', ...ORG, '--format', 'json'], target.env)).stdout) as LegacyJson).items;
    for (const months of [12, 7, 1]) {
      const r = await runCli(['legacy', 'list', ...ORG, '--format', 'json', '--within-months', String(months)], target.env);
      expect(r.code, r.stderr).toBe(0);
      const body = JSON.parse(r.stdout) as LegacyJson;
      const until = monthsAhead(months);
      expect([body.withinMonths, body.until]).toEqual([months, until]);
      const expected = all.filter((i) => i.endOfSupportOn !== null && i.endOfSupportOn >= today() && i.endOfSupportOn <= until).map((i) => i.model);
      expect(body.items.map((i) => i.model)).toEqual(expected);
      // CW-200 left support in 2023: already out, not "leaving"; CARESCAPE B650 leaves in 240 days (~8 months).
      expect(body.items.map((i) => i.model)).not.toContain('CW-200');
      expect(body.items.map((i) => i.model).includes('CARESCAPE B650')).toBe(months === 12);
    }
    const csv = await runCli(['legacy', 'list', ...ORG, '--format', 'csv', '--within-months', '12'], target.env);
    expect(csv.stdout.split('\r\n').filter((l) => l.startsWith('GE HealthCare,CARESCAPE B650,'))).toHaveLength(1);
    expect(csv.stdout).not.toContain('CW-200');
    const t = await runCli(['legacy', 'list', ...ORG, '--within-months', '12'], target.env);
    expect(t.stdout).toMatch(new RegExp(`model\\(s\\) leaving support between ${today()} and ${monthsAhead(12)}\\.\\n$`, 'u'));
  });

  it('exits 2 with a clear message for bad flags or an unknown organization', async () => {
    for (const bad of ['0', 'x', '1.5', '-3']) {
      const r = await runCli(['legacy', 'list', ...ORG, `--within-months=${bad}`], target.env);
      expect([r.code, r.stderr.trim()]).toEqual([2, `vigil: --within-months takes a whole number of months from 1 to 1200, not "${bad}".`]);
    }
    const format = await runCli(['legacy', 'list', ...ORG, '--format', 'xml'], target.env);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv.");
    const unknown = await runCli(['legacy', 'list', '--org', 'nope'], target.env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'vigil: No organization with slug "nope".']);
    const noOrg = await runCli(['legacy', 'list'], target.env);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain("error: required option '--org <slug>' not specified");
  });
});

interface ContractsJson { contracts: { vendorName: string; reference: string | null; status: string; obligations: { clauseId: string; status: string; evidence: { subject: string | null; status: string; detail: string }[] }[] }[] }

describe('vigil contracts check', () => {
  it('prints the demo contract’s obligations as JSON: MC2-08 breached by the 66-day advisory, exit 0', async () => {
    const r = await runCli(['contracts', 'check', ...ORG, '--format', 'json'], target.env);
    expect(r.code, r.stderr).toBe(0);
    const { contracts } = JSON.parse(r.stdout) as ContractsJson;
    expect(contracts).toHaveLength(1);
    const [c] = contracts;
    expect([c!.vendorName, c!.reference, c!.status]).toEqual(['Acme Medical Devices', 'MG-2023-014', 'breached']);
    const status = Object.fromEntries(c!.obligations.map((o) => [o.clauseId, o.status]));
    expect(status).toEqual({ 'MC2-02': 'met', 'MC2-05': 'met', 'MC2-07': 'met', 'MC2-08': 'breached', 'MC2-09': 'pending', 'MC2-13': 'met' });
    const mc208 = c!.obligations.find((o) => o.clauseId === 'MC2-08')!;
    expect(mc208.evidence).toEqual([{ subject: 'CVE-2023-44487', status: 'breached', detail: expect.stringContaining('66 days after 2023-10-10') }]);
    expect(c!.obligations.find((o) => o.clauseId === 'MC2-02')!.evidence[0]!.subject).toBe('Business associate agreement signed');
  });

  it('prints a table with each obligation and its evidence, exit 0 despite the breach', async () => {
    const r = await runCli(['contracts', 'check', ...ORG], target.env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Acme Medical Devices — CardioWatch and InfuSafe service agreement (MG-2023-014): breached, 6 obligation(s), 1 breached');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}MC2-08 +Vulnerability management and notification +breached +1 item\(s\)$/u));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}MC2-09 +Incident cooperation and notification +pending +-$/u));
    expect(lines).toContain('    MC2-08 breached CVE-2023-44487: vendor advisory 66 days after 2023-10-10 (2023-12-15; limit 30 days)');
  });

  it('reports an organization without contracts, and exits 2 for an unknown one or a bad format', async () => {
    const none = await runCli(['contracts', 'check', '--org', 'acme-medical'], target.env);
    expect([none.code, none.stdout.trim()]).toEqual([0, 'No contracts in this organization.']);
    const noneJson = await runCli(['contracts', 'check', '--org', 'acme-medical', '--format', 'json'], target.env);
    expect(JSON.parse(noneJson.stdout)).toEqual({ contracts: [] });
    const unknown = await runCli(['contracts', 'check', '--org', 'nope'], target.env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'vigil: No organization with slug "nope".']);
    const csv = await runCli(['contracts', 'check', ...ORG, '--format', 'csv'], target.env);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain("argument 'csv' is invalid. Allowed choices are table, json.");
  });
});
