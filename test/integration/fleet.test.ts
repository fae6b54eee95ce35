import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * The hospital fleet through the API: CSV and XLSX imports with suggested and saved column
 * mappings, dedupe on manufacturer + serial, re-import updates, every kind of bad file (missing
 * columns, bad cells, encodings, a million rows) refused whole with nothing written, manual
 * add, edit, bulk edit, tenant isolation and the CSV export's formula-injection guard.
 */

type Caller = { bearer: string };
let t: TestVigil;
let org: TestOrg;
let other: TestOrg;
const as = {} as Record<'analyst' | 'viewer' | 'otherAnalyst', Caller>;

interface Asset { id: string; manufacturer: string; model: string; serial: string; softwareVersion: string | null; location: string | null; department: string | null; vlan: number | null; ip: string | null; mac: string | null; clinicalCriticality: string | null; patientConnected: boolean; purchasedOn: string | null; installedOn: string | null; owner: string | null; archived: boolean }
interface ImportResult { runId: string; format: string; encoding: string | null; rows: number; created: number; updated: number; unchanged: number; duplicates: { line: number; keptLine: number; serial: string }[]; mapping: Record<string, string> }

const CSV_TYPE = { 'content-type': 'text/csv' };
const XLSX_TYPE = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

async function upload(url: string, body: Buffer | string, caller: Caller = as.analyst, headers: Record<string, string> = CSV_TYPE) {
  const res = await t.api('POST', url, { as: caller, body, headers });
  return { status: res.status, body: res.body ? (JSON.parse(res.body) as ImportResult & Record<string, unknown>) : ({} as never), headers: res.headers };
}
const get = async <T>(url: string, caller: Caller = as.viewer) => {
  const res = await t.api('GET', url, { as: caller });
  return { status: res.status, body: JSON.parse(res.body) as T, raw: res.body };
};
const assetCount = async (orgId = org.id) => Number((await t.db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n);
const bySerial = async (serial: string) => t.db.selectFrom('assets').selectAll().where('org_id', '=', org.id).where('serial', '=', serial).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('mercy-fleet', 'healthcare_provider');
  other = await t.seedOrg('other-fleet', 'healthcare_provider');
  as.analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  as.viewer = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'viewer', role: 'viewer', expiresInDays: 1 })).secret };
  as.otherAnalyst = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'other', role: 'analyst', expiresInDays: 1 })).secret };
});
afterAll(() => t.close());

const CMMS = [
  'Manufacturer,Model,Serial Number,SW Version,Location,Dept,VLAN,IP Address,MAC Address,Criticality,Patient Connected,Owner,Purchase Date,Install Date',
  'Medivance,InfuSafe 300,IS-0001,2.8.1,ICU Bed 4,ICU,VLAN 20,10.20.0.14,00-1A-2B-3C-4D-5E,Life-sustaining,yes,Biomed Team,3/15/2019,2019-04-01',
  'Medivance,InfuSafe 300,IS-0002,2.8.1,ICU Bed 5,ICU,20,10.20.0.15,001a.2b3c.4d5f,high,Y,Biomed Team,15.03.2019,',
  'CardioWorks,CardioWatch Gateway,CW-77,4.6.0,Server room B,Cardiology,,10.30.0.2,,medium,no,IT,,',
].join('\r\n');

