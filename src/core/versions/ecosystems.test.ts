import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composerScheme } from './composer.js';
import { genericScheme } from './generic.js';
import { canonicalGoVersion, goOsvScheme, goScheme } from './go.js';
import { checkOrderLaws, expectCompare, expectRejectedAt, expectStrictOrder } from './laws.testkit.js';
import { nugetScheme } from './nuget.js';
import { pubScheme } from './pub.js';
import { pypiScheme } from './pypi.js';
import { rubygemsScheme } from './rubygems.js';

const n = fc.nat({ max: 40 }).map(String);

describe('Go (golang.org/x/mod/semver)', () => {
  // golang/mod semver/semver_test.go `tests` at 8b446299501e373f4d7a7d8869d5646e9bfb2e96:
  // invalid inputs have canonical "", and the valid ones are listed in increasing order.
  const TESTS: [string, string][] = [
    ['bad', ''], ['v1-alpha.beta.gamma', ''], ['v1-pre', ''], ['v1+meta', ''], ['v1-pre+meta', ''], ['v1.2-pre', ''], ['v1.2+meta', ''], ['v1.2-pre+meta', ''],
    ['v1.0.0-alpha', 'v1.0.0-alpha'], ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'], ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'], ['v1.0.0-beta', 'v1.0.0-beta'],
    ['v1.0.0-beta.2', 'v1.0.0-beta.2'], ['v1.0.0-beta.11', 'v1.0.0-beta.11'], ['v1.0.0-rc.1', 'v1.0.0-rc.1'], ['v1', 'v1.0.0'], ['v1.0', 'v1.0.0'],
    ['v1.0.0', 'v1.0.0'], ['v1.2', 'v1.2.0'], ['v1.2.0', 'v1.2.0'], ['v1.2.3-456', 'v1.2.3-456'], ['v1.2.3-456.789', 'v1.2.3-456.789'],
    ['v1.2.3-456-789', 'v1.2.3-456-789'], ['v1.2.3-456a', 'v1.2.3-456a'], ['v1.2.3-pre', 'v1.2.3-pre'], ['v1.2.3-pre+meta', 'v1.2.3-pre'],
    ['v1.2.3-pre.1', 'v1.2.3-pre.1'], ['v1.2.3-zzz', 'v1.2.3-zzz'], ['v1.2.3', 'v1.2.3'], ['v1.2.3+meta', 'v1.2.3'], ['v1.2.3+meta-pre', 'v1.2.3'],
    ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
  ];
  it.each(TESTS)('IsValid/Canonical(%j) = %j', (input, canonical) => {
    const r = goScheme.parse(input);
    expect(r.ok).toBe(canonical !== '');
    if (r.ok) expect(canonicalGoVersion(r.value)).toBe(canonical);
  });
  it('orders the valid test list as TestCompare does (equal canonical forms compare 0)', () => {
    const valid = TESTS.filter(([, c]) => c !== '');
    for (let i = 0; i < valid.length; i++) {
      for (let j = 0; j < valid.length; j++) {
        const want = valid[i]![1] === valid[j]![1] ? 0 : i < j ? -1 : 1;
        expectCompare(goScheme, valid[i]![0], valid[j]![0], want as -1 | 0 | 1);
      }
    }
    expectCompare(goScheme, 'v1.19', 'v1.2', 1);
  });
  it('orders pseudo-versions as pre-releases and ignores +incompatible', () => {
    expectStrictOrder(goScheme, ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200101000000-aaaaaaaaaaaa', 'v0.0.0', 'v0.1.0']);
    expectCompare(goScheme, 'v2.0.0+incompatible', 'v2.0.0', 0);
    const r = goScheme.parse('v2.0.0+incompatible');
    expect(r.ok && goScheme.format(r.value)).toBe('v2.0.0+incompatible');
  });
  it('go-osv accepts OSV spelling without v; go requires it', () => {
    expectRejectedAt(goScheme, '1.2.3', 0);
    expectCompare(goOsvScheme, '1.2.3', 'v1.2.3', 0);
  });
  it('is a total order', () => {
    const v = fc.tuple(n, n, n, fc.array(fc.constantFrom('alpha', '1', '20191109021931', 'daa7c04131f5', 'rc'), { maxLength: 3 }), fc.boolean())
      .map(([a, b, c, pre, inc]) => `v${a}.${b}.${c}${pre.length ? '-' + pre.join('.') : ''}${inc ? '+incompatible' : ''}`);
    checkOrderLaws(goScheme, v, { formatIsCanonical: false });
  });
});

