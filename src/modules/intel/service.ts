import { sql } from 'kysely';
import type { EpssScore, IntelIssue, IntelRecord, KevEntry } from '../../formats/intel/model.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { maskUrlSecrets } from '../../platform/fetch/index.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { Problem, notFound } from '../../platform/http/problem.js';
import { matchSbom, rematchKeys, type MatchOutcome } from './findings-engine.js';
import { RECORD_BATCH, upsertRecords, type RecordChanges, type UpsertCounts } from './store.js';
import { rescoreVulnerabilitiesNowOrLater } from '../scoring/queue.js';
import { arrayLiteral } from './pg-arrays.js';

export type SourceKind = 'osv' | 'nvd' | 'kev' | 'epss';

export interface SourceInput {
  readonly kind: SourceKind;
  readonly name: string;
  readonly url?: string | null | undefined;
  readonly intervalMinutes?: number | null | undefined;
}

/** Creates a source; its name is unique in the organization. */
export async function createSource(db: Db, ctx: OrgContext, input: SourceInput) {
  authorize(ctx, 'intel.manage');
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('intel_sources').select('id').where('org_id', '=', ctx.orgId).where('name', '=', input.name).executeTakeFirst();
    if (taken) throw new Problem(409, 'conflict', `A source named "${input.name}" already exists.`, { errors: [{ pointer: '/body/name', message: 'already taken' }] });
    const source = await tx
      .insertInto('intel_sources')
      .values({ org_id: ctx.orgId, kind: input.kind, name: input.name, url: input.url ?? null, interval_minutes: input.intervalMinutes ?? null, last_counts: '{}' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'intel.source_create', target: { type: 'intel_source', id: source.id }, summary: { kind: input.kind, name: input.name, url: input.url ? maskUrlSecrets(input.url) : null } });
    return source;
  });
}

/** The named source of this kind, created on first use (file imports from the CLI). */
export async function sourceByName(db: Db, ctx: OrgContext, kind: SourceKind, name: string) {
  const existing = await db.selectFrom('intel_sources').selectAll().where('org_id', '=', ctx.orgId).where('name', '=', name).executeTakeFirst();
  if (existing && existing.kind !== kind) throw new Problem(409, 'conflict', `Source "${name}" holds ${existing.kind} data, not ${kind}.`);
  return existing ?? createSource(db, ctx, { kind, name });
}

export async function listSources(db: Db, ctx: OrgContext) {
  authorize(ctx, 'intel.read');
  return db.selectFrom('intel_sources').selectAll().where('org_id', '=', ctx.orgId).orderBy('name').execute();
}

/** A source about to receive an import: the caller must be allowed to import before learning whether it exists. */
export async function sourceForImport(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'intel.manage');
  return loadSource(db, ctx, id);
}

/** A source of the caller's organization, or 404. */
export async function loadSource(db: Db, ctx: OrgContext, id: string) {
  const source = await db.selectFrom('intel_sources').selectAll().where('id', '=', id).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!source) throw notFound('source');
  return source;
}

export type IntelItem = { readonly record: IntelRecord } | { readonly issue: IntelIssue };

export interface ImportSummary extends UpsertCounts {
  readonly issues: number;
  readonly firstIssues: IntelIssue[];
  /** Current SBOMs rematched because a record named one of their packages. */
  readonly sbomsRematched: number;
  readonly findingsOpened: number;
  readonly findingsClosed: number;
}

/**
 * Imports OSV or NVD records from a reader, batch by batch (each batch one transaction, and
 * idempotent by content hash, so an interrupted import is completed by running it again),
 * then rematches only the current SBOMs whose components the changed records name.
 */
export async function importRecords(db: Db, ctx: OrgContext, sourceId: string, items: AsyncIterable<IntelItem>, progress?: (done: number) => Promise<void>): Promise<ImportSummary> {
  authorize(ctx, 'intel.manage');
  const source = await loadSource(db, ctx, sourceId);
  if (source.kind !== 'osv' && source.kind !== 'nvd') throw new Problem(400, 'bad-request', `Source "${source.name}" takes ${source.kind} data, not vulnerability records.`);
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const changes: RecordChanges = { keys: new Set(), vulns: new Set() };
  const firstIssues: IntelIssue[] = [];
  let issues = 0;
  let batch: IntelRecord[] = [];
  const flush = async () => {
    // The same id twice in one batch (a feed listing a record twice): the later one wins.
    const unique = [...new Map(batch.map((r) => [r.id, r])).values()];
    batch = [];
    await db.transaction().execute((tx) => upsertRecords(tx, ctx.orgId, sourceId, unique, counts, changes));
    await progress?.(counts.inserted + counts.updated + counts.unchanged);
  };
  for await (const item of items) {
    if ('issue' in item) {
      issues++;
      if (firstIssues.length < 100) firstIssues.push(item.issue);
      continue;
    }
    batch.push(item.record);
    if (batch.length >= RECORD_BATCH) await flush();
  }
  await flush();
  const rematch = await db.transaction().execute(async (tx) => {
    const outcome = await rematchKeys(tx, ctx.orgId, changes.keys, changes.vulns);
    // A changed record can change a finding's score (its CVSS) without changing the match:
    // the changed vulnerabilities' other findings are scored again too.
    await rescoreVulnerabilitiesNowOrLater(tx, ctx.orgId, [...changes.vulns], outcome.rescored);
    return outcome;
  });
  const summary: ImportSummary = { ...counts, issues, firstIssues, sbomsRematched: rematch.sboms, findingsOpened: rematch.opened, findingsClosed: rematch.closed };
  await finishRun(db, ctx, sourceId, summary);
  return summary;
}

