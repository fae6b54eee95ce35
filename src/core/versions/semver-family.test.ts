import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { cratesScheme } from './crates.js';
import { hexScheme } from './hex.js';
import { checkOrderLaws, expectCompare, expectRejectedAt, expectStrictOrder } from './laws.testkit.js';
import { npmScheme } from './npm.js';
import { semverScheme } from './semver.js';

// semver.org 2.0.0 §11 precedence examples (spec text), also the ordered list in
// dtolnay/semver tests/test_version.rs `test_spec_order`.
const SPEC_ORDER = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1'];

const num = fc.oneof(fc.constantFrom('0', '1', '2', '10', '11'), fc.nat({ max: 100000 }).map(String));
const alnumId = fc.stringMatching(/^[0-9A-Za-z-]{0,6}[A-Za-z-][0-9A-Za-z-]{0,3}$/);
const preId = fc.oneof(num, alnumId, fc.constantFrom('alpha', 'beta', 'rc', 'a', 'A', '-', 'x-1'));
const buildId = fc.oneof(fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/), fc.constantFrom('001', 'sha', 'build'));
/** Valid SemVer 2.0.0 strings with the shapes that matter for precedence. */
const semverString = fc
  .tuple(num, num, num, fc.array(preId, { maxLength: 4 }), fc.array(buildId, { maxLength: 2 }))
  .map(([a, b, c, pre, build]) => `${a}.${b}.${c}${pre.length ? '-' + pre.join('.') : ''}${build.length ? '+' + build.join('.') : ''}`);

describe('SemVer family: published vectors', () => {
  it('orders the semver.org §11 example list (npm, crates, hex, semver)', () => {
    for (const s of [npmScheme, cratesScheme, hexScheme, semverScheme]) expectStrictOrder(s, SPEC_ORDER);
  });

  it('ignores build metadata for precedence', () => {
    for (const s of [npmScheme, cratesScheme, hexScheme, semverScheme]) {
      expectCompare(s, '1.0.0+build.1', '1.0.0+build.2', 0);
      expectCompare(s, '1.0.0-rc.1+x', '1.0.0', -1);
    }
  });

  // dtolnay/semver tests/test_version.rs `test_parse` error cases.
  it.each([
    ['', 0],
    ['  ', 0],
    ['1', 1],
    ['1.2', 3],
    ['1.2.3-', 6],
    ['a.b.c', 0],
    ['1.2.3 abc', 5],
    ['1.2.3-01', 6],
    ['5.1.5++', 6],
    ['07', 0],
    ['75774777777757777757', 0],
    ['8\0', 1],
  ])('crates rejects %j at %i (semver crate test_parse)', (input, position) => {
    expectRejectedAt(cratesScheme, input, position);
  });

  it('crates accepts the semver crate test_parse examples and formats them as Display does', () => {
    for (const s of ['1.2.3', '1.2.3-alpha1', '1.2.3+build5', '1.2.3+5build', '1.2.3-alpha1+build5', '1.2.3-1.alpha1.9+build5.7.3aedf', '1.2.3-0a.alpha1.9+05build.7.3aedf', '0.4.0-beta.1+0851523', '1.1.0-beta-10']) {
      const r = cratesScheme.parse(s);
      expect(r.ok && cratesScheme.format(r.value)).toBe(s);
    }
    expectCompare(cratesScheme, '1.2.3-alpha1', '1.2.3', -1);
    expectCompare(cratesScheme, '1.2.0', '1.2.3-alpha2', -1);
    expectCompare(cratesScheme, '18446744073709551615.0.0', '18446744073709551614.0.0', 1);
    expectRejectedAt(cratesScheme, '18446744073709551616.0.0', 0);
    expectRejectedAt(cratesScheme, 'v1.2.3', 0);
  });

  it('hex and plain semver accept numbers of any size, exactly ordered', () => {
    expectCompare(hexScheme, '123456789012345678901234567890.0.0', '123456789012345678901234567891.0.0', -1);
    expectCompare(semverScheme, '1.0.0-123456789012345678901', '1.0.0-123456789012345678900', 1);
    expectRejectedAt(hexScheme, '1.0.0-01', 6);
  });
});

describe('npm: node-semver non-loose grammar', () => {
  it.each([
    ['v1.2.3', true],
    [' 1.2.3 ', true],
    ['\t1.2.3\n', true],
    ['=1.2.3', false],
    ['V1.2.3', false],
    ['v 1.2.3', false],
    ['1.2.3-alpha+001', true],
    ['1.2', false],
    ['01.2.3', false],
    ['1.2.3-01', false],
    ['1.2.3-0a', true],
    ['1.2.3beta', false],
    ['9007199254740991.0.0', true],
    ['9007199254740992.0.0', false],
  ])('isValid(%j) is %s, as semver.valid', (input, valid) => {
    expect(npmScheme.isValid(input)).toBe(valid);
    expect(semver.valid(input) !== null).toBe(valid);
  });

  it('rejects inputs longer than 256 characters as node-semver does', () => {
    const long = `1.2.3-${'a'.repeat(251)}`;
    expect(long.length).toBe(257);
    expect(semver.valid(long)).toBeNull();
    expectRejectedAt(npmScheme, long, 256);
    expect(npmScheme.isValid(long.slice(0, 256))).toBe(true);
  });

  const messy = fc
    .array(fc.constantFrom('1', '0', '01', '2', '.', '.', '-', '+', 'v', '=', ' ', 'a', 'A', '-x', 'rc', '9007199254740992'), { maxLength: 12 })
    .map((xs) => xs.join(''));

  it('accepts exactly what semver.valid accepts, and formats as semver.parse(v).version (+build)', () => {
    fc.assert(
      fc.property(fc.oneof(messy, semverString, semverString.map((s) => `v${s}`)), (s) => {
        const ours = npmScheme.parse(s);
        const theirs = semver.parse(s);
        expect(ours.ok).toBe(theirs !== null);
        if (ours.ok && theirs) {
          const build = theirs.build.length ? `+${theirs.build.join('.')}` : '';
          expect(npmScheme.format(ours.value)).toBe(theirs.version + build);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('orders exactly as semver.compare on generated versions', () => {
    fc.assert(
      fc.property(semverString, semverString, (a, b) => {
        const x = npmScheme.parse(a);
        const y = npmScheme.parse(b);
        expect(x.ok && y.ok).toBe(true);
        if (x.ok && y.ok) expect(Math.sign(npmScheme.compare(x.value, y.value))).toBe(semver.compare(a, b));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('SemVer family: order laws', () => {
  it.each([npmScheme, cratesScheme, hexScheme, semverScheme])('$id is a total order consistent with format', (scheme) => {
    checkOrderLaws(scheme, semverString, { formatIsCanonical: false });
  });
});
