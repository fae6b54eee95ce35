import { sql } from 'kysely';
import type { OsvAffected, NvdConfiguration } from '../../core/index.js';
import type { Tx } from '../../platform/db/database.js';
import { componentIdentity, matchComponent, type ComponentIdentity, type Match, type MatchableComponent, type MatchableRecord } from './matching.js';
import { arrayLiteral } from './pg-arrays.js';

/**
 * Turns matches into findings and keeps them current. A finding's identity is release ×
 * component identity (version-free) × vulnerability, so it survives re-imports, upgrades and
 * rematches; its status moves between affected, fixed (component upgraded past the fix or
 * removed — with the evidence) and withdrawn (the source withdrew every record), and every
 * move is a finding event.
 *
 * Work is set-based: many SBOMs are matched together, their components read with one statement
 * per batch, and findings inserted, updated, closed and their events written with one
 * `… FROM unnest(…)` statement each per batch. Within a run (one SBOM import, one incremental
 * rematch, one full rematch of an organization) a {@link MatchCache} keeps each component
 * spelling's identity, each package key's candidate records (compiled once) and each
 * (component, version)'s matches, so the same library in a thousand releases is evaluated once.
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

interface ComponentRow {
  id: number;
  sbom_id: string;
  name: string;
  grp: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

/** One current SBOM to match, with the components read for it (in document order). */
interface Target {
  readonly sbomId: string;
  readonly releaseId: string;
  readonly components: ComponentRow[];
}

/** Components read (and matched) per batch: bounds memory whatever the portfolio's size. */
export const COMPONENT_BATCH = 20_000;
/** Rows per write statement. */
const WRITE_BATCH = 10_000;
/** Cache bounds: past these the cache starts over (memory stays bounded on any portfolio). */
const MAX_CACHED_RECORDS = 60_000;
const MAX_CACHED_SPELLINGS = 250_000;

interface Known {
  readonly identity: ComponentIdentity;
  readonly matchable: MatchableComponent;
}

/** What one run has already worked out (see the module comment). Not shared between runs: records change. */
export class MatchCache {
  readonly #spellings = new Map<string, Known>();
  readonly #matches = new Map<string, readonly Match[]>();
  readonly #byKey = new Map<string, MatchableRecord[]>();
  readonly #records = new Map<number, MatchableRecord>();
  readonly #evidenceText = new WeakMap<Match, string>();

  /** The identity of a component, by its spelling (purl, CPE, group, name; not the version). */
  known(c: Pick<ComponentRow, 'name' | 'grp' | 'purl' | 'cpe'>): Known {
    const spelling = `${c.purl ?? ''}\u0000${c.cpe ?? ''}\u0000${c.grp ?? ''}\u0000${c.name}`;
    let known = this.#spellings.get(spelling);
    if (!known) {
      if (this.#spellings.size >= MAX_CACHED_SPELLINGS) {
        this.#spellings.clear();
        this.#matches.clear();
      }
      const matchable = { name: c.name, group: c.grp, version: null, purl: c.purl, cpe: c.cpe };
      known = { identity: componentIdentity(matchable), matchable };
      this.#spellings.set(spelling, known);
    }
    return known;
  }

