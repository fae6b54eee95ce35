import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * MDS2 statements: an XLSX export shaped like the 2019 form (title rows, section heading
 * rows, question id / question / answer / note columns) and a CSV, form entry, replacement of
 * the same model/version, the comparison that flags lost security capabilities, bad answers
 * refused whole, and tenant isolation.
 */
let t: TestVigil;
const as = {} as Record<'analyst' | 'viewer' | 'other', { bearer: string }>;
interface Statement { id: string; manufacturer: string; model: string; modelVersion: string; statementDate: string | null; source: string; answers: Record<string, { answer: string | null; note?: string }>; sections: { code: string; yes: number; no: number; total: number }[] }

beforeAll(async () => {
  t = await startTestVigil();
  const org = await t.seedOrg('mds2-hospital', 'healthcare_provider');
  const other = await t.seedOrg('mds2-other', 'healthcare_provider');
  as.analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'a', role: 'analyst', expiresInDays: 1 })).secret };
  as.viewer = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'v', role: 'viewer', expiresInDays: 1 })).secret };
  as.other = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'o', role: 'analyst', expiresInDays: 1 })).secret };
});
afterAll(() => t.close());

/** The 2019 layout: two title rows, a header, section headings between the questions. */
async function mds2Xlsx(answers: Record<string, string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('MDS2');
  ws.addRow(['Manufacturer Disclosure Statement for Medical Device Security – MDS2']);
  ws.addRow(['']);
  ws.addRow(['Question ID', 'Question', 'See note', 'Answer', 'Note']);
  ws.addRow(['', 'DOCUMENT INFORMATION']);
  ws.addRow(['DOC-1', 'Manufacturer Name', '', 'Medivance']);
  ws.addRow(['DOC-3', 'Device Model', '', 'InfuSafe 300']);
  ws.addRow(['DOC-7', 'Document Release Date', '', new Date(Date.UTC(2023, 4, 2))]);
  ws.addRow(['', 'AUTOMATIC LOGOFF (ALOF)']);
  for (const [id, answer] of Object.entries(answers)) ws.addRow([id, `question ${id}`, '', answer, id === 'TXCF-2' ? 'TLS 1.2 on the HL7 interface' : '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
let v28 = '';
let v30 = '';

describe('MDS2', () => {
  it('imports the 2019 spreadsheet export, taking manufacturer, model and date from the DOC rows', async () => {
    const bytes = await mds2Xlsx({ 'ALOF-1': 'Yes', 'AUTH-1': 'Yes', 'AUTH-2': 'No', 'MLDP-1': 'Yes', 'MLDP-2': 'Yes', 'TXCF-2': 'Yes', 'SBOM-1': 'N/A', 'PAUT-1': '' });
    const res = await t.api('POST', '/api/v1/mds2/import?fileName=infusafe-2.8.xlsx&modelVersion=2.8', { as: as.analyst, body: bytes, headers: XLSX });
    expect(res.status, res.body).toBe(201);
    const s = res.json<{ statement: Statement }>().statement;
    v28 = s.id;
    expect(s).toMatchObject({ manufacturer: 'Medivance', model: 'InfuSafe 300', modelVersion: '2.8', statementDate: '2023-05-02', source: 'import' });
    expect(s.answers['TXCF-2']).toEqual({ answer: 'yes', question: 'question TXCF-2', note: 'TLS 1.2 on the HL7 interface' });
    expect(s.answers['PAUT-1']).toEqual({ answer: null, question: 'question PAUT-1' });
    expect(s.answers['DOC-1']).toMatchObject({ answer: null, note: 'Medivance' });
    expect(s.sections.find((x) => x.code === 'AUTH')).toMatchObject({ yes: 1, no: 1, total: 2 });
    const audit = await t.db.selectFrom('audit_events').select('action').where('target_id', '=', v28).execute();
    expect(audit.map((a) => a.action)).toEqual(['mds2.create']);
  });

  it('enters a statement by form and replaces it on a second save of the same model/version', async () => {
    const body = { manufacturer: 'medivance', model: 'infusafe 300', modelVersion: '3.0', statementDate: '2025-01-15', answers: { 'ALOF-1': { answer: 'yes' }, 'AUTH-1': { answer: 'no' }, 'MLDP-1': { answer: 'no' }, 'MLDP-2': { answer: 'n/a' }, 'SBOM-1': { answer: 'yes' } } };
    const first = await t.api('POST', '/api/v1/mds2', { as: as.analyst, body });
    expect(first.status, first.body).toBe(201);
    v30 = first.json<{ statement: Statement }>().statement.id;
    const again = await t.api('POST', '/api/v1/mds2', { as: as.analyst, body: { ...body, answers: { ...body.answers, 'TXCF-2': { answer: 'no', note: 'plain HL7 over MLLP' } } } });
    expect(again.status).toBe(200);
    expect(again.json<{ statement: Statement }>().statement.id).toBe(v30);
    expect((await t.api('GET', '/api/v1/mds2', { as: as.viewer })).json<{ items: unknown[] }>().items).toHaveLength(2);
  });

  it('flags the security capabilities the newer statement lacks, ignoring questions where yes is no capability', async () => {
    const res = await t.api('GET', `/api/v1/mds2/compare?a=${v28}&b=${v30}`, { as: as.viewer });
    expect(res.status, res.body).toBe(200);
    const cmp = res.json<{ lost: { id: string; other: string | null }[]; gained: { id: string }[]; changed: { id: string }[] }>();
    // AUTH-1 yes → no, MLDP-2 yes → N/A, TXCF-2 yes → no; MLDP-1 (hosts executable software) is not a capability.
    expect(cmp.lost.map((g) => [g.id, g.other])).toEqual([['AUTH-1', 'no'], ['MLDP-2', 'n/a'], ['TXCF-2', 'no']]);
    expect(cmp.gained.map((g) => g.id)).toEqual(['SBOM-1']);
    // AUTH-2 (no → missing) and PAUT-1 (blank → missing) changed without a capability lost.
    expect(cmp.changed.map((c) => c.id)).toEqual(['AUTH-2', 'PAUT-1']);
  });

  it('reads a CSV export and refuses answers that are not Yes/No/N/A, writing nothing', async () => {
    const csv = 'Question ID,Question,Answer,Note\nDOC-1,Manufacturer Name,CardioWorks,\nDOC-3,Device Model,CardioWatch Gateway,\nAUTH-1,login,Yes,\nAUDT-1,logs,Sometimes,\n';
    const bad = await t.api('POST', '/api/v1/mds2/import', { as: as.analyst, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(bad.status).toBe(422);
    expect(bad.json()).toMatchObject({ errors: [{ pointer: '/file/row/5', message: 'AUDT-1: answer "Sometimes" is not Yes, No or N/A' }] });
    const ok = await t.api('POST', '/api/v1/mds2/import', { as: as.analyst, body: csv.replace('Sometimes', 'no'), headers: { 'content-type': 'text/csv' } });
    expect(ok.status, ok.body).toBe(201);
    expect(ok.json<{ statement: Statement }>().statement).toMatchObject({ manufacturer: 'CardioWorks', model: 'CardioWatch Gateway', modelVersion: '' });
    const noHeader = await t.api('POST', '/api/v1/mds2/import', { as: as.analyst, body: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv' } });
    expect(noHeader.status).toBe(422);
    const badId = await t.api('POST', '/api/v1/mds2', { as: as.analyst, body: { manufacturer: 'x', model: 'y', answers: { 'FOO-1': { answer: 'yes' } } } });
    expect(badId.status).toBe(400);
  });

  it('keeps statements to their organization and to writers', async () => {
    expect((await t.api('GET', `/api/v1/mds2/${v28}`, { as: as.other })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/mds2/compare?a=${v28}&b=${v30}`, { as: as.other })).status).toBe(404);
    expect((await t.api('DELETE', `/api/v1/mds2/${v28}`, { as: as.other })).status).toBe(404);
    expect((await t.api('POST', '/api/v1/mds2', { as: as.viewer, body: { manufacturer: 'x', model: 'y', answers: {} } })).status).toBe(403);
    expect((await t.api('DELETE', `/api/v1/mds2/${v30}`, { as: as.analyst })).status).toBe(204);
  });
});
