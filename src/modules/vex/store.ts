import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import type { Executor } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';

/** What VEX import and export read about a release: its product, SBOM components, findings and their vulnerabilities' aliases. */

export async function loadRelease(db: Executor, ctx: OrgContext, releaseId: string) {
  const release = await db
    .selectFrom('releases as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.version', 'r.product_id', 'p.name as product_name', 'o.name as org_name', 'o.slug as org_slug'])
    .where('r.id', '=', releaseId)
    .where('r.org_id', '=', ctx.orgId)
    .executeTakeFirst();
  if (!release) throw notFound('release');
  return release;
}

export function currentComponents(db: Executor, orgId: string, releaseId: string) {
  return db
    .selectFrom('sbom_components as c')
    .innerJoin('sboms as s', 's.id', 'c.sbom_id')
    .select(['c.purl', 'c.cpe', 'c.name', 'c.version'])
    .where('s.org_id', '=', orgId)
    .where('s.release_id', '=', releaseId)
    .where('s.is_current', '=', true)
    .execute();
}

/** The release's findings (every status unless `openOnly`), each with its vulnerability's aliases and summary. */
export async function releaseFindings(db: Executor, orgId: string, releaseId: string, openOnly = false) {
  const rows = await db
    .selectFrom('findings as f')
    .select([
      'f.id', 'f.vuln_id', 'f.status', 'f.component_name', 'f.component_version', 'f.component_purl', 'f.component_cpe',
      'f.analysis_state', 'f.analysis_justification', 'f.analysis_responses', 'f.analysis_detail', 'f.analysis_updated_at', 'f.first_seen_at',
    ])
    .select(sql<string[]>`coalesce((select array_agg(distinct x) from intel_records ir, unnest(array_append(ir.aliases, ir.record_id)) as x
      where ir.org_id = ${orgId} and ir.vuln_id = f.vuln_id and x <> f.vuln_id), '{}')`.as('aliases'))
    .select(sql<string | null>`(select ir.summary from intel_records ir where ir.org_id = ${orgId} and ir.vuln_id = f.vuln_id and ir.summary is not null order by ir.record_id limit 1)`.as('summary'))
    .where('f.org_id', '=', orgId)
    .where('f.release_id', '=', releaseId)
    .$if(openOnly, (q) => q.where('f.status', '=', 'affected'))
    .orderBy('f.vuln_id')
    .orderBy('f.component_name')
    .orderBy('f.id')
    .execute();
  return rows.map((r) => ({ ...r, aliases: [...(r.aliases ?? [])].sort() }));
}

export type ReleaseFinding = Awaited<ReturnType<typeof releaseFindings>>[number];