async function finishRun(db: Db, ctx: OrgContext, sourceId: string, summary: Omit<ImportSummary, 'firstIssues'> & { firstIssues?: unknown }) {
  const { firstIssues: _omit, ...numbers } = summary;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('intel_sources')
      .set({ last_run_at: sql<Date>`now()`, last_success_at: sql<Date>`now()`, last_status: 'succeeded', last_counts: JSON.stringify(numbers), last_error: null })
      .where('id', '=', sourceId)
      .execute();
    await recordAudit(tx, ctx, { action: 'intel.import', target: { type: 'intel_source', id: sourceId }, summary: numbers });
  });
}

/** Replaces the organization's KEV catalogue with this one (the catalogue is always published whole). */
export async function importKev(db: Db, ctx: OrgContext, sourceId: string, entries: readonly KevEntry[]): Promise<{ entries: number }> {
  authorize(ctx, 'intel.manage');
  const source = await loadSource(db, ctx, sourceId);
  if (source.kind !== 'kev') throw new Problem(400, 'bad-request', `Source "${source.name}" takes ${source.kind} data, not KEV.`);
  await db.transaction().execute(async (tx) => {
    const before = (await tx.deleteFrom('intel_kev').where('org_id', '=', ctx.orgId).returning('cve_id').execute()).map((r) => r.cve_id);
    const rows = entries.map((e) => ({
      org_id: ctx.orgId,
      cve_id: e.cveId,
      vendor_project: e.vendorProject,
      product: e.product,
      vulnerability_name: e.vulnerabilityName,
      date_added: e.dateAdded,
      short_description: e.shortDescription,
      required_action: e.requiredAction,
      due_date: e.dueDate,
      known_ransomware_campaign_use: e.knownRansomwareCampaignUse,
      notes: e.notes,
      cwes: [...e.cwes],
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('intel_kev').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
    // Findings whose vulnerability entered or left the catalogue are scored again (KEV weighs in the priority).
    const now = new Set(rows.map((r) => r.cve_id));
    const was = new Set(before);
    await rescoreVulnerabilitiesNowOrLater(tx, ctx.orgId, [...before.filter((id) => !now.has(id)), ...[...now].filter((id) => !was.has(id))]);
  });
  await finishRun(db, ctx, sourceId, { inserted: entries.length, updated: 0, unchanged: 0, issues: 0, sbomsRematched: 0, findingsOpened: 0, findingsClosed: 0 });
  return { entries: entries.length };
}

/** Upserts EPSS scores batch by batch (a daily file holds every scored CVE, ~300,000 rows). */
export async function importEpss(db: Db, ctx: OrgContext, sourceId: string, batches: AsyncIterable<EpssScore[]>, scoreDate: () => string | undefined): Promise<{ scores: number }> {
  authorize(ctx, 'intel.manage');
  const source = await loadSource(db, ctx, sourceId);
  if (source.kind !== 'epss') throw new Problem(400, 'bad-request', `Source "${source.name}" takes ${source.kind} data, not EPSS.`);
  let scores = 0;
  for await (const batch of batches) {
    const date = scoreDate()?.slice(0, 10) ?? null;
    const unique = [...new Map(batch.map((s) => [s.cve, s])).values()];
    await db.transaction().execute(async (tx) => {
      const previous = new Map(
        (await tx.selectFrom('intel_epss').select(['cve_id', 'epss']).where('org_id', '=', ctx.orgId).where('cve_id', '=', sql<string>`any(${arrayLiteral(unique.map((u) => u.cve))}::text[])`).execute()).map((r) => [r.cve_id, r.epss]),
      );
      await tx
        .insertInto('intel_epss')
        .values(unique.map((s) => ({ org_id: ctx.orgId, cve_id: s.cve, epss: s.epss, percentile: s.percentile, score_date: date })))
        .onConflict((oc) => oc.columns(['org_id', 'cve_id']).doUpdateSet((eb) => ({ epss: eb.ref('excluded.epss'), percentile: eb.ref('excluded.percentile'), score_date: eb.ref('excluded.score_date') })))
        .execute();
      // Only new and changed scores move priorities; each day's file repeats most of them.
      await rescoreVulnerabilitiesNowOrLater(tx, ctx.orgId, unique.filter((u) => previous.get(u.cve) !== u.epss).map((u) => u.cve));
    });
    scores += unique.length;
  }
  await finishRun(db, ctx, sourceId, { inserted: scores, updated: 0, unchanged: 0, issues: 0, sbomsRematched: 0, findingsOpened: 0, findingsClosed: 0 });
  return { scores };
}

/** Matches a release's just-imported current SBOM at once (called after SBOM import). */
export async function matchImportedSbom(db: Db, ctx: OrgContext, sbomId: string): Promise<MatchOutcome> {
  return db.transaction().execute((tx) => matchSbom(tx, ctx.orgId, sbomId));
}
