import type { VersionScheme } from './scheme.js';
import { alpineScheme } from './alpine.js';
import { composerScheme } from './composer.js';
import { cratesScheme } from './crates.js';
import { datetimeScheme } from './datetime.js';
import { debScheme } from './deb.js';
import { genericScheme } from './generic.js';
import { goOsvScheme, goScheme } from './go.js';
import { hexScheme } from './hex.js';
import { mavenScheme } from './maven.js';
import { npmScheme } from './npm.js';
import { nugetScheme } from './nuget.js';
import { pubScheme } from './pub.js';
import { pypiScheme } from './pypi.js';
import { rpmScheme } from './rpm.js';
import { rubygemsScheme } from './rubygems.js';
import { semverScheme } from './semver.js';

export type { VersionScheme } from './scheme.js';

/** Every registered scheme by id. Values are typed loosely because each has its own parsed form. */
const SCHEMES: ReadonlyMap<string, VersionScheme> = new Map(
  (
    [
      npmScheme,
      cratesScheme,
      pypiScheme,
      mavenScheme,
      goScheme,
      goOsvScheme,
      nugetScheme,
      rubygemsScheme,
      composerScheme,
      hexScheme,
      pubScheme,
      semverScheme,
      genericScheme,
      debScheme,
      rpmScheme,
      alpineScheme,
      datetimeScheme,
    ] as VersionScheme[]
  ).map((s) => [s.id, s]),
);

/** The scheme with this id (`npm`, `pypi`, `maven`, `deb`, ...), or undefined when unknown. */
export function schemeById(id: string): VersionScheme | undefined {
  return SCHEMES.get(id);
}

/** Ids of all registered schemes. */
export function schemeIds(): string[] {
  return [...SCHEMES.keys()];
}

/**
 * OSV ecosystem name (the part before any `:` suffix) → scheme id. Go maps to the lenient
 * Go scheme because OSV spells Go versions without the `v`. Ecosystems OSV documents as
 * having no version ordering (OSS-Fuzz, whose ranges are git commits) are absent, as are
 * ecosystems Vigil has no scheme for (e.g. CRAN, Hackage, SwiftURL): callers report those
 * as "not evaluable" rather than guess an order.
 */
const OSV_ECOSYSTEMS: ReadonlyMap<string, string> = new Map([
  ['npm', 'npm'],
  ['PyPI', 'pypi'],
  ['Maven', 'maven'],
  ['Go', 'go-osv'],
  ['NuGet', 'nuget'],
  ['RubyGems', 'rubygems'],
  ['Packagist', 'composer'],
  ['crates.io', 'crates'],
  ['Hex', 'hex'],
  ['Pub', 'pub'],
  ['Bitnami', 'semver'],
  ['Debian', 'deb'],
  ['Ubuntu', 'deb'],
  ['Alpine', 'alpine'],
  ['Red Hat', 'rpm'],
  ['AlmaLinux', 'rpm'],
  ['Rocky Linux', 'rpm'],
  ['openSUSE', 'rpm'],
  ['SUSE', 'rpm'],
]);

/**
 * The scheme for an OSV ecosystem name such as `PyPI`, `Debian:12` or `Alpine:v3.18`
 * (release suffixes after the first `:` are ignored). Undefined for ecosystems without a
 * defined ordering (e.g. `OSS-Fuzz`) or not known here: report, do not guess.
 */
export function schemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const colon = ecosystem.indexOf(':');
  const base = colon < 0 ? ecosystem : ecosystem.slice(0, colon);
  const id = OSV_ECOSYSTEMS.get(base);
  return id === undefined ? undefined : SCHEMES.get(id);
}

/** purl type → scheme id (purl-spec type names). */
const PURL_TYPES: ReadonlyMap<string, string> = new Map([
  ['npm', 'npm'],
  ['pypi', 'pypi'],
  ['maven', 'maven'],
  ['golang', 'go'],
  ['nuget', 'nuget'],
  ['gem', 'rubygems'],
  ['composer', 'composer'],
  ['cargo', 'crates'],
  ['hex', 'hex'],
  ['pub', 'pub'],
  ['bitnami', 'semver'],
  ['deb', 'deb'],
  ['rpm', 'rpm'],
  ['apk', 'alpine'],
  ['generic', 'generic'],
]);

/** The scheme for a purl type (`npm`, `pypi`, `golang`, `gem`, `cargo`, `deb`, ...); undefined when unknown. */
export function schemeForPurlType(type: string): VersionScheme | undefined {
  const id = PURL_TYPES.get(type.toLowerCase());
  return id === undefined ? undefined : SCHEMES.get(id);
}

export {
  alpineScheme,
  composerScheme,
  cratesScheme,
  datetimeScheme,
  debScheme,
  genericScheme,
  goOsvScheme,
  goScheme,
  hexScheme,
  mavenScheme,
  npmScheme,
  nugetScheme,
  pubScheme,
  pypiScheme,
  rpmScheme,
  rubygemsScheme,
  semverScheme,
};
