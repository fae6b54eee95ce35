/**
 * The official purl-spec conformance suite (package-url/purl-spec, `tests/types/*`,
 * `tests/spec/specification-test.json` and the legacy root `test-suite-data.json`),
 * stored under ./testdata with provenance in ./testdata/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PackageURL } from 'packageurl-js';
import { buildPurl, canonicalizePurl, formatPurl, parsePurl } from './index.js';
import type { Purl, PurlParts } from './index.js';

type Components = [string | null, string | null, string | null, string | null, Record<string, string> | null, string | null];
type SuiteCase = [group: 'base' | 'adv', kind: 'parse' | 'rt' | 'build', input: string | Components, expected: string | Components | null, failure: 0 | 1];
interface SuiteFile {
  readonly source: { readonly repo: string; readonly path: string; readonly commit: string };
  readonly cases: readonly SuiteCase[];
}

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const load = <T>(relative: string): T => JSON.parse(readFileSync(join(testdata, relative), 'utf8')) as T;

function toParts([type, namespace, name, version, qualifiers, subpath]: Components): PurlParts {
  return { type, namespace, name, version, qualifiers, subpath };
}

/** The suite's component object, with absent parts as null and qualifiers sorted. */
function components(purl: Purl): Components {
  const q = purl.qualifiers ? Object.fromEntries(Object.entries(purl.qualifiers).sort()) : null;
  return [purl.type, purl.namespace ?? null, purl.name, purl.version ?? null, q, purl.subpath ?? null];
}
function sortedExpected([t, ns, n, v, q, s]: Components): Components {
  return [t, ns, n, v, q ? Object.fromEntries(Object.entries(q).sort()) : null, s];
}

function runCase([, kind, input, expected, failure]: SuiteCase): void {
  if (kind === 'build') {
    const built = buildPurl(toParts(input as Components));
    if (failure) return void expect(built.ok).toBe(false);
    expect(built.ok ? formatPurl(built.value) : built.error).toBe(expected);
    return;
  }
  if (kind === 'rt') {
    const canonical = canonicalizePurl(input as string);
    if (failure) return void expect(canonical.ok).toBe(false);
    expect(canonical.ok ? canonical.value : canonical.error).toBe(expected);
    return;
  }
  const parsed = parsePurl(input as string);
  if (failure) return void expect(parsed.ok).toBe(false);
  expect(parsed.ok ? components(parsed.value) : parsed.error).toEqual(sortedExpected(expected as Components));
}

const files = [
  ...readdirSync(join(testdata, 'types')).map((f) => `types/${f}`),
  'spec/specification.json',
].sort();

describe('purl-spec conformance suite (tests/types and tests/spec)', () => {
  let total = 0;
  for (const file of files) {
    const suite = load<SuiteFile>(file);
    total += suite.cases.length;
    describe(file, () => {
      suite.cases.forEach((c, i) => {
        const label = typeof c[2] === 'string' ? c[2] : JSON.stringify(c[2]);
        it(`#${i} ${c[0]} ${c[1]} ${label}`, () => runCase(c));
      });
    });
  }
  it('loaded every stored case', () => {
    // 30 type files + the specification file, as listed in testdata/README.md.
    expect(files.length).toBe(31);
    expect(total).toBe(424);
  });
});

type LegacyCase = [string, string, string | null, string | null, string | null, string | null, string | null, Record<string, string> | null, string | null, boolean];

/**
 * Cases of the legacy suite that the current specification (ECMA-427, purl-spec 1.0)
 * decides differently. Each entry gives the current canonical form, which the newer
 * tests/types files also use.
 */
const LEGACY_SUPERSEDED: Readonly<Record<string, string>> = {
  // ECMA-427 5.4: "/" inside a qualifier value is not a separator and is encoded (purl-spec PR #720).
  'maven often uses qualifiers':
    'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease',
  'maven pom reference':
    'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?extension=pom&repository_url=repo.spring.io%2Frelease',
  // ECMA-427 5.4: the colon ":" "shall not be percent-encoded", also inside qualifier values.
  'with `qualifiers.vcs_url` as SHA512 in hex representation':
    'pkg:npm/packageurl-js@0.0.7?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fpackage-url%2Fpackageurl-js.git',
  'with `qualifiers.download_url`':
    'pkg:npm/packageurl-js@0.0.7?download_url=https:%2F%2Fregistry.npmjs.org%2Fpackageurl-js%2F-%2Fpackageurl-js-0.0.7.tgz',
};

describe('legacy purl-spec test-suite-data.json', () => {
  const legacy = load<{ cases: LegacyCase[] }>('spec/legacy-test-suite-data.json');
  for (const [description, purl, canonical, type, namespace, name, version, qualifiers, subpath, invalid] of legacy.cases) {
    it(description, () => {
      const parsed = parsePurl(purl);
      if (invalid) return void expect(parsed.ok).toBe(false);
      expect(parsed.ok ? components(parsed.value) : parsed.error).toEqual(
        sortedExpected([type, namespace, name, version, qualifiers, subpath]),
      );
      const expectedCanonical = LEGACY_SUPERSEDED[description] ?? canonical;
      expect(canonicalizePurl(purl)).toEqual({ ok: true, value: expectedCanonical });
      // Building from the legacy components must give the same canonical form.
      const built = buildPurl({ type, namespace, name, version, qualifiers, subpath });
      expect(built.ok ? formatPurl(built.value) : built.error).toBe(expectedCanonical);
    });
  }
  it('documents only descriptions that exist', () => {
    const descriptions = new Set(legacy.cases.map((c) => c[0]));
    for (const d of Object.keys(LEGACY_SUPERSEDED)) expect(descriptions.has(d)).toBe(true);
  });
});

describe('differential check against packageurl-js 2.0.1 (decoded components)', () => {
  // packageurl-js fails only canonical-encoding cases of the suite; its decoding and type
  // normalization must agree with ours on every valid parse input.
  const inputs = files.flatMap((f) => load<SuiteFile>(f).cases)
    .filter((c) => c[1] === 'parse' && !c[4])
    .map((c) => c[2] as string);
  it.each([...new Set(inputs)])('%s', (input) => {
    const theirs = PackageURL.fromString(input);
    const q = theirs.qualifiers ? Object.fromEntries(Object.entries(theirs.qualifiers).sort()) : null;
    const expected: Components = [theirs.type, theirs.namespace ?? null, theirs.name, theirs.version ?? null, q, theirs.subpath ?? null];
    const ours = parsePurl(input);
    expect(ours.ok ? components(ours.value) : ours.error).toEqual(expected);
  });
});
