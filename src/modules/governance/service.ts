import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import type { ControlOwner, OrgKind } from '../../platform/db/schema.js';
import { Problem, badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { DEFAULT_TARGET_LEVEL, gapsOf, scoreMaturity, type MaturityScores, type ScoredControl } from './assessment.js';
import { appliesByDefault, controlHash, type CatalogArea } from './catalog.js';
import { computeMetrics, METRIC_CONTROLS, type Metrics } from './metrics.js';

/** Maturity self-assessment: the organization's controls, assessments per cycle, evidence, gaps and action items. */

export const MAX_EVIDENCE_BYTES = 2 * 1024 * 1024;
export const RECORD_TYPES = {
  product: 'products',
  release: 'releases',
  sbom: 'sboms',
  finding: 'findings',
  risk_item: 'risk_items',
  cvd_case: 'cvd_cases',
  advisory: 'csaf_advisories',
} as const;
export type RecordType = keyof typeof RECORD_TYPES;

export interface OrgControl {
  readonly code: string;
  readonly area: string;
  readonly title: string;
  readonly description: string;
  readonly owner: ControlOwner;
  readonly evidence: string;
  readonly source: string;
  readonly custom: boolean;
  readonly applicable: boolean;
  readonly applicabilityDefault: boolean;
  readonly applicabilityJustification: string | null;
  readonly contentHash: string;
  readonly assessment: {
    readonly level: number | null;
    readonly notApplicable: boolean;
    readonly rationale: string;
    readonly needsReassessment: boolean;
    readonly assessedBy: string;
    readonly assessedAt: Date;
  } | null;
  readonly evidenceItems: EvidenceView[];
  readonly metrics: string[];
}

export interface EvidenceView {
  readonly id: string;
  readonly kind: 'url' | 'document' | 'record';
  readonly label: string;
  readonly url: string | null;
  readonly recordType: string | null;
  readonly recordId: string | null;
  readonly fileName: string | null;
  readonly mediaType: string | null;
  readonly size: number | null;
  readonly sha256: string | null;
  readonly addedBy: string;
  readonly addedAt: Date;
}

export interface MaturityState {
  readonly catalog: { readonly version: string; readonly title: string };
  readonly areas: CatalogArea[];
  readonly orgKind: OrgKind;
  readonly cycle: { readonly id: string; readonly name: string; readonly openedAt: Date } | null;
  readonly controls: OrgControl[];
  readonly scores: MaturityScores;
  readonly metrics: Metrics;
  readonly targetLevel: number;
  /** Applicable controls below the target level (or not assessed, or waiting for re-assessment): the candidates for action items. */
  readonly gaps: { readonly code: string; readonly level: number | null }[];
}

export async function currentCatalog(db: Executor) {
  const version = await db.selectFrom('jsp_catalog_versions').selectAll().where('is_current', '=', true).executeTakeFirst();
  if (!version) throw new Problem(503, 'no-catalog', 'No JSP catalog is loaded; run the migrations.');
  const controls = await db.selectFrom('jsp_controls').selectAll().where('catalog_version', '=', version.version).orderBy('ord').execute();
  return { version: version.version, title: version.title, source: version.source, areas: version.areas, controls };
}

async function openCycle(db: Executor, orgId: string) {
  return db.selectFrom('maturity_cycles').select(['id', 'name', 'opened_at', 'catalog_version']).where('org_id', '=', orgId).where('closed_at', 'is', null).executeTakeFirst();
}

/** The open cycle, opened on first use (named after the year). */
async function ensureCycle(tx: Tx, ctx: OrgContext, now = new Date()): Promise<string> {
  const open = await openCycle(tx, ctx.orgId);
  if (open) return open.id;
  const catalog = await currentCatalog(tx);
  const row = await tx.insertInto('maturity_cycles').values({ org_id: ctx.orgId, name: `${now.getUTCFullYear()} assessment`, catalog_version: catalog.version }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const presentEvidence = (e: { id: string; kind: 'url' | 'document' | 'record'; label: string; url: string | null; record_type: string | null; record_id: string | null; file_name: string | null; media_type: string | null; size: number | null; sha256: string | null; added_by: string; added_at: Date }): EvidenceView => ({
  id: e.id, kind: e.kind, label: e.label, url: e.url, recordType: e.record_type, recordId: e.record_id, fileName: e.file_name, mediaType: e.media_type, size: e.size, sha256: e.sha256, addedBy: e.added_by, addedAt: e.added_at,
});

/** Everything the maturity screen, the export and the report read, without writing. */
export async function loadMaturity(db: Executor, orgId: string, now = new Date()): Promise<MaturityState> {
  const catalog = await currentCatalog(db);
  const org = await db.selectFrom('organizations').select('kind').where('id', '=', orgId).executeTakeFirstOrThrow();
  const [custom, overrides, cycle, evidence] = await Promise.all([
    db.selectFrom('org_controls').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('code').execute(),
    db.selectFrom('control_applicability').selectAll().where('org_id', '=', orgId).execute(),
    openCycle(db, orgId),
    db.selectFrom('maturity_evidence').select(['id', 'code', 'kind', 'label', 'url', 'record_type', 'record_id', 'file_name', 'media_type', 'size', 'sha256', 'added_by', 'added_at']).where('org_id', '=', orgId).orderBy('added_at').orderBy('id').execute(),
  ]);
  const assessments = cycle ? await db.selectFrom('maturity_assessments').selectAll().where('cycle_id', '=', cycle.id).execute() : [];
  const byCode = new Map(assessments.map((a) => [a.code, a]));
  const override = new Map(overrides.map((o) => [o.code, o]));
  const metricsFor = (code: string) => Object.entries(METRIC_CONTROLS).filter(([, codes]) => codes.includes(code)).map(([k]) => k);
  const base = [
    ...catalog.controls.map((c) => ({ code: c.code, area: c.area, title: c.title, description: c.description, owner: c.owner, evidence: c.evidence, source: c.source, custom: false, contentHash: c.content_hash })),
    ...custom.map((c) => ({ code: c.code, area: c.area, title: c.title, description: c.description, owner: c.owner, evidence: c.evidence, source: 'organization', custom: true, contentHash: controlHash(c) })),
  ];
  const controls: OrgControl[] = base.map((c) => {
    const byDefault = c.custom ? true : appliesByDefault(c.owner, org.kind);
    const o = override.get(c.code);
    const a = byCode.get(c.code);
    return {
      ...c,
      applicable: o ? o.applicable : byDefault,
      applicabilityDefault: byDefault,
      applicabilityJustification: o?.justification ?? null,
      assessment: a ? { level: a.level, notApplicable: a.not_applicable, rationale: a.rationale, needsReassessment: a.needs_reassessment, assessedBy: a.assessed_by, assessedAt: a.assessed_at } : null,
      evidenceItems: evidence.filter((e) => e.code === c.code).map(presentEvidence),
      metrics: metricsFor(c.code),
    };
  });
  const scores = scoreMaturity(catalog.areas.map((a) => a.code), controls.map(toScored));
  return {
    catalog: { version: catalog.version, title: catalog.title },
    areas: catalog.areas,
    orgKind: org.kind,
    cycle: cycle ? { id: cycle.id, name: cycle.name, openedAt: cycle.opened_at } : null,
    controls,
    scores,
    metrics: await computeMetrics(db, orgId, now),
    targetLevel: DEFAULT_TARGET_LEVEL,
    gaps: gapsOf(controls.map(toScored), DEFAULT_TARGET_LEVEL).map((g) => ({ code: g.code, level: g.needsReassessment ? null : g.level })),
  };
}

export const toScored = (c: OrgControl): ScoredControl => ({
  code: c.code, area: c.area, applicable: c.applicable, level: c.assessment?.level ?? null, notApplicable: c.assessment?.notApplicable ?? false, needsReassessment: c.assessment?.needsReassessment ?? false,
});

export async function getMaturity(db: Db, ctx: OrgContext): Promise<MaturityState> {
  authorize(ctx, 'governance.read');
  return loadMaturity(db, ctx.orgId);
}

async function controlOf(tx: Executor, orgId: string, code: string): Promise<{ code: string; area: string; owner: ControlOwner; contentHash: string; custom: boolean }> {
  const catalog = await currentCatalog(tx);
  const c = catalog.controls.find((x) => x.code === code);
  if (c) return { code, area: c.area, owner: c.owner, contentHash: c.content_hash, custom: false };
  const own = await tx.selectFrom('org_controls').selectAll().where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
  if (!own) throw notFound('control');
  return { code, area: own.area, owner: own.owner, contentHash: controlHash(own), custom: true };
}

export interface AssessmentInput {
  readonly code: string;
  readonly level: number | null;
  readonly rationale?: string | undefined;
}

/** Sets a control's level (or N/A: level null with a justification) in the open cycle. */
export async function assessControl(db: Db, ctx: OrgContext, input: AssessmentInput) {
  authorize(ctx, 'governance.write');
  const rationale = input.rationale?.trim() ?? '';
  if (input.level === null && rationale.length < 10) throw badRequest('N/A needs a justification of at least 10 characters.', [{ pointer: '/body/rationale', message: 'justify N/A (at least 10 characters)' }]);
  await db.transaction().execute(async (tx) => {
    const control = await controlOf(tx, ctx.orgId, input.code);
    const cycleId = await ensureCycle(tx, ctx);
    const before = await tx.selectFrom('maturity_assessments').select(['level', 'not_applicable', 'rationale']).where('cycle_id', '=', cycleId).where('code', '=', input.code).executeTakeFirst();
    const values = { level: input.level, not_applicable: input.level === null, rationale, content_hash: control.contentHash, needs_reassessment: false, assessed_by: ctx.actor.label, assessed_at: sql<Date>`date_trunc('milliseconds', now())` };
    await tx.insertInto('maturity_assessments').values({ org_id: ctx.orgId, cycle_id: cycleId, code: input.code, ...values }).onConflict((oc) => oc.columns(['cycle_id', 'code']).doUpdateSet(values)).execute();
    await recordAudit(tx, ctx, {
      action: 'maturity.assess',
      target: { type: 'control', id: null },
      summary: { code: input.code, cycleId, before: before ? { level: before.level, notApplicable: before.not_applicable } : null, after: { level: input.level, notApplicable: input.level === null } },
    });
  });
  return loadMaturity(db, ctx.orgId);
}

/**
 * Overrides whether a control applies. Setting a catalog control back to its default by
 * organization kind (without a justification) removes the override, so a later change of the
 * organization's kind moves it with the defaults again.
 */
export async function setApplicability(db: Db, ctx: OrgContext, input: { code: string; applicable: boolean; justification?: string | undefined }) {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const control = await controlOf(tx, ctx.orgId, input.code);
    const org = await tx.selectFrom('organizations').select('kind').where('id', '=', ctx.orgId).executeTakeFirstOrThrow();
    const byDefault = control.custom ? true : appliesByDefault(control.owner, org.kind);
    const reset = input.applicable === byDefault && !input.justification;
    if (reset) {
      await tx.deleteFrom('control_applicability').where('org_id', '=', ctx.orgId).where('code', '=', input.code).execute();
    } else {
      const values = { applicable: input.applicable, justification: input.justification ?? null, updated_by: ctx.actor.label, updated_at: new Date() };
      await tx.insertInto('control_applicability').values({ org_id: ctx.orgId, code: input.code, ...values }).onConflict((oc) => oc.columns(['org_id', 'code']).doUpdateSet(values)).execute();
    }
    await recordAudit(tx, ctx, { action: 'maturity.applicability', target: { type: 'control', id: null }, summary: { code: input.code, applicable: input.applicable, justification: input.justification ?? null, default: byDefault, override: !reset } });
  });
}

export interface OwnControlInput {
  readonly code: string;
  readonly area: string;
  readonly title: string;
  readonly description?: string | undefined;
  readonly owner: ControlOwner;
  readonly evidence?: string | undefined;
}

export async function addOwnControl(db: Db, ctx: OrgContext, input: OwnControlInput): Promise<void> {
  authorize(ctx, 'governance.write');
  if (input.code.startsWith('JSP-')) throw badRequest('Codes starting with JSP- are the catalog’s.', [{ pointer: '/body/code', message: 'reserved prefix JSP-' }]);
  await db.transaction().execute(async (tx) => {
    await checkArea(tx, input.area);
    const catalog = await currentCatalog(tx);
    const exists = await tx.selectFrom('org_controls').select('code').where('org_id', '=', ctx.orgId).where('code', '=', input.code).executeTakeFirst();
    if (exists || catalog.controls.some((c) => c.code === input.code)) throw conflict(`A control ${input.code} exists already.`);
    await tx.insertInto('org_controls').values({ org_id: ctx.orgId, code: input.code, area: input.area, title: input.title, description: input.description ?? '', owner: input.owner, evidence: input.evidence ?? '', created_by: ctx.actor.label }).execute();
    await recordAudit(tx, ctx, { action: 'maturity.control_add', target: { type: 'control', id: null }, summary: { ...input } });
  });
}

async function checkArea(tx: Executor, area: string): Promise<void> {
  const catalog = await currentCatalog(tx);
  if (!catalog.areas.some((a) => a.code === area)) throw badRequest(`No JSP area ${area}.`, [{ pointer: '/body/area', message: `one of ${catalog.areas.map((a) => a.code).join(', ')}` }]);
}

export type OwnControlPatch = Partial<Omit<OwnControlInput, 'code'>>;

/**
 * Edits an own control. Its assessment in the open cycle was made against the old text: when
 * the content (area, title, description, owner, evidence) changes it is marked for
 * re-assessment, as a catalog import does for a changed catalog control.
 */
export async function updateOwnControl(db: Db, ctx: OrgContext, code: string, input: OwnControlPatch): Promise<void> {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('org_controls').selectAll().where('org_id', '=', ctx.orgId).where('code', '=', code).forUpdate().executeTakeFirst();
    if (!before) throw notFound('own control');
    if (input.area !== undefined) await checkArea(tx, input.area);
    const after = {
      area: input.area ?? before.area, title: input.title ?? before.title, description: input.description ?? before.description, owner: input.owner ?? before.owner, evidence: input.evidence ?? before.evidence,
    };
    await tx.updateTable('org_controls').set(after).where('org_id', '=', ctx.orgId).where('code', '=', code).execute();
    const changed = controlHash(after) !== controlHash(before);
    let reassess = 0;
    if (changed) {
      const open = await openCycle(tx, ctx.orgId);
      if (open) {
        const r = await tx.updateTable('maturity_assessments').set({ needs_reassessment: true }).where('cycle_id', '=', open.id).where('code', '=', code).where('content_hash', '!=', controlHash(after)).executeTakeFirst();
        reassess = Number(r.numUpdatedRows);
      }
    }
    await recordAudit(tx, ctx, {
      action: 'maturity.control_update', target: { type: 'control', id: null },
      summary: { code, before: { area: before.area, title: before.title, description: before.description, owner: before.owner, evidence: before.evidence }, after, needsReassessment: reassess > 0 },
    });
  });
}

