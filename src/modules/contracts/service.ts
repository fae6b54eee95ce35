import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import type { ContractFactKind, ContractObligationKind, ContractsTable } from '../../platform/db/schema.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { checkContract, CLAUSES } from './checker.js';
import { contractFacts } from './facts.js';

/** Vendor contracts with their MC2 obligations and recorded facts; each change audited. */

export interface ObligationInput {
  readonly clauseId: string;
  readonly kind?: ContractObligationKind | undefined;
  readonly included?: 'yes' | 'modified' | undefined;
  readonly parameters?: Record<string, number> | undefined;
  readonly description?: string | null | undefined;
}

export interface ContractInput {
  readonly vendorName?: string | undefined;
  readonly title?: string | undefined;
  readonly reference?: string | null | undefined;
  readonly mc2Version?: 'v1' | 'v2' | null | undefined;
  readonly form?: 'standalone' | 'addendum' | null | undefined;
  readonly coveredModels?: readonly string[] | undefined;
  readonly effectiveOn?: string | undefined;
  readonly renewalOn?: string | null | undefined;
  readonly expiresOn?: string | null | undefined;
  readonly notes?: string | null | undefined;
  /** Replaces the set of obligations (and the evidence recorded against removed ones). */
  readonly obligations?: readonly ObligationInput[] | undefined;
}

function presentContract(r: Selectable<ContractsTable>) {
  return {
    id: r.id, vendorName: r.vendor_name, title: r.title, reference: r.reference, mc2Version: r.mc2_version, form: r.form, coveredModels: r.covered_models,
    effectiveOn: r.effective_on, renewalOn: r.renewal_on, expiresOn: r.expires_on, notes: r.notes, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function columns(input: ContractInput) {
  return {
    ...(input.vendorName !== undefined ? { vendor_name: input.vendorName } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
    ...(input.mc2Version !== undefined ? { mc2_version: input.mc2Version } : {}),
    ...(input.form !== undefined ? { form: input.form } : {}),
    ...(input.coveredModels !== undefined ? { covered_models: [...input.coveredModels] } : {}),
    ...(input.effectiveOn !== undefined ? { effective_on: input.effectiveOn } : {}),
    ...(input.renewalOn !== undefined ? { renewal_on: input.renewalOn } : {}),
    ...(input.expiresOn !== undefined ? { expires_on: input.expiresOn } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
  };
}

async function writeObligations(tx: Tx, orgId: string, contractId: string, obligations: readonly ObligationInput[]) {
  const rows = obligations.map((o, i) => {
    const clause = CLAUSES.find((c) => c.id === o.clauseId);
    if (!clause) throw badRequest(`Unknown clause ${o.clauseId}; the clauses are MC2-01 … MC2-18.`, [{ pointer: `/body/obligations/${i}/clauseId`, message: 'not an MC2 clause id' }]);
    const parameters = { ...(clause.parameter ? { [clause.parameter.name]: clause.parameter.default } : {}), ...o.parameters };
    return { org_id: orgId, contract_id: contractId, clause_id: o.clauseId, kind: o.kind ?? clause.kind, included: o.included ?? 'yes', parameters: JSON.stringify(parameters), description: o.description ?? null };
  });
  await tx.deleteFrom('contract_obligations').where('contract_id', '=', contractId).execute();
  if (rows.length > 0) await tx.insertInto('contract_obligations').values(rows).execute();
}

export async function createContract(db: Db, ctx: OrgContext, input: ContractInput & { vendorName: string; title: string; effectiveOn: string }) {
  authorize(ctx, 'contracts.write');
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('contracts').values({ ...columns(input), vendor_name: input.vendorName, title: input.title, effective_on: input.effectiveOn, org_id: ctx.orgId, created_by: ctx.actor.label }).returning('id').executeTakeFirstOrThrow();
    await writeObligations(tx, ctx.orgId, row.id, input.obligations ?? []);
    await recordAudit(tx, ctx, { action: 'contracts.create', target: { type: 'contract', id: row.id }, summary: { vendorName: input.vendorName, title: input.title, obligations: (input.obligations ?? []).map((o) => o.clauseId) } });
    return row.id;
  });
  return getContract(db, ctx, id);
}

export async function updateContract(db: Db, ctx: OrgContext, id: string, input: ContractInput) {
  authorize(ctx, 'contracts.write');
  await db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('contracts').select('id').where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!found) throw notFound('contract');
    await tx.updateTable('contracts').set({ ...columns(input), updated_at: new Date() }).where('id', '=', id).execute();
    if (input.obligations) await writeObligations(tx, ctx.orgId, id, input.obligations);
    await recordAudit(tx, ctx, { action: 'contracts.update', target: { type: 'contract', id }, summary: { ...input } });
  });
  return getContract(db, ctx, id);
}

