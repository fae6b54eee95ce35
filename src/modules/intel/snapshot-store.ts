import { sql, type SqlBool } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';
import { createSnapshotWriter } from './snapshot-file.js';
import {
  encodeEpss,
  encodeHeader,
  encodeKev,
  encodeRecord,
  IntelIndex,
  SNAPSHOT_CHUNK,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  snapshotRecordFromRow,
  SUMMARY_CHARS,
  type SnapshotCounts,
  type SnapshotHeader,
  type SnapshotRecordRow,
} from './snapshot.js';

/**
 * The database side of snapshots and scans: writing an organization's intelligence to a
 * snapshot file in batches (memory bounded by one batch), and loading just what one SBOM's
 * scan needs on the server — the same records a snapshot would give that SBOM, so both
 * paths produce the same result.
 */

/** Records read per query while writing a snapshot. */
const RECORD_BATCH = 1000;

/** A vulnerability some record of the organization can match: it names at least one package key. */
const matchableVuln = (recordAlias: string, vulnColumn: string) =>
  sql<SqlBool>`exists (select 1 from intel_records m join intel_record_packages p on p.record_id = m.id where m.org_id = ${sql.ref(`${recordAlias}.org_id`)} and m.vuln_id = ${sql.ref(vulnColumn)})`;

/** The columns snapshot records are made of; details are cut in SQL (only their start is kept). */
function recordColumns(q: Executor) {
  return q
    .selectFrom('intel_records as r')
    .select([
      'r.id', 'r.record_id', 'r.record_kind', 'r.vuln_id', 'r.aliases', 'r.withdrawn', 'r.affected', 'r.cpe_configurations', 'r.severities',
      'r.summary', 'r.cwes', 'r.published', 'r.modified',
      // A little more than the summary keeps, so summaryOf can cut at a word boundary.
      sql<string | null>`left(r.details, ${SUMMARY_CHARS + 100})`.as('details'),
      sql<string[]>`array(select p.package_key from intel_record_packages p where p.record_id = r.id order by 1)`.as('keys'),
    ]);
}

type RecordRow = SnapshotRecordRow & { id: number };

async function counts(tx: Executor, orgId: string): Promise<SnapshotCounts> {
  const records = await tx.selectFrom('intel_records as r').select((eb) => eb.fn.countAll<number>().as('n')).where('r.org_id', '=', orgId).where(matchableVuln('r', 'r.vuln_id')).executeTakeFirstOrThrow();
  const kev = await tx.selectFrom('intel_kev as k').select((eb) => eb.fn.countAll<number>().as('n')).where('k.org_id', '=', orgId).where(matchableVuln('k', 'k.cve_id')).executeTakeFirstOrThrow();
  const epss = await tx.selectFrom('intel_epss as e').select((eb) => eb.fn.countAll<number>().as('n')).where('e.org_id', '=', orgId).where(matchableVuln('e', 'e.cve_id')).executeTakeFirstOrThrow();
  return { records: Number(records.n), kev: Number(kev.n), epss: Number(epss.n) };
}

export interface WrittenSnapshot {
  readonly header: SnapshotHeader;
  readonly bytes: number;
}

/**
 * Writes the organization's snapshot to `path` (gzip JSON lines, docs/formats/intel-snapshot.md).
 * One repeatable-read transaction gives the counts and every batch the same view, so the
 * header always matches the lines even while imports run.
 */
export async function writeSnapshot(db: Db, ctx: OrgContext, path: string, now: Date = new Date()): Promise<WrittenSnapshot> {
  authorize(ctx, 'intel.read');
  const org = await db.selectFrom('organizations').select('slug').where('id', '=', ctx.orgId).executeTakeFirst();
  if (!org) throw notFound('organization');
  const writer = createSnapshotWriter(path);
  try {
    const header = await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, createdAt: now.toISOString(), org: org.slug, counts: await counts(tx, ctx.orgId) };
      await writer.line(encodeHeader(header));
      let after = 0;
      for (;;) {
        const rows = (await recordColumns(tx).where('r.org_id', '=', ctx.orgId).where(matchableVuln('r', 'r.vuln_id')).where('r.id', '>', after).orderBy('r.id').limit(RECORD_BATCH).execute()) as RecordRow[];
        for (const row of rows) await writer.line(encodeRecord(snapshotRecordFromRow(row)));
        if (rows.length < RECORD_BATCH) break;
        after = rows.at(-1)!.id;
      }
      const kev = await tx.selectFrom('intel_kev as k').select('k.cve_id').where('k.org_id', '=', ctx.orgId).where(matchableVuln('k', 'k.cve_id')).orderBy('k.cve_id').execute();
      for (let i = 0; i < kev.length; i += SNAPSHOT_CHUNK) await writer.line(encodeKev(kev.slice(i, i + SNAPSHOT_CHUNK).map((k) => k.cve_id)));
      let afterCve = '';
      for (;;) {
        const scores = await tx
          .selectFrom('intel_epss as e')
          .select(['e.cve_id', 'e.epss', 'e.percentile'])
          .where('e.org_id', '=', ctx.orgId)
          .where(matchableVuln('e', 'e.cve_id'))
          .where('e.cve_id', '>', afterCve)
          .orderBy('e.cve_id')
          .limit(SNAPSHOT_CHUNK)
          .execute();
        if (scores.length > 0) await writer.line(encodeEpss(scores.map((s) => [s.cve_id, s.epss, s.percentile] as const)));
        if (scores.length < SNAPSHOT_CHUNK) break;
        afterCve = scores.at(-1)!.cve_id;
      }
      return header;
    });
    return { header, bytes: await writer.close() };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * What the server's scan of one SBOM needs: every record of every vulnerability that a
 * record naming one of `keys` belongs to (the slice of a snapshot that SBOM would use),
 * with their KEV and EPSS entries.
 */
export async function loadScanIntel(db: Db, ctx: OrgContext, keys: readonly string[]): Promise<IntelIndex> {
  authorize(ctx, 'intel.read');
  const index = new IntelIndex();
  if (keys.length === 0) return index;
  const vulns = db
    .selectFrom('intel_record_packages as p')
    .innerJoin('intel_records as c', 'c.id', 'p.record_id')
    .select('c.vuln_id')
    .where('p.org_id', '=', ctx.orgId)
    .where('p.package_key', '=', sql<string>`any(${[...keys]}::text[])`);
  const rows = (await recordColumns(db).where('r.org_id', '=', ctx.orgId).where('r.vuln_id', 'in', vulns).orderBy('r.id').execute()) as RecordRow[];
  for (const row of rows) index.addRecord(snapshotRecordFromRow(row));
  const vulnIds = [...new Set(rows.map((r) => r.vuln_id))];
  if (vulnIds.length === 0) return index;
  const ids = sql<string>`any(${vulnIds}::text[])`;
  for (const k of await db.selectFrom('intel_kev').select('cve_id').where('org_id', '=', ctx.orgId).where('cve_id', '=', ids).execute()) index.addKev(k.cve_id);
  for (const e of await db.selectFrom('intel_epss').select(['cve_id', 'epss', 'percentile']).where('org_id', '=', ctx.orgId).where('cve_id', '=', ids).execute()) index.addEpss(e.cve_id, { epss: e.epss, percentile: e.percentile });
  return index;
}
