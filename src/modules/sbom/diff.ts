import { parsePurl } from '../../core/index.js';

/**
 * Differences between two releases' components. A component is "the same" across releases
 * when its identity matches: the purl without version, qualifiers and subpath when it has
 * one, else type + group + name. Duplicate identities within one SBOM (e.g. two copies of
 * a library) are compared as a multiset of versions.
 */
export interface DiffComponent {
  readonly name: string;
  readonly group: string | null;
  readonly type: string;
  readonly version: string | null;
  readonly purl: string | null;
  readonly license: string | null;
}

export interface ReleaseDiff {
  readonly added: DiffComponent[];
  readonly removed: DiffComponent[];
  readonly versionChanged: { readonly from: DiffComponent; readonly to: DiffComponent }[];
  readonly licenseChanged: { readonly from: DiffComponent; readonly to: DiffComponent }[];
  readonly unchanged: number;
}

export function componentIdentity(c: DiffComponent): string {
  if (c.purl) {
    const parsed = parsePurl(c.purl);
    if (parsed.ok) {
      const p = parsed.value;
      return `purl:${p.type}/${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
    }
  }
  return `name:${c.type}/${c.group ?? ''}/${c.name.toLowerCase()}`;
}

function groupByIdentity(components: readonly DiffComponent[]): Map<string, DiffComponent[]> {
  const groups = new Map<string, DiffComponent[]>();
  for (const c of components) {
    const key = componentIdentity(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}

export function diffComponents(from: readonly DiffComponent[], to: readonly DiffComponent[]): ReleaseDiff {
  const before = groupByIdentity(from);
  const after = groupByIdentity(to);
  const diff = { added: [] as DiffComponent[], removed: [] as DiffComponent[], versionChanged: [] as ReleaseDiff['versionChanged'], licenseChanged: [] as ReleaseDiff['licenseChanged'], unchanged: 0 };
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const olds = [...(before.get(key) ?? [])];
    const news = [...(after.get(key) ?? [])];
    // Pair exact version matches first, then pair the rest in order as version changes.
    for (let i = olds.length - 1; i >= 0; i--) {
      const j = news.findIndex((n) => n.version === olds[i]!.version);
      if (j === -1) continue;
      const [o] = olds.splice(i, 1);
      const [n] = news.splice(j, 1);
      if ((o!.license ?? '') !== (n!.license ?? '')) diff.licenseChanged.push({ from: o!, to: n! });
      else diff.unchanged++;
    }
    while (olds.length > 0 && news.length > 0) {
      const o = olds.shift()!;
      const n = news.shift()!;
      diff.versionChanged.push({ from: o, to: n });
      if ((o.license ?? '') !== (n.license ?? '')) diff.licenseChanged.push({ from: o, to: n });
    }
    diff.removed.push(...olds);
    diff.added.push(...news);
  }
  const byName = (a: DiffComponent, b: DiffComponent) => a.name.localeCompare(b.name) || (a.version ?? '').localeCompare(b.version ?? '');
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.versionChanged.sort((a, b) => byName(a.to, b.to));
  diff.licenseChanged.sort((a, b) => byName(a.to, b.to));
  return diff;
}
