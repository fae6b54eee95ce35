import { describe, expect, it } from 'vitest';
import { parseMavenRange } from './native-maven.js';

function range(s: string) {
  const r = parseMavenRange(s);
  if (!r.ok) throw new Error(`${s}: ${r.error.message}`);
  return r.value;
}
const inside = (s: string, versions: string[]) => versions.map((v) => range(s).contains(v));

// Examples from the Maven "Dependency Version Requirement Specification" table
// (maven.apache.org, pom.html#Dependency_Version_Requirement_Specification), hand-worked.
describe('Maven version ranges', () => {
  it('x <= 1.0 and x < 1.0', () => {
    expect(inside('(,1.0]', ['0.9', '1.0', '1.0.0', '1.0-SNAPSHOT', '1.0.1', '1.0-sp1'])).toEqual([true, true, true, true, false, false]);
    expect(inside('(,1.0)', ['0.9', '1.0', '1.0-rc1'])).toEqual([true, false, true]);
  });

  it('exactly 1.2, and 1.2 <= x <= 1.3, and 1.0 <= x < 2.0', () => {
    expect(inside('[1.2]', ['1.2', '1.2.0', '1.2.1'])).toEqual([true, true, false]);
    expect(inside('[1.2,1.3]', ['1.2', '1.2.9', '1.3', '1.3.1'])).toEqual([true, true, true, false]);
    expect(inside('[1.0,2.0)', ['1.0', '1.5-beta', '2.0-SNAPSHOT', '2.0'])).toEqual([true, true, true, false]);
  });

  it('x >= 1.5, and unions (x <= 1.0 or x >= 1.2)', () => {
    expect(inside('[1.5,)', ['1.4', '1.5', '99'])).toEqual([false, true, true]);
    expect(inside('(,1.0],[1.2,)', ['1.0', '1.1', '1.2'])).toEqual([true, false, true]);
    expect(inside('(,1.1),(1.1,)', ['1.0', '1.1', '1.2'])).toEqual([true, false, true]);
  });

  it('log4j-core CVE-2021-44228 style ranges with qualifiers', () => {
    expect(inside('[2.0-beta9,2.3.1),[2.4,2.12.2),[2.13.0,2.15.0)', ['2.0-beta8', '2.0-beta9', '2.0', '2.3.1', '2.12.1', '2.14.1', '2.15.0', '2.17.1'])).toEqual([
      false, true, true, false, true, true, false, false,
    ]);
  });

  it('a bare version is a soft requirement that restricts nothing', () => {
    const soft = range('1.0');
    expect(soft.recommended?.canonical).toBeDefined();
    expect(inside('1.0', ['0.1', '5.0'])).toEqual([true, true]);
  });

  it('converts to vers', () => {
    expect(range('[1.0,2.0)').toVers()).toEqual({ ok: true, value: 'vers:maven/>=1.0|<2.0' });
    expect(range('(,1.0],[1.2]').toVers()).toEqual({ ok: true, value: 'vers:maven/<=1.0|1.2' });
    expect(range('(,1.1),(1.1,)').toVers()).toEqual({ ok: true, value: 'vers:maven/!=1.1' });
  });

  it('rejects what Maven rejects, with positions', () => {
    const error = (s: string) => {
      const r = parseMavenRange(s);
      return r.ok ? undefined : { code: r.error.code, position: r.error.position };
    };
    expect(error('[1.0,2.0')).toEqual({ code: 'range.maven.unbounded', position: 0 });
    expect(error('(1.0)')).toEqual({ code: 'range.maven.single-version', position: 0 });
    expect(error('[2.0,1.0]')).toEqual({ code: 'range.maven.order', position: 0 });
    expect(error('[1.0,1.0)')).toEqual({ code: 'range.maven.order', position: 0 });
    expect(error('[1,3),[2,4)')).toEqual({ code: 'range.maven.overlap', position: 6 });
    expect(error('[1,2),3')).toEqual({ code: 'range.maven.mixed', position: 6 });
    expect(error('')).toEqual({ code: 'range.maven.empty', position: 0 });
    // Sets that touch at one version are allowed (Maven only rejects lower < previous upper).
    expect(parseMavenRange('[1,2],[2,3]').ok).toBe(true);
  });

  it('stays linear on 100,000-character input', () => {
    expect(parseMavenRange('[1,2)'.repeat(20_000)).ok).toBe(false); // overlapping sets
    expect(parseMavenRange(`[${'1'.repeat(100_000)}`).ok).toBe(false);
    const many = Array.from({ length: 10_000 }, (_, i) => `[${i}]`).join(',');
    expect(parseMavenRange(many).ok).toBe(true);
  });
});
