import { sql } from 'kysely';
import type { OsvAffected, NvdConfiguration } from '../../core/index.js';
import type { Tx } from '../../platform/db/database.js';
import { componentIdentity, matchComponent, type Match, type MatchableRecord } from './matching.js';

/**
 * Turns matches into findings and keeps them current. A finding's identity is release ×
 * component identity (version-free) × vulnerability, so it survives re-imports, upgrades and
 * rematches; its status moves between affected, fixed (component upgraded past the fix or
 * removed — with the evidence) and withdrawn (the source withdrew every record), and every
 * move is a finding event.
 */

export interface MatchOutcome {
  readonly components: number;
  readonly unmatchable: number;
  readonly opened: number;
  readonly reopened: number;
  readonly closed: number;
  readonly affected: number;
}

interface ComponentRow {
  id: number;
  name: string;
  grp: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

/** Records that name any of `keys` in the organization, as the matcher wants them. */
async function candidateRecords(tx: Tx, orgId: string, keys: readonly string[]): Promise<Map<string, MatchableRecord[]>> {
  const byKey = new Map<string, MatchableRecord[]>();
  if (keys.length === 0) return byKey;
  const rows = await tx
    .selectFrom('intel_record_packages as p')
    .innerJoin('intel_records as r', 'r.id', 'p.record_id')
    .select(['p.package_key', 'r.id', 'r.record_id', 'r.vuln_id', 'r.withdrawn', 'r.affected', 'r.cpe_configurations'])
    .where('p.org_id', '=', orgId)
    .where('p.package_key', '=', sql<string>`any(${[...keys]}::text[])`)
    .execute();
  const records = new Map<number, MatchableRecord>();
  for (const row of rows) {
    let record = records.get(row.id);
    if (!record) {
      record = { recordId: row.record_id, vulnId: row.vuln_id, withdrawn: row.withdrawn, affected: row.affected as OsvAffected[], cpeConfigurations: row.cpe_configurations as NvdConfiguration[] };
      records.set(row.id, record);
    }
    const list = byKey.get(row.package_key);
    if (list) list.push(record);
    else byKey.set(row.package_key, [record]);
  }
  return byKey;
}

/** Of these record ids, the ones their source has withdrawn. */
async function withdrawnRecords(tx: Tx, orgId: string, recordIds: readonly string[]): Promise<Set<string>> {
  if (recordIds.length === 0) return new Set();
  const rows = await tx.selectFrom('intel_records').select('record_id').where('org_id', '=', orgId).where('record_id', 'in', recordIds).where('withdrawn', 'is not', null).execute();
  return new Set(rows.map((r) => r.record_id));
}

const evidenceRecords = (evidence: unknown): string[] => (Array.isArray(evidence) ? evidence.map((e) => (e as { recordId?: string }).recordId).filter((id): id is string => typeof id === 'string') : []);

/**
 * Matches an SBOM (the current one of its release) against the organization's intelligence
 * and reconciles the release's findings. With `onlyKeys`, only components that can be
 * affected under one of those package keys are looked at — the incremental path taken when
 * records change.
 */
export async function matchSbom(tx: Tx, orgId: string, sbomId: string, onlyKeys?: ReadonlySet<string>): Promise<MatchOutcome> {
  const sbom = await tx.selectFrom('sboms').select(['release_id', 'is_current']).where('id', '=', sbomId).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  let components: ComponentRow[];
  if (onlyKeys) {
    components = await tx
      .selectFrom('sbom_components as c')
      .select(['c.id', 'c.name', 'c.grp', 'c.version', 'c.purl', 'c.cpe'])
      .where('c.sbom_id', '=', sbomId)
      .where((eb) => eb.exists(eb.selectFrom('sbom_component_keys as k').select('k.component_id').whereRef('k.component_id', '=', 'c.id').where('k.package_key', '=', sql<string>`any(${[...onlyKeys]}::text[])`)))
      .execute();
  } else {
    components = await tx.selectFrom('sbom_components').select(['id', 'name', 'grp', 'version', 'purl', 'cpe']).where('sbom_id', '=', sbomId).orderBy('ord').execute();
  }
  const identities = components.map((c) => {
    const matchable = { name: c.name, group: c.grp, version: c.version, purl: c.purl, cpe: c.cpe };
    return { component: c, matchable, identity: componentIdentity(matchable) };
  });
  if (!onlyKeys) await storeComponentKeys(tx, orgId, sbomId, identities.flatMap(({ component, identity }) => identity.packageKeys.map((key) => ({ component_id: component.id, package_key: key }))));

  const byKey = await candidateRecords(tx, orgId, [...new Set(identities.flatMap((i) => i.identity.packageKeys))]);
  const found: { component: ComponentRow; key: string; match: Match }[] = [];
  for (const { component, matchable, identity } of identities) {
    const candidates = [...new Set(identity.packageKeys.flatMap((k) => byKey.get(k) ?? []))];
    for (const match of matchComponent(matchable, identity, candidates)) found.push({ component, key: identity.key, match });
  }
  const scope = onlyKeys ? new Set(identities.map((i) => i.identity.key)) : undefined;
  const counts = await reconcile(tx, orgId, sbom.release_id, sbomId, found, scope);
  return { components: components.length, unmatchable: identities.filter((i) => i.identity.packageKeys.length === 0).length, ...counts };
}

async function storeComponentKeys(tx: Tx, orgId: string, sbomId: string, keys: { component_id: number; package_key: string }[]): Promise<void> {
  await tx.deleteFrom('sbom_component_keys').where('sbom_id', '=', sbomId).execute();
  for (let i = 0; i < keys.length; i += 5000) {
    await tx
      .insertInto('sbom_component_keys')
      .values(keys.slice(i, i + 5000).map((k) => ({ ...k, org_id: orgId, sbom_id: sbomId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

async function reconcile(
  tx: Tx,
  orgId: string,
  releaseId: string,
  sbomId: string,
  found: readonly { component: ComponentRow; key: string; match: Match }[],
  scope: ReadonlySet<string> | undefined,
): Promise<Omit<MatchOutcome, 'components' | 'unmatchable'>> {
  let q = tx.selectFrom('findings').select(['id', 'component_key', 'vuln_id', 'status', 'component_version', 'evidence']).where('org_id', '=', orgId).where('release_id', '=', releaseId);
  if (scope) q = q.where('component_key', 'in', scope.size > 0 ? [...scope] : ['']);
  const existing = new Map((await q.execute()).map((f) => [`${f.component_key}\u0000${f.vuln_id}`, f]));
  const seen = new Set<string>();
  const counts = { opened: 0, reopened: 0, closed: 0, affected: 0 };
  const events: { finding_id: string; org_id: string; kind: 'opened' | 'reopened' | 'fixed' | 'withdrawn' | 'evidence'; detail: string }[] = [];
  for (const { component, key, match } of found) {
    const id = `${key}\u0000${match.vulnId}`;
    if (seen.has(id)) continue; // Two copies of one component: one finding.
    seen.add(id);
    counts.affected++;
    const values = {
      status: 'affected' as const,
      component_name: component.name,
      component_version: component.version,
      component_purl: component.purl,
      component_cpe: component.cpe,
      match_method: match.method,
      confidence: match.confidence,
      evidence: JSON.stringify(match.evidence),
      fixed_evidence: null,
      sbom_id: sbomId,
      last_seen_at: sql<Date>`date_trunc('milliseconds', now())`,
      fixed_at: null,
    };
    const before = existing.get(id);
    if (!before) {
      const row = await tx.insertInto('findings').values({ org_id: orgId, release_id: releaseId, component_key: key, vuln_id: match.vulnId, ...values }).returning('id').executeTakeFirstOrThrow();
      events.push({ finding_id: row.id, org_id: orgId, kind: 'opened', detail: JSON.stringify({ version: component.version, method: match.method, records: match.evidence.map((e) => e.recordId) }) });
      counts.opened++;
      continue;
    }
    await tx.updateTable('findings').set(values).where('id', '=', before.id).execute();
    if (before.status !== 'affected') {
      events.push({ finding_id: before.id, org_id: orgId, kind: 'reopened', detail: JSON.stringify({ version: component.version, records: match.evidence.map((e) => e.recordId) }) });
      counts.reopened++;
    } else if (before.component_version !== component.version) {
      events.push({ finding_id: before.id, org_id: orgId, kind: 'evidence', detail: JSON.stringify({ from: before.component_version, to: component.version }) });
    }
  }
  const stale = [...existing.values()].filter((f) => f.status === 'affected' && !seen.has(`${f.component_key}\u0000${f.vuln_id}`));
  // Withdrawn, not fixed, when every record that made the match has since been withdrawn.
  const withdrawn = await withdrawnRecords(tx, orgId, [...new Set(stale.flatMap((f) => evidenceRecords(f.evidence)))]);
  const present = stale.length > 0 ? await currentVersions(tx, sbomId) : new Map<string, string>();
  for (const f of stale) {
    const matchedBy = evidenceRecords(f.evidence);
    const status = matchedBy.length > 0 && matchedBy.every((id) => withdrawn.has(id)) ? 'withdrawn' : 'fixed';
    const now = present.get(f.component_key);
    const evidence =
      status === 'withdrawn'
        ? { reason: 'withdrawn', records: matchedBy, detail: 'Every record that matched this component was withdrawn by its source.' }
        : now
          ? { reason: 'upgraded', from: f.component_version, to: now, sbomId, detail: `The component is now at ${now}, which no record of this vulnerability includes.` }
          : { reason: 'removed', from: f.component_version, sbomId, detail: 'The component is no longer in the release’s SBOM.' };
    await tx.updateTable('findings').set({ status, fixed_evidence: JSON.stringify(evidence), fixed_at: sql<Date>`date_trunc('milliseconds', now())` }).where('id', '=', f.id).execute();
    events.push({ finding_id: f.id, org_id: orgId, kind: status, detail: JSON.stringify(evidence) });
    counts.closed++;
  }
  for (let i = 0; i < events.length; i += 2000) await tx.insertInto('finding_events').values(events.slice(i, i + 2000)).execute();
  return counts;
}

/** Component identity key → version, in the SBOM now (for "upgraded to …" evidence). */
async function currentVersions(tx: Tx, sbomId: string): Promise<Map<string, string>> {
  const rows = await tx.selectFrom('sbom_components').select(['name', 'grp', 'version', 'purl', 'cpe']).where('sbom_id', '=', sbomId).execute();
  const map = new Map<string, string>();
  for (const r of rows) if (r.version) map.set(componentIdentity({ name: r.name, group: r.grp, version: r.version, purl: r.purl, cpe: r.cpe }).key, r.version);
  return map;
}

/**
 * The incremental path: after records changed, rematch only the current SBOMs (and in them
 * only the components) that can be affected under the changed package keys.
 */
export async function rematchKeys(tx: Tx, orgId: string, keys: ReadonlySet<string>): Promise<{ sboms: number; opened: number; closed: number }> {
  if (keys.size === 0) return { sboms: 0, opened: 0, closed: 0 };
  const sboms = await tx
    .selectFrom('sbom_component_keys as k')
    .innerJoin('sboms as s', 's.id', 'k.sbom_id')
    .select('k.sbom_id')
    .distinct()
    .where('k.org_id', '=', orgId)
    .where('s.is_current', '=', true)
    .where('k.package_key', '=', sql<string>`any(${[...keys]}::text[])`)
    .execute();
  let opened = 0;
  let closed = 0;
  for (const { sbom_id } of sboms) {
    const outcome = await matchSbom(tx, orgId, sbom_id, keys);
    opened += outcome.opened + outcome.reopened;
    closed += outcome.closed;
  }
  return { sboms: sboms.length, opened, closed };
}
