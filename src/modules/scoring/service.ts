import { sql } from 'kysely';
import { evaluateRubric, getRubricVersion, listRubricVersions, pendingRubricQuestions } from '../../core/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { badRequest, notFound, Problem } from '../../platform/http/problem.js';
import { validateEnvironment, type ProductEnvironment } from './environment.js';
import type { PriorityFactor } from './priority.js';
import { RUBRIC_DEFAULT_VERSION, type Assessment, type HarmSeverity } from './score.js';
import type { CvssSourceChoice } from './sources.js';
import { rescoreFindings } from './store.js';

/** Scoring use cases: read a finding's score, edit its inputs, a product's CVSS environment, the rubric. */

export interface ScoreInputsPatch {
  readonly cvssSource?: CvssSourceChoice | undefined;
  readonly rubricVersion?: string | undefined;
  readonly rubricAnswers?: Record<string, string> | undefined;
  readonly harmSeverity?: HarmSeverity | null | undefined;
}

async function findingIn(db: Db | Tx, orgId: string, id: string) {
  const row = await db.selectFrom('findings').select(['id', 'risk_class', 'priority', 'priority_factors']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('finding');
  return row;
}

/** The finding's scoring as last computed, with its inputs. */
export async function getScore(db: Db, ctx: OrgContext, findingId: string) {
  authorize(ctx, 'intel.read');
  const finding = await findingIn(db, ctx.orgId, findingId);
  let score = await db.selectFrom('finding_scores').selectAll().where('finding_id', '=', findingId).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!score?.scored_at) {
    // Findings from before scoring existed are scored on first read.
    await db.transaction().execute((tx) => rescoreFindings(tx, ctx.orgId, [findingId]));
    score = await db.selectFrom('finding_scores').selectAll().where('finding_id', '=', findingId).where('org_id', '=', ctx.orgId).executeTakeFirstOrThrow();
    Object.assign(finding, await findingIn(db, ctx.orgId, findingId));
  }
  return {
    findingId,
    inputs: {
      cvssSource: score.cvss_source as CvssSourceChoice,
      rubricVersion: score.rubric_version ?? RUBRIC_DEFAULT_VERSION,
      rubricAnswers: score.rubric_answers,
      harmSeverity: score.harm_severity,
      updatedAt: score.inputs_updated_at,
    },
    assessment: score.result as unknown as Assessment,
    riskClass: finding.risk_class,
    priority: finding.priority,
    priorityFactors: finding.priority_factors as PriorityFactor[],
    scoredAt: score.scored_at,
  };
}

/** Checks rubric answers against the version: unknown questions, tokens not offered and contradicting paths are 400s. */
function checkRubric(versionId: string, answers: Record<string, string>): void {
  const version = getRubricVersion(versionId);
  if (!version.ok) throw badRequest(version.error.message, [{ pointer: '/body/rubricVersion', message: version.error.message }]);
  const pending = pendingRubricQuestions(versionId, answers);
  if (pending.ok) return;
  const id = /^"([^"]+)"/.exec(pending.error.message)?.[1] ?? /to (\S+) \(/.exec(pending.error.message)?.[1] ?? /^(\S+):/.exec(pending.error.message)?.[1];
  throw badRequest(pending.error.message, [{ pointer: id ? `/body/rubricAnswers/${id}` : '/body/rubricAnswers', message: pending.error.message }]);
}

