import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IntelRecord } from '../intel/model.js';
import { mapNvdVulnerability } from './nvd-map.js';
import { NVD_PAGE, isVulnerable } from './test-support.js';

interface Page {
  readonly vulnerabilities: { readonly cve: { readonly id: string; readonly configurations?: unknown } }[];
}

let page: Page;
const byId = new Map<string, IntelRecord>();

beforeAll(async () => {
  page = JSON.parse(await readFile(NVD_PAGE, 'utf8')) as Page;
  page.vulnerabilities.forEach((v, i) => {
    const outcome = mapNvdVulnerability(v, `/vulnerabilities/${i}`);
    expect(outcome.issues).toEqual([]);
    byId.set(outcome.record!.id, outcome.record!);
  });
});

function rec(id: string): IntelRecord {
  return byId.get(id)!;
}

const openssl = (v: string): string => `cpe:2.3:a:openssl:openssl:${v}:*:*:*:*:*:*:*`;

describe('NVD API 2.0 → IntelRecord', () => {
  it('maps identity, dates and the English description of CVE-2014-0160 (Heartbleed)', () => {
    const r = rec('CVE-2014-0160');
    expect(r.source).toBe('nvd');
    expect(r.aliases).toEqual([]);
    expect(r.published).toBe('2014-04-07T22:55:03.893');
    expect(r.modified).toBe('2025-10-21T20:16:09.947');
    expect(r.withdrawn).toBeUndefined();
    expect(r.summary).toBeUndefined();
    expect(r.details).toMatch(/^The \(1\) TLS and \(2\) DTLS implementations in OpenSSL 1\.0\.1 before 1\.0\.1g/);
    expect(r.affected).toEqual([]);
  });

  it('lists CVSS metrics newest version first with their source and Primary/Secondary role', () => {
    expect(rec('CVE-2014-0160').severities).toEqual([
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', source: 'nvd@nist.gov', role: 'Primary' },
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', source: '134c704f-9b21-4f2e-91b3-4a467353bcc0', role: 'Secondary' },
      { type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N', source: 'nvd@nist.gov', role: 'Primary' },
    ]);
    expect(rec('CVE-2025-0626').severities.map((s) => [s.type, s.source, s.role])).toEqual([
      ['CVSS_V4', 'ics-cert@hq.dhs.gov', 'Secondary'],
      ['CVSS_V3', 'ics-cert@hq.dhs.gov', 'Secondary'],
    ]);
  });

  it('collects CWE ids once each', () => {
    expect(rec('CVE-2014-0160').cwes).toEqual(['CWE-125']);
    expect(rec('CVE-2021-44228').cwes).toEqual(['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917']);
  });

  it('skips NVD-CWE-Other and NVD-CWE-noinfo', () => {
    const cve = { id: 'CVE-2024-0001', lastModified: '2024-01-01T00:00:00.000', descriptions: [], weaknesses: [{ description: [{ lang: 'en', value: 'NVD-CWE-Other' }, { lang: 'en', value: 'NVD-CWE-noinfo' }, { lang: 'en', value: 'CWE-79' }] }] };
    expect(mapNvdVulnerability({ cve }, '/vulnerabilities/0').record?.cwes).toEqual(['CWE-79']);
  });

  it('types references by their NVD tags, most actionable first, one per URL', () => {
    expect(rec('CVE-2014-0160').references).toEqual([
      { type: 'ADVISORY', url: 'http://www.kb.cert.org/vuls/id/720951' },
      { type: 'ADVISORY', url: 'http://www.openssl.org/news/secadv_20140407.txt' },
      { type: 'FIX', url: 'http://www.oracle.com/technetwork/topics/security/opensslheartbleedcve-2014-0160-2188454.html' },
      { type: 'REPORT', url: 'https://blog.torproject.org/blog/openssl-bug-cve-2014-0160' },
      { type: 'EVIDENCE', url: 'https://gist.github.com/chapmajs/10473815' },
      { type: 'FIX', url: 'https://lists.apache.org/thread.html/ba661b0edd913b39ff129a32d855620dd861883ade05fd88a8ce517d%40%3Cdev.tomcat.apache.org%3E' },
      { type: 'WEB', url: 'https://filezilla-project.org/versions.php?type=server' },
    ]);
    expect(rec('CVE-2024-22100').references).toEqual([{ type: 'WEB', url: 'https://www.cisa.gov/news-events/ics-medical-advisories/icsma-24-060-01' }]);
  });

  it('keeps configurations exactly as NVD wrote them, in core’s NvdConfiguration shape', () => {
    for (const v of page.vulnerabilities) expect(rec(v.cve.id).cpeConfigurations).toEqual(v.cve.configurations ?? []);
  });

  it('evaluates Heartbleed: OpenSSL 1.0.1 through 1.0.1f vulnerable, 1.0.1g and 1.0.0 not', () => {
    const configs = rec('CVE-2014-0160').cpeConfigurations;
    expect(isVulnerable(configs, openssl('1.0.1f'))).toBe(true);
    expect(isVulnerable(configs, openssl('1.0.1'))).toBe(true);
    expect(isVulnerable(configs, openssl('1.0.1g'))).toBe(false);
    expect(isVulnerable(configs, openssl('1.0.0'))).toBe(false);
  });

  it('evaluates an AND configuration: Siemens APE firmware 2.0 is vulnerable only on its hardware', () => {
    const configs = rec('CVE-2014-0160').cpeConfigurations;
    const firmware = 'cpe:2.3:o:siemens:application_processing_engine_firmware:2.0:*:*:*:*:*:*:*';
    const hardware = 'cpe:2.3:h:siemens:application_processing_engine:-:*:*:*:*:*:*:*';
    expect(isVulnerable(configs, firmware)).toBe(false);
    expect(isVulnerable(configs, firmware, hardware)).toBe(true);
    expect(isVulnerable(configs, hardware)).toBe(false);
  });

  it('evaluates Log4Shell: 2.14.1 and 2.0-beta9 vulnerable, 2.15.0 and 2.12.2 not', () => {
    const configs = rec('CVE-2021-44228').cpeConfigurations;
    const log4j = (v: string, update = '*'): string => `cpe:2.3:a:apache:log4j:${v}:${update}:*:*:*:*:*:*`;
    expect(isVulnerable(configs, log4j('2.14.1'))).toBe(true);
    expect(isVulnerable(configs, log4j('2.0', 'beta9'))).toBe(true);
    expect(isVulnerable(configs, log4j('2.15.0'))).toBe(false);
    expect(isVulnerable(configs, log4j('2.12.2'))).toBe(false);
  });

  it('marks vulnStatus Rejected as withdrawn at lastModified', () => {
    const r = rec('CVE-2023-4026');
    expect(r.withdrawn).toBe('2023-11-07T04:22:03.850');
    expect(r.details).toMatch(/^Rejected reason: \*\* REJECT \*\*/);
    expect(r.severities).toEqual([]);
  });

  it('keeps a medical-device record NVD has not analysed yet (Baxter Life2000, Received)', () => {
    const r = rec('CVE-2024-48971');
    expect(r.cpeConfigurations).toEqual([]);
    expect(r.severities).toEqual([{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', source: 'productsecurity@baxter.com', role: 'Secondary' }]);
    expect(r.cwes).toEqual(['CWE-798']);
  });

  it('refuses an element that fails the schema, naming the field by pointer', () => {
    const outcome = mapNvdVulnerability({ cve: { id: 'CVE-2024-0001', descriptions: [] } }, '/vulnerabilities/7', 'page.json');
    expect(outcome.record).toBeUndefined();
    expect(outcome.issues[0]).toMatchObject({ severity: 'error', code: 'nvd.schema', location: 'page.json#/vulnerabilities/7/cve/lastModified' });
  });
});