/**
 * Removes an own control with what hangs on it (its evidence, its action items, its
 * applicability override and its assessment in the open cycle). Closed cycles keep their
 * assessments and stored scores: they are history.
 */
export async function deleteOwnControl(db: Db, ctx: OrgContext, code: string): Promise<void> {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const before = await tx.deleteFrom('org_controls').where('org_id', '=', ctx.orgId).where('code', '=', code).returningAll().executeTakeFirst();
    if (!before) throw notFound('own control');
    const evidence = await tx.deleteFrom('maturity_evidence').where('org_id', '=', ctx.orgId).where('code', '=', code).executeTakeFirst();
    const actions = await tx.deleteFrom('maturity_actions').where('org_id', '=', ctx.orgId).where('code', '=', code).executeTakeFirst();
    await tx.deleteFrom('control_applicability').where('org_id', '=', ctx.orgId).where('code', '=', code).execute();
    const open = await openCycle(tx, ctx.orgId);
    if (open) await tx.deleteFrom('maturity_assessments').where('cycle_id', '=', open.id).where('code', '=', code).execute();
    await recordAudit(tx, ctx, {
      action: 'maturity.control_delete', target: { type: 'control', id: null },
      summary: { code, before: { area: before.area, title: before.title, owner: before.owner }, evidenceRemoved: Number(evidence.numDeletedRows), actionsRemoved: Number(actions.numDeletedRows) },
    });
  });
}

