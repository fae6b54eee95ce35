import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { readJUnit } from '../../formats/junit/read.js';
import { readSarif } from '../../formats/sarif/read.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import type { PremarketRequirementsTable } from '../../platform/db/schema.js';
import { Problem, conflict, notFound } from '../../platform/http/problem.js';
import { catalogSet, type VerificationMethod } from './catalog.js';
import { evidenceFromJUnit, evidenceFromSarif, type ParsedEvidence } from './evidence.js';
import { checkThreatModel, ThreatModelSchema, type ThreatModel } from './threat-model.js';
import { buildMatrix, fileOutcome, type Outcome, type SystemEvidence, type TraceMatrix } from './trace.js';

/** Requirements, threat models, evidence and links: every read filters by organization, every write is audited in its transaction. */

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

export async function loadProduct(db: Executor, orgId: string, productId: string) {
  const p = await db.selectFrom('products').select(['id', 'name']).where('id', '=', productId).where('org_id', '=', orgId).executeTakeFirst();
  if (!p) throw notFound('product');
  return p;
}

export async function loadReleaseRow(db: Executor, orgId: string, releaseId: string) {
  const r = await db
    .selectFrom('releases as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['r.id', 'r.version', 'r.product_id', 'p.name as product_name'])
    .where('r.id', '=', releaseId)
    .where('r.org_id', '=', orgId)
    .executeTakeFirst();
  if (!r) throw notFound('release');
  return r;
}

// ---- requirements

type RequirementRow = Selectable<PremarketRequirementsTable>;

export function presentRequirement(r: RequirementRow) {
  return {
    id: r.id,
    productId: r.product_id,
    ref: r.ref,
    source: r.source,
    sourceVersion: r.source_version,
    category: r.category,
    title: r.title,
    description: r.description,
    design: r.design,
    verificationMethod: r.verification_method,
    autoEvidence: r.auto_evidence,
    applicable: r.applicable,
    naJustification: r.na_justification,
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Requirement = ReturnType<typeof presentRequirement>;

const snapshotOf = (r: RequirementRow) => {
  const { id: _i, org_id: _o, created_at: _c, updated_at: _u, created_by: _b, version: _v, ...rest } = r;
  return rest;
};

export async function listRequirements(db: Db, ctx: OrgContext, productId: string): Promise<Requirement[]> {
  authorize(ctx, 'premarket.read');
  await loadProduct(db, ctx.orgId, productId);
  const rows = await db.selectFrom('premarket_requirements').selectAll().where('org_id', '=', ctx.orgId).where('product_id', '=', productId).orderBy('ref').execute();
  return rows.map(presentRequirement);
}

export interface RequirementInput {
  readonly ref?: string | undefined;
  readonly title?: string | undefined;
  readonly category?: string | null | undefined;
  readonly description?: string | null | undefined;
  readonly design?: string | null | undefined;
  readonly verificationMethod?: VerificationMethod | undefined;
  readonly applicable?: boolean | undefined;
  readonly naJustification?: string | null | undefined;
}

async function insertRequirement(tx: Tx, ctx: OrgContext, productId: string, values: { ref: string; title: string; source: string; sourceVersion?: string | null; category?: string | null; description?: string | null; design?: string | null; verificationMethod?: VerificationMethod; autoEvidence?: 'sbom' | 'findings' | null }): Promise<RequirementRow> {
  const row = await tx
    .insertInto('premarket_requirements')
    .values({
      org_id: ctx.orgId,
      product_id: productId,
      ref: values.ref,
      source: values.source,
      source_version: values.sourceVersion ?? null,
      category: values.category ?? null,
      title: values.title,
      description: values.description ?? null,
      design: values.design ?? null,
      verification_method: values.verificationMethod ?? 'test',
      auto_evidence: values.autoEvidence ?? null,
      created_by: ctx.actor.label,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx.insertInto('premarket_requirement_versions').values({ requirement_id: row.id, org_id: ctx.orgId, version: 1, snapshot: JSON.stringify(snapshotOf(row)), changed_by: ctx.actor.label }).execute();
  return row;
}

async function refTaken(tx: Tx, productId: string, ref: string): Promise<boolean> {
  return Boolean(await tx.selectFrom('premarket_requirements').select('id').where('product_id', '=', productId).where(sql<string>`lower(ref)`, '=', ref.toLowerCase()).executeTakeFirst());
}

export async function createRequirement(db: Db, ctx: OrgContext, productId: string, input: RequirementInput & { ref: string; title: string }): Promise<Requirement> {
  authorize(ctx, 'premarket.write');
  return db.transaction().execute(async (tx) => {
    await loadProduct(tx, ctx.orgId, productId);
    if (await refTaken(tx, productId, input.ref)) throw conflict(`The product already has a requirement ${input.ref}.`);
    const row = await insertRequirement(tx, ctx, productId, { ...input, source: 'custom', ...(input.verificationMethod ? { verificationMethod: input.verificationMethod } : {}) });
    await recordAudit(tx, ctx, { action: 'premarket.requirement_create', target: { type: 'premarket_requirement', id: row.id }, summary: { productId, ref: row.ref } });
    return presentRequirement(row);
  });
}

/** Copies a built-in set into the product's catalog; refs the product already has are left as they are. */
export async function addCatalogSet(db: Db, ctx: OrgContext, productId: string, setId: string): Promise<{ added: number; skipped: number }> {
  authorize(ctx, 'premarket.write');
  const set = catalogSet(setId);
  if (!set) throw new Problem(400, 'validation', `No built-in set ${setId}.`, { errors: [{ pointer: '/body/set', message: 'unknown set' }] });
  return db.transaction().execute(async (tx) => {
    await loadProduct(tx, ctx.orgId, productId);
    let added = 0;
    for (const item of set.items) {
      if (await refTaken(tx, productId, item.ref)) continue;
      await insertRequirement(tx, ctx, productId, { ref: item.ref, title: item.title, source: set.id, sourceVersion: set.version, category: item.category, description: item.description, verificationMethod: item.verificationMethod, autoEvidence: item.autoEvidence ?? null });
      added++;
    }
    const skipped = set.items.length - added;
    await recordAudit(tx, ctx, { action: 'premarket.catalog_add', target: { type: 'product', id: productId }, summary: { set: set.id, version: set.version, added, skipped } });
    return { added, skipped };
  });
}

export async function getRequirement(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'premarket.read');
  const row = await db.selectFrom('premarket_requirements').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('requirement');
  const versions = await db.selectFrom('premarket_requirement_versions').select(['version', 'snapshot', 'changed_by', 'changed_at']).where('requirement_id', '=', id).orderBy('version', 'desc').execute();
  return { requirement: presentRequirement(row), versions: versions.map((v) => ({ version: v.version, snapshot: v.snapshot, changedBy: v.changed_by, changedAt: v.changed_at })) };
}

/** An edit is a new version; the previous versions stay readable. N/A needs a justification. */
export async function updateRequirement(db: Db, ctx: OrgContext, id: string, input: RequirementInput): Promise<Requirement> {
  authorize(ctx, 'premarket.write');
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('premarket_requirements').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('requirement');
    if (input.ref !== undefined && input.ref.toLowerCase() !== before.ref.toLowerCase() && (await refTaken(tx, before.product_id, input.ref))) throw conflict(`The product already has a requirement ${input.ref}.`);
    const applicable = input.applicable ?? before.applicable;
    const justification = input.naJustification !== undefined ? input.naJustification : before.na_justification;
    if (!applicable && !justification?.trim()) {
      throw new Problem(400, 'validation', 'A requirement marked not applicable needs a justification.', { errors: [{ pointer: '/body/naJustification', message: 'required when applicable is false' }] });
    }
    const row = await tx
      .updateTable('premarket_requirements')
      .set({
        ...(input.ref !== undefined ? { ref: input.ref } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.design !== undefined ? { design: input.design } : {}),
        ...(input.verificationMethod !== undefined ? { verification_method: input.verificationMethod } : {}),
        applicable,
        na_justification: justification,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.insertInto('premarket_requirement_versions').values({ requirement_id: id, org_id: ctx.orgId, version: row.version, snapshot: JSON.stringify(snapshotOf(row)), changed_by: ctx.actor.label }).execute();
    const changed = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
    await recordAudit(tx, ctx, { action: 'premarket.requirement_update', target: { type: 'premarket_requirement', id }, summary: { ref: row.ref, version: row.version, changed } });
    return presentRequirement(row);
  });
}

export async function deleteRequirement(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'premarket.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('premarket_requirements').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!row) throw notFound('requirement');
    await tx.deleteFrom('premarket_requirements').where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'premarket.requirement_delete', target: { type: 'premarket_requirement', id }, summary: { ref: row.ref, productId: row.product_id } });
  });
}

