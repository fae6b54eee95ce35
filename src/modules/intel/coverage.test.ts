import { describe, expect, it } from 'vitest';
import { componentCoverage } from './coverage.js';
import type { MatchableComponent } from './matching.js';

const component = (c: Partial<MatchableComponent>): MatchableComponent => ({ name: 'x', group: null, version: '1.0', purl: null, cpe: null, ...c });
const codes = (c: Partial<MatchableComponent>) => componentCoverage(component(c)).reasons.map((r) => r.code);

describe('componentCoverage', () => {
  it('reaches a versioned component with an OSV purl by purl, and one with only a named CPE by CPE', () => {
    expect(componentCoverage(component({ purl: 'pkg:npm/lodash@4.17.15', version: '4.17.15' }))).toEqual({ by: 'purl', reasons: [] });
    expect(componentCoverage(component({ cpe: 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*' }))).toEqual({ by: 'cpe', reasons: [] });
    // A purl OSV cannot use does not stop a usable CPE.
    expect(componentCoverage(component({ purl: 'pkg:generic/busybox@1.36.1', cpe: 'cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*' })).by).toBe('cpe');
  });

  it('says why a component is unmatchable, every reason that applies', () => {
    expect(codes({})).toEqual(['no-identifier']);
    expect(codes({ purl: 'pkg:generic/zlib@1.3.1' })).toEqual(['no-osv-ecosystem']);
    expect(codes({ purl: 'pkg:rpm/acme/tool@1.0' })).toEqual(['no-osv-ecosystem']);
    expect(codes({ purl: 'not a purl' })).toEqual(['invalid-purl']);
    expect(codes({ cpe: 'cpe:2.3:a:openssl' })).toEqual(['invalid-cpe']);
    expect(codes({ cpe: 'cpe:2.3:a:*:libfoo:1.0:*:*:*:*:*:*:*' })).toEqual(['cpe-without-product']);
    expect(codes({ purl: 'pkg:npm/lodash', version: null })).toEqual(['no-version']);
    expect(codes({ version: null })).toEqual(['no-identifier', 'no-version']);
    expect(codes({ purl: 'pkg:generic/zlib', cpe: 'cpe:2.3:a:*:*:*:*:*:*:*:*:*:*', version: null })).toEqual(['no-osv-ecosystem', 'cpe-without-product', 'no-version']);
  });

  it('writes messages a person can act on', () => {
    const [reason] = componentCoverage(component({ purl: 'pkg:rpm/acme/tool@1.0' })).reasons;
    expect(reason!.message).toBe('pkg:rpm/acme package URLs name no OSV ecosystem, so no advisory ranges apply.');
    expect(componentCoverage(component({ purl: 'not a purl' })).reasons[0]!.message).toMatch(/^The package URL does not parse: /);
  });
});
