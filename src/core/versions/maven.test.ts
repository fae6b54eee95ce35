import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOrderLaws, expectCompare, expectRejectedAt, expectStrictOrder } from './laws.testkit.js';
import { mavenScheme } from './maven.js';

/*
 * Vectors from apache/maven compat/maven-artifact/src/test/java/org/apache/maven/artifact/
 * versioning/ComparableVersionTest.java at commit a8a99e081971e1016a3795c8452f869c9017cc70.
 */
const VERSIONS_QUALIFIER = ['1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2', '1-rc123', '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot', '1-1', '1-2', '1-123'];
const VERSIONS_NUMBER = ['2.0', '2.0.a', '2-1', '2.0.2', '2.0.123', '2.1.0', '2.1-a', '2.1b', '2.1-c', '2.1-1', '2.1.0.1', '2.2', '2.123', '11.a2', '11.a11', '11.b2', '11.b11', '11.m2', '11.m11', '11', '11.a', '11b', '11c', '11m'];
const EQUAL: [string, string][] = [
  ['1', '1'], ['1', '1.0'], ['1', '1.0.0'], ['1.0', '1.0.0'], ['1', '1-0'], ['1', '1.0-0'], ['1.0', '1.0-0'],
  ['1a', '1-a'], ['1a', '1.0-a'], ['1a', '1.0.0-a'], ['1.0a', '1-a'], ['1.0.0a', '1-a'], ['1x', '1-x'], ['1x', '1.0-x'],
  ['1x', '1.0.0-x'], ['1.0x', '1-x'], ['1.0.0x', '1-x'], ['1cr', '1rc'], ['1a1', '1-alpha-1'], ['1b2', '1-beta-2'],
  ['1m3', '1-milestone-3'], ['1X', '1x'], ['1A', '1a'], ['1B', '1b'], ['1M', '1m'], ['1Cr', '1Rc'], ['1cR', '1rC'],
  ['1m3', '1Milestone3'], ['1m3', '1MileStone3'], ['1m3', '1MILESTONE3'],
  ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
];
/** testVersionsHaveSameOrderButAreNotEqual: compare to 0 although the canonical forms differ. */
const SAME_ORDER: [string, string][] = [
  ['1ga', '1'], ['1release', '1'], ['1final', '1'], ['1Ga', '1'], ['1GA', '1'], ['1RELEASE', '1'], ['1RELeaSE', '1'], ['1Final', '1'], ['1FinaL', '1'], ['1FINAL', '1'],
];
const ORDERED_PAIRS: [string, string][] = [
  ['1', '2'], ['1.5', '2'], ['1', '2.5'], ['1.0', '1.1'], ['1.1', '1.2'], ['1.0.0', '1.1'], ['1.0.1', '1.1'], ['1.1', '1.2.0'],
  ['1.0-alpha-1', '1.0'], ['1.0-alpha-1', '1.0-alpha-2'], ['1.0-alpha-1', '1.0-beta-1'], ['1.0-beta-1', '1.0-SNAPSHOT'],
  ['1.0-SNAPSHOT', '1.0'], ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'], ['1.0', '1.0-1'], ['1.0-1', '1.0-2'], ['1.0.0', '1.0-1'],
  ['2.0-1', '2.0.1'], ['2.0.1-klm', '2.0.1-lmn'], ['2.0.1', '2.0.1-xyz'], ['2.0.1', '2.0.1-123'], ['2.0.1-xyz', '2.0.1-123'],
  // testLeadingZeroes, testMng5568, testMng6572, testMng6964, testCompareDigitToLetter, testLexicographicOrder
  ['0.7', '2'], ['0.2', '1.0.7'],
  ['6.1.0rc3', '6.1.0'], ['6.1.0rc3', '6.1H.5-beta'], ['6.1.0', '6.1H.5-beta'],
  ['20190126.230843', '1234567890.12345'], ['1234567890.12345', '123456789012345.1H.5-beta'], ['20190126.230843', '123456789012345.1H.5-beta'],
  ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'], ['1234567890.12345', '12345678901234567890.1H.5-beta'], ['20190126.230843', '12345678901234567890.1H.5-beta'],
  ['1-0.alpha', '1'], ['1-0.beta', '1'], ['1-0.alpha', '1-0.beta'],
  ['J', '7'], ['c', '7'], ['aardvark', 'zebra'], ['zebra', 'ζέβρα'],
  // testMng7714
  ['1.0.final-redhat', '1.0-sp1-redhat'], ['1.0.final-redhat', '1.0-sp-1-redhat'], ['1.0.final-redhat', '1.0-sp.1-redhat'],
];

