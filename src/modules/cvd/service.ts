import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Actor, OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import type { CvdCredit, CvdEventKind, CvdLinkKind, CvdState } from '../../platform/db/schema.js';
import { Problem, conflict, notFound } from '../../platform/http/problem.js';
import { STATE_COLUMN, acknowledgeDueAt, allowedTransitions, caseClocks, disclosureTarget, needsReason } from './lifecycle.js';

/** CVD cases: create (intake or staff), read, list, edit, transition, link; every change audited and on the case timeline. */

export interface CaseFilter {
  readonly state?: CvdState | undefined;
  readonly open?: boolean | undefined;
  readonly productId?: string | undefined;
  readonly q?: string | undefined;
}

function caseBase(db: Executor, orgId: string) {
  return db
    .selectFrom('cvd_cases as c')
    .innerJoin('organizations as o', 'o.id', 'c.org_id')
    .selectAll('c')
    .select('o.time_zone')
    .select(sql<number>`(select count(*)::int from cvd_attachments a where a.case_id = c.id)`.as('attachment_count'))
    .where('c.org_id', '=', orgId);
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof caseBase>['executeTakeFirstOrThrow']>>;

export function presentCase(r: CaseRow, now = new Date()) {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    productHint: r.product_hint,
    state: r.state,
    source: r.source,
    encrypted: r.encrypted_message !== null,
    reporter: { name: r.reporter_name, email: r.reporter_email, credit: r.credit },
    cveRequested: r.cve_requested,
    cveIds: r.cve_ids,
    embargoDate: r.embargo_date,
    internalNotes: r.internal_notes,
    receivedAt: r.received_at,
    acknowledgedAt: r.acknowledged_at,
    triagedAt: r.triaged_at,
    remediationAt: r.remediation_at,
    disclosedAt: r.disclosed_at,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
    disclosureTarget: r.disclosure_target,
    lastReporterUpdateAt: r.last_reporter_update_at,
    allowedTransitions: allowedTransitions(r.state),
    clocks: caseClocks(
      {
        state: r.state, receivedAt: r.received_at, acknowledgedAt: r.acknowledged_at, acknowledgeDueAt: r.acknowledge_due_at,
        lastReporterUpdateAt: r.last_reporter_update_at, disclosureTarget: r.disclosure_target, disclosedAt: r.disclosed_at, timeZone: r.time_zone,
      },
      now,
    ),
    attachmentCount: r.attachment_count,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type CvdCase = ReturnType<typeof presentCase>;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** One page of cases, newest report first; `after` is the [receivedAt, id] of the previous page's last case. */
export async function listCases(db: Db, ctx: OrgContext, filter: CaseFilter, limit: number, after?: readonly [string, string]): Promise<CvdCase[]> {
  authorize(ctx, 'cvd.read');
  let q = caseBase(db, ctx.orgId);
  if (filter.state) q = q.where('c.state', '=', filter.state);
  if (filter.open !== undefined) q = q.where('c.state', filter.open ? '!=' : '=', 'closed');
  if (filter.productId) {
    const productId = filter.productId;
    q = q.where((eb) => eb.exists(eb.selectFrom('cvd_case_links as l').select('l.case_id').whereRef('l.case_id', '=', 'c.id').where('l.kind', '=', 'product').where('l.target_id', '=', productId)));
  }
  if (filter.q) {
    const pattern = likePattern(filter.q);
    q = q.where((eb) => eb.or([eb('c.title', 'ilike', pattern), eb('c.description', 'ilike', pattern), eb('c.reporter_name', 'ilike', pattern), sql<boolean>`exists (select 1 from unnest(c.cve_ids) as cve(id) where cve.id ilike ${pattern})`]));
  }
  if (after) q = q.where(sql<boolean>`(c.received_at, c.id) < (${new Date(after[0])}, ${after[1]}::uuid)`);
  const rows = await q.orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
  const now = new Date();
  return rows.map((r) => presentCase(r, now));
}

export async function loadCase(db: Executor, orgId: string, id: string): Promise<CvdCase> {
  const row = await caseBase(db, orgId).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('CVD case');
  return presentCase(row);
}

/** A case's links with a label each, its timeline, its reporter messages and attachment list. */
export async function getCaseDetail(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'cvd.read');
  const item = await loadCase(db, ctx.orgId, id);
  const links = await sql<{ kind: CvdLinkKind; id: string; label: string }>`
    select l.kind, l.target_id::text as id,
      coalesce(p.name, pr.name || ' ' || r.version, f.vuln_id || ' in ' || f.component_name || coalesce(' ' || f.component_version, '')) as label
    from cvd_case_links l
    left join products p on l.kind = 'product' and p.id = l.target_id and p.org_id = l.org_id
    left join releases r on l.kind = 'release' and r.id = l.target_id and r.org_id = l.org_id
    left join products pr on pr.id = r.product_id
    left join findings f on l.kind = 'finding' and f.id = l.target_id and f.org_id = l.org_id
    where l.case_id = ${id} and l.org_id = ${ctx.orgId}
    order by l.kind, label`.execute(db);
  const events = await db.selectFrom('cvd_case_events').select(['at', 'actor', 'kind', 'detail']).where('case_id', '=', id).where('org_id', '=', ctx.orgId).orderBy('at').orderBy('id').execute();
  const messages = await db
    .selectFrom('cvd_messages')
    .select(['id', 'kind', 'recipient', 'subject', 'body', 'ok', 'error', 'sent_by as sentBy', 'sent_at as sentAt'])
    .where('case_id', '=', id)
    .where('org_id', '=', ctx.orgId)
    .orderBy('sent_at')
    .execute();
  const attachments = await db.selectFrom('cvd_attachments').select(['id', 'file_name as fileName', 'media_type as mediaType', 'size', 'sha256']).where('case_id', '=', id).where('org_id', '=', ctx.orgId).orderBy('file_name').execute();
  return { item, links: links.rows, events, messages, attachments };
}

export async function recordCaseEvent(tx: Tx, orgId: string, caseId: string, actor: string, kind: CvdEventKind, detail: Record<string, unknown>): Promise<void> {
  await tx.insertInto('cvd_case_events').values({ case_id: caseId, org_id: orgId, actor, kind, detail: JSON.stringify(detail) }).execute();
}

export interface NewCase {
  readonly title: string;
  readonly description: string;
  readonly productHint?: string | null | undefined;
  readonly source: 'form' | 'encrypted' | 'staff';
  readonly encryptedMessage?: string | null | undefined;
  readonly reporterName?: string | null | undefined;
  readonly reporterEmail?: string | null | undefined;
  readonly credit?: CvdCredit | undefined;
  readonly cveRequested?: boolean | undefined;
  readonly attachments?: readonly { fileName: string; mediaType: string; content: Buffer; sha256: string }[] | undefined;
}

/** Inserts a case in `received` with its clocks from the organization's time zone, inside the caller's transaction. */
export async function insertCase(tx: Tx, orgId: string, actor: Actor, requestId: string | null, input: NewCase, now = new Date()): Promise<string> {
  const org = await tx.selectFrom('organizations').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow();
  const row = await tx
    .insertInto('cvd_cases')
    .values({
      org_id: orgId,
      title: input.title,
      description: input.description,
      product_hint: input.productHint ?? null,
      source: input.source,
      encrypted_message: input.encryptedMessage ?? null,
      reporter_name: input.reporterName ?? null,
      reporter_email: input.reporterEmail ?? null,
      credit: input.credit ?? (input.reporterName ? 'named' : 'anonymous'),
      cve_requested: input.cveRequested ?? false,
      received_at: now,
      acknowledge_due_at: acknowledgeDueAt(now, org.time_zone),
      disclosure_target: disclosureTarget(now, org.time_zone, null),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const a of input.attachments ?? []) {
    await tx.insertInto('cvd_attachments').values({ case_id: row.id, org_id: orgId, file_name: a.fileName, media_type: a.mediaType, size: a.content.length, sha256: a.sha256, content: a.content }).execute();
  }
  await recordCaseEvent(tx, orgId, row.id, actor.label, 'received', { source: input.source, attachments: (input.attachments ?? []).map((a) => a.fileName) });
  await recordAudit(tx, { actor, orgId, requestId }, { action: 'cvd.case.received', target: { type: 'cvd_case', id: row.id }, summary: { source: input.source, attachments: input.attachments?.length ?? 0 } });
  return row.id;
}

/** A case a team member enters by hand (a report that came by phone or another channel). */
export async function createCase(db: Db, ctx: OrgContext, input: Omit<NewCase, 'source' | 'encryptedMessage' | 'attachments'>): Promise<CvdCase> {
  authorize(ctx, 'cvd.write');
  return db.transaction().execute(async (tx) => loadCase(tx, ctx.orgId, await insertCase(tx, ctx.orgId, ctx.actor, ctx.requestId, { ...input, source: 'staff' })));
}

export interface CasePatch {
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly reporterName?: string | null | undefined;
  readonly reporterEmail?: string | null | undefined;
  readonly credit?: CvdCredit | undefined;
  readonly cveRequested?: boolean | undefined;
  readonly cveIds?: readonly string[] | undefined;
  readonly embargoDate?: string | null | undefined;
  readonly internalNotes?: string | null | undefined;
}

const PATCH_COLUMNS = {
  title: 'title', description: 'description', reporterName: 'reporter_name', reporterEmail: 'reporter_email', credit: 'credit',
  cveRequested: 'cve_requested', cveIds: 'cve_ids', embargoDate: 'embargo_date', internalNotes: 'internal_notes',
} as const;

export const caseEtag = (version: number) => `"v${version}"`;

async function lockCase(tx: Tx, orgId: string, id: string, ifMatch: string | undefined) {
  const row = await tx.selectFrom('cvd_cases as c').innerJoin('organizations as o', 'o.id', 'c.org_id').selectAll('c').select('o.time_zone').where('c.id', '=', id).where('c.org_id', '=', orgId).forUpdate('c').executeTakeFirst();
  if (!row) throw notFound('CVD case');
  if (ifMatch !== undefined && ifMatch !== caseEtag(row.version)) throw new Problem(412, 'precondition-failed', 'The case changed since you loaded it; reload and try again.');
  return row;
}

/** Edits fields; an embargo date moves the disclosure target (clearing it restores receipt + 45 days). */
export async function updateCase(db: Db, ctx: OrgContext, id: string, patch: CasePatch, ifMatch?: string): Promise<CvdCase> {
  authorize(ctx, 'cvd.write');
  return db.transaction().execute(async (tx) => {
    const before = await lockCase(tx, ctx.orgId, id, ifMatch);
    const set: Record<string, unknown> = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof CasePatch, (typeof PATCH_COLUMNS)[keyof CasePatch]][]) {
      const value = key === 'cveIds' && patch.cveIds ? [...new Set(patch.cveIds)].sort() : patch[key];
      if (value === undefined || JSON.stringify(value) === JSON.stringify(before[column])) continue;
      set[column] = value;
      // Internal notes are kept out of the timeline's detail in full: only that they changed.
      changes[key] = key === 'internalNotes' ? { from: before[column] ? '…' : null, to: value ? '…' : null } : { from: before[column], to: value };
    }
    if (patch.embargoDate !== undefined) set.disclosure_target = disclosureTarget(before.received_at, before.time_zone, patch.embargoDate);
    if (Object.keys(changes).length === 0) return loadCase(tx, ctx.orgId, id);
    await tx.updateTable('cvd_cases').set({ ...set, version: sql<number>`version + 1`, updated_at: sql<Date>`date_trunc('milliseconds', now())` }).where('id', '=', id).where('org_id', '=', ctx.orgId).execute();
    await recordCaseEvent(tx, ctx.orgId, id, ctx.actor.label, 'edit', { changes });
    await recordAudit(tx, ctx, { action: 'cvd.case.updated', target: { type: 'cvd_case', id }, summary: { fields: Object.keys(changes) } });
    return loadCase(tx, ctx.orgId, id);
  });
}

