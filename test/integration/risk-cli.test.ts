import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/** `vigil risk export` with the real binary, on the demo register. */
let target: CliTarget;
beforeAll(async () => {
  target = await createCliTarget();
  const demo = await runCli(['demo'], target.env, 120_000);
  expect(demo.code, demo.stderr).toBe(0);
}, 180_000);
afterAll(() => target.cleanup());

describe('vigil risk export', () => {
  it('writes the register as CSV, filtered by product and status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-risk-csv-'));
    const file = join(dir, 'register.csv');
    const all = await runCli(['risk', 'export', '--org', 'acme-medical', '--out', file], target.env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.trim()).toBe(`Wrote ${file}: 3 risk item(s).`);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.product).sort()).toEqual(['CardioWatch bedside monitor', 'CardioWatch bedside monitor', 'InfuSafe 3000 infusion pump']);
    const log4shell = rows.find((r) => r.title?.startsWith('Log4Shell'))!;
    expect(log4shell).toMatchObject({ status: 'accepted', residual_class: 'controlled', linked_vulnerabilities: 'CVE-2021-44228 CVE-2021-45046', accepted_by: 'vigil' });
    expect(log4shell.linked_findings?.split(' ')).toHaveLength(2);
    rmSync(dir, { recursive: true, force: true });

    const pump = await runCli(['risk', 'export', '--org', 'acme-medical', '--product', 'infusafe 3000 infusion pump', '--status', 'open'], target.env);
    expect(pump.code, pump.stderr).toBe(0);
    expect((parse(pump.stdout, { columns: true }) as Record<string, string>[]).map((r) => r.title)).toEqual(['Unauthenticated Bluetooth LE pairing on the InfuSafe pump']);
  });

  it('exits 2 naming a bad status, an unknown product or organization', async () => {
    const status = await runCli(['risk', 'export', '--org', 'acme-medical', '--status', 'pending'], target.env);
    expect([status.code, status.stderr.trim()]).toEqual([2, 'vigil: --status must be one of open, mitigating, accepted, closed.']);
    const product = await runCli(['risk', 'export', '--org', 'acme-medical', '--product', 'Nope'], target.env);
    expect([product.code, product.stderr.trim()]).toEqual([2, 'vigil: No product "Nope" in this organization.']);
    const org = await runCli(['risk', 'export', '--org', 'nobody'], target.env);
    expect(org.code).toBe(2);
  });
});
