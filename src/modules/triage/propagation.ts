import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { Problem, badRequest } from '../../platform/http/problem.js';
import type { Analysis } from './analysis.js';
import { loadFinding } from './service.js';
import { writeAnalysis } from './store.js';

/**
 * A decision made once for a component version holds wherever that version ships: the same
 * component identity (component_key) and version, with the same vulnerability, in the
 * organization's other releases. Preview lists them with their current analysis; confirm
 * applies the source finding's analysis to the chosen ones, one 'propagated' event each
 * pointing to the source.
 */

export async function propagationCandidates(db: Executor, ctx: OrgContext, findingId: string) {
  authorize(ctx, 'intel.read');
  const source = await loadFinding(db, ctx.orgId, findingId);
  const candidates = await candidatesOf(db, ctx.orgId, source);
  return { source, candidates };
}

function candidatesOf(db: Executor, orgId: string, source: { id: string; component_key: string; component_version: string | null; vuln_id: string }) {
  return db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['f.id', 'f.status', 'f.release_id', 'r.version as release_version', 'p.id as product_id', 'p.name as product_name', 'f.analysis_state', 'f.analysis_justification', 'f.analysis_responses', 'f.analysis_detail'])
    .where('f.org_id', '=', orgId)
    .where('f.component_key', '=', source.component_key)
    .where('f.vuln_id', '=', source.vuln_id)
    .where('f.id', '!=', source.id)
    .where((eb) => (source.component_version === null ? eb('f.component_version', 'is', null) : eb('f.component_version', '=', source.component_version)))
    .orderBy('p.name')
    .orderBy('r.version')
    .orderBy('f.id')
    .execute();
}

/** Applies the source finding's analysis to the chosen candidates (every id must be one). */
export async function propagate(db: Db, ctx: OrgContext, findingId: string, targetIds: readonly string[]) {
  authorize(ctx, 'triage.write');
  return db.transaction().execute(async (tx) => {
    const source = await loadFinding(tx, ctx.orgId, findingId);
    if (source.analysis_state === null) throw new Problem(409, 'conflict', 'The finding has no analysis to propagate yet.');
    const allowed = new Set((await candidatesOf(tx, ctx.orgId, source)).map((c) => c.id));
    const errors = targetIds.flatMap((id, i) => (allowed.has(id) ? [] : [{ pointer: `/body/findingIds/${i}`, message: `${id} is not the same component version and vulnerability in another release` }]));
    if (errors.length > 0) throw badRequest('Some findings are not propagation candidates of this finding.', errors);
    const analysis: Analysis = {
      state: source.analysis_state,
      justification: source.analysis_justification as Analysis['justification'],
      responses: source.analysis_responses as Analysis['responses'],
      detail: source.analysis_detail,
    };
    const changed = await writeAnalysis(tx, ctx, [...new Set(targetIds)], analysis, { kind: 'propagated', ruleId: null, extra: { sourceFindingId: source.id } });
    await recordAudit(tx, ctx, { action: 'finding.propagate', target: { type: 'finding', id: source.id }, summary: { chosen: targetIds.length, changed: changed.length, findingIds: changed } });
    return { changed: changed.length };
  });
}
