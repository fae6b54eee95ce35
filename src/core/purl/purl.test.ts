import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPurl, canonicalizePurl, formatPurl, parsePurl, parsePurlOrThrow, purlEcosystem, purlToOsvPackage } from './index.js';
import type { Purl } from './index.js';
import { CoreParseError } from '../result.js';

function errorOf(input: string): { code: string; position?: number } {
  const r = parsePurl(input);
  if (r.ok) throw new Error(`expected ${input} to be rejected`);
  return r.error;
}

describe('parsePurl: errors name the offending position', () => {
  // Positions are 0-based offsets counted by hand in the literal inputs.
  it.each([
    ['npm/foo@1', 'purl.scheme.missing', 0],
    ['http:npm/foo', 'purl.scheme.invalid', 0],
    ['pkg:3npm/foo', 'purl.type.invalid', 4],
    ['pkg:np_m/foo', 'purl.type.invalid', 6],
    ['pkg:npm', 'purl.name.missing', 7],
    ['pkg:npm/', 'purl.name.missing', 8],
    ['pkg:npm/foo@', 'purl.version.empty', 11],
    ['pkg:npm/foo%2', 'purl.encoding.triplet', 11],
    ['pkg:npm/foo%zz', 'purl.encoding.triplet', 11],
    ['pkg:npm/foo%C3%28', 'purl.encoding.utf8', 11],
    ['pkg:npm/foo?a=1&a=2', 'purl.qualifier.duplicate', 16],
    ['pkg:npm/foo?1a=x', 'purl.qualifier.key', 12],
    ['pkg:npm/foo?ab', 'purl.qualifier.format', 12],
    ['pkg:npm/foo\tbar', 'purl.char.control', 11],
    ['pkg:maven/io@1', 'purl.namespace.required', 10],
    ['pkg:pypi/ns/foo', 'purl.namespace.prohibited', 9],
    ['pkg:cran/A3', 'purl.version.required', 11],
    ['pkg:swid/Fedora@29', 'purl.swid.tag_id', 18],
    ['pkg:generic/a%2Fb/c', 'purl.namespace.slash', 12],
    ['pkg:generic/c#x/a%2Fb', 'purl.subpath.slash', 16],
  ])('%s → %s at %i', (input, code, position) => {
    expect(errorOf(input)).toMatchObject({ code, position });
  });

  it('parsePurlOrThrow throws a typed CoreParseError', () => {
    expect(() => parsePurlOrThrow('pkg:3x/y')).toThrow(CoreParseError);
    expect(parsePurlOrThrow('pkg:npm/x@1').version).toBe('1');
  });
});

describe('parsePurl: normalization rules', () => {
  it('accepts an upper-case scheme and type, and leading slashes after the scheme', () => {
    expect(canonicalizePurl('PKG:///NPM/foo')).toEqual({ ok: true, value: 'pkg:npm/foo' });
  });
  it('drops empty qualifier values and empty pairs, and sorts keys', () => {
    expect(canonicalizePurl('pkg:generic/x?b=2&&a=&C=3')).toEqual({ ok: true, value: 'pkg:generic/x?b=2&c=3' });
  });
  it('cleans subpath segments ".", ".." and empty ones', () => {
    expect(canonicalizePurl('pkg:generic/x#/a/./b/../c//')).toEqual({ ok: true, value: 'pkg:generic/x#a/b/c' });
  });
  it('collapses empty namespace segments', () => {
    expect(parsePurlOrThrow('pkg:golang//github.com//gorilla/context').namespace).toBe('github.com/gorilla');
  });
  it('keeps "+" literally (a purl is not form-encoded) and encodes it canonically', () => {
    const p = parsePurlOrThrow('pkg:deb/debian/attr@1:2.4.47-2+b1');
    expect(p.version).toBe('1:2.4.47-2+b1');
    expect(formatPurl(p)).toBe('pkg:deb/debian/attr@1:2.4.47-2%2Bb1');
  });
  it('decodes UTF-8 percent-encoding and re-encodes non-ASCII', () => {
    const p = parsePurlOrThrow('pkg:generic/caf%C3%A9@1%20beta');
    expect([p.name, p.version]).toEqual(['café', '1 beta']);
    expect(formatPurl({ type: 'generic', name: 'ü/@?' })).toBe('pkg:generic/%C3%BC%2F%40%3F');
  });
  it('applies type rules: pypi "_" to "-", pub "-" to "_", npm lowercase', () => {
    expect(parsePurlOrThrow('pkg:pypi/Zope_Interface').name).toBe('zope-interface');
    expect(parsePurlOrThrow('pkg:pub/Flutter-Lints').name).toBe('flutter_lints');
    expect(parsePurlOrThrow('pkg:npm/%40Babel/Core').namespace).toBe('@babel');
  });
  it('enforces the conan namespace/channel pairing', () => {
    expect(errorOf('pkg:conan/cctz@2.3?channel=stable').code).toBe('purl.conan.namespace');
    expect(errorOf('pkg:conan/bincrafters/cctz@2.3').code).toBe('purl.conan.qualifiers');
  });
});

