import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import type { ControlKind } from '../../platform/db/schema.js';
import { notFound, Problem } from '../../platform/http/problem.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { bandOf, computeExposurePriority } from './priority.js';
import { recomputeExposure, refreshExposure } from './recompute.js';

/** Exposure reads (dashboard, lists, one asset), match decisions and compensating controls. */

export const EXPOSURE_RECOMPUTE_JOB = 'exposure.recompute';
const ACTIVE = ['known_affected', 'under_investigation'] as const;

const utcToday = (now: Date) => now.toISOString().slice(0, 10);
const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The dashboard: the three headline questions and the charts. */
export async function exposureSummary(db: Db, ctx: OrgContext, now = new Date()) {
  authorize(ctx, 'exposure.read');
  const today = utcToday(now);
  const kevRows = await db
    .selectFrom('exposures as e')
    .innerJoin('assets as a', 'a.id', 'e.asset_id')
    .select(['a.id', 'a.manufacturer', 'a.model', 'a.serial', 'a.department', 'a.network_zone', 'a.clinical_criticality', 'e.vuln_id', 'e.priority', 'e.base_priority', 'e.control_ids'])
    .where('e.org_id', '=', ctx.orgId)
    .where('e.kev', '=', true)
    .where('e.status', 'in', [...ACTIVE])
    .where('a.patient_connected', '=', true)
    .orderBy('e.priority', 'desc')
    .limit(2000)
    .execute();
  const controlIds = [...new Set(kevRows.flatMap((r) => r.control_ids))];
  const controls = controlIds.length === 0 ? [] : await db.selectFrom('compensating_controls').select(['id', 'kind', 'description', 'scope', 'scope_value', 'status']).where('org_id', '=', ctx.orgId).where('id', 'in', controlIds).execute();
  const byAsset = new Map<string, { assetId: string; manufacturer: string; model: string; serial: string; department: string | null; networkZone: string | null; criticality: string | null; vulnerabilities: string[]; priority: number; compensatedBy: { id: string; kind: string; description: string }[] }>();
  for (const r of kevRows) {
    const entry = byAsset.get(r.id) ?? { assetId: r.id, manufacturer: r.manufacturer, model: r.model, serial: r.serial, department: r.department, networkZone: r.network_zone, criticality: r.clinical_criticality, vulnerabilities: [], priority: 0, compensatedBy: [] };
    entry.vulnerabilities.push(r.vuln_id);
    entry.priority = Math.max(entry.priority, r.priority);
    for (const id of r.control_ids) {
      const c = controls.find((x) => x.id === id);
      if (c && !entry.compensatedBy.some((x) => x.id === id)) entry.compensatedBy.push({ id: c.id, kind: c.kind, description: c.description });
    }
    byAsset.set(r.id, entry);
  }
  const endOfSupport = await db
    .selectFrom('vendor_releases as r')
    .innerJoin('vendor_products as p', 'p.id', 'r.product_id')
    .innerJoin('vendors as v', 'v.id', 'r.vendor_id')
    .innerJoin('asset_release_matches as m', 'm.vendor_release_id', 'r.id')
    .innerJoin('assets as a', (j) => j.onRef('a.id', '=', 'm.asset_id').on('a.archived', '=', false))
    .select(['r.id', 'v.name as vendor', 'p.name as product', 'r.version', 'r.end_of_support_date', 'r.lifecycle_stage', sql<number>`count(*)::int`.as('assets')])
    .where('r.org_id', '=', ctx.orgId)
    .where('r.end_of_support_date', '>=', today)
    .where('r.end_of_support_date', '<=', plusDays(today, 365))
    .groupBy(['r.id', 'v.name', 'p.name', 'r.version', 'r.end_of_support_date', 'r.lifecycle_stage'])
    .orderBy('r.end_of_support_date')
    .execute();
  const chart = async (column: 'a.department' | 'a.clinical_criticality' | 'v.name') => {
    const rows = await db
      .selectFrom('exposures as e')
      .innerJoin('assets as a', 'a.id', 'e.asset_id')
      .innerJoin('vendor_releases as r', 'r.id', 'e.vendor_release_id')
      .innerJoin('vendors as v', 'v.id', 'r.vendor_id')
      .select([sql<string | null>`${sql.ref(column)}`.as('label'), sql<number>`count(distinct e.asset_id)::int`.as('assets'), sql<number>`count(distinct e.asset_id) filter (where e.kev)::int`.as('kev'), sql<number>`count(*)::int`.as('exposures')])
      .where('e.org_id', '=', ctx.orgId)
      .where('e.status', 'in', [...ACTIVE])
      .groupBy(sql.ref(column))
      .orderBy(sql`count(distinct e.asset_id)`, 'desc')
      .execute();
    return rows.map((r) => ({ label: r.label ?? '(not set)', assets: r.assets, kev: r.kev, exposures: r.exposures }));
  };
  const totals = await sql<{ assets: number; matched: number; exposed: number; kev_exposed: number; overdue: number }>`
    select (select count(*)::int from assets where org_id = ${ctx.orgId} and not archived) as assets,
           (select count(*)::int from asset_release_matches where org_id = ${ctx.orgId} and vendor_release_id is not null) as matched,
           (select count(distinct asset_id)::int from exposures where org_id = ${ctx.orgId} and status in ('known_affected', 'under_investigation')) as exposed,
           (select count(distinct asset_id)::int from exposures where org_id = ${ctx.orgId} and status in ('known_affected', 'under_investigation') and kev) as kev_exposed,
           (select count(*)::int from patch_deployments where org_id = ${ctx.orgId} and state <> 'installed' and due_on < ${today}::date) as overdue`.execute(db);
  const t = totals.rows[0]!;
  return {
    totals: { assets: t.assets, matched: t.matched, exposedAssets: t.exposed, kevExposedAssets: t.kev_exposed, overduePatches: t.overdue },
    kevPatientConnected: [...byAsset.values()],
    endOfSupportWithin12Months: endOfSupport.map((r) => ({ releaseId: r.id, vendor: r.vendor, product: r.product, version: r.version, endOfSupportDate: r.end_of_support_date!, lifecycleStage: r.lifecycle_stage, assets: r.assets })),
    byDepartment: await chart('a.department'),
    byCriticality: await chart('a.clinical_criticality'),
    byVendor: await chart('v.name'),
  };
}

