import type { Purl } from './types.js';

/**
 * OSV ecosystem names (OSV schema "Defined ecosystems", osv-schema
 * `osvconstants`) for purl types whose ecosystem does not depend on the distro.
 * CocoaPods is deliberately absent: OSV defines no CocoaPods ecosystem.
 */
const ECOSYSTEM_BY_TYPE: Readonly<Record<string, string>> = {
  bitnami: 'Bitnami',
  cargo: 'crates.io',
  composer: 'Packagist',
  conan: 'ConanCenter',
  cran: 'CRAN',
  gem: 'RubyGems',
  githubactions: 'GitHub Actions',
  golang: 'Go',
  hackage: 'Hackage',
  hex: 'Hex',
  julia: 'Julia',
  maven: 'Maven',
  npm: 'npm',
  nuget: 'NuGet',
  opam: 'opam',
  pub: 'Pub',
  pypi: 'PyPI',
  swift: 'SwiftURL',
  // Distro package types: the base name; purlToOsvPackage adds the release.
  apk: 'Alpine',
  deb: 'Debian',
};

/** OSV ecosystem for RPM-based distros, keyed by the purl namespace (vendor). */
const RPM_VENDORS: Readonly<Record<string, { readonly ecosystem: string; readonly withRelease: boolean }>> = {
  almalinux: { ecosystem: 'AlmaLinux', withRelease: true },
  mageia: { ecosystem: 'Mageia', withRelease: true },
  opensuse: { ecosystem: 'openSUSE', withRelease: false },
  openeuler: { ecosystem: 'openEuler', withRelease: false },
  redhat: { ecosystem: 'Red Hat', withRelease: false },
  rocky: { ecosystem: 'Rocky Linux', withRelease: true },
  'rocky-linux': { ecosystem: 'Rocky Linux', withRelease: true },
  suse: { ecosystem: 'SUSE', withRelease: false },
};

const DEBIAN_CODENAMES: Readonly<Record<string, string>> = {
  lenny: '5', squeeze: '6', wheezy: '7', jessie: '8', stretch: '9', buster: '10',
  bullseye: '11', bookworm: '12', trixie: '13', forky: '14',
};
const UBUNTU_CODENAMES: Readonly<Record<string, string>> = {
  trusty: '14.04', xenial: '16.04', bionic: '18.04', focal: '20.04', jammy: '22.04', noble: '24.04',
};

/**
 * OSV ecosystem name for a purl type (npm→npm, pypi→PyPI, maven→Maven, golang→Go,
 * nuget→NuGet, gem→RubyGems, cargo→crates.io, composer→Packagist, deb→Debian,
 * apk→Alpine, swift→SwiftURL, ...). `undefined` when OSV has no matching ecosystem
 * or it depends on the vendor (rpm): use {@link purlToOsvPackage} for those.
 */
export function purlEcosystem(type: string): string | undefined {
  return ECOSYSTEM_BY_TYPE[type.toLowerCase()];
}

/** An OSV `affected[].package` identity. */
export interface OsvPackage {
  readonly ecosystem: string;
  readonly name: string;
}

/** Leading release number of a distro qualifier such as `debian-12`, `12.4` or `v3.18.2`. */
function releaseDigits(distro: string): string[] | undefined {
  const match = /^(?:[a-z]+-)?v?(\d+(?:\.\d+)*)$/.exec(distro.toLowerCase());
  return match ? match[1]!.split('.') : undefined;
}

function debianEcosystem(vendor: string | undefined, distro: string | undefined): string | undefined {
  if (vendor === 'ubuntu') {
    if (distro === undefined) return 'Ubuntu';
    const release = UBUNTU_CODENAMES[distro.toLowerCase()] ?? releaseDigits(distro)?.slice(0, 2).join('.');
    if (release === undefined) return 'Ubuntu';
    // OSV spells LTS releases (even year, April) as "Ubuntu:22.04:LTS".
    const [year, month] = release.split('.');
    const lts = month === '04' && Number(year) % 2 === 0;
    return `Ubuntu:${release}${lts ? ':LTS' : ''}`;
  }
  if (vendor !== undefined && vendor !== 'debian') return undefined;
  if (distro === undefined) return 'Debian';
  const digits = releaseDigits(distro);
  // Debian releases from 4 on are named by their major number ("Debian:12"); older ones as "3.1".
  const release =
    DEBIAN_CODENAMES[distro.toLowerCase()] ??
    (digits ? (Number(digits[0]) >= 4 ? digits[0] : digits.slice(0, 2).join('.')) : undefined);
  return release === undefined ? 'Debian' : `Debian:${release}`;
}

function alpineEcosystem(vendor: string | undefined, distro: string | undefined): string | undefined {
  if (vendor === 'wolfi') return 'Wolfi';
  if (vendor === 'chainguard') return 'Chainguard';
  if (vendor !== undefined && vendor !== 'alpine') return undefined;
  const digits = distro === undefined ? undefined : releaseDigits(distro);
  return digits && digits.length >= 2 ? `Alpine:v${digits[0]}.${digits[1]}` : 'Alpine';
}

function rpmEcosystem(vendor: string | undefined, distro: string | undefined): string | undefined {
  const known = vendor === undefined ? undefined : RPM_VENDORS[vendor];
  if (known === undefined) return undefined;
  const digits = distro === undefined ? undefined : releaseDigits(distro);
  return known.withRelease && digits ? `${known.ecosystem}:${digits[0]}` : known.ecosystem;
}

/** OSV package naming convention for the ecosystems whose names include the namespace. */
function osvName(purl: Purl): string {
  const { type, namespace, name } = purl;
  if (namespace === undefined) return name;
  switch (type) {
    case 'maven':
      return `${namespace}:${name}`;
    case 'golang':
    case 'npm':
    case 'composer':
    case 'swift':
    case 'githubactions':
      return `${namespace}/${name}`;
    default:
      return name;
  }
}

/**
 * The OSV package (ecosystem + name) a purl denotes, using the `distro` qualifier for
 * distro releases (`Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.18`, `AlmaLinux:8`).
 * `undefined` when OSV has no ecosystem for it (e.g. cocoapods, generic, rpm from an
 * unknown vendor).
 */
export function purlToOsvPackage(purl: Purl): OsvPackage | undefined {
  const distro = purl.qualifiers?.['distro'];
  let ecosystem: string | undefined;
  if (purl.type === 'deb') ecosystem = debianEcosystem(purl.namespace, distro);
  else if (purl.type === 'apk') ecosystem = alpineEcosystem(purl.namespace, distro);
  else if (purl.type === 'rpm') ecosystem = rpmEcosystem(purl.namespace, distro);
  else ecosystem = purlEcosystem(purl.type);
  return ecosystem === undefined ? undefined : { ecosystem, name: osvName(purl) };
}