describe('buildPurl', () => {
  it('normalizes like the parser and reports errors without a position', () => {
    const built = buildPurl({ type: 'PyPI', name: 'Django_Package', qualifiers: { Arch: 'x86', empty: '' } });
    expect(built).toEqual({ ok: true, value: { type: 'pypi', name: 'django-package', qualifiers: { arch: 'x86' } } });
    const bad = buildPurl({ type: 'maven', name: 'io' });
    expect(bad.ok ? undefined : bad.error).toEqual({ code: 'purl.namespace.required', message: 'A maven purl requires a namespace.' });
  });
  it('rejects a missing or malformed type and a missing name', () => {
    expect(buildPurl({ type: null, name: 'x' }).ok).toBe(false);
    expect(buildPurl({ type: 'a b', name: 'x' }).ok).toBe(false);
    expect(buildPurl({ type: 'npm', name: '' }).ok).toBe(false);
  });
});

describe('adversarial inputs (100,000 characters)', () => {
  const N = 100_000;
  // The scanner only uses forward/backward indexOf scans bounded by component ends and
  // a bounded percent-decoder; there are no regular expressions on the input. These
  // shapes target each scan; quadratic behaviour would not finish within the timeout.
  it.each([
    ['percent signs', 'pkg:npm/' + '%'.repeat(N), 'purl.encoding.triplet', 8],
    ['slashes only', 'pkg:' + '/'.repeat(N), 'purl.type.invalid', 4 + N],
    ['huge type', 'pkg:' + 'a'.repeat(N), 'purl.name.missing', 4 + N],
    ['ampersands without =', 'pkg:npm/x?' + 'a&'.repeat(N / 2), 'purl.qualifier.format', 10],
    ['at signs', 'pkg:generic/' + '@'.repeat(N), 'purl.version.empty', 12 + N - 1],
    ['trailing control char', 'pkg:generic/' + 'a'.repeat(N) + '\u0000', 'purl.char.control', 12 + N],
  ])('%s → error Result with position', (_label, input, code, position) => {
    expect(errorOf(input)).toMatchObject({ code, position });
  });
  it('parses a 100k-segment namespace and subpath in one pass', () => {
    const input = 'pkg:generic/' + 'a/'.repeat(N / 2) + 'x?k=' + 'v'.repeat(N) + '#' + 'b/'.repeat(N / 2);
    const p = parsePurlOrThrow(input);
    expect(p.namespace?.length).toBe(N - 1);
    expect(p.subpath?.length).toBe(N - 1);
    expect(canonicalizePurl(input).ok).toBe(true);
  });
  it('maps a 100k-character distro qualifier without backtracking', () => {
    const purl: Purl = { type: 'deb', namespace: 'debian', name: 'x', qualifiers: { distro: '1.'.repeat(N / 2) + 'x' } };
    expect(purlToOsvPackage(purl)).toEqual({ ecosystem: 'Debian', name: 'x' });
  });
});