export interface ExposureFilter {
  readonly department?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly kev?: boolean | undefined;
  readonly patientConnected?: boolean | undefined;
  readonly status?: string | undefined;
  readonly vulnId?: string | undefined;
}

export async function listExposures(db: Db, ctx: OrgContext, f: ExposureFilter, limit: number) {
  authorize(ctx, 'exposure.read');
  const rows = await db
    .selectFrom('exposures as e')
    .innerJoin('assets as a', 'a.id', 'e.asset_id')
    .innerJoin('vendor_releases as r', 'r.id', 'e.vendor_release_id')
    .innerJoin('vendor_products as p', 'p.id', 'r.product_id')
    .innerJoin('vendors as v', 'v.id', 'r.vendor_id')
    .select(['e.asset_id', 'a.manufacturer', 'a.model', 'a.serial', 'a.department', 'a.patient_connected', 'a.clinical_criticality', 'e.vuln_id', 'e.status', 'e.kev', 'e.epss', 'e.cvss', 'e.base_priority', 'e.control_points', 'e.priority', 'v.name as vendor', 'p.name as product', 'r.version'])
    .where('e.org_id', '=', ctx.orgId)
    .$if(f.department !== undefined, (q) => q.where('a.department', '=', f.department!))
    .$if(f.vendorId !== undefined, (q) => q.where('v.id', '=', f.vendorId!))
    .$if(f.kev !== undefined, (q) => q.where('e.kev', '=', f.kev!))
    .$if(f.patientConnected !== undefined, (q) => q.where('a.patient_connected', '=', f.patientConnected!))
    .$if(f.status !== undefined, (q) => q.where('e.status', '=', f.status as 'known_affected'))
    .$if(f.vulnId !== undefined, (q) => q.where('e.vuln_id', '=', f.vulnId!))
    .orderBy('e.priority', 'desc')
    .orderBy('e.asset_id')
    .orderBy('e.vuln_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    assetId: r.asset_id, manufacturer: r.manufacturer, model: r.model, serial: r.serial, department: r.department, patientConnected: r.patient_connected, criticality: r.clinical_criticality,
    vulnId: r.vuln_id, status: r.status, kev: r.kev, epss: r.epss, cvss: r.cvss, basePriority: r.base_priority, controlPoints: r.control_points, priority: r.priority, band: bandOf(r.priority),
    vendor: r.vendor, product: r.product, version: r.version,
  }));
}

async function loadAsset(db: Db, orgId: string, assetId: string) {
  const a = await db.selectFrom('assets').selectAll().where('id', '=', assetId).where('org_id', '=', orgId).executeTakeFirst();
  if (!a) throw notFound('asset');
  return a;
}

