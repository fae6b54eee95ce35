import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.js';
import { SYSTEM_ACTOR, type OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { Problem, forbidden } from '../../platform/http/problem.js';
import { aggregate, buildSubmission, checkSubmission, K_ANONYMITY, percentileIn, roundHalf, type Aggregate, type SubmissionDocument } from './benchmark.js';
import { metricValues } from './metrics.js';
import { loadMaturity } from './service.js';

/** Benchmark use cases: a participant exports its anonymized submission; an operator imports; everyone reads aggregates at k ≥ 5. */

async function participantSecret(db: Executor, orgId: string): Promise<string> {
  await db.insertInto('benchmark_participants').values({ org_id: orgId, secret: randomBytes(32).toString('hex') }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
  return (await db.selectFrom('benchmark_participants').select('secret').where('org_id', '=', orgId).executeTakeFirstOrThrow()).secret;
}

/** A new submission (fresh random id) from the current self-assessment and metrics; the export is audited, its content is not kept. */
export async function exportSubmission(db: Db, ctx: OrgContext, now = new Date()): Promise<SubmissionDocument> {
  authorize(ctx, 'benchmark.export');
  return db.transaction().execute(async (tx) => {
    const state = await loadMaturity(tx, ctx.orgId, now);
    if (state.scores.overall === null) throw new Problem(409, 'nothing-assessed', 'Assess some controls first: a submission without scores says nothing.');
    const doc = buildSubmission({
      secret: await participantSecret(tx, ctx.orgId),
      now,
      orgKind: state.orgKind,
      catalogVersion: state.catalog.version,
      overall: state.scores.overall,
      areas: state.scores.areas,
      metrics: metricValues(state.metrics),
    });
    await recordAudit(tx, ctx, { action: 'benchmark.export', target: { type: 'benchmark_submission', id: doc.submissionId }, summary: { period: doc.period, overall: doc.overall, areas: doc.areas.length } });
    return doc;
  });
}

export async function isOperator(db: Executor, orgId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('benchmark_operators').select('org_id').where('org_id', '=', orgId).executeTakeFirst());
}

/** Instance administration (CLI): make an organization a benchmark operator, or stop it being one. */
export async function setOperator(db: Db, orgId: string, enabled: boolean): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (enabled) await tx.insertInto('benchmark_operators').values({ org_id: orgId }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
    else await tx.deleteFrom('benchmark_operators').where('org_id', '=', orgId).execute();
    await recordAudit(tx, { actor: SYSTEM_ACTOR, orgId, requestId: null }, { action: enabled ? 'benchmark.operator_enable' : 'benchmark.operator_disable', target: { type: 'organization', id: orgId } });
  });
}

export interface ImportOutcome {
  readonly imported: number;
  readonly duplicates: number;
  readonly superseded: number;
}

/**
 * Imports submissions, all or nothing: any malformed or altered document rejects the whole
 * batch with its index and reason. A submission id seen before with the same digest is a
 * replay and skipped; with another digest it is refused (ids are random: a clash means a
 * forged or edited file). Per participant and period the newest (generatedIn, then import
 * order) counts; older ones are kept as superseded.
 */
