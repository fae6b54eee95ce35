import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KevEntry } from '../intel/model.js';
import { detectKevFormat, parseKev, parseKevCsv, parseKevJson } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const jsonText = fixture('kev-excerpt.json');
const csvText = fixture('kev-export-excerpt.csv');

const HEADER = 'cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes';

/** Log4Shell as the catalog publishes it (typed from the CISA catalog, not from the reader). */
const LOG4SHELL: KevEntry = {
  cveId: 'CVE-2021-44228',
  vendorProject: 'Apache',
  product: 'Log4j2',
  vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
  dateAdded: '2021-12-10',
  shortDescription:
    'Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints, allowing for remote code execution.',
  requiredAction:
    'For all affected software assets for which updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency networks. Temporary mitigations using one of the measures provided at https://www.cisa.gov/uscert/ed-22-02-apache-log4j-recommended-mitigation-measures are only acceptable until updates are available.',
  dueDate: '2021-12-24',
  knownRansomwareCampaignUse: 'Known',
  notes: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
  cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
};

/** A minimal valid entry in catalog JSON field names. */
function rawEntry(cveID: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cveID,
    vendorProject: 'OpenSSL',
    product: 'OpenSSL',
    vulnerabilityName: 'OpenSSL Information Disclosure Vulnerability',
    dateAdded: '2022-05-04',
    shortDescription: 'Heartbeat packets are not handled properly.',
    requiredAction: 'Apply updates per vendor instructions.',
    dueDate: '2022-05-25',
    knownRansomwareCampaignUse: 'Unknown',
    notes: '',
    cwes: ['CWE-125'],
    ...extra,
  };
}

function catalogOf(vulnerabilities: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ title: 't', catalogVersion: '2025.08.25', dateReleased: '2025-08-25T17:04:19.9796Z', count: vulnerabilities.length, vulnerabilities, ...extra });
}

const csvRow = (...fields: string[]) => fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
const goodRow = (cve: string, cwes = 'CWE-125') =>
  csvRow(cve, 'OpenSSL', 'OpenSSL', 'OpenSSL Vulnerability', '2022-05-04', 'Heartbeat.', 'Apply updates.', '2022-05-25', 'Unknown', '', cwes);

