import type { TraceMatrix } from './trace.js';
import { LABELING_SET } from './catalog.js';

/**
 * The premarket cybersecurity package of a release, assembled from gathered records (pure).
 * Every section names the records it came from; a missing input is a gap stated as such —
 * nothing is written in its place. The checklist is the sections' status, one line each.
 */

export type SectionStatus = 'present' | 'partial' | 'gap';

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly status: SectionStatus;
  /** The records the section was built from (empty for a gap). */
  readonly sources: readonly string[];
  readonly gaps: readonly string[];
  readonly paragraphs: readonly string[];
  readonly table?: Table;
  /** Files in the zip holding this section's machine-readable part. */
  readonly artifacts: readonly string[];
}

export interface PackageInput {
  readonly generatedAt: string;
  readonly org: { readonly name: string; readonly slug: string };
  readonly product: { readonly id: string; readonly name: string; readonly manufacturer: string | null; readonly modelNumbers: readonly string[]; readonly deviceClass: string | null; readonly intendedUse: string | null };
  readonly release: { readonly id: string; readonly version: string; readonly lifecycleStage: string; readonly releaseDate: string | null; readonly endOfLifeDate: string | null; readonly endOfGuaranteedSupportDate: string | null; readonly endOfSupportDate: string | null };
  readonly sbom: {
    readonly id: string;
    readonly revision: number;
    readonly format: string;
    readonly specVersion: string;
    readonly importedAt: string;
    readonly components: readonly { readonly name: string; readonly version: string | null; readonly purl: string | null; readonly supplier: string | null; readonly levelOfSupport: string | null; readonly endOfSupport: string | null }[];
  } | null;
  /** Open findings of the release; null when it has no SBOM (nothing was assessed). */
  readonly findings: readonly { readonly id: string; readonly vulnId: string; readonly component: string; readonly state: string | null; readonly justification: string | null; readonly detail: string | null; readonly riskClass: string | null; readonly kev: boolean }[] | null;
  /** Whether the VEX documents could be written (and validated); the reason when not. */
  readonly vex: { readonly ok: true; readonly files: readonly string[] } | { readonly ok: false; readonly reason: string } | null;
  readonly risks: readonly { readonly id: string; readonly title: string; readonly initialClass: string; readonly residualClass: string; readonly status: string; readonly acceptedBy: string | null; readonly findings: number }[];
  readonly threatModel: {
    readonly id: string;
    readonly scope: 'release' | 'product';
    readonly version: number;
    readonly updatedAt: string;
    readonly title: string;
    readonly facts: { readonly assets: number; readonly boundaries: number; readonly interfaces: number; readonly crossingInterfaces: readonly string[]; readonly threats: number; readonly unmitigatedThreats: readonly string[]; readonly mitigations: number };
  } | null;
  readonly matrix: TraceMatrix;
  readonly evidence: readonly { readonly id: string; readonly kind: string; readonly fileName: string; readonly tool: string | null; readonly sha256: string; readonly importedAt: string; readonly summary: Record<string, unknown>; readonly zipPath: string }[];
  readonly postmarket: {
    readonly rules: readonly { readonly rule: string; readonly clock: string; readonly days: number | null; readonly kind: string; readonly source: string; readonly isDefault: boolean }[];
    readonly reportFormPath: string;
    readonly intakeKeyFingerprint: string | null;
    readonly csafKeyFingerprint: string | null;
    readonly publishedAdvisories: number;
    readonly customerContacts: number;
  };
}

export interface PremarketPackage {
  readonly title: string;
  readonly generatedAt: string;
  readonly subject: PackageInput['product'] & { readonly release: PackageInput['release']; readonly organization: string };
  readonly sections: readonly Section[];
  readonly checklist: readonly { readonly id: string; readonly title: string; readonly status: SectionStatus; readonly sources: readonly string[]; readonly gaps: readonly string[] }[];
}

const status = (present: boolean, gaps: readonly string[]): SectionStatus => (!present ? 'gap' : gaps.length > 0 ? 'partial' : 'present');
const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