describe('CSV import', () => {
  it('imports with the mapping suggested from the headers and normalises values', async () => {
    const res = await upload('/api/v1/assets/import?fileName=cmms.csv', CMMS);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', encoding: 'utf-8', rows: 3, created: 3, updated: 0, unchanged: 0, duplicates: [] });
    expect(res.body.mapping).toMatchObject({ serial: 'Serial Number', softwareVersion: 'SW Version', department: 'Dept', clinicalCriticality: 'Criticality' });
    const pump = await bySerial('IS-0001');
    expect(pump).toMatchObject({ manufacturer: 'Medivance', vlan: 20, ip: '10.20.0.14', mac: '00:1a:2b:3c:4d:5e', clinical_criticality: 'critical', patient_connected: true, purchased_on: '2019-03-15', installed_on: '2019-04-01', last_import_id: res.body.runId });
    // Dotted dates are day.month.year; the Cisco-dotted MAC is normalised too.
    expect(await bySerial('IS-0002')).toMatchObject({ purchased_on: '2019-03-15', mac: '00:1a:2b:3c:4d:5f', installed_on: null });
    expect(await bySerial('CW-77')).toMatchObject({ vlan: null, patient_connected: false, clinical_criticality: 'medium' });
    const audit = await t.db.selectFrom('audit_events').select(['action', 'summary']).where('target_id', '=', res.body.runId).execute();
    expect(audit).toEqual([{ action: 'fleet.import', summary: expect.objectContaining({ rows: 3, created: 3 }) }]);
  });

  it('re-imports: changed rows update, identical rows stay untouched, unmapped fields are kept', async () => {
    const before = await bySerial('CW-77');
    // Only four columns this time: the owner, IP, dates… of existing assets must survive.
    const file = ['manufacturer,model,serial,location', 'MEDIVANCE,InfuSafe 300,IS-0001,ICU Bed 9', 'Medivance,InfuSafe 300,IS-0002,ICU Bed 5', 'CardioWorks,CardioWatch Gateway,CW-77,Server room B', 'CardioWorks,CardioWatch Gateway,CW-78,Server room B'].join('\n');
    const res = await upload('/api/v1/assets/import?fileName=partial.csv', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The manufacturer matches case-insensitively: IS-0001 is updated (location and spelling), not duplicated.
    expect(res.body).toMatchObject({ rows: 4, created: 1, updated: 1, unchanged: 2 });
    expect(await bySerial('IS-0001')).toMatchObject({ manufacturer: 'MEDIVANCE', location: 'ICU Bed 9', owner: 'Biomed Team', ip: '10.20.0.14', purchased_on: '2019-03-15' });
    expect((await bySerial('CW-77')).updated_at).toEqual(before.updated_at);
    expect(await assetCount()).toBe(4);
  });

  it('collapses rows of the same device in one file: the last line wins and is reported', async () => {
    const file = ['Manufacturer,Model,Serial,Location', 'Medivance,InfuSafe 300,IS-0100,Ward 1', 'Medivance,InfuSafe 300,IS-0101,Ward 1', 'medivance,InfuSafe 300,IS-0100,Ward 2'].join('\n');
    const res = await upload('/api/v1/assets/import?fileName=dups.csv', file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 3, created: 2, duplicates: [{ line: 2, keptLine: 4, manufacturer: 'medivance', serial: 'IS-0100' }] });
    expect(await bySerial('IS-0100')).toMatchObject({ location: 'Ward 2' });
    const runs = await get<{ items: { id: string; duplicates: number; errors: { row: number; message: string }[] }[] }>('/api/v1/asset-imports');
    expect(runs.body.items[0]).toMatchObject({ id: res.body.runId, duplicates: 1, errors: [{ row: 2, message: expect.stringContaining('line 4 wins') }] });
  });

  it('reads semicolon-separated files (European Excel)', async () => {
    const res = await upload('/api/v1/assets/import?fileName=eu.csv', 'Hersteller;Model;Serial;Department\nDräger;Evita V500;EV-1;ICU\n', as.analyst);
    // "Hersteller" is no known header: manufacturer is unmapped, so the file is refused, naming it.
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'https://vigil.dev/problems/missing-columns', missing: ['manufacturer'] });
    const ok = await upload('/api/v1/assets/import?fileName=eu.csv', 'Manufacturer;Model;Serial;Department\nDräger;Evita V500;EV-1;ICU\n');
    expect(ok.status).toBe(200);
    expect(await bySerial('EV-1')).toMatchObject({ manufacturer: 'Dräger', department: 'ICU' });
  });
});