/** Controls that apply to an asset (by asset, department or zone), in force or planned. */
async function controlsFor(db: Db, orgId: string, a: { id: string; department: string | null; network_zone: string | null }) {
  return db
    .selectFrom('compensating_controls')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'asset'), eb('asset_id', '=', a.id)]),
        ...(a.department ? [eb.and([eb('scope', '=', 'department'), eb('scope_value', '=', a.department)])] : []),
        ...(a.network_zone ? [eb.and([eb('scope', '=', 'zone'), eb('scope_value', '=', a.network_zone)])] : []),
      ]),
    )
    .orderBy('created_at')
    .execute();
}

/** One asset: its match, every vendor statement that applies (not affected ones with the vendor's justification), the priority explained, controls, patches. */
export async function assetExposure(db: Db, ctx: OrgContext, assetId: string) {
  authorize(ctx, 'exposure.read');
  const a = await loadAsset(db, ctx.orgId, assetId);
  const match = await db
    .selectFrom('asset_release_matches as m')
    .leftJoin('vendor_releases as r', 'r.id', 'm.vendor_release_id')
    .leftJoin('vendor_products as p', 'p.id', 'r.product_id')
    .leftJoin('vendors as v', 'v.id', 'r.vendor_id')
    .select(['m.vendor_release_id', 'm.method', 'm.confidence', 'm.reason', 'm.decided_by', 'v.name as vendor', 'p.name as product', 'r.version', 'r.lifecycle_stage', 'r.end_of_support_date'])
    .where('m.asset_id', '=', assetId)
    .executeTakeFirst();
  const controls = await controlsFor(db, ctx.orgId, a);
  const rows = await db
    .selectFrom('exposures as e')
    .leftJoin('vendor_statements as s', 's.id', 'e.statement_id')
    .leftJoin('vendor_documents as d', 'd.id', 's.document_id')
    .select(['e.vuln_id', 'e.status', 'e.kev', 'e.epss', 'e.cvss', 'e.base_priority', 'e.control_points', 'e.priority', 'e.control_ids', 's.justification', 's.detail', 's.remediation_category', 's.remediation', 's.remediation_url', 's.patient_safety', 's.harm', 's.vendor_exploited', 'd.title as document_title', 'd.doc_key as document_key'])
    .where('e.asset_id', '=', assetId)
    .orderBy('e.priority', 'desc')
    .orderBy('e.vuln_id')
    .execute();
  const kevList = new Set((await db.selectFrom('intel_kev').select('cve_id').where('org_id', '=', ctx.orgId).where('cve_id', 'in', rows.length > 0 ? rows.map((r) => r.vuln_id) : ['']).execute()).map((k) => k.cve_id));
  const deployments = await db.selectFrom('patch_deployments').selectAll().where('asset_id', '=', assetId).where('org_id', '=', ctx.orgId).orderBy('due_on').execute();
  return {
    asset: {
      id: a.id, manufacturer: a.manufacturer, model: a.model, serial: a.serial, softwareVersion: a.software_version, firmwareVersion: a.firmware_version, department: a.department, networkZone: a.network_zone,
      location: a.location, criticality: a.clinical_criticality, patientConnected: a.patient_connected,
    },
    match: match ? { vendorReleaseId: match.vendor_release_id, method: match.method, confidence: match.confidence, reason: match.reason, decidedBy: match.decided_by, vendor: match.vendor, product: match.product, version: match.version, lifecycleStage: match.lifecycle_stage, endOfSupportDate: match.end_of_support_date } : null,
    exposures: rows.map((r) => {
      const inForce = controls.filter((c) => r.control_ids.includes(c.id));
      const explained = computeExposurePriority({
        status: r.status, cvss: r.cvss, kev: kevList.has(r.vuln_id), vendorExploited: r.vendor_exploited ?? false, epss: r.epss, criticality: a.clinical_criticality, patientConnected: a.patient_connected, harm: r.harm,
        controls: inForce.map((c) => ({ id: c.id, kind: c.kind, description: c.description })),
      });
      return {
        vulnId: r.vuln_id, status: r.status, kev: r.kev, epss: r.epss, cvss: r.cvss, basePriority: r.base_priority, controlPoints: r.control_points, priority: r.priority, band: bandOf(r.priority),
        factors: explained.factors, justification: r.justification, detail: r.detail, remediationCategory: r.remediation_category, remediation: r.remediation, remediationUrl: r.remediation_url,
        patientSafety: r.patient_safety, harm: r.harm, document: r.document_key ? { key: r.document_key, title: r.document_title } : null, controlIds: r.control_ids,
      };
    }),
    controls: controls.map(presentControl),
    deployments: deployments.map((d) => ({ id: d.id, vulnId: d.vuln_id, state: d.state, availableOn: d.available_on, dueOn: d.due_on, scheduledFor: d.scheduled_for, installedOn: d.installed_on })),
  };
}

