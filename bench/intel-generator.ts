/**
 * Inputs for the intelligence rematch benchmarks (bench/intel-rematch.bench.ts), derived from
 * the shared OSV corpus so that their shape is the real one.
 *
 * Advisories — {@link expandCorpus}: the real records first, then `clones - 1` copies of each.
 * Copy k of a record keeps everything that gives it its shape — ecosystem, number of affected
 * entries, ranges and events, versions lists, references, text, severities, withdrawn state —
 * and differs only where a distinct advisory would:
 * - ids: `GO-2020-0001` → `GO-2020-0001-C2` (the schema's id prefix is kept);
 * - aliases: a CVE number gets k as its leading digits (`CVE-2020-36567` → `CVE-2020-236567`, so
 *   each copy is its own vulnerability), any other alias gets the `-C{k}` suffix;
 * - package names: `-c{k}` appended (`github.com/gin-gonic/gin` → `github.com/gin-gonic/gin-c2`), so
 *   the name distribution (how many advisories name one package) is the corpus's, k times over;
 * - versions: the leading number of every event and listed version moves up by 10·k
 *   (`1.6.0` → `21.6.0`, `0.0.0-2016…` → `20.0.0-2016…`), which keeps their order; `introduced: "0"`,
 *   `*` limits and git commits stay as they are.
 * Six copies of the 19,628-record corpus give 117,768 records.
 *
 * Portfolio — {@link buildPortfolio}: products × releases × components, deterministic (seeded).
 * Each product has its own component list: a few platform packages that every product ships,
 * packages named by the advisories (ecosystems the purl mapping reaches: Go, PyPI, crates.io,
 * Bitnami), at versions taken from the advisories' own events and lists (so some fall inside
 * ranges and some past the fix, as in a real portfolio), and unrelated packages (npm and Maven,
 * ecosystems the corpus does not cover; a few identified by CPE only, a few by nothing). Each
 * later release of a product moves some components to another version.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface OsvJson {
  id: string;
  modified: string;
  aliases?: string[];
  affected?: { package?: { ecosystem: string; name: string; purl?: string }; ranges?: { type: string; events: Record<string, string>[] }[]; versions?: string[]; [k: string]: unknown }[];
  [key: string]: unknown;
}

/** Every record of a gzip JSON-lines OSV file, parsed. */
export async function readCorpus(file: string): Promise<OsvJson[]> {
  const out: OsvJson[] = [];
  let rest = '';
  for await (const chunk of createReadStream(file).pipe(createGunzip()).setEncoding('utf8') as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.trim() !== '') out.push(JSON.parse(line) as OsvJson);
  }
  if (rest.trim() !== '') out.push(JSON.parse(rest) as OsvJson);
  return out;
}

const shiftVersion = (v: string, k: number): string => {
  const m = /^(\d+)(.*)$/s.exec(v);
  return m ? `${Number(m[1]) + 10 * k}${m[2]}` : v;
};

const cloneAlias = (alias: string, k: number): string => {
  const cve = /^CVE-(\d{4})-(\d+)$/.exec(alias);
  return cve ? `CVE-${cve[1]}-${k}${cve[2]}` : `${alias}-C${k}`;
};

/** Copy k (k ≥ 1) of a record, as described above; k = 0 is the record itself. */
export function cloneRecord(record: OsvJson, k: number): OsvJson {
  if (k === 0) return record;
  const copy = structuredClone(record);
  copy.id = `${record.id}-C${k}`;
  if (copy.aliases) copy.aliases = copy.aliases.map((a) => cloneAlias(a, k));
  if (Array.isArray(copy['related'])) copy['related'] = (copy['related'] as string[]).map((a) => cloneAlias(a, k));
  for (const a of copy.affected ?? []) {
    if (a.package) {
      a.package.name = `${a.package.name}-c${k}`;
      delete a.package.purl;
    }
    if (a.versions) a.versions = a.versions.map((v) => shiftVersion(v, k));
    for (const range of a.ranges ?? []) {
      if (range.type === 'GIT') continue;
      range.events = range.events.map((e) => {
        const [kind, value] = Object.entries(e)[0] ?? ['', ''];
        if ((kind === 'introduced' && value === '0') || (kind === 'limit' && value.includes('*'))) return e;
        return { [kind]: shiftVersion(value, k) };
      });
    }
  }
  return copy;
}

