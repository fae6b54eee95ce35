import { describe, expect, it } from 'vitest';
import { fixedIn } from './fixed-in.js';

describe('fixedIn', () => {
  it('collects fixed and last_affected events per OSV package in the ecosystem’s order, leaving git ranges out', () => {
    const result = fixedIn([
      {
        recordId: 'GHSA-1',
        affected: [
          { package: { ecosystem: 'Maven', name: 'g:a' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.13.0' }, { fixed: '2.15.0' }] }] },
          { package: { ecosystem: 'Maven', name: 'g:a' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.3.1' }] }, { type: 'GIT', repo: 'https://x', events: [{ introduced: '0' }, { fixed: 'abc123' }] }] },
          { package: { ecosystem: 'PyPI', name: 'pkg' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { last_affected: '1.9' }] }] },
          { package: { ecosystem: 'npm', name: 'listed-only' }, versions: ['1.0.0'] },
        ],
        cpeConfigurations: [],
      },
    ]);
    expect(result).toEqual([
      { via: 'osv', ecosystem: 'Maven', package: 'g:a', fixed: ['2.3.1', '2.15.0'], lastAffected: [], recordIds: ['GHSA-1'] },
      { via: 'osv', ecosystem: 'PyPI', package: 'pkg', fixed: [], lastAffected: ['1.9'], recordIds: ['GHSA-1'] },
    ]);
  });

  it('reads CPE end bounds of vulnerable criteria only for records that name no packages', () => {
    const configurations = [
      {
        nodes: [
          {
            operator: 'OR' as const,
            cpeMatch: [
              { vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*', versionStartIncluding: '1.0.1', versionEndExcluding: '1.0.1g' },
              { vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*', versionEndIncluding: '0.9.8zz' },
              { vulnerable: false, criteria: 'cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*', versionEndExcluding: '6.0' },
              { vulnerable: true, criteria: 'cpe:2.3:a:acme:tool:2.0:*:*:*:*:*:*:*' },
            ],
          },
        ],
      },
    ];
    expect(fixedIn([{ recordId: 'CVE-1', affected: [], cpeConfigurations: configurations }])).toEqual([
      { via: 'cpe', ecosystem: null, package: 'openssl:openssl', fixed: ['1.0.1g'], lastAffected: ['0.9.8zz'], recordIds: ['CVE-1'] },
    ]);
    // A record with OSV packages is read by its ranges; its CPEs would only repeat them.
    expect(fixedIn([{ recordId: 'GHSA-2', affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }] }], cpeConfigurations: configurations }]).map((f) => f.package)).toEqual(['x']);
  });

  it('merges the same package across records', () => {
    const record = (recordId: string, fixed: string) => ({ recordId, affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }], cpeConfigurations: [] });
    expect(fixedIn([record('B', '1.10.0'), record('A', '1.9.0'), record('C', '1.10.0')])).toEqual([{ via: 'osv', ecosystem: 'npm', package: 'x', fixed: ['1.9.0', '1.10.0'], lastAffected: [], recordIds: ['A', 'B', 'C'] }]);
  });
});