describe('Maven ComparableVersion: official test vectors', () => {
  it('orders VERSIONS_QUALIFIER and VERSIONS_NUMBER strictly', () => {
    expectStrictOrder(mavenScheme, VERSIONS_QUALIFIER);
    expectStrictOrder(mavenScheme, VERSIONS_NUMBER);
  });

  it.each(EQUAL)('%s == %s (testVersionsEqual), canonical forms equal too', (a, b) => {
    expectCompare(mavenScheme, a, b, 0);
    const x = mavenScheme.parse(a);
    const y = mavenScheme.parse(b);
    expect(x.ok && y.ok && mavenScheme.format(x.value) === mavenScheme.format(y.value)).toBe(true);
  });

  it.each(SAME_ORDER)('%s sorts the same as %s but is not equal', (a, b) => {
    expectCompare(mavenScheme, a, b, 0);
    const x = mavenScheme.parse(a);
    const y = mavenScheme.parse(b);
    expect(x.ok && y.ok && mavenScheme.format(x.value) !== mavenScheme.format(y.value)).toBe(true);
  });

  it.each(ORDERED_PAIRS)('%s < %s', (a, b) => expectCompare(mavenScheme, a, b, -1));

  it('treats any number of leading zeros as the same number (testVersion[Zero]EqualWithLeadingZeroes)', () => {
    for (let len = 1; len <= 19; len++) {
      expectCompare(mavenScheme, '0'.repeat(len - 1) + '1', '1', 0);
      expectCompare(mavenScheme, '0'.repeat(len), '0', 0);
    }
  });

  it('keeps canonical forms stable (newComparable check) and matches testGetCanonical', () => {
    for (const v of [...VERSIONS_QUALIFIER, ...VERSIONS_NUMBER, '0.x', '0-x', '0.rc', '0-1', '1.0-alpha']) {
      const p = mavenScheme.parse(v);
      expect(p.ok).toBe(true);
      if (!p.ok) continue;
      const again = mavenScheme.parse(mavenScheme.format(p.value));
      expect(again.ok && mavenScheme.format(again.value)).toBe(mavenScheme.format(p.value));
    }
    const x = mavenScheme.parse('0.x');
    const two = mavenScheme.parse('0.2');
    expect(x.ok && mavenScheme.format(x.value)).toBe('x');
    expect(two.ok && mavenScheme.format(two.value)).toBe('0.2');
  });

  it('testMng7644: 1.0.0.X1 < 1.0.0-X2 and 2-X == 2.0.X == 2.0.0.X', () => {
    for (const x of ['abc', 'alpha', 'a', 'beta', 'b', 'def', 'milestone', 'm', 'RC']) {
      expectCompare(mavenScheme, `1.0.0.${x}1`, `1.0.0-${x}2`, -1);
      expectCompare(mavenScheme, `2-${x}`, `2.0.${x}`, 0);
      expectCompare(mavenScheme, `2-${x}`, `2.0.0.${x}`, 0);
      expectCompare(mavenScheme, `2.0.${x}`, `2.0.0.${x}`, 0);
    }
  });

  it('rejects versions longer than 256 characters as Maven does', () => {
    expectRejectedAt(mavenScheme, '1.'.repeat(50_000), 256);
    expect(mavenScheme.isValid('1'.repeat(256))).toBe(true);
  });
});

describe('Maven: order laws', () => {
  const token = fc.constantFrom('1', '0', '2', '10', '00', '.', '.', '-', '-', 'a', 'b', 'm', 'rc', 'cr', 'sp', 'ga', 'final', 'release', 'snapshot', 'alpha', 'x', 'SNAPSHOT');
  const version = fc.array(token, { minLength: 1, maxLength: 8 }).map((t) => t.join(''));
  it('is reflexive, antisymmetric and transitive over generated versions', () => {
    // Over arbitrary token soup Maven's own getCanonical does not re-parse to an equal
    // version (`final-.1` → `final-0.1`, which reads `-0` as a combination), so the round
    // trip is checked below on well-formed versions only.
    checkOrderLaws(mavenScheme, version, { formatIsCanonical: false, roundTrip: false, numRuns: 1000 });
  });

  const qualifier = fc.constantFrom('alpha', 'beta', 'milestone', 'rc', 'cr', 'snapshot', 'ga', 'final', 'sp', 'jre', 'redhat', 'a', 'b', 'm');
  const wellFormed = fc
    .tuple(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 4 }), fc.option(qualifier), fc.option(fc.nat({ max: 12 })), fc.constantFrom('-', '.', ''))
    .map(([nums, q, n, sep]) => nums.join('.') + (q === null ? '' : `-${q}${n === null ? '' : sep + String(n)}`));
  it('round-trips well-formed versions through the canonical form', () => {
    checkOrderLaws(mavenScheme, wellFormed, { formatIsCanonical: false, formatIdempotent: false, numRuns: 1000 });
  });
});
