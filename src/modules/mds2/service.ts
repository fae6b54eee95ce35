import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { Mds2StatementsTable } from '../../platform/db/schema.js';
import { badRequest, notFound, Problem } from '../../platform/http/problem.js';
import { parseDate } from '../fleet/fields.js';
import { readRawRows } from '../fleet/table.js';
import { compareStatements, readMds2Rows, sectionOf, sectionSummary, type Mds2Entry } from './form.js';

/** MDS2 statements per manufacturer / model / version: import, form entry, compare; audited. */

/** MDS2 spreadsheets are a few hundred rows; anything past this is not one. */
const MAX_MDS2_ROWS = 5_000;

export interface StatementInput {
  readonly manufacturer: string;
  readonly model: string;
  readonly modelVersion?: string | undefined;
  readonly statementDate?: string | null | undefined;
  readonly answers: Record<string, Mds2Entry>;
}

function present(r: Selectable<Mds2StatementsTable>) {
  const answers = r.answers as Record<string, Mds2Entry>;
  return {
    id: r.id, manufacturer: r.manufacturer, model: r.model, modelVersion: r.model_version, formVersion: r.form_version, statementDate: r.statement_date,
    source: r.source, fileName: r.file_name, answers, sections: sectionSummary(answers), createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
export type Statement = ReturnType<typeof present>;

function checkAnswers(answers: Record<string, Mds2Entry>): void {
  const bad = Object.keys(answers).filter((id) => !sectionOf(id));
  if (bad.length > 0) throw badRequest(`Not MDS2 2019 question ids: ${bad.slice(0, 10).join(', ')}.`, bad.slice(0, 10).map((id) => ({ pointer: `/body/answers/${id}`, message: 'not a question id of the 2019 form (e.g. AUTH-1, MLDP-2.1)' })));
}

/**
 * Stores a statement; the same manufacturer + model + version (case-insensitive) replaces the
 * one stored, as a newer disclosure of the same product supersedes the older.
 */
export async function saveStatement(db: Db, ctx: OrgContext, input: StatementInput, source: 'import' | 'form', fileName: string | null = null): Promise<{ statement: Statement; created: boolean }> {
  authorize(ctx, 'fleet.write');
  checkAnswers(input.answers);
  const modelVersion = input.modelVersion?.trim() ?? '';
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('mds2_statements')
      .select('id')
      .where('org_id', '=', ctx.orgId)
      .where(sql<boolean>`lower(manufacturer) = lower(${input.manufacturer}) and lower(model) = lower(${input.model}) and model_version = ${modelVersion}`)
      .forUpdate()
      .executeTakeFirst();
    const values = { manufacturer: input.manufacturer, model: input.model, model_version: modelVersion, statement_date: input.statementDate ?? null, source, file_name: fileName, answers: JSON.stringify(input.answers) };
    const row = existing
      ? await tx.updateTable('mds2_statements').set({ ...values, updated_at: new Date() }).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
      : await tx.insertInto('mds2_statements').values({ ...values, org_id: ctx.orgId, created_by: ctx.actor.label }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: existing ? 'mds2.replace' : 'mds2.create', target: { type: 'mds2_statement', id: row.id }, summary: { manufacturer: row.manufacturer, model: row.model, modelVersion, source, answers: Object.keys(input.answers).length } });
    return { statement: present(row), created: !existing };
  });
}

/**
 * An MDS2 spreadsheet export. Manufacturer and model come from DOC-1 / DOC-3 unless given;
 * the statement date from DOC-7 when it reads as a date.
 */
export async function importStatement(db: Db, ctx: OrgContext, bytes: Buffer, meta: { fileName: string; manufacturer?: string | undefined; model?: string | undefined; modelVersion?: string | undefined }) {
  authorize(ctx, 'fleet.write');
  const { rows } = await readRawRows(bytes, MAX_MDS2_ROWS);
  const answers = readMds2Rows(rows);
  const manufacturer = meta.manufacturer ?? answers['DOC-1']?.note;
  const model = meta.model ?? answers['DOC-3']?.note;
  const missing = [!manufacturer && 'manufacturer (DOC-1 or ?manufacturer=)', !model && 'model (DOC-3 or ?model=)'].filter(Boolean);
  if (missing.length > 0) throw new Problem(422, 'missing-columns', `The statement does not say its ${missing.join(' and ')}.`);
  let statementDate: string | null = null;
  try {
    if (answers['DOC-7']?.note) statementDate = parseDate(answers['DOC-7'].note);
  } catch {
    statementDate = null; // a free-text date stays in the DOC-7 note
  }
  return saveStatement(db, ctx, { manufacturer: manufacturer!.slice(0, 200), model: model!.slice(0, 200), modelVersion: meta.modelVersion, statementDate, answers }, 'import', meta.fileName);
}

export async function listStatements(db: Db, ctx: OrgContext) {
  authorize(ctx, 'fleet.read');
  const rows = await db.selectFrom('mds2_statements').selectAll().where('org_id', '=', ctx.orgId).orderBy(sql`lower(manufacturer)`).orderBy(sql`lower(model)`).orderBy('model_version').execute();
  return rows.map((r) => {
    const { answers: _a, ...rest } = present(r);
    return { ...rest, answerCount: Object.keys(r.answers as object).length };
  });
}

export async function getStatement(db: Db, ctx: OrgContext, id: string): Promise<Statement> {
  authorize(ctx, 'fleet.read');
  const row = await db.selectFrom('mds2_statements').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('MDS2 statement');
  return present(row);
}

export async function deleteStatement(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'fleet.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('mds2_statements').where('id', '=', id).where('org_id', '=', ctx.orgId).returning(['manufacturer', 'model', 'model_version']).executeTakeFirst();
    if (!row) throw notFound('MDS2 statement');
    await recordAudit(tx, ctx, { action: 'mds2.delete', target: { type: 'mds2_statement', id }, summary: { ...row } });
  });
}

/** Baseline `a` against `b`: the capabilities b lacks (lost), the ones it adds (gained), other changed answers. */
export async function compare(db: Db, ctx: OrgContext, a: string, b: string) {
  const [baseline, other] = [await getStatement(db, ctx, a), await getStatement(db, ctx, b)];
  const label = (s: Statement) => ({ id: s.id, manufacturer: s.manufacturer, model: s.model, modelVersion: s.modelVersion, statementDate: s.statementDate });
  return { baseline: label(baseline), other: label(other), ...compareStatements(baseline.answers, other.answers) };
}
