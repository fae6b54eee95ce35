import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../formats/cyclonedx/index.js';
import { parseKev } from '../../formats/kev/index.js';
import { mapNvdVulnerability } from '../../formats/nvd/index.js';
import { parseOsvRecord } from '../../formats/osv/index.js';
import { validateSarif } from '../../formats/sarif/index.js';
import { componentLines } from './scan-locate.js';
import { readScanSbom } from './scan-input.js';
import { toSarif } from './scan-sarif.js';
import { renderTable } from './scan-table.js';
import { toVdr } from './scan-vdr.js';
import { advisorySource, documentPackageKeys, scanDocument, type ScanResult } from './scan.js';
import type { FailOnRule } from './scan-policy.js';
import { IntelIndex, snapshotRecordFromIntel } from './snapshot.js';

/**
 * The scan engine and its reports on real intelligence: GitHub's Log4Shell advisory, NVD's
 * API page (Log4Shell, Heartbleed by CPE), the CISA KEV excerpt and FIRST EPSS scores of
 * 2026-09-29. Expected facts come from those documents, not from the code: log4j-core 2.14.1
 * is in GHSA's range introduced 2.13.0 / fixed 2.15.0, OpenSSL 1.0.1f in NVD's criterion
 * from 1.0.1 before 1.0.1g, NVD scores Log4Shell 10.0 and Heartbleed 7.5 (v3.1), both are in KEV. Reports are checked against the official schemas.
 */
const testdata = (path: string) => readFileSync(new URL(`../../formats/${path}`, import.meta.url), 'utf8');
const ghsa = parseOsvRecord(testdata('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json')).record!;
const nvd = (JSON.parse(testdata('nvd/testdata/nvd/nvd-api-page.json')) as { vulnerabilities: unknown[] }).vulnerabilities.map((v, i) => mapNvdVulnerability(v, `/vulnerabilities/${i}`).record!);
const kev = parseKev(testdata('kev/testdata/kev-excerpt.json')).entries;

function intel(withdrawGhsa = false): IntelIndex {
  const index = new IntelIndex();
  for (const r of [withdrawGhsa ? { ...ghsa, withdrawn: '2026-12-01T00:00:00Z' } : ghsa, ...nvd]) index.addRecord(snapshotRecordFromIntel(r));
  for (const e of kev) index.addKev(e.cveId);
  index.addEpss('CVE-2021-44228', { epss: 0.94358, percentile: 0.99957 });
  return index;
}