export type EvidenceInput =
  | { readonly kind: 'url'; readonly code: string; readonly label: string; readonly url: string }
  | { readonly kind: 'record'; readonly code: string; readonly label: string; readonly recordType: RecordType; readonly recordId: string }
  | { readonly kind: 'document'; readonly code: string; readonly label: string; readonly fileName: string; readonly mediaType: string; readonly contentBase64: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function addEvidence(db: Db, ctx: OrgContext, input: EvidenceInput): Promise<EvidenceView> {
  authorize(ctx, 'governance.write');
  let document: { content: Buffer; sha256: string } | null = null;
  if (input.kind === 'document') {
    const clean = input.contentBase64.replace(/\s+/g, '');
    if (clean.length % 4 !== 0 || !BASE64.test(clean)) throw badRequest('The document is not valid base64.', [{ pointer: '/body/contentBase64', message: 'not base64' }]);
    const content = Buffer.from(clean, 'base64');
    if (content.length > MAX_EVIDENCE_BYTES) throw new Problem(413, 'evidence-too-large', `The document is ${content.length} bytes; the limit is ${MAX_EVIDENCE_BYTES} bytes (2 MiB).`, { errors: [{ pointer: '/body/contentBase64', message: 'larger than 2 MiB' }] });
    if (content.length === 0) throw badRequest('The document is empty.', [{ pointer: '/body/contentBase64', message: 'empty' }]);
    document = { content, sha256: createHash('sha256').update(content).digest('hex') };
  }
  const row = await db.transaction().execute(async (tx) => {
    await controlOf(tx, ctx.orgId, input.code);
    if (input.kind === 'record') {
      // Another organization's record is not found, exactly like a missing one.
      const table = RECORD_TYPES[input.recordType];
      const found = await sql<{ id: string }>`select id from ${sql.table(table)} where id = ${input.recordId}::uuid and org_id = ${ctx.orgId}::uuid`.execute(tx);
      if (found.rows.length === 0) throw notFound(input.recordType.replace('_', ' '));
    }
    const inserted = await tx
      .insertInto('maturity_evidence')
      .values({
        org_id: ctx.orgId, code: input.code, kind: input.kind, label: input.label, added_by: ctx.actor.label,
        url: input.kind === 'url' ? input.url : null,
        record_type: input.kind === 'record' ? input.recordType : null,
        record_id: input.kind === 'record' ? input.recordId : null,
        file_name: input.kind === 'document' ? input.fileName : null,
        media_type: input.kind === 'document' ? input.mediaType : null,
        size: document ? document.content.length : null,
        sha256: document?.sha256 ?? null,
        content: document?.content ?? null,
      })
      .returning(['id', 'kind', 'label', 'url', 'record_type', 'record_id', 'file_name', 'media_type', 'size', 'sha256', 'added_by', 'added_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'maturity.evidence_add', target: { type: 'maturity_evidence', id: inserted.id }, summary: { code: input.code, kind: input.kind, label: input.label, ...(document ? { sha256: document.sha256, size: document.content.length } : {}) } });
    return inserted;
  });
  return presentEvidence(row);
}

export async function evidenceDocument(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'governance.read');
  const row = await db.selectFrom('maturity_evidence').select(['file_name', 'media_type', 'content', 'kind']).where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row || row.kind !== 'document' || !row.content) throw notFound('evidence document');
  return { fileName: row.file_name ?? 'evidence', mediaType: row.media_type ?? 'application/octet-stream', content: row.content };
}

export async function deleteEvidence(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('maturity_evidence').where('id', '=', id).where('org_id', '=', ctx.orgId).returning(['code', 'kind', 'label']).executeTakeFirst();
    if (!row) throw notFound('evidence');
    await recordAudit(tx, ctx, { action: 'maturity.evidence_delete', target: { type: 'maturity_evidence', id }, summary: { ...row } });
  });
}