// ---- threat models

export interface StoredThreatModel {
  readonly id: string;
  readonly productId: string;
  readonly releaseId: string | null;
  readonly version: number;
  readonly updatedBy: string;
  readonly updatedAt: Date;
  readonly document: ThreatModel;
}

async function threatModelRow(db: Executor, orgId: string, productId: string, releaseId: string | null) {
  let q = db.selectFrom('premarket_threat_models').selectAll().where('org_id', '=', orgId).where('product_id', '=', productId);
  q = releaseId ? q.where('release_id', '=', releaseId) : q.where('release_id', 'is', null);
  return q.executeTakeFirst();
}

const presentModel = (r: NonNullable<Awaited<ReturnType<typeof threatModelRow>>>): StoredThreatModel => ({
  id: r.id,
  productId: r.product_id,
  releaseId: r.release_id,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  document: r.document as unknown as ThreatModel,
});

async function checkScope(db: Executor, orgId: string, productId: string, releaseId: string | null): Promise<void> {
  await loadProduct(db, orgId, productId);
  if (releaseId) {
    const r = await loadReleaseRow(db, orgId, releaseId);
    if (r.product_id !== productId) throw notFound('release');
  }
}

/** The release's own model, else the product's (what the matrix and the package use). */
export async function effectiveThreatModel(db: Executor, orgId: string, productId: string, releaseId: string | null): Promise<StoredThreatModel | null> {
  const own = releaseId ? await threatModelRow(db, orgId, productId, releaseId) : undefined;
  const row = own ?? (await threatModelRow(db, orgId, productId, null));
  return row ? presentModel(row) : null;
}