function sbomSection(i: PackageInput): Section {
  const s = i.sbom;
  if (!s) return { id: 'sbom', title: 'Software bill of materials', status: 'gap', sources: [], gaps: ['No SBOM imported for this release'], paragraphs: [], artifacts: [] };
  const noSupplier = s.components.filter((c) => !c.supplier).length;
  const noVersion = s.components.filter((c) => !c.version).length;
  const gaps = [...(noSupplier ? [`${noSupplier} component(s) without a supplier`] : []), ...(noVersion ? [`${noVersion} component(s) without a version`] : [])];
  return {
    id: 'sbom',
    title: 'Software bill of materials',
    status: status(true, gaps),
    sources: [`SBOM ${s.id} (revision ${s.revision}, imported ${s.importedAt.slice(0, 10)} as ${s.format} ${s.specVersion})`],
    gaps,
    paragraphs: [`${s.components.length} components. Written from the stored SBOM as CycloneDX 1.6 and SPDX 2.3, each validated against its schema.`],
    table: { columns: ['Component', 'Version', 'Supplier', 'purl'], rows: s.components.map((c) => [c.name, dash(c.version), dash(c.supplier), dash(c.purl)]) },
    artifacts: ['sbom/sbom.cdx.json', 'sbom/sbom.spdx.json'],
  };
}

function vulnerabilitySection(i: PackageInput): Section {
  const f = i.findings;
  if (!f) return { id: 'vulnerabilities', title: 'Known-vulnerability assessment (VEX)', status: 'gap', sources: [], gaps: ['No SBOM, so no known-vulnerability assessment'], paragraphs: [], artifacts: [] };
  const unanalysed = f.filter((x) => x.state === null || x.state === 'in_triage').length;
  const gaps = [...(unanalysed ? [`${unanalysed} of ${f.length} open finding(s) without an analysis (no VEX rationale)`] : []), ...(i.vex && !i.vex.ok ? [`VEX not written: ${i.vex.reason}`] : [])];
  return {
    id: 'vulnerabilities',
    title: 'Known-vulnerability assessment (VEX)',
    status: status(true, gaps),
    sources: [`Findings of release ${i.release.version} matched against SBOM ${i.sbom!.id} (${f.length} open)`, ...(i.vex?.ok ? [`VEX written from the findings’ analyses: ${i.vex.files.join(', ')}`] : [])],
    gaps,
    paragraphs: [`${f.length} open finding(s); ${f.filter((x) => x.kev).length} in CISA KEV; ${f.filter((x) => x.riskClass === 'uncontrolled').length} with uncontrolled risk.`],
    table: { columns: ['Vulnerability', 'Component', 'KEV', 'VEX state', 'Rationale', 'Risk'], rows: f.map((x) => [x.vulnId, x.component, x.kev ? 'yes' : 'no', dash(x.state), dash([x.justification, x.detail].filter(Boolean).join(': ')), dash(x.riskClass)]) },
    artifacts: i.vex?.ok ? [...i.vex.files] : [],
  };
}

function riskSection(i: PackageInput): Section {
  if (i.risks.length === 0) return { id: 'risk', title: 'Security risk management', status: 'gap', sources: [], gaps: ['No risk register items for this product'], paragraphs: [], artifacts: [] };
  const open = i.risks.filter((r) => r.residualClass === 'uncontrolled' && r.status !== 'accepted' && r.status !== 'closed');
  const gaps = open.length ? [`${open.length} item(s) with uncontrolled residual risk, not accepted`] : [];
  const count = (k: 'initialClass' | 'residualClass', c: string) => i.risks.filter((r) => r[k] === c).length;
  return {
    id: 'risk',
    title: 'Security risk management',
    status: status(true, gaps),
    sources: [`Risk register of ${i.product.name} (${i.risks.length} item(s))`],
    gaps,
    paragraphs: [`Before controls: ${count('initialClass', 'uncontrolled')} uncontrolled, ${count('initialClass', 'controlled')} controlled. After controls: ${count('residualClass', 'uncontrolled')} uncontrolled, ${count('residualClass', 'controlled')} controlled. ${i.risks.filter((r) => r.status === 'accepted').length} accepted.`],
    table: { columns: ['Risk item', 'Before', 'Residual', 'Status', 'Accepted by', 'Findings'], rows: i.risks.map((r) => [r.title, r.initialClass, r.residualClass, r.status, dash(r.acceptedBy), String(r.findings)]) },
    artifacts: ['risk/risk-register.csv', 'risk/summary.json'],
  };
}

function threatSection(i: PackageInput): Section {
  const t = i.threatModel;
  if (!t) return { id: 'threat-model', title: 'Threat model', status: 'gap', sources: [], gaps: ['No threat model for this product or release'], paragraphs: [], artifacts: [] };
  const gaps = t.facts.unmitigatedThreats.length ? [`Threat(s) without a mitigation: ${t.facts.unmitigatedThreats.join(', ')}`] : [];
  return {
    id: 'threat-model',
    title: 'Threat model',
    status: status(true, gaps),
    sources: [`Threat model ${t.id} “${t.title}” (${t.scope === 'release' ? 'this release' : 'the product'}, version ${t.version}, saved ${t.updatedAt.slice(0, 10)})`],
    gaps,
    paragraphs: [`${t.facts.assets} assets in ${t.facts.boundaries} trust boundaries, ${t.facts.interfaces} interfaces (${t.facts.crossingInterfaces.length} crossing a boundary), ${t.facts.threats} threats, ${t.facts.mitigations} mitigations.`],
    artifacts: ['threat-model/threat-model.json'],
  };
}