export async function importSubmissions(db: Db, ctx: OrgContext, documents: readonly unknown[]): Promise<ImportOutcome> {
  authorize(ctx, 'benchmark.operate');
  if (!(await isOperator(db, ctx.orgId))) throw forbidden('This organization is not a benchmark operator (an instance administrator enables it with `vigil benchmark operator enable`).');
  const docs: SubmissionDocument[] = [];
  for (const [i, value] of documents.entries()) {
    const checked = checkSubmission(value);
    if (!checked.ok) {
      throw new Problem(422, 'invalid-submission', `Submission ${i + 1} of ${documents.length} is rejected (nothing was imported): ${checked.problems[0]!.pointer} ${checked.problems[0]!.message}.`, {
        errors: checked.problems.map((p) => ({ pointer: `/body/submissions/${i}${p.pointer === '/' ? '' : p.pointer}`, message: p.message })),
      });
    }
    if (docs.some((d) => d.submissionId === checked.doc.submissionId)) throw new Problem(422, 'invalid-submission', `Submission ${i + 1} repeats the id of an earlier one in the batch.`, { errors: [{ pointer: `/body/submissions/${i}/submissionId`, message: 'repeated in the batch' }] });
    docs.push(checked.doc);
  }
  return db.transaction().execute(async (tx) => {
    let imported = 0;
    let duplicates = 0;
    let superseded = 0;
    for (const [i, doc] of docs.entries()) {
      const seen = await tx.selectFrom('benchmark_submissions').select('document').where('submission_id', '=', doc.submissionId).executeTakeFirst();
      if (seen) {
        if ((seen.document as SubmissionDocument).digest === doc.digest) {
          duplicates++;
          continue;
        }
        throw new Problem(409, 'submission-conflict', `Submission ${i + 1} reuses the id ${doc.submissionId} of an imported submission with different content (nothing was imported).`, { errors: [{ pointer: `/body/submissions/${i}/submissionId`, message: 'id already imported with other content' }] });
      }
      const current = await tx.selectFrom('benchmark_submissions').select(['submission_id', 'document']).where('participant', '=', doc.participant).where('period', '=', doc.period).where('superseded', '=', false).forUpdate().executeTakeFirst();
      const older = current && (current.document as SubmissionDocument).generatedIn > doc.generatedIn;
      if (current && !older) {
        await tx.updateTable('benchmark_submissions').set({ superseded: true }).where('submission_id', '=', current.submission_id).execute();
        superseded++;
      }
      if (older) superseded++;
      await tx.insertInto('benchmark_submissions').values({ submission_id: doc.submissionId, operator_id: ctx.orgId, participant: doc.participant, period: doc.period, org_kind: doc.orgKind, catalog_version: doc.catalogVersion, document: JSON.stringify(doc), superseded: Boolean(older) }).execute();
      imported++;
    }
    await recordAudit(tx, ctx, { action: 'benchmark.import', target: { type: 'organization', id: ctx.orgId }, summary: { imported, duplicates, superseded, ids: docs.map((d) => d.submissionId) } });
    return { imported, duplicates, superseded };
  });
}

async function countedDocs(db: Executor, period: string): Promise<SubmissionDocument[]> {
  const rows = await db.selectFrom('benchmark_submissions').select('document').where('period', '=', period).where('superseded', '=', false).execute();
  return rows.map((r) => r.document as SubmissionDocument);
}

const belowK = (n: number) => new Problem(422, 'below-k-anonymity', `Only ${n} organization(s) contributed; aggregates are published from ${K_ANONYMITY} organizations on.`, { extensions: { k: K_ANONYMITY, contributors: n } });

export async function getAggregate(db: Db, ctx: OrgContext, period: string, orgKind: string | null): Promise<Aggregate> {
  authorize(ctx, 'governance.read');
  const docs = await countedDocs(db, period);
  const result = aggregate(docs, period, orgKind);
  if (!result) throw belowK(docs.filter((d) => orgKind === null || d.orgKind === orgKind).length);
  return result;
}

/** The organization's current scores against the published distribution: a percentile per area where the figure is published. */
export async function getComparison(db: Db, ctx: OrgContext, period: string) {
  authorize(ctx, 'governance.read');
  const [state, docs] = await Promise.all([loadMaturity(db, ctx.orgId), countedDocs(db, period)]);
  const agg = aggregate(docs, period, null);
  if (!agg) throw belowK(docs.length);
  const areaNames = new Map(state.areas.map((a) => [a.code, a.name]));
  const rows = state.areas.map((a) => {
    const own = state.scores.areas.find((s) => s.area === a.code)?.score ?? null;
    const fig = agg.areas.find((x) => x.area === a.code)?.figure ?? { published: false as const, n: 0 };
    return {
      area: a.code,
      name: areaNames.get(a.code) ?? a.code,
      own,
      ownRounded: own === null ? null : roundHalf(own),
      published: fig.published,
      contributors: fig.n,
      median: fig.published ? fig.median : null,
      p25: fig.published ? fig.p25 : null,
      p75: fig.published ? fig.p75 : null,
      mean: fig.published ? fig.mean : null,
      percentile: fig.published && own !== null ? percentileIn(fig.histogram, own) : null,
    };
  });
  const overall = state.scores.overall;
  return {
    period,
    participants: agg.participants,
    k: agg.k,
    overall: { own: overall, median: agg.overall.published ? agg.overall.median : null, percentile: agg.overall.published && overall !== null ? percentileIn(agg.overall.histogram, overall) : null },
    areas: rows,
    metrics: agg.metrics,
  };
}

export async function getOperatorStatus(db: Db, ctx: OrgContext) {
  authorize(ctx, 'governance.read');
  const operator = await isOperator(db, ctx.orgId);
  const periods = operator
    ? await db.selectFrom('benchmark_submissions').select(['period', (eb) => eb.fn.countAll<number>().as('n')]).where('superseded', '=', false).where('operator_id', '=', ctx.orgId).groupBy('period').orderBy('period', 'desc').execute()
    : [];
  return { operator, k: K_ANONYMITY, periods: periods.map((p) => ({ period: p.period, submissions: Number(p.n) })) };
}