export async function getThreatModel(db: Db, ctx: OrgContext, productId: string, releaseId: string | null): Promise<StoredThreatModel | null> {
  authorize(ctx, 'premarket.read');
  await checkScope(db, ctx.orgId, productId, releaseId);
  const row = await threatModelRow(db, ctx.orgId, productId, releaseId);
  return row ? presentModel(row) : null;
}

/**
 * Saves (imports) a model whole. Linked risk items must be the product's. Each mitigation that
 * names a requirement ref the product does not have yet creates that requirement (source
 * threat-model, its design the mitigation's description).
 */
export async function saveThreatModel(db: Db, ctx: OrgContext, productId: string, releaseId: string | null, raw: unknown): Promise<{ model: StoredThreatModel; createdRequirements: string[] }> {
  authorize(ctx, 'premarket.write');
  const parsed = ThreatModelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Problem(400, 'validation', `The threat model is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      errors: parsed.error.issues.slice(0, 100).map((i) => ({ pointer: `/body/${i.path.join('/')}`.replace(/\/$/, ''), message: i.message })),
    });
  }
  const model = parsed.data;
  const issues = checkThreatModel(model);
  if (issues.length > 0) throw new Problem(400, 'validation', `The threat model's references do not resolve: ${issues[0]!.pointer} ${issues[0]!.message}`, { errors: issues.map((i) => ({ pointer: `/body${i.pointer}`, message: i.message })) });
  return db.transaction().execute(async (tx) => {
    await checkScope(tx, ctx.orgId, productId, releaseId);
    const riskIds = [...new Set(model.threats.flatMap((t) => t.riskItemIds ?? []))];
    if (riskIds.length > 0) {
      const found = await tx.selectFrom('risk_items').select('id').where('org_id', '=', ctx.orgId).where('product_id', '=', productId).where('id', 'in', riskIds).execute();
      const have = new Set(found.map((f) => f.id));
      const missing = riskIds.find((id) => !have.has(id));
      if (missing) throw new Problem(404, 'not-found', `No risk item ${missing} for this product.`);
    }
    const existing = await threatModelRow(tx, ctx.orgId, productId, releaseId);
    const row = existing
      ? await tx.updateTable('premarket_threat_models').set({ document: JSON.stringify(model), version: sql<number>`version + 1`, updated_by: ctx.actor.label, updated_at: new Date() }).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
      : await tx.insertInto('premarket_threat_models').values({ org_id: ctx.orgId, product_id: productId, release_id: releaseId, document: JSON.stringify(model), updated_by: ctx.actor.label }).returningAll().executeTakeFirstOrThrow();
    const createdRequirements: string[] = [];
    for (const m of model.mitigations) {
      if (!m.requirement || (await refTaken(tx, productId, m.requirement))) continue;
      await insertRequirement(tx, ctx, productId, { ref: m.requirement, title: m.title, source: 'threat-model', category: 'Threat mitigation', description: `From threat model mitigation ${m.id}.`, design: m.description ?? m.title, verificationMethod: 'test' });
      createdRequirements.push(m.requirement);
    }
    await recordAudit(tx, ctx, { action: 'premarket.threat_model_save', target: { type: 'premarket_threat_model', id: row.id }, summary: { productId, releaseId, version: row.version, threats: model.threats.length, createdRequirements } });
    return { model: presentModel(row), createdRequirements };
  });
}

// ---- evidence

export function detectEvidence(bytes: Buffer): ParsedEvidence {
  if (bytes.length > MAX_EVIDENCE_BYTES) throw new Problem(413, 'too-large', `Evidence files are limited to ${MAX_EVIDENCE_BYTES} bytes.`);
  const text = bytes.toString('utf8').replace(/^\uFEFF/u, '');
  const head = text.trimStart();
  if (head.startsWith('{')) {
    const r = readSarif(text);
    if (!r.ok) {
      const at = r.error.line ? [{ pointer: `/body (line ${r.error.line}, column ${r.error.column})`, message: r.error.message }] : (r.error.errors ?? []).map((e) => ({ pointer: `/body${e.pointer === '/' ? '' : e.pointer}`, message: e.message }));
      throw new Problem(r.error.code === 'sarif-too-large' ? 413 : 400, `sarif-invalid`, r.error.message, { errors: at, extensions: { code: r.error.code, ...(r.error.line ? { line: r.error.line, column: r.error.column } : {}) } });
    }
    return evidenceFromSarif(r.report);
  }
  if (head.startsWith('<')) {
    const r = readJUnit(text);
    if (!r.ok) throw new Problem(r.error.code === 'junit-too-large' ? 413 : 400, 'junit-invalid', `${r.error.message} (line ${r.error.line}, column ${r.error.column})`, { errors: [{ pointer: `/body (line ${r.error.line}, column ${r.error.column})`, message: r.error.message }], extensions: { code: r.error.code, line: r.error.line, column: r.error.column } });
    return evidenceFromJUnit(r.report);
  }
  throw new Problem(415, 'unsupported-evidence', 'Evidence must be a SARIF 2.1.0 log (JSON) or a JUnit XML report.');
}

export interface EvidenceFile {
  readonly id: string;
  readonly releaseId: string;
  readonly kind: 'sarif' | 'junit';
  readonly fileName: string;
  readonly contentHash: string;
  readonly sizeBytes: number;
  readonly tool: string | null;
  readonly summary: Record<string, unknown>;
  readonly importedBy: string;
  readonly importedAt: Date;
}

const presentEvidence = (r: { id: string; release_id: string; kind: 'sarif' | 'junit'; file_name: string; content_hash: string; size_bytes: number; tool: string | null; summary: Record<string, unknown>; imported_by: string; imported_at: Date }): EvidenceFile => ({
  id: r.id,
  releaseId: r.release_id,
  kind: r.kind,
  fileName: r.file_name,
  contentHash: r.content_hash,
  sizeBytes: r.size_bytes,
  tool: r.tool,
  summary: r.summary,
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

const EVIDENCE_COLUMNS = ['id', 'release_id', 'kind', 'file_name', 'content_hash', 'size_bytes', 'tool', 'summary', 'imported_by', 'imported_at'] as const;

/** Imports one file as evidence of a release; the same file again changes nothing (created false). */
export async function importEvidence(db: Db, ctx: OrgContext, releaseId: string, bytes: Buffer, fileName: string): Promise<{ evidence: EvidenceFile; created: boolean }> {
  authorize(ctx, 'premarket.write');
  await loadReleaseRow(db, ctx.orgId, releaseId);
  const parsed = detectEvidence(bytes);
  const hash = createHash('sha256').update(bytes).digest('hex');
  return db.transaction().execute(async (tx) => {
    await loadReleaseRow(tx, ctx.orgId, releaseId);
    const same = await tx.selectFrom('premarket_evidence').select(EVIDENCE_COLUMNS).where('release_id', '=', releaseId).where('content_hash', '=', hash).executeTakeFirst();
    if (same) return { evidence: presentEvidence(same), created: false };
    const row = await tx
      .insertInto('premarket_evidence')
      .values({ org_id: ctx.orgId, release_id: releaseId, kind: parsed.kind, file_name: fileName, content_hash: hash, size_bytes: bytes.length, tool: parsed.tool, summary: JSON.stringify(parsed.summary), content: bytes, imported_by: ctx.actor.label })
      .returning(EVIDENCE_COLUMNS)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < parsed.items.length; i += 1000) {
      await tx.insertInto('premarket_evidence_items').values(parsed.items.slice(i, i + 1000).map((it, j) => ({ evidence_id: row.id, org_id: ctx.orgId, ord: i + j, name: it.name, outcome: it.outcome, detail: it.detail, requirement_refs: [...it.refs] }))).execute();
    }
    await recordAudit(tx, ctx, { action: 'premarket.evidence_import', target: { type: 'premarket_evidence', id: row.id }, summary: { releaseId, kind: parsed.kind, fileName, sha256: hash, items: parsed.items.length } });
    return { evidence: presentEvidence(row), created: true };
  });
}

export async function listEvidence(db: Db, ctx: OrgContext, releaseId: string): Promise<EvidenceFile[]> {
  authorize(ctx, 'premarket.read');
  await loadReleaseRow(db, ctx.orgId, releaseId);
  const rows = await db.selectFrom('premarket_evidence').select(EVIDENCE_COLUMNS).where('org_id', '=', ctx.orgId).where('release_id', '=', releaseId).orderBy('imported_at').orderBy('id').execute();
  return rows.map(presentEvidence);
}

export async function getEvidence(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'premarket.read');
  const row = await db.selectFrom('premarket_evidence').select(EVIDENCE_COLUMNS).where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('evidence');
  const items = await db.selectFrom('premarket_evidence_items').select(['id', 'name', 'outcome', 'detail', 'requirement_refs']).where('evidence_id', '=', id).orderBy('ord').execute();
  return { evidence: presentEvidence(row), items: items.map((i) => ({ id: i.id, name: i.name, outcome: i.outcome, detail: i.detail, refs: i.requirement_refs })) };
}

export async function evidenceContent(db: Db, ctx: OrgContext, id: string): Promise<{ fileName: string; kind: 'sarif' | 'junit'; content: Buffer }> {
  authorize(ctx, 'premarket.read');
  const row = await db.selectFrom('premarket_evidence').select(['file_name', 'kind', 'content']).where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('evidence');
  return { fileName: row.file_name, kind: row.kind, content: row.content };
}

export async function deleteEvidence(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'premarket.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('premarket_evidence').select(['id', 'release_id', 'file_name', 'content_hash']).where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!row) throw notFound('evidence');
    await tx.deleteFrom('premarket_evidence').where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'premarket.evidence_delete', target: { type: 'premarket_evidence', id }, summary: { releaseId: row.release_id, fileName: row.file_name, sha256: row.content_hash } });
  });
}

