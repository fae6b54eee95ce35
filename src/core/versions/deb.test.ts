import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareDebSortKeys, compareDebVersionStrings, debScheme, debSortKey, parseDebVersion, verrevcmp } from './deb.js';
import compareVectors from './testdata/deb-compare.json' with { type: 'json' };
import parseVectors from './testdata/deb-parse.json' with { type: 'json' };

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

describe('deb version comparison (dpkg scripts/t/Dpkg_Version.t vectors)', () => {
  it.each(compareVectors.cases as [string, string, number][])('%s vs %s => %d', (a, b, expected) => {
    expect(sign(compareDebVersionStrings(a, b))).toBe(expected);
    expect(sign(compareDebVersionStrings(b, a))).toBe(expected === 0 ? 0 : -expected);
  });

  it('agrees with the strict scheme for every vector both sides of which dpkg accepts', () => {
    let checked = 0;
    for (const [a, b, expected] of compareVectors.cases as [string, string, number][]) {
      const pa = debScheme.parse(a);
      const pb = debScheme.parse(b);
      if (!pa.ok || !pb.ok) continue;
      expect(debScheme.compare(pa.value, pb.value)).toBe(expected);
      checked++;
    }
    // Four rows use "0foo-" (empty revision) or "-0.6.5" (empty upstream), which dpkg's parser rejects.
    expect(checked).toBe(compareVectors.cases.length - 4);
  });
});

describe('deb version parsing (dpkg lib/dpkg/t/t-version.c vectors)', () => {
  it.each(parseVectors.valid as [string, number, string, string][])('accepts %j', (input, epoch, upstream, revision) => {
    const r = parseDebVersion(input);
    expect(r.ok && r.value).toEqual({ epoch, upstream, revision });
  });

  it.each(parseVectors.invalid)('rejects %j', (input) => {
    const r = parseDebVersion(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toMatch(/^version\.deb\./);
  });

  it('names the offending character position', () => {
    const r = parseDebVersion('1:2.0_1-3');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'version.deb.upstream.char', position: 5 });
  });

  it('reports the dpkg error kinds for epochs', () => {
    const code = (s: string): string | undefined => {
      const r = parseDebVersion(s);
      return r.ok ? undefined : r.error.code;
    };
    expect(code('-1:0-1')).toBe('version.deb.epoch.negative');
    expect(code('2147483648:1')).toBe('version.deb.epoch.too-big');
    expect(code('2147483647:1')).toBeUndefined();
    expect(code('1a:1')).toBe('version.deb.epoch.invalid');
  });
});

describe('deb ordering rules from deb-version(7)', () => {
  // Hand-worked from the manual page's rules.
  it('sorts ~ before everything, even the end of the string', () => {
    const order = ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+', '1.0.1'];
    const parsed = order.map((v) => {
      const r = debScheme.parse(v);
      if (!r.ok) throw new Error(v);
      return r.value;
    });
    for (let i = 1; i < parsed.length; i++) expect(debScheme.compare(parsed[i - 1]!, parsed[i]!)).toBe(-1);
  });

  it('compares digit runs numerically regardless of length', () => {
    expect(sign(verrevcmp('1.123456789012345678901234567890', '1.123456789012345678901234567891'))).toBe(-1);
    expect(sign(verrevcmp('1.010', '1.9'))).toBe(1);
    expect(verrevcmp('1.0010', '1.10')).toBe(0);
  });

  it('lets the epoch dominate', () => {
    expect(compareDebVersionStrings('1:0.1', '9.9')).toBe(1);
  });

  it('formats unambiguously, keeping the epoch when the upstream version has a colon', () => {
    const f = (s: string): string => {
      const r = debScheme.parse(s);
      if (!r.ok) throw new Error(s);
      return debScheme.format(r.value);
    };
    expect(f('0:1.2-3')).toBe('1.2-3');
    expect(f('2:1.2')).toBe('2:1.2');
    expect(f('0:1:2-3')).toBe('0:1:2-3');
  });
});

describe('deb properties', () => {
  const versionArb = fc
    .tuple(
      fc.nat({ max: 3 }),
      fc.stringMatching(/^[0-9][0-9a-z.+~]{0,6}$/),
      fc.option(fc.stringMatching(/^[0-9a-z.+~]{1,4}$/), { nil: undefined }),
    )
    .map(([e, u, r]) => `${e === 0 ? '' : `${e}:`}${u}${r === undefined ? '' : `-${r}`}`);

  it('is a total preorder: antisymmetric and transitive, and format round-trips', () => {
    fc.assert(
      fc.property(versionArb, versionArb, versionArb, (a, b, c) => {
        const [pa, pb, pc] = [a, b, c].map((s) => debScheme.parse(s));
        if (!pa?.ok || !pb?.ok || !pc?.ok) return;
        const ab = debScheme.compare(pa.value, pb.value);
        expect(debScheme.compare(pb.value, pa.value)).toBe(-ab);
        const bc = debScheme.compare(pb.value, pc.value);
        if (ab <= 0 && bc <= 0) expect(debScheme.compare(pa.value, pc.value)).toBeLessThanOrEqual(0);
        const again = debScheme.parse(debScheme.format(pa.value));
        expect(again.ok && debScheme.compare(again.value, pa.value)).toBe(0);
      }),
    );
  });
});

describe('deb adversarial input', () => {
  it('handles 100,000-character inputs in one linear pass', () => {
    const long = `1${'.0'.repeat(50_000)}`;
    expect(debScheme.isValid(long)).toBe(true);
    expect(debScheme.isValid(`${'9'.repeat(100_000)}:`)).toBe(false);
    expect(debScheme.isValid(`1${'~'.repeat(99_999)}!`)).toBe(false);
    expect(compareDebVersionStrings('1' + '0'.repeat(100_000), '1' + '0'.repeat(99_999) + '1')).toBe(-1);
  });
});

describe('precomputed dpkg sort keys', () => {
  it('agree with verrevcmp on generated version parts', () => {
    const part = fc.stringMatching(/^[0-9a-zA-Z.+~-]{0,12}$/);
    fc.assert(
      fc.property(part, part, (a, b) => {
        expect(compareDebSortKeys(debSortKey(a), debSortKey(b))).toBe(Math.sign(verrevcmp(a, b)));
      }),
      { numRuns: 3000 },
    );
  });
  it('agree on hand-picked edge cases', () => {
    for (const [a, b] of [['1.0', '1.0.'], ['1.0~rc1', '1.0'], ['1.0a', '1.0'], ['007', '7'], ['1.00', '1.0'], ['', '0'], ['~~', '~'], ['1+b1', '1.1'], ['99999999999999999999', '100000000000000000000']]) {
      expect(compareDebSortKeys(debSortKey(a!), debSortKey(b!)), `${a} vs ${b}`).toBe(Math.sign(verrevcmp(a!, b!)));
    }
  });
});