// ---- matches

export async function listMatches(db: Db, ctx: OrgContext, state: 'unmatched' | 'auto' | 'confirmed' | 'overridden' | undefined, limit: number) {
  authorize(ctx, 'exposure.read');
  const rows = await db
    .selectFrom('assets as a')
    .leftJoin('asset_release_matches as m', 'm.asset_id', 'a.id')
    .leftJoin('vendor_releases as r', 'r.id', 'm.vendor_release_id')
    .leftJoin('vendor_products as p', 'p.id', 'r.product_id')
    .leftJoin('vendors as v', 'v.id', 'r.vendor_id')
    .select(['a.id', 'a.manufacturer', 'a.model', 'a.serial', 'a.software_version', 'a.department', 'm.method', 'm.confidence', 'm.reason', 'm.vendor_release_id', 'v.name as vendor', 'p.name as product', 'r.version'])
    .where('a.org_id', '=', ctx.orgId)
    .where('a.archived', '=', false)
    .$if(state === 'unmatched', (q) => q.where('m.asset_id', 'is', null))
    .$if(state !== undefined && state !== 'unmatched', (q) => q.where('m.method', '=', state as 'auto'))
    .orderBy('a.manufacturer')
    .orderBy('a.model')
    .orderBy('a.serial')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    assetId: r.id, manufacturer: r.manufacturer, model: r.model, serial: r.serial, softwareVersion: r.software_version, department: r.department,
    state: (r.method ?? 'unmatched') as 'unmatched' | 'auto' | 'confirmed' | 'overridden', confidence: r.confidence, reason: r.reason,
    release: r.vendor_release_id ? { id: r.vendor_release_id, vendor: r.vendor!, product: r.product!, version: r.version! } : null,
  }));
}

/**
 * A person's decision: confirm the automatic match, or override it with another release of
 * the catalog (or with none: "this device is not in any vendor's catalog"). Decisions stick:
 * automatic matching never changes them. Exposure is recomputed.
 */
export async function decideMatch(db: Db, ctx: OrgContext, assetId: string, decision: { confirm: true } | { vendorReleaseId: string | null }) {
  authorize(ctx, 'exposure.write');
  await db.transaction().execute(async (tx) => {
    const asset = await tx.selectFrom('assets').select('id').where('id', '=', assetId).where('org_id', '=', ctx.orgId).executeTakeFirst();
    if (!asset) throw notFound('asset');
    const current = await tx.selectFrom('asset_release_matches').selectAll().where('asset_id', '=', assetId).forUpdate().executeTakeFirst();
    if ('confirm' in decision) {
      if (!current?.vendor_release_id) throw new Problem(409, 'nothing-to-confirm', 'This asset has no match to confirm; choose a release instead.');
      await tx.updateTable('asset_release_matches').set({ method: 'confirmed', confidence: 1, decided_by: ctx.actor.label, updated_at: new Date() }).where('asset_id', '=', assetId).execute();
      await recordAudit(tx, ctx, { action: 'exposure.match_confirm', target: { type: 'asset', id: assetId }, summary: { vendorReleaseId: current.vendor_release_id } });
      return;
    }
    if (decision.vendorReleaseId) {
      const release = await tx.selectFrom('vendor_releases').select('id').where('id', '=', decision.vendorReleaseId).where('org_id', '=', ctx.orgId).executeTakeFirst();
      if (!release) throw new Problem(404, 'not-found', 'No such vendor release in your catalog.', { errors: [{ pointer: '/body/vendorReleaseId', message: 'not in your catalog' }] });
    }
    const values = { vendor_release_id: decision.vendorReleaseId, method: 'overridden' as const, confidence: 1, reason: decision.vendorReleaseId ? 'chosen by a person' : 'a person said no catalog release is this device', decided_by: ctx.actor.label, updated_at: new Date() };
    await tx.insertInto('asset_release_matches').values({ asset_id: assetId, org_id: ctx.orgId, ...values }).onConflict((oc) => oc.column('asset_id').doUpdateSet(values)).execute();
    await recordAudit(tx, ctx, { action: 'exposure.match_override', target: { type: 'asset', id: assetId }, summary: { before: current?.vendor_release_id ?? null, after: decision.vendorReleaseId } });
  });
  await recomputeExposure(db, ctx.orgId);
}