describe('Pub (pub_semver)', () => {
  // dart-lang/pub_semver test/version_test.dart at 01c67f9b9a543182fad66f6b476857017800bbee, group 'comparison'.
  const ORDER = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0-rc.1+build.1', '1.0.0', '1.0.0+0.3.7', '1.3.7+build', '1.3.7+build.2.b8f12d7', '1.3.7+build.11.e0f985a', '2.0.0', '2.1.0', '2.2.0', '2.11.0', '2.11.1'];
  it('orders the comparison list, build metadata included', () => expectStrictOrder(pubScheme, ORDER));
  it.each([['01.2.3', '1.2.3'], ['1.02.3', '1.2.3'], ['1.2.03', '1.2.3'], ['1.2.3-01', '1.2.3-1'], ['1.2.3+01', '1.2.3+1']])('%s equals %s', (a, b) => expectCompare(pubScheme, a, b, 0));
  it.each(['1.0', '1.2.3.4', '1234', '-2.3.4', '1.3-pre', '1.3+build', '1.3+bu?!3ild'])('rejects %j', (s) => expectRejectedAt(pubScheme, s));
  it('formats canonicalizedVersion', () => {
    const r = pubScheme.parse('001.02.0003-01.dev+pre.002');
    expect(r.ok && pubScheme.format(r.value)).toBe('1.2.3-1.dev+pre.2');
  });
  it('is a total order', () => {
    const part = fc.oneof(n, fc.constantFrom('01', 'dev', 'a', 'rc', 'x-1', '-1', '0x10'));
    const v = fc.tuple(n, n, n, fc.array(part, { maxLength: 3 }), fc.array(part, { maxLength: 2 }))
      .map(([a, b, c, pre, build]) => `${a}.${b}.${c}${pre.length ? '-' + pre.join('.') : ''}${build.length ? '+' + build.join('.') : ''}`);
    checkOrderLaws(pubScheme, v, { formatIsCanonical: true });
  });
});

