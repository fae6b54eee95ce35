import { sql } from 'kysely';
import type { IntelSeverity } from '../../formats/intel/model.js';
import type { Tx } from '../../platform/db/database.js';
import { loadPolicy, syncClocks, type OrgClockPolicy } from '../clocks/store.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import { queueNotifications, type Notification, type NotificationFinding } from '../notifications/outbox.js';
import type { ProductEnvironment } from './environment.js';
import { EXCLUDING_ANALYSIS } from './priority.js';
import { assess, RUBRIC_DEFAULT_VERSION, type Assessment, type HarmSeverity, type ScoringInputs } from './score.js';
import type { CvssSourceChoice, ScoredRecord } from './sources.js';

/**
 * Scoring's I/O: gathers each finding's inputs set-based (findings with their release, product
 * environment, KEV, EPSS and scoring inputs in one statement; the vulnerabilities' records in
 * another), scores them with assess(), writes risk_class / priority / priority_factors to
 * `findings` and what the scoring used to `finding_scores`, records a `scored` event when the
 * risk class changes, then brings clocks in line and queues notifications — all in the caller's
 * transaction.
 */
const BATCH = 2000;

/** Which findings to rescore: ids, every finding of some vulnerabilities, or every finding of some releases. */
export type RescoreTarget = readonly string[] | { readonly vulnIds: readonly string[] } | { readonly releaseIds: readonly string[] };

/** A stable digest of a vulnerability's records (ids and content hashes), computed in SQL. */
const recordsDigest = sql<string | null>`(select md5(string_agg(ir.record_id || ':' || ir.content_hash, ',' order by ir.record_id)) from intel_records ir where ir.org_id = f.org_id and ir.vuln_id = f.vuln_id)`;

function inputsQuery(tx: Tx, orgId: string) {
  return tx
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .leftJoin('finding_scores as s', 's.finding_id', 'f.id')
    .leftJoin('product_cvss_environments as pe', 'pe.product_id', 'r.product_id')
    .leftJoin('intel_kev as k', (j) => j.onRef('k.org_id', '=', 'f.org_id').onRef('k.cve_id', '=', 'f.vuln_id'))
    .leftJoin('intel_epss as e', (j) => j.onRef('e.org_id', '=', 'f.org_id').onRef('e.cve_id', '=', 'f.vuln_id'))
    .where('f.org_id', '=', orgId);
}

async function loadInputs(tx: Tx, orgId: string, ids: readonly string[]) {
  return inputsQuery(tx, orgId)
    .select([
      'f.id', 'f.vuln_id', 'f.status', 'f.analysis_state', 'f.risk_class', 'f.priority', 'f.first_seen_at', 'f.component_name', 'f.component_version',
      'r.lifecycle_stage', 'r.version as release_version', 'p.name as product_name',
      's.finding_id as score_row', 's.cvss_source', 's.rubric_version', 's.rubric_answers', 's.harm_severity', 's.scored_kev',
      'pe.environment', 'pe.updated_at as environment_at',
      sql<boolean>`k.cve_id is not null`.as('kev'), 'e.epss',
    ])
    .select(recordsDigest.as('records_digest'))
    .where('f.id', '=', sql<string>`any(${arrayLiteral(ids)}::uuid[])`)
    .execute();
}

type InputRow = Awaited<ReturnType<typeof loadInputs>>[number];

async function loadRecords(tx: Tx, orgId: string, vulnIds: readonly string[]): Promise<Map<string, ScoredRecord[]>> {
  const rows = await tx
    .selectFrom('intel_records')
    .select(['vuln_id', 'record_id', 'record_kind', 'severities'])
    .where('org_id', '=', orgId)
    .where('vuln_id', '=', sql<string>`any(${arrayLiteral(vulnIds)}::text[])`)
    .where('withdrawn', 'is', null)
    .orderBy('record_id')
    .execute();
  const out = new Map<string, ScoredRecord[]>();
  for (const r of rows) {
    const list = out.get(r.vuln_id) ?? [];
    list.push({ recordId: r.record_id, recordKind: r.record_kind, severities: r.severities as IntelSeverity[] });
    out.set(r.vuln_id, list);
  }
  return out;
}

