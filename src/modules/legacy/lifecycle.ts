import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { LifecycleStage } from '../../platform/db/schema.js';

export interface VendorLifecycle { stage: LifecycleStage | null; endOfLife: string | null; endOfGuaranteedSupport: string | null; endOfSupport: string | null }

/**
 * The vendor's lifecycle data per fleet model (key: lower(manufacturer) + U+001F + lower(model)),
 * from the vendor release each asset is matched to (part B's asset_release_matches →
 * vendor_releases). The earliest end of support among a model's matched releases wins: the
 * register plans for the first devices to lose support. Returns nothing while those tables
 * do not exist, so the register falls back to what was entered by hand.
 */
export async function vendorLifecycles(db: Executor, orgId: string): Promise<Map<string, VendorLifecycle>> {
  const exists = await sql<{ ok: boolean }>`select to_regclass('asset_release_matches') is not null and to_regclass('vendor_releases') is not null as ok`.execute(db);
  if (!exists.rows[0]?.ok) return new Map();
  const rows = await sql<{ key: string; stage: LifecycleStage | null; eol: string | null; eogs: string | null; eos: string | null }>`
    select lower(a.manufacturer) || chr(31) || lower(a.model) as key,
           (array_agg(r.lifecycle_stage order by r.end_of_support_date nulls last))[1] as stage,
           min(r.end_of_life_date)::text as eol, min(r.end_of_guaranteed_support_date)::text as eogs, min(r.end_of_support_date)::text as eos
    from assets a
    join asset_release_matches m on m.asset_id = a.id and m.vendor_release_id is not null
    join vendor_releases r on r.id = m.vendor_release_id
    where a.org_id = ${orgId} and not a.archived
    group by 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.key, { stage: r.stage, endOfLife: r.eol, endOfGuaranteedSupport: r.eogs, endOfSupport: r.eos }]));
}
