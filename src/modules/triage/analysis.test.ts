import { describe, expect, it } from 'vitest';
import { checkAnalysis, isOpenWork, sameAnalysis, type Analysis } from './analysis.js';
import { purlWithoutVersion, ruleComponent } from './suppression.js';

const a = (over: Partial<Analysis>): Analysis => ({ state: 'in_triage', justification: null, responses: [], detail: null, ...over });
const pointers = (x: Analysis) => checkAnalysis(x).map((e) => e.pointer);

describe('checkAnalysis', () => {
  it('allows a justification only with not_affected (every CycloneDX justification says why a product is not affected)', () => {
    expect(pointers(a({ state: 'not_affected', justification: 'code_not_present' }))).toEqual([]);
    for (const state of ['in_triage', 'exploitable', 'resolved', 'resolved_with_pedigree', 'false_positive'] as const) {
      expect(pointers(a({ state, justification: 'protected_at_runtime' })), state).toEqual(['/body/justification']);
    }
  });

  it('needs a justification or an impact statement for not_affected (CISA minimum requirements)', () => {
    expect(pointers(a({ state: 'not_affected' }))).toEqual(['/body/justification']);
    expect(pointers(a({ state: 'not_affected', detail: ' \n' }))).toEqual(['/body/justification']);
    expect(pointers(a({ state: 'not_affected', detail: 'The feature is compiled out.' }))).toEqual([]);
  });

  it('refuses a response listed twice and an over-long detail, at their pointers', () => {
    expect(pointers(a({ state: 'exploitable', responses: ['update', 'workaround_available', 'update'] }))).toEqual(['/body/responses/2']);
    expect(checkAnalysis(a({ detail: 'x'.repeat(10_001) }), '/body/change').map((e) => e.pointer)).toEqual(['/body/change/detail']);
  });
});

describe('open work', () => {
  it('is undecided: nothing yet, in_triage, or exploitable without a response', () => {
    expect(isOpenWork(null, [])).toBe(true);
    expect(isOpenWork('in_triage', [])).toBe(true);
    expect(isOpenWork('exploitable', [])).toBe(true);
    expect(isOpenWork('exploitable', ['update'])).toBe(false);
    expect(isOpenWork('not_affected', [])).toBe(false);
  });

  it('compares analyses with responses as sets', () => {
    expect(sameAnalysis({ state: 'exploitable', justification: null, responses: ['rollback', 'update'], detail: null }, a({ state: 'exploitable', responses: ['update', 'rollback'] }))).toBe(true);
    expect(sameAnalysis({ state: 'exploitable', justification: null, responses: ['update'], detail: 'x' }, a({ state: 'exploitable', responses: ['update'] }))).toBe(false);
  });
});

describe('suppression rule components', () => {
  it('strips version, qualifiers and subpath from a package URL, keeping an npm scope', () => {
    expect(purlWithoutVersion('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar')).toEqual({ key: 'pkg:maven/org.apache.logging.log4j/log4j-core', version: '2.14.1' });
    expect(purlWithoutVersion('pkg:npm/%40angular/core@12.0.0#packages/core')).toEqual({ key: 'pkg:npm/%40angular/core', version: '12.0.0' });
    expect(purlWithoutVersion('pkg:npm/@angular/core@12.0.0')).toEqual({ key: 'pkg:npm/@angular/core', version: '12.0.0' });
    expect(purlWithoutVersion('pkg:NPM/Lodash')).toEqual({ key: 'pkg:npm/lodash', version: null });
    expect(purlWithoutVersion('pkg:golang/example.com/mod@v1.2.3%2Bincompatible')).toEqual({ key: 'pkg:golang/example.com/mod', version: 'v1.2.3+incompatible' });
  });

  it('tells package URLs from names', () => {
    expect(ruleComponent('pkg:npm/lodash@4.17.15')).toEqual({ kind: 'purl', component: 'pkg:npm/lodash', version: '4.17.15' });
    expect(ruleComponent(' OpenSSL ')).toEqual({ kind: 'name', component: 'OpenSSL', version: null });
    expect(() => ruleComponent('pkg:lodash')).toThrow(/Not a package URL/);
  });
});
