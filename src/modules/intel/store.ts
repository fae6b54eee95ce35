import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { IntelRecord } from '../../formats/intel/model.js';
import type { Tx } from '../../platform/db/database.js';
import { canonicalJson } from '../../platform/json/canonical.js';
import { recordPackageKeys, vulnerabilityId } from './matching.js';
import { recordSeverity } from './severity.js';

/** Records written per statement: big feeds arrive in batches so memory stays flat. */
export const RECORD_BATCH = 500;

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Stable hash of what a record says, so a re-sync of unchanged data writes nothing. */
export function recordHash(record: IntelRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/**
 * What an import changed, and so what must be rematched: the package keys and the
 * vulnerability ids of every inserted or changed record. For a changed record, the keys it
 * named and the vulnerability it was filed under before count too: a range that no longer
 * includes a component, or an alias that moved the record to another id, must be able to close
 * the finding it made.
 */
export interface RecordChanges {
  readonly keys: Set<string>;
  readonly vulns: Set<string>;
}

/** Inserts or updates one batch of a source's records (by record id), adding to the counts and to what changed. */
export async function upsertRecords(tx: Tx, orgId: string, sourceId: string, records: readonly IntelRecord[], counts: UpsertCounts, changes: RecordChanges): Promise<void> {
  if (records.length === 0) return;
  const hashes = records.map(recordHash);
  const existing = await tx
    .selectFrom('intel_records')
    .select(['id', 'record_id', 'content_hash', 'vuln_id'])
    .where('source_id', '=', sourceId)
    .where('record_id', 'in', records.map((r) => r.id))
    .execute();
  const known = new Map(existing.map((e) => [e.record_id, e]));
  const changed: { record: IntelRecord; hash: string }[] = [];
  records.forEach((record, i) => {
    const before = known.get(record.id);
    if (before && before.content_hash === hashes[i]) {
      counts.unchanged++;
      return;
    }
    if (before) {
      counts.updated++;
      changes.vulns.add(before.vuln_id);
    } else counts.inserted++;
    changes.vulns.add(vulnerabilityId(record.id, record.aliases));
    changed.push({ record, hash: hashes[i]! });
  });
  if (changed.length === 0) return;
  const changedIds = changed.map(({ record }) => known.get(record.id)?.id).filter((id): id is number => id !== undefined);
  if (changedIds.length > 0) {
    const previous = await tx.selectFrom('intel_record_packages').select('package_key').where('record_id', 'in', changedIds).execute();
    for (const p of previous) changes.keys.add(p.package_key);
    await tx.deleteFrom('intel_record_packages').where('record_id', 'in', changedIds).execute();
  }
  const rows = await tx
    .insertInto('intel_records')
    .values(changed.map(({ record, hash }) => recordRow(orgId, sourceId, record, hash)))
    .onConflict((oc) =>
      oc.columns(['source_id', 'record_id']).doUpdateSet((eb) => ({
        record_kind: eb.ref('excluded.record_kind'),
        vuln_id: eb.ref('excluded.vuln_id'),
        aliases: eb.ref('excluded.aliases'),
        related: eb.ref('excluded.related'),
        summary: eb.ref('excluded.summary'),
        details: eb.ref('excluded.details'),
        published: eb.ref('excluded.published'),
        modified: eb.ref('excluded.modified'),
        withdrawn: eb.ref('excluded.withdrawn'),
        severities: eb.ref('excluded.severities'),
        cwes: eb.ref('excluded.cwes'),
        refs: eb.ref('excluded.refs'),
        affected: eb.ref('excluded.affected'),
        cpe_configurations: eb.ref('excluded.cpe_configurations'),
        content_hash: eb.ref('excluded.content_hash'),
        severity_level: eb.ref('excluded.severity_level'),
        severity_score: eb.ref('excluded.severity_score'),
        imported_at: sql`date_trunc('milliseconds', now())`,
      })),
    )
    .returning(['id', 'record_id'])
    .execute();
  const idByRecord = new Map(rows.map((r) => [r.record_id, r.id]));
  const packageRows = changed.flatMap(({ record }) => recordPackageKeys(record).map((key) => ({ record_id: idByRecord.get(record.id)!, org_id: orgId, package_key: key })));
  for (const p of packageRows) changes.keys.add(p.package_key);
  for (let i = 0; i < packageRows.length; i += 5000) await tx.insertInto('intel_record_packages').values(packageRows.slice(i, i + 5000)).execute();
}

function recordRow(orgId: string, sourceId: string, r: IntelRecord, hash: string) {
  const rated = recordSeverity(r.severities);
  return {
    severity_level: rated.level,
    severity_score: rated.score,
    org_id: orgId,
    source_id: sourceId,
    record_id: r.id,
    record_kind: r.source,
    vuln_id: vulnerabilityId(r.id, r.aliases),
    aliases: [...r.aliases],
    related: [...r.related],
    summary: r.summary ?? null,
    details: r.details ?? null,
    published: r.published ?? null,
    modified: r.modified,
    withdrawn: r.withdrawn ?? null,
    severities: JSON.stringify(r.severities),
    cwes: [...r.cwes],
    refs: JSON.stringify(r.references),
    affected: JSON.stringify(r.affected),
    cpe_configurations: JSON.stringify(r.cpeConfigurations),
    content_hash: hash,
  };
}
