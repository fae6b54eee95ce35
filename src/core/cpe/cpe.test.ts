import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ANY, CPE_ATTRIBUTES, NA, compareCpeValues, cpeFormattedStringToUri, cpeMatches, cpeUriToFormattedString, cpeValue,
  evaluateConfiguration, formatCpe23, formatCpeUri, isDisjoint, makeWfn, matchesCriterion, parseCpe, parseCpe23,
  parseCpeOrThrow, parseCpeUri,
} from './index.js';
import type { CpeValue, NvdConfiguration, NvdCpeMatch, Wfn } from './index.js';
import { CoreParseError } from '../result.js';

/** Test-only dotted numeric comparator ("2.14.1" < "2.15.0"); real callers pass a scheme from src/core/versions. */
function compareDotted(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function errorOf(r: { ok: boolean; error?: { code: string; position?: number } }): { code: string; position?: number } {
  if (r.ok || !r.error) throw new Error('expected an error');
  return r.error;
}

describe('parse errors carry positions', () => {
  it.each([
    ['cpe:2.4:a:x:y:*:*:*:*:*:*:*:*', 'cpe.prefix', 0],
    ['cpe:2.3:a:vendor', 'cpe.fs.count', 16],
    ['cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:extra', 'cpe.fs.count', 29],
    ['cpe:2.3:a:ve*ndor:p:*:*:*:*:*:*:*:*', 'cpe.value.wildcard', 12],
    ['cpe:2.3:a:v p:x:*:*:*:*:*:*:*:*', 'cpe.fs.char', 11],
    ['cpe:2.3:a::x:*:*:*:*:*:*:*:*', 'cpe.fs.empty', 10],
    ['cpe:2.3:x:v:p:*:*:*:*:*:*:*:*', 'cpe.part.invalid', 8],
    ['cpe:/a:foo:bar:12.%02.1234', 'cpe.uri.wildcard', 18],
    ['cpe:/a:foo%zz', 'cpe.uri.encoding', 10],
    ['cpe:/a:v:p:1:u:~a~b:en', 'cpe.uri.edition', 15],
    ['cpe:/a:v:p:1:u:e:en:extra', 'cpe.uri.count', 19],
    ['cpe:a:b', 'cpe.prefix', 0],
  ])('%s → %s at %i', (input, code, position) => {
    expect(errorOf(parseCpe(input))).toMatchObject({ code, position });
  });
  it('parseCpeOrThrow throws a typed CoreParseError', () => {
    expect(() => parseCpeOrThrow('cpe:2.3:a')).toThrow(CoreParseError);
  });
});

describe('value-string edge cases (our reading of NISTIR 7695 5.3.2)', () => {
  it.each(['?*', '*?', '??*'])('%s has no literal body between its wildcards and is rejected', (v) => {
    expect(parseCpe23(`cpe:2.3:a:${v}:p:*:*:*:*:*:*:*:*`).ok).toBe(false);
  });
  it('accepts a value made only of "?" (matches up to that many characters)', () => {
    expect(parseCpe23('cpe:2.3:a:???:p:*:*:*:*:*:*:*:*').ok).toBe(true);
  });
});

describe('binding details', () => {
  it('keeps a quoted colon inside a formatted-string value', () => {
    const wfn = parseCpeOrThrow('cpe:2.3:a:foo\\:bar:p:1.0:*:*:*:*:*:*:*');
    expect(wfn.vendor).toEqual(cpeValue('foo\\:bar'));
    expect(formatCpe23(wfn)).toBe('cpe:2.3:a:foo\\:bar:p:1.0:*:*:*:*:*:*:*');
    expect(formatCpeUri(wfn)).toBe('cpe:/a:foo%3abar:p:1.0');
  });
  it('lower-cases URI values (NISTIR 7695 decode) but keeps formatted-string case', () => {
    expect(parseCpeOrThrow('cpe:/a:Microsoft:IE').vendor).toEqual(cpeValue('microsoft'));
    expect(parseCpeOrThrow('cpe:2.3:a:Microsoft:IE:*:*:*:*:*:*:*:*').vendor).toEqual(cpeValue('Microsoft'));
  });
  it('converts bindings through the WFN', () => {
    expect(cpeUriToFormattedString('cpe:/o:microsoft:windows_10:-')).toEqual({ ok: true, value: 'cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*' });
    expect(cpeFormattedStringToUri('cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*')).toEqual({ ok: true, value: 'cpe:/o:microsoft:windows_10:-' });
    expect(formatCpeUri(makeWfn({}))).toBe('cpe:/');
  });
});

describe('adversarial inputs (100,000 characters)', () => {
  const N = 100_000;
  // The scanners are single passes; the only regular expressions (/^\?+$/, /^[aoh]$/)
  // cannot backtrack; value matching uses one KMP search instead of retrying each occurrence.
  it('rejects an over-long value with an embedded wildcard', () => {
    const input = `cpe:2.3:a:${'a'.repeat(N)}*b:p:*:*:*:*:*:*:*:*`;
    expect(errorOf(parseCpe23(input))).toMatchObject({ code: 'cpe.value.wildcard', position: 10 + N });
  });
  it('rejects 100k escaped characters without enough components', () => {
    expect(errorOf(parseCpe23('cpe:2.3:a:' + '\\:'.repeat(N / 2)))).toMatchObject({ code: 'cpe.fs.count' });
  });
  it('rejects 100k colons', () => {
    expect(errorOf(parseCpe23('cpe:2.3:' + ':'.repeat(N)))).toMatchObject({ code: 'cpe.fs.empty', position: 8 });
  });
  it('rejects an embedded %01 after a 100k URI value', () => {
    const input = 'cpe:/a:' + 'b'.repeat(N) + '%01c';
    expect(errorOf(parseCpeUri(input))).toMatchObject({ code: 'cpe.uri.wildcard', position: 7 + N });
  });
  it('matches long patterns against long values in linear time', () => {
    const source = cpeValue('*' + 'a'.repeat(N / 2) + 'b');
    expect(compareCpeValues(source, cpeValue('a'.repeat(N)))).toBe('DISJOINT');
    expect(compareCpeValues(source, cpeValue('a'.repeat(N) + 'b'))).toBe('SUPERSET');
    expect(compareCpeValues(cpeValue('?'.repeat(N)), cpeValue('x'.repeat(N)))).toBe('SUPERSET');
  });
});

describe('NVD match criteria with version ranges', () => {
  const log4j: NvdCpeMatch = {
    vulnerable: true,
    criteria: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*',
    versionStartIncluding: '2.0.1',
    versionEndExcluding: '2.15.0',
  };
  const component = (version: string): Wfn => parseCpeOrThrow(`cpe:2.3:a:apache:log4j:${version}:*:*:*:*:*:*:*`);
  it.each([
    ['2.14.1', true], ['2.0.1', true], ['2.15.0', false], ['2.0', false], ['1.2.17', false],
  ])('log4j %s in [2.0.1, 2.15.0) → %s', (version, expected) => {
    expect(matchesCriterion(log4j, component(version), compareDotted)).toEqual({ ok: true, value: expected });
  });
  it('never matches a range when the component version is ANY, NA or a pattern', () => {
    for (const v of ['*', '-', '2.14.*']) expect(matchesCriterion(log4j, component(v), compareDotted)).toEqual({ ok: true, value: false });
  });
  it('honours the excluding start and including end bounds', () => {
    const m = { ...log4j, versionStartIncluding: undefined, versionStartExcluding: '2.0', versionEndExcluding: undefined, versionEndIncluding: '2.3' };
    expect([ '2.0', '2.0.1', '2.3', '2.3.1' ].map((v) => matchesCriterion(m, component(v), compareDotted))).toEqual([
      { ok: true, value: false }, { ok: true, value: true }, { ok: true, value: true }, { ok: true, value: false },
    ]);
  });
  it('requires the rest of the name to match (vendor, product, target_sw)', () => {
    expect(matchesCriterion(log4j, parseCpeOrThrow('cpe:2.3:a:apache:log4net:2.14.1:*:*:*:*:*:*:*'), compareDotted)).toEqual({ ok: true, value: false });
    const onWindows: NvdCpeMatch = { vulnerable: true, criteria: 'cpe:2.3:a:vendor:app:1.0:*:*:*:*:windows:*:*' };
    expect(matchesCriterion(onWindows, parseCpeOrThrow('cpe:2.3:a:vendor:app:1.0:*:*:*:*:windows:*:*'), compareDotted).ok).toBe(true);
    // The component does not say which platform: the criterion is narrower, so CPE_SUPERSET fails.
    expect(matchesCriterion(onWindows, parseCpeOrThrow('cpe:2.3:a:vendor:app:1.0:*:*:*:*:*:*:*'), compareDotted)).toEqual({ ok: true, value: false });
    expect(isDisjoint(parseCpeOrThrow(onWindows.criteria), parseCpeOrThrow('cpe:2.3:a:vendor:app:1.0:*:*:*:*:*:*:*'))).toBe(false);
  });
  it('reports a malformed criterion instead of not matching', () => {
    expect(matchesCriterion({ vulnerable: true, criteria: 'cpe:2.3:a:x' }, component('1'), compareDotted).ok).toBe(false);
  });
});

describe('NVD configurations (operator, negate, children)', () => {
  // Shape of a typical NVD API 2.0 "application running on an OS" configuration.
  const runningOn: NvdConfiguration = {
    operator: 'AND',
    nodes: [
      { operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:infusion_manager:*:*:*:*:*:*:*:*', versionEndExcluding: '3.2' }] },
      { operator: 'OR', cpeMatch: [
        { vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*' },
        { vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows_11:-:*:*:*:*:*:*:*' },
      ] },
    ],
  };
  const app = parseCpeOrThrow('cpe:2.3:a:acme:infusion_manager:3.1:*:*:*:*:*:*:*');
  const win10 = parseCpeOrThrow('cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*');
  const linux = parseCpeOrThrow('cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*');

  it('matches when every AND branch is satisfied, with evidence per criterion and component', () => {
    const r = evaluateConfiguration(runningOn, [linux, app, win10], compareDotted);
    expect(r.ok && r.value.matched && r.value.vulnerable).toBe(true);
    if (!r.ok) return;
    expect(r.value.evidence.map((e) => [e.criterion.criteria, e.componentIndex])).toEqual([
      ['cpe:2.3:a:acme:infusion_manager:*:*:*:*:*:*:*:*', 1],
      ['cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*', 2],
    ]);
  });
  it('does not match when one AND branch fails', () => {
    expect(evaluateConfiguration(runningOn, [app, linux], compareDotted)).toEqual({ ok: true, value: { matched: false, vulnerable: false, evidence: [] } });
  });
  it('a matched configuration whose matching criteria are all non-vulnerable is not vulnerable', () => {
    const platformOnly: NvdConfiguration = { nodes: [runningOn.nodes[1]!] };
    const r = evaluateConfiguration(platformOnly, [win10], compareDotted);
    expect(r.ok && [r.value.matched, r.value.vulnerable]).toEqual([true, false]);
  });
  it('applies negate and nested children (NVD 1.1 style)', () => {
    const nested: NvdConfiguration = {
      nodes: [{
        operator: 'AND',
        children: [
          { operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:infusion_manager:3.1:*:*:*:*:*:*:*' }] },
          { operator: 'OR', negate: true, cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*' }] },
        ],
      }],
    };
    const onWindows = evaluateConfiguration(nested, [app, win10], compareDotted);
    expect(onWindows.ok && onWindows.value.matched).toBe(true);
    expect(onWindows.ok && onWindows.value.evidence.length).toBe(1);
    const onLinux = evaluateConfiguration(nested, [app, linux], compareDotted);
    expect(onLinux.ok && onLinux.value.matched).toBe(false);
  });
  it('reports the first malformed criterion', () => {
    const bad: NvdConfiguration = { nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:b*c:d:*:*:*:*:*:*:*:*' }] }] };
    const r = evaluateConfiguration(bad, [app], compareDotted);
    expect(r.ok ? undefined : r.error.code).toBe('cpe.value.wildcard');
  });
});

describe('round-trip properties (fast-check)', () => {
  const punctuation = [...'!"#$%&\'()+,./:;<=>@[]^`{|}~-*?\\'];
  const token = fc.oneof(
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'),
    fc.constantFrom(...punctuation).map((c) => '\\' + c),
  );
  const edge = fc.constantFrom('', '', '*', '?', '??');
  const valueString = (withWildcards: boolean): fc.Arbitrary<string> =>
    fc
      .tuple(withWildcards ? edge : fc.constant(''), fc.array(token, { minLength: 1, maxLength: 6 }), withWildcards ? edge : fc.constant(''))
      .map(([pre, body, post]) => pre + body.join('') + post)
      .filter((s) => s !== '\\-');
  const wfnArbitrary = (withWildcards: boolean): fc.Arbitrary<Wfn> => {
    const attributeValue: fc.Arbitrary<CpeValue> = fc.oneof(
      { weight: 1, arbitrary: fc.constant(ANY) },
      { weight: 1, arbitrary: fc.constant(NA) },
      { weight: 4, arbitrary: valueString(withWildcards).map(cpeValue) },
    );
    return fc
      .tuple(fc.constantFrom('a', 'o', 'h'), ...CPE_ATTRIBUTES.slice(1).map(() => attributeValue))
      .map(([part, ...rest]) => makeWfn(Object.fromEntries([['part', cpeValue(part)], ...CPE_ATTRIBUTES.slice(1).map((a, i) => [a, rest[i]!])])));
  };
  const wfnArb = wfnArbitrary(true);

  it('WFN → formatted string → WFN is the identity', () => {
    fc.assert(fc.property(wfnArb, (wfn) => {
      expect(parseCpe23(formatCpe23(wfn))).toEqual({ ok: true, value: wfn });
    }), { numRuns: 500 });
  });
  it('WFN → URI → WFN is the identity (lower-case values)', () => {
    fc.assert(fc.property(wfnArb, (wfn) => {
      expect(parseCpeUri(formatCpeUri(wfn))).toEqual({ ok: true, value: wfn });
    }), { numRuns: 500 });
  });
  it('FS → URI → FS is the identity', () => {
    fc.assert(fc.property(wfnArb, (wfn) => {
      const fs = formatCpe23(wfn);
      const uri = cpeFormattedStringToUri(fs);
      expect(uri.ok && cpeUriToFormattedString(uri.value)).toEqual({ ok: true, value: fs });
    }), { numRuns: 300 });
  });
  it('a wildcard-free name matches itself and is matched by its all-ANY widening', () => {
    fc.assert(fc.property(wfnArbitrary(false), (wfn) => {
      expect(cpeMatches(wfn, wfn)).toBe(true);
      expect(cpeMatches(makeWfn({ part: wfn.part }), wfn)).toBe(true);
    }), { numRuns: 300 });
  });
});
