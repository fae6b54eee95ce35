import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { npmScheme } from '../versions/npm.js';
import type { VersionScheme } from '../versions/scheme.js';
import { intervalsContain } from './interval.js';
import {
  formatVers,
  intervalsToVers,
  normalizeVers,
  parseVers,
  simplifyVersConstraints,
  versContains,
  versToIntervals,
  type VersComparator,
  type VersConstraint,
} from './vers.js';
import canonicalParse from './testdata/vers_canonical_parse_test.json' with { type: 'json' };
import reserved from './testdata/vers_reserved_type_test.json' with { type: 'json' };
import npmContainment from './testdata/npm_range_containment_test.json' with { type: 'json' };
import pypiContainment from './testdata/pypi_range_containment_test.json' with { type: 'json' };
import pypiValidate from './testdata/pypi_range_validate_test.json' with { type: 'json' };

interface VersTest {
  description: string;
  test_type: string;
  input: unknown;
  expected_output?: unknown;
  expected_failure?: boolean;
  expected_message?: string;
}

const npm = npmScheme as VersionScheme<unknown>;
const pairs = (r: { constraints: readonly VersConstraint[] }) => r.constraints.map((c) => [c.comparator, c.version]);


describe('vers-spec tests/vers_canonical_parse_test.json', () => {
  for (const t of canonicalParse.tests as VersTest[]) {
    const input = t.input as string;
    it(`${t.test_type}: ${t.description} (${input})`, () => {
      if (t.test_type === 'validate') {
        expect(normalizeVers(input)).toEqual({ ok: true, value: t.expected_output });
        return;
      }
      const r = parseVers(input);
      if (t.expected_failure) {
        expect(r.ok).toBe(false);
        return;
      }
      const out = t.expected_output as { type: string; constraints: [string, string][] };
      expect(r.ok && { type: r.value.type, constraints: pairs(r.value) }).toEqual(out);
    });
  }
});

describe('vers-spec tests/vers_reserved_type_test.json', () => {
  const [example, invalid, invalidStar, containment] = reserved.tests as VersTest[];
  it('example type parses with a warning', () => {
    const r = parseVers(example!.input as string);
    expect(r.ok && pairs(r.value)).toEqual([['=', '1.2.3']]);
    expect(r.ok && r.value.warnings).toEqual([example!.expected_message]);
  });
  it('invalid type fails, even with *', () => {
    for (const t of [invalid!, invalidStar!]) {
      const r = parseVers(t.input as string);
      expect(!r.ok && r.error).toMatchObject({ code: 'vers.type.reserved-invalid', position: 5 });
    }
  });
  it('containment with a reserved type is an error', () => {
    const input = containment!.input as { vers: string; version: string };
    const r = parseVers(input.vers);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = versContains(r.value, input.version);
    expect(!c.ok && c.error.message.toLowerCase()).toContain('no version ordering is defined for the reserved vers type: example');
  });
});

describe('vers-spec containment tests (npm, pypi)', () => {
  for (const t of [...npmContainment.tests, ...pypiContainment.tests] as VersTest[]) {
    const input = t.input as { vers: string; version: string };
    it(`${input.vers} contains ${input.version}: ${String(t.expected_output)}`, () => {
      const r = parseVers(input.vers, { mode: 'lenient' });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(versContains(r.value, input.version)).toEqual({ ok: true, value: t.expected_output });
    });
  }
});

describe('vers-spec tests/pypi_range_validate_test.json (normalization = sorting)', () => {
  for (const t of pypiValidate.tests as VersTest[]) {
    it(`${t.input as string}`, () => {
      expect(normalizeVers(t.input as string)).toEqual({ ok: true, value: t.expected_output });
    });
  }
});

