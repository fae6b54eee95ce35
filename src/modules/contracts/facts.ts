import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { modelKey, nameKey } from '../exposure/normalize.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import type { Fact } from './checker.js';

/**
 * Every fact a contract is checked against, in one place:
 *  - the facts users record against the contract (they win: a derived fact of the same kind
 *    and subject is dropped, so a person can correct what the tables say);
 *  - the MDS2 statements stored for the vendor's models (an MDS2 delivery on the statement date);
 *  - part B's vendor catalog (migrations/0018_hospital_vendors.sql), for the vendors whose
 *    name key (exposure/normalize.ts) is the contract's vendor name's:
 *      · advisory_published: each CSAF document naming a vulnerability, on its
 *        tracking.initial_release_date (the first publication, not the newest revision);
 *      · vulnerability_published: each vulnerability the vendor has a statement on, on the
 *        earliest publication the hospital's own intelligence (intel_records, by id or alias)
 *        knows, else the CSAF vulnerability's release_date; unknown dates are not guessed;
 *      · patch_available: the earliest of a vendor_fix/fixed statement's document date and
 *        the patch deployments' available_on;
 *      · sbom_delivered: each SBOM document received from the vendor, on its receipt.
 * A contract naming covered models only counts releases whose product name or model number
 * key is one of them.
 */
export async function contractFacts(db: Executor, orgId: string, contract: { id: string; vendor_name: string; covered_models: string[] }): Promise<Fact[]> {
  const manual = await db.selectFrom('contract_facts').selectAll().where('org_id', '=', orgId).where('contract_id', '=', contract.id).orderBy('occurred_at').execute();
  const facts: Fact[] = manual.map((f) => ({ kind: f.kind, subject: f.subject, at: new Date(f.occurred_at).toISOString(), endOfSupportOn: f.end_of_support_on, obligationId: f.obligation_id, source: 'manual' }));
  let mds2 = db
    .selectFrom('mds2_statements')
    .select(['model', 'model_version', 'statement_date', 'created_at'])
    .where('org_id', '=', orgId)
    .where(sql<boolean>`lower(manufacturer) = lower(${contract.vendor_name})`);
  if (contract.covered_models.length > 0) mds2 = mds2.where(sql<boolean>`lower(model) = any(${arrayLiteral(contract.covered_models.map((m) => m.toLowerCase()))}::text[])`);
  for (const s of await mds2.execute()) {
    facts.push({ kind: 'mds2_delivered', subject: null, at: s.statement_date ?? new Date(s.created_at).toISOString(), source: `mds2_statements: ${s.model} ${s.model_version}`.trim() });
  }
  const derived = await vendorFacts(db, orgId, contract);
  const corrected = new Set(facts.map((f) => `${f.kind}\u001f${f.subject ?? ''}`));
  return [...facts, ...derived.filter((f) => !corrected.has(`${f.kind}\u001f${f.subject ?? ''}`))];
}