describe('saved column mappings', () => {
  const NUVOLO = 'Equip Maker,Equip Model,Asset Tag,Unit\nPhilips,IntelliVue MX450,PH-9,ED\n';
  it('previews a file with its suggested mapping, saves a mapping and imports with it by name', async () => {
    const preview = await upload('/api/v1/assets/import/preview', NUVOLO, as.viewer);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ format: 'csv', headers: ['Equip Maker', 'Equip Model', 'Asset Tag', 'Unit'], sample: [['Philips', 'IntelliVue MX450', 'PH-9', 'ED']], rows: 1, suggested: { department: 'Unit' }, saved: null });
    const put = await t.api('PUT', '/api/v1/asset-mappings/Nuvolo%20export', { as: as.analyst, body: { mapping: { manufacturer: 'Equip Maker', model: 'Equip Model', serial: 'Asset Tag', department: 'Unit' } } });
    expect(put.status, put.body).toBe(200);
    const again = await upload('/api/v1/assets/import/preview?mapping=nuvolo%20EXPORT', NUVOLO, as.viewer);
    expect(again.body).toMatchObject({ saved: { name: 'Nuvolo export', mapping: { serial: 'Asset Tag' } } });
    const res = await upload('/api/v1/assets/import?fileName=nuvolo.csv&mapping=Nuvolo%20export', NUVOLO);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 1 });
    expect(await bySerial('PH-9')).toMatchObject({ manufacturer: 'Philips', department: 'ED' });
  });

  it('refuses an unknown mapping name (404) and a mapping with unknown fields (400)', async () => {
    expect((await upload('/api/v1/assets/import?mapping=nope', NUVOLO)).status).toBe(404);
    const bad = await t.api('PUT', '/api/v1/asset-mappings/bad', { as: as.analyst, body: { mapping: { colour: 'Colour' } } });
    expect(bad.status).toBe(400);
    expect((await t.api('PUT', '/api/v1/asset-mappings/x', { as: as.viewer, body: { mapping: { serial: 'S' } } })).status).toBe(403);
  });

  it('imports with an explicit mapping from the mapping screen (columns=JSON) and saves it under a name', async () => {
    const file = 'Maker,Kind,Tag,Ward\nBaxter,Sigma Spectrum,SP-77,Ward 4\n';
    const columns = encodeURIComponent(JSON.stringify({ manufacturer: 'Maker', model: 'Kind', serial: 'Tag', department: 'Ward' }));
    const res = await upload(`/api/v1/assets/import?fileName=x.csv&columns=${columns}&saveMappingAs=Screen%20mapping`, file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 1, mapping: { model: 'Kind', serial: 'Tag' } });
    expect(await bySerial('SP-77')).toMatchObject({ manufacturer: 'Baxter', model: 'Sigma Spectrum', department: 'Ward 4' });
    const saved = await get<{ items: { name: string; mapping: Record<string, string> }[] }>('/api/v1/asset-mappings');
    expect(saved.body.items.find((m) => m.name === 'Screen mapping')?.mapping).toEqual({ manufacturer: 'Maker', model: 'Kind', serial: 'Tag', department: 'Ward' });
    // Cells the array literal must escape reach the table unchanged.
    const tricky = await upload('/api/v1/assets/import?fileName=t.csv', 'Manufacturer,Model,Serial,Location,Owner\n"Baxter","Sigma ""Spectrum""",SP-78,"C:\\ward {4}, bed 2",NULL\n');
    expect(tricky.status, JSON.stringify(tricky.body)).toBe(200);
    expect(await bySerial('SP-78')).toMatchObject({ model: 'Sigma "Spectrum"', location: 'C:\\ward {4}, bed 2', owner: 'NULL' });
    const notJson = await upload(`/api/v1/assets/import?columns=${encodeURIComponent('{serial:')}`, file);
    expect([notJson.status, notJson.body.detail]).toEqual([400, 'columns is not JSON: send an object of asset field → column header.']);
    const unknown = await upload(`/api/v1/assets/import?columns=${encodeURIComponent('{"colour":"Ward"}')}`, file);
    expect(unknown.status).toBe(400);
    expect(String(unknown.body.detail)).toMatch(/^Unknown asset fields in the mapping: colour\./);
  });
});

