import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/**
 * `vigil fleet import` and `vigil fleet export` with the real binary, on the demo hospital:
 * the demo fleet exports as 40 rows, an export re-imports unchanged, the saved demo mapping
 * imports a CMMS file with its own headers, a formula-like cell comes back neutralised, and
 * bad files exit 2 with the problem's own message and change nothing, and loading the demo
 * again adds or resets nothing.
 */
let target: CliTarget;
let dir: string;
beforeAll(async () => {
  target = await createCliTarget();
  dir = mkdtempSync(join(tmpdir(), 'vigil-fleet-cli-'));
  const demo = await runCli(['demo'], target.env, 120_000);
  expect(demo.code, demo.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await target.cleanup();
});

const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const readCsv = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];

async function exportRows(name: string): Promise<Record<string, string>[]> {
  const out = join(dir, name);
  const res = await runCli(['fleet', 'export', '--org', 'mercy-general', '--out', out], target.env);
  expect(res.code, res.stderr).toBe(0);
  return readCsv(out);
}

describe('vigil fleet export / import', () => {
  it('exports the demo fleet and re-imports the export with nothing changed', async () => {
    const out = join(dir, 'fleet.csv');
    const res = await runCli(['fleet', 'export', '--org', 'mercy-general', '--out', out], target.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe(`Wrote ${out}: 40 asset(s).`);
    const rows = readCsv(out);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.Department))).toEqual(new Set(['ICU', 'ED', 'Radiology', 'Oncology', 'Cardiology', 'Surgery', 'Ward 4', 'Laboratory']));
    const acme = rows.filter((r) => r.Manufacturer === 'Acme Medical Devices').map((r) => `${r.Model} ${r['Software version']}`);
    expect(new Set(acme)).toEqual(new Set(['CW-200 4.6.0', 'CW-200 5.0.2', 'IS-3000 2.8.1', 'IS-3000 3.1.4', 'IS-3000W 3.1.4']));
    expect(rows.find((r) => r.Serial === 'MG-DEMO-CW-0001')).toMatchObject({ Department: 'ICU', 'Network zone': 'icu-clinical', 'Clinical criticality': 'critical', 'Patient connected': 'yes' });

    const again = await runCli(['fleet', 'import', out, '--org', 'mercy-general'], target.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe('Imported 40 row(s) from fleet.csv (csv, utf-8-bom): 0 created, 0 updated, 40 unchanged, 0 duplicate line(s) overridden.');
  });

  it('imports a CMMS file with the saved demo mapping, updating one device and neutralising a formula on export', async () => {
    const cmms = file(
      'cmms.csv',
      [
        'Mfr,Model No,Asset Serial,SW Rev,Cost Center,Room,Risk Class,Pt Connected',
        'Acme Medical Devices,IS-3000,IS3K-19-04417,3.1.4,ICU,ICU bed 3,Life support,Y',
        'Nihon Kohden,Life Scope G5,NK-5501,01-22,ED,"=cmd|\' /C calc\'!A0",major,yes',
      ].join('\r\n'),
    );
    const res = await runCli(['fleet', 'import', cmms, '--org', 'mercy-general', '--mapping', 'mercy cmms'], target.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe('Imported 2 row(s) from cmms.csv (csv, utf-8): 1 created, 1 updated, 0 unchanged, 0 duplicate line(s) overridden.');
    const rows = await exportRows('after.csv');
    expect(rows).toHaveLength(41);
    expect(rows.find((r) => r.Serial === 'IS3K-19-04417')).toMatchObject({ 'Software version': '3.1.4', 'Clinical criticality': 'critical', Owner: 'Clinical engineering' });
    expect(rows.find((r) => r.Serial === 'NK-5501')).toMatchObject({ Manufacturer: 'Nihon Kohden', Location: "'=cmd|' /C calc'!A0", 'Clinical criticality': 'high', 'Patient connected': 'yes' });
  });

  it('exits 2 with the precise problem for a file without the required columns, a bad cell, a binary file and an unknown mapping; nothing changes', async () => {
    const headers = await runCli(['fleet', 'import', file('bad-headers.csv', 'Maker,Kind,Tag\nGE,B650,X1\n'), '--org', 'mercy-general'], target.env);
    expect(headers.code).toBe(2);
    expect(headers.stderr.split('\n')[0]).toBe('vigil: Missing required columns: manufacturer, model, serial. The file\'s columns are: Maker, Kind, Tag.');
    expect(headers.stderr).toContain('/mapping/serial: required column serial is not mapped');

    const cell = await runCli(['fleet', 'import', file('bad-cell.csv', 'Manufacturer,Model,Serial,VLAN\nGE,B650,X1,20\nGE,B650,X2,9999\n'), '--org', 'mercy-general'], target.env);
    expect(cell.code).toBe(2);
    expect(cell.stderr.split('\n')[0]).toBe('vigil: The file has invalid cells; nothing was imported. First: line 3, vlan "9999" is not a VLAN id (1–4094).');
    expect(cell.stderr).toContain('/file/line/3/VLAN: vlan "9999" is not a VLAN id (1–4094)');

    const binary = await runCli(['fleet', 'import', file('utf16.csv', Buffer.from('Manufacturer,Model,Serial\n', 'utf16le')), '--org', 'mercy-general'], target.env);
    expect([binary.code, binary.stderr.trim()]).toEqual([2, 'vigil: The file holds NUL bytes: it is binary or UTF-16 without a byte-order mark. Save it as CSV (UTF-8) or XLSX.']);

    const mapping = await runCli(['fleet', 'import', file('ok.csv', 'Manufacturer,Model,Serial\nGE,B650,X3\n'), '--org', 'mercy-general', '--mapping', 'nope'], target.env);
    expect([mapping.code, mapping.stderr.trim()]).toEqual([2, 'vigil: No such column mapping "nope".']);

    const org = await runCli(['fleet', 'export', '--org', 'nobody'], target.env);
    expect([org.code, org.stderr.trim()]).toEqual([2, 'vigil: No organization with slug "nobody".']);

    expect(await exportRows('unchanged.csv')).toHaveLength(41);
  });

  it('loads the demo again without adding or resetting a device', async () => {
    const demo = await runCli(['demo'], target.env, 120_000);
    expect(demo.code, demo.stderr).toBe(0);
    const rows = await exportRows('demo-again.csv');
    expect(rows).toHaveLength(41);
    expect(rows.find((r) => r.Serial === 'IS3K-19-04417')?.['Software version']).toBe('3.1.4');
  }, 180_000);
});
