import { describe, expect, it } from 'vitest';
import type { IntelIssue } from '../intel/model.js';
import { productConfiguration, quoteWfnValue } from './cve5-affected.js';
import type { Cve5Product } from './cve5-schema.js';
import { isVulnerable } from './test-support.js';

// Products below reuse real records' `affected` entries (CVE-2021-44228's Apache versions, CVE-2014-0160's
// OpenSSL range) with the CPE names NVD uses for those products, to exercise each mapping rule.

const LOG4J_ANY = 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*';
const OPENSSL_ANY = 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*';

function map(product: Cve5Product): { config: ReturnType<typeof productConfiguration>; issues: IntelIssue[] } {
  const issues: IntelIssue[] = [];
  return { config: productConfiguration(product, '/containers/cna/affected/0', undefined, issues), issues };
}

function criteria(product: Cve5Product): unknown[] {
  return [...(map(product).config?.nodes[0]?.cpeMatch ?? [])];
}

describe('CVE 5 affected[] → NVD configuration', () => {
  it('splits a range with status changes into one criterion per affected segment (log4j 2.x)', () => {
    const product: Cve5Product = {
      vendor: 'Apache Software Foundation',
      product: 'Apache Log4j2',
      cpes: [LOG4J_ANY],
      versions: [
        {
          version: '2.0-beta9',
          status: 'affected',
          lessThan: '*',
          versionType: 'custom',
          changes: [
            { at: '2.3.1', status: 'unaffected' },
            { at: '2.4', status: 'affected' },
            { at: '2.12.2', status: 'unaffected' },
            { at: '2.13.0', status: 'affected' },
            { at: '2.15.0', status: 'unaffected' },
          ],
        },
      ],
    };
    const { config, issues } = map(product);
    expect(issues).toEqual([]);
    expect(config?.nodes[0]?.cpeMatch).toEqual([
      { vulnerable: true, criteria: LOG4J_ANY, versionStartIncluding: '2.0-beta9', versionEndExcluding: '2.3.1' },
      { vulnerable: true, criteria: LOG4J_ANY, versionStartIncluding: '2.4', versionEndExcluding: '2.12.2' },
      { vulnerable: true, criteria: LOG4J_ANY, versionStartIncluding: '2.13.0', versionEndExcluding: '2.15.0' },
    ]);
    const log4j = (v: string): string => `cpe:2.3:a:apache:log4j:${v}:*:*:*:*:*:*:*`;
    expect(isVulnerable([config!], log4j('2.14.1'))).toBe(true);
    expect(isVulnerable([config!], log4j('2.3.0'))).toBe(true);
    expect(isVulnerable([config!], log4j('2.3.1'))).toBe(false);
    expect(isVulnerable([config!], log4j('2.12.2'))).toBe(false);
    expect(isVulnerable([config!], log4j('2.15.0'))).toBe(false);
  });

  it('maps version/lessThan to a start-inclusive, end-exclusive range (OpenSSL 1.0.1 before 1.0.1g)', () => {
    const product: Cve5Product = { cpes: [OPENSSL_ANY], versions: [{ version: '1.0.1', status: 'affected', lessThan: '1.0.1g', versionType: 'custom' }] };
    const { config } = map(product);
    expect(config?.nodes[0]?.cpeMatch).toEqual([{ vulnerable: true, criteria: OPENSSL_ANY, versionStartIncluding: '1.0.1', versionEndExcluding: '1.0.1g' }]);
    expect(isVulnerable([config!], 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*')).toBe(true);
    expect(isVulnerable([config!], 'cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*')).toBe(false);
    expect(isVulnerable([config!], 'cpe:2.3:a:openssl:openssl:1.0.0:*:*:*:*:*:*:*')).toBe(false);
  });

  it('drops the lower bound for version "0" and "*", and the upper bound for lessThan "*"', () => {
    expect(criteria({ cpes: [OPENSSL_ANY], versions: [{ version: '0', status: 'affected', lessThanOrEqual: '1.0.1f', versionType: 'custom' }] })).toEqual([
      { vulnerable: true, criteria: OPENSSL_ANY, versionEndIncluding: '1.0.1f' },
    ]);
    expect(criteria({ cpes: [OPENSSL_ANY], versions: [{ version: '*', status: 'affected', lessThan: '*', versionType: 'custom' }] })).toEqual([{ vulnerable: true, criteria: OPENSSL_ANY }]);
  });

  it('names each single affected version in the CPE itself', () => {
    expect(
      criteria({
        cpes: [OPENSSL_ANY],
        versions: [
          { version: '1.0.1f', status: 'affected' },
          { version: '1.0.1g', status: 'unaffected' },
        ],
      }),
    ).toEqual([{ vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*' }]);
  });

  it('keeps a CPE with a literal version as one criterion, whatever the versions say', () => {
    const cpes = ['cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*', 'cpe:2.3:a:apache:log4j:2.0:rc1:*:*:*:*:*:*'];
    const { config, issues } = map({ cpes, versions: [{ version: 'n/a', status: 'affected' }] });
    expect(issues).toEqual([]);
    expect(config?.nodes[0]?.cpeMatch).toEqual(cpes.map((criteria) => ({ vulnerable: true, criteria })));
  });

  it('converts CPE 2.2 URIs to the formatted-string binding', () => {
    expect(criteria({ cpes: ['cpe:/a:openssl:openssl:1.0.1f'], versions: [{ version: '1.0.1f', status: 'affected' }] })).toEqual([
      { vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*' },
    ]);
  });

  it('maps nothing for products without CPEs, or with nothing affected', () => {
    expect(map({ vendor: 'Baxter', product: 'Life2000 Ventilation System', versions: [{ version: '06.08.00.00 and prior', status: 'affected' }] })).toEqual({ config: undefined, issues: [] });
    expect(map({ cpes: [OPENSSL_ANY], versions: [{ version: '1.0.1g', status: 'unaffected', lessThan: '*', versionType: 'custom' }], defaultStatus: 'unknown' })).toEqual({
      config: undefined,
      issues: [],
    });
  });

  it('treats defaultStatus "affected" without versions as every version', () => {
    expect(criteria({ cpes: [OPENSSL_ANY], defaultStatus: 'affected' })).toEqual([{ vulnerable: true, criteria: OPENSSL_ANY }]);
  });

  it('warns when defaultStatus "affected" has exceptions NVD criteria cannot carry', () => {
    const { config, issues } = map({ cpes: [OPENSSL_ANY], defaultStatus: 'affected', versions: [{ version: '1.0.1g', status: 'unaffected', lessThan: '*', versionType: 'custom' }] });
    expect(config).toBeUndefined();
    expect(issues.map((i) => [i.severity, i.code, i.location])).toEqual([['warning', 'cve5.default_affected.unexpressible', '/containers/cna/affected/0/defaultStatus']]);
  });

  it('warns about version series bounds and free-text versions, and keeps the rest', () => {
    const { config, issues } = map({
      cpes: [OPENSSL_ANY],
      versions: [
        { version: '1.0', status: 'affected', lessThan: '1.*', versionType: 'semver' },
        { version: '06.08.00.00 and prior', status: 'affected' },
        { version: '1.0.1', status: 'affected', lessThan: '1.0.1g', versionType: 'custom' },
      ],
    });
    expect(issues.map((i) => [i.code, i.location])).toEqual([
      ['cve5.version.unexpressible', '/containers/cna/affected/0/versions/0'],
      ['cve5.version.unexpressible', '/containers/cna/affected/0/versions/1'],
    ]);
    expect(config?.nodes[0]?.cpeMatch).toHaveLength(1);
  });

  it('skips commit ranges (git), which a CPE version cannot be ordered against', () => {
    // The commit ids are placeholders: only their versionType matters here.
    expect(map({ cpes: [OPENSSL_ANY], versions: [{ version: '96db9023b881d7cd9f379b0c154650d6c108e9a3', status: 'affected', lessThan: 'a3a5d4e8ed15ef8e1d3f6a0d4e9f5b2c7a1e0f9d', versionType: 'git' }] })).toEqual({
      config: undefined,
      issues: [],
    });
  });

  it('warns about an invalid CPE and maps the valid ones', () => {
    const { config, issues } = map({ cpes: ['cpe:2.3:a:openssl', OPENSSL_ANY], versions: [{ version: '1.0.1f', status: 'affected' }] });
    expect(issues.map((i) => [i.code, i.location])).toEqual([['cve5.cpe.invalid', '/containers/cna/affected/0/cpes/0']]);
    expect(config?.nodes[0]?.cpeMatch).toHaveLength(1);
  });

  it('quotes raw versions for a WFN and refuses what CPE cannot carry', () => {
    expect(quoteWfnValue('2.0-beta9')).toBe('2\\.0\\-beta9');
    expect(quoteWfnValue('2023.3_build_9342')).toBe('2023\\.3_build_9342');
    expect(quoteWfnValue('2.4A or lower')).toBeUndefined();
    expect(quoteWfnValue('–')).toBeUndefined();
    expect(quoteWfnValue('-')).toBeUndefined();
  });
});