export async function deleteContract(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'contracts.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('contracts').where('id', '=', id).where('org_id', '=', ctx.orgId).returning(['vendor_name', 'title']).executeTakeFirst();
    if (!row) throw notFound('contract');
    await recordAudit(tx, ctx, { action: 'contracts.delete', target: { type: 'contract', id }, summary: { ...row } });
  });
}

export async function listContracts(db: Db, ctx: OrgContext, now = new Date()) {
  authorize(ctx, 'contracts.read');
  const rows = await db.selectFrom('contracts').selectAll().where('org_id', '=', ctx.orgId).orderBy(sql`lower(vendor_name)`).orderBy('effective_on', 'desc').execute();
  const out = [];
  for (const r of rows) {
    const { check } = await evaluate(db, ctx.orgId, r, now);
    out.push({ ...presentContract(r), status: check.status, breached: check.results.filter((x) => x.status === 'breached').length, gaps: [...check.gaps] });
  }
  return out;
}

async function evaluate(db: Db, orgId: string, r: Selectable<ContractsTable>, now: Date) {
  const obligations = await db.selectFrom('contract_obligations').selectAll().where('contract_id', '=', r.id).orderBy('clause_id').orderBy('created_at').execute();
  const facts = await contractFacts(db, orgId, r);
  const check = checkContract(r.effective_on, obligations.map((o) => ({ id: o.id, clauseId: o.clause_id, kind: o.kind, parameters: o.parameters as Record<string, number> })), facts, now);
  return { obligations, facts, check };
}

/** One contract with its obligations, every fact and the check of each obligation. */
export async function getContract(db: Db, ctx: OrgContext, id: string, now = new Date()) {
  authorize(ctx, 'contracts.read');
  const row = await db.selectFrom('contracts').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('contract');
  const { obligations, check } = await evaluate(db, ctx.orgId, row, now);
  const manual = await db.selectFrom('contract_facts').selectAll().where('contract_id', '=', id).orderBy('occurred_at').execute();
  return {
    ...presentContract(row),
    obligations: obligations.map((o) => {
      const result = check.results.find((x) => x.obligationId === o.id)!;
      return { id: o.id, clauseId: o.clause_id, topic: CLAUSES.find((c) => c.id === o.clause_id)?.topic ?? o.clause_id, kind: o.kind, included: o.included, parameters: o.parameters as Record<string, number>, description: o.description, status: result.status, evidence: [...result.evidence] };
    }),
    facts: manual.map((f) => ({ id: f.id, kind: f.kind, subject: f.subject, occurredAt: f.occurred_at, endOfSupportOn: f.end_of_support_on, obligationId: f.obligation_id, note: f.note, recordedBy: f.recorded_by })),
    status: check.status,
    gaps: [...check.gaps],
    warnings: [...check.warnings],
  };
}

export interface FactInput { kind: ContractFactKind; subject?: string | null | undefined; occurredAt: string; endOfSupportOn?: string | null | undefined; obligationId?: string | null | undefined; note?: string | null | undefined }

export async function addFact(db: Db, ctx: OrgContext, contractId: string, input: FactInput) {
  authorize(ctx, 'contracts.write');
  if (input.kind === 'eos_notice' && !input.endOfSupportOn) throw badRequest('An end-of-support notice needs the announced end-of-support date.', [{ pointer: '/body/endOfSupportOn', message: 'required for eos_notice' }]);
  if (input.kind === 'evidence' && !input.obligationId) throw badRequest('Evidence names the obligation it is for.', [{ pointer: '/body/obligationId', message: 'required for evidence' }]);
  return db.transaction().execute(async (tx) => {
    const contract = await tx.selectFrom('contracts').select('id').where('id', '=', contractId).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!contract) throw notFound('contract');
    if (input.obligationId) {
      const o = await tx.selectFrom('contract_obligations').select('id').where('id', '=', input.obligationId).where('contract_id', '=', contractId).executeTakeFirst();
      if (!o) throw notFound('obligation of this contract');
    }
    const row = await tx
      .insertInto('contract_facts')
      .values({ org_id: ctx.orgId, contract_id: contractId, kind: input.kind, subject: input.subject ?? null, occurred_at: input.occurredAt, end_of_support_on: input.endOfSupportOn ?? null, obligation_id: input.obligationId ?? null, note: input.note ?? null, recorded_by: ctx.actor.label })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'contracts.fact.record', target: { type: 'contract', id: contractId }, summary: { factId: row.id, ...input } });
    return { id: row.id };
  });
}

export async function deleteFact(db: Db, ctx: OrgContext, factId: string) {
  authorize(ctx, 'contracts.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('contract_facts').where('id', '=', factId).where('org_id', '=', ctx.orgId).returning(['contract_id', 'kind', 'subject']).executeTakeFirst();
    if (!row) throw notFound('fact');
    await recordAudit(tx, ctx, { action: 'contracts.fact.delete', target: { type: 'contract', id: row.contract_id }, summary: { factId, kind: row.kind, subject: row.subject } });
  });
}
