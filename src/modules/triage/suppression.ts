import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext, type OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import type { Analysis } from './analysis.js';
import { toAnalysis, type AnalysisInput } from './service.js';
import { writeAnalysis } from './store.js';

/**
 * Suppression rules: "this vulnerability (by id or any alias) in this component package
 * (purl without version, or name), optionally one version and one product, is decided like
 * this until <expiry>". A rule decides only undecided findings (no analysis or in_triage) —
 * never overrides a person — when it is created or enabled, and for findings opened later
 * (the findings engine calls {@link applySuppressionRules}). When it expires or is disabled,
 * the findings still carrying its analysis go back to in_triage ('unsuppressed' events).
 */

export const SUPPRESSION_EXPIRY_JOB = 'triage.suppression-expiry';

export interface RuleInput {
  readonly vulnId: string;
  /** `pkg:type/namespace/name` (a version in it becomes the rule's version) or a component name. */
  readonly component: string;
  readonly version?: string | null | undefined;
  readonly productId?: string | null | undefined;
  readonly analysis: AnalysisInput;
  readonly expiresAt: string;
  readonly reason?: string | null | undefined;
}

/**
 * A package URL without version, qualifiers and subpath, lower-cased: what rules compare.
 * The version is the text after the last `@` of the last path segment (an npm scope's `@` is
 * in an earlier segment). {@link PURL_KEY_SQL} is the same rule in SQL.
 */
export function purlWithoutVersion(purl: string): { key: string; version: string | null } {
  const base = purl.split('#')[0]!.split('?')[0]!;
  const m = /@([^@/]*)$/u.exec(base);
  return { key: (m ? base.slice(0, m.index) : base).toLowerCase(), version: m ? decodeURIComponent(m[1]!) : null };
}

const PURL_KEY_SQL = sql<string>`lower(regexp_replace(split_part(split_part(f.component_purl, '#', 1), '?', 1), '@[^@/]*$', ''))`;

/** The rule's component as stored: kind, compared text and the version a purl carried. */
export function ruleComponent(component: string): { kind: 'purl' | 'name'; component: string; version: string | null } {
  const text = component.trim();
  if (text.toLowerCase().startsWith('pkg:')) {
    const { key, version } = purlWithoutVersion(text);
    if (!/^pkg:[a-z0-9.+-]+\/.+/u.test(key)) throw badRequest('Not a package URL: pkg:type/namespace/name is expected.', [{ pointer: '/body/component', message: 'invalid package URL' }]);
    return { kind: 'purl', component: key, version };
  }
  return { kind: 'name', component: text, version: null };
}

type RuleRow = Awaited<ReturnType<typeof ruleQuery>>[number];

function ruleQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('suppression_rules as s')
    .leftJoin('products as p', 'p.id', 's.product_id')
    .selectAll('s')
    .select(['p.name as product_name'])
    .select(sql<number>`(select count(*)::int from findings f where f.suppression_rule_id = s.id)`.as('findings'))
    .where('s.org_id', '=', orgId)
    .execute();
}

const ruleAnalysis = (r: { analysis_state: Analysis['state']; analysis_justification: string | null; analysis_responses: string[]; analysis_detail: string | null }): Analysis => ({
  state: r.analysis_state,
  justification: r.analysis_justification as Analysis['justification'],
  responses: r.analysis_responses as Analysis['responses'],
  detail: r.analysis_detail,
});

export async function listRules(db: Executor, ctx: OrgContext): Promise<RuleRow[]> {
  authorize(ctx, 'intel.read');
  return (await ruleQuery(db, ctx.orgId)).sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || a.id.localeCompare(b.id));
}

export async function getRule(db: Executor, ctx: OrgContext, id: string): Promise<RuleRow> {
  authorize(ctx, 'intel.read');
  const rule = (await ruleQuery(db, ctx.orgId)).find((r) => r.id === id);
  if (!rule) throw notFound('suppression rule');
  return rule;
}

function futureExpiry(expiresAt: string, now: Date): Date {
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime()) || at <= now) throw badRequest('A rule must expire in the future.', [{ pointer: '/body/expiresAt', message: 'not in the future' }]);
  return at;
}

