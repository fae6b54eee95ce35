import { sql } from 'kysely';
import { canonicalizePurl } from '../../core/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { getSbom } from './service.js';
import { MAX_SUPPORT_CSV_BYTES, parseSupportCsv, planSupportUpdates, type CsvError } from './support-csv.js';

export interface SupportImportOutcome {
  /** Data rows read from the file. */
  readonly rows: number;
  /** Components whose support data or supplier was set. */
  readonly updated: number;
}

function refuse(errors: readonly CsvError[]): never {
  throw new Problem(422, 'invalid-csv', `${errors.length} problem(s) in the CSV; the first, on line ${errors[0]!.line}: ${errors[0]!.message}`, {
    errors: errors.slice(0, 50).map((e) => ({ pointer: `line ${e.line}`, message: e.message })),
  });
}

/**
 * Sets level of support, end-of-support date and supplier on an SBOM's components from a CSV
 * (format in support-csv.ts). All rows apply in one transaction with one audit event, or —
 * when any row is malformed or names no component — none do.
 */
export async function importSupportCsv(db: Db, ctx: OrgContext, sbomId: string, bytes: Buffer): Promise<SupportImportOutcome> {
  authorize(ctx, 'portfolio.write');
  await getSbom(db, ctx, sbomId);
  if (bytes.length > MAX_SUPPORT_CSV_BYTES) throw new Problem(413, 'body-too-large', `Support CSV files are limited to ${MAX_SUPPORT_CSV_BYTES / 2 ** 20} MiB.`);
  const parsed = parseSupportCsv(bytes.toString('utf8'));
  if (parsed.errors.length > 0) refuse(parsed.errors);
  const components = await db.selectFrom('sbom_components').select(['ref', 'purl', 'name', 'version']).where('sbom_id', '=', sbomId).where('org_id', '=', ctx.orgId).execute();
  const canonical = (p: string) => {
    const c = canonicalizePurl(p);
    return c.ok ? c.value : p;
  };
  const plan = planSupportUpdates(parsed.rows, components, canonical);
  if (plan.errors.length > 0) refuse(plan.errors);
  const column = (field: 'levelOfSupport' | 'endOfSupport' | 'supplier') => plan.updates.map((u) => u.set[field] ?? null);
  return db.transaction().execute(async (tx) => {
    // One statement for the whole file: a null in an array means "leave that column alone".
    const result = await sql`
      update sbom_components c set
        level_of_support = coalesce(v.level, c.level_of_support),
        end_of_support = coalesce(v.eos::date, c.end_of_support),
        supplier = coalesce(v.supplier, c.supplier)
      from unnest(${plan.updates.map((u) => u.ref)}::text[], ${column('levelOfSupport')}::text[], ${column('endOfSupport')}::text[], ${column('supplier')}::text[]) as v(ref, level, eos, supplier)
      where c.sbom_id = ${sbomId} and c.org_id = ${ctx.orgId} and c.ref = v.ref`.execute(tx);
    const updated = Number(result.numAffectedRows ?? 0);
    await recordAudit(tx, ctx, { action: 'sbom.support_import', target: { type: 'sbom', id: sbomId }, summary: { rows: parsed.rows.length, components: updated } });
    return { rows: parsed.rows.length, updated };
  });
}
