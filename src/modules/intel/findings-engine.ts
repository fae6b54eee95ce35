import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { OsvAffected, NvdConfiguration } from '../../core/index.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { componentIdentity, matchComponent, type ComponentIdentity, type Match, type MatchableComponent, type MatchableRecord } from './matching.js';
import { arrayLiteral } from './pg-arrays.js';
import { applySuppressionRules } from '../triage/suppression.js';
import { rescoreNowOrLater } from '../scoring/queue.js';

/**
 * Turns matches into findings and keeps them current. A finding's identity is release ×
 * component identity (version-free) × vulnerability, so it survives re-imports, upgrades and
 * rematches; its status moves between affected, fixed (component upgraded past the fix or
 * removed — with the evidence) and withdrawn (the source withdrew every record), and every
 * move is a finding event.
 *
 * Work is set-based and incremental in what it writes:
 * - many SBOMs are matched together, their components read with one statement per batch;
 * - within a run (one SBOM import, one incremental rematch, one full rematch) a
 *   {@link MatchCache} keeps each component spelling's identity, each package key's candidate
 *   records (compiled once) and each spelling × version's matches: a portfolio ships the same
 *   library in hundreds of releases, and it is evaluated once;
 * - only what changed is written — new findings, reopened or changed ones, closed ones, each
 *   with its event — with one `… FROM unnest(…)` statement per kind and batch. When whole SBOMs
 *   are matched, each release's stored findings and each SBOM's package keys are first compared
 *   with what the match gives by a digest computed on both sides (count and MD5 of the rows in
 *   key order), and only releases or SBOMs whose digest differs are read row by row. A digest
 *   the two sides spell differently only costs that read, never a wrong answer.
 * A finding is rewritten (and its `last_seen_at` moved) when something about it changed; an
 * SBOM import changes every finding of its release (they point to the new SBOM).
 */

export interface MatchOutcome {
  readonly components: number;
  readonly unmatchable: number;
  readonly opened: number;
  readonly reopened: number;
  readonly closed: number;
  readonly affected: number;
}

type Counts = { opened: number; reopened: number; closed: number; affected: number };
type BatchOutcome = { components: number; unmatchable: number } & Counts;

/** A current SBOM to match and its release. */
export interface SbomTarget {
  readonly sbomId: string;
  readonly releaseId: string;
}

/** Components read (and matched) per batch: bounds memory whatever the portfolio's size. */
const COMPONENT_BATCH = 25_000;
/** Rows per write statement. */
const WRITE_BATCH = 10_000;
/** Cache bounds: past these the cache starts over (memory stays bounded on any portfolio). */
const MAX_CACHED_RECORDS = 60_000;
const MAX_CACHED_SPELLINGS = 250_000;

interface ComponentRow {
  id: number;
  sbom_id: string;
  name: string;
  grp: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

interface Known {
  readonly identity: ComponentIdentity;
  readonly matchable: MatchableComponent;
  /** Matches by version, worked out on first need. */
  readonly byVersion: Map<string, readonly Match[]>;
}

/** What one run has already worked out (see the module comment). Not shared between runs: records change. */
export class MatchCache {
  /**
   * Only records of these vulnerabilities are loaded, so only their findings are worked out:
   * an import that changed a few records rematches the findings those records can change, not
   * every finding of the components they name.
   */
  readonly onlyVulns: readonly string[] | undefined;
  /** Findings this run opened, changed or closed — and has had scored again (or queued for scoring). */
  readonly rescored = new Set<string>();
  readonly #spellings = new Map<string, Known>();
  /** Each row's identity once worked out: a batch asks for it several times per row, and building the spelling key is what costs. */
  readonly #byRow = new WeakMap<object, Known>();
  readonly #byKey = new Map<string, MatchableRecord[]>();
  readonly #records = new Map<number, MatchableRecord>();
  readonly #evidence = new WeakMap<Match, { json: string; jsonb: string | undefined }>();

  constructor(onlyVulns?: Iterable<string>) {
    this.onlyVulns = onlyVulns ? [...onlyVulns] : undefined;
  }

