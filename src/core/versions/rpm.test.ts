import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRpmVersion, rpmScheme, rpmvercmp } from './rpm.js';
import vectors from './testdata/rpm-vercmp.json' with { type: 'json' };

function parsed(s: string) {
  const r = rpmScheme.parse(s);
  if (!r.ok) throw new Error(`${s}: ${r.error.message}`);
  return r.value;
}

describe('rpmvercmp (rpm tests/rpmvercmp.at vectors)', () => {
  it.each(vectors.cases as [string, string, number][])('rpmvercmp(%s, %s) = %d', (a, b, expected) => {
    expect(rpmvercmp(a, b)).toBe(expected);
  });
});

describe('rpm EVR parsing and ordering', () => {
  it('splits epoch at the first colon after leading digits and release at the last hyphen', () => {
    expect(parseRpmVersion('2:1.0-3.el8')).toEqual({ ok: true, value: { epoch: '2', hasEpoch: true, version: '1.0', release: '3.el8' } });
    expect(parseRpmVersion('1.0')).toEqual({ ok: true, value: { epoch: '0', hasEpoch: false, version: '1.0', release: null } });
    expect(parseRpmVersion(':1.0-1')).toEqual({ ok: true, value: { epoch: '0', hasEpoch: true, version: '1.0', release: '1' } });
    expect(parseRpmVersion('007:1.0')).toEqual({ ok: true, value: { epoch: '7', hasEpoch: true, version: '1.0', release: null } });
  });

  it('rejects what rpmbuild never produces', () => {
    for (const bad of ['', '1.0-', '2:', '2:-1', '1.0 1', '1.0-1-2', 'a:1.0', '1.0/1']) {
      const r = parseRpmVersion(bad);
      expect(r.ok, bad).toBe(false);
    }
    const r = parseRpmVersion('1.0%{dist}');
    expect(!r.ok && r.error).toMatchObject({ code: 'version.rpm.char', position: 3 });
  });

  // Hand-worked from rpmverCmp (rpmio/rpmver.c): a missing epoch is 0, the epoch dominates,
  // and a missing release sorts before any release.
  it('compares epoch first, then version, then release', () => {
    expect(rpmScheme.compare(parsed('1:1.0'), parsed('2.0'))).toBe(1);
    expect(rpmScheme.compare(parsed('0:2.0'), parsed('2.0'))).toBe(0);
    expect(rpmScheme.compare(parsed('1.0'), parsed('1.0-1'))).toBe(-1);
    expect(rpmScheme.compare(parsed('1.0-1.el8'), parsed('1.0-1.el8_5'))).toBe(-1);
    expect(rpmScheme.compare(parsed('1.0~rc1-1'), parsed('1.0-0'))).toBe(-1);
    expect(rpmScheme.compare(parsed('1.0^git1-1'), parsed('1.0-9'))).toBe(1);
  });

  it('formats back what it parsed', () => {
    for (const s of ['2:1.0-3.el8', '1.0', '1.0^20160101-1', '0:1-1']) expect(rpmScheme.format(parsed(s))).toBe(s);
  });
});

describe('rpm properties', () => {
  const seg = fc.stringMatching(/^[0-9a-z~^._+]{1,8}$/);
  it('rpmvercmp is antisymmetric and transitive', () => {
    fc.assert(
      fc.property(seg, seg, seg, (a, b, c) => {
        const ab = rpmvercmp(a, b);
        expect(rpmvercmp(b, a)).toBe(ab === 0 ? 0 : -ab);
        if (ab <= 0 && rpmvercmp(b, c) <= 0) expect(rpmvercmp(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('rpm adversarial input', () => {
  it('handles 100,000-character inputs in one linear pass', () => {
    const a = '1.' + 'a1'.repeat(50_000);
    const b = '1.' + 'a1'.repeat(49_999) + 'a2';
    expect(rpmvercmp(a, b)).toBe(-1);
    expect(rpmScheme.isValid('~'.repeat(100_000))).toBe(true);
    expect(rpmScheme.isValid('1' + ' '.repeat(100_000))).toBe(false);
  });
});