export function inputsOf(row: InputRow, records: readonly ScoredRecord[]): ScoringInputs {
  const answers = (row.rubric_answers ?? {}) as Record<string, string>;
  return {
    status: row.status,
    analysisState: row.analysis_state,
    lifecycleStage: row.lifecycle_stage,
    records,
    kev: Boolean(row.kev),
    epss: row.epss ?? null,
    environment: (row.environment as ProductEnvironment | null) ?? null,
    cvssSource: (row.cvss_source ?? 'auto') as CvssSourceChoice,
    rubric: Object.keys(answers).length > 0 ? { versionId: row.rubric_version ?? RUBRIC_DEFAULT_VERSION, answers } : null,
    harm: (row.harm_severity as HarmSeverity | null) ?? null,
  };
}

const findingOf = (row: InputRow): NotificationFinding => ({
  id: row.id, vulnId: row.vuln_id, productName: row.product_name, releaseVersion: row.release_version, componentName: row.component_name, componentVersion: row.component_version,
});

const UNCONTROLLED_CLOCK_NAMES = [
  ['uncontrolled_communication', 'customer communication'],
  ['uncontrolled_plan', 'remediation plan'],
  ['uncontrolled_remediation', 'remediation'],
] as const;

/** What the organization's policy starts for an uncontrolled risk, e.g. "The 30-day customer communication, … and 60-day remediation clocks run from 2026-12-01." */
export function uncontrolledClocksText(rules: OrgClockPolicy['rules'], since: string): string {
  const parts = UNCONTROLLED_CLOCK_NAMES.flatMap(([rule, name]) => {
    const days = rules.find((r) => r.rule === rule)?.days;
    return typeof days === 'number' ? [`${days}-day ${name}`] : [];
  });
  if (parts.length === 0) return 'The organization’s policy starts no clock for an uncontrolled risk.';
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `The ${list} ${parts.length === 1 ? 'clock runs' : 'clocks run'} from ${since}.`;
}

function notificationsFor(row: InputRow, a: Assessment, rules: OrgClockPolicy['rules'] | undefined): Notification[] {
  const out: Notification[] = [];
  const where = `${row.product_name} ${row.release_version} (${row.component_name}${row.component_version ? ` ${row.component_version}` : ''})`;
  // A KEV hit: an open finding whose vulnerability is in KEV, seen for the first time as such.
  if (row.status === 'affected' && row.kev && row.scored_kev !== true) {
    out.push({ event: 'kev_hit', dedupeKey: `kev_hit:${row.id}`, title: `KEV hit: ${row.vuln_id} in ${where}`, text: `${row.vuln_id} is listed in CISA's Known Exploited Vulnerabilities catalog and affects ${where}. Priority ${a.priority}.`, finding: findingOf(row) });
  }
  if (a.riskClass === 'uncontrolled' && row.risk_class !== 'uncontrolled') {
    out.push({
      event: 'uncontrolled', dedupeKey: `uncontrolled:${row.id}:${Date.now()}`, title: `Uncontrolled risk: ${row.vuln_id} in ${where}`,
      text: `${row.vuln_id} in ${where} is now an uncontrolled risk of patient harm (${a.riskWhy}) ${uncontrolledClocksText(rules ?? [], new Date(row.first_seen_at).toISOString().slice(0, 10))}`,
      finding: findingOf(row),
    });
  }
  return out;
}

/** The scoring columns of `findings` for one batch, as parallel arrays (for unnest). */
export interface FindingScoreColumns {
  readonly id: readonly string[];
  readonly risk: readonly (string | null)[];
  readonly priority: readonly number[];
  /** priority_factors as JSON text. */
  readonly factors: readonly string[];
}

/**
 * An analysis being written with the scores (triage's writeAnalysis): the findings are scored
 * as if they already had `analysisState`, and `write` stores the analysis and the scoring
 * columns in one UPDATE per batch — updating the same rows twice would double the cost of a
 * bulk change.
 */
