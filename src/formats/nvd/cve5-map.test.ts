import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { IntelRecord } from '../intel/model.js';
import { mapCve5Record, parseCve5Json } from './cve5-map.js';
import type { MapOutcome } from './read-item.js';
import { CVE5_DIR, isVulnerable } from './test-support.js';

async function fixture(path: string): Promise<MapOutcome> {
  return parseCve5Json(await readFile(`${CVE5_DIR}/cves/${path}`, 'utf8'), path);
}

async function record(path: string): Promise<IntelRecord> {
  const outcome = await fixture(path);
  expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return outcome.record!;
}

describe('CVE JSON 5 → IntelRecord', () => {
  it('maps the identity, dates and texts of CVE-2021-44228 (log4j)', async () => {
    const r = await record('2021/44xxx/CVE-2021-44228.json');
    expect(r.id).toBe('CVE-2021-44228');
    expect(r.source).toBe('cve5');
    expect(r.aliases).toEqual([]);
    expect(r.related).toEqual([]);
    expect(r.summary).toBe('Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints');
    expect(r.details).toMatch(/^Apache Log4j2 2\.0-beta9 through 2\.15\.0 \(excluding security releases 2\.12\.2, 2\.12\.3, and 2\.3\.1\) JNDI/);
    expect(r.published).toBe('2021-12-10T00:00:00.000Z');
    expect(r.modified).toBe('2025-07-28T19:48:17.130Z');
    expect(r.withdrawn).toBeUndefined();
    expect(r.affected).toEqual([]);
  });

  it('takes severities from every container, sourced by the container short name', async () => {
    const r = await record('2021/44xxx/CVE-2021-44228.json');
    // The CNA scored with "other: critical" only; the CVSS vector comes from CISA's ADP container.
    expect(r.severities).toEqual([{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', source: 'CISA-ADP' }]);
    const contec = await record('2025/0xxx/CVE-2025-0626.json');
    expect(contec.severities).toEqual([
      { type: 'CVSS_V4', vector: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', source: 'icscert' },
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H', source: 'icscert' },
    ]);
  });

  it('collects CWE ids from CNA and ADP problem types', async () => {
    expect((await record('2021/44xxx/CVE-2021-44228.json')).cwes).toEqual(['CWE-502', 'CWE-400', 'CWE-20']);
    expect((await record('2014/0xxx/CVE-2014-0160.json')).cwes).toEqual(['CWE-125']);
    // A converted CVE 4 record says "Other" as text: no CWE.
    expect((await record('2019/10xxx/CVE-2019-10964.json')).cwes).toEqual([]);
  });

  it('types references by tag and keeps one per URL across containers', async () => {
    const r = await record('2021/44xxx/CVE-2021-44228.json');
    expect(r.references).toEqual([
      { type: 'WEB', url: 'https://logging.apache.org/log4j/2.x/security.html' },
      { type: 'DISCUSSION', url: 'http://www.openwall.com/lists/oss-security/2021/12/10/1' },
      { type: 'ADVISORY', url: 'https://tools.cisco.com/security/center/content/CiscoSecurityAdvisory/cisco-sa-apache-log4j-qRuKNEbd' },
      { type: 'ADVISORY', url: 'https://www.kb.cert.org/vuls/id/930724' },
      { type: 'WEB', url: 'http://packetstormsecurity.com/files/165225/Apache-Log4j2-2.14.1-Remote-Code-Execution.html' },
    ]);
    const pump = await record('2019/10xxx/CVE-2019-10964.json');
    expect(pump.references.map((x) => x.type)).toEqual(['WEB', 'WEB']);
  });

  it('maps a REJECTED record as withdrawn, with the rejection reason as details', async () => {
    const r = await record('2023/4xxx/CVE-2023-4026.json');
    expect(r.withdrawn).toBe('2023-07-31T16:43:23.443Z');
    expect(r.modified).toBe('2023-07-31T16:43:23.443Z');
    expect(r.published).toBeUndefined();
    expect(r.details).toMatch(/^\*\* REJECT \*\* DO NOT USE THIS CVE RECORD\. ConsultIDs: CVE-2023-4024\./);
    expect(r.severities).toEqual([]);
    expect(r.references).toEqual([]);
  });

  it('reads a 5.0 record converted from CVE 4 (no time zones, dataType last) with its dates as written', async () => {
    const r = await record('2019/10xxx/CVE-2019-10964.json');
    expect(r.published).toBe('2019-06-28T20:58:07');
    expect(r.modified).toBe('2019-07-01T06:06:02');
    expect(r.details).toMatch(/^In Medtronic MinMed 508 and Medtronic Minimed Paradigm Insulin Pumps/);
    expect(r.cpeConfigurations).toEqual([]);
  });

  it('trims the blank lines CNAs pad descriptions with', async () => {
    const r = await record('2024/22xxx/CVE-2024-22100.json');
    expect(r.details).toBe(
      'MicroDicom DICOM Viewer versions 2023.3 (Build 9342) and prior are affected by a heap-based buffer overflow vulnerability, which could allow an attacker to execute arbitrary code on affected installations of DICOM Viewer. A user must open a malicious DCM file in order to exploit the vulnerability.',
    );
  });

  it('turns CISA-ADP CPE applicability into configurations: Baxter Life2000 firmware ≤ 06.08.00.00', async () => {
    const r = await record('2024/48xxx/CVE-2024-48971.json');
    expect(r.cpeConfigurations).toEqual([
      {
        nodes: [
          {
            operator: 'OR',
            negate: false,
            cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:o:baxter:life2000_ventilator_firmware:*:*:*:*:*:*:*:*', versionEndIncluding: '06.08.00.00' }],
          },
        ],
      },
    ]);
    const firmware = (v: string): string => `cpe:2.3:o:baxter:life2000_ventilator_firmware:${v}:*:*:*:*:*:*:*`;
    expect(isVulnerable(r.cpeConfigurations, firmware('06.08.00.00'))).toBe(true);
    expect(isVulnerable(r.cpeConfigurations, firmware('06.02.00.00'))).toBe(true);
    expect(isVulnerable(r.cpeConfigurations, firmware('06.09.00.00'))).toBe(false);
  });

  it('maps MicroDicom DICOM Viewer ≤ 2023.3 build 9342 and leaves the CNA entry without CPEs aside', async () => {
    const outcome = await fixture('2024/22xxx/CVE-2024-22100.json');
    expect(outcome.issues).toEqual([]);
    const configs = outcome.record!.cpeConfigurations;
    expect(configs).toHaveLength(1);
    const viewer = (v: string): string => `cpe:2.3:a:microdicom:dicom_viewer:${v}:*:*:*:*:*:*:*`;
    expect(isVulnerable(configs, viewer('2023.3_build_9342'))).toBe(true);
    expect(isVulnerable(configs, viewer('2023.2'))).toBe(true);
    expect(isVulnerable(configs, viewer('2024.1'))).toBe(false);
  });

  it('refuses a record that fails the schema, naming the field', () => {
    const outcome = mapCve5Record({ dataType: 'CVE_RECORD', dataVersion: '5.1', cveMetadata: { cveId: 'CVE-2021-44228', state: 'PUBLISHED' }, containers: {} }, 'x.json');
    expect(outcome.record).toBeUndefined();
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]).toMatchObject({ severity: 'error', code: 'cve5.schema', location: 'x.json#/containers/cna' });
  });

  it('refuses states other than PUBLISHED and REJECTED, and data versions other than 5.x', () => {
    const base = { dataType: 'CVE_RECORD', containers: { cna: { providerMetadata: { orgId: 'x' } } } };
    expect(mapCve5Record({ ...base, dataVersion: '5.1', cveMetadata: { cveId: 'CVE-2024-0001', state: 'RESERVED' } }).issues[0]?.location).toBe('/cveMetadata/state');
    expect(mapCve5Record({ ...base, dataVersion: '4.0', cveMetadata: { cveId: 'CVE-2024-0001', state: 'PUBLISHED', dateUpdated: '2024-01-01T00:00:00Z' } }).issues[0]?.location).toBe('/dataVersion');
  });

  it('reports invalid JSON as an error issue', () => {
    expect(parseCve5Json('{"dataType": "CVE_RECORD",', 'broken.json').issues[0]).toMatchObject({ severity: 'error', code: 'cve5.json.invalid', location: 'broken.json' });
  });

  it('reports a record without any date instead of inventing one', () => {
    const outcome = mapCve5Record({ dataType: 'CVE_RECORD', dataVersion: '5.0', cveMetadata: { cveId: 'CVE-2024-0001', state: 'PUBLISHED' }, containers: { cna: { providerMetadata: {} } } });
    expect(outcome.record).toBeUndefined();
    expect(outcome.issues[0]?.code).toBe('cve5.date.missing');
  });
});