/** Edits a finding's scoring inputs and rescores it, in one audited transaction. */
export async function updateScoreInputs(db: Db, ctx: OrgContext, findingId: string, patch: ScoreInputsPatch) {
  authorize(ctx, 'triage.write');
  await db.transaction().execute(async (tx) => {
    await findingIn(tx, ctx.orgId, findingId);
    const before = await tx.selectFrom('finding_scores').select(['cvss_source', 'rubric_version', 'rubric_answers', 'harm_severity']).where('finding_id', '=', findingId).executeTakeFirst();
    const version = patch.rubricVersion ?? before?.rubric_version ?? RUBRIC_DEFAULT_VERSION;
    const answers = patch.rubricAnswers ?? (before?.rubric_answers as Record<string, string> | undefined) ?? {};
    checkRubric(version, answers);
    const values = {
      cvss_source: patch.cvssSource ?? before?.cvss_source ?? 'auto',
      rubric_version: version,
      rubric_answers: JSON.stringify(answers),
      harm_severity: patch.harmSeverity === undefined ? (before?.harm_severity ?? null) : patch.harmSeverity,
      inputs_updated_at: sql<Date>`date_trunc('milliseconds', now())`,
      inputs_updated_by: ctx.userId,
    };
    await tx
      .insertInto('finding_scores')
      .values({ finding_id: findingId, org_id: ctx.orgId, ...values })
      .onConflict((oc) => oc.column('finding_id').doUpdateSet(values))
      .execute();
    await rescoreFindings(tx, ctx.orgId, [findingId]);
    const after = await findingIn(tx, ctx.orgId, findingId);
    const complete = evaluateRubric(version, answers).ok;
    await recordAudit(tx, ctx, {
      action: 'finding.score_inputs',
      target: { type: 'finding', id: findingId },
      summary: {
        before: before ? { cvssSource: before.cvss_source, harmSeverity: before.harm_severity, rubricAnswers: Object.keys(before.rubric_answers).length } : null,
        after: { cvssSource: values.cvss_source, harmSeverity: values.harm_severity, rubricAnswers: Object.keys(answers).length, rubricComplete: complete },
        riskClass: after.risk_class,
        priority: after.priority,
      },
    });
  });
  return getScore(db, ctx, findingId);
}

async function productIn(db: Db | Tx, orgId: string, id: string) {
  const row = await db.selectFrom('products').select('id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('product');
  return row;
}

export async function getEnvironment(db: Db, ctx: OrgContext, productId: string) {
  authorize(ctx, 'intel.read');
  await productIn(db, ctx.orgId, productId);
  const row = await db.selectFrom('product_cvss_environments').select(['environment', 'updated_at']).where('product_id', '=', productId).where('org_id', '=', ctx.orgId).executeTakeFirst();
  const env = (row?.environment ?? {}) as ProductEnvironment;
  return { productId, requirements: env.requirements ?? {}, v3: env.v3 ?? {}, v4: env.v4 ?? {}, updatedAt: row?.updated_at ?? null };
}

/** Replaces the product's CVSS environment and rescores its findings, in one audited transaction. */
export async function putEnvironment(db: Db, ctx: OrgContext, productId: string, env: ProductEnvironment) {
  authorize(ctx, 'triage.write');
  const errors = validateEnvironment(env);
  if (errors.length > 0) throw new Problem(400, 'validation', errors[0]!.message, { errors });
  const rescored = await db.transaction().execute(async (tx) => {
    await productIn(tx, ctx.orgId, productId);
    const before = await tx.selectFrom('product_cvss_environments').select('environment').where('product_id', '=', productId).executeTakeFirst();
    const stored = JSON.stringify({ requirements: env.requirements ?? {}, v3: env.v3 ?? {}, v4: env.v4 ?? {} });
    const now = sql<Date>`date_trunc('milliseconds', now())`;
    await tx
      .insertInto('product_cvss_environments')
      .values({ product_id: productId, org_id: ctx.orgId, environment: stored, updated_at: now, updated_by: ctx.userId })
      .onConflict((oc) => oc.column('product_id').doUpdateSet({ environment: stored, updated_at: now, updated_by: ctx.userId }))
      .execute();
    const ids = await tx
      .selectFrom('findings as f')
      .innerJoin('releases as r', 'r.id', 'f.release_id')
      .select('f.id')
      .where('f.org_id', '=', ctx.orgId)
      .where('r.product_id', '=', productId)
      .where('f.status', '=', 'affected')
      .execute();
    const count = await rescoreFindings(tx, ctx.orgId, ids.map((r) => r.id));
    await recordAudit(tx, ctx, { action: 'product.cvss_environment', target: { type: 'product', id: productId }, summary: { before: before?.environment ?? null, after: JSON.parse(stored), findingsRescored: count } });
    return count;
  });
  return { ...(await getEnvironment(db, ctx, productId)), findingsRescored: rescored };
}

/** The published rubric versions, and one version's questions and flows for a step-by-step wizard. */
export function rubricVersions(ctx: OrgContext) {
  authorize(ctx, 'intel.read');
  return listRubricVersions().map((id) => {
    const v = getRubricVersion(id);
    return { id, title: v.ok ? v.value.title : id, cvssVersion: v.ok ? v.value.cvssVersion : '3.1' };
  });
}

export function rubricVersion(ctx: OrgContext, id: string) {
  authorize(ctx, 'intel.read');
  const v = getRubricVersion(id);
  if (!v.ok) throw notFound('rubric version');
  return v.value;
}
