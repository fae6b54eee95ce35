import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import type { Fact } from './checker.js';

/**
 * Every fact a contract is checked against, in one place: the facts users record against the
 * contract, and the MDS2 statements stored for the vendor's models (each an MDS2 delivery on
 * its statement date). The vendor catalog of part B (vendor advisories with their
 * publication dates, patch availability) joins this list here when its tables land, so the
 * checker and its callers do not change.
 */
export async function contractFacts(db: Executor, orgId: string, contract: { id: string; vendor_name: string; covered_models: string[] }): Promise<Fact[]> {
  const manual = await db.selectFrom('contract_facts').selectAll().where('org_id', '=', orgId).where('contract_id', '=', contract.id).orderBy('occurred_at').execute();
  const facts: Fact[] = manual.map((f) => ({ kind: f.kind, subject: f.subject, at: new Date(f.occurred_at).toISOString(), endOfSupportOn: f.end_of_support_on, obligationId: f.obligation_id, source: 'manual' }));
  let mds2 = db
    .selectFrom('mds2_statements')
    .select(['model', 'model_version', 'statement_date', 'created_at'])
    .where('org_id', '=', orgId)
    .where(sql<boolean>`lower(manufacturer) = lower(${contract.vendor_name})`);
  if (contract.covered_models.length > 0) mds2 = mds2.where(sql<boolean>`lower(model) = any(${arrayLiteral(contract.covered_models.map((m) => m.toLowerCase()))}::text[])`);
  for (const s of await mds2.execute()) {
    facts.push({ kind: 'mds2_delivered', subject: null, at: s.statement_date ?? new Date(s.created_at).toISOString(), source: `mds2_statements: ${s.model} ${s.model_version}`.trim() });
  }
  return facts;
}
