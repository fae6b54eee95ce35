import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { notFound, Problem } from '../../platform/http/problem.js';

/**
 * What a case-based draft covers, read for one organization: the case's credit and CVE ids, and
 * its findings grouped by vulnerability — the findings linked to the case, plus the findings of
 * its linked releases and products (all their releases) for the case's CVE ids (the finding's
 * vulnerability id or one of its intelligence aliases). Withdrawn findings are left out, as in
 * the vulnerability draft.
 */

export interface CaseInfo {
  readonly caseId: string;
  readonly credit: 'named' | 'anonymous' | 'none';
  readonly reporterName: string | null;
  readonly cveIds: readonly string[];
}

export interface CaseDraftSource extends CaseInfo {
  /** Finding ids per vulnerability id, the case's CVE ids first (in the case's order), then by id. */
  readonly groups: readonly { readonly vulnerabilityId: string; readonly findingIds: readonly string[] }[];
}

/** The case of this organization, or a 404 (another organization's case is not disclosed). */
export async function caseForAdvisory(db: Executor, orgId: string, caseId: string): Promise<CaseInfo> {
  const row = await db.selectFrom('cvd_cases').select(['credit', 'reporter_name', 'cve_ids']).where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
  if (!row) throw notFound('CVD case');
  return { caseId, credit: row.credit, reporterName: row.reporter_name, cveIds: row.cve_ids };
}

export async function gatherCase(db: Executor, orgId: string, caseId: string): Promise<CaseDraftSource> {
  const c = await caseForAdvisory(db, orgId, caseId);
  const links = await db.selectFrom('cvd_case_links').select(['kind', 'target_id']).where('org_id', '=', orgId).where('case_id', '=', caseId).execute();
  const of = (kind: string) => links.filter((l) => l.kind === kind).map((l) => l.target_id);
  const findingIds = of('finding');
  const releaseIds = of('release');
  const productIds = of('product');
  const cves = c.cveIds;
  const rows = await db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .select(['f.id', 'f.vuln_id'])
    .where('f.org_id', '=', orgId)
    .where('f.status', '<>', 'withdrawn')
    .where((eb) => {
      const direct = findingIds.length > 0 ? [eb('f.id', 'in', findingIds)] : [];
      const scoped = releaseIds.length > 0 || productIds.length > 0;
      if (!scoped || cves.length === 0) return eb.or(direct);
      const inScope = eb.or([...(releaseIds.length > 0 ? [eb('f.release_id', 'in', releaseIds)] : []), ...(productIds.length > 0 ? [eb('r.product_id', 'in', productIds)] : [])]);
      const forCve = eb.or([
        eb('f.vuln_id', 'in', cves),
        eb.exists(eb.selectFrom('intel_records as ir').select('ir.id').where('ir.org_id', '=', orgId).whereRef('ir.vuln_id', '=', 'f.vuln_id').where(sql<boolean>`ir.aliases && ${sql.val(cves)}::text[]`)),
      ]);
      return eb.or([...direct, eb.and([inScope, forCve])]);
    })
    .orderBy('f.vuln_id').orderBy('f.id')
    .execute();
  if (rows.length === 0) {
    throw new Problem(422, 'no-findings', 'The case has no findings to disclose: link findings to it, or link its products or releases and record the CVE ids they are affected by.', { errors: [{ pointer: '/caseId', message: 'the case covers no finding' }] });
  }
  const byVuln = new Map<string, string[]>();
  for (const r of rows) byVuln.set(r.vuln_id, [...(byVuln.get(r.vuln_id) ?? []), r.id]);
  const rank = (id: string) => (cves.includes(id) ? cves.indexOf(id) : cves.length);
  const groups = [...byVuln].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([vulnerabilityId, ids]) => ({ vulnerabilityId, findingIds: ids }));
  return { ...c, groups };
}