export interface CycleView {
  readonly id: string;
  readonly name: string;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly overall: number | null;
  readonly areas: { area: string; score: number | null }[];
}

interface Snapshot {
  readonly scores: MaturityScores;
  readonly metrics: Metrics;
  readonly catalogVersion: string;
}

/** Closed cycles (their stored snapshots) then the open one (live): the trend. */
export async function listCycles(db: Db, ctx: OrgContext): Promise<CycleView[]> {
  authorize(ctx, 'governance.read');
  const rows = await db.selectFrom('maturity_cycles').selectAll().where('org_id', '=', ctx.orgId).orderBy('opened_at').orderBy('id').execute();
  const live = rows.some((r) => r.closed_at === null) ? await loadMaturity(db, ctx.orgId) : null;
  return rows.map((r) => {
    const scores = r.closed_at ? (r.snapshot as Snapshot).scores : live!.scores;
    return { id: r.id, name: r.name, openedAt: r.opened_at, closedAt: r.closed_at, overall: scores.overall, areas: scores.areas.map((a) => ({ area: a.area, score: a.score })) };
  });
}

/**
 * Closes the open cycle: its scores and metrics are stored as they stand, and the next cycle
 * opens with every assessment carried forward, so the next round edits rather than restarts.
 */
export async function closeCycle(db: Db, ctx: OrgContext, nextName: string, now = new Date()) {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const open = await tx.selectFrom('maturity_cycles').selectAll().where('org_id', '=', ctx.orgId).where('closed_at', 'is', null).forUpdate().executeTakeFirst();
    if (!open) throw conflict('Nothing is assessed yet: there is no open cycle to close.');
    const state = await loadMaturity(tx, ctx.orgId, now);
    const snapshot: Snapshot = { scores: state.scores, metrics: state.metrics, catalogVersion: state.catalog.version };
    await tx.updateTable('maturity_cycles').set({ closed_at: now, closed_by: ctx.actor.label, snapshot: JSON.stringify(snapshot) }).where('id', '=', open.id).execute();
    const next = await tx.insertInto('maturity_cycles').values({ org_id: ctx.orgId, name: nextName, catalog_version: state.catalog.version, opened_at: new Date(now.getTime() + 1) }).returning('id').executeTakeFirstOrThrow();
    await sql`insert into maturity_assessments (org_id, cycle_id, code, level, not_applicable, rationale, content_hash, needs_reassessment, assessed_by, assessed_at)
      select org_id, ${next.id}::uuid, code, level, not_applicable, rationale, content_hash, needs_reassessment, assessed_by, assessed_at from maturity_assessments where cycle_id = ${open.id}::uuid`.execute(tx);
    await recordAudit(tx, ctx, { action: 'maturity.cycle_close', target: { type: 'maturity_cycle', id: open.id }, summary: { name: open.name, overall: state.scores.overall, next: { id: next.id, name: nextName } } });
  });
  return listCycles(db, ctx);
}