describe('vers parsing: errors and positions (hand-worked from Clause 5 and how-to-parse.md)', () => {
  const error = (s: string) => {
    const r = parseVers(s);
    return r.ok ? undefined : { code: r.error.code, position: r.error.position };
  };
  it('reports each rule with the offending offset', () => {
    expect(error('VERS:npm/1.0.0')).toEqual({ code: 'vers.scheme.invalid', position: 0 });
    expect(error('vers:NPM/1.0.0')).toEqual({ code: 'vers.type.case', position: 5 });
    expect(error('vers:1npm/1.0.0')).toEqual({ code: 'vers.type.invalid', position: 5 });
    expect(error('vers:npm')).toEqual({ code: 'vers.type.missing', position: 5 });
    expect(error('vers:npm/')).toEqual({ code: 'vers.constraints.empty', position: 9 });
    expect(error('vers:npm/=1.0.0')).toEqual({ code: 'vers.comparator.equals', position: 9 });
    expect(error('vers:npm/*|1.0.0')).toEqual({ code: 'vers.star.not-alone', position: 9 });
    expect(error('vers:npm/1.0.0|*')).toEqual({ code: 'vers.star.not-alone', position: 15 });
    expect(error('vers:npm/>=')).toEqual({ code: 'vers.version.empty', position: 11 });
    expect(error('vers:npm/1.0.0|1.0.0')).toEqual({ code: 'vers.duplicate', position: 15 });
    expect(error('vers:npm/>=1.0.0|>=2.0.0')).toEqual({ code: 'vers.sequence', position: 17 });
    expect(error('vers:npm/>=1.0.0|1.5.0|<2.0.0')).toEqual({ code: 'vers.sequence', position: 17 });
    expect(error('vers:npm/1.0.0|<2.0.0')).toEqual({ code: 'vers.sequence', position: 15 });
    expect(error('vers:npm/1.0|>=2.0.0')).toEqual({ code: 'vers.version.invalid', position: 9 });
    const lone = parseVers('vers:npm/1.0');
    expect(lone.ok && lone.value.warnings).toEqual(['"1.0" is not a valid npm version']);
    expect(error('vers:npm/1.0.0%3a')).toEqual({ code: 'vers.percent.noncanonical', position: 14 });
    expect(error('vers:npm/1.0.0-a*')).toEqual({ code: 'vers.version.unencoded', position: 16 });
    expect(error('vers:npm/1.0.0%')).toEqual({ code: 'vers.percent.invalid', position: 14 });
  });

  it('accepts the spec examples', () => {
    expect(parseVers('vers:npm/1.2.3|>=2.0.0|<5.0.0').ok).toBe(true);
    expect(parseVers('vers:gem/>=2.2.0|!=2.2.1|<2.3.0').ok).toBe(true);
    expect(parseVers('vers:deb/*')).toMatchObject({ ok: true, value: { star: true, constraints: [] } });
    expect(parseVers('vers:deb/>=1:1.0-1|<1:2.0-1').ok).toBe(true);
    expect(parseVers('vers:npm/!=1.0.0|!=2.0.0').ok).toBe(true);
  });

  it('lenient mode sorts without dropping, and lowercases scheme and type', () => {
    expect(normalizeVers('VERS:NPM/<2.0.0|>=1.0.0')).toEqual({ ok: true, value: 'vers:npm/>=1.0.0|<2.0.0' });
  });

  it('formats canonically, percent-encoding only what must be', () => {
    expect(formatVers({ type: 'generic', star: false, constraints: [{ comparator: '>=', version: '1.0 beta|2%' }] })).toBe('vers:generic/>=1.0%20beta%7C2%25');
  });

  it('rejects a 100,000-character pathological input in one pass', () => {
    expect(parseVers(`vers:npm/${'|'.repeat(100_000)}`).ok).toBe(false);
    expect(parseVers(`vers:npm/${'%2'.repeat(50_000)}`).ok).toBe(false);
    expect(parseVers(`vers:${'a'.repeat(100_000)}`).ok).toBe(false);
    const many = Array.from({ length: 10_000 }, (_, i) => `!=${i}.0.0`).join('|');
    expect(parseVers(`vers:npm/${many}`).ok).toBe(true);
  });
});

