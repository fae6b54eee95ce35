import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NvdConfiguration, OsvAffected } from '../../core/index.js';
import { componentIdentity, matchComponent, recordPackageKeys, vulnerabilityId, type MatchableComponent, type MatchableRecord } from './matching.js';

// Real advisory: Log4Shell as GitHub published it (copied in core's range test data).
const log4shell = (JSON.parse(readFileSync(new URL('../../core/ranges/testdata/GHSA-jfh8-c2jp-5v3q.affected.json', import.meta.url), 'utf8')) as { advisory: { id: string; aliases: string[]; affected: OsvAffected[] } }).advisory;
const ghsa: MatchableRecord = { recordId: log4shell.id, vulnId: vulnerabilityId(log4shell.id, log4shell.aliases), withdrawn: null, affected: log4shell.affected, cpeConfigurations: [] };

// Heartbleed (CVE-2014-0160): OpenSSL 1.0.1 through 1.0.1f, fixed in 1.0.1g, written as one NVD range criterion.
const heartbleedConfig: NvdConfiguration = { nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*', versionStartIncluding: '1.0.1', versionEndExcluding: '1.0.1g' }] }] };
const heartbleed: MatchableRecord = { recordId: 'CVE-2014-0160', vulnId: 'CVE-2014-0160', withdrawn: null, affected: [], cpeConfigurations: [heartbleedConfig] };

const component = (over: Partial<MatchableComponent>): MatchableComponent => ({ name: 'x', group: null, version: null, purl: null, cpe: null, ...over });
const match = (c: MatchableComponent, records: MatchableRecord[]) => matchComponent(c, componentIdentity(c), records);

describe('matching by purl', () => {
  const log4j = (v: string) => component({ name: 'log4j-core', group: 'org.apache.logging.log4j', version: v, purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${v}` });

  it('indexes the record and the component under the same package key', () => {
    expect(recordPackageKeys(ghsa)).toContain('osv:Maven:org.apache.logging.log4j:log4j-core');
    expect(componentIdentity(log4j('2.14.1')).packageKeys).toEqual(['osv:Maven:org.apache.logging.log4j:log4j-core']);
  });

  it('finds Log4Shell in 2.14.1 under its CVE id, with the range that matched', () => {
    expect(match(log4j('2.14.1'), [ghsa])).toEqual([
      { vulnId: 'CVE-2021-44228', method: 'purl', confidence: 'exact', evidence: [{ recordId: 'GHSA-jfh8-c2jp-5v3q', method: 'purl', reasons: ['ECOSYSTEM range 0: introduced in 2.13.0, fixed in 2.15.0'] }] },
    ]);
  });

  it('does not match the fixed versions, or a withdrawn record', () => {
    expect(match(log4j('2.15.0'), [ghsa])).toEqual([]);
    expect(match(log4j('2.12.2'), [ghsa])).toEqual([]);
    expect(match(log4j('2.14.1'), [{ ...ghsa, withdrawn: '2024-01-01T00:00:00Z' }])).toEqual([]);
  });

  it('keeps the identity of a finding across versions', () => {
    expect(componentIdentity(log4j('2.14.1')).key).toBe(componentIdentity(log4j('2.17.1')).key);
  });
});

describe('matching by CPE', () => {
  const openssl = (cpe: string, version = '1.0.1f') => component({ name: 'openssl', version, cpe });

  it('finds Heartbleed in OpenSSL 1.0.1f with high confidence and the criterion as evidence', () => {
    const [m] = match(openssl('cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*'), [heartbleed]);
    expect(m).toMatchObject({ vulnId: 'CVE-2014-0160', method: 'cpe', confidence: 'high' });
    expect(m?.evidence[0]?.reasons).toEqual(['CPE cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:* (from 1.0.1, before 1.0.1g)']);
  });

  it('does not match the fixed 1.0.1g or the earlier 1.0.0', () => {
    expect(match(openssl('cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*', '1.0.1g'), [heartbleed])).toEqual([]);
    expect(match(openssl('cpe:2.3:a:openssl:openssl:1.0.0:*:*:*:*:*:*:*', '1.0.0'), [heartbleed])).toEqual([]);
  });

  it('indexes by vendor and product', () => {
    expect(recordPackageKeys(heartbleed)).toEqual(['cpe:openssl:openssl']);
    expect(componentIdentity(openssl('cpe:/a:openssl:openssl:1.0.1f')).packageKeys).toEqual(['cpe:openssl:openssl']);
  });
});

describe('identity', () => {
  it('calls a component without purl or CPE unmatchable', () => {
    expect(componentIdentity(component({ name: 'vendor-blob', version: '1' })).packageKeys).toEqual([]);
    expect(componentIdentity(component({ name: 'x', version: '1', purl: 'pkg:generic/x@1' })).packageKeys).toEqual([]);
  });

  it('names a vulnerability by its lowest CVE', () => {
    expect(vulnerabilityId('GHSA-jfh8-c2jp-5v3q', ['CVE-2021-44228'])).toBe('CVE-2021-44228');
    expect(vulnerabilityId('PYSEC-1', ['CVE-2021-1000', 'CVE-2021-999', 'GHSA-x'])).toBe('CVE-2021-999');
    expect(vulnerabilityId('RUSTSEC-2021-0001', [])).toBe('RUSTSEC-2021-0001');
  });
});
