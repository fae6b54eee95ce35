import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';

/** Read side of findings: lists for the queues, one finding with its history and intelligence. */

export interface FindingFilter {
  readonly status?: 'affected' | 'fixed' | 'withdrawn' | undefined;
  readonly releaseId?: string | undefined;
  readonly vulnId?: string | undefined;
}

const FINDING_COLUMNS = [
  'f.id', 'f.release_id', 'f.component_key', 'f.vuln_id', 'f.status', 'f.component_name', 'f.component_version', 'f.component_purl', 'f.component_cpe',
  'f.match_method', 'f.confidence', 'f.evidence', 'f.fixed_evidence', 'f.first_seen_at', 'f.last_seen_at', 'f.fixed_at', 'r.version as release_version', 'p.name as product_name', 'p.id as product_id',
] as const;

/** Newest first; `after` is the (first_seen_at, id) of the last row of the previous page. */
export async function listFindings(db: Db, ctx: OrgContext, filter: FindingFilter, limit: number, after?: readonly [string, string]) {
  authorize(ctx, 'intel.read');
  let q = db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(FINDING_COLUMNS)
    .select((eb) => [
      eb.exists(eb.selectFrom('intel_kev as k').select('k.cve_id').whereRef('k.cve_id', '=', 'f.vuln_id').where('k.org_id', '=', ctx.orgId)).as('kev'),
      eb.selectFrom('intel_epss as e').select('e.epss').whereRef('e.cve_id', '=', 'f.vuln_id').where('e.org_id', '=', ctx.orgId).as('epss'),
    ])
    .where('f.org_id', '=', ctx.orgId);
  if (filter.status) q = q.where('f.status', '=', filter.status);
  if (filter.releaseId) q = q.where('f.release_id', '=', filter.releaseId);
  if (filter.vulnId) q = q.where('f.vuln_id', '=', filter.vulnId);
  if (after) q = q.where(sql<boolean>`(f.first_seen_at, f.id) < (${new Date(after[0])}, ${after[1]}::uuid)`);
  return q.orderBy('f.first_seen_at', 'desc').orderBy('f.id', 'desc').limit(limit).execute();
}

/** One finding with its events and every record of its vulnerability (the merged view). */
export async function getFinding(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'intel.read');
  const [finding] = await db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(FINDING_COLUMNS)
    .select(sql<boolean>`false`.as('kev'))
    .select(sql<number | null>`null::real`.as('epss'))
    .where('f.id', '=', id)
    .where('f.org_id', '=', ctx.orgId)
    .execute();
  if (!finding) throw notFound('finding');
  const events = await db.selectFrom('finding_events').select(['at', 'kind', 'detail']).where('finding_id', '=', id).where('org_id', '=', ctx.orgId).orderBy('at').orderBy('id').execute();
  return { finding, events, vulnerability: await getVulnerability(db, ctx, finding.vuln_id) };
}

/** Every source's view of one vulnerability, with KEV and EPSS, by its id or any alias. */
export async function getVulnerability(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'intel.read');
  // An id or alias names the vulnerability; then every record filed under it is its view.
  const named = await db
    .selectFrom('intel_records')
    .select('vuln_id')
    .where('org_id', '=', ctx.orgId)
    .where((eb) => eb.or([eb('vuln_id', '=', id), eb('record_id', '=', id), eb(sql<string>`${id}`, '=', sql<string>`any(aliases)`)]))
    .limit(1)
    .executeTakeFirst();
  if (!named) throw notFound('vulnerability');
  const vulnId = named.vuln_id;
  const records = await db
    .selectFrom('intel_records as r')
    .innerJoin('intel_sources as s', 's.id', 'r.source_id')
    .select(['r.record_id', 'r.record_kind', 'r.vuln_id', 'r.aliases', 'r.summary', 'r.details', 'r.published', 'r.modified', 'r.withdrawn', 'r.severities', 'r.cwes', 'r.refs', 's.name as source_name'])
    .where('r.org_id', '=', ctx.orgId)
    .where('r.vuln_id', '=', vulnId)
    .orderBy('r.record_id')
    .limit(50)
    .execute();
  const kev = await db.selectFrom('intel_kev').selectAll().where('org_id', '=', ctx.orgId).where('cve_id', '=', vulnId).executeTakeFirst();
  const epss = await db.selectFrom('intel_epss').select(['epss', 'percentile', 'score_date']).where('org_id', '=', ctx.orgId).where('cve_id', '=', vulnId).executeTakeFirst();
  return { id: vulnId, records, kev: kev ?? null, epss: epss ?? null };
}
