import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/** `vigil governance` and `vigil benchmark` with the real binary, on the demo data (which includes a benchmark operator). */
let target: CliTarget;
let dir: string;
beforeAll(async () => {
  target = await createCliTarget();
  dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const demo = await runCli(['demo'], target.env, 180_000);
  expect(demo.code, demo.stderr).toBe(0);
}, 240_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return target.cleanup();
});

describe('vigil benchmark', () => {
  it('exports a submission and imports it at the demo operator, replacing the demo one', async () => {
    const file = join(dir, 'acme.json');
    const exported = await runCli(['benchmark', 'export', '--org', 'acme-medical', '--out', file], target.env);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { format: string; orgKind: string; areas: { area: string }[] };
    expect(doc.format).toBe('vigil-jsp-benchmark/1');
    expect(readFileSync(file, 'utf8')).not.toMatch(/acme/i);
    // The demo operator holds Acme's first submission and six peers'.
    const imported = await runCli(['benchmark', 'import', '--org', 'jsp-benchmark', file], target.env);
    expect([imported.code, imported.stdout.trim()]).toEqual([0, 'Imported 1 submission(s); 0 replay(s) skipped; 1 superseded by a newer one of the same participant.']);
    const replay = await runCli(['benchmark', 'import', '--org', 'jsp-benchmark', file], target.env);
    expect(replay.stdout.trim()).toBe('Imported 0 submission(s); 1 replay(s) skipped; 0 superseded by a newer one of the same participant.');
  });

  it('rejects a tampered file whole and refuses a non-operator', async () => {
    const good = join(dir, 'acme.json');
    const bad = join(dir, 'tampered.json');
    const doc = JSON.parse(readFileSync(good, 'utf8')) as { overall: number; submissionId: string };
    writeFileSync(bad, JSON.stringify({ ...doc, overall: 5, submissionId: '7d3b6f0e-2a4c-4b8e-9f1a-3c5d7e9f1b2d' }));
    const res = await runCli(['benchmark', 'import', '--org', 'jsp-benchmark', good, bad], target.env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Submission 2 of 2 is rejected (nothing was imported)');
    expect(res.stderr).toContain('/digest');
    const notOperator = await runCli(['benchmark', 'import', '--org', 'mercy-general', good], target.env);
    expect(notOperator.code).not.toBe(0);
    expect(notOperator.stderr).toContain('not a benchmark operator');
    const enable = await runCli(['benchmark', 'operator', 'enable', '--org', 'mercy-general'], target.env);
    expect([enable.code, enable.stdout.trim()]).toEqual([0, 'mercy-general is now a benchmark operator.']);
  });
});

describe('vigil governance catalog import', () => {
  it('refuses a malformed catalog with the field named', async () => {
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify({ format: 'vigil-jsp-catalog/1', version: '2027.1', title: 't', source: 's', areas: [{ code: 'GOV', name: 'g' }], controls: [{ code: 'bad code', area: 'GOV', title: 't', owner: 'MDM', evidence: 'e', source: 's' }] }));
    const res = await runCli(['governance', 'catalog', 'import', file], target.env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('/controls/0/code');
  });
});
