import { describe, expect, it } from 'vitest';
import { debScheme } from '../versions/deb.js';
import { genericScheme } from '../versions/generic.js';
import { mavenScheme } from '../versions/maven.js';
import { npmScheme } from '../versions/npm.js';
import { pypiScheme } from '../versions/pypi.js';
import { parseGhsaRange } from './native-ghsa.js';
import { parseNvdRange } from './native-nvd.js';

// Range strings as GitHub advisories spell them (e.g. GHSA-jfh8-c2jp-5v3q lists
// ">= 2.13.0, < 2.15.0" for log4j-core); expectations hand-worked from each scheme's order.
describe('GHSA range strings', () => {
  it('intersects comma-separated comparisons over the ecosystem scheme', () => {
    const r = parseGhsaRange('>= 2.13.0, < 2.15.0', mavenScheme);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(['2.12.9', '2.13.0', '2.14.1', '2.15.0-rc1', '2.15.0', '2.17.1'].map((v) => r.value.contains(v))).toEqual([false, true, true, true, false, false]);
    expect(r.value.toVers()).toEqual({ ok: true, value: 'vers:maven/>=2.13.0|<2.15.0' });
  });

  it('accepts every operator with or without a space', () => {
    const c = (s: string, v: string) => {
      const r = parseGhsaRange(s, npmScheme);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.contains(v);
    };
    expect(c('= 1.2.3', '1.2.3')).toBe(true);
    expect(c('<4.17.21', '4.17.20')).toBe(true);
    expect(c('<= 2.0.0', '2.0.0')).toBe(true);
    expect(c('> 2.0.0', '2.0.0')).toBe(false);
    expect(c('>=1.0.0,<=1.0.0', '1.0.0')).toBe(true);
    expect(c('>= 4.0.0, < 4.1.2', '4.1.2-beta')).toBe(true); // plain SemVer order, no npm pre-release rule
  });

  it('uses the ecosystem ordering (PyPI epochs, Debian tildes)', () => {
    const py = parseGhsaRange('< 2.0', pypiScheme);
    expect(py.ok && [py.value.contains('1!0.1'), py.value.contains('1.9.post1')]).toEqual([false, true]);
    const deb = parseGhsaRange('< 1:2.0-1', debScheme);
    expect(deb.ok && deb.value.contains('1:2.0-1~bpo1')).toBe(true);
  });

  it('reports errors with positions', () => {
    const e = (s: string) => {
      const r = parseGhsaRange(s, npmScheme);
      return r.ok ? undefined : [r.error.code, r.error.position];
    };
    expect(e('')).toEqual(['range.ghsa.empty', 0]);
    expect(e('>= 1.0.0,')).toEqual(['range.ghsa.operator', 9]);
    expect(e('=> 1.0.0')).toEqual(['range.ghsa.version', 1]);
    expect(e('>= 1.0.0 < 2.0.0')).toEqual(['range.ghsa.separator', 9]);
    expect(e('>= 1.0')).toEqual(['range.ghsa.version', 3]);
    expect(e('<')).toEqual(['range.ghsa.version.empty', 1]);
    expect(parseGhsaRange('<1.0.0,'.repeat(20_000), npmScheme).ok).toBe(false);
  });
});

describe('NVD start/end bounds', () => {
  const nvd = (b: Parameters<typeof parseNvdRange>[0]) => {
    const r = parseNvdRange(b, genericScheme);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  it('includes or excludes each end as named', () => {
    const r = nvd({ versionStartIncluding: '2.0', versionEndExcluding: '2.15.0' });
    expect(['1.9', '2.0', '2.14.1', '2.15.0'].map((v) => r.contains(v))).toEqual([false, true, true, false]);
    const s = nvd({ versionStartExcluding: '2.0', versionEndIncluding: '2.15.0' });
    expect(['2.0', '2.15.0', '2.15.1'].map((v) => s.contains(v))).toEqual([false, true, false]);
    expect(nvd({ versionEndExcluding: '3.0' }).toVers()).toEqual({ ok: true, value: 'vers:generic/<3.0' });
  });

  it('without bounds, the CPE version decides', () => {
    expect(nvd({ criteriaVersion: '*' }).contains('99')).toBe(true);
    expect(nvd({}).contains('1')).toBe(true);
    expect(nvd({ criteriaVersion: '-' }).contains('1')).toBe(false);
    expect(nvd({ criteriaVersion: '2.14.1' }).contains('2.14.1')).toBe(true);
    expect(nvd({ criteriaVersion: '2.14.1' }).contains('2.14.2')).toBe(false);
  });

  it('rejects contradictory bounds', () => {
    const code = (b: Parameters<typeof parseNvdRange>[0]) => {
      const r = parseNvdRange(b, genericScheme);
      return r.ok ? undefined : r.error.code;
    };
    expect(code({ versionStartIncluding: '1', versionStartExcluding: '1' })).toBe('range.nvd.start.conflict');
    expect(code({ versionEndIncluding: '1', versionEndExcluding: '2' })).toBe('range.nvd.end.conflict');
    expect(code({ versionEndExcluding: '2', criteriaVersion: '1.5' })).toBe('range.nvd.criteria-version');
  });
});