const STATUS_WORDS = { verified: 'verified', failed: 'FAILED', not_verified: 'not verified', not_applicable: 'not applicable' } as const;

function matrixTable(rows: TraceMatrix['rows']): Table {
  return {
    columns: ['Requirement', 'Design / mitigation', 'Verification', 'Evidence', 'Status', 'Gaps'],
    rows: rows.map((r) => [
      `${r.requirement.ref} ${r.requirement.title}`,
      dash([r.requirement.design, ...r.mitigations.map((m) => `${m.id} ${m.title}`)].filter(Boolean).join('; ')),
      r.requirement.verificationMethod,
      dash(r.verifications.map((v) => `${v.label} (${v.outcome})`).join('; ')),
      STATUS_WORDS[r.status],
      dash(r.gaps.join('; ')),
    ]),
  };
}

function traceSection(i: PackageInput): Section {
  const m = i.matrix;
  if (m.rows.length === 0) return { id: 'traceability', title: 'Traceability matrix', status: 'gap', sources: [], gaps: ['No security requirements for this product'], paragraphs: [], artifacts: [] };
  const gaps = m.withGaps ? [`${m.withGaps} of ${m.rows.length} requirement(s) with gaps`] : [];
  return {
    id: 'traceability',
    title: 'Traceability matrix',
    status: status(true, gaps),
    sources: [`Requirements catalog of ${i.product.name} (${m.rows.length})`, `Evidence of release ${i.release.version} (${i.evidence.length} file(s))`],
    gaps,
    paragraphs: [`${m.counts.verified} verified, ${m.counts.failed} failed, ${m.counts.not_verified} not verified, ${m.counts.not_applicable} not applicable.`],
    table: matrixTable(m.rows),
    artifacts: ['traceability/matrix.json', 'traceability/matrix.csv'],
  };
}

function testingSection(i: PackageInput): Section {
  if (i.evidence.length === 0) return { id: 'testing', title: 'Testing evidence summary', status: 'gap', sources: [], gaps: ['No test or analysis evidence imported for this release'], paragraphs: [], artifacts: [] };
  const n = (e: PackageInput['evidence'][number], k: string) => Number(e.summary[k] ?? 0);
  const failing = i.evidence.filter((e) => (e.kind === 'junit' ? n(e, 'failed') + n(e, 'error') : n(e, 'failedRules')) > 0);
  const gaps = failing.map((e) => `${e.fileName}: ${e.kind === 'junit' ? `${n(e, 'failed') + n(e, 'error')} failing test(s)` : `${n(e, 'failedRules')} rule(s) with error-level results`}`);
  return {
    id: 'testing',
    title: 'Testing evidence summary',
    status: status(true, gaps),
    sources: i.evidence.map((e) => `Evidence ${e.id}: ${e.fileName} (${e.kind.toUpperCase()}, sha256 ${e.sha256.slice(0, 12)}…, imported ${e.importedAt.slice(0, 10)})`),
    gaps,
    paragraphs: [],
    table: {
      columns: ['File', 'Kind', 'Tool', 'Result'],
      rows: i.evidence.map((e) => [e.fileName, e.kind, dash(e.tool), e.kind === 'junit' ? `${n(e, 'tests')} tests: ${n(e, 'passed')} passed, ${n(e, 'failed')} failed, ${n(e, 'error')} errors, ${n(e, 'skipped')} skipped` : `${n(e, 'rules')} rules, ${n(e, 'results')} results (${n(e, 'error')} error, ${n(e, 'warning')} warning, ${n(e, 'note')} note), ${n(e, 'ignored')} suppressed or not failures`]),
    },
    artifacts: ['testing/summary.json', ...i.evidence.map((e) => e.zipPath)],
  };
}