  /** Package keys among `keys` whose candidate records are not loaded yet. */
  missing(keys: Iterable<string>): string[] {
    const out: string[] = [];
    for (const k of keys) if (!this.#byKey.has(k)) out.push(k);
    return out;
  }

  /** Loads the records naming `keys` (at most one query per call). */
  async load(tx: Tx, orgId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    if (this.#records.size >= MAX_CACHED_RECORDS) {
      this.#byKey.clear();
      this.#records.clear();
      this.#matches.clear();
    }
    const rows = await tx
      .selectFrom('intel_record_packages as p')
      .innerJoin('intel_records as r', 'r.id', 'p.record_id')
      .select(['p.package_key', 'r.id', 'r.record_id', 'r.vuln_id', 'r.withdrawn', 'r.affected', 'r.cpe_configurations'])
      .where('p.org_id', '=', orgId)
      .where('p.package_key', '=', sql<string>`any(${arrayLiteral(keys)}::text[])`)
      .orderBy('r.id')
      .execute();
    for (const k of keys) this.#byKey.set(k, []);
    for (const row of rows) {
      let record = this.#records.get(row.id);
      if (!record) {
        record = { recordId: row.record_id, vulnId: row.vuln_id, withdrawn: row.withdrawn, affected: row.affected as OsvAffected[], cpeConfigurations: row.cpe_configurations as NvdConfiguration[] };
        this.#records.set(row.id, record);
      }
      this.#byKey.get(row.package_key)!.push(record);
    }
  }

  /** The component's matches (its keys' records must be loaded). */
  matches(c: ComponentRow, known: Known): readonly Match[] {
    if (!c.version || known.identity.packageKeys.length === 0) return [];
    const key = `${c.purl ?? ''}\u0000${c.cpe ?? ''}\u0000${c.grp ?? ''}\u0000${c.name}\u0000${c.version}`;
    let found = this.#matches.get(key);
    if (!found) {
      const keys = known.identity.packageKeys;
      const candidates = keys.length === 1 ? (this.#byKey.get(keys[0]!) ?? []) : [...new Set(keys.flatMap((k) => this.#byKey.get(k) ?? []))];
      found = candidates.length === 0 ? [] : matchComponent({ ...known.matchable, version: c.version }, known.identity, candidates);
      this.#matches.set(key, found);
    }
    return found;
  }

  evidenceText(match: Match): string {
    let text = this.#evidenceText.get(match);
    if (text === undefined) this.#evidenceText.set(match, (text = JSON.stringify(match.evidence)));
    return text;
  }
}

const COMPONENT_COLUMNS = ['c.id', 'c.sbom_id', 'c.name', 'c.grp', 'c.version', 'c.purl', 'c.cpe'] as const;

/** Groups component rows (ordered by SBOM, then document order) into their targets. */
function targetsOf(sboms: readonly { sbomId: string; releaseId: string }[], rows: ComponentRow[]): Target[] {
  const bySbom = new Map<string, Target>(sboms.map((s) => [s.sbomId, { ...s, components: [] }]));
  for (const row of rows) bySbom.get(row.sbom_id)!.components.push(row);
  return [...bySbom.values()];
}

/**
 * Matches these current SBOMs whole against the organization's intelligence, in one batch:
 * refreshes their components' package keys and reconciles every finding of their releases.
 */
async function matchWhole(tx: Tx, orgId: string, sboms: readonly { sbomId: string; releaseId: string }[], cache: MatchCache): Promise<Counts & { components: number; unmatchable: number }> {
  const rows = await tx
    .selectFrom('sbom_components as c')
    .select(COMPONENT_COLUMNS)
    .where('c.sbom_id', '=', sql<string>`any(${arrayLiteral(sboms.map((s) => s.sbomId))}::uuid[])`)
    .orderBy('c.sbom_id')
    .orderBy('c.ord')
    .execute();
  const targets = targetsOf(sboms, rows);
  let unmatchable = 0;
  const keyRows: { component: number[]; sbom: string[]; key: string[] } = { component: [], sbom: [], key: [] };
  const allKeys = new Set<string>();
  for (const row of rows) {
    const { identity } = cache.known(row);
    if (identity.packageKeys.length === 0) unmatchable++;
    for (const k of identity.packageKeys) {
      keyRows.component.push(row.id);
      keyRows.sbom.push(row.sbom_id);
      keyRows.key.push(k);
      allKeys.add(k);
    }
  }
  await storeComponentKeys(tx, orgId, sboms.map((s) => s.sbomId), keyRows);
  await cache.load(tx, orgId, cache.missing(allKeys));
  const counts = await reconcile(tx, orgId, targets, cache, undefined);
  return { components: rows.length, unmatchable, ...counts };
}

/**
 * The package keys the SBOMs' components can be affected under, made exactly `rows`: missing
 * ones inserted, stale ones deleted, the rest left alone (a rematch that changes nothing writes
 * nothing here).
 */
async function storeComponentKeys(tx: Tx, orgId: string, sbomIds: readonly string[], rows: { component: number[]; sbom: string[]; key: string[] }): Promise<void> {
  const sboms = arrayLiteral(sbomIds);
  const desired = sql`unnest(${arrayLiteral(rows.component)}::bigint[], ${arrayLiteral(rows.sbom)}::uuid[], ${arrayLiteral(rows.key)}::text[]) as d(component_id, sbom_id, package_key)`;
  await sql`delete from sbom_component_keys k where k.sbom_id = any(${sboms}::uuid[])
    and not exists (select 1 from ${desired} where d.component_id = k.component_id and d.package_key = k.package_key and d.sbom_id = k.sbom_id)`.execute(tx);
  await sql`insert into sbom_component_keys (org_id, sbom_id, component_id, package_key)
    select ${orgId}::uuid, d.sbom_id, d.component_id, d.package_key from ${desired} on conflict do nothing`.execute(tx);
}

/**
 * The incremental path for these SBOMs: only their components that can be affected under one
 * of `keys` are matched, and only those components' findings reconciled.
 */
async function matchUnderKeys(tx: Tx, orgId: string, sboms: readonly { sbomId: string; releaseId: string }[], keys: readonly string[], cache: MatchCache): Promise<Counts & { components: number; unmatchable: number }> {
  const rows = await tx
    .selectFrom('sbom_components as c')
    .select(COMPONENT_COLUMNS)
    .where('c.sbom_id', '=', sql<string>`any(${arrayLiteral(sboms.map((s) => s.sbomId))}::uuid[])`)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('sbom_component_keys as k')
          .select('k.component_id')
          .whereRef('k.sbom_id', '=', 'c.sbom_id')
          .whereRef('k.component_id', '=', 'c.id')
          .where('k.package_key', '=', sql<string>`any(${arrayLiteral(keys)}::text[])`),
      ),
    )
    .orderBy('c.sbom_id')
    .orderBy('c.ord')
    .execute();
  const targets = targetsOf(sboms, rows);
  const allKeys = new Set<string>();
  let unmatchable = 0;
  for (const row of rows) {
    const { identity } = cache.known(row);
    if (identity.packageKeys.length === 0) unmatchable++;
    for (const k of identity.packageKeys) allKeys.add(k);
  }
  await cache.load(tx, orgId, cache.missing(allKeys));
  const scope = new Map(targets.map((t) => [t.sbomId, new Set(t.components.map((c) => cache.known(c).identity.key))]));
  const counts = await reconcile(tx, orgId, targets, cache, scope);
  return { components: rows.length, unmatchable, ...counts };
}