/** The corpus, then copies 1 … clones-1 of every record: `records.length × clones` records. */
export function* expandCorpus(records: readonly OsvJson[], clones: number): Generator<OsvJson> {
  for (let k = 0; k < clones; k++) for (const r of records) yield cloneRecord(r, k);
}

/** mulberry32: a small deterministic PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PortfolioComponent {
  readonly name: string;
  readonly grp: string | null;
  readonly version: string;
  readonly purl: string | null;
  readonly cpe: string | null;
}

/** A package a component can be: how it is spelled, and the versions it may be at. */
interface Package {
  readonly name: string;
  readonly grp: string | null;
  readonly versions: readonly string[];
  readonly purl: ((version: string) => string) | null;
  readonly cpe: ((version: string) => string) | null;
}

const PURL_TYPES: Readonly<Record<string, string>> = { Go: 'golang', PyPI: 'pypi', 'crates.io': 'cargo', Bitnami: 'bitnami' };

const enc = (s: string) => encodeURIComponent(s).replace(/%2F/g, '/');

/**
 * Packages the advisories name (ecosystems with a purl type), with the versions their events and
 * lists mention: those of the corpus records and of their copies 1 … clones-1 (derived with the
 * same renaming and shifting as {@link cloneRecord}, without materializing the copies).
 */
function namedPackages(corpus: readonly OsvJson[], clones: number): Package[] {
  const byKey = new Map<string, { ecosystem: string; name: string; versions: Set<string> }>();
  for (let k = 0; k < clones; k++) for (const r of corpus) {
    for (const a of cloneRecord(r, k).affected ?? []) {
      const ecosystem = a.package?.ecosystem;
      const name = a.package?.name;
      if (!ecosystem || !name || !PURL_TYPES[ecosystem]) continue;
      const key = `${ecosystem}\u0000${name}`;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { ecosystem, name, versions: new Set() }));
      for (const range of a.ranges ?? []) {
        if (range.type === 'GIT') continue;
        for (const e of range.events) {
          const v = e['introduced'] ?? e['fixed'] ?? e['last_affected'];
          if (v && v !== '0') entry.versions.add(v);
        }
      }
      for (const v of (a.versions ?? []).slice(0, 8)) entry.versions.add(v);
    }
  }
  const out: Package[] = [];
  for (const { ecosystem, name, versions } of byKey.values()) {
    if (versions.size === 0) continue;
    const type = PURL_TYPES[ecosystem]!;
    const slash = name.lastIndexOf('/');
    const ns = type === 'golang' && slash > 0 ? name.slice(0, slash) : null;
    const base = ns ? name.slice(slash + 1) : name;
    const prefix = type === 'golang' ? 'v' : '';
    out.push({
      name: base,
      grp: ns,
      // Roughly oldest to newest (numeric-aware order; close enough to pick "the latest").
      versions: [...versions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
      purl: (v) => `pkg:${type}/${ns ? `${enc(ns)}/` : ''}${enc(type === 'bitnami' ? base.toLowerCase() : base)}@${enc(prefix + v)}`,
      cpe: null,
    });
  }
  return out.sort((a, b) => (a.purl!('') < b.purl!('') ? -1 : 1));
}

/** Packages no advisory names: npm and Maven libraries, some CPE-only parts, some with no identifier. */
function unrelatedPackages(count: number, rnd: () => number): Package[] {
  const out: Package[] = [];
  for (let i = 0; i < count; i++) {
    const versions = Array.from({ length: 4 }, () => `${Math.floor(rnd() * 12)}.${Math.floor(rnd() * 30)}.${Math.floor(rnd() * 10)}`);
    const kind = i % 50;
    if (kind === 0) out.push({ name: `firmware-part-${i}`, grp: null, versions, purl: null, cpe: (v) => `cpe:2.3:o:devicevendor${i % 37}:firmware_part_${i}:${v}:*:*:*:*:*:*:*` });
    else if (kind === 1) out.push({ name: `vendored-blob-${i}`, grp: null, versions, purl: null, cpe: null });
    else if (kind % 3 === 0) out.push({ name: `module-${i}`, grp: `com.example.group${i % 41}`, versions, purl: (v) => `pkg:maven/com.example.group${i % 41}/module-${i}@${v}`, cpe: null });
    else out.push({ name: `lib-${i}`, grp: `@scope${i % 53}`, versions, purl: (v) => `pkg:npm/%40scope${i % 53}/lib-${i}@${v}`, cpe: null });
  }
  return out;
}

