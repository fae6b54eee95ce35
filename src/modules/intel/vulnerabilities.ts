import { sql } from 'kysely';
import { parsePurl, purlToOsvPackage, type NvdConfiguration, type OsvAffected } from '../../core/index.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';
import { fixedIn } from './fixed-in.js';
import { osvPackageKey } from './matching.js';
import { worstSeverity, type SeverityLevel } from './severity.js';

/**
 * The vulnerability views: search by id, alias or package, and one vulnerability merged
 * across its sources' records with KEV, EPSS, the portfolio's releases it affects and the
 * versions that fix it. Records of one vulnerability share its `vuln_id` (see matching.ts).
 */

const AFFECTED_RELEASES_LIMIT = 1000;
const RECORDS_LIMIT = 50;

interface Rating {
  readonly severity_level: SeverityLevel;
  readonly severity_score: number | null;
}

/** The worst of the records' ratings, as level and score. */
function worstOf(records: readonly Rating[]): { level: SeverityLevel; score: number | null } {
  const worst = worstSeverity(records.map((r) => ({ level: r.severity_level, score: r.severity_score, vector: null, source: null })));
  return { level: worst.level, score: worst.score };
}

/** Every other id the records know the vulnerability by: their own ids and aliases. */
function aliasesOf(vulnId: string, records: readonly { record_id: string; aliases: string[] }[]): string[] {
  return [...new Set(records.flatMap((r) => [r.record_id, ...r.aliases]))].filter((id) => id !== vulnId).sort();
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** The index key a package URL is matched under, when the text is one OSV knows. */
function purlPackageKey(text: string): string | undefined {
  if (!text.startsWith('pkg:')) return undefined;
  const purl = parsePurl(text);
  const pkg = purl.ok ? purlToOsvPackage(purl.value) : undefined;
  return pkg ? osvPackageKey(pkg.ecosystem, pkg.name) : undefined;
}

/** Vulnerability ids whose records match the text (id, alias or package), in id order after `after`. */
async function matchingIds(db: Db, orgId: string, text: string | undefined, limit: number, after: string | undefined): Promise<string[]> {
  let q = db.selectFrom('intel_records as r').select('r.vuln_id').distinct().where('r.org_id', '=', orgId);
  if (text) {
    const key = purlPackageKey(text);
    const pattern = likePattern(text);
    q = q.where((eb) =>
      key
        ? eb.exists(eb.selectFrom('intel_record_packages as k').select('k.record_id').whereRef('k.record_id', '=', 'r.id').where('k.package_key', '=', key))
        : eb.or([
            eb('r.vuln_id', 'ilike', pattern),
            eb('r.record_id', 'ilike', pattern),
            sql<boolean>`exists (select 1 from unnest(r.aliases) as a(alias) where a.alias ilike ${pattern})`,
            eb.exists(eb.selectFrom('intel_record_packages as k').select('k.record_id').whereRef('k.record_id', '=', 'r.id').where('k.package_key', 'ilike', pattern)),
          ]),
    );
  }
  if (after) q = q.where('r.vuln_id', '>', after);
  return (await q.orderBy('r.vuln_id').limit(limit).execute()).map((r) => r.vuln_id);
}

export interface VulnerabilitySummary {
  readonly vulnId: string;
  readonly aliases: string[];
  readonly summary: string | null;
  readonly severity: { level: SeverityLevel; score: number | null };
  readonly kev: boolean;
  readonly epss: number | null;
  /** Findings of this vulnerability that are open (status affected). */
  readonly affectedFindings: number;
}

/** One page of the organization's vulnerabilities matching `text` by id, alias or package name / purl. */
export async function searchVulnerabilities(db: Db, ctx: OrgContext, text: string | undefined, limit: number, after?: string): Promise<VulnerabilitySummary[]> {
  authorize(ctx, 'intel.read');
  const ids = await matchingIds(db, ctx.orgId, text?.trim() || undefined, limit, after);
  if (ids.length === 0) return [];
  const [records, kev, epss, findings] = await Promise.all([
    db.selectFrom('intel_records').select(['vuln_id', 'record_id', 'aliases', 'summary', 'details', 'severity_level', 'severity_score']).where('org_id', '=', ctx.orgId).where('vuln_id', 'in', ids).orderBy('record_id').execute(),
    db.selectFrom('intel_kev').select('cve_id').where('org_id', '=', ctx.orgId).where('cve_id', 'in', ids).execute(),
    db.selectFrom('intel_epss').select(['cve_id', 'epss']).where('org_id', '=', ctx.orgId).where('cve_id', 'in', ids).execute(),
    db.selectFrom('findings').select(['vuln_id', sql<number>`count(*)::int`.as('n')]).where('org_id', '=', ctx.orgId).where('status', '=', 'affected').where('vuln_id', 'in', ids).groupBy('vuln_id').execute(),
  ]);
  const kevIds = new Set(kev.map((k) => k.cve_id));
  const epssById = new Map(epss.map((e) => [e.cve_id, e.epss]));
  const findingsById = new Map(findings.map((f) => [f.vuln_id, f.n]));
  return ids.map((vulnId) => {
    const mine = records.filter((r) => r.vuln_id === vulnId);
    const described = mine.find((r) => r.summary) ?? mine.find((r) => r.details);
    return {
      vulnId,
      aliases: aliasesOf(vulnId, mine),
      summary: described ? (described.summary ?? described.details!.slice(0, 300)) : null,
      severity: worstOf(mine),
      kev: kevIds.has(vulnId),
      epss: epssById.get(vulnId) ?? null,
      affectedFindings: findingsById.get(vulnId) ?? 0,
    };
  });
}

/** The vulnerability an id or alias names, or undefined. */
async function resolveVulnId(db: Db, orgId: string, id: string): Promise<string | undefined> {
  const named = await db
    .selectFrom('intel_records')
    .select('vuln_id')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('vuln_id', '=', id), eb('record_id', '=', id), eb(sql<string>`${id}`, '=', sql<string>`any(aliases)`)]))
    .limit(1)
    .executeTakeFirst();
  return named?.vuln_id;
}