// ---- gaps and action items

const presentAction = (a: { id: string; code: string; title: string; owner_id: string | null; owner_name: string | null; member_name?: string | null; due_on: string; status: 'open' | 'done'; target_level: number | null; created_at: Date }, today: string) => ({
  id: a.id, code: a.code, title: a.title, ownerId: a.owner_id, owner: a.member_name ?? a.owner_name ?? null, dueOn: a.due_on, status: a.status, targetLevel: a.target_level, overdue: a.status === 'open' && a.due_on < today, createdAt: a.created_at,
});

export async function listActions(db: Executor, orgId: string, today = new Date().toISOString().slice(0, 10)) {
  const rows = await db
    .selectFrom('maturity_actions as a')
    .leftJoin('users as u', 'u.id', 'a.owner_id')
    .selectAll('a')
    .select('u.name as member_name')
    .where('a.org_id', '=', orgId)
    .orderBy('a.status')
    .orderBy('a.due_on')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => presentAction(r, today));
}

export async function getActions(db: Db, ctx: OrgContext) {
  authorize(ctx, 'governance.read');
  return listActions(db, ctx.orgId);
}

export async function assertMember(tx: Executor, orgId: string, userId: string | null | undefined, pointer: string): Promise<void> {
  if (!userId) return;
  const m = await tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  if (!m) throw badRequest('The person must be a member of the organization (or give a name instead).', [{ pointer, message: 'not a member of this organization' }]);
}