// ---- links

/** A person's link from a requirement to evidence of a release of the same product (or one item of it). */
export async function createLink(db: Db, ctx: OrgContext, requirementId: string, input: { evidenceId: string; itemId?: string | undefined; note?: string | undefined }) {
  authorize(ctx, 'premarket.write');
  return db.transaction().execute(async (tx) => {
    const req = await tx.selectFrom('premarket_requirements').select(['id', 'product_id', 'ref']).where('id', '=', requirementId).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!req) throw notFound('requirement');
    const ev = await tx.selectFrom('premarket_evidence as e').innerJoin('releases as r', 'r.id', 'e.release_id').select(['e.id', 'r.product_id']).where('e.id', '=', input.evidenceId).where('e.org_id', '=', ctx.orgId).executeTakeFirst();
    if (!ev) throw notFound('evidence');
    if (ev.product_id !== req.product_id) throw new Problem(400, 'validation', 'The evidence belongs to a release of another product.', { errors: [{ pointer: '/body/evidenceId', message: 'another product’s evidence' }] });
    if (input.itemId) {
      const item = await tx.selectFrom('premarket_evidence_items').select('id').where('id', '=', input.itemId).where('evidence_id', '=', ev.id).executeTakeFirst();
      if (!item) throw new Problem(404, 'not-found', 'No such item in that evidence file.');
    }
    const dup = await tx
      .selectFrom('premarket_trace_links')
      .select('id')
      .where('requirement_id', '=', req.id)
      .where('evidence_id', '=', ev.id)
      .where((eb) => (input.itemId ? eb('item_id', '=', input.itemId) : eb('item_id', 'is', null)))
      .executeTakeFirst();
    if (dup) throw conflict('That link exists already.');
    const row = await tx.insertInto('premarket_trace_links').values({ org_id: ctx.orgId, requirement_id: req.id, evidence_id: ev.id, item_id: input.itemId ?? null, note: input.note ?? null, created_by: ctx.actor.label }).returning(['id', 'requirement_id', 'evidence_id', 'item_id', 'note', 'created_by', 'created_at']).executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'premarket.link_create', target: { type: 'premarket_requirement', id: req.id }, summary: { ref: req.ref, evidenceId: ev.id, itemId: input.itemId ?? null } });
    return { id: row.id, requirementId: row.requirement_id, evidenceId: row.evidence_id, itemId: row.item_id, note: row.note, createdBy: row.created_by, createdAt: row.created_at };
  });
}