/** Moves a case along its path; each state records its timestamp and actor (timeline + audit). */
export async function transitionCase(db: Db, ctx: OrgContext, id: string, to: CvdState, reason: string | undefined, ifMatch?: string): Promise<CvdCase> {
  authorize(ctx, 'cvd.write');
  return db.transaction().execute(async (tx) => {
    const before = await lockCase(tx, ctx.orgId, id, ifMatch);
    const allowed = allowedTransitions(before.state);
    if (!allowed.includes(to)) {
      throw conflict(allowed.length ? `A case in ${before.state} can move to ${allowed.join(' or ')}, not ${to}.` : `The case is closed; it cannot move to ${to}.`);
    }
    if (needsReason(before.state, to) && !reason) {
      throw new Problem(400, 'validation', `Closing a case in ${before.state} needs a reason (duplicate, not a vulnerability, out of scope…).`, { errors: [{ pointer: '/body/reason', message: 'required when closing before disclosure' }] });
    }
    if (to === 'received') throw conflict('A case cannot go back to received.');
    const column = STATE_COLUMN[to];
    await tx
      .updateTable('cvd_cases')
      .set({ state: to, [column]: sql<Date>`date_trunc('milliseconds', now())`, ...(to === 'closed' ? { close_reason: reason ?? null } : {}), version: sql<number>`version + 1`, updated_at: sql<Date>`date_trunc('milliseconds', now())` })
      .where('id', '=', id)
      .where('org_id', '=', ctx.orgId)
      .execute();
    await recordCaseEvent(tx, ctx.orgId, id, ctx.actor.label, 'transition', { from: before.state, to, ...(reason ? { reason } : {}) });
    await recordAudit(tx, ctx, { action: 'cvd.case.transitioned', target: { type: 'cvd_case', id }, summary: { from: before.state, to } });
    return loadCase(tx, ctx.orgId, id);
  });
}