export interface ActionInput {
  readonly code: string;
  readonly title: string;
  readonly ownerId?: string | null | undefined;
  readonly ownerName?: string | null | undefined;
  readonly dueOn: string;
  readonly targetLevel?: number | undefined;
}

export async function createAction(db: Db, ctx: OrgContext, input: ActionInput) {
  authorize(ctx, 'governance.write');
  const id = await db.transaction().execute(async (tx) => {
    await controlOf(tx, ctx.orgId, input.code);
    await assertMember(tx, ctx.orgId, input.ownerId, '/body/ownerId');
    const row = await tx.insertInto('maturity_actions').values({ org_id: ctx.orgId, code: input.code, title: input.title, owner_id: input.ownerId ?? null, owner_name: input.ownerId ? null : input.ownerName ?? null, due_on: input.dueOn, target_level: input.targetLevel ?? null, created_by: ctx.actor.label }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'maturity.action_create', target: { type: 'maturity_action', id: row.id }, summary: { ...input } });
    return row.id;
  });
  return (await listActions(db, ctx.orgId)).find((a) => a.id === id)!;
}

/** One action per gap that has no open action yet, all with the same owner and due date. */
export async function actionsFromGaps(db: Db, ctx: OrgContext, input: { dueOn: string; ownerId?: string | null | undefined; ownerName?: string | null | undefined }) {
  authorize(ctx, 'governance.write');
  const created = await db.transaction().execute(async (tx) => {
    await assertMember(tx, ctx.orgId, input.ownerId, '/body/ownerId');
    const state = await loadMaturity(tx, ctx.orgId);
    const open = new Set((await tx.selectFrom('maturity_actions').select('code').where('org_id', '=', ctx.orgId).where('status', '=', 'open').execute()).map((a) => a.code));
    const gaps = gapsOf(state.controls.map(toScored), state.targetLevel).filter((g) => !open.has(g.code));
    const titles = new Map(state.controls.map((c) => [c.code, c.title]));
    if (gaps.length > 0) {
      await tx
        .insertInto('maturity_actions')
        .values(gaps.map((g) => ({
          org_id: ctx.orgId, code: g.code, title: `Raise ${g.code} to level ${state.targetLevel}: ${titles.get(g.code)!.slice(0, 400)}`, owner_id: input.ownerId ?? null, owner_name: input.ownerId ? null : input.ownerName ?? null, due_on: input.dueOn, target_level: state.targetLevel, created_by: ctx.actor.label,
        })))
        .execute();
    }
    await recordAudit(tx, ctx, { action: 'maturity.actions_from_gaps', target: { type: 'organization', id: ctx.orgId }, summary: { codes: gaps.map((g) => g.code), dueOn: input.dueOn } });
    return gaps.length;
  });
  return { created, actions: await listActions(db, ctx.orgId) };
}

