import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import semver from 'semver';
import { parseNpmRange } from './native-npm.js';
import { parseVers, versContains } from './vers.js';

function range(s: string, includePrerelease = false) {
  const r = parseNpmRange(s, { includePrerelease });
  if (!r.ok) throw new Error(`${s}: ${r.error.message}`);
  return r.value;
}

// Expected values hand-worked from the node-semver README ("Advanced Range Syntax").
describe('npm ranges: documented desugarings', () => {
  it('caret', () => {
    const r = range('^1.2.3');
    expect(r.normalized).toBe('>=1.2.3 <2.0.0-0');
    expect(['1.2.3', '1.9.9'].map((v) => r.contains(v))).toEqual([true, true]);
    expect(['1.2.2', '2.0.0', '1.3.0-beta'].map((v) => r.contains(v))).toEqual([false, false, false]);
    expect(range('^0.2.3').normalized).toBe('>=0.2.3 <0.3.0-0');
    expect(range('^0.0.3').normalized).toBe('>=0.0.3 <0.0.4-0');
  });

  it('pre-releases only match on the tuple a comparator names', () => {
    const r = range('^1.2.3-beta.2');
    expect(r.contains('1.2.3-beta.4')).toBe(true);
    expect(r.contains('1.2.4-beta.1')).toBe(false);
    expect(range('^1.2.3-beta.2', true).contains('1.2.4-beta.1')).toBe(true);
  });

  it('tilde, x-ranges, hyphen ranges and unions', () => {
    expect(range('~1.2.3').normalized).toBe('>=1.2.3 <1.3.0-0');
    expect(range('~1').normalized).toBe('>=1.0.0 <2.0.0-0');
    expect(range('1.x').normalized).toBe('>=1.0.0 <2.0.0-0');
    expect(range('1.2.3 - 2.3').normalized).toBe('>=1.2.3 <2.4.0-0');
    expect(range('1.2 - 2.3.4').normalized).toBe('>=1.2.0 <=2.3.4');
    expect(range('<=1.2.x').normalized).toBe('<1.3.0-0');
    const union = range('<1.0.0 || >=2.0.0 <2.1.0');
    expect(['0.9.0', '1.5.0', '2.0.5', '2.1.0'].map((v) => union.contains(v))).toEqual([true, false, true, false]);
    expect(range('*').contains('5.0.0')).toBe(true);
    expect(range('').contains('0.0.1')).toBe(true);
  });

  it('converts to vers (the pre-release rule has no vers equivalent)', () => {
    expect(range('^1.2.3').toVers()).toEqual({ ok: true, value: 'vers:npm/>=1.2.3|<2.0.0-0' });
    expect(range('<1.0.0 || >=2.0.0 <2.1.0').toVers()).toEqual({ ok: true, value: 'vers:npm/<1.0.0|>=2.0.0|<2.1.0' });
    expect(range('1.2.3 || 1.2.4').toVers()).toEqual({ ok: true, value: 'vers:npm/1.2.3|1.2.4' });
    expect(range('*').toVers()).toEqual({ ok: true, value: 'vers:npm/*' });
    // node-semver's "null set" stays an (empty in practice) interval below the lowest version.
    expect(range('>1.x').toVers()).toEqual({ ok: true, value: 'vers:npm/>=2.0.0' });
    expect(range('<0.0.0-0').toVers()).toEqual({ ok: true, value: 'vers:npm/<0.0.0-0' });
    expect(range('^1.2.3').intervalsExact).toBe(false);
  });

  it('reports invalid ranges with the offending character', () => {
    const r = parseNpmRange('>=1.2.3 <2.0.0 ; rm');
    expect(!r.ok && r.error).toMatchObject({ code: 'range.npm.invalid', position: 15 });
    expect(parseNpmRange('>=1.2.3.4').ok).toBe(false);
    expect(parseNpmRange('x'.repeat(100_000)).ok).toBe(false);
    expect(parseNpmRange(`${'1.2.3 || '.repeat(400)}1.2.3`).ok).toBe(true);
  });
});

describe('npm ranges: differential test against semver.satisfies', () => {
  const part = fc.oneof(fc.integer({ min: 0, max: 3 }).map(String), fc.constantFrom('x', 'X', '*'));
  const pre = fc.constantFrom('', '-alpha', '-alpha.1', '-beta.2', '-rc.1', '-0');
  const partial = fc.oneof(
    part,
    fc.tuple(part, part).map(([a, b]) => `${a}.${b}`),
    fc.tuple(part, part, part, pre).map(([a, b, c, p]) => `${a}.${b}.${c}${/^\d/.test(c) ? p : ''}`),
  );
  const prefixed = fc.tuple(fc.constantFrom('', '', 'v', '='), partial).map(([p, v]) => p + v);
  const op = fc.constantFrom('', '=', '<', '<=', '>', '>=', '~', '~>', '^');
  const comparator = fc.tuple(op, fc.constantFrom('', ' '), prefixed).map(([o, sp, v]) => (o === '' ? v : o + sp + v));
  const set = fc.oneof(
    fc.array(comparator, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(' ')),
    fc.tuple(prefixed, prefixed).map(([a, b]) => `${a} - ${b}`),
  );
  const rangeArb = fc.array(set, { minLength: 1, maxLength: 3 }).chain((sets) => fc.constantFrom(' || ', '||').map((sep) => sets.join(sep)));
  const version = fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), pre)
    .map(([a, b, c, p]) => `${a}.${b}.${c}${p}`);

  it('accepts exactly what node-semver accepts and agrees on every version', () => {
    fc.assert(
      fc.property(rangeArb, fc.array(version, { minLength: 5, maxLength: 15 }), fc.boolean(), (r, versions, includePrerelease) => {
        const mine = parseNpmRange(r, { includePrerelease });
        const valid = semver.validRange(r, { includePrerelease }) !== null;
        expect(mine.ok, r).toBe(valid);
        if (!mine.ok) return;
        for (const v of versions) {
          expect(mine.value.contains(v), `${v} in ${r}`).toBe(semver.satisfies(v, r, { includePrerelease }));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('vers conversion agrees with node-semver on versions without a pre-release tag', () => {
    fc.assert(
      fc.property(rangeArb, fc.array(version.filter((v) => !v.includes('-')), { minLength: 5, maxLength: 10 }), (r, versions) => {
        const mine = parseNpmRange(r);
        if (!mine.ok) return;
        const v = mine.value.toVers();
        if (!v.ok) {
          for (const x of versions) expect(semver.satisfies(x, r)).toBe(false);
          return;
        }
        const parsed = parseVers(v.value);
        expect(parsed.ok, v.value).toBe(true);
        if (!parsed.ok) return;
        for (const x of versions) expect(versContains(parsed.value, x), `${x} in ${r} = ${v.value}`).toEqual({ ok: true, value: semver.satisfies(x, r) });
      }),
      { numRuns: 1500 },
    );
  });
});