describe('parseKevJson', () => {
  it('reads the real catalog excerpt with its version, release date and every entry', () => {
    const result = parseKevJson(jsonText);
    expect(result.issues).toEqual([]);
    expect(result.catalogVersion).toBe('2025.08.25');
    expect(result.dateReleased).toBe('2025-08-25T17:04:19.9796Z');
    expect(result.entries.map((e) => e.cveId)).toEqual(['CVE-2024-38813', 'CVE-2019-11001', 'CVE-2018-19410', 'CVE-2014-0160', 'CVE-2017-0144', 'CVE-2021-44228']);
    expect(result.entries.find((e) => e.cveId === 'CVE-2021-44228')).toEqual(LOG4SHELL);
    const heartbleed = result.entries.find((e) => e.cveId === 'CVE-2014-0160');
    expect(heartbleed).toMatchObject({ vendorProject: 'OpenSSL', dateAdded: '2022-05-04', dueDate: '2022-05-25', cwes: ['CWE-125'] });
    expect(result.entries.find((e) => e.cveId === 'CVE-2018-19410')?.cwes).toEqual([]);
    expect(result.entries.find((e) => e.cveId === 'CVE-2017-0144')).toMatchObject({ product: 'SMBv1', knownRansomwareCampaignUse: 'Known' });
  });

  it('skips entries that break the official schema, naming each by JSON pointer', () => {
    const text = catalogOf([
      rawEntry('CVE-2014-0160'),
      rawEntry('CVE-2017-0144', { dueDate: '2022-02-30' }),
      rawEntry('CVE-17-0144'),
      rawEntry('CVE-2019-0708', { requiredAction: undefined, cwes: ['CWE-4a'] }),
      42,
    ]);
    const result = parseKevJson(text);
    expect(result.entries.map((e) => e.cveId)).toEqual(['CVE-2014-0160']);
    expect(result.issues.map((i) => [i.severity, i.code, i.location])).toEqual([
      ['error', 'invalid-entry', '/vulnerabilities/1'],
      ['error', 'invalid-entry', '/vulnerabilities/2'],
      ['error', 'invalid-entry', '/vulnerabilities/3'],
      ['error', 'invalid-entry', '/vulnerabilities/4'],
    ]);
    expect(result.issues[0]?.message).toContain('CVE-2017-0144');
    expect(result.issues[0]?.message).toContain('dueDate must match format "date"');
    expect(result.issues[1]?.message).toContain('cveID must match pattern');
    expect(result.issues[2]?.message).toContain('requiredAction is missing');
    expect(result.issues[2]?.message).toContain('cwes/0 must match pattern');
    expect(result.issues[3]?.message).toContain('must be object');
  });

  it('refuses a document that is not a KEV catalog, with one error and no entries', () => {
    for (const text of ['{"bomFormat":"CycloneDX","specVersion":"1.6"}', '[]', catalogOf([rawEntry('CVE-2014-0160')], { catalogVersion: undefined }), catalogOf([], { vulnerabilities: {} })]) {
      const result = parseKevJson(text);
      expect(result.entries).toEqual([]);
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatchObject({ severity: 'error', code: 'not-kev' });
    }
    expect(parseKevJson('{"catalogVersion": ').issues).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid-json' })]);
  });

  it('warns about a wrong count, a repeated CVE and an unexpected ransomware value', () => {
    const text = catalogOf([rawEntry('CVE-2014-0160'), rawEntry('CVE-2014-0160', { product: 'Other' }), rawEntry('CVE-2017-0144', { knownRansomwareCampaignUse: 'Suspected' })], { count: 7 });
    const result = parseKevJson(text);
    expect(result.entries.map((e) => [e.cveId, e.product])).toEqual([
      ['CVE-2014-0160', 'OpenSSL'],
      ['CVE-2017-0144', 'OpenSSL'],
    ]);
    expect(result.entries[1]?.knownRansomwareCampaignUse).toBe('Suspected');
    expect(result.issues.map((i) => [i.severity, i.code, i.location])).toEqual([
      ['warning', 'count-mismatch', '/count'],
      ['warning', 'duplicate-cve', '/vulnerabilities/1'],
      ['warning', 'ransomware-value', '/vulnerabilities/2'],
    ]);
  });

  it('fills the fields older catalogs lack: Unknown ransomware use, empty notes, no CWEs', () => {
    const text = catalogOf([rawEntry('CVE-2014-0160', { knownRansomwareCampaignUse: undefined, notes: undefined, cwes: undefined })]);
    const result = parseKevJson(text);
    expect(result.issues).toEqual([]);
    expect(result.entries[0]).toMatchObject({ knownRansomwareCampaignUse: 'Unknown', notes: '', cwes: [] });
  });
});