describe('bad files', () => {
  it('names every missing required column (422) and writes nothing', async () => {
    const before = await assetCount();
    const res = await upload('/api/v1/assets/import?fileName=nomodel.csv', 'Vendor,Location\nAcme,Ward 3\n');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ missing: ['model', 'serial'], headers: ['Vendor', 'Location'] });
    expect(res.body.detail).toBe('Missing required columns: model, serial. The file\'s columns are: Vendor, Location.');
    expect(await assetCount()).toBe(before);
  });

  it('refuses a file with bad cells whole, listing each by line and column, and records the rejected run', async () => {
    const before = await assetCount();
    const file = ['Manufacturer,Model,Serial,VLAN,MAC,Purchase date,Criticality', 'Acme,M1,A-1,20,,2020-01-01,high', 'Acme,M1,A-2,5000,zz:zz,2020-02-30,', 'Acme,M1,,20,,,urgent'].join('\n');
    const res = await upload('/api/v1/assets/import?fileName=bad.csv', file);
    expect(res.status).toBe(422);
    const errors = (res.body as unknown as { errors: { pointer: string; message: string }[] }).errors;
    expect(errors).toEqual([
      { pointer: '/file/line/3/VLAN', message: 'vlan "5000" is not a VLAN id (1–4094)' },
      { pointer: '/file/line/3/MAC', message: 'mac "zz:zz" is not a MAC address' },
      { pointer: '/file/line/3/Purchase date', message: 'purchasedOn "2020-02-30" is not a real calendar date' },
      { pointer: '/file/line/4/Serial', message: 'serial is required' },
      { pointer: '/file/line/4/Criticality', message: 'clinicalCriticality "urgent" is not a criticality (low, medium, high, critical)' },
    ]);
    expect(await assetCount()).toBe(before);
    const run = await t.db.selectFrom('asset_import_runs').selectAll().where('id', '=', res.body.runId as string).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'rejected', rows_total: 3, created_count: 0 });
  });

  it('reads UTF-8 with BOM, UTF-16LE/BE with BOM and Windows-1252; refuses UTF-16 without BOM', async () => {
    const text = 'Manufacturer,Model,Serial,Location\nSchüller Médical,Défi 2,ENC-{n},Salle d’urgence\n';
    const cases: [string, Buffer, string][] = [
      ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('{n}', '1'), 'utf8')]), '1'],
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('{n}', '2'), 'utf16le')]), '2'],
      ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text.replace('{n}', '3'), 'utf16le').swap16()]), '3'],
      // Windows-1252: ü = FC, é = E9, ’ = 92 (0x92 is a control character in Latin-1, not a quote).
      ['windows-1252', Buffer.from([...Buffer.from('Manufacturer,Model,Serial,Location\nSch', 'latin1'), 0xfc, ...Buffer.from('ller M', 'latin1'), 0xe9, ...Buffer.from('dical,D', 'latin1'), 0xe9, ...Buffer.from('fi 2,ENC-4,Salle d', 'latin1'), 0x92, ...Buffer.from('urgence\n', 'latin1')]), '4'],
    ];
    for (const [encoding, bytes, n] of cases) {
      const res = await upload(`/api/v1/assets/import?fileName=enc-${encoding}.csv`, bytes);
      expect(res.status, `${encoding}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.encoding).toBe(encoding);
      expect(await bySerial(`ENC-${n}`)).toMatchObject({ manufacturer: 'Schüller Médical', model: 'Défi 2', location: 'Salle d’urgence' });
    }
    const noBom = await upload('/api/v1/assets/import?fileName=utf16.csv', Buffer.from(text.replace('{n}', '5'), 'utf16le'));
    expect(noBom.status).toBe(415);
    expect(noBom.body).toMatchObject({ type: 'https://vigil.dev/problems/unsupported-encoding' });
  });

  it('refuses a 1,000,000-row file with 413 at the row limit, writing nothing', async () => {
    const before = await assetCount();
    const lines = ['Manufacturer,Model,Serial'];
    for (let i = 0; i < 1_000_000; i++) lines.push(`Acme,M,${i}`);
    const body = Buffer.from(lines.join('\n'));
    expect(body.length).toBeGreaterThan(10_000_000);
    const res = await upload('/api/v1/assets/import?fileName=huge.csv', body);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: 'https://vigil.dev/problems/too-many-rows', maxRows: 200_000 });
    expect(await assetCount()).toBe(before);
  }, 60_000);

  it('refuses an empty file, a header-only file is a no-op, and a broken XLSX is 422', async () => {
    expect((await upload('/api/v1/assets/import', '')).status).toBe(422);
    const headerOnly = await upload('/api/v1/assets/import', 'Manufacturer,Model,Serial\n');
    expect(headerOnly.body).toMatchObject({ rows: 0, created: 0 });
    const broken = await upload('/api/v1/assets/import', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]), as.analyst, XLSX_TYPE);
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({ type: 'https://vigil.dev/problems/malformed-xlsx' });
  });

  it('is refused to a viewer (403)', async () => {
    expect((await upload('/api/v1/assets/import', CMMS, as.viewer)).status).toBe(403);
  });
});

describe('XLSX import', () => {
  it('reads the first worksheet, with date cells, numeric serials and formula results', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Assets');
    ws.addRow(['Manufacturer', 'Model', 'Serial', 'Install date', 'VLAN', 'Patient connected', 'Department']);
    ws.addRow(['GE Healthcare', 'CARESCAPE B650', 100234, new Date(Date.UTC(2021, 5, 30)), 30, true, { formula: 'UPPER("icu")', result: 'ICU' }]);
    ws.addRow([]);
    ws.addRow(['GE Healthcare', { richText: [{ text: 'CARESCAPE ' }, { text: 'B450' }] }, 'B450-7', '2022-01-10', 31, 'no', 'PACU']);
    wb.addWorksheet('Other').addRow(['ignored']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('/api/v1/assets/import?fileName=fleet.xlsx', bytes, as.analyst, XLSX_TYPE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', encoding: null, rows: 2, created: 2 });
    expect(await bySerial('100234')).toMatchObject({ model: 'CARESCAPE B650', installed_on: '2021-06-30', vlan: 30, patient_connected: true, department: 'ICU' });
    expect(await bySerial('B450-7')).toMatchObject({ model: 'CARESCAPE B450', installed_on: '2022-01-10', patient_connected: false });
  });
});

describe('manual add, edit, bulk edit and isolation', () => {
  let id = '';
  it('adds an asset by hand; the same manufacturer (any case) and serial again is a 409', async () => {
    const res = await t.api('POST', '/api/v1/assets', { as: as.analyst, body: { manufacturer: 'Baxter', model: 'Sigma Spectrum', serial: 'BX-1', mac: 'AA:BB:CC:00:11:22', clinicalCriticality: 'high', patientConnected: true, department: 'Oncology' } });
    expect(res.status, res.body).toBe(201);
    id = res.json<Asset>().id;
    expect(res.json<Asset>()).toMatchObject({ mac: 'aa:bb:cc:00:11:22', archived: false });
    const dup = await t.api('POST', '/api/v1/assets', { as: as.analyst, body: { manufacturer: 'BAXTER', model: 'Other', serial: 'BX-1' } });
    expect(dup.status).toBe(409);
    const bad = await t.api('POST', '/api/v1/assets', { as: as.analyst, body: { manufacturer: 'Baxter', model: 'X', serial: 'BX-2', ip: '999.1.1.1' } });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ pointer: '/body/ip', message: 'ip "999.1.1.1" is not an IPv4 or IPv6 address' }] });
  });

  it('edits one asset and archives it out of the default list', async () => {
    const res = await t.api('PATCH', `/api/v1/assets/${id}`, { as: as.analyst, body: { location: 'Infusion center', softwareVersion: '8.01' } });
    expect(res.status, res.body).toBe(200);
    expect(res.json<Asset>()).toMatchObject({ location: 'Infusion center', softwareVersion: '8.01' });
    const audit = await t.db.selectFrom('audit_events').select(['action', 'summary']).where('target_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['fleet.asset.create', 'fleet.asset.update']);
    expect(audit[1]!.summary).toEqual({ location: { before: null, after: 'Infusion center' }, softwareVersion: { before: null, after: '8.01' } });
  });

  it('bulk-edits many assets at once, refusing the whole batch if one id is not the caller’s', async () => {
    const ids = [(await bySerial('IS-0001')).id, (await bySerial('IS-0002')).id];
    const res = await t.api('POST', '/api/v1/assets/bulk', { as: as.analyst, body: { ids, set: { networkZone: 'Clinical-Infusion', vlan: 21 } } });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    expect(await bySerial('IS-0002')).toMatchObject({ network_zone: 'Clinical-Infusion', vlan: 21 });
    const foreign = await t.api('POST', '/api/v1/assets', { as: as.otherAnalyst, body: { manufacturer: 'Baxter', model: 'Sigma Spectrum', serial: 'BX-1' } });
    expect(foreign.status).toBe(201);
    const otherId = foreign.json<Asset>().id;
    const mixed = await t.api('POST', '/api/v1/assets/bulk', { as: as.analyst, body: { ids: [...ids, otherId], set: { vlan: 99 } } });
    expect(mixed.status).toBe(404);
    expect((await bySerial('IS-0002')).vlan).toBe(21);
    // Another organization's asset is a 404 like a missing one.
    expect((await t.api('GET', `/api/v1/assets/${otherId}`, { as: as.viewer })).status).toBe(404);
    expect((await t.api('PATCH', `/api/v1/assets/${otherId}`, { as: as.analyst, body: { location: 'x' } })).status).toBe(404);
    // The same serial at another hospital is a different device.
    expect(await assetCount(other.id)).toBe(1);
  });

  it('lists with filters and pages', async () => {
    const icu = await get<{ items: Asset[] }>('/api/v1/assets?department=ICU');
    expect(icu.body.items.map((a) => a.serial).sort()).toEqual(['100234', 'EV-1', 'IS-0001', 'IS-0002']);
    const pc = await get<{ items: Asset[] }>('/api/v1/assets?patientConnected=true&criticality=critical');
    expect(pc.body.items.map((a) => a.serial)).toEqual(['IS-0001']);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Asset[]; nextCursor: string | null } } = await get(`/api/v1/assets?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(await assetCount());
    const summary = await get<{ total: number; patientConnected: number }>('/api/v1/assets/summary');
    expect(summary.body).toMatchObject({ total: await assetCount(), patientConnected: 4 });
  });
});

