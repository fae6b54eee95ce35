import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alpineScheme, compareAlpineVersionStrings, parseAlpineVersion } from './alpine.js';
import vectors from './testdata/apk-version.json' with { type: 'json' };

const OPS: Record<string, number> = { '<': -1, '=': 0, '>': 1 };

describe('apk version comparison (apk-tools test/version.data)', () => {
  it.each(vectors.compare as [string, string, string][])('%s %s %s', (a, op, b) => {
    const expected = OPS[op]!;
    expect(compareAlpineVersionStrings(a, b)).toBe(expected);
    expect(compareAlpineVersionStrings(b, a)).toBe(expected === 0 ? 0 : -expected);
  });

  it.each(vectors.extraCompare as [string, string, string][])('newer rows: %s %s %s', (a, op, b) => {
    expect(compareAlpineVersionStrings(a, b)).toBe(OPS[op]);
  });

  it('the strict scheme agrees with the raw comparison on every valid pair', () => {
    let checked = 0;
    for (const [a, op, b] of [...vectors.compare, ...vectors.extraCompare] as [string, string, string][]) {
      const pa = alpineScheme.parse(a);
      const pb = alpineScheme.parse(b);
      if (!pa.ok || !pb.ok) continue;
      expect(alpineScheme.compare(pa.value, pb.value)).toBe(OPS[op]);
      checked++;
    }
    // 23_foo and 1.0bc are the data set's deliberately invalid versions.
    expect(checked).toBe(vectors.compare.length + vectors.extraCompare.length - 2);
  });
});

describe('apk version validity (apk-tools test/unit/version.data rows)', () => {
  it.each(vectors.valid)('accepts %j', (v) => {
    expect(alpineScheme.isValid(v)).toBe(true);
  });
  it.each(vectors.invalid)('rejects %j', (v) => {
    const r = parseAlpineVersion(v);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toMatch(/^version\.alpine\./);
  });
  it('names where the invalid part starts', () => {
    const r = parseAlpineVersion('1.2_foo');
    expect(!r.ok && r.error.position).toBe(3);
  });
});

describe('apk suffix order (hand-worked from src/version.c suffix table)', () => {
  it('orders _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p, then -r', () => {
    const ordered = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc', '1.0', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p', '1.0_p-r1'];
    for (let i = 1; i < ordered.length; i++) expect(compareAlpineVersionStrings(ordered[i - 1]!, ordered[i]!)).toBe(-1);
  });
});

describe('alpine properties', () => {
  const versionArb = fc
    .tuple(
      fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 4 }),
      fc.option(fc.constantFrom('a', 'b', 'z'), { nil: undefined }),
      fc.array(fc.tuple(fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'), fc.option(fc.nat({ max: 3 }), { nil: undefined })), { maxLength: 2 }),
      fc.option(fc.nat({ max: 3 }), { nil: undefined }),
    )
    .map(([nums, letter, sufs, rev]) =>
      `${nums.join('.')}${letter ?? ''}${sufs.map(([s, n]) => `_${s}${n ?? ''}`).join('')}${rev === undefined ? '' : `-r${rev}`}`,
    );

  it('generated versions are valid and ordered consistently', () => {
    fc.assert(
      fc.property(versionArb, versionArb, versionArb, (a, b, c) => {
        const [pa, pb, pc] = [a, b, c].map((s) => alpineScheme.parse(s));
        expect(pa?.ok && pb?.ok && pc?.ok).toBe(true);
        if (!pa?.ok || !pb?.ok || !pc?.ok) return;
        const ab = alpineScheme.compare(pa.value, pb.value);
        expect(alpineScheme.compare(pb.value, pa.value)).toBe(ab === 0 ? 0 : -ab);
        if (ab <= 0 && alpineScheme.compare(pb.value, pc.value) <= 0) {
          expect(alpineScheme.compare(pa.value, pc.value)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('alpine adversarial input', () => {
  it('handles 100,000-character inputs in one linear pass', () => {
    expect(alpineScheme.isValid('1' + '.1'.repeat(50_000))).toBe(true);
    expect(alpineScheme.isValid('1' + '_p'.repeat(50_000))).toBe(true);
    expect(alpineScheme.isValid('1' + '~'.repeat(100_000))).toBe(false);
    expect(compareAlpineVersionStrings('1.' + '9'.repeat(100_000), '1.' + '9'.repeat(99_999) + '8')).toBe(1);
  });
});