interface ExistingFinding {
  id: string;
  release_id: string;
  component_key: string;
  vuln_id: string;
  status: 'affected' | 'fixed' | 'withdrawn';
  component_version: string | null;
}

type EventKind = 'opened' | 'reopened' | 'fixed' | 'withdrawn' | 'evidence';

const evidenceRecords = (evidence: unknown): string[] => (Array.isArray(evidence) ? evidence.map((e) => (e as { recordId?: string }).recordId).filter((id): id is string => typeof id === 'string') : []);

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

/**
 * Reconciles the findings of the targets' releases with what their components match now.
 * Without `scope`, every finding of each release is in play (whole-SBOM match); with it, only
 * the findings of the component identities in the SBOM's scope (incremental path).
 */
async function reconcile(tx: Tx, orgId: string, targets: readonly Target[], cache: MatchCache, scope: ReadonlyMap<string, ReadonlySet<string>> | undefined): Promise<Counts> {
  const counts: Counts = { opened: 0, reopened: 0, closed: 0, affected: 0 };
  if (targets.length === 0) return counts;
  let existingRows: ExistingFinding[];
  const base = tx.selectFrom('findings as f').select(['f.id', 'f.release_id', 'f.component_key', 'f.vuln_id', 'f.status', 'f.component_version']).where('f.org_id', '=', orgId);
  if (!scope) {
    existingRows = await base.where('f.release_id', '=', sql<string>`any(${arrayLiteral(targets.map((t) => t.releaseId))}::uuid[])`).execute();
  } else {
    const releases: string[] = [];
    const keys: string[] = [];
    for (const t of targets) for (const k of scope.get(t.sbomId) ?? []) {
      releases.push(t.releaseId);
      keys.push(k);
    }
    existingRows = keys.length === 0 ? [] : await base.where(sql<boolean>`(f.release_id, f.component_key) in (select * from unnest(${arrayLiteral(releases)}::uuid[], ${arrayLiteral(keys)}::text[]))`).execute();
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

  for (const target of targets) {
    const before = existing.get(target.releaseId) ?? new Map<string, ExistingFinding>();
    const seen = new Set<string>();
    for (const component of target.components) {
      const known = cache.known(component);
      const key = known.identity.key;
      for (const match of cache.matches(component, known)) {
        const id = `${key}\u0000${match.vulnId}`;
        if (seen.has(id)) continue; // Two copies of one component: one finding.
        seen.add(id);
        counts.affected++;
        const evidence = cache.evidenceText(match);
        const prior = before.get(id);
        if (!prior) {
          inserts.push({
            release_id: target.releaseId, component_key: key, vuln_id: match.vulnId, name: component.name, version: component.version, purl: component.purl, cpe: component.cpe,
            method: match.method, confidence: match.confidence, evidence, sbom_id: target.sbomId,
          });
          openedDetails.set(`${target.releaseId}\u0000${id}`, { version: component.version, method: match.method, records: match.evidence.map((e) => e.recordId) });
          counts.opened++;
          continue;
        }
        updates.push({ id: prior.id, name: component.name, version: component.version, purl: component.purl, cpe: component.cpe, method: match.method, confidence: match.confidence, evidence, sbom_id: target.sbomId });
        if (prior.status !== 'affected') {
          pushEvent(prior.id, 'reopened', { version: component.version, records: match.evidence.map((e) => e.recordId) });
          counts.reopened++;
        } else if (prior.component_version !== component.version) {
          pushEvent(prior.id, 'evidence', { from: prior.component_version, to: component.version });
        }
      }
    }
    for (const [id, f] of before) if (f.status === 'affected' && !seen.has(id)) stale.push({ finding: f, target });
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
    for (const r of rows.rows) pushEvent(r.id, 'opened', openedDetails.get(`${r.release_id}\u0000${r.component_key}\u0000${r.vuln_id}`));
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
    for (const c of await closeStale(tx, orgId, stale, scope !== undefined, cache)) {
      closes.push({ id: c.id, status: c.status, evidence: JSON.stringify(c.evidence) });
      pushEvent(c.id, c.status, c.evidence);
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
  return counts;
}

/**
 * How each stale finding closes: withdrawn when every record that made the match has since
 * been withdrawn, otherwise fixed — upgraded (with the version the component is at now) or
 * removed from the SBOM. `partial`: the targets hold only some of their SBOMs' components, so
 * the versions present now are read from the SBOMs.
 */
async function closeStale(tx: Tx, orgId: string, stale: readonly { finding: ExistingFinding; target: Target }[], partial: boolean, cache: MatchCache): Promise<{ id: string; status: 'fixed' | 'withdrawn'; evidence: unknown }[]> {
  const evidenceRows = await tx.selectFrom('findings').select(['id', 'evidence']).where('id', '=', sql<string>`any(${arrayLiteral(stale.map((s) => s.finding.id))}::uuid[])`).execute();
  const matchedBy = new Map(evidenceRows.map((r) => [r.id, evidenceRecords(r.evidence)]));
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

/** Per SBOM with stale findings: component identity key → version, in the SBOM now (for "upgraded to …" evidence). */
async function currentVersions(tx: Tx, stale: readonly { target: Target }[], partial: boolean, cache: MatchCache): Promise<Map<string, Map<string, string>>> {
  const targets = [...new Set(stale.map((s) => s.target))];
  const out = new Map<string, Map<string, string>>();
  const rows: Iterable<{ sbom_id: string; name: string; grp: string | null; version: string | null; purl: string | null; cpe: string | null }> = partial
    ? await tx
        .selectFrom('sbom_components')
        .select(['sbom_id', 'name', 'grp', 'version', 'purl', 'cpe'])
        .where('sbom_id', '=', sql<string>`any(${arrayLiteral(targets.map((t) => t.sbomId))}::uuid[])`)
        .where('version', 'is not', null)
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
function batches<T extends { components: number }>(sboms: readonly T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const s of sboms) {
    if (current.length > 0 && size + s.components > COMPONENT_BATCH) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(s);
    size += s.components;
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
 * Matches these current SBOMs whole, in batches inside the caller's transaction (the full
 * rematch runs each batch in its own, see rematch.ts).
 */
export async function matchSboms(tx: Tx, orgId: string, sboms: readonly { sbomId: string; releaseId: string }[], cache: MatchCache): Promise<Counts & { components: number; unmatchable: number }> {
  return matchWhole(tx, orgId, sboms, cache);
}

/**
 * The incremental path: after records changed, rematch only the current SBOMs (and in them
 * only the components) that can be affected under the changed package keys.
 */
export async function rematchKeys(tx: Tx, orgId: string, keys: ReadonlySet<string>): Promise<{ sboms: number; opened: number; closed: number }> {
  if (keys.size === 0) return { sboms: 0, opened: 0, closed: 0 };
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
  const cache = new MatchCache();
  let opened = 0;
  let closed = 0;
  for (const batch of batches(sboms.map((s) => ({ sbomId: s.sbom_id, releaseId: s.release_id, components: Number(s.n) })))) {
    const outcome = await matchUnderKeys(tx, orgId, batch, keyList, cache);
    opened += outcome.opened + outcome.reopened;
    closed += outcome.closed;
  }
  return { sboms: sboms.length, opened, closed };
}