export interface PendingAnalysis {
  readonly analysisState: NonNullable<InputRow['analysis_state']>;
  readonly write: (columns: FindingScoreColumns) => Promise<void>;
}

async function scoreBatch(tx: Tx, orgId: string, ids: readonly string[], pending?: PendingAnalysis): Promise<number> {
  const loaded = await loadInputs(tx, orgId, ids);
  if (loaded.length === 0) return 0;
  const rows = pending ? loaded.map((r) => ({ ...r, analysis_state: pending.analysisState })) : loaded;
  const records = await loadRecords(tx, orgId, [...new Set(rows.map((r) => r.vuln_id))]);
  const assessed = rows.map((row) => ({ row, a: assess(inputsOf(row, records.get(row.vuln_id) ?? [])) }));

  const u = { id: [] as string[], risk: [] as (string | null)[], priority: [] as number[], factors: [] as string[] };
  const s = { id: [] as string[], kev: [] as string[], epss: [] as (number | null)[], records: [] as (string | null)[], stage: [] as string[], analysis: [] as (string | null)[], status: [] as string[], env: [] as (string | null)[], severity: [] as (string | null)[], result: [] as string[] };
  const events: { finding_id: string; org_id: string; kind: 'scored'; detail: string }[] = [];
  const notifications: Notification[] = [];
  // The clocks an uncontrolled-risk notice names are the organization's, read only when a finding turns uncontrolled.
  const turning = assessed.some(({ row, a }) => a.riskClass === 'uncontrolled' && row.risk_class !== 'uncontrolled');
  const rules = turning ? (await loadPolicy(tx, orgId)).rules : undefined;
  for (const { row, a } of assessed) {
    u.id.push(row.id);
    u.risk.push(a.riskClass);
    u.priority.push(a.priority);
    u.factors.push(JSON.stringify(a.factors));
    s.id.push(row.id);
    s.kev.push(String(Boolean(row.kev)));
    s.epss.push(row.epss ?? null);
    s.records.push(row.records_digest);
    s.stage.push(row.lifecycle_stage);
    s.analysis.push(row.analysis_state);
    s.status.push(row.status);
    s.env.push(row.environment_at ? new Date(row.environment_at).toISOString() : null);
    s.severity.push(a.effective?.severity ?? null);
    s.result.push(JSON.stringify(a));
    if (a.riskClass !== row.risk_class) events.push({ finding_id: row.id, org_id: orgId, kind: 'scored', detail: JSON.stringify({ from: row.risk_class, to: a.riskClass, why: a.riskWhy, priority: a.priority }) });
    notifications.push(...notificationsFor(row, a, rules));
  }
  if (pending) await pending.write(u);
  else {
    await sql`update findings f set risk_class = u.risk, priority = u.priority, priority_factors = u.factors::jsonb
      from unnest(${arrayLiteral(u.id)}::uuid[], ${arrayLiteral(u.risk)}::text[], ${arrayLiteral(u.priority)}::int[], ${arrayLiteral(u.factors)}::text[]) as u(id, risk, priority, factors)
      where f.id = u.id and f.org_id = ${orgId}
        and (f.risk_class is distinct from u.risk or f.priority <> u.priority or f.priority_factors <> u.factors::jsonb)`.execute(tx);
  }
  await sql`insert into finding_scores (finding_id, org_id, scored_at, scored_kev, scored_epss, scored_records, scored_stage, scored_analysis, scored_status, scored_environment, severity, result)
    select u.id, ${orgId}::uuid, date_trunc('milliseconds', now()), u.kev, u.epss, u.records, u.stage, u.analysis, u.status, u.env, u.severity, u.result::jsonb
    from unnest(${arrayLiteral(s.id)}::uuid[], ${arrayLiteral(s.kev)}::boolean[], ${arrayLiteral(s.epss)}::float8[], ${arrayLiteral(s.records)}::text[], ${arrayLiteral(s.stage)}::text[],
      ${arrayLiteral(s.analysis)}::text[], ${arrayLiteral(s.status)}::text[], ${arrayLiteral(s.env)}::timestamptz[], ${arrayLiteral(s.severity)}::text[], ${arrayLiteral(s.result)}::text[])
      as u(id, kev, epss, records, stage, analysis, status, env, severity, result)
    on conflict (finding_id) do update set scored_at = excluded.scored_at, scored_kev = excluded.scored_kev, scored_epss = excluded.scored_epss,
      scored_records = excluded.scored_records, scored_stage = excluded.scored_stage, scored_analysis = excluded.scored_analysis, scored_status = excluded.scored_status,
      scored_environment = excluded.scored_environment, severity = excluded.severity, result = excluded.result`.execute(tx);
  if (events.length > 0) await tx.insertInto('finding_events').values(events).execute();
  await syncClocks(
    tx,
    orgId,
    assessed.map(({ row, a }) => ({ findingId: row.id, firstSeenAt: new Date(row.first_seen_at), open: row.status === 'affected' && !EXCLUDING_ANALYSIS.has(row.analysis_state ?? ''), riskClass: a.riskClass, severity: a.effective?.severity ?? null })),
  );
  await queueNotifications(tx, orgId, notifications);
  return rows.length;
}

