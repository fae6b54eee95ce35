import { describe, expect, it } from 'vitest';
import { checkStatements, productsOverlap } from './checks.js';
import { statement } from './test-support.js';

const T = '2021-12-13T10:00:00Z';
const log4j = (p: { version?: string; range?: string }) => ({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', subcomponents: [], ...p });
const codes = (issues: { code: string; location?: string }[]) => issues.map((i) => `${i.code} ${i.location ?? ''}`);

describe('contradictions across aliases', () => {
  it('judges a CVE and a GHSA id together when a statement lists the other as an alias', () => {
    const a = statement({ vulnerability: { id: 'CVE-2021-44228', aliases: [{ id: 'GHSA-jfh8-c2jp-5v3q', system: 'GitHub' }] }, state: 'exploitable', responses: ['update'], products: [log4j({ version: '2.14.1' })], firstIssued: T });
    const b = statement({ vulnerability: { id: 'GHSA-jfh8-c2jp-5v3q', aliases: [] }, state: 'not_affected', justification: 'code_not_reachable', products: [log4j({ version: '2.14.1' })], firstIssued: T });
    const issues = checkStatements([{ statement: a, location: '/0' }, { statement: b, location: '/1' }], undefined);
    expect(codes(issues)).toEqual(['contradictory-statements /1']);
    expect(issues[0]!.message).toContain('(as CVE-2021-44228, an alias)');
  });

  it('keeps unrelated ids apart', () => {
    const a = statement({ vulnerability: { id: 'CVE-2021-44228', aliases: [] }, state: 'exploitable', responses: ['update'], products: [log4j({ version: '2.14.1' })], firstIssued: T });
    const b = statement({ vulnerability: { id: 'GHSA-jfh8-c2jp-5v3q', aliases: [] }, state: 'not_affected', justification: 'code_not_reachable', products: [log4j({ version: '2.14.1' })], firstIssued: T });
    expect(codes(checkStatements([{ statement: a, location: '/0' }, { statement: b, location: '/1' }], undefined))).toEqual([]);
  });
});

describe('contradictions across overlapping versions', () => {
  it('finds a version inside a vers range and intersecting ranges, not disjoint ones', () => {
    expect(productsOverlap(log4j({ range: 'vers:maven/>=2.0.0|<2.15.0' }), log4j({ version: '2.14.1' }))).toBe(true);
    expect(productsOverlap(log4j({ range: 'vers:maven/>=2.0.0|<2.15.0' }), log4j({ version: '2.17.1' }))).toBe(false);
    expect(productsOverlap(log4j({ range: 'vers:maven/>=2.0.0|<2.15.0' }), log4j({ range: 'vers:maven/>=2.14.0|<2.16.0' }))).toBe(true);
    expect(productsOverlap(log4j({ range: 'vers:maven/>=2.0.0|<2.15.0' }), log4j({ range: 'vers:maven/>=2.15.0' }))).toBe(false);
    // <= meets >= at one version.
    expect(productsOverlap(log4j({ range: 'vers:maven/<=2.15.0' }), log4j({ range: 'vers:maven/>=2.15.0' }))).toBe(true);
    expect(productsOverlap(log4j({ version: '2.14.1' }), log4j({ version: '2.14.0' }))).toBe(false);
    // Another type's order is not assumed.
    expect(productsOverlap(log4j({ range: 'vers:maven/>=2.0.0' }), log4j({ range: 'vers:npm/>=2.0.0' }))).toBe(false);
  });

  it('refuses two statuses for a version and a range holding it at one time, and warns when they are a sequence', () => {
    const range = statement({ vulnerability: { id: 'CVE-2021-44228', aliases: [] }, state: 'exploitable', responses: ['update'], products: [log4j({ range: 'vers:maven/>=2.0.0|<2.15.0' })], firstIssued: T });
    const version = statement({ vulnerability: { id: 'CVE-2021-44228', aliases: [] }, state: 'not_affected', justification: 'code_not_present', products: [log4j({ version: '2.14.1' })], firstIssued: T });
    const issues = checkStatements([{ statement: range, location: '/0' }, { statement: version, location: '/1' }], undefined);
    expect(codes(issues)).toEqual(['contradictory-statements /1']);
    expect(issues[0]!.message).toContain('(overlapping pkg:maven/org.apache.logging.log4j/log4j-core vers:maven/>=2.0.0|<2.15.0)');
    const later = { ...version, firstIssued: '2021-12-20T00:00:00Z' };
    expect(codes(checkStatements([{ statement: range, location: '/0' }, { statement: later, location: '/1' }], undefined))).toEqual(['superseded-statement /1']);
  });
});
