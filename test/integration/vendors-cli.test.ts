import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/** `vigil vendors …` and `vigil exposure recompute` with the real binary, on the demo hospital. */
let target: CliTarget;
beforeAll(async () => {
  target = await createCliTarget();
  const demo = await runCli(['demo'], target.env, 150_000);
  expect(demo.code, demo.stderr).toBe(0);
}, 200_000);
afterAll(() => target.cleanup());

const CSAF = {
  document: {
    category: 'csaf_security_advisory', csaf_version: '2.0', title: 'Ventilator firmware', publisher: { category: 'vendor', name: 'Breathe Corp', namespace: 'https://breathe.example' },
    tracking: { id: 'BREATHE-SA-0001', version: '1', status: 'final', initial_release_date: '2026-02-01T00:00:00Z', current_release_date: '2026-02-01T00:00:00Z', revision_history: [{ number: '1', date: '2026-02-01T00:00:00Z', summary: 'Initial.' }] },
  },
  product_tree: { branches: [{ category: 'vendor', name: 'Breathe Corp', branches: [{ category: 'product_name', name: 'Breathe V1 ventilator', branches: [{ category: 'product_version', name: '7.2', product: { name: 'Breathe V1 7.2', product_id: 'V72', product_identification_helper: { model_numbers: ['BV-1'] } } }] }] }] },
  vulnerabilities: [{ cve: 'CVE-2024-12345', product_status: { known_affected: ['V72'] }, remediations: [{ category: 'vendor_fix', details: 'Update to 7.3.', product_ids: ['V72'] }] }],
};

describe('vigil vendors / exposure', () => {
  it('lists the demo hospital’s feed and syncs it again without changes', async () => {
    const list = await runCli(['vendors', 'feed', 'list', '--org', 'mercy-general'], target.env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/ ok {7}1 docs {2}Acme Medical Devices \(on this instance\)/u);
    const sync = await runCli(['vendors', 'sync', '--org', 'mercy-general'], target.env);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/^Acme Medical Devices \(on this instance\): ok, 1 listed, 0 new, 0 updated, 1 unchanged, 0 rejected, \d+ exposures$/mu);
  });

  it('files an uploaded CSAF document and recomputes exposure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-vendors-cli-'));
    const file = join(dir, 'breathe.json');
    writeFileSync(file, JSON.stringify(CSAF));
    const up = await runCli(['vendors', 'upload', file, '--org', 'mercy-general'], target.env);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout.trim()).toMatch(/^BREATHE-SA-0001: new, 1 release\(s\), 1 statement\(s\), \d+ exposure row\(s\)\.$/u);
    const again = await runCli(['vendors', 'upload', file, '--org', 'mercy-general'], target.env);
    expect(again.stdout).toContain('BREATHE-SA-0001: unchanged');
    rmSync(dir, { recursive: true, force: true });
    const re = await runCli(['exposure', 'recompute', '--org', 'mercy-general'], target.env);
    expect(re.code, re.stderr).toBe(0);
    expect(re.stdout.trim()).toMatch(/^\d+ asset\(s\) matched automatically, \d+ exposure row\(s\), \d+ patch deployment\(s\) touched in \d+ ms\.$/u);
  });

  it('exits 2 for an organization without feeds or an unknown one', async () => {
    const none = await runCli(['vendors', 'sync', '--org', 'acme-medical'], target.env);
    expect([none.code, none.stderr.trim()]).toEqual([2, 'vigil: This organization follows no feed yet: `vigil vendors feed add URL`.']);
    const unknown = await runCli(['exposure', 'recompute', '--org', 'nope'], target.env);
    expect(unknown.code).toBe(2);
  });
});