async function vulnerabilityRecords(db: Db, orgId: string, vulnId: string) {
  return db
    .selectFrom('intel_records as r')
    .innerJoin('intel_sources as s', 's.id', 'r.source_id')
    .select([
      'r.record_id', 'r.record_kind', 'r.vuln_id', 'r.aliases', 'r.summary', 'r.details', 'r.published', 'r.modified', 'r.withdrawn', 'r.severities', 'r.severity_level', 'r.severity_score',
      'r.cwes', 'r.refs', 'r.affected', 'r.cpe_configurations', 's.id as source_id', 's.name as source_name', 's.kind as source_kind',
    ])
    .where('r.org_id', '=', orgId)
    .where('r.vuln_id', '=', vulnId)
    .orderBy('r.record_id')
    .limit(RECORDS_LIMIT)
    .execute();
}

/** The portfolio's findings of the vulnerability: open ones first, then by product and release. */
async function affectedReleases(db: Db, orgId: string, vulnId: string) {
  return db
    .selectFrom('findings as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['f.id as findingId', 'f.status', 'f.component_name as componentName', 'f.component_version as componentVersion', 'p.id as productId', 'p.name as productName', 'r.id as releaseId', 'r.version as releaseVersion', 'r.lifecycle_stage as lifecycleStage'])
    .where('f.org_id', '=', orgId)
    .where('f.vuln_id', '=', vulnId)
    .orderBy(sql`f.status = 'affected'`, 'desc')
    .orderBy('p.name')
    .orderBy('r.version')
    .orderBy('f.component_name')
    .limit(AFFECTED_RELEASES_LIMIT)
    .execute();
}

/** Every source's view of one vulnerability, found by its id or any alias; undefined when no record names it. */
export async function findVulnerability(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'intel.read');
  const vulnId = await resolveVulnId(db, ctx.orgId, id);
  if (!vulnId) return undefined;
  const [records, kev, epss, releases] = await Promise.all([
    vulnerabilityRecords(db, ctx.orgId, vulnId),
    db
      .selectFrom('intel_kev')
      .select(['cve_id', 'vendor_project', 'product', 'vulnerability_name', 'date_added', 'short_description', 'required_action', 'due_date', 'known_ransomware_campaign_use', 'notes', 'cwes'])
      .where('org_id', '=', ctx.orgId)
      .where('cve_id', '=', vulnId)
      .executeTakeFirst(),
    db.selectFrom('intel_epss').select(['epss', 'percentile', 'score_date']).where('org_id', '=', ctx.orgId).where('cve_id', '=', vulnId).executeTakeFirst(),
    affectedReleases(db, ctx.orgId, vulnId),
  ]);
  return {
    id: vulnId,
    aliases: aliasesOf(vulnId, records),
    severity: worstOf(records),
    records,
    kev: kev ?? null,
    epss: epss ?? null,
    affectedReleases: releases,
    fixedIn: fixedIn(records.map((r) => ({ recordId: r.record_id, affected: r.affected as OsvAffected[], cpeConfigurations: r.cpe_configurations as NvdConfiguration[] }))),
  };
}

/** {@link findVulnerability}, or 404. */
export async function getVulnerability(db: Db, ctx: OrgContext, id: string) {
  const vulnerability = await findVulnerability(db, ctx, id);
  if (!vulnerability) throw notFound('vulnerability');
  return vulnerability;
}