/** Back to automatic matching for one asset (removes the person's decision). */
export async function resetMatch(db: Db, ctx: OrgContext, assetId: string) {
  authorize(ctx, 'exposure.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('asset_release_matches').where('asset_id', '=', assetId).where('org_id', '=', ctx.orgId).returning('vendor_release_id').executeTakeFirst();
    if (!row) throw notFound('match');
    await recordAudit(tx, ctx, { action: 'exposure.match_reset', target: { type: 'asset', id: assetId }, summary: { before: row.vendor_release_id } });
  });
  await refreshExposure(db, ctx.orgId);
}

// ---- compensating controls

function presentControl(c: { id: string; kind: string; description: string; scope: string; asset_id: string | null; scope_value: string | null; vuln_id: string | null; status: string; created_by: string; created_at: Date }) {
  return { id: c.id, kind: c.kind, description: c.description, scope: c.scope, assetId: c.asset_id, scopeValue: c.scope_value, vulnId: c.vuln_id, status: c.status, createdBy: c.created_by, createdAt: c.created_at };
}

export async function listControls(db: Db, ctx: OrgContext) {
  authorize(ctx, 'exposure.read');
  const rows = await db.selectFrom('compensating_controls').selectAll().where('org_id', '=', ctx.orgId).orderBy('created_at').orderBy('id').execute();
  return rows.map(presentControl);
}

export interface NewControl {
  readonly kind: ControlKind;
  readonly description: string;
  readonly scope: 'asset' | 'department' | 'zone';
  readonly assetId?: string | undefined;
  readonly scopeValue?: string | undefined;
  readonly vulnId?: string | undefined;
  readonly status?: 'planned' | 'implemented' | 'verified' | undefined;
}

export async function createControl(db: Db, ctx: OrgContext, input: NewControl) {
  authorize(ctx, 'exposure.write');
  if (input.scope === 'asset' && !input.assetId) throw new Problem(400, 'validation', 'An asset control names its asset.', { errors: [{ pointer: '/body/assetId', message: 'required for scope asset' }] });
  if (input.scope !== 'asset' && !input.scopeValue) throw new Problem(400, 'validation', `A ${input.scope} control names the ${input.scope}.`, { errors: [{ pointer: '/body/scopeValue', message: `required for scope ${input.scope}` }] });
  const row = await db.transaction().execute(async (tx) => {
    if (input.assetId) {
      const a = await tx.selectFrom('assets').select('id').where('id', '=', input.assetId).where('org_id', '=', ctx.orgId).executeTakeFirst();
      if (!a) throw notFound('asset');
    }
    const inserted = await tx
      .insertInto('compensating_controls')
      .values({ org_id: ctx.orgId, kind: input.kind, description: input.description, scope: input.scope, asset_id: input.scope === 'asset' ? input.assetId! : null, scope_value: input.scope === 'asset' ? null : input.scopeValue!, vuln_id: input.vulnId ?? null, status: input.status ?? 'implemented', created_by: ctx.actor.label })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'exposure.control_create', target: { type: 'compensating_control', id: inserted.id }, summary: { after: presentControl(inserted) } });
    return inserted;
  });
  await recomputeExposure(db, ctx.orgId);
  return presentControl(row);
}

export async function deleteControl(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'exposure.write');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('compensating_controls').where('id', '=', id).where('org_id', '=', ctx.orgId).returningAll().executeTakeFirst();
    if (!row) throw notFound('compensating control');
    await recordAudit(tx, ctx, { action: 'exposure.control_delete', target: { type: 'compensating_control', id }, summary: { before: presentControl(row) } });
  });
  await recomputeExposure(db, ctx.orgId);
}

/** Queues the set-based recomputation (matching + exposure) as a job. */
export async function requestRecompute(db: Db, jobs: JobQueue, ctx: OrgContext) {
  authorize(ctx, 'exposure.write');
  return db.transaction().execute(async (tx) => {
    const jobId = await jobs.enqueue(tx, ctx, EXPOSURE_RECOMPUTE_JOB, {});
    await recordAudit(tx, ctx, { action: 'exposure.recompute_requested', target: { type: 'organization', id: ctx.orgId }, summary: { jobId } });
    return { jobId };
  });
}
