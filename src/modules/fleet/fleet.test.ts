import { describe, expect, it } from 'vitest';
import { FieldError, normaliseMac, parseDate, parseField, suggestMapping } from './fields.js';
import { arrayLiteral } from './import.js';
import { prepareRows, resolveColumns } from './mapping.js';
import { cellText, decodeText, decodeWindows1252, detectDelimiter } from './table.js';

describe('asset fields', () => {
  it('reads ISO, US slashed and European dotted dates, refusing impossible ones', () => {
    expect(parseDate('2021-03-04')).toBe('2021-03-04');
    expect(parseDate('2021-03-04T10:00:00Z')).toBe('2021-03-04');
    expect(parseDate('3/4/2021')).toBe('2021-03-04');
    expect(parseDate('04.03.2021')).toBe('2021-03-04');
    expect(() => parseDate('2021-02-29')).toThrow(FieldError);
    expect(() => parseDate('13/1/2021')).toThrow('not a real calendar date');
    expect(() => parseDate('March 4')).toThrow(FieldError);
  });

  it('normalises MAC notations and refuses non-MACs', () => {
    for (const mac of ['00:1A:2B:3C:4D:5E', '00-1a-2b-3c-4d-5e', '001a.2b3c.4d5e', '001A2B3C4D5E']) expect(normaliseMac(mac)).toBe('00:1a:2b:3c:4d:5e');
    expect(() => normaliseMac('00:1a:2b:3c:4d')).toThrow(FieldError);
  });

  it('parses VLANs, IPs, criticality words and yes/no', () => {
    expect(parseField('vlan', 'VLAN 120')).toBe(120);
    expect(() => parseField('vlan', '0')).toThrow(FieldError);
    expect(parseField('ip', 'FE80::1')).toBe('fe80::1');
    expect(() => parseField('ip', '10.0.0.256')).toThrow(FieldError);
    expect(parseField('clinicalCriticality', 'Life sustaining')).toBe('critical');
    expect(parseField('clinicalCriticality', ' Moderate ')).toBe('medium');
    expect(parseField('patientConnected', '')).toBe(false);
    expect(parseField('patientConnected', 'X')).toBe(true);
    expect(() => parseField('patientConnected', 'maybe')).toThrow(FieldError);
    expect(() => parseField('serial', '  ')).toThrow('is required');
  });

  it('suggests a mapping from common CMMS headers and from its own export headers', () => {
    expect(suggestMapping(['Mfr', 'Model No.', 'S/N', 'IP Address', 'In-Service Date', 'Colour'])).toEqual({ manufacturer: 'Mfr', model: 'Model No.', serial: 'S/N', ip: 'IP Address', installedOn: 'In-Service Date' });
    expect(suggestMapping(['Manufacturer', 'Model', 'Serial', 'MAC address', 'Purchase date'])).toMatchObject({ mac: 'MAC address', purchasedOn: 'Purchase date' });
  });
});

describe('mapping and rows', () => {
  const table = (rows: string[][]) => ({ format: 'csv' as const, encoding: 'utf-8', headers: ['Make', 'Model', 'SN', 'Zone'], rows });
  it('names every missing required field and unknown mapped header', () => {
    expect(() => resolveColumns(['Make', 'Zone'], { manufacturer: 'Make', serial: 'Serial' })).toThrow('Missing required columns: model, serial.');
    expect(resolveColumns(['make ', 'Model', 'SN'], { manufacturer: 'Make', model: 'Model', serial: 'sn' })).toEqual([['manufacturer', 0], ['model', 1], ['serial', 2]]);
  });

  it('keeps the last line of a device, case-insensitive on the manufacturer', () => {
    const p = prepareRows(table([['Acme', 'M', '1', 'A'], ['ACME', 'M', '1', 'B'], ['Acme', 'M', '2', 'C']]), { manufacturer: 'Make', model: 'Model', serial: 'SN', networkZone: 'Zone' });
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => [r.line, r.values.networkZone])).toEqual([[3, 'B'], [4, 'C']]);
    expect(p.duplicates).toEqual([{ line: 2, keptLine: 3, manufacturer: 'ACME', serial: '1' }]);
  });

  it('caps the listed errors at 100 and says how many more there are', () => {
    const rows = Array.from({ length: 150 }, (_, i) => ['Acme', 'M', '', String(i)]);
    const p = prepareRows(table(rows), { manufacturer: 'Make', model: 'Model', serial: 'SN' });
    expect(p.errors).toHaveLength(101);
    expect(p.errors[100]).toEqual({ row: null, column: null, message: '50 more errors not listed' });
  });
});

describe('table reading', () => {
  it('detects encodings by BOM, then UTF-8 validity, then Windows-1252', () => {
    expect(decodeText(Buffer.from('a,b')).encoding).toBe('utf-8');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61])).text).toBe('a');
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0x00])).text).toBe('a');
    expect(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x61])).text).toBe('a');
    expect(decodeText(Buffer.from([0x80, 0x20, 0xe9])).text).toBe('€ é');
    expect(() => decodeText(Buffer.from([0x61, 0x00]))).toThrow('NUL bytes');
    expect(decodeWindows1252(Buffer.from([0x93, 0x94, 0x81]))).toBe('“”\ufffd');
  });

  it('picks the delimiter the header uses most', () => {
    expect(detectDelimiter('a;b;c\n1,2;3')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a,b')).toBe(',');
  });

  it('turns XLSX cell values into text', () => {
    expect(cellText(new Date(Date.UTC(2020, 0, 2)))).toBe('2020-01-02');
    expect(cellText({ formula: 'A1', result: 7 })).toBe('7');
    expect(cellText({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab');
    expect(cellText({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(cellText(undefined)).toBe('');
  });
});

describe('arrayLiteral (the upsert sends each column as one PostgreSQL array)', () => {
  it('quotes every value, escapes backslash and quote, and writes null as NULL', () => {
    expect(arrayLiteral(['a', 'He said "hi", {x}', 'C:\\temp', null, 'NULL', 20, true])).toBe('{"a","He said \\"hi\\", {x}","C:\\\\temp",NULL,"NULL","20","true"}');
    expect(arrayLiteral([])).toBe('{}');
  });
});