export async function deleteLink(db: Db, ctx: OrgContext, linkId: string): Promise<void> {
  authorize(ctx, 'premarket.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('premarket_trace_links').select(['id', 'requirement_id', 'evidence_id', 'item_id']).where('id', '=', linkId).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!row) throw notFound('link');
    await tx.deleteFrom('premarket_trace_links').where('id', '=', linkId).execute();
    await recordAudit(tx, ctx, { action: 'premarket.link_delete', target: { type: 'premarket_requirement', id: row.requirement_id }, summary: { evidenceId: row.evidence_id, itemId: row.item_id } });
  });
}

// ---- the matrix

/** The release's current SBOM and the state of its vulnerability assessment. */
export async function systemEvidence(db: Executor, orgId: string, releaseId: string): Promise<SystemEvidence> {
  const sbom = await db.selectFrom('sboms').select(['id', 'revision', 'component_count']).where('org_id', '=', orgId).where('release_id', '=', releaseId).where('is_current', '=', true).executeTakeFirst();
  if (!sbom) return { sbom: null, findings: null };
  const f = await db
    .selectFrom('findings')
    .select([(eb) => eb.fn.countAll<number>().as('open'), sql<number>`count(*) filter (where analysis_state is null or analysis_state = 'in_triage')`.as('unanalysed')])
    .where('org_id', '=', orgId)
    .where('release_id', '=', releaseId)
    .where('status', '=', 'affected')
    .executeTakeFirstOrThrow();
  return { sbom: { id: sbom.id, revision: sbom.revision, componentCount: sbom.component_count }, findings: { open: Number(f.open), unanalysed: Number(f.unanalysed) } };
}