export interface PortfolioOptions {
  readonly products: number;
  readonly releasesPerProduct: number;
  readonly componentsPerRelease: number;
  /** Packages every product ships (drawn from the named ones). */
  readonly platformPackages: number;
  /** Share of a product's other components that are packages the advisories name. */
  readonly namedShare: number;
  /** Share of named packages at the newest version the advisories mention (most shipped components are kept current); the rest at any mentioned version. */
  readonly latestShare: number;
  /** Share of components that move to another version from one release to the next. */
  readonly churn: number;
  readonly seed: number;
}

export const DEFAULT_PORTFOLIO: PortfolioOptions = { products: 100, releasesPerProduct: 10, componentsPerRelease: 500, platformPackages: 15, namedShare: 0.2, latestShare: 0.6, churn: 0.1, seed: 6 };

export interface Portfolio {
  readonly products: { readonly name: string; readonly releases: { readonly version: string; readonly components: readonly PortfolioComponent[] }[] }[];
  readonly namedPackages: number;
  readonly unrelatedPackages: number;
}

/** Picks an index with a skew towards the front (popular packages appear in many products). */
const skewed = (rnd: () => number, n: number) => Math.min(n - 1, Math.floor(n * rnd() ** 2));

/** The portfolio described above, from the advisories it is matched against (the corpus and its copies, see {@link expandCorpus}). */
export function buildPortfolio(corpus: readonly OsvJson[], clones: number, options: PortfolioOptions = DEFAULT_PORTFOLIO): Portfolio {
  const rnd = random(options.seed);
  const named = namedPackages(corpus, clones);
  // Shuffle so that popularity does not follow alphabetical order.
  for (let i = named.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [named[i], named[j]] = [named[j]!, named[i]!];
  }
  const unrelated = unrelatedPackages(20_000, rnd);
  const platform = named.slice(0, options.platformPackages);
  const rest = named.slice(options.platformPackages);
  const component = (p: Package, version: string): PortfolioComponent => ({ name: p.name, grp: p.grp, version, purl: p.purl ? p.purl(version) : null, cpe: p.cpe ? p.cpe(version) : null });
  const pick = (p: Package) => (p.purl && rnd() < options.latestShare ? p.versions[p.versions.length - 1]! : p.versions[Math.floor(rnd() * p.versions.length)]!);
  const products: Portfolio['products'][number][] = [];
  for (let pi = 0; pi < options.products; pi++) {
    const chosen = new Set<Package>(platform);
    const namedCount = Math.round((options.componentsPerRelease - platform.length) * options.namedShare);
    while (chosen.size < platform.length + namedCount) chosen.add(rest[skewed(rnd, rest.length)]!);
    while (chosen.size < options.componentsPerRelease) chosen.add(unrelated[skewed(rnd, unrelated.length)]!);
    const packages = [...chosen];
    const versions = packages.map(pick);
    const releases: Portfolio['products'][number]['releases'][number][] = [];
    for (let ri = 0; ri < options.releasesPerProduct; ri++) {
      if (ri > 0) for (let i = 0; i < packages.length; i++) if (rnd() < options.churn) versions[i] = pick(packages[i]!);
      releases.push({ version: `${1 + Math.floor(ri / 4)}.${ri % 4}.0`, components: packages.map((p, i) => component(p, versions[i]!)) });
    }
    products.push({ name: `Device ${String(pi + 1).padStart(3, '0')}`, releases });
  }
  return { products, namedPackages: named.length, unrelatedPackages: unrelated.length };
}