const iso = (v: string | Date | null | undefined): string | null => {
  if (v === null || v === undefined) return null;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

/** The earliest of each subject's dates (ISO strings compare as dates). */
function earliestBy(entries: readonly { subject: string; at: string | null; source: string }[]): Map<string, { at: string; source: string }> {
  const out = new Map<string, { at: string; source: string }>();
  for (const e of entries) {
    if (!e.at) continue;
    const had = out.get(e.subject);
    if (!had || e.at < had.at) out.set(e.subject, { at: e.at, source: e.source });
  }
  return out;
}

interface CsafContent { document?: { tracking?: { initial_release_date?: string; current_release_date?: string } }; vulnerabilities?: { cve?: string; ids?: { text?: string }[]; release_date?: string }[] }

async function vendorFacts(db: Executor, orgId: string, contract: { vendor_name: string; covered_models: string[] }): Promise<Fact[]> {
  const key = nameKey(contract.vendor_name);
  const vendors = await db.selectFrom('vendors').select('id').where('org_id', '=', orgId).where('name_key', '=', key).execute();
  if (vendors.length === 0) return [];
  const vendorIds = vendors.map((v) => v.id);
  const covered = new Set(contract.covered_models.map(modelKey));
  const releases = await db
    .selectFrom('vendor_releases as r')
    .innerJoin('vendor_products as p', 'p.id', 'r.product_id')
    .select(['r.id', 'p.name', 'p.model_numbers', 'r.model_numbers as release_models'])
    .where('r.org_id', '=', orgId)
    .where('r.vendor_id', 'in', vendorIds)
    .execute();
  const releaseIds = releases.filter((r) => covered.size === 0 || [r.name, ...r.model_numbers, ...r.release_models].some((m) => covered.has(modelKey(m)))).map((r) => r.id);
  const facts: Fact[] = [];

  if (releaseIds.length > 0) {
    const statements = await db
      .selectFrom('vendor_statements as s')
      .leftJoin('vendor_documents as d', 'd.id', 's.document_id')
      .select(['s.vuln_id', 's.status', 's.remediation_category', 'd.id as document_id', 'd.doc_key', 'd.kind as doc_kind', 'd.current_release_date', 'd.received_at', 'd.content'])
      .where('s.org_id', '=', orgId)
      .where('s.vendor_release_id', 'in', releaseIds)
      .execute();
    const vulnIds = [...new Set(statements.map((s) => s.vuln_id))];
    const advisories: { subject: string; at: string | null; source: string }[] = [];
    const csafRelease: { subject: string; at: string | null; source: string }[] = [];
    const patches: { subject: string; at: string | null; source: string }[] = [];
    for (const s of statements) {
      const content = (s.doc_kind === 'csaf' ? s.content : null) as CsafContent | null;
      const docDate = iso(s.current_release_date) ?? iso(s.received_at);
      if (content) {
        advisories.push({ subject: s.vuln_id, at: iso(content.document?.tracking?.initial_release_date) ?? docDate, source: `vendor_documents: ${s.doc_key}` });
        const v = content.vulnerabilities?.find((x) => x.cve === s.vuln_id || x.ids?.some((i) => i.text === s.vuln_id));
        csafRelease.push({ subject: s.vuln_id, at: iso(v?.release_date), source: `vendor_documents: ${s.doc_key} (vulnerability release_date)` });
      }
      if (s.remediation_category === 'vendor_fix' || s.status === 'fixed') patches.push({ subject: s.vuln_id, at: docDate, source: `vendor_documents: ${s.doc_key ?? 'statement'}` });
    }
    if (vulnIds.length > 0) {
      const deployments = await db
        .selectFrom('patch_deployments as pd')
        .innerJoin('vendor_documents as d', 'd.id', 'pd.document_id')
        .select(['pd.vuln_id', sql<string>`min(pd.available_on)::text`.as('available_on')])
        .where('pd.org_id', '=', orgId)
        .where('d.vendor_id', 'in', vendorIds)
        .where(sql<boolean>`pd.vuln_id = any(${arrayLiteral(vulnIds)}::text[])`)
        .groupBy('pd.vuln_id')
        .execute();
      for (const d of deployments) patches.push({ subject: d.vuln_id, at: iso(`${d.available_on}T00:00:00Z`), source: 'patch_deployments' });
      const intel = await db
        .selectFrom('intel_records')
        .select(['vuln_id', 'aliases', 'published'])
        .where('org_id', '=', orgId)
        .where('published', 'is not', null)
        .where(sql<boolean>`(vuln_id = any(${arrayLiteral(vulnIds)}::text[]) or aliases && ${arrayLiteral(vulnIds)}::text[])`)
        .execute();
      const published: { subject: string; at: string | null; source: string }[] = [];
      for (const r of intel) for (const id of [r.vuln_id, ...r.aliases]) if (vulnIds.includes(id)) published.push({ subject: id, at: iso(r.published), source: 'intel_records' });
      const fromIntel = earliestBy(published);
      const fromCsaf = earliestBy(csafRelease);
      for (const id of vulnIds) {
        const p = fromIntel.get(id) ?? fromCsaf.get(id);
        if (p) facts.push({ kind: 'vulnerability_published', subject: id, at: p.at, source: p.source });
      }
    }
    for (const [subject, a] of earliestBy(advisories)) facts.push({ kind: 'advisory_published', subject, at: a.at, source: a.source });
    for (const [subject, p] of earliestBy(patches)) facts.push({ kind: 'patch_available', subject, at: p.at, source: p.source });
  }

  const sboms = await db.selectFrom('vendor_documents').select(['doc_key', 'received_at']).where('org_id', '=', orgId).where('vendor_id', 'in', vendorIds).where('kind', '=', 'sbom').execute();
  for (const s of sboms) facts.push({ kind: 'sbom_delivered', subject: null, at: new Date(s.received_at).toISOString(), source: `vendor_documents: ${s.doc_key}` });
  return facts;
}
