import { sql } from 'kysely';
import { serializeCycloneDxJson } from '../../formats/cyclonedx/index.js';
import { serializeSpdxJson } from '../../formats/spdx/index.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';
import { loadPolicy } from '../clocks/store.js';
import { riskCsv } from '../risk/export.js';
import { listRisks } from '../risk/service.js';
import { rowsToDocument } from '../sbom/rows.js';
import { loadSbomForExport } from '../sbom/service.js';
import { exportVex } from '../vex/export.js';
import { assemblePackage, type PackageInput, type PremarketPackage } from './package.js';
import { computeMatrix, effectiveThreatModel } from './service.js';
import { threatModelFacts } from './threat-model.js';

/**
 * Reads everything a release's premarket package is built from, through the capabilities that
 * own the records (SBOM export, VEX export, risk register, clocks policy), and returns the
 * assembled package with the machine-readable files that go into the zip.
 */

export interface PackageFiles {
  readonly pkg: PremarketPackage;
  readonly input: PackageInput;
  /** Zip path → content; the renderers add package.html, package.pdf, checklist.json and manifest.json. */
  readonly files: ReadonlyMap<string, string | Buffer>;
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export async function gatherPackage(db: Db, ctx: OrgContext, releaseId: string, publicUrl: string | undefined, now = new Date()): Promise<PackageFiles> {
  authorize(ctx, 'premarket.read');
  const rel = await db
    .selectFrom('releases as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.version', 'r.lifecycle_stage', 'r.release_date', 'r.end_of_life_date', 'r.end_of_guaranteed_support_date', 'r.end_of_support_date', 'p.id as product_id', 'p.name as product_name', 'p.manufacturer', 'p.model_numbers', 'p.device_class', 'p.intended_use', 'o.name as org_name', 'o.slug as org_slug'])
    .where('r.id', '=', releaseId)
    .where('r.org_id', '=', ctx.orgId)
    .executeTakeFirst();
  if (!rel) throw notFound('release');
  const files = new Map<string, string | Buffer>();
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

  // SBOM, written in both formats from the stored rows.
  const sbomRow = await db.selectFrom('sboms').select('id').where('org_id', '=', ctx.orgId).where('release_id', '=', releaseId).where('is_current', '=', true).executeTakeFirst();
  let sbom: PackageInput['sbom'] = null;
  if (sbomRow) {
    const { header, rows } = await loadSbomForExport(db, ctx, sbomRow.id);
    const doc = rowsToDocument(header, rows);
    files.set('sbom/sbom.cdx.json', serializeCycloneDxJson(doc, '1.6').text);
    files.set('sbom/sbom.spdx.json', serializeSpdxJson(doc, '2.3').text);
    sbom = {
      id: header.id,
      revision: header.revision,
      format: header.format,
      specVersion: header.spec_version,
      importedAt: header.imported_at.toISOString(),
      components: rows.map((c) => ({ name: c.grp ? `${c.grp}/${c.name}` : c.name, version: c.version, purl: c.purl, supplier: c.supplier, levelOfSupport: c.level_of_support, endOfSupport: c.end_of_support })),
    };
  }

  // Known vulnerabilities with their analyses, and the VEX written from them.
  let findings: PackageInput['findings'] = null;
  let vex: PackageInput['vex'] = null;
  if (sbom) {
    const rows = await db
      .selectFrom('findings as f')
      .select(['f.id', 'f.vuln_id', 'f.component_name', 'f.component_version', 'f.analysis_state', 'f.analysis_justification', 'f.analysis_detail', 'f.risk_class'])
      .select(sql<boolean>`exists (select 1 from intel_kev k where k.org_id = f.org_id and k.cve_id = f.vuln_id)`.as('kev'))
      .where('f.org_id', '=', ctx.orgId)
      .where('f.release_id', '=', releaseId)
      .where('f.status', '=', 'affected')
      .orderBy('f.vuln_id')
      .orderBy('f.component_name')
      .execute();
    findings = rows.map((f) => ({ id: f.id, vulnId: f.vuln_id, component: `${f.component_name}${f.component_version ? ` ${f.component_version}` : ''}`, state: f.analysis_state, justification: f.analysis_justification, detail: f.analysis_detail, riskClass: f.risk_class, kev: Boolean(f.kev) }));
    try {
      const cdx = await exportVex(db, ctx, releaseId, 'cyclonedx', publicUrl);
      const open = await exportVex(db, ctx, releaseId, 'openvex', publicUrl);
      files.set('vulnerabilities/vex.cdx.json', json(cdx.document));
      files.set('vulnerabilities/vex.openvex.json', json(open.document));
      vex = { ok: true, files: ['vulnerabilities/vex.cdx.json', 'vulnerabilities/vex.openvex.json'] };
    } catch (e) {
      vex = { ok: false, reason: (e as Error).message };
    }
    files.set('vulnerabilities/assessment.json', json(findings));
  }