export async function releaseMatrix(db: Db, ctx: OrgContext, releaseId: string): Promise<{ release: { id: string; version: string; productId: string; productName: string }; matrix: TraceMatrix }> {
  authorize(ctx, 'premarket.read');
  const release = await loadReleaseRow(db, ctx.orgId, releaseId);
  const matrix = await computeMatrix(db, ctx.orgId, release.product_id, releaseId);
  return { release: { id: release.id, version: release.version, productId: release.product_id, productName: release.product_name }, matrix };
}

export async function computeMatrix(db: Executor, orgId: string, productId: string, releaseId: string): Promise<TraceMatrix> {
  const reqs = await db.selectFrom('premarket_requirements').selectAll().where('org_id', '=', orgId).where('product_id', '=', productId).orderBy('ref').execute();
  const files = await db.selectFrom('premarket_evidence').select(['id', 'kind', 'file_name']).where('org_id', '=', orgId).where('release_id', '=', releaseId).orderBy('imported_at').orderBy('id').execute();
  const items = files.length === 0 ? [] : await db.selectFrom('premarket_evidence_items').select(['id', 'evidence_id', 'name', 'outcome', 'detail', 'requirement_refs']).where('evidence_id', 'in', files.map((f) => f.id)).orderBy('evidence_id').orderBy('ord').execute();
  const links = reqs.length === 0 ? [] : await db.selectFrom('premarket_trace_links').select(['id', 'requirement_id', 'evidence_id', 'item_id']).where('org_id', '=', orgId).where('requirement_id', 'in', reqs.map((r) => r.id)).execute();
  const model = await effectiveThreatModel(db, orgId, productId, releaseId);
  const fileById = new Map(files.map((f) => [f.id, f]));
  const outcomesByFile = new Map<string, Outcome[]>();
  for (const i of items) outcomesByFile.set(i.evidence_id, [...(outcomesByFile.get(i.evidence_id) ?? []), i.outcome]);
  return buildMatrix({
    requirements: reqs.map((r) => ({ id: r.id, ref: r.ref, title: r.title, category: r.category, source: r.source, design: r.design, verificationMethod: r.verification_method, autoEvidence: r.auto_evidence, applicable: r.applicable, naJustification: r.na_justification })),
    files: files.map((f) => ({ id: f.id, kind: f.kind, fileName: f.file_name, outcome: fileOutcome(outcomesByFile.get(f.id) ?? []) })),
    items: items.map((i) => ({ id: i.id, evidenceId: i.evidence_id, kind: fileById.get(i.evidence_id)!.kind, fileName: fileById.get(i.evidence_id)!.file_name, name: i.name, outcome: i.outcome, detail: i.detail, refs: i.requirement_refs })),
    // Links to evidence of another release of the product do not count for this release.
    links: links.filter((l) => fileById.has(l.evidence_id)).map((l) => ({ id: l.id, requirementId: l.requirement_id, evidenceId: l.evidence_id, itemId: l.item_id })),
    mitigations: (model?.document.mitigations ?? []).map((m) => ({ id: m.id, title: m.title, requirement: m.requirement ?? null })),
    system: await systemEvidence(db, orgId, releaseId),
  });
}
