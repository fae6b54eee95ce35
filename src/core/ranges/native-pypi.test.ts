import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pypiScheme } from '../versions/pypi.js';
import { intervalsContain } from './interval.js';
import { parsePypiSpecifiers } from './native-pypi.js';
import vectors from './testdata/packaging-specifiers.json' with { type: 'json' };
import fromNative from './testdata/pypi_range_from_native_test.json' with { type: 'json' };

function spec(s: string, prereleases?: boolean) {
  const r = parsePypiSpecifiers(s, prereleases === undefined ? {} : { prereleases });
  if (!r.ok) throw new Error(`${s}: ${r.error.message}`);
  return r.value;
}

describe('packaging tests/test_specifiers.py vectors (packaging 26.2)', () => {
  it.each(vectors.test_specifiers_valid)('valid: %s', (s) => expect(parsePypiSpecifiers(s).ok).toBe(true));
  it.each(vectors.test_specifiers_invalid)('invalid: %j', (s) => expect(parsePypiSpecifiers(s).ok).toBe(false));
  it.each(vectors.test_specifiers_normalized)('normalized versions are accepted with every operator: %j', (v) => {
    const ops = v.includes('+') ? ['==', '!='] : ['~=', '==', '!=', '<=', '>=', '<', '>'];
    for (const op of ops) expect(parsePypiSpecifiers(op + v).ok, op + v).toBe(true);
  });
  it.each(vectors.test_specifiers_true as [string, string][])('%s in %s', (v, s) => expect(spec(s).contains(v)).toBe(true));
  it.each(vectors.test_specifiers_false as [string, string][])('%s not in %s', (v, s) => expect(spec(s).contains(v)).toBe(false));
  it.each(vectors.test_invalid_version as [string, string, boolean][])('%s contains %j: %s', (s, v, expected) => expect(spec(s).contains(v)).toBe(expected));
  it.each(vectors.test_arbitrary_equality as [string, string, boolean][])('=== : %s in %s is %s', (v, s, expected) => expect(spec(s).contains(v)).toBe(expected));
  it.each(vectors.test_arbitrary_equality_normalization_strings as [string, string, boolean][])('=== raw strings: %s contains %s is %s', (s, v, expected) =>
    expect(spec(s).contains(v)).toBe(expected),
  );
  it.each(vectors.test_specifier_prereleases_contains as [string, string, boolean][])('%s contains %s: %s', (s, v, expected) => expect(spec(s).contains(v)).toBe(expected));
  it.each(vectors.test_specifier_prereleases_set_false as [string, string, boolean][])('prereleases=False: %s contains %s: %s', (s, v, expected) =>
    expect(spec(s, false).contains(v)).toBe(expected),
  );
});

describe('specifier sets', () => {
  it('intersects comma-separated specifiers; an empty set allows everything', () => {
    const s = spec('>=1.0, !=1.3.*, <2.0');
    expect(['0.9', '1.0', '1.2.9', '1.3', '1.3.5', '1.4', '2.0', '2.0rc1'].map((v) => s.contains(v))).toEqual([false, true, true, false, false, true, false, false]);
    expect(spec('').contains('9.9a1')).toBe(true);
    expect(spec(' , ').contains('1')).toBe(true);
  });

  it('PyPI epochs and post-releases', () => {
    expect(spec('>=1!0.1').contains('2024.1')).toBe(false);
    expect(spec('<1!0').contains('2024.1')).toBe(true);
    expect(spec('==1.0.post1').contains('1.0.post1')).toBe(true);
    expect(spec('~=1.4.5').contains('1.4.5.post3')).toBe(true);
    expect(spec('~=1.4.5').contains('1.5')).toBe(false);
  });

  it('reports the offending position', () => {
    const at = (s: string) => {
      const r = parsePypiSpecifiers(s);
      return r.ok ? undefined : [r.error.code, r.error.position];
    };
    expect(at('>=1.0, =>2')).toEqual(['range.pypi.operator', 7]);
    expect(at('>=1.0,<2.0 extra')).toEqual(['range.pypi.trailing', 11]);
    expect(at('>=1.0, >=1.*')).toEqual(['range.pypi.version', 9]);
    expect(parsePypiSpecifiers('>=1,'.repeat(30_000)).ok).toBe(false);
    expect(parsePypiSpecifiers(`==${'1.'.repeat(2000)}1`).ok).toBe(true);
  });
});

