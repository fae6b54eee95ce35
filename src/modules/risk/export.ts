import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { csvDocument } from './csv.js';
import { buildHeatMap, type HeatMap } from './heatmap.js';
import { REGISTER_MATRIX, utcDate } from './register.js';
import { applyRiskFilter, listRisks, riskBase, type RiskFilter, type RiskItem } from './service.js';

/** The register's read-outs beyond the list: the heat map and the CSV export. */

/**
 * Counts per cell before and after controls for the items the filter selects. Closed items
 * are left out unless a status filter asks for them: the map shows the risk that is live.
 */
export async function riskHeatMap(db: Db, ctx: OrgContext, filter: RiskFilter, now = new Date()): Promise<HeatMap> {
  authorize(ctx, 'risk.read');
  const scoped = () => {
    const q = applyRiskFilter(riskBase(db, ctx.orgId), filter, utcDate(now)).clearSelect();
    return filter.status ? q : q.where('r.status', '!=', 'closed');
  };
  const before = await scoped().select(['r.likelihood', 'r.severity', (eb) => eb.fn.countAll<number>().as('count')]).groupBy(['r.likelihood', 'r.severity']).execute();
  const after = await scoped()
    .select(['r.residual_likelihood as likelihood', 'r.residual_severity as severity', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['r.residual_likelihood', 'r.residual_severity'])
    .execute();
  const num = (rows: { likelihood: string; severity: string; count: number | string }[]) => rows.map((r) => ({ likelihood: r.likelihood, severity: r.severity, count: Number(r.count) }));
  return buildHeatMap(REGISTER_MATRIX, num(before), num(after));
}

/** The export's columns, in order (documented in docs/api.md and the manufacturer guide). */
export const CSV_COLUMNS = [
  'id', 'product', 'title', 'threat', 'vulnerability', 'hazardous_situation', 'harm',
  'likelihood', 'severity', 'initial_class', 'existing_controls', 'new_controls',
  'residual_likelihood', 'residual_severity', 'residual_class', 'matrix', 'owner', 'status',
  'accepted_by', 'accepted_at', 'acceptance_rationale', 'uncontrolled_accepted', 'benefit_risk_rationale', 'acceptance_expires_on', 'review_on',
  'linked_findings', 'linked_vulnerabilities', 'created_at', 'updated_at',
] as const;

const PAGE = 500;

function csvRecord(r: RiskItem, vulns: readonly string[]): (string | null)[] {
  const a = r.acceptance;
  return [
    r.id, r.productName, r.title, r.threat, r.vulnerability, r.hazardousSituation, r.harm,
    r.likelihood, r.severity, r.initialClass, r.existingControls,
    // One control per line inside the cell: descriptions may hold any punctuation.
    r.newControls.map((c) => `${c.description} [${c.status}]`).join('\n'),
    r.residualLikelihood, r.residualSeverity, r.residualClass, r.matrixId, r.owner?.email ?? null, r.status,
    a?.approver ?? null, a ? a.acceptedAt.toISOString() : null, a?.rationale ?? null, a ? String(a.uncontrolledAccepted) : null, a?.benefitRiskRationale ?? null, a?.expiresOn ?? null, a?.reviewOn ?? null,
    r.findingIds.join(' '), vulns.join(' '), r.createdAt.toISOString(), r.updatedAt.toISOString(),
  ];
}

/** The register as CSV (RFC 4180, header row), one row per item, newest first, read in pages. */
export async function riskCsv(db: Db, ctx: OrgContext, filter: RiskFilter, now = new Date()): Promise<string> {
  authorize(ctx, 'risk.read');
  const rows: (string | null)[][] = [];
  let after: [string, string] | undefined;
  for (;;) {
    const page = await listRisks(db, ctx, filter, PAGE, after, now);
    if (page.length === 0) break;
    const vulns = await db
      .selectFrom('risk_item_findings as rf')
      .innerJoin('findings as f', 'f.id', 'rf.finding_id')
      .select(['rf.risk_id', 'f.vuln_id'])
      .distinct()
      .where('rf.org_id', '=', ctx.orgId)
      .where('rf.risk_id', 'in', page.map((r) => r.id))
      .orderBy('f.vuln_id')
      .execute();
    const byRisk = new Map<string, string[]>();
    for (const v of vulns) byRisk.set(v.risk_id, [...(byRisk.get(v.risk_id) ?? []), v.vuln_id]);
    for (const r of page) rows.push(csvRecord(r, byRisk.get(r.id) ?? []));
    if (page.length < PAGE) break;
    const last = page.at(-1)!;
    after = [last.createdAt.toISOString(), last.id];
  }
  return csvDocument(CSV_COLUMNS, rows);
}
