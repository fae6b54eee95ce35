import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemeById, schemeForEcosystem, schemeForPurlType, schemeIds } from './index.js';

describe('scheme registry', () => {
  it.each([
    ['npm', 'npm'], ['PyPI', 'pypi'], ['Maven', 'maven'], ['Go', 'go-osv'], ['NuGet', 'nuget'], ['RubyGems', 'rubygems'], ['Packagist', 'composer'],
    ['crates.io', 'crates'], ['Hex', 'hex'], ['Pub', 'pub'], ['Bitnami', 'semver'], ['Debian', 'deb'], ['Debian:12', 'deb'], ['Ubuntu:22.04:LTS', 'deb'],
    ['Alpine', 'alpine'], ['Alpine:v3.18', 'alpine'], ['Red Hat', 'rpm'], ['Red Hat:enterprise_linux:9::appstream', 'rpm'], ['AlmaLinux:9', 'rpm'],
    ['Rocky Linux:8', 'rpm'], ['openSUSE:Leap 15.5', 'rpm'], ['SUSE:Linux Enterprise Server 15 SP5', 'rpm'],
  ])('OSV ecosystem %j → %s', (eco, id) => expect(schemeForEcosystem(eco)?.id).toBe(id));

  it.each(['OSS-Fuzz', 'Linux', 'Android', 'GitHub Actions', 'pypi', '', 'Unknown'])('OSV ecosystem %j has no scheme (not evaluable)', (eco) => {
    expect(schemeForEcosystem(eco)).toBeUndefined();
  });

  it.each([['npm', 'npm'], ['pypi', 'pypi'], ['maven', 'maven'], ['golang', 'go'], ['nuget', 'nuget'], ['gem', 'rubygems'], ['composer', 'composer'], ['cargo', 'crates'], ['hex', 'hex'], ['pub', 'pub'], ['deb', 'deb'], ['rpm', 'rpm'], ['apk', 'alpine'], ['generic', 'generic']])(
    'purl type %s → %s',
    (type, id) => expect(schemeForPurlType(type)?.id).toBe(id),
  );

  it('returns undefined for unknown ids and purl types', () => {
    expect(schemeById('nope')).toBeUndefined();
    expect(schemeForPurlType('swift')).toBeUndefined();
    for (const id of schemeIds()) expect(schemeById(id)?.id).toBe(id);
  });
});

/*
 * Adversarial inputs. Linear time is by construction: every parser here is a hand-written
 * left-to-right scanner; the only regular expression in the scheme sources is Maven's
 * single-character `\p{Nd}` test (checked below). These tests feed 100,000-character
 * pathological strings and require an error Result with a position.
 */
const N = 100_000;
const PATHOLOGICAL: Record<string, string[]> = {
  npm: ['1.'.repeat(N / 2), '1.2.3-' + 'a.'.repeat(N / 2), '0'.repeat(N)],
  crates: ['1.2.3-' + 'a.'.repeat(N / 2), '1.2.3+' + '-'.repeat(N) + '!', '9'.repeat(N)],
  hex: ['1.2.3-' + 'a.'.repeat(N / 2), '1.'.repeat(N / 2)],
  semver: ['1.2.3-' + '0'.repeat(N) + '1', '1.2.' + '1'.repeat(N) + '.'],
  go: ['v1.2.3-' + 'a.'.repeat(N / 2), 'v' + '1.'.repeat(N / 2)],
  'go-osv': ['1.2.3-' + 'x'.repeat(N) + '!'],
  pypi: ['1.' + '0.'.repeat(N / 2), '1' + 'a-'.repeat(N / 2), '1+' + 'a.'.repeat(N / 2), '1' + '0'.repeat(N) + '!'],
  maven: ['1-'.repeat(N / 2), 'a1'.repeat(N / 2)],
  nuget: ['1.0.0-' + 'a.'.repeat(N / 2), '1' + '0'.repeat(N), ' '.repeat(N)],
  rubygems: ['1.' + 'a.'.repeat(N / 2), '1-' + 'a.'.repeat(N / 2), ' '.repeat(N) + 'x'],
  composer: ['1.' + '0.'.repeat(N / 2), '1.0-beta' + '.1'.repeat(N / 2) + 'x', '2010' + '-01'.repeat(N / 3)],
  pub: ['1.2.3-' + 'a.'.repeat(N / 2), '1.2.3-' + '9'.repeat(N) + '?'],
  generic: ['1.'.repeat(N / 2)],
  deb: ['1:'.repeat(N / 2) + '!'],
  rpm: [':'.repeat(N) + '\u0000'],
  alpine: ['1.' + 'a'.repeat(N) + '_'],
};

describe('adversarial 100,000-character inputs', () => {
  for (const [id, inputs] of Object.entries(PATHOLOGICAL)) {
    it(`${id} rejects pathological inputs with a position`, () => {
      const scheme = schemeById(id)!;
      for (const input of inputs) {
        const r = scheme.parse(input);
        expect(r.ok, `${id} accepted a ${input.length}-char input`).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toMatch(/^version\./);
          expect(r.error.position).toBeGreaterThanOrEqual(0);
          expect(r.error.position!).toBeLessThanOrEqual(input.length);
        }
      }
    });
  }

  it('scheme sources use no regular expressions except a one-character class test', () => {
    const mine = ['num', 'semver-core', 'npm', 'crates', 'hex', 'semver', 'go', 'pub', 'nuget', 'rubygems', 'pypi', 'maven', 'composer', 'generic', 'index'];
    const dir = new URL('.', import.meta.url);
    const files = readdirSync(dir).filter((f) => mine.includes(f.replace(/\.ts$/, '')));
    expect(files.length).toBe(mine.length);
    for (const f of files) {
      const src = readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(src.includes('new RegExp'), f).toBe(false);
      const literals = src.match(/(?<![\w)\]])\/(?![/*\s])(?:\\.|[^/\n\\])+\/[dgimsuy]*\.test\(/g) ?? [];
      expect(literals.filter((l) => l !== '/\\p{Nd}/u.test('), f).toEqual([]);
    }
  });
});
