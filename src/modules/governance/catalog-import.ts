import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { Problem, conflict } from '../../platform/http/problem.js';
import { CatalogFile, catalogProblems, controlHash, diffCatalogs, type CatalogDiff } from './catalog.js';

/**
 * Importing a new catalog version (instance-wide, `vigil governance catalog import FILE`):
 * the file is checked whole, becomes the current version, and in every open assessment cycle
 * the assessments of controls whose content changed are marked for re-assessment. Unchanged
 * controls keep their assessments as they are; removed controls drop out of the screens and
 * scores (their rows stay, so closed cycles' history is intact).
 */
export interface CatalogImportResult extends CatalogDiff {
  readonly version: string;
  readonly marked: number;
}

export function parseCatalogFile(text: string): CatalogFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Problem(400, 'malformed-catalog', `The catalog is not JSON: ${(error as Error).message}`);
  }
  const parsed = CatalogFile.safeParse(json);
  if (!parsed.success) {
    throw new Problem(422, 'invalid-catalog', 'The catalog does not match the vigil-jsp-catalog/1 format.', { errors: parsed.error.issues.slice(0, 50).map((i) => ({ pointer: `/${i.path.join('/')}`, message: i.message })) });
  }
  const problems = catalogProblems(parsed.data);
  if (problems.length > 0) throw new Problem(422, 'invalid-catalog', 'The catalog is inconsistent.', { errors: problems });
  return parsed.data;
}

export async function importCatalog(db: Db, file: CatalogFile, actor: Actor = SYSTEM_ACTOR): Promise<CatalogImportResult> {
  return db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('jsp_catalog_versions').select('version').where('version', '=', file.version).executeTakeFirst();
    if (exists) throw conflict(`Catalog version ${file.version} is loaded already.`);
    const current = await tx.selectFrom('jsp_controls as c').innerJoin('jsp_catalog_versions as v', 'v.version', 'c.catalog_version').select(['c.code', 'c.content_hash']).where('v.is_current', '=', true).execute();
    const next = file.controls.map((c, i) => ({ ...c, ord: i + 1, content_hash: controlHash(c) }));
    const diff = diffCatalogs(new Map(current.map((c) => [c.code, c.content_hash])), new Map(next.map((c) => [c.code, c.content_hash])));
    await tx.updateTable('jsp_catalog_versions').set({ is_current: false }).where('is_current', '=', true).execute();
    await tx.insertInto('jsp_catalog_versions').values({ version: file.version, title: file.title, source: file.source, areas: JSON.stringify(file.areas), is_current: true }).execute();
    for (let i = 0; i < next.length; i += 500) {
      await tx.insertInto('jsp_controls').values(next.slice(i, i + 500).map((c) => ({ catalog_version: file.version, code: c.code, ord: c.ord, area: c.area, title: c.title, description: c.description, owner: c.owner, evidence: c.evidence, source: c.source, content_hash: c.content_hash }))).execute();
    }
    // Mark, in open cycles, assessments whose control's content differs from what was assessed.
    const marked = await sql<{ org_id: string; code: string }>`
      update maturity_assessments a set needs_reassessment = true
      from maturity_cycles y, jsp_controls c
      where y.id = a.cycle_id and y.closed_at is null and c.catalog_version = ${file.version} and c.code = a.code
        and a.content_hash <> c.content_hash and not a.needs_reassessment
      returning a.org_id, a.code`.execute(tx);
    await sql`update maturity_cycles set catalog_version = ${file.version} where closed_at is null`.execute(tx);
    const byOrg = new Map<string, string[]>();
    for (const r of marked.rows) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r.code]);
    for (const [orgId, codes] of byOrg) {
      await recordAudit(tx, { actor, orgId, requestId: null }, { action: 'maturity.reassessment_marked', target: { type: 'catalog_version', id: null }, summary: { version: file.version, codes: codes.sort() } });
    }
    await recordAudit(tx, { actor, orgId: null, requestId: null }, { action: 'governance.catalog_import', target: { type: 'catalog_version', id: null }, summary: { version: file.version, controls: next.length, changed: diff.changed, added: diff.added, removed: diff.removed } });
    return { version: file.version, marked: marked.rows.length, ...diff };
  });
}