/** The owner is a member or a name: naming one replaces the other; null for both clears it; neither given leaves it. */
function ownerChange(input: { ownerId?: string | null | undefined; ownerName?: string | null | undefined }): { owner_id?: string | null; owner_name?: string | null } {
  if (input.ownerId) return { owner_id: input.ownerId, owner_name: null };
  if (input.ownerName) return { owner_id: null, owner_name: input.ownerName };
  if (input.ownerId === null || input.ownerName === null) return { owner_id: null, owner_name: null };
  return {};
}

export async function updateAction(db: Db, ctx: OrgContext, id: string, input: { status?: 'open' | 'done' | undefined; dueOn?: string | undefined; ownerId?: string | null | undefined; ownerName?: string | null | undefined; title?: string | undefined }) {
  authorize(ctx, 'governance.write');
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('maturity_actions').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('action item');
    if (input.ownerId !== undefined) await assertMember(tx, ctx.orgId, input.ownerId, '/body/ownerId');
    await tx
      .updateTable('maturity_actions')
      .set({
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
        ...ownerChange(input),
        ...(input.title !== undefined ? { title: input.title } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, { action: 'maturity.action_update', target: { type: 'maturity_action', id }, summary: { before: { status: before.status, dueOn: before.due_on, ownerId: before.owner_id, ownerName: before.owner_name }, after: input } });
  });
  return (await listActions(db, ctx.orgId)).find((a) => a.id === id)!;
}