/** A gateway firmware SBOM: log4j-core by purl, OpenSSL by CPE only, and a blob with neither. */
const bom = (log4j: string, openssl: string) =>
  Buffer.from(
    JSON.stringify(
      {
        bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b71', version: 3,
        components: [
          { 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: log4j, purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${log4j}` },
          { 'bom-ref': 'openssl', type: 'library', name: 'openssl', version: openssl, cpe: `cpe:2.3:a:openssl:openssl:${openssl}:*:*:*:*:*:*:*` },
          { 'bom-ref': 'blob', type: 'firmware', name: 'radio-blob', version: '7' },
        ],
      },
      null,
      2,
    ),
  );

function scan(bytes: Buffer, failOn: FailOnRule[] = [], index = intel()): { result: ScanResult; text: string } {
  const sbom = readScanSbom(bytes);
  if (!sbom.ok) throw new Error(sbom.message);
  const result = scanDocument(sbom.document, index, { file: 'gateway.cdx.json', encoding: sbom.encoding, intelligence: { source: 'snapshot', org: 'acme', asOf: '2026-12-01T08:00:00.000Z' }, failOn, now: new Date('2026-12-02T00:00:00Z') });
  return { result, text: sbom.text };
}

describe('scanDocument', () => {
  it('finds Log4Shell in log4j-core 2.14.1 by purl and Heartbleed in OpenSSL 1.0.1f by CPE', () => {
    const { result } = scan(bom('2.14.1', '1.0.1f'));
    expect(result.summary).toMatchObject({ components: 3, unmatchable: 1, findings: 2, vulnerabilities: 2, kev: 2 });
    const [log4shell, heartbleed] = result.findings;
    expect(log4shell).toMatchObject({
      vulnId: 'CVE-2021-44228',
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      summary: 'Remote code injection in Log4j',
      component: { ref: 'log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', identity: 'purl:maven/org.apache.logging.log4j/log4j-core' },
      severity: { level: 'critical', score: 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
      kev: true,
      epss: { epss: 0.94358, percentile: 0.99957 },
      match: { method: 'purl', confidence: 'exact' },
      fixedVersions: ['2.15.0'],
      uncontrolled: { value: true, basis: 'rule' },
    });
    expect(log4shell!.evidence.map((e) => e.recordId)).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(log4shell!.cwes).toContain('CWE-917');
    // GitHub's and NVD's ratings both listed; the worst one is the finding's severity.
    expect(log4shell!.ratings.map((r) => r.recordId).sort()).toEqual(['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q']);
    expect(heartbleed).toMatchObject({ vulnId: 'CVE-2014-0160', severity: { level: 'high', score: 7.5 }, kev: true, epss: null, match: { method: 'cpe', confidence: 'high' }, fixedVersions: ['1.0.1g'] });
    expect(heartbleed!.evidence[0]!.reasons[0]).toMatch(/from 1\.0\.1, before 1\.0\.1g/);
  });

  it('finds nothing in log4j-core 2.17.1 and OpenSSL 1.0.1g, and never matches a withdrawn record', () => {
    expect(scan(bom('2.17.1', '1.0.1g')).result.findings).toEqual([]);
    expect(scan(bom('2.14.1', '1.0.1g'), [], intel(true)).result.findings).toEqual([]);
  });

  it('applies --fail-on to the findings', () => {
    const failing = scan(bom('2.14.1', '1.0.1g'), ['critical']).result.policy;
    expect(failing).toEqual({ failOn: ['critical'], passed: false, violations: [{ rule: 'critical', count: 1, examples: ['CVE-2021-44228 in log4j-core 2.14.1'] }] });
    // Heartbleed alone is high: it breaks high, kev and uncontrolled (KEV-listed) but not critical.
    const high = scan(bom('2.17.1', '1.0.1f'), ['critical', 'high', 'kev', 'uncontrolled']).result.policy;
    expect(high.passed).toBe(false);
    expect(high.violations.map((v) => v.rule)).toEqual(['high', 'kev', 'uncontrolled']);
    expect(scan(bom('2.17.1', '1.0.1g'), ['critical', 'high', 'medium', 'kev', 'uncontrolled']).result.policy.passed).toBe(true);
  });

  it('lists the keys the server loads records for', () => {
    const sbom = readScanSbom(bom('2.14.1', '1.0.1f'));
    if (!sbom.ok) throw new Error(sbom.message);
    expect(documentPackageKeys(sbom.document).sort()).toEqual(['cpe:openssl:openssl', 'osv:Maven:org.apache.logging.log4j:log4j-core']);
  });
});

describe('readScanSbom', () => {
  it('refuses unreadable input with the first error located', () => {
    const broken = readScanSbom(Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library"}]}'));
    expect(broken).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!broken.ok && broken.message).toMatch(/error\(s\) in the SBOM; the first at \/components\/0/);
    expect(readScanSbom(Buffer.from('hello'))).toMatchObject({ ok: false, reason: 'unsupported' });
    expect(readScanSbom(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).toMatchObject({ ok: false, reason: 'corrupt-gzip' });
  });
});

describe('reports', () => {
  const { result, text } = scan(bom('2.14.1', '1.0.1f'), ['critical']);

  it('SARIF 2.1.0: valid against the official schema, one rule per vulnerability, one result per finding at the component’s line', () => {
    const lines = componentLines(text, 'cyclonedx-json', result.findings.map((f) => f.component.ref));
    const sarif = toSarif(result, { sbomUri: 'sbom/gateway.cdx.json', lines, toolVersion: '0.1.0' });
    expect(validateSarif(sarif)).toEqual([]);
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['CVE-2021-44228', 'CVE-2014-0160']);
    expect(run.tool.driver.rules[0]!.properties).toMatchObject({ 'security-severity': '10.0' });
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([['CVE-2021-44228', 'error'], ['CVE-2014-0160', 'error']]);
    const first = run.results[0]!;
    // "bom-ref": "log4j" is on line 8 of the pretty-printed document.
    expect(text.split('\n')[7]).toContain('"bom-ref": "log4j"');
    expect(first.locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'sbom/gateway.cdx.json' }, region: { startLine: 8 } },
      logicalLocations: [{ name: 'org.apache.logging.log4j/log4j-core 2.14.1', fullyQualifiedName: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', kind: 'module' }],
    });
    expect(first.message.text).toBe('org.apache.logging.log4j/log4j-core 2.14.1 is affected by CVE-2021-44228 (critical 10; CISA KEV, EPSS 0.94358). Fixed in 2.15.0.');
    expect(first.partialFingerprints).toEqual({ 'vigilFinding/v1': 'purl:maven/org.apache.logging.log4j/log4j-core|CVE-2021-44228' });
  });

  it('the SARIF schema rejects what it should (the validator is not a rubber stamp)', () => {
    const sarif = toSarif(result, { sbomUri: 'gateway.cdx.json', toolVersion: '0.1.0' }) as unknown as { runs: { results: { level: string }[] }[] };
    sarif.runs[0]!.results[0]!.level = 'critical';
    expect(validateSarif(sarif)).toEqual([expect.objectContaining({ pointer: '/runs/0/results/0/level' })]);
  });

  it('CycloneDX 1.6 VDR: valid against the official schema, affects pointing at the components by bom-ref, no analysis', () => {
    const vdr = toVdr(result, { toolVersion: '0.1.0', serialNumber: 'urn:uuid:6f1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b' });
    expect(validateAgainstSchema(vdr, '1.6')).toEqual([]);
    const v = vdr as { components: { 'bom-ref': string }[]; vulnerabilities: Record<string, unknown>[]; externalReferences: { url: string }[] };
    expect(v.components.map((c) => c['bom-ref'])).toEqual(['log4j', 'openssl']);
    expect(v.externalReferences[0]!.url).toBe('urn:cdx:3e671687-395b-41f5-a30f-a58921a69b71/3');
    const log4shell = v.vulnerabilities[0]!;
    expect(log4shell).toMatchObject({
      id: 'CVE-2021-44228',
      source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' },
      references: [{ id: 'GHSA-jfh8-c2jp-5v3q', source: { name: 'GitHub Advisories', url: 'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q' } }],
      description: 'Remote code injection in Log4j',
      recommendation: 'Upgrade log4j-core to 2.15.0 or later.',
      affects: [{ ref: 'log4j', versions: [{ version: '2.14.1', status: 'affected' }] }],
    });
    expect(log4shell['cwes']).toEqual([20, 400, 502, 917]);
    expect(log4shell['ratings']).toContainEqual({ source: { name: 'nvd@nist.gov' }, score: 10, severity: 'critical', method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' });
    expect(log4shell).not.toHaveProperty('analysis');
  });

  it('table: one row per finding, then the counts and the verdict', () => {
    const table = renderTable(result);
    expect(table).toMatch(/^critical +10\.0 +CVE-2021-44228 +org\.apache\.logging\.log4j\/log4j-core +2\.14\.1 +2\.15\.0 +yes +0\.944 +uncontrolled$/m);
    expect(table).toMatch(/^high +7\.5 +CVE-2014-0160 +openssl +1\.0\.1f +1\.0\.1g +yes +- +uncontrolled$/m);
    expect(table).toContain('Policy FAILED:\n  --fail-on critical: 1 finding(s) at least critical (CVE-2021-44228 in log4j-core 2.14.1)');
  });

  it('links ids to where they are published', () => {
    expect(advisorySource('GHSA-jfh8-c2jp-5v3q').url).toBe('https://github.com/advisories/GHSA-jfh8-c2jp-5v3q');
    expect(advisorySource('GO-2021-0113').url).toBe('https://osv.dev/vulnerability/GO-2021-0113');
  });
});

describe('componentLines', () => {
  it('finds declarations in each encoding and leaves out refs it cannot find', () => {
    expect(componentLines('<bom>\n<components>\n<component bom-ref="a&amp;b" type="library">', 'cyclonedx-xml', ['a&b', 'zz'])).toEqual(new Map([['a&b', 3]]));
    expect(componentLines('SPDXVersion: SPDX-2.3\n\nPackageName: zlib\nSPDXID: SPDXRef-zlib\n', 'spdx-tag-value', ['SPDXRef-zlib'])).toEqual(new Map([['SPDXRef-zlib', 4]]));
    expect(componentLines('{\n "packages": [\n  {"SPDXID": "SPDXRef-a.b"}]}', 'spdx-json', ['SPDXRef-a.b', 'SPDXRef-aXb'])).toEqual(new Map([['SPDXRef-a.b', 3]]));
  });
});
