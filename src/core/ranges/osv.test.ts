import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileOsvAdvisory,
  compileOsvAffected,
  describeOsvReason,
  evaluateOsvAdvisory,
  type OsvAdvisory,
  type OsvAffected,
  type OsvEvent,
} from './osv.js';
import { prepareVersion } from './prepared.js';
import log4j from './testdata/GHSA-jfh8-c2jp-5v3q.affected.json' with { type: 'json' };

const range = (type: string, ...events: OsvEvent[]) => ({ type, events });
const entry = (ecosystem: string, ranges: OsvAffected['ranges'], versions?: string[]): OsvAffected => ({
  package: { ecosystem, name: 'pkg' },
  ranges,
  ...(versions ? { versions } : {}),
});
const affected = (a: OsvAffected, v: string) => compileOsvAffected(a).evaluate(v).affected;

// Examples from ossf/osv-schema docs/schema.md ("Examples" under affected[].ranges[].events,
// and the full-record examples at the end), commit 00d709a75e60e114be5b9998ab0c40d915de551b.
describe('OSV schema examples', () => {
  it('"every possible version is affected": introduced 0 alone', () => {
    const e = entry('crates.io', [range('SEMVER', { introduced: '0' })]);
    for (const v of ['0.0.0', '0.0.1-alpha', '1.0.0', '999.999.999']) expect(affected(e, v)).toBe(true);
    expect(compileOsvAffected(e).evaluate('1.0.0').reasons).toEqual([{ kind: 'range', rangeIndex: 0, rangeType: 'SEMVER', introduced: '0' }]);
  });

  it('"everything before 1.0.2"', () => {
    const e = entry('crates.io', [range('SEMVER', { introduced: '0' }, { fixed: '1.0.2' })]);
    expect(affected(e, '1.0.1')).toBe(true);
    expect(affected(e, '1.0.2-rc.1')).toBe(true);
    expect(affected(e, '1.0.2')).toBe(false);
    expect(affected(e, '2.0.0')).toBe(false);
  });

  it('multiple range example [1.0.0, 1.0.2) ∪ [3.0.0, 3.2.5), with the event pair that matched', () => {
    const e = entry('crates.io', [
      range('SEMVER', { introduced: '1.0.0' }, { fixed: '1.0.2' }, { introduced: '3.0.0' }, { fixed: '3.2.5' }),
    ]);
    const c = compileOsvAffected(e);
    expect(c.evaluate('0.9.9').status).toBe('not-affected');
    expect(c.evaluate('1.0.1').reasons).toEqual([
      { kind: 'range', rangeIndex: 0, rangeType: 'SEMVER', introduced: '1.0.0', fixed: '1.0.2' },
    ]);
    expect(c.evaluate('1.0.2').affected).toBe(false);
    expect(c.evaluate('2.5.0').affected).toBe(false);
    expect(c.evaluate('3.0.0').reasons).toEqual([
      { kind: 'range', rangeIndex: 0, rangeType: 'SEMVER', introduced: '3.0.0', fixed: '3.2.5' },
    ]);
    expect(c.evaluate('3.2.4').affected).toBe(true);
    expect(c.evaluate('3.2.5').affected).toBe(false);
  });

  it('last_affected 2.1.214 includes 2.1.214, fixed 2.1.214 excludes it', () => {
    const last = entry('npm', [range('ECOSYSTEM', { introduced: '0' }, { last_affected: '2.1.214' })]);
    const fixed = entry('npm', [range('SEMVER', { introduced: '0' }, { fixed: '2.1.214' })]);
    expect(affected(last, '2.1.214')).toBe(true);
    expect(affected(last, '2.1.215')).toBe(false);
    expect(affected(fixed, '2.1.214')).toBe(false);
    expect(affected(fixed, '2.1.213')).toBe(true);
    expect(compileOsvAffected(last).evaluate('2.0.0').reasons[0]).toMatchObject({ introduced: '0', lastAffected: '2.1.214' });
  });

  it('npm elliptic (GHSA-r9p9-mrjm-926w): before 6.5.4', () => {
    const e = { package: { ecosystem: 'npm', name: 'elliptic' }, ranges: [range('ECOSYSTEM', { introduced: '0' }, { fixed: '6.5.4' })] };
    expect(affected(e, '6.5.3')).toBe(true);
    expect(affected(e, '6.5.4')).toBe(false);
  });

  it('Rust http (RUSTSEC-2019-0033): SEMVER before 0.1.20', () => {
    const e = { package: { ecosystem: 'crates.io', name: 'http' }, ranges: [range('SEMVER', { introduced: '0' }, { fixed: '0.1.20' })] };
    expect(affected(e, '0.1.19')).toBe(true);
    expect(affected(e, '0.1.20')).toBe(false);
  });

  it('Python pikepdf: GIT range recorded as not evaluable, ECOSYSTEM range and versions list evaluated', () => {
    const e: OsvAffected = {
      package: { ecosystem: 'PyPI', name: 'pikepdf' },
      ranges: [
        { type: 'GIT', repo: 'https://github.com/pikepdf/pikepdf', events: [{ introduced: '0' }, { fixed: '3f38f73218e5e782fe411ccbb3b44a793c0b343a' }] },
        range('ECOSYSTEM', { introduced: '2.8.0' }, { fixed: '2.10.0' }),
      ],
      versions: ['2.8.0', '2.8.0.post1', '2.8.0.post2', '2.9.0', '2.9.1', '2.9.2'],
    };
    const c = compileOsvAffected(e);
    const hit = c.evaluate('2.8.0.post1');
    expect(hit.status).toBe('affected');
    expect(hit.reasons).toEqual([
      { kind: 'versions', listed: '2.8.0.post1', exact: true },
      { kind: 'range', rangeIndex: 1, rangeType: 'ECOSYSTEM', introduced: '2.8.0', fixed: '2.10.0' },
    ]);
    expect(hit.notEvaluable).toEqual([expect.objectContaining({ rangeIndex: 0, rangeType: 'GIT', code: 'osv.range.git' })]);
    // With a versions list present the GIT range does not make a non-match uncertain.
    expect(c.evaluate('2.10.0').status).toBe('not-affected');
  });

  it('Debian DSA-3029-1 nginx on Debian:7: before 1.2.1-2.2+wheezy3', () => {
    const e = { package: { ecosystem: 'Debian:7', name: 'nginx' }, ranges: [range('ECOSYSTEM', { introduced: '0' }, { fixed: '1.2.1-2.2+wheezy3' })] };
    expect(affected(e, '1.2.1-2.2+wheezy2')).toBe(true);
    expect(affected(e, '1.2.1-2.2')).toBe(true);
    expect(affected(e, '1.2.1-2.2+wheezy3')).toBe(false);
    expect(affected(e, '1.6.2-1')).toBe(false);
  });

  it('RubyGems bundler (CVE-2019-3881): [1.14.0, 2.1.0) and the listed pre-releases', () => {
    const e: OsvAffected = {
      package: { ecosystem: 'RubyGems', name: 'bundler' },
      ranges: [range('ECOSYSTEM', { introduced: '1.14.0' }, { fixed: '2.1.0' })],
      versions: ['1.14.0', '1.15.0.pre.1', '2.1.0.pre.3'],
    };
    expect(affected(e, '1.15.0.pre.1')).toBe(true);
    expect(affected(e, '2.1.0.pre.3')).toBe(true);
    expect(affected(e, '2.1.0')).toBe(false);
    expect(affected(e, '1.13.9')).toBe(false);
  });
});