describe('parseKevCsv', () => {
  it('reads real rows of the official CSV export', () => {
    const result = parseKevCsv(csvText);
    expect(result.issues).toEqual([]);
    expect(result.catalogVersion).toBeUndefined();
    expect(result.dateReleased).toBeUndefined();
    expect(result.entries.map((e) => e.cveId)).toEqual(['CVE-2018-19410', 'CVE-2025-0282', 'CVE-2024-3393', 'CVE-2019-11001', 'CVE-2024-38813']);
    const byId = new Map(result.entries.map((e) => [e.cveId, e]));
    expect(byId.get('CVE-2024-38813')?.cwes).toEqual(['CWE-250', 'CWE-273']);
    expect(byId.get('CVE-2018-19410')).toMatchObject({ product: 'PTRG Network Monitor', cwes: [], dueDate: '2025-02-25' });
    expect(byId.get('CVE-2019-11001')?.shortDescription).toContain('use the "TestEmail" functionality');
    expect(byId.get('CVE-2025-0282')).toMatchObject({ product: 'Connect Secure, Policy Secure, and ZTA Gateways', knownRansomwareCampaignUse: 'Unknown', cwes: ['CWE-121'] });
    expect(byId.get('CVE-2024-3393')?.vendorProject).toBe('Palo Alto Networks');
  });

  it('gives the same entries as the JSON catalog where CISA did not change the data between the two files', () => {
    const fromJson = new Map(parseKevJson(jsonText).entries.map((e) => [e.cveId, e]));
    const fromCsv = new Map(parseKevCsv(csvText).entries.map((e) => [e.cveId, e]));
    for (const id of ['CVE-2024-38813', 'CVE-2019-11001']) expect(fromCsv.get(id)).toEqual(fromJson.get(id));
    expect(fromCsv.get('CVE-2018-19410')?.product).not.toBe(fromJson.get('CVE-2018-19410')?.product);
  });

  it('skips bad rows and names the line each starts on, also after a multi-line field and with CRLF', () => {
    const rows = (newline: string) => [
      HEADER,
      goodRow('CVE-2014-0160'),
      csvRow('CVE-2017-0144', 'Microsoft', 'SMBv1', 'SMBv1 RCE', '2022-02-10', `First line.${newline}Second line.`, 'Apply updates.', '2022-08-10', 'Known', '', 'CWE-20'),
      csvRow('CVE-2019-0708', 'Microsoft', 'RDS', 'BlueKeep', '2021-11-03', 'x', 'y', '03/05/2022', 'Known', '', ''),
      '',
      'CVE-2021-44228,Apache,Log4j2,too few fields',
      goodRow('CVE-2014-6271', 'CWE-78, NVD-CWE-noinfo'),
      goodRow('CVE-2023-4966'),
    ];
    for (const newline of ['\n', '\r\n']) {
      const result = parseKevCsv(rows(newline).join(newline) + newline);
      expect(result.entries.map((e) => e.cveId)).toEqual(['CVE-2014-0160', 'CVE-2017-0144', 'CVE-2023-4966']);
      expect(result.entries[1]?.shortDescription).toBe(`First line.${newline}Second line.`);
      expect(result.issues.map((i) => [i.code, i.location])).toEqual([
        ['invalid-entry', 'line 5'],
        ['field-count', 'line 7'],
        ['invalid-entry', 'line 8'],
      ]);
      expect(result.issues[0]?.message).toContain('dueDate must match format "date"');
      expect(result.issues[2]?.message).toContain('cwes/1 must match pattern');
    }
  });

  it('reports a row with broken quoting and keeps reading the rows before it', () => {
    const text = [HEADER, goodRow('CVE-2014-0160'), `${goodRow('CVE-2017-0144').slice(0, -7)}"CWE-20`, ''].join('\n');
    const result = parseKevCsv(text);
    expect(result.entries.map((e) => e.cveId)).toEqual(['CVE-2014-0160']);
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'csv-syntax', location: 'line 3' })]);
  });

  it('refuses a file whose header is not KEV, with one error and no entries', () => {
    for (const text of ['', 'cve,epss,percentile\nCVE-2021-44228,0.94358,0.99960\n', 'cveID,cveID,product\n']) {
      const result = parseKevCsv(text);
      expect(result.entries).toEqual([]);
      expect(result.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'not-kev', location: 'line 1' })]);
    }
  });

  it('matches columns by name: reordered, without the optional ones, with extra ones', () => {
    const text = ['\uFEFFdueDate,cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,Owner', '2022-05-25,CVE-2014-0160,OpenSSL,OpenSSL,Heartbleed,2022-05-04,d,a,team-7', ''].join('\n');
    const result = parseKevCsv(text);
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'unknown-column', location: 'line 1' })]);
    expect(result.entries).toEqual([
      {
        cveId: 'CVE-2014-0160',
        vendorProject: 'OpenSSL',
        product: 'OpenSSL',
        vulnerabilityName: 'Heartbleed',
        dateAdded: '2022-05-04',
        shortDescription: 'd',
        requiredAction: 'a',
        dueDate: '2022-05-25',
        knownRansomwareCampaignUse: 'Unknown',
        notes: '',
        cwes: [],
      },
    ]);
  });
});

describe('parseKev', () => {
  it('tells JSON from CSV by content', () => {
    expect(detectKevFormat(`\uFEFF \n${jsonText}`)).toBe('json');
    expect(detectKevFormat(csvText)).toBe('csv');
    expect(parseKev(`\n${jsonText}`).entries).toHaveLength(6);
    expect(parseKev(csvText).entries).toHaveLength(5);
  });
});