/**
 * Rescores findings whose inputs changed, in the caller's transaction: by id (an analysis
 * change, the findings engine, a scoring-input edit), every finding of some vulnerabilities
 * (KEV, EPSS and record imports) or of some releases (a lifecycle-stage change). With
 * `pending`, the analysis being written is scored and stored with the scores. Returns how many
 * were scored.
 */
export async function rescoreFindings(tx: Tx, orgId: string, target: RescoreTarget, pending?: PendingAnalysis): Promise<number> {
  let ids: string[];
  if ('vulnIds' in target) {
    if (target.vulnIds.length === 0) return 0;
    ids = (await tx.selectFrom('findings').select('id').where('org_id', '=', orgId).where('vuln_id', '=', sql<string>`any(${arrayLiteral(target.vulnIds)}::text[])`).execute()).map((r) => r.id);
  } else if ('releaseIds' in target) {
    if (target.releaseIds.length === 0) return 0;
    ids = (await tx.selectFrom('findings').select('id').where('org_id', '=', orgId).where('release_id', '=', sql<string>`any(${arrayLiteral(target.releaseIds)}::uuid[])`).execute()).map((r) => r.id);
  } else ids = [...target];
  let scored = 0;
  for (let i = 0; i < ids.length; i += BATCH) scored += await scoreBatch(tx, orgId, ids.slice(i, i + BATCH), pending);
  return scored;
}

/**
 * One window of the safety-net sweep (./sweep.ts): the organization's next `limit` findings
 * in id order after `after`, of which those whose inputs differ from what their last scoring
 * used — never scored, KEV listing, EPSS, the vulnerability's records, the release's lifecycle
 * stage, the analysis state, the finding's status or the product's environment — are
 * rescored. Closed findings count only when their status itself moved (their priority is 0
 * whatever else changed). Every write that changes an input rescores what it changed itself;
 * this finds what none did.
 */
export async function rescoreStale(tx: Tx, orgId: string, window: { readonly after: string | null; readonly limit: number }): Promise<{ examined: number; rescored: number; last: string | null }> {
  const stale = sql<boolean>`(f.status = 'affected' or s.scored_status is distinct from f.status)
    and (s.scored_at is null or s.scored_kev is distinct from (k.cve_id is not null) or s.scored_epss is distinct from e.epss
      or s.scored_stage is distinct from r.lifecycle_stage or s.scored_analysis is distinct from f.analysis_state or s.scored_status is distinct from f.status
      or s.scored_environment is distinct from pe.updated_at or s.scored_records is distinct from ${recordsDigest})`;
  const rows = await inputsQuery(tx, orgId)
    .select(['f.id', stale.as('stale')])
    .$if(window.after !== null, (q) => q.where('f.id', '>', window.after!))
    .orderBy('f.id')
    .limit(window.limit)
    .execute();
  const rescored = await rescoreFindings(tx, orgId, rows.filter((r) => r.stale).map((r) => r.id));
  return { examined: rows.length, rescored, last: rows.at(-1)?.id ?? null };
}
