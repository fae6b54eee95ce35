import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';
import { SEVERITY_LEVELS, type SeverityLevel } from './severity.js';
import { findVulnerability } from './vulnerabilities.js';

/** Read side of findings: the filtered, sorted lists for the queues and one finding with its history. */

export interface FindingFilter {
  readonly status?: 'affected' | 'fixed' | 'withdrawn' | undefined;
  readonly releaseId?: string | undefined;
  readonly productId?: string | undefined;
  /** The vulnerability's id or any alias of it (a GHSA id finds the CVE-named finding). */
  readonly vulnId?: string | undefined;
  /** Minimum severity of the vulnerability (the worst of its sources' ratings). */
  readonly severity?: SeverityLevel | undefined;
  readonly kev?: boolean | undefined;
  /** Minimum EPSS probability, 0–1. */
  readonly epssMin?: number | undefined;
  /** Substring of the component's name or package URL. */
  readonly q?: string | undefined;
}

export type FindingSort = 'newest' | 'severity';

/**
 * The sort key of a row, which is also the cursor after it: newest → [firstSeenAt, id];
 * severity → [severity rank, score, firstSeenAt, id]. Rank 0 is critical; unrated is last.
 */
export const CURSOR_SHAPES = { newest: ['string', 'string'], severity: ['number', 'number', 'string', 'string'] } as const satisfies Record<FindingSort, readonly ('string' | 'number')[]>;

const UNRATED_RANK = SEVERITY_LEVELS.indexOf('unknown');
/** The vulnerability's worst rating, from the lateral `sev` row (rank 0 = critical). */
const severityRank = sql<number>`coalesce(sev.rank, ${UNRATED_RANK})`;
/** Its CVSS score, -1 when unscored, so that scored findings sort first within a level. */
const severityScore = sql<number>`coalesce(sev.score, -1::real)`;

function findingsBase(db: Db, orgId: string) {
  return db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .leftJoin('intel_kev as k', (join) => join.onRef('k.cve_id', '=', 'f.vuln_id').on('k.org_id', '=', orgId))
    .leftJoin('intel_epss as e', (join) => join.onRef('e.cve_id', '=', 'f.vuln_id').on('e.org_id', '=', orgId))
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('intel_records as ir')
          .select([sql<number>`array_position(${[...SEVERITY_LEVELS]}::text[], ir.severity_level) - 1`.as('rank'), 'ir.severity_level as level', 'ir.severity_score as score'])
          .whereRef('ir.vuln_id', '=', 'f.vuln_id')
          .where('ir.org_id', '=', orgId)
          .orderBy('rank')
          .orderBy(sql`ir.severity_score desc nulls last`)
          .limit(1)
          .as('sev'),
      (join) => join.onTrue(),
    )
    .select([
      'f.id', 'f.release_id', 'f.component_key', 'f.vuln_id', 'f.status', 'f.component_name', 'f.component_version', 'f.component_purl', 'f.component_cpe',
      'f.match_method', 'f.confidence', 'f.evidence', 'f.fixed_evidence', 'f.first_seen_at', 'f.last_seen_at', 'f.fixed_at',
      'r.version as release_version', 'r.lifecycle_stage', 'p.name as product_name', 'p.id as product_id',
      'e.epss', 'e.percentile as epss_percentile',
    ])
    .select([sql<boolean>`k.cve_id is not null`.as('kev'), severityRank.as('severity_rank'), sql<SeverityLevel>`coalesce(sev.level, 'unknown')`.as('severity_level'), sql<number | null>`sev.score`.as('severity_score')])
    .where('f.org_id', '=', orgId);
}

export type FindingRow = Awaited<ReturnType<ReturnType<typeof findingsBase>['executeTakeFirstOrThrow']>>;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

function applyFilter(q: ReturnType<typeof findingsBase>, orgId: string, filter: FindingFilter) {
  if (filter.status) q = q.where('f.status', '=', filter.status);
  if (filter.releaseId) q = q.where('f.release_id', '=', filter.releaseId);
  if (filter.productId) q = q.where('r.product_id', '=', filter.productId);
  if (filter.severity) q = q.where(severityRank, '<=', SEVERITY_LEVELS.indexOf(filter.severity));
  if (filter.kev !== undefined) q = q.where(sql<boolean>`k.cve_id is ${sql.raw(filter.kev ? 'not null' : 'null')}`);
  if (filter.epssMin !== undefined) q = q.where('e.epss', '>=', filter.epssMin);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    q = q.where((eb) => eb.or([eb('f.component_name', 'ilike', pattern), eb('f.component_purl', 'ilike', pattern)]));
  }
  const vulnId = filter.vulnId;
  if (vulnId) {
    q = q.where((eb) =>
      eb.or([
        eb('f.vuln_id', '=', vulnId),
        eb('f.vuln_id', 'in', eb.selectFrom('intel_records').select('vuln_id').where('org_id', '=', orgId).where((r) => r.or([r('record_id', '=', vulnId), r(sql<string>`${vulnId}`, '=', sql<string>`any(aliases)`)]))),
      ]),
    );
  }
  return q;
}

/** The cursor of a row for a sort order (see {@link CURSOR_SHAPES}). */
export function findingCursorKey(row: FindingRow, sort: FindingSort): (string | number)[] {
  const seen = row.first_seen_at.toISOString();
  return sort === 'severity' ? [row.severity_rank, row.severity_score ?? -1, seen, row.id] : [seen, row.id];
}

/** One page of findings; `after` is the cursor key of the last row of the previous page. */
export async function listFindings(db: Db, ctx: OrgContext, filter: FindingFilter, sort: FindingSort, limit: number, after?: readonly (string | number)[]) {
  authorize(ctx, 'intel.read');
  let q = applyFilter(findingsBase(db, ctx.orgId), ctx.orgId, filter);
  if (sort === 'severity') {
    if (after) {
      const [rank, score, seen, id] = after as [number, number, string, string];
      q = q.where(
        sql<boolean>`(${severityRank} > ${rank} or (${severityRank} = ${rank} and (${severityScore} < ${score}::real or (${severityScore} = ${score}::real and (f.first_seen_at, f.id) < (${new Date(seen)}, ${id}::uuid)))))`,
      );
    }
    q = q.orderBy(severityRank).orderBy(severityScore, 'desc');
  } else if (after) {
    const [seen, id] = after as [string, string];
    q = q.where(sql<boolean>`(f.first_seen_at, f.id) < (${new Date(seen)}, ${id}::uuid)`);
  }
  return q.orderBy('f.first_seen_at', 'desc').orderBy('f.id', 'desc').limit(limit).execute();
}

/** One finding with its events and the merged view of its vulnerability (null once no record names it, e.g. its source was removed). */
export async function getFinding(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'intel.read');
  const finding = await findingsBase(db, ctx.orgId).where('f.id', '=', id).executeTakeFirst();
  if (!finding) throw notFound('finding');
  const events = await db.selectFrom('finding_events').select(['at', 'kind', 'detail']).where('finding_id', '=', id).where('org_id', '=', ctx.orgId).orderBy('at').orderBy('id').execute();
  return { finding, events, vulnerability: (await findVulnerability(db, ctx, finding.vuln_id)) ?? null };
}

/** Ids of the findings a filter selects (bulk triage takes the list's own filter), at most `limit`, in id order. */
export async function findingIdsByFilter(db: Db, orgId: string, filter: FindingFilter, limit: number): Promise<string[]> {
  const rows = await applyFilter(findingsBase(db, orgId), orgId, filter).clearSelect().select('f.id').orderBy('f.id').limit(limit).execute();
  return rows.map((r) => r.id);
}