describe('OSV ecosystem mapping', () => {
  it.each([
    ['npm', 'npm'], ['pypi', 'PyPI'], ['maven', 'Maven'], ['golang', 'Go'], ['nuget', 'NuGet'],
    ['gem', 'RubyGems'], ['cargo', 'crates.io'], ['composer', 'Packagist'], ['hex', 'Hex'], ['pub', 'Pub'],
    ['deb', 'Debian'], ['apk', 'Alpine'], ['swift', 'SwiftURL'], ['cran', 'CRAN'], ['hackage', 'Hackage'],
  ])('%s → %s', (type, ecosystem) => expect(purlEcosystem(type)).toBe(ecosystem));
  it('has no ecosystem for cocoapods, generic or rpm without a vendor', () => {
    expect(purlEcosystem('cocoapods')).toBeUndefined();
    expect(purlEcosystem('generic')).toBeUndefined();
    expect(purlEcosystem('rpm')).toBeUndefined();
  });
  // OSV package naming: Maven "group:artifact", Go "module path", npm "@scope/name", Packagist "vendor/name".
  it.each([
    ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'Maven', 'org.apache.logging.log4j:log4j-core'],
    ['pkg:golang/github.com/gorilla/mux@v1.8.0', 'Go', 'github.com/gorilla/mux'],
    ['pkg:npm/%40angular/core@12.0.0', 'npm', '@angular/core'],
    ['pkg:composer/laravel/framework@8.0.0', 'Packagist', 'laravel/framework'],
    ['pkg:pypi/Django_Rest@1', 'PyPI', 'django-rest'],
    ['pkg:deb/debian/curl@7.50.3-1?distro=debian-12', 'Debian:12', 'curl'],
    ['pkg:deb/debian/curl@7.50.3-1?distro=jessie', 'Debian:8', 'curl'],
    ['pkg:deb/debian/curl@7.50.3-1', 'Debian', 'curl'],
    ['pkg:deb/ubuntu/curl@7.81.0?distro=ubuntu-22.04', 'Ubuntu:22.04:LTS', 'curl'],
    ['pkg:deb/ubuntu/curl@7.81.0?distro=ubuntu-23.10', 'Ubuntu:23.10', 'curl'],
    ['pkg:apk/alpine/curl@8.1.0-r0?distro=3.18.4', 'Alpine:v3.18', 'curl'],
    ['pkg:apk/wolfi/curl@8.1.0-r0', 'Wolfi', 'curl'],
    ['pkg:rpm/almalinux/openssl@3.0.7?distro=almalinux-9', 'AlmaLinux:9', 'openssl'],
    ['pkg:rpm/redhat/openssl@3.0.7?distro=rhel-9', 'Red Hat', 'openssl'],
    ['pkg:rpm/opensuse/curl@8.0', 'openSUSE', 'curl'],
    ['pkg:swift/github.com/apple/swift-nio@2.0.0', 'SwiftURL', 'github.com/apple/swift-nio'],
  ])('%s → %s %s', (input, ecosystem, name) => {
    expect(purlToOsvPackage(parsePurlOrThrow(input))).toEqual({ ecosystem, name });
  });
  it('returns undefined for packages OSV cannot name', () => {
    expect(purlToOsvPackage(parsePurlOrThrow('pkg:rpm/fedora/curl@7'))).toBeUndefined();
    expect(purlToOsvPackage(parsePurlOrThrow('pkg:cocoapods/AFNetworking@4.0.1'))).toBeUndefined();
    expect(purlToOsvPackage(parsePurlOrThrow('pkg:deb/kali/curl@1'))).toBeUndefined();
  });
});

describe('round-trip properties (fast-check)', () => {
  // Types without type-specific rules, so any generated component survives unchanged.
  const freeType = fc.constantFrom('generic', 'docker', 'golang', 'nuget-like', 'x.y-z');
  const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));
  const segment = text.filter((s) => !s.includes('/'));
  const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((segs) => segs.join('/'));
  const subpathSegment = segment.filter((s) => s !== '.' && s !== '..');
  const key = fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/);
  const purlArb = fc.record(
    {
      type: freeType,
      namespace: path,
      name: text,
      version: text,
      qualifiers: fc.dictionary(key, text, { maxKeys: 4 }),
      subpath: fc.array(subpathSegment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/')),
    },
    { requiredKeys: ['type', 'name'] },
  );

  it('parse(format(build(x))) returns the built purl, and format is a fixed point', () => {
    fc.assert(
      fc.property(purlArb, (parts) => {
        const built = buildPurl(parts);
        expect(built.ok).toBe(true);
        if (!built.ok) return;
        const canonical = formatPurl(built.value);
        const reparsed = parsePurl(canonical);
        expect(reparsed).toEqual({ ok: true, value: built.value });
        expect(canonicalizePurl(canonical)).toEqual({ ok: true, value: canonical });
        // The canonical form only uses the characters permitted by ECMA-427 5.2.
        expect(canonical).toMatch(/^[A-Za-z0-9.\-_~%:/@?=&#]+$/);
      }),
      { numRuns: 500 },
    );
  });
});