describe('NuGet (NuGet.Versioning)', () => {
  it('normalizes leading zeros and a zero revision (ToNormalizedString)', () => {
    const cases: [string, string][] = [['1.0', '1.0.0'], ['01.02.03', '1.2.3'], ['1.0.0.0', '1.0.0'], ['1.2.3.4', '1.2.3.4'], ['1', '1.0.0'], [' 1.0.0-Beta ', '1.0.0-Beta'], ['1.0.0+Meta', '1.0.0+Meta']];
    for (const [input, want] of cases) {
      const r = nugetScheme.parse(input);
      expect(r.ok && nugetScheme.format(r.value)).toBe(want);
    }
  });
  it('compares labels case-insensitively, numeric labels numerically and first, releases last', () => {
    expectCompare(nugetScheme, '1.0.0-BETA', '1.0.0-beta', 0);
    expectCompare(nugetScheme, '1.0.0-beta.2', '1.0.0-beta.10', -1);
    expectCompare(nugetScheme, '1.0.0-1', '1.0.0-a', -1);
    expectCompare(nugetScheme, '1.0.0-rc', '1.0.0', -1);
    expectCompare(nugetScheme, '1.0.0', '1.0.0.1', -1);
    expectCompare(nugetScheme, '1.0.0.0', '1.0', 0);
    expectCompare(nugetScheme, '1.0.0+a', '1.0.0+b', 0);
    // SemVer 2.0.0 §11 example list holds for NuGet too.
    expectStrictOrder(nugetScheme, ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0']);
  });
  it.each(['', '1.2.3.4.5', '1.0-', '1.0+', '1.0.0-01', '1.0.0-beta+', 'a.b', '1.0.0-be_ta', '2147483648.0'])('rejects %j', (s) => expectRejectedAt(nugetScheme, s));
  it('is a total order', () => {
    const label = fc.constantFrom('alpha', 'Alpha', 'BETA', 'beta', 'rc', '1', '2', '10', 'x-y');
    const v = fc.tuple(fc.array(n, { minLength: 1, maxLength: 4 }), fc.array(label, { maxLength: 3 }), fc.option(fc.constantFrom('meta', '001')))
      .map(([nums, labels, meta]) => nums.join('.') + (labels.length ? '-' + labels.join('.') : '') + (meta === null ? '' : '+' + meta));
    checkOrderLaws(nugetScheme, v, { formatIsCanonical: false });
  });
});

describe('RubyGems (Gem::Version)', () => {
  // rubygems/rubygems test/rubygems/test_gem_version.rb (test_spaceship, test_semver, test_initialize_bad).
  it('matches test_spaceship and test_semver', () => {
    expectCompare(rubygemsScheme, '1.0', '1.0.0', 0);
    expectCompare(rubygemsScheme, '1.0', '1.0.a', 1);
    expectCompare(rubygemsScheme, '1.8.2', '0.0.0', 1);
    expectCompare(rubygemsScheme, '1.8.2', '1.8.2.a', 1);
    expectCompare(rubygemsScheme, '1.8.2.b', '1.8.2.a', 1);
    expectCompare(rubygemsScheme, '1.8.2.a10', '1.8.2.a9', 1);
    expectCompare(rubygemsScheme, '', '0', 0);
    expectCompare(rubygemsScheme, '1.2.b1', '1.2.b.1', 0);
    expectStrictOrder(rubygemsScheme, ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0']);
    for (const good of ['1.0', '1.0 ', ' 1.0 ', '1.0\n', '\n1.0\n']) expectCompare(rubygemsScheme, '1.0', good, 0);
    for (const bad of ['junk', '1.0\n2.0']) expectRejectedAt(rubygemsScheme, bad);
  });
  it('is a total order', () => {
    const seg = fc.oneof(n, fc.constantFrom('a', 'b', 'pre', 'rc', 'A', '0'));
    const v = fc.tuple(n, fc.array(seg, { maxLength: 5 })).map(([a, rest]) => [a, ...rest].join('.'));
    checkOrderLaws(rubygemsScheme, v, { formatIsCanonical: false });
  });
});

describe('PyPI (PEP 440 / packaging)', () => {
  // PEP 440 "Summary of permitted suffixes and relative ordering" example, plus normalization
  // examples from the PEP's "Normalization" section.
  it('orders the PEP 440 example sequence', () => {
    expectStrictOrder(pypiScheme, ['1.dev0', '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1']);
  });
  it.each([
    ['1.0.0', '1.0.0'], ['1.0a', '1.0a0'], ['1.0alpha1', '1.0a1'], ['1.0-beta.2', '1.0b2'], ['1.0c1', '1.0rc1'], ['1.0pre1', '1.0rc1'], ['1.0preview', '1.0rc0'],
    ['1.0-1', '1.0.post1'], ['1.0r', '1.0.post0'], ['1.0-rev.4', '1.0.post4'], ['1.0.DEV', '1.0.dev0'], ['v1.0', '1.0'], ['1!01.02', '1!1.2'],
    ['1.0+Ubuntu-1', '1.0+ubuntu.1'], ['1.0+abc.05', '1.0+abc.5'], [' 1.0\n', '1.0'], ['00', '0'],
  ])('normalizes %j to %j', (input, want) => {
    const r = pypiScheme.parse(input);
    expect(r.ok && pypiScheme.format(r.value)).toBe(want);
  });
  it('pads releases with zeros and orders local versions', () => {
    expectCompare(pypiScheme, '1.0', '1.0.0', 0);
    expectCompare(pypiScheme, '1.0+abc', '1.0+1', -1);
    expectCompare(pypiScheme, '1.0+abc', '1.0+abc.1', -1);
    expectCompare(pypiScheme, '1!0.1', '2.0', 1);
  });
  it.each(['1.0.', 'a', '1.0+', '1.0+abc.', '1..0', '1.0-'])('rejects %j', (s) => expectRejectedAt(pypiScheme, s));
  it('is a total order consistent with the normalized form', () => {
    const v = fc.tuple(fc.option(n), fc.array(n, { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc', 'alpha', 'c'), n)), fc.option(n), fc.option(n), fc.option(fc.array(fc.constantFrom('abc', '1', '05', 'z'), { minLength: 1, maxLength: 3 })))
      .map(([e, rel, pre, post, dev, local]) => (e === null ? '' : `${e}!`) + rel.join('.') + (pre === null ? '' : pre.join('')) + (post === null ? '' : `.post${post}`) + (dev === null ? '' : `.dev${dev}`) + (local === null ? '' : `+${local.join('.')}`));
    checkOrderLaws(pypiScheme, v, { formatIsCanonical: false });
  });
});

describe('Composer (composer/semver)', () => {
  // Examples in the style of composer/semver VersionParserTest successfulNormalizedVersions; every expected
  // value was confirmed with composer/semver 3.3.2 (php -r ... VersionParser::normalize).
  it.each([
    ['1.0.0', '1.0.0.0'], ['1.2.3.4', '1.2.3.4'], ['1.0.0RC1dev', '1.0.0.0-RC1-dev'], ['1.0.0-rC15-dev', '1.0.0.0-RC15-dev'], ['1.0.0.RC.15-dev', '1.0.0.0-RC15-dev'],
    ['1.0.0-rc1', '1.0.0.0-RC1'], ['1.0.0.pl3-dev', '1.0.0.0-patch3-dev'], ['1.0-dev', '1.0.0.0-dev'], ['0', '0.0.0.0'], ['10.4.13-beta', '10.4.13.0-beta'],
    ['10.4.13beta2', '10.4.13.0-beta2'], ['10.4.13beta.2', '10.4.13.0-beta2'], ['v1.13.11-beta.0', '1.13.11.0-beta0'], ['10.4.13-b', '10.4.13.0-beta'], ['10.4.13-b5', '10.4.13.0-beta5'],
    ['v1.0.0', '1.0.0.0'], ['v20100102', '20100102'], ['2010.01', '2010.01.0.0'], ['2010.01.02', '2010.01.02.0'], ['2010-01-02', '2010.01.02'], ['2010-01-02.5', '2010.01.02.5'],
    ['2010.1.555', '2010.1.555.0'], ['2010.10.200', '2010.10.200.0'], ['1.0.0-beta.5+foo', '1.0.0.0-beta5'], ['1.0.0+foo', '1.0.0.0'], ['1.x-dev', '1.9999999.9999999.9999999-dev'], ['1.0.0-stable', '1.0.0.0'],
  ])('normalizes %j to %j', (input, want) => {
    const r = composerScheme.parse(input);
    expect(r.ok && composerScheme.format(r.value)).toBe(want);
  });
  it('orders stabilities dev < alpha < beta < RC < stable < patch', () => {
    expectStrictOrder(composerScheme, ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-beta', '1.0.0-beta2', '1.0.0-RC1', '1.0.0', '1.0.0-p1', '1.0.1']);
    expectCompare(composerScheme, 'v1.0', '1.0.0.0', 0);
  });
  it.each(['dev-master', 'master', 'foo', '1.0.0-meh', 'a', '1.0 as 2.0'])('rejects %j', (s) => expectRejectedAt(composerScheme, s));
  it('is a total order', () => {
    const v = fc.tuple(fc.array(n, { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(fc.constantFrom('alpha', 'beta', 'RC', 'rc', 'b', 'patch', 'pl', 'stable'), fc.option(n))), fc.boolean())
      .map(([nums, stab, dev]) => nums.join('.') + (stab === null ? '' : `-${stab[0]}${stab[1] ?? ''}`) + (dev ? '-dev' : ''));
    checkOrderLaws(composerScheme, v, { formatIsCanonical: false });
  });
});

describe('generic fallback', () => {
  it('splits into numeric and alphabetic runs', () => {
    expectStrictOrder(genericScheme, ['1.0', '1.0.1', '1.0.1a', '1.0.1b', '1.0.2', '1.0.10', '1.1', '2.0-beta', '2.0.0']);
    expectCompare(genericScheme, 'FW 2.4.001', 'fw-2.4.1', 0);
    expectCompare(genericScheme, '1.0A', '1.0a', 0);
    expectCompare(genericScheme, '1.0.a', '1.0.1', -1);
  });
  it.each(['', '...', '-_-'])('rejects %j', (s) => expectRejectedAt(genericScheme, s, 0));
  it('is a total order consistent with its canonical form', () => {
    const v = fc.array(fc.constantFrom('1', '0', '00', '10', '.', '-', '_', ' ', 'a', 'B', 'rc', 'fw'), { minLength: 1, maxLength: 8 })
      .map((t) => t.join('') + '1');
    checkOrderLaws(genericScheme, v, { formatIsCanonical: true });
  });
});