  // Risk register extract of the product.
  const riskItems = await listRisks(db, ctx, { productId: rel.product_id }, 10_000);
  const risks = riskItems.map((r) => ({ id: r.id, title: r.title, initialClass: r.initialClass, residualClass: r.residualClass, status: r.status, acceptedBy: r.acceptance?.approver ?? null, findings: r.findingIds.length }));
  if (risks.length > 0) {
    files.set('risk/risk-register.csv', await riskCsv(db, ctx, { productId: rel.product_id }));
    files.set('risk/summary.json', json(risks));
  }

  const model = await effectiveThreatModel(db, ctx.orgId, rel.product_id, releaseId);
  if (model) files.set('threat-model/threat-model.json', json(model.document));
  const matrix = await computeMatrix(db, ctx.orgId, rel.product_id, releaseId);

  const evidenceRows = await db.selectFrom('premarket_evidence').select(['id', 'kind', 'file_name', 'tool', 'content_hash', 'imported_at', 'summary', 'content']).where('org_id', '=', ctx.orgId).where('release_id', '=', releaseId).orderBy('imported_at').orderBy('id').execute();
  const evidence = evidenceRows.map((e, n) => ({ id: e.id, kind: e.kind, fileName: e.file_name, tool: e.tool, sha256: e.content_hash, importedAt: e.imported_at.toISOString(), summary: e.summary, zipPath: `testing/evidence/${n + 1}-${safeName(e.file_name)}` }));
  evidenceRows.forEach((e, n) => files.set(evidence[n]!.zipPath, e.content));

  const policy = await loadPolicy(db, ctx.orgId);
  const intakeKey = await db.selectFrom('cvd_intake_keys').select('fingerprint').where('org_id', '=', ctx.orgId).executeTakeFirst();
  const csafKey = await db.selectFrom('csaf_keys').select('fingerprint').where('org_id', '=', ctx.orgId).where('active', '=', true).executeTakeFirst();
  const published = await db.selectFrom('csaf_publications').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', ctx.orgId).executeTakeFirstOrThrow();
  const contacts = await db.selectFrom('customer_contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', ctx.orgId).where('product_id', '=', rel.product_id).executeTakeFirstOrThrow();
  const reportFormPath = `${publicUrl ? publicUrl.replace(/\/$/, '') : ''}/report/${rel.org_slug}`;

  const input: PackageInput = {
    generatedAt: now.toISOString(),
    org: { name: rel.org_name, slug: rel.org_slug },
    product: { id: rel.product_id, name: rel.product_name, manufacturer: rel.manufacturer, modelNumbers: rel.model_numbers, deviceClass: rel.device_class, intendedUse: rel.intended_use },
    release: { id: rel.id, version: rel.version, lifecycleStage: rel.lifecycle_stage, releaseDate: rel.release_date, endOfLifeDate: rel.end_of_life_date, endOfGuaranteedSupportDate: rel.end_of_guaranteed_support_date, endOfSupportDate: rel.end_of_support_date },
    sbom,
    findings,
    vex,
    risks,
    threatModel: model ? { id: model.id, scope: model.releaseId ? 'release' : 'product', version: model.version, updatedAt: model.updatedAt.toISOString(), title: model.document.title, facts: threatModelFacts(model.document) } : null,
    matrix,
    evidence,
    postmarket: {
      rules: policy.rules.map((r) => ({ rule: r.rule, clock: r.clock, days: r.days, kind: r.kind, source: r.source, isDefault: r.isDefault })),
      reportFormPath,
      intakeKeyFingerprint: intakeKey?.fingerprint ?? null,
      csafKeyFingerprint: csafKey?.fingerprint ?? null,
      publishedAdvisories: Number(published.n),
      customerContacts: Number(contacts.n),
    },
  };
  const pkg = assemblePackage(input);
  const section = (id: string) => pkg.sections.find((s) => s.id === id)!;

  files.set('traceability/matrix.json', json(matrix));
  files.set('traceability/matrix.csv', csv(section('traceability').table ?? { columns: ['Requirement', 'Design / mitigation', 'Verification', 'Evidence', 'Status', 'Gaps'], rows: [] }));
  if (evidence.length > 0) files.set('testing/summary.json', json(evidence.map(({ zipPath, ...e }) => ({ ...e, file: zipPath }))));
  if (section('support').status !== 'gap') files.set('support/support-plan.json', json({ release: input.release, components: sbom?.components.map((c) => ({ name: c.name, version: c.version, purl: c.purl, levelOfSupport: c.levelOfSupport, endOfSupport: c.endOfSupport })) ?? [] }));
  files.set('postmarket/plan.json', json(input.postmarket));
  if (section('labeling').status !== 'gap') files.set('labeling/labeling.json', json(matrix.rows.filter((r) => r.requirement.source === 'jsp-labeling').map((r) => ({ ref: r.requirement.ref, title: r.requirement.title, documentedIn: r.requirement.design, status: r.status, gaps: r.gaps }))));
  return { pkg, input, files };
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula get a leading apostrophe. */
export function csv(table: { columns: readonly string[]; rows: readonly (readonly string[])[] }): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [table.columns, ...table.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