export async function createRule(db: Db, ctx: OrgContext, input: RuleInput, now = new Date()) {
  authorize(ctx, 'triage.write');
  const analysis = toAnalysis(input.analysis, '/body/analysis');
  if (analysis.state === 'in_triage') throw badRequest('A suppression rule decides: in_triage is not a decision.', [{ pointer: '/body/analysis/state', message: 'in_triage is not allowed' }]);
  const component = ruleComponent(input.component);
  const version = input.version?.trim() || component.version;
  const expiresAt = futureExpiry(input.expiresAt, now);
  return db.transaction().execute(async (tx) => {
    if (input.productId) {
      const product = await tx.selectFrom('products').select('id').where('id', '=', input.productId).where('org_id', '=', ctx.orgId).executeTakeFirst();
      if (!product) throw badRequest('No such product in this organization.', [{ pointer: '/body/productId', message: 'unknown product' }]);
    }
    const rule = await tx
      .insertInto('suppression_rules')
      .values({
        org_id: ctx.orgId, vuln_id: input.vulnId.trim(), component_kind: component.kind, component: component.component, component_version: version ?? null, product_id: input.productId ?? null,
        analysis_state: analysis.state as Exclude<Analysis['state'], 'in_triage'>, analysis_justification: analysis.justification, analysis_responses: [...analysis.responses], analysis_detail: analysis.detail,
        reason: input.reason?.trim() || null, expires_at: expiresAt, created_by: ctx.userId, created_by_label: ctx.actor.label,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const applied = await applyRule(tx, ctx, rule);
    await recordAudit(tx, ctx, { action: 'triage.suppression_create', target: { type: 'suppression_rule', id: rule.id }, summary: { vulnId: rule.vuln_id, component: rule.component, version: rule.component_version, productId: rule.product_id, state: rule.analysis_state, expiresAt: rule.expires_at, applied } });
    return { rule: await getRule(tx, ctx, rule.id), applied };
  });
}

export interface RulePatch {
  readonly expiresAt?: string | undefined;
  readonly reason?: string | null | undefined;
  readonly disabled?: boolean | undefined;
}

/** Edits expiry, reason or disabled; a rule that becomes inactive releases its findings at once, one that becomes active applies. */
export async function updateRule(db: Db, ctx: OrgContext, id: string, patch: RulePatch, now = new Date()) {
  authorize(ctx, 'triage.write');
  const expiresAt = patch.expiresAt === undefined ? undefined : futureExpiry(patch.expiresAt, now);
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('suppression_rules').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('suppression rule');
    const disabledAt = patch.disabled === undefined ? before.disabled_at : patch.disabled ? (before.disabled_at ?? now) : null;
    const rule = await tx
      .updateTable('suppression_rules')
      .set({ ...(expiresAt ? { expires_at: expiresAt } : {}), ...(patch.reason !== undefined ? { reason: patch.reason?.trim() || null } : {}), disabled_at: disabledAt, released_at: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const active = rule.disabled_at === null && rule.expires_at > now;
    const effect = active ? { applied: await applyRule(tx, ctx, rule), released: 0 } : { applied: 0, released: await releaseRule(tx, ctx, rule, now, patch.disabled ? 'disabled' : 'expired') };
    await recordAudit(tx, ctx, {
      action: 'triage.suppression_update',
      target: { type: 'suppression_rule', id },
      summary: { before: { expiresAt: before.expires_at, reason: before.reason, disabled: before.disabled_at !== null }, after: { expiresAt: rule.expires_at, reason: rule.reason, disabled: rule.disabled_at !== null }, ...effect },
    });
    return { rule: await getRule(tx, ctx, id), ...effect };
  });
}

/** Deletes a rule; its findings go back to triage first. */
export async function deleteRule(db: Db, ctx: OrgContext, id: string, now = new Date()) {
  authorize(ctx, 'triage.write');
  return db.transaction().execute(async (tx) => {
    const rule = await tx.selectFrom('suppression_rules').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).forUpdate().executeTakeFirst();
    if (!rule) throw notFound('suppression rule');
    const released = await releaseRule(tx, ctx, rule, now, 'deleted');
    await tx.deleteFrom('suppression_rules').where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'triage.suppression_delete', target: { type: 'suppression_rule', id }, summary: { vulnId: rule.vuln_id, component: rule.component, released } });
    return { released };
  });
}

type StoredRule = { id: string; vuln_id: string; component_kind: 'purl' | 'name'; component: string; component_version: string | null; product_id: string | null } & Parameters<typeof ruleAnalysis>[0];