  /** The identity of a component, by its spelling (purl, CPE, group, name; not the version: null and '' alike, as the matcher reads them). */
  known(c: Pick<ComponentRow, 'name' | 'grp' | 'purl' | 'cpe'>): Known {
    let known = this.#byRow.get(c);
    if (known) return known;
    const key = `${c.purl ?? ''}\u0000${c.cpe ?? ''}\u0000${c.grp ?? ''}\u0000${c.name}`;
    known = this.#spellings.get(key);
    if (!known) {
      if (this.#spellings.size >= MAX_CACHED_SPELLINGS) this.#spellings.clear();
      const matchable = { name: c.name, group: c.grp || null, version: null, purl: c.purl || null, cpe: c.cpe || null };
      known = { identity: componentIdentity(matchable), matchable, byVersion: new Map() };
      this.#spellings.set(key, known);
    }
    this.#byRow.set(c, known);
    return known;
  }

  /** Loads the records naming any of `keys` not loaded yet (at most one query). */
  async load(tx: Executor, orgId: string, keys: Iterable<string>): Promise<void> {
    const missing: string[] = [];
    for (const k of keys) if (!this.#byKey.has(k)) missing.push(k);
    if (missing.length === 0) return;
    if (this.#records.size >= MAX_CACHED_RECORDS) {
      this.#byKey.clear();
      this.#records.clear();
      for (const known of this.#spellings.values()) known.byVersion.clear();
      return this.load(tx, orgId, keys);
    }
    const rows = await tx
      .selectFrom('intel_record_packages as p')
      .innerJoin('intel_records as r', 'r.id', 'p.record_id')
      .select(['p.package_key', 'r.id', 'r.record_id', 'r.vuln_id', 'r.withdrawn', 'r.affected', 'r.cpe_configurations'])
      .where('p.org_id', '=', orgId)
      .where('p.package_key', '=', sql<string>`any(${arrayLiteral(missing)}::text[])`)
      .$if(this.onlyVulns !== undefined, (q) => q.where('r.vuln_id', '=', sql<string>`any(${arrayLiteral(this.onlyVulns!)}::text[])`))
      .orderBy('r.id')
      .execute();
    for (const k of missing) this.#byKey.set(k, []);
    for (const row of rows) {
      let record = this.#records.get(row.id);
      if (!record) {
        record = { recordId: row.record_id, vulnId: row.vuln_id, withdrawn: row.withdrawn, affected: row.affected as OsvAffected[], cpeConfigurations: row.cpe_configurations as NvdConfiguration[] };
        this.#records.set(row.id, record);
      }
      this.#byKey.get(row.package_key)!.push(record);
    }
  }

  /** The matches of a component at `version` (its keys' records must be loaded). */
  matches(known: Known, version: string | null): readonly Match[] {
    if (!version || known.identity.packageKeys.length === 0) return [];
    let found = known.byVersion.get(version);
    if (!found) {
      const keys = known.identity.packageKeys;
      const candidates = keys.length === 1 ? (this.#byKey.get(keys[0]!) ?? []) : [...new Set(keys.flatMap((k) => this.#byKey.get(k) ?? []))];
      found = candidates.length === 0 ? [] : matchComponent({ ...known.matchable, version }, known.identity, candidates);
      known.byVersion.set(version, found);
    }
    return found;
  }

  /** A match's evidence as JSON text (to store) and as PostgreSQL prints it back from jsonb (to compare). */
  evidence(match: Match): { json: string; jsonb: string | undefined } {
    let e = this.#evidence.get(match);
    if (!e) this.#evidence.set(match, (e = { json: JSON.stringify(match.evidence), jsonb: jsonbText(match.evidence) }));
    return e;
  }
}

/**
 * A JSON value as PostgreSQL's jsonb prints it (`jsonb::text`): object keys ordered by byte
 * length, then bytes; `", "` and `": "` between items; strings escaped as JSON.stringify does.
 * Undefined for numbers (jsonb keeps a numeric's written scale, which the parsed value lost).
 */
export function jsonbText(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      const parts: string[] = [];
      if (Array.isArray(value)) {
        for (const item of value) {
          const text = jsonbText(item);
          if (text === undefined) return undefined;
          parts.push(text);
        }
        return `[${parts.join(', ')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
      for (const [k, v] of entries) {
        const text = jsonbText(v);
        if (text === undefined) return undefined;
        parts.push(`${JSON.stringify(k)}: ${text}`);
      }
      return `{${parts.join(', ')}}`;
    }
    default:
      return undefined;
  }
}

/** One digest field: byte length, colon, text; `n` for null (self-delimiting, so the concatenation is unambiguous). */
const field = (v: string | null): string => (v === null ? 'n' : `${Buffer.byteLength(v)}:${v}`);
const FIELD = (column: string) => sql.raw(`coalesce(octet_length(${column}) || ':' || ${column}, 'n')`);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** What one finding row says, as the digest reads it (see {@link findingDigests}). */
function findingRowText(key: string, vulnId: string, c: ComponentRow, match: Match, evidenceJsonb: string, sbomId: string): string {
  return field(key) + field(vulnId) + field(c.name) + field(c.version) + field(c.purl) + field(c.cpe) + field(match.method) + field(match.confidence) + field(evidenceJsonb) + field(sbomId) + 'o';
}

/** Per release: count and MD5 of its affected findings' rows in (identity, vulnerability) order, as {@link findingRowText} spells them. */
async function findingDigests(tx: Executor, releaseIds: readonly string[]): Promise<Map<string, string>> {
  const row = sql.join(
    ['f.component_key', 'f.vuln_id', 'f.component_name', 'f.component_version', 'f.component_purl', 'f.component_cpe', 'f.match_method', 'f.confidence', 'f.evidence::text', 'f.sbom_id::text'].map(FIELD),
    sql` || `,
  );
  const rows = await sql<{ release_id: string; n: number; digest: string }>`
    select f.release_id, count(*)::int as n,
      md5(string_agg(${row} || case when f.fixed_evidence is null and f.fixed_at is null then 'o' else 'x' end, '' order by f.component_key collate "C", f.vuln_id collate "C")) as digest
    from findings f where f.release_id = any(${arrayLiteral(releaseIds)}::uuid[]) and f.status = 'affected' group by f.release_id`.execute(tx);
  return new Map(rows.rows.map((r) => [r.release_id, `${r.n}:${r.digest}`]));
}

/** Per SBOM: count and MD5 of its component keys (`id:key`) in (component, key) order. */
async function keyDigests(tx: Executor, sbomIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await sql<{ sbom_id: string; n: number; digest: string }>`
    select k.sbom_id, count(*)::int as n, md5(string_agg(k.component_id || ':' || k.package_key || ';', '' order by k.component_id, k.package_key collate "C")) as digest
    from sbom_component_keys k where k.sbom_id = any(${arrayLiteral(sbomIds)}::uuid[]) group by k.sbom_id`.execute(tx);
  return new Map(rows.rows.map((r) => [r.sbom_id, `${r.n}:${r.digest}`]));
}

const COMPONENT_COLUMNS = ['c.id', 'c.sbom_id', 'c.name', 'c.grp', 'c.version', 'c.purl', 'c.cpe'] as const;

/** One SBOM being matched, with the components read for it (in document order). */
interface Target extends SbomTarget {
  readonly components: ComponentRow[];
}

/** Groups component rows (ordered by SBOM, then document order) into their targets. */
function targetsOf(sboms: readonly SbomTarget[], rows: ComponentRow[]): Target[] {
  const bySbom = new Map<string, Target>(sboms.map((s) => [s.sbomId, { sbomId: s.sbomId, releaseId: s.releaseId, components: [] }]));
  for (const row of rows) bySbom.get(row.sbom_id)!.components.push(row);
  return [...bySbom.values()];
}

/** A finding as a match gives it. */
interface Wanted {
  readonly component: ComponentRow;
  readonly key: string;
  readonly match: Match;
}

/** The findings a target's components give: one per identity × vulnerability, the first component in document order winning (two copies of one library make one finding). */
function wantedOf(target: Target, cache: MatchCache): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  for (const component of target.components) {
    const known = cache.known(component);
    for (const match of cache.matches(known, component.version)) {
      const id = `${known.identity.key}\u0000${match.vulnId}`;
      if (!wanted.has(id)) wanted.set(id, { component, key: known.identity.key, match });
    }
  }
  return wanted;
}

/** Reads the components of `targets` (every one, or only those filed under one of `keys`), their identities and their keys' candidate records. */
async function readTargets(tx: Executor, orgId: string, sboms: readonly SbomTarget[], cache: MatchCache, keys?: readonly string[]): Promise<{ targets: Target[]; unmatchable: number; components: number }> {
  const ids = sql`${arrayLiteral(sboms.map((s) => s.sbomId))}::uuid[]`;
  const rows = keys
    ? await tx
        .selectFrom('sbom_components as c')
        .select(COMPONENT_COLUMNS)
        .where('c.id', 'in', (eb) =>
          eb
            .selectFrom('sbom_component_keys as k')
            .select('k.component_id')
            .where('k.org_id', '=', orgId)
            .where('k.sbom_id', '=', sql<string>`any(${ids})`)
            .where('k.package_key', '=', sql<string>`any(${arrayLiteral(keys)}::text[])`),
        )
        .orderBy('c.sbom_id')
        .orderBy('c.ord')
        .execute()
    : await tx.selectFrom('sbom_components as c').select(COMPONENT_COLUMNS).where('c.sbom_id', '=', sql<string>`any(${ids})`).orderBy('c.sbom_id').orderBy('c.ord').execute();
  const packageKeys = new Set<string>();
  let unmatchable = 0;
  for (const row of rows) {
    const { identity } = cache.known(row);
    if (identity.packageKeys.length === 0) unmatchable++;
    for (const k of identity.packageKeys) packageKeys.add(k);
  }
  await cache.load(tx, orgId, packageKeys);
  return { targets: targetsOf(sboms, rows), unmatchable, components: rows.length };
}

/**
 * Everything a whole-SBOM match reads before it writes: the SBOMs' components with their
 * identities and candidate records, the findings each release should have (worked out at once,
 * while the cache holds those records), and the digests of the stored keys and findings.
 * Read by {@link readWhole}, in the match's transaction or ahead of it (rematch.ts).
 */
export interface WholeRead {
  readonly sboms: readonly SbomTarget[];
  readonly targets: readonly { target: Target; wanted: Map<string, Wanted> }[];
  readonly unmatchable: number;
  readonly components: number;
  readonly storedKeys: Map<string, string>;
  readonly storedFindings: Map<string, string>;
}

/** Reads what {@link matchSboms} compares for these current SBOMs (see {@link WholeRead}). */
export async function readWhole(db: Executor, orgId: string, sboms: readonly SbomTarget[], cache: MatchCache): Promise<WholeRead> {
  // A restricted cache would make every other vulnerability's findings look stale.
  if (cache.onlyVulns) throw new Error('A whole-SBOM match needs a cache of every vulnerability.');
  const { targets, unmatchable, components } = await readTargets(db, orgId, sboms, cache);
  // Worked out before the next await: a read ahead for another batch may start the cache's records over.
  const withWanted = targets.map((target) => ({ target, wanted: wantedOf(target, cache) }));
  const storedKeys = await keyDigests(db, sboms.map((s) => s.sbomId));
  const storedFindings = await findingDigests(db, sboms.map((s) => s.releaseId));
  return { sboms, targets: withWanted, unmatchable, components, storedKeys, storedFindings };
}

/** Those of `sboms` that are still their release's current SBOM. */
async function stillCurrent(tx: Tx, orgId: string, sboms: readonly SbomTarget[]): Promise<readonly SbomTarget[]> {
  const rows = await tx
    .selectFrom('sboms')
    .select('id')
    .where('org_id', '=', orgId)
    .where('is_current', '=', true)
    .where('id', '=', sql<string>`any(${arrayLiteral(sboms.map((s) => s.sbomId))}::uuid[])`)
    .execute();
  const current = new Set(rows.map((r) => r.id));
  return current.size === sboms.length ? sboms : sboms.filter((s) => current.has(s.sbomId));
}

/**
 * Matches these current SBOMs whole, as one batch: their components' package keys are made
 * what their spellings give, and every finding of their releases reconciled. `ahead`: the
 * same SBOMs read before the transaction began. It is used if they are all still current;
 * an SBOM replaced since is left out (its release's new SBOM was matched by its own import)
 * and the rest read again.
 */
async function matchWhole(tx: Tx, orgId: string, sboms: readonly SbomTarget[], cache: MatchCache, ahead?: WholeRead): Promise<BatchOutcome> {
  let read = ahead;
  if (!read || read.sboms !== sboms) read = await readWhole(tx, orgId, sboms, cache);
  else {
    const current = await stillCurrent(tx, orgId, sboms);
    if (current !== sboms) read = await readWhole(tx, orgId, current, cache);
  }
  const { targets, unmatchable, components, storedKeys, storedFindings } = read;

  const staleKeys: Target[] = [];
  for (const { target: t } of targets) {
    const rows: string[] = [];
    for (const c of [...t.components].sort((a, b) => a.id - b.id)) {
      const keys = cache.known(c).identity.packageKeys;
      for (const k of keys.length > 1 ? [...keys].sort() : keys) rows.push(`${c.id}:${k};`);
    }
    const digest = rows.length === 0 ? undefined : `${rows.length}:${md5(rows.join(''))}`;
    if (digest !== storedKeys.get(t.sbomId)) staleKeys.push(t);
  }
  if (staleKeys.length > 0) await storeComponentKeys(tx, orgId, staleKeys, cache);

  let affected = 0;
  const changed: { target: Target; wanted: Map<string, Wanted> }[] = [];
  for (const { target: t, wanted } of targets) {
    affected += wanted.size;
    const rows: { sort: [string, string]; text: string }[] = [];
    let exact = true;
    for (const w of wanted.values()) {
      const jsonb = cache.evidence(w.match).jsonb;
      if (jsonb === undefined) exact = false;
      rows.push({ sort: [w.key, w.match.vulnId], text: findingRowText(w.key, w.match.vulnId, w.component, w.match, jsonb ?? '', t.sbomId) });
    }
    rows.sort((a, b) => (a.sort[0] < b.sort[0] ? -1 : a.sort[0] > b.sort[0] ? 1 : a.sort[1] < b.sort[1] ? -1 : a.sort[1] > b.sort[1] ? 1 : 0));
    const digest = rows.length === 0 ? undefined : `${rows.length}:${md5(rows.map((r) => r.text).join(''))}`;
    if (!exact || digest !== storedFindings.get(t.releaseId)) changed.push({ target: t, wanted });
  }
  const counts = changed.length > 0 ? await reconcile(tx, orgId, changed, cache, false) : { opened: 0, reopened: 0, closed: 0 };
  return { components, unmatchable, ...counts, affected };
}

/** The package keys of these SBOMs' components made exactly what their spellings give: stale ones deleted, missing ones inserted. */
async function storeComponentKeys(tx: Tx, orgId: string, targets: readonly Target[], cache: MatchCache): Promise<void> {
  const stored = await tx.selectFrom('sbom_component_keys').select(['component_id', 'package_key']).where('sbom_id', '=', sql<string>`any(${arrayLiteral(targets.map((t) => t.sbomId))}::uuid[])`).execute();
  const want = new Map<string, { component: number; sbom: string; key: string }>();
  for (const t of targets) for (const c of t.components) for (const k of cache.known(c).identity.packageKeys) want.set(`${c.id}\u0000${k}`, { component: c.id, sbom: t.sbomId, key: k });
  const remove = new Columns('component', 'key');
  for (const s of stored) if (!want.delete(`${s.component_id}\u0000${s.package_key}`)) remove.push({ component: s.component_id, key: s.package_key });
  await remove.write(async (u) => {
    await sql`delete from sbom_component_keys k using unnest(${u.component}::bigint[], ${u.key}::text[]) as u(component_id, package_key)
      where k.component_id = u.component_id and k.package_key = u.package_key and k.sbom_id = any(${arrayLiteral(targets.map((t) => t.sbomId))}::uuid[])`.execute(tx);
  });
  const add = new Columns('component', 'sbom', 'key');
  for (const w of want.values()) add.push(w);
  await add.write(async (u) => {
    await sql`insert into sbom_component_keys (org_id, sbom_id, component_id, package_key)
      select ${orgId}::uuid, u.sbom_id, u.component_id, u.package_key from unnest(${u.component}::bigint[], ${u.sbom}::uuid[], ${u.key}::text[]) as u(component_id, sbom_id, package_key)
      on conflict do nothing`.execute(tx);
  });
}

/**
 * The incremental path for these SBOMs: only their components that can be affected under one
 * of `keys` are matched, and only those components' identities' findings reconciled.
 */
async function matchUnderKeys(tx: Tx, orgId: string, sboms: readonly SbomTarget[], keys: readonly string[], cache: MatchCache): Promise<BatchOutcome> {
  const { targets, unmatchable, components } = await readTargets(tx, orgId, sboms, cache, keys);
  const batch = targets.map((target) => ({ target, wanted: wantedOf(target, cache) }));
  const counts = await reconcile(tx, orgId, batch, cache, true);
  return { components, unmatchable, ...counts, affected: batch.reduce((n, b) => n + b.wanted.size, 0) };
}

interface ExistingFinding {
  id: string;
  release_id: string;
  component_key: string;
  vuln_id: string;
  status: 'affected' | 'fixed' | 'withdrawn';
  component_name: string;
  component_version: string | null;
  component_purl: string | null;
  component_cpe: string | null;
  match_method: string;
  confidence: string;
  evidence: unknown;
  sbom_id: string | null;
  open: boolean;
}

type EventKind = 'opened' | 'reopened' | 'fixed' | 'withdrawn' | 'evidence';

const evidenceRecords = (evidence: unknown): string[] => (Array.isArray(evidence) ? evidence.map((e) => (e as { recordId?: string } | null)?.recordId).filter((id): id is string => typeof id === 'string') : []);

type Value = string | number | null;

/** Rows to write, kept column by column and written in slices of at most WRITE_BATCH rows. */
class Columns<K extends string> {
  readonly #names: readonly K[];
  readonly #values: Record<K, Value[]>;
  size = 0;

  constructor(...names: K[]) {
    this.#names = names;
    this.#values = Object.fromEntries(names.map((n) => [n, []])) as unknown as Record<K, Value[]>;
  }

  push(row: Record<K, Value>): void {
    for (const n of this.#names) this.#values[n].push(row[n]);
    this.size++;
  }

  /** Calls `write` with each slice's columns as array literals. */
  async write(statement: (literals: Record<K, string>) => Promise<void>): Promise<void> {
    for (let i = 0; i < this.size; i += WRITE_BATCH) {
      await statement(Object.fromEntries(this.#names.map((n) => [n, arrayLiteral(this.#values[n].slice(i, i + WRITE_BATCH))])) as Record<K, string>);
    }
  }
}

/** Whether a stored finding already says what the match says (nothing to write). */
function unchanged(f: ExistingFinding, w: Wanted, sbomId: string, cache: MatchCache): boolean {
  const c = w.component;
  return (
    f.status === 'affected' && f.open && f.component_name === c.name && f.component_version === c.version && f.component_purl === c.purl && f.component_cpe === c.cpe &&
    f.match_method === w.match.method && f.confidence === w.match.confidence && f.sbom_id === sbomId &&
    cache.evidence(w.match).jsonb !== undefined && jsonbText(f.evidence) === cache.evidence(w.match).jsonb
  );
}

/**
 * Reconciles the findings of the targets' releases with what their components match now.
 * `partial` false: every finding of each release is in play (whole-SBOM match); true: only
 * the findings of the component identities read (incremental path), and of the cache's
 * vulnerabilities when it is restricted to some.
 */
async function reconcile(tx: Tx, orgId: string, batch: readonly { target: Target; wanted: Map<string, Wanted> }[], cache: MatchCache, partial: boolean): Promise<Omit<Counts, 'affected'>> {
  const counts = { opened: 0, reopened: 0, closed: 0 };
  if (batch.length === 0) return counts;
  const q = tx
    .selectFrom('findings as f')
    .select(['f.id', 'f.release_id', 'f.component_key', 'f.vuln_id', 'f.status', 'f.component_name', 'f.component_version', 'f.component_purl', 'f.component_cpe', 'f.match_method', 'f.confidence', 'f.evidence', 'f.sbom_id'])
    .select(sql<boolean>`f.fixed_evidence is null and f.fixed_at is null`.as('open'))
    .where('f.org_id', '=', orgId)
    .$if(cache.onlyVulns !== undefined, (qb) => qb.where('f.vuln_id', '=', sql<string>`any(${arrayLiteral(cache.onlyVulns!)}::text[])`));
  let existingRows: ExistingFinding[];
  if (!partial) {
    existingRows = (await q.where('f.release_id', '=', sql<string>`any(${arrayLiteral(batch.map((b) => b.target.releaseId))}::uuid[])`).execute()) as ExistingFinding[];
  } else {
    const releases: string[] = [];
    const keys: string[] = [];
    for (const { target } of batch) {
      for (const k of new Set(target.components.map((c) => cache.known(c).identity.key))) {
        releases.push(target.releaseId);
        keys.push(k);
      }
    }
    existingRows = keys.length === 0 ? [] : ((await q.where(sql<boolean>`(f.release_id, f.component_key) in (select * from unnest(${arrayLiteral(releases)}::uuid[], ${arrayLiteral(keys)}::text[]))`).execute()) as ExistingFinding[]);
  }
  const existing = new Map<string, Map<string, ExistingFinding>>();
  for (const f of existingRows) {
    let m = existing.get(f.release_id);
    if (!m) existing.set(f.release_id, (m = new Map()));
    m.set(`${f.component_key}\u0000${f.vuln_id}`, f);
  }

  const inserts = new Columns('release_id', 'component_key', 'vuln_id', 'name', 'version', 'purl', 'cpe', 'method', 'confidence', 'evidence', 'sbom_id');
  /** Opened-event details by release × identity × vulnerability (the inserted ids come back with those). */
  const openedDetails = new Map<string, unknown>();
  const updates = new Columns('id', 'name', 'version', 'purl', 'cpe', 'method', 'confidence', 'evidence', 'sbom_id');
  const events = new Columns('finding_id', 'kind', 'detail');
  const pushEvent = (findingId: string, kind: EventKind, detail: unknown) => events.push({ finding_id: findingId, kind, detail: JSON.stringify(detail) });
  const stale: { finding: ExistingFinding; target: Target }[] = [];
  /** Every finding this reconcile opens, changes or closes: what scoring must look at again. */
  const touched: string[] = [];

  for (const { target, wanted } of batch) {
    const before = existing.get(target.releaseId) ?? new Map<string, ExistingFinding>();
    for (const [id, w] of wanted) {
      const { component, match } = w;
      const prior = before.get(id);
      if (!prior) {
        inserts.push({
          release_id: target.releaseId, component_key: w.key, vuln_id: match.vulnId, name: component.name, version: component.version, purl: component.purl, cpe: component.cpe,
          method: match.method, confidence: match.confidence, evidence: cache.evidence(match).json, sbom_id: target.sbomId,
        });
        openedDetails.set(`${target.releaseId}\u0000${id}`, { version: component.version, method: match.method, records: match.evidence.map((e) => e.recordId) });
        counts.opened++;
        continue;
      }
      if (unchanged(prior, w, target.sbomId, cache)) continue;
      touched.push(prior.id);
      updates.push({ id: prior.id, name: component.name, version: component.version, purl: component.purl, cpe: component.cpe, method: match.method, confidence: match.confidence, evidence: cache.evidence(match).json, sbom_id: target.sbomId });
      if (prior.status !== 'affected') {
        pushEvent(prior.id, 'reopened', { version: component.version, records: match.evidence.map((e) => e.recordId) });
        counts.reopened++;
      } else if (prior.component_version !== component.version) {
        pushEvent(prior.id, 'evidence', { from: prior.component_version, to: component.version });
      }
    }
    for (const [id, f] of before) if (f.status === 'affected' && !wanted.has(id)) stale.push({ finding: f, target });
  }

  const now = sql<Date>`date_trunc('milliseconds', now())`;
  await inserts.write(async (u) => {
    const rows = await sql<{ id: string; release_id: string; component_key: string; vuln_id: string }>`
      insert into findings (org_id, release_id, component_key, vuln_id, status, component_name, component_version, component_purl, component_cpe,
        match_method, confidence, evidence, fixed_evidence, sbom_id, last_seen_at, fixed_at)
      select ${orgId}::uuid, u.release_id, u.component_key, u.vuln_id, 'affected', u.name, u.version, u.purl, u.cpe, u.method, u.confidence, u.evidence::jsonb, null, u.sbom_id, ${now}, null
      from unnest(${u.release_id}::uuid[], ${u.component_key}::text[], ${u.vuln_id}::text[], ${u.name}::text[], ${u.version}::text[], ${u.purl}::text[], ${u.cpe}::text[],
        ${u.method}::text[], ${u.confidence}::text[], ${u.evidence}::text[], ${u.sbom_id}::uuid[])
        as u(release_id, component_key, vuln_id, name, version, purl, cpe, method, confidence, evidence, sbom_id)
      returning id, release_id, component_key, vuln_id`.execute(tx);
    for (const r of rows.rows) {
      pushEvent(r.id, 'opened', openedDetails.get(`${r.release_id}\u0000${r.component_key}\u0000${r.vuln_id}`));
      touched.push(r.id);
    }
  });
  await updates.write(async (u) => {
    await sql`update findings f set status = 'affected', component_name = u.name, component_version = u.version, component_purl = u.purl, component_cpe = u.cpe,
        match_method = u.method, confidence = u.confidence, evidence = u.evidence::jsonb, fixed_evidence = null, sbom_id = u.sbom_id, last_seen_at = ${now}, fixed_at = null
      from unnest(${u.id}::uuid[], ${u.name}::text[], ${u.version}::text[], ${u.purl}::text[], ${u.cpe}::text[], ${u.method}::text[], ${u.confidence}::text[], ${u.evidence}::text[], ${u.sbom_id}::uuid[])
        as u(id, name, version, purl, cpe, method, confidence, evidence, sbom_id)
      where f.id = u.id`.execute(tx);
  });

  if (stale.length > 0) {
    const closes = new Columns('id', 'status', 'evidence');
    for (const c of await closeStale(tx, orgId, stale, partial, cache)) {
      closes.push({ id: c.id, status: c.status, evidence: JSON.stringify(c.evidence) });
      pushEvent(c.id, c.status, c.evidence);
      touched.push(c.id);
      counts.closed++;
    }
    await closes.write(async (u) => {
      await sql`update findings f set status = u.status, fixed_evidence = u.evidence::jsonb, fixed_at = ${now}
        from unnest(${u.id}::uuid[], ${u.status}::text[], ${u.evidence}::text[]) as u(id, status, evidence) where f.id = u.id`.execute(tx);
    });
  }
  await events.write(async (u) => {
    await sql`insert into finding_events (finding_id, org_id, kind, detail)
      select u.finding_id, ${orgId}::uuid, u.kind, u.detail::jsonb from unnest(${u.finding_id}::uuid[], ${u.kind}::text[], ${u.detail}::text[]) as u(finding_id, kind, detail)`.execute(tx);
  });
  // New and reopened findings get the organization's active suppression rules (src/modules/triage).
  if (counts.opened + counts.reopened > 0) await applySuppressionRules(tx, orgId, batch.map((b) => b.target.releaseId));
  await rescoreNowOrLater(tx, orgId, touched);
  for (const id of touched) cache.rescored.add(id);
  return counts;
}

/**
 * How each stale finding closes: withdrawn when every record that made the match has since
 * been withdrawn, otherwise fixed — upgraded (with the version the component is at now) or
 * removed from the SBOM. `partial`: the targets hold only some of their SBOMs' components, so
 * the versions present now are read from the SBOMs.
 */
async function closeStale(tx: Tx, orgId: string, stale: readonly { finding: ExistingFinding; target: Target }[], partial: boolean, cache: MatchCache): Promise<{ id: string; status: 'fixed' | 'withdrawn'; evidence: unknown }[]> {
  const matchedBy = new Map(stale.map((s) => [s.finding.id, evidenceRecords(s.finding.evidence)]));
  const recordIds = [...new Set([...matchedBy.values()].flat())];
  const withdrawn = new Set(
    recordIds.length === 0
      ? []
      : (await tx.selectFrom('intel_records').select('record_id').where('org_id', '=', orgId).where('record_id', '=', sql<string>`any(${arrayLiteral(recordIds)}::text[])`).where('withdrawn', 'is not', null).execute()).map((r) => r.record_id),
  );
  const present = await currentVersions(tx, stale, partial, cache);
  return stale.map(({ finding: f, target }) => {
    const records = matchedBy.get(f.id) ?? [];
    const status = records.length > 0 && records.every((id) => withdrawn.has(id)) ? 'withdrawn' : 'fixed';
    const now = present.get(target.sbomId)?.get(f.component_key);
    const sbomId = target.sbomId;
    const evidence =
      status === 'withdrawn'
        ? { reason: 'withdrawn', records, detail: 'Every record that matched this component was withdrawn by its source.' }
        : now
          ? { reason: 'upgraded', from: f.component_version, to: now, sbomId, detail: `The component is now at ${now}, which no record of this vulnerability includes.` }
          : { reason: 'removed', from: f.component_version, sbomId, detail: 'The component is no longer in the release’s SBOM.' };
    return { id: f.id, status, evidence };
  });
}

/** Per SBOM with stale findings: component identity key → version, in the SBOM now (for "upgraded to …" evidence; the last component in document order wins). */
async function currentVersions(tx: Tx, stale: readonly { target: Target }[], partial: boolean, cache: MatchCache): Promise<Map<string, Map<string, string>>> {
  const targets = [...new Set(stale.map((s) => s.target))];
  const out = new Map<string, Map<string, string>>();
  const rows: Iterable<Omit<ComponentRow, 'id'>> = partial
    ? await tx
        .selectFrom('sbom_components')
        .select(['sbom_id', 'name', 'grp', 'version', 'purl', 'cpe'])
        .where('sbom_id', '=', sql<string>`any(${arrayLiteral(targets.map((t) => t.sbomId))}::uuid[])`)
        .where('version', '<>', '')
        .orderBy('sbom_id')
        .orderBy('ord')
        .execute()
    : targets.flatMap((t) => t.components);
  for (const r of rows) {
    if (!r.version) continue;
    let map = out.get(r.sbom_id);
    if (!map) out.set(r.sbom_id, (map = new Map()));
    map.set(cache.known(r).identity.key, r.version);
  }
  return out;
}

/** Splits SBOMs into batches of about {@link COMPONENT_BATCH} components. */
export function batchesOf<T extends { components: number }>(sboms: readonly T[], size = COMPONENT_BATCH): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const s of sboms) {
    if (current.length > 0 && total + s.components > size) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(s);
    total += s.components;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Matches an SBOM (the current one of its release) against the organization's intelligence
 * and reconciles the release's findings. With `onlyKeys`, only components that can be
 * affected under one of those package keys are looked at — the incremental path taken when
 * records change.
 */
export async function matchSbom(tx: Tx, orgId: string, sbomId: string, onlyKeys?: ReadonlySet<string>, cache = new MatchCache()): Promise<MatchOutcome> {
  const sbom = await tx.selectFrom('sboms').select(['release_id', 'is_current']).where('id', '=', sbomId).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  const target = [{ sbomId, releaseId: sbom.release_id }];
  return onlyKeys ? matchUnderKeys(tx, orgId, target, [...onlyKeys], cache) : matchWhole(tx, orgId, target, cache);
}

/**
 * Matches these current SBOMs whole, as one batch in the caller's transaction (rematch.ts runs
 * each batch in its own), with what {@link readWhole} read of them ahead, if given.
 */
export async function matchSboms(tx: Tx, orgId: string, sboms: readonly SbomTarget[], cache: MatchCache, ahead?: WholeRead): Promise<BatchOutcome> {
  return matchWhole(tx, orgId, sboms, cache, ahead);
}

/**
 * The incremental path: after records changed, rematch only the current SBOMs (and in them
 * only the components) that can be affected under the changed package keys — and, given the
 * changed records' vulnerabilities, only the findings of those (a finding depends only on the
 * records filed under its vulnerability).
 */
export async function rematchKeys(tx: Tx, orgId: string, keys: ReadonlySet<string>, vulns?: ReadonlySet<string>): Promise<{ sboms: number; opened: number; closed: number; rescored: ReadonlySet<string> }> {
  if (keys.size === 0) return { sboms: 0, opened: 0, closed: 0, rescored: new Set() };
  const keyList = [...keys];
  const sboms = await tx
    .selectFrom('sbom_component_keys as k')
    .innerJoin('sboms as s', 's.id', 'k.sbom_id')
    .select(['k.sbom_id', 's.release_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('k.org_id', '=', orgId)
    .where('s.is_current', '=', true)
    .where('k.package_key', '=', sql<string>`any(${arrayLiteral(keyList)}::text[])`)
    .groupBy(['k.sbom_id', 's.release_id'])
    .orderBy('k.sbom_id')
    .execute();
  const cache = new MatchCache(vulns);
  let opened = 0;
  let closed = 0;
  for (const batch of batchesOf(sboms.map((s) => ({ sbomId: s.sbom_id, releaseId: s.release_id, components: Number(s.n) })))) {
    const outcome = await matchUnderKeys(tx, orgId, batch, keyList, cache);
    opened += outcome.opened + outcome.reopened;
    closed += outcome.closed;
  }
  return { sboms: sboms.length, opened, closed, rescored: cache.rescored };
}
