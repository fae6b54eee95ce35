import { sql } from 'kysely';
import type { DraftFinding, DraftPlan, DraftRelease } from '../../formats/csaf/draft.js';
import type { Executor } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';

/**
 * What a draft advisory is generated from, read for one organization: the findings of a
 * vulnerability (or the chosen findings), their releases and products, scoring's CVSS choice,
 * remediation plans, and the vulnerability's intelligence (summary, CWE, references, KEV).
 */

interface ScoreResult {
  chosen?: { source?: { version?: string; vector?: string; base?: number; severity?: string } | null };
  sources?: { version?: string; vector?: string; base?: number; severity?: string }[];
  harm?: string | null;
  riskClass?: string | null;
}

/** Scoring's CVSS if CSAF 2.0 can carry it (v3.x), else the first v3.x source. */
function cvss3(result: ScoreResult | null): DraftFinding['cvss'] {
  if (!result) return null;
  const isV3 = (c: { version?: string; vector?: string; base?: number; severity?: string } | null | undefined) => c && (c.version === '3.1' || c.version === '3.0') && c.vector && typeof c.base === 'number' && c.severity;
  const c = isV3(result.chosen?.source) ? result.chosen!.source! : (result.sources ?? []).find(isV3);
  return c ? { version: c.version!, vector: c.vector!, base: c.base!, severity: c.severity! } : null;
}

export async function gatherDraft(db: Executor, orgId: string, selection: { vulnerabilityId?: string | undefined; findingIds?: readonly string[] | undefined }) {
  const rows = await db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .leftJoin('finding_scores as s', 's.finding_id', 'f.id')
    .select(['f.id', 'f.vuln_id', 'f.release_id', 'f.status', 'f.analysis_state', 'f.analysis_justification', 'f.analysis_responses', 'f.analysis_detail', 'f.component_name', 'f.component_version', 'f.component_purl', 'f.component_cpe', 'r.version', 'r.product_id', 'p.name as product_name', 'p.model_numbers', 's.result'])
    .where('f.org_id', '=', orgId)
    .where('f.status', '<>', 'withdrawn')
    .$if(selection.vulnerabilityId !== undefined, (q) => q.where('f.vuln_id', '=', selection.vulnerabilityId!))
    .$if(selection.findingIds !== undefined && selection.findingIds.length > 0, (q) => q.where('f.id', 'in', [...selection.findingIds!]))
    .orderBy('p.name').orderBy('r.version').orderBy('f.component_name')
    .execute();
  if (rows.length === 0) throw new Problem(422, 'no-findings', 'No findings of this organization match: an advisory is generated from at least one finding.', { errors: [{ pointer: selection.vulnerabilityId ? '/vulnerabilityId' : '/findingIds', message: 'matches no finding' }] });
  const vulnIds = [...new Set(rows.map((r) => r.vuln_id))];
  if (vulnIds.length > 1) throw new Problem(422, 'several-vulnerabilities', `The findings name ${vulnIds.length} vulnerabilities (${vulnIds.join(', ')}); an advisory is generated for one.`, { errors: [{ pointer: '/findingIds', message: 'one vulnerability per advisory' }] });
  const vulnId = vulnIds[0]!;
  const records = await db.selectFrom('intel_records').select(['record_id', 'aliases', 'summary', 'details', 'cwes', 'refs']).where('org_id', '=', orgId).where('vuln_id', '=', vulnId).orderBy('record_id').execute();
  const kev = await db.selectFrom('intel_kev').select('cve_id').where('org_id', '=', orgId).where('cve_id', '=', vulnId).executeTakeFirst();
  const plans = await db
    .selectFrom('remediation_plans as rp')
    .innerJoin('findings as f', 'f.id', 'rp.finding_id')
    .select(['rp.kind', 'rp.description', 'rp.release_id', 'f.release_id as for_release_id'])
    .where('rp.org_id', '=', orgId)
    .where('rp.finding_id', 'in', rows.map((r) => r.id))
    .orderBy('rp.created_at')
    .execute();
  const fixReleaseIds = plans.map((p) => p.release_id).filter((x): x is string => x !== null);
  const fixReleases = fixReleaseIds.length === 0 ? [] : await db.selectFrom('releases as r').innerJoin('products as p', 'p.id', 'r.product_id').select(['r.id', 'r.version', 'p.name', 'p.model_numbers']).where('r.org_id', '=', orgId).where('r.id', 'in', fixReleaseIds).execute();

  const releases = new Map<string, DraftRelease>();
  for (const r of rows) releases.set(r.release_id, { id: r.release_id, product: r.product_name, version: r.version, modelNumbers: r.model_numbers ?? [] });
  for (const r of fixReleases) releases.set(r.id, { id: r.id, product: r.name, version: r.version, modelNumbers: r.model_numbers ?? [] });
  const refs = records.flatMap((r) => (r.refs as { url?: unknown }[]).map((x) => (typeof x?.url === 'string' ? x.url : undefined)).filter((u): u is string => u !== undefined && /^https?:\/\//u.test(u)));
  const findings: DraftFinding[] = rows.map((r) => {
    const result = (r.result ?? null) as ScoreResult | null;
    return {
      releaseId: r.release_id,
      status: r.status,
      analysisState: r.analysis_state,
      justification: r.analysis_justification,
      responses: r.analysis_responses,
      detail: r.analysis_detail,
      component: { name: r.component_name, version: r.component_version, purl: r.component_purl, cpe: r.component_cpe },
      cvss: cvss3(result),
      harm: result?.harm ?? null,
      riskClass: result?.riskClass ?? null,
    };
  });
  const draftPlans: DraftPlan[] = plans.map((p) => ({ kind: p.kind, description: p.description, fixReleaseId: p.release_id, forReleaseId: p.for_release_id }));
  return {
    findingIds: rows.map((r) => r.id),
    vulnerability: {
      id: vulnId,
      aliases: [...new Set(records.flatMap((r) => [r.record_id, ...r.aliases]).filter((x) => x !== vulnId))].sort(),
      title: records.find((r) => r.summary)?.summary ?? null,
      description: records.find((r) => r.details)?.details ?? records.find((r) => r.summary)?.summary ?? null,
      cwes: [...new Set(records.flatMap((r) => r.cwes))],
      references: [...new Set(refs)],
      kev: kev !== undefined,
    },
    releases: [...releases.values()],
    findings,
    plans: draftPlans,
  };
}

/** The next free tracking id of the organization: `<SLUG>-SA-<year>-<nnnn>`. */
export async function nextTrackingId(db: Executor, orgId: string, slug: string, year: number): Promise<string> {
  const prefix = `${slug.toUpperCase()}-SA-${year}-`;
  const row = await db.selectFrom('csaf_advisories').select(sql<number>`count(*)::int`.as('n')).where('org_id', '=', orgId).where('tracking_id', 'like', `${prefix}%`).executeTakeFirstOrThrow();
  return `${prefix}${String(row.n + 1).padStart(4, '0')}`;
}