/** Undecided open findings the rule matches (optionally only in some releases). */
async function matchingFindings(tx: Tx, orgId: string, rule: StoredRule, releaseIds?: readonly string[]): Promise<string[]> {
  const component = rule.component_kind === 'purl' ? sql`${PURL_KEY_SQL} = ${rule.component}` : sql`lower(f.component_name) = lower(${rule.component})`;
  const rows = await sql<{ id: string }>`
    select f.id from findings f join releases r on r.id = f.release_id
    where f.org_id = ${orgId} and f.status = 'affected' and (f.analysis_state is null or f.analysis_state = 'in_triage')
      and (f.vuln_id = ${rule.vuln_id} or f.vuln_id in (select ir.vuln_id from intel_records ir where ir.org_id = ${orgId} and (ir.record_id = ${rule.vuln_id} or ${rule.vuln_id} = any(ir.aliases))))
      and ${component}
      ${rule.component_version === null ? sql`` : sql`and f.component_version = ${rule.component_version}`}
      ${rule.product_id === null ? sql`` : sql`and r.product_id = ${rule.product_id}::uuid`}
      ${releaseIds ? sql`and f.release_id = any(${arrayLiteral([...releaseIds])}::uuid[])` : sql``}`.execute(tx);
  return rows.rows.map((r) => r.id);
}

async function applyRule(tx: Tx, ctx: OrgContext, rule: StoredRule, releaseIds?: readonly string[]): Promise<number> {
  const ids = await matchingFindings(tx, ctx.orgId, rule, releaseIds);
  return (await writeAnalysis(tx, ctx, ids, ruleAnalysis(rule), { kind: 'suppressed', ruleId: rule.id, onlyUndecided: true, extra: { ruleId: rule.id } })).length;
}

const IN_TRIAGE: Analysis = { state: 'in_triage', justification: null, responses: [], detail: null };

/** Returns the rule's findings to in_triage ('unsuppressed' events) and marks the rule released. */
async function releaseRule(tx: Tx, ctx: OrgContext, rule: { id: string }, now: Date, why: 'expired' | 'disabled' | 'deleted'): Promise<number> {
  const ids = (await tx.selectFrom('findings').select('id').where('org_id', '=', ctx.orgId).where('suppression_rule_id', '=', rule.id).execute()).map((r) => r.id);
  const released = await writeAnalysis(tx, ctx, ids, IN_TRIAGE, { kind: 'unsuppressed', ruleId: null, extra: { ruleId: rule.id, reason: why } });
  await tx.updateTable('suppression_rules').set({ released_at: now }).where('id', '=', rule.id).execute();
  return released.length;
}

/**
 * The findings engine's hook: the organization's active rules applied to the undecided open
 * findings of releases just matched (new and reopened findings among them). One cheap query
 * when the organization has no active rule. The findings a rule decides are rescored by
 * writeAnalysis; that can include older undecided findings of the releases the engine did not
 * touch, so this does not rely on the engine's own rescore, which follows.
 */
export async function applySuppressionRules(tx: Tx, orgId: string, releaseIds: readonly string[], now = new Date()): Promise<number> {
  if (releaseIds.length === 0) return 0;
  const rules = await tx.selectFrom('suppression_rules').selectAll().where('org_id', '=', orgId).where('disabled_at', 'is', null).where('expires_at', '>', now).execute();
  const ctx = systemContext(orgId);
  let applied = 0;
  for (const rule of rules) applied += await applyRule(tx, ctx, rule, releaseIds);
  return applied;
}

/** The periodic job: rules past their expiry release their findings (one transaction and audit event per rule). */
export async function releaseDueRules(db: Db, now = new Date()): Promise<{ rules: number; findings: number }> {
  const due = await db.selectFrom('suppression_rules').select(['id', 'org_id']).where('released_at', 'is', null).where('expires_at', '<=', now).orderBy('expires_at').limit(500).execute();
  let findings = 0;
  for (const { id, org_id } of due) {
    findings += await db.transaction().execute(async (tx) => {
      const rule = await tx.selectFrom('suppression_rules').select(['id', 'released_at', 'vuln_id', 'component']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!rule || rule.released_at !== null) return 0; // another worker took it
      const ctx = systemContext(org_id);
      const released = await releaseRule(tx, ctx, rule, now, 'expired');
      await recordAudit(tx, ctx, { action: 'triage.suppression_expired', target: { type: 'suppression_rule', id }, summary: { vulnId: rule.vuln_id, component: rule.component, released } });
      return released;
    });
  }
  return { rules: due.length, findings };
}