const LINK_TABLE = { product: 'products', release: 'releases', finding: 'findings' } as const;

/** Links or unlinks a product, release or finding of the same organization (another org's id is a 404). */
export async function setCaseLink(db: Db, ctx: OrgContext, id: string, kind: CvdLinkKind, targetId: string, linked: boolean): Promise<CvdCase> {
  authorize(ctx, 'cvd.write');
  return db.transaction().execute(async (tx) => {
    await lockCase(tx, ctx.orgId, id, undefined);
    const target = await tx.selectFrom(LINK_TABLE[kind]).select('id').where('id', '=', targetId).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!target) throw notFound(kind);
    const changed = linked
      ? (await tx.insertInto('cvd_case_links').values({ case_id: id, org_id: ctx.orgId, kind, target_id: targetId }).onConflict((oc) => oc.doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows
      : (await tx.deleteFrom('cvd_case_links').where('case_id', '=', id).where('kind', '=', kind).where('target_id', '=', targetId).executeTakeFirst()).numDeletedRows;
    if (Number(changed ?? 0) > 0) {
      await tx.updateTable('cvd_cases').set({ version: sql<number>`version + 1`, updated_at: sql<Date>`date_trunc('milliseconds', now())` }).where('id', '=', id).execute();
      await recordCaseEvent(tx, ctx.orgId, id, ctx.actor.label, linked ? 'link' : 'unlink', { kind, id: targetId });
      await recordAudit(tx, ctx, { action: linked ? 'cvd.case.linked' : 'cvd.case.unlinked', target: { type: 'cvd_case', id }, summary: { kind, targetId } });
    }
    return loadCase(tx, ctx.orgId, id);
  });
}

/** One attachment's bytes, for the team to download. */
export async function getAttachment(db: Db, ctx: OrgContext, attachmentId: string) {
  authorize(ctx, 'cvd.read');
  const row = await db.selectFrom('cvd_attachments').select(['file_name', 'media_type', 'content']).where('id', '=', attachmentId).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row) throw notFound('attachment');
  return row;
}

/** The armored encrypted report as received. */
export async function getEncryptedMessage(db: Db, ctx: OrgContext, caseId: string): Promise<string> {
  authorize(ctx, 'cvd.read');
  const row = await db.selectFrom('cvd_cases').select('encrypted_message').where('id', '=', caseId).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!row?.encrypted_message) throw notFound('encrypted report');
  return row.encrypted_message;
}