function supportSection(i: PackageInput): Section {
  const r = i.release;
  const gaps: string[] = [];
  if (!r.endOfSupportDate) gaps.push('No end-of-support date for the release');
  if (!r.endOfLifeDate) gaps.push('No end-of-life date for the release');
  const comps = i.sbom?.components ?? [];
  if (!i.sbom) gaps.push('No SBOM: component support levels unknown');
  const noLevel = comps.filter((c) => !c.levelOfSupport).length;
  const noEos = comps.filter((c) => !c.endOfSupport).length;
  if (noLevel) gaps.push(`${noLevel} component(s) without a level of support`);
  if (noEos) gaps.push(`${noEos} component(s) without an end-of-support date`);
  const present = Boolean(r.endOfSupportDate || r.endOfLifeDate || i.sbom);
  return {
    id: 'support',
    title: 'Support and end-of-support plan',
    status: status(present, gaps),
    sources: present ? [`Release ${r.version} record (lifecycle stage ${r.lifecycleStage})`, ...(i.sbom ? [`SBOM ${i.sbom.id} component support data`] : [])] : [],
    gaps,
    paragraphs: present ? [`Release date ${dash(r.releaseDate)}; end of life ${dash(r.endOfLifeDate)}; end of guaranteed support ${dash(r.endOfGuaranteedSupportDate)}; end of support ${dash(r.endOfSupportDate)}.`] : [],
    ...(comps.length ? { table: { columns: ['Component', 'Version', 'Level of support', 'End of support'], rows: comps.map((c) => [c.name, dash(c.version), dash(c.levelOfSupport), dash(c.endOfSupport)]) } } : {}),
    artifacts: present ? ['support/support-plan.json'] : [],
  };
}

function postmarketSection(i: PackageInput): Section {
  const p = i.postmarket;
  const gaps: string[] = [];
  if (!p.csafKeyFingerprint) gaps.push('No CSAF signing key: machine-readable advisories cannot be published');
  if (p.customerContacts === 0) gaps.push('No customer contacts for the product: vulnerability notices have no recipients');
  const custom = p.rules.filter((r) => !r.isDefault).length;
  return {
    id: 'postmarket',
    title: 'Postmarket cybersecurity management plan',
    status: status(true, gaps),
    sources: [
      `SLA policy of ${i.org.name} (${custom ? `${custom} rule(s) set by the organization, the rest` : 'all rules'} Vigil defaults)`,
      `CVD intake: public report form ${p.reportFormPath}${p.intakeKeyFingerprint ? `, OpenPGP intake key ${p.intakeKeyFingerprint}` : ''}`,
      ...(p.csafKeyFingerprint ? [`CSAF provider: signing key ${p.csafKeyFingerprint}, ${p.publishedAdvisories} published advisory(ies)`] : []),
      `Customer contacts of ${i.product.name} (${p.customerContacts})`,
    ],
    gaps,
    paragraphs: [
      `Vulnerabilities are reported through ${p.reportFormPath}${p.intakeKeyFingerprint ? ' (encrypted reports accepted)' : ''}; findings are matched against the release SBOM as intelligence arrives and each runs the clocks below.`,
    ],
    table: { columns: ['Rule', 'Clock', 'Days', 'Kind', 'Source'], rows: p.rules.map((r) => [r.rule, r.clock, r.days === null ? 'no clock' : String(r.days), r.kind, r.source]) },
    artifacts: ['postmarket/plan.json'],
  };
}

function labelingSection(i: PackageInput): Section {
  const rows = i.matrix.rows.filter((r) => r.requirement.source === LABELING_SET);
  if (rows.length === 0) return { id: 'labeling', title: 'Customer security documentation (labeling)', status: 'gap', sources: [], gaps: ['No labeling requirements in the product catalog (add the built-in labeling set)'], paragraphs: [], artifacts: [] };
  const missing = rows.filter((r) => r.status !== 'not_applicable' && !r.requirement.design?.trim());
  const gaps = missing.length ? [`${missing.length} labeling item(s) without the document that covers them: ${missing.map((r) => r.requirement.ref).join(', ')}`] : [];
  return {
    id: 'labeling',
    title: 'Customer security documentation (labeling)',
    status: status(true, gaps),
    sources: [`Labeling requirements of ${i.product.name} (${rows.length})`],
    gaps,
    paragraphs: [],
    table: { columns: ['Item', 'Documented in', 'Status'], rows: rows.map((r) => [`${r.requirement.ref} ${r.requirement.title}`, dash(r.requirement.design), STATUS_WORDS[r.status]]) },
    artifacts: ['labeling/labeling.json'],
  };
}

export function assemblePackage(i: PackageInput): PremarketPackage {
  const sections = [sbomSection(i), vulnerabilitySection(i), riskSection(i), threatSection(i), traceSection(i), testingSection(i), supportSection(i), postmarketSection(i), labelingSection(i)];
  return {
    title: `Premarket cybersecurity package: ${i.product.name} ${i.release.version}`,
    generatedAt: i.generatedAt,
    subject: { ...i.product, release: i.release, organization: i.org.name },
    sections,
    checklist: sections.map((s) => ({ id: s.id, title: s.title, status: s.status, sources: s.sources, gaps: s.gaps })),
  };
}