describe('log4j-core and GHSA-jfh8-c2jp-5v3q (CVE-2021-44228), real affected ranges', () => {
  const adv = compileOsvAdvisory(log4j.advisory as OsvAdvisory);
  const core = { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' };
  const check = (v: string) => evaluateOsvAdvisory(adv, core, v);

  it('2.14.1 is affected by [2.13.0, 2.15.0)', () => {
    const r = check('2.14.1');
    expect(r.status).toBe('affected');
    expect(r.reasons).toEqual([{ kind: 'range', rangeIndex: 0, rangeType: 'ECOSYSTEM', introduced: '2.13.0', fixed: '2.15.0' }]);
    expect(describeOsvReason(r.reasons[0]!)).toBe('ECOSYSTEM range 0: introduced in 2.13.0, fixed in 2.15.0');
  });

  it('2.0-beta9 and 2.3 are affected by [2.0-beta9, 2.3.1); 2.0-beta8 and 2.3.1 are not', () => {
    expect(check('2.0-beta9').reasons).toEqual([{ kind: 'range', rangeIndex: 0, rangeType: 'ECOSYSTEM', introduced: '2.0-beta9', fixed: '2.3.1' }]);
    expect(check('2.3').affected).toBe(true);
    expect(check('2.0-beta8').affected).toBe(false);
    expect(check('2.3.1').affected).toBe(false);
  });

  it('2.12.1 is affected by [2.4, 2.12.2); 2.12.2, 2.15.0, 2.16.0 and 2.17.1 are not', () => {
    expect(check('2.12.1').reasons[0]).toMatchObject({ introduced: '2.4', fixed: '2.12.2' });
    for (const v of ['2.12.2', '2.15.0', '2.16.0', '2.17.1']) expect(check(v).status, v).toBe('not-affected');
  });

  it('only the named package matches; versions-only entries match by list', () => {
    expect(evaluateOsvAdvisory(adv, { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-api' }, '2.14.1').affected).toBe(false);
    const xbib = evaluateOsvAdvisory(adv, { ecosystem: 'Maven', name: 'org.xbib.elasticsearch:log4j' }, '6.3.2.1');
    expect(xbib.reasons).toEqual([{ kind: 'versions', listed: '6.3.2.1', exact: true }]);
    const guice = evaluateOsvAdvisory(adv, { ecosystem: 'Maven', name: 'com.guicedee.services:log4j-core' }, '1.2.1.2-jre17');
    expect(guice.reasons[0]).toMatchObject({ introduced: '0', lastAffected: '1.2.1.2-jre17' });
  });
});

describe('event semantics', () => {
  it('sorts unsorted events before evaluating', () => {
    const e = entry('crates.io', [range('SEMVER', { fixed: '3.0.0' }, { introduced: '2.0.0' }, { fixed: '1.5.0' }, { introduced: '1.0.0' })]);
    expect(['0.9.0', '1.0.0', '1.4.9', '1.5.0', '1.9.0', '2.0.0', '2.9.9', '3.0.0'].map((v) => affected(e, v))).toEqual([
      false, true, true, false, false, true, true, false,
    ]);
  });

  it('a second introduced without a fix in between keeps the range open and is named as the cause', () => {
    const c = compileOsvAffected(entry('crates.io', [range('SEMVER', { introduced: '1.0.0' }, { introduced: '1.5.0' }, { fixed: '2.0.0' })]));
    expect(c.evaluate('1.2.0').reasons[0]).toMatchObject({ introduced: '1.0.0', fixed: '2.0.0' });
    expect(c.evaluate('1.7.0').reasons[0]).toMatchObject({ introduced: '1.5.0', fixed: '2.0.0' });
  });

  it('events at the same version keep their input order (introduced then fixed = empty)', () => {
    const empty = entry('crates.io', [range('SEMVER', { introduced: '1.0.0' }, { fixed: '1.0.0' })]);
    expect(affected(empty, '1.0.0')).toBe(false);
    const touching = entry('crates.io', [range('SEMVER', { introduced: '0' }, { fixed: '1.0.0' }, { introduced: '1.0.0' }, { fixed: '2.0.0' })]);
    expect(affected(touching, '1.0.0')).toBe(true);
    expect(affected(touching, '0.5.0')).toBe(true);
  });

  it('limit caps a range; several limits mean "below any of them"; "*" is unbounded', () => {
    const capped = entry('crates.io', [range('SEMVER', { introduced: '1.0.0' }, { limit: '2.0.0' })]);
    expect(affected(capped, '1.9.9')).toBe(true);
    expect(affected(capped, '2.0.0')).toBe(false);
    expect(compileOsvAffected(capped).evaluate('1.5.0').reasons[0]).toMatchObject({ introduced: '1.0.0', limit: '2.0.0' });
    const two = entry('crates.io', [range('SEMVER', { introduced: '1.0.0' }, { limit: '2.0.0' }, { limit: '3.0.0' })]);
    expect(affected(two, '2.5.0')).toBe(true);
    expect(affected(two, '3.0.0')).toBe(false);
    const star = entry('crates.io', [range('SEMVER', { introduced: '1.0.0' }, { limit: '*' })]);
    expect(affected(star, '99.0.0')).toBe(true);
    const fixedBelowLimit = entry('crates.io', [range('SEMVER', { introduced: '0' }, { fixed: '1.0.0' }, { limit: '5.0.0' })]);
    expect(affected(fixedBelowLimit, '2.0.0')).toBe(false);
  });

  it('SemVer pre-releases order below their release (SEMVER always uses SemVer 2.0 precedence)', () => {
    const e = entry('Go', [range('SEMVER', { introduced: '1.0.0' }, { fixed: '2.0.0' })]);
    expect(affected(e, '2.0.0-rc.1')).toBe(true);
    expect(affected(e, '1.0.0-beta.2')).toBe(false);
    expect(affected(e, '1.0.0+build.5')).toBe(true);
    // Go spells versions with a leading v; OSV SEMVER events do not.
    expect(affected(e, 'v1.2.3')).toBe(true);
  });

  it('database_specific on ranges and entries has no effect', () => {
    const e: OsvAffected = {
      package: { ecosystem: 'npm', name: 'x' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }], database_specific: { last_known_affected_version_range: '<= 5.0.0' } }],
      database_specific: { source: 'x' },
    };
    expect(affected(e, '2.0.0')).toBe(false);
    expect(affected(e, '0.9.0')).toBe(true);
  });
});

describe('ecosystem orderings', () => {
  it('PyPI epochs, post-releases and equivalent spellings in the versions list', () => {
    const epoch = entry('PyPI', [range('ECOSYSTEM', { introduced: '0' }, { fixed: '1!1.0' })]);
    expect(affected(epoch, '2024.1')).toBe(true); // epoch 0 < epoch 1
    expect(affected(epoch, '1!0.9')).toBe(true);
    expect(affected(epoch, '1!1.0')).toBe(false);
    const post = entry('PyPI', [range('ECOSYSTEM', { introduced: '1.0' }, { fixed: '1.0.post2' })]);
    expect(affected(post, '1.0.post1')).toBe(true);
    expect(affected(post, '1.0.post2')).toBe(false);
    expect(affected(post, '1.0rc1')).toBe(false);
    const listed = compileOsvAffected(entry('PyPI', [], ['1.0', '2.0.post1']));
    expect(listed.evaluate('1.0.0').reasons).toEqual([{ kind: 'versions', listed: '1.0', exact: false }]);
    expect(listed.evaluate('2.0-1').reasons).toEqual([{ kind: 'versions', listed: '2.0.post1', exact: false }]);
    expect(listed.evaluate('2.0').affected).toBe(false);
  });

  it('Maven qualifiers: alpha < beta < milestone < rc < snapshot < release < sp', () => {
    const e = entry('Maven', [range('ECOSYSTEM', { introduced: '1.0-alpha-1' }, { fixed: '1.0' })]);
    for (const v of ['1.0-alpha-1', '1.0-beta-2', '1.0-M3', '1.0-rc1', '1.0-SNAPSHOT']) expect(affected(e, v), v).toBe(true);
    for (const v of ['1.0', '1.0.0', '1.0-ga', '1.0-sp1', '0.9']) expect(affected(e, v), v).toBe(false);
  });

  it('Debian epochs and tildes', () => {
    const e = entry('Debian:12', [range('ECOSYSTEM', { introduced: '0' }, { fixed: '1:1.0-1' })]);
    expect(affected(e, '2.0-1')).toBe(true); // no epoch = epoch 0
    expect(affected(e, '1:0.9-3')).toBe(true);
    expect(affected(e, '1:1.0-1~bpo11+1')).toBe(true);
    expect(affected(e, '1:1.0-1')).toBe(false);
    expect(affected(e, '1:1.0-1+deb12u1')).toBe(false);
  });

  it('Alpine and RPM ecosystems use their own ordering', () => {
    expect(affected(entry('Alpine:v3.18', [range('ECOSYSTEM', { introduced: '0' }, { fixed: '1.2.3-r2' })]), '1.2.3-r1')).toBe(true);
    expect(affected(entry('Alpine:v3.18', [range('ECOSYSTEM', { introduced: '0' }, { fixed: '1.2.3-r2' })]), '1.2.3_p1')).toBe(false);
    expect(affected(entry('Red Hat:rhel_aus:8.4::appstream', [range('ECOSYSTEM', { introduced: '0' }, { fixed: '0:2.4.37-43.module+el8.5.0' })]), '2.4.37-30.module+el7')).toBe(true);
  });
});

describe('withdrawn, GIT-only, unknown and invalid input', () => {
  it('reports withdrawn advisories as withdrawn, with what would have matched', () => {
    const adv = compileOsvAdvisory({ id: 'X-1', withdrawn: '2024-01-01T00:00:00Z', affected: [entry('npm', [range('SEMVER', { introduced: '0' })])] });
    const r = evaluateOsvAdvisory(adv, { ecosystem: 'npm', name: 'pkg' }, '1.0.0');
    expect(r).toMatchObject({ status: 'withdrawn', affected: false, withdrawn: '2024-01-01T00:00:00Z' });
    expect(r.reasons).toHaveLength(1);
  });

  it('GIT-only entries without versions are unknown, not "not affected"', () => {
    const e = entry('OSS-Fuzz', [{ type: 'GIT', repo: 'https://x', events: [{ introduced: 'abc' }, { fixed: 'def' }] }]);
    expect(compileOsvAffected(e).evaluate('1.0').status).toBe('unknown');
    const withList = entry('OSS-Fuzz', [{ type: 'GIT', repo: 'https://x', events: [{ introduced: 'abc' }] }], ['1.0']);
    expect(compileOsvAffected(withList).evaluate('1.0').reasons).toEqual([{ kind: 'versions', listed: '1.0', exact: true }]);
    expect(compileOsvAffected(withList).evaluate('2.0').status).toBe('not-affected');
  });

  it('flags malformed ranges instead of guessing', () => {
    const code = (a: OsvAffected) => compileOsvAffected(a).notEvaluable.map((p) => p.code);
    expect(code(entry('npm', [{ type: 'SEMVER', events: [{ introduced: '1.0.0', fixed: '2.0.0' }] }]))).toEqual(['osv.range.event-invalid']);
    expect(code(entry('npm', [range('SEMVER', { fixed: '2.0.0' })]))).toEqual(['osv.range.no-introduced']);
    expect(code(entry('npm', [range('SEMVER', { introduced: '0' }, { fixed: 'not-a-version' })]))).toEqual(['osv.range.event-version-invalid']);
    expect(code(entry('NoSuchEcosystem', [range('ECOSYSTEM', { introduced: '0' })]))).toEqual(['osv.range.no-scheme']);
    expect(code(entry('npm', [range('WEIRD', { introduced: '0' })]))).toEqual(['osv.range.type-unknown']);
    // SEMVER ranges need no ecosystem scheme.
    expect(affected(entry('NoSuchEcosystem', [range('SEMVER', { introduced: '0' }, { fixed: '2.0.0' })]), '1.0.0')).toBe(true);
  });

  it('an unparseable queried version makes the range unknown, the list still matches', () => {
    const e = entry('PyPI', [range('ECOSYSTEM', { introduced: '0' }, { fixed: '2.0' })], ['0.7.10p1']);
    const c = compileOsvAffected(e);
    expect(c.evaluate('0.7.10p1').reasons).toEqual([{ kind: 'versions', listed: '0.7.10p1', exact: true }]);
    const r = c.evaluate('0.8.1p1');
    expect(r.status).toBe('unknown');
    expect(r.notEvaluable[0]?.code).toBe('osv.version.unparseable');
  });

  it('a prepared version is reused across entries', () => {
    const v = prepareVersion('1.5.0');
    const a = compileOsvAffected(entry('npm', [range('ECOSYSTEM', { introduced: '1.0.0' })]));
    const b = compileOsvAffected(entry('npm', [range('ECOSYSTEM', { introduced: '2.0.0' })]));
    expect([a.evaluate(v).affected, b.evaluate(v).affected]).toEqual([true, false]);
  });
});

describe('scaling', () => {
  it('compiles a range of 20,000 events and still answers by binary search', () => {
    const events: OsvEvent[] = [];
    for (let i = 0; i < 10_000; i++) events.push({ introduced: `${2 * i}.0.0` }, { fixed: `${2 * i + 1}.0.0` });
    const c = compileOsvAffected(entry('crates.io', [range('SEMVER', ...events.reverse())]));
    expect(c.evaluate('19998.5.0').reasons[0]).toMatchObject({ introduced: '19998.0.0', fixed: '19999.0.0' });
    expect(c.evaluate('19999.5.0').affected).toBe(false);
    expect(c.intervals()[0]!.intervals).toHaveLength(10_000);
  });
});

/** The schema's IsVulnerable pseudo-code, literally, over integer versions (the reference). */
function pseudoCode(events: readonly OsvEvent[], v: number): boolean {
  const num = (s: string) => (s === '0' ? -Infinity : Number(s));
  const limits = events.filter((e) => e.limit !== undefined);
  if (limits.length > 0 && !limits.some((e) => v < num(e.limit!))) return false;
  const value = (e: OsvEvent) => num(e.introduced ?? e.fixed ?? e.last_affected ?? e.limit!);
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => value(a.e) - value(b.e) || a.i - b.i).map((x) => x.e);
  let vulnerable = false;
  for (const e of sorted) {
    if (e.introduced !== undefined && v >= num(e.introduced)) vulnerable = true;
    else if (e.fixed !== undefined && v >= num(e.fixed)) vulnerable = false;
    else if (e.last_affected !== undefined && v > num(e.last_affected)) vulnerable = false;
  }
  return vulnerable;
}