describe('intervals and vers', () => {
  it('vers-spec tests/pypi_range_from_native_test.json (operator-by-operator mapping)', () => {
    for (const t of fromNative.tests) expect(spec(t.input.native_range).toVers()).toEqual({ ok: true, value: t.expected_output });
  });

  it('the vers-spec pypi type examples with "||" unions (types/pypi-definition.json)', () => {
    const cases: [string, string][] = [
      ['>=1.0a1,<1.0.5||>=1.1b1,<1.1.1', 'vers:pypi/>=1.0a1|<1.0.5|>=1.1b1|<1.1.1'],
      ['>=5.0.0,<5.0.12||>=6.0.0,<6.0.5||>=6.1.0,<6.2.2', 'vers:pypi/>=5.0.0|<5.0.12|>=6.0.0|<6.0.5|>=6.1.0|<6.2.2'],
      ['<21.2.3||>=22.0.0,<22.2.3||>=23.0.0,<23.0.3', 'vers:pypi/<21.2.3|>=22.0.0|<22.2.3|>=23.0.0|<23.0.3'],
      ['==2.3.0||==3.0.0', 'vers:pypi/2.3.0|3.0.0'],
    ];
    for (const [native, vers] of cases) {
      const r = parsePypiSpecifiers(native, { allowOr: true });
      expect(r.ok && r.value.toVers()).toEqual({ ok: true, value: vers });
    }
  });

  it('exact intervals follow packaging 26.2 ranges', () => {
    expect(spec('<2.0').toVers({ exact: true })).toEqual({ ok: true, value: 'vers:pypi/<2.0.dev0' });
    expect(spec('==1.0').toVers({ exact: true })).toEqual({ ok: true, value: 'vers:pypi/>=1.0|<1.0.post0.dev0' });
    expect(spec('==1.2.*').toVers({ exact: true })).toEqual({ ok: true, value: 'vers:pypi/>=1.2.dev0|<1.3.dev0' });
    expect(spec('~=2.2').toVers({ exact: true })).toEqual({ ok: true, value: 'vers:pypi/>=2.2|<3.dev0' });
    expect(spec('>1.0a1').toVers({ exact: true })).toEqual({ ok: true, value: 'vers:pypi/>=1.0a2.dev0' });
    expect(spec('>=1.0,<2.0').intervalsExact).toBe(true);
    expect(spec('>1.0').intervalsExact).toBe(false);
  });

  it('when intervals are exact they agree with contains (property)', () => {
    const version = fc
      .tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.constantFrom('', 'a1', 'rc2', '.post1', '.dev0', '.post0.dev1', '+loc', 'b1+x'))
      .map(([a, b, s]) => `${a}.${b}${s}`);
    const op = fc.constantFrom('==', '!=', '<=', '>=', '<', '>', '~=');
    const specifier = fc.oneof(
      fc.tuple(op, version).filter(([o, v]) => !(v.includes('+') && o !== '==' && o !== '!=')).map(([o, v]) => o + v),
      fc.tuple(fc.constantFrom('==', '!='), fc.nat({ max: 3 }), fc.nat({ max: 3 })).map(([o, a, b]) => `${o}${a}.${b}.*`),
    );
    fc.assert(
      fc.property(fc.array(specifier, { minLength: 1, maxLength: 3 }), fc.array(version, { minLength: 1, maxLength: 10 }), (specs, versions) => {
        const r = parsePypiSpecifiers(specs.join(','));
        expect(r.ok, specs.join(',')).toBe(true);
        if (!r.ok || !r.value.intervalsExact) return;
        for (const v of versions) {
          const p = pypiScheme.parse(v);
          if (!p.ok) continue;
          expect(intervalsContain(pypiScheme, r.value.intervals, p.value), `${v} in ${specs.join(',')}`).toBe(r.value.contains(v));
        }
      }),
      { numRuns: 1500 },
    );
  });
});
