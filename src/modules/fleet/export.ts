import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { csvRow } from '../risk/csv.js';
import { ASSET_FIELDS, EXPORT_HEADER } from './fields.js';
import { assetQuery, presentAsset, type AssetFilter } from './service.js';

/**
 * The fleet as CSV (RFC 4180, UTF-8 with a BOM so Excel reads accents right). The headers
 * are the ones the importer recognises, so an export re-imports without a mapping. Cells a
 * spreadsheet would run as formulas (= + - @ tab CR at the start) get a leading ' (csvRow):
 * a CMMS field typed as `=cmd|' /C calc'!A0` opens as text.
 */
export async function assetsCsv(db: Db, ctx: OrgContext, filter: AssetFilter): Promise<string> {
  authorize(ctx, 'fleet.read');
  const rows = await assetQuery(db, ctx.orgId, filter).orderBy(sql`lower(manufacturer)`).orderBy(sql`lower(model)`).orderBy('serial').execute();
  const parts = ['\ufeff', csvRow([...ASSET_FIELDS.map((f) => EXPORT_HEADER[f]), 'Archived'])];
  for (const row of rows) {
    const a = presentAsset(row);
    parts.push(csvRow([...ASSET_FIELDS.map((f) => (f === 'patientConnected' ? (a.patientConnected ? 'yes' : 'no') : a[f])), a.archived ? 'yes' : 'no']));
  }
  return parts.join('');
}