describe('properties', () => {
  const asSemver = (n: number) => `${n}.0.0`;

  it('ranges agree with the explicit version list generated from their introduced/fixed pairs', () => {
    // Universe: 1.0.0 … 40.0.0. Pairs of strictly increasing cut points become
    // [introduced, fixed) intervals; the expected list is every universe version inside one.
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }).map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(cuts, fc.boolean(), (points, lastIsLastAffected) => {
        const events: OsvEvent[] = [];
        const listed = new Set<string>();
        for (let i = 0; i < points.length; i += 2) {
          const from = points[i]!;
          const to = points[i + 1];
          events.push({ introduced: asSemver(from) });
          if (to === undefined) {
            for (let n = from; n <= 41; n++) listed.add(asSemver(n));
          } else if (lastIsLastAffected && i + 2 >= points.length) {
            events.push({ last_affected: asSemver(to) });
            for (let n = from; n <= to; n++) listed.add(asSemver(n));
          } else {
            events.push({ fixed: asSemver(to) });
            for (let n = from; n < to; n++) listed.add(asSemver(n));
          }
        }
        const c = compileOsvAffected(entry('crates.io', [range('SEMVER', ...events)]));
        for (let n = 0; n <= 41; n++) expect(c.evaluate(asSemver(n)).affected).toBe(listed.has(asSemver(n)));
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary event lists (unsorted, duplicated, limits, last_affected) match the schema pseudo-code', () => {
    const event = fc.oneof(
      fc.integer({ min: 0, max: 12 }).map((n): OsvEvent => ({ introduced: String(n) })),
      fc.integer({ min: 1, max: 12 }).map((n): OsvEvent => ({ fixed: String(n) })),
      fc.integer({ min: 1, max: 12 }).map((n): OsvEvent => ({ last_affected: String(n) })),
      fc.integer({ min: 1, max: 12 }).map((n): OsvEvent => ({ limit: String(n) })),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), (events) => {
        if (!events.some((e) => e.introduced !== undefined)) return;
        const toSemver = (e: OsvEvent): OsvEvent => {
          const [k, v] = Object.entries(e)[0] as [keyof OsvEvent, string];
          return { [k]: k === 'introduced' && v === '0' ? '0' : asSemver(Number(v)) };
        };
        const c = compileOsvAffected(entry('crates.io', [range('SEMVER', ...events.map(toSemver))]));
        for (let n = 0; n <= 13; n++) {
          // Probe each integer version and the pre-release just below it.
          expect(c.evaluate(asSemver(n)).affected, `v=${n}`).toBe(pseudoCode(events, n));
          expect(c.evaluate(`${n}.0.0-rc.1`).affected, `v=${n}-rc`).toBe(pseudoCode(events, n - 0.5));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