describe('vers simplification and containment (hand-worked)', () => {
  const c = (comparator: VersComparator, version: string): VersConstraint => ({ comparator, version });
  it('removes redundant constraints as the spec describes', () => {
    expect(simplifyVersConstraints(npm, [c('>=', '1.0.0'), c('>=', '2.0.0'), c('<', '3.0.0')])).toEqual([c('>=', '1.0.0'), c('<', '3.0.0')]);
    expect(simplifyVersConstraints(npm, [c('<', '1.0.0'), c('<=', '2.0.0')])).toEqual([c('<=', '2.0.0')]);
    expect(simplifyVersConstraints(npm, [c('=', '1.0.0'), c('<', '2.0.0')])).toEqual([c('<', '2.0.0')]);
    expect(simplifyVersConstraints(npm, [c('>', '1.0.0'), c('=', '2.0.0'), c('!=', '3.0.0')])).toEqual([c('>', '1.0.0'), c('!=', '3.0.0')]);
  });

  it('answers containment for the common shapes', () => {
    const contains = (vers: string, v: string) => {
      const r = parseVers(vers, { mode: 'lenient' });
      if (!r.ok) throw new Error(r.error.message);
      const c = versContains(r.value, v);
      if (!c.ok) throw new Error(c.error.message);
      return c.value;
    };
    expect(contains('vers:npm/>=1.0.0|<2.0.0', '1.5.0')).toBe(true);
    expect(contains('vers:npm/>=1.0.0|<2.0.0', '2.0.0')).toBe(false);
    expect(contains('vers:npm/>=1.0.0|<2.0.0', '2.0.0-rc.1')).toBe(true); // vers has no pre-release rule
    expect(contains('vers:npm/<1.0.0|>=2.0.0', '3.0.0')).toBe(true);
    expect(contains('vers:npm/!=1.0.0', '1.0.1')).toBe(true);
    expect(contains('vers:npm/!=1.0.0', '1.0.0')).toBe(false);
    expect(contains('vers:npm/1.0.0|2.0.0', '1.5.0')).toBe(false);
    expect(contains('vers:deb/>=1:1.0-1|<1:2.0-1', '1:1.5-3')).toBe(true);
    expect(contains('vers:deb/>=1:1.0-1|<1:2.0-1', '1.5-3')).toBe(false);
    expect(contains('vers:maven/>=2.0-beta9|<2.3.1', '2.3')).toBe(true);
    expect(contains('vers:pypi/>=1.0|<2.0', '1!0.5')).toBe(false);
  });
});

describe('vers properties', () => {
  const comparators: VersComparator[] = ['=', '!=', '<', '<=', '>', '>='];
  const vers = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom(...comparators)), { selector: ([n]) => n, maxLength: 8, minLength: 1 })
    .map((cs) => cs.sort((a, b) => a[0] - b[0]).map(([n, comparator]) => ({ comparator, version: `${n}.0.0` })));

  it('containment equals interval membership, and intervals round-trip through vers', () => {
    fc.assert(
      fc.property(vers, (constraints) => {
        const range = { type: 'npm', star: false, constraints };
        const intervals = versToIntervals(range, npm);
        expect(intervals.ok).toBe(true);
        if (!intervals.ok) return;
        const back = intervalsToVers('npm', npm, intervals.value);
        const reparsed = parseVers(formatVers(back));
        expect(reparsed.ok, formatVers(back)).toBe(true);
        for (let n = 0; n <= 21; n++) {
          for (const v of [`${n}.0.0`, `${n}.0.1`]) {
            const parsed = npm.parse(v);
            if (!parsed.ok) throw new Error(v);
            const inside = intervalsContain(npm, intervals.value, parsed.value);
            expect(versContains(range, v, npm)).toEqual({ ok: true, value: inside });
            expect(versContains(back, v, npm)).toEqual({ ok: true, value: inside });
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