describe('CSV export', () => {
  it('neutralises formula cells and re-imports without a mapping', async () => {
    const evil = await t.api('POST', '/api/v1/assets', { as: as.analyst, body: { manufacturer: 'Evil', model: 'Injector', serial: 'EVIL-1', location: "=cmd|' /C calc'!A0", owner: '+1-555', department: 'Quarantine' } });
    expect(evil.status, evil.body).toBe(201);
    const res = await t.api('GET', '/api/v1/assets.csv', { as: as.viewer });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.Serial === 'EVIL-1')!;
    expect(row.Location).toBe("'=cmd|' /C calc'!A0");
    expect(row.Owner).toBe("'+1-555");
    expect(rows.find((r) => r.Serial === 'IS-0001')).toMatchObject({ Manufacturer: 'MEDIVANCE', 'MAC address': '00:1a:2b:3c:4d:5e', 'Clinical criticality': 'critical', 'Patient connected': 'yes', 'Purchase date': '2019-03-15' });
    // The export of the ICU re-imports as is: every row unchanged.
    const icu = await t.api('GET', '/api/v1/assets.csv?department=ICU', { as: as.viewer });
    const again = await upload('/api/v1/assets/import?fileName=roundtrip.csv', icu.body);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4, encoding: 'utf-8-bom' });
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyChain(t.db, org.id)).ok).toBe(true);
  });
});
