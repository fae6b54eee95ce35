import type { CisaJustification, Justification } from '../vex/model.js';
import { cisaJustificationOf } from '../vex/vocabulary.js';
import type { AdvisoryModel, AdvisoryProduct, AdvisoryVulnerability, CsafProfile, ProductStatusCategory, Remediation, Score, Threat } from './model.js';

/**
 * A draft advisory from what Vigil knows about one vulnerability (pure; the module gathers the
 * input). Each release is a CSAF product under vendor → product name → product version, with
 * the product's model numbers as identification helper; each affected component is its own
 * product (purl/CPE) related to the release by `default_component_of`, so a hospital sees
 * the device and a tool sees the library.
 *
 * Product status per release, from its findings of the vulnerability (the strongest wins:
 * known_affected > under_investigation > fixed > known_not_affected): exploitable →
 * known_affected, not analysed / in_triage → under_investigation, resolved or a fixed finding →
 * fixed, not_affected / false_positive → known_not_affected (with the CISA justification flag
 * and an impact threat, which the VEX profile requires, 6.1.27.9). A release named by a patch
 * plan is a fixed product and the vendor_fix remediation of the affected ones names it.
 *
 * Scores: CVSS v3.x only — CSAF 2.0's schema has cvss_v2 and cvss_v3 and no place for v4.0,
 * so a v4.0 choice falls back to the finding's v3.x source (docs/csaf.md).
 */

export interface DraftFinding {
  readonly releaseId: string;
  readonly status: 'affected' | 'fixed' | 'withdrawn';
  readonly analysisState: string | null;
  readonly justification: string | null;
  readonly responses: readonly string[];
  readonly detail: string | null;
  readonly component: { readonly name: string; readonly version: string | null; readonly purl: string | null; readonly cpe: string | null };
  /** CVSS v3.x of the finding (scoring's choice, else its v3 source). */
  readonly cvss: { readonly version: string; readonly vector: string; readonly base: number; readonly severity: string } | null;
  /** Harm severity and risk class the analyst rated (scoring), for the impact threat. */
  readonly harm: string | null;
  readonly riskClass: string | null;
}

export interface DraftRelease { readonly id: string; readonly product: string; readonly version: string; readonly modelNumbers: readonly string[] }
export interface DraftPlan { readonly kind: 'patch' | 'compensating_control' | 'customer_communication'; readonly description: string; readonly fixReleaseId: string | null; readonly forReleaseId: string }

export interface DraftInput {
  readonly trackingId: string;
  readonly profile: CsafProfile;
  readonly now: string;
  readonly publisher: { readonly name: string; readonly namespace: string; readonly contactDetails?: string };
  readonly tlp: string;
  readonly vulnerability: { readonly id: string; readonly aliases: readonly string[]; readonly title: string | null; readonly description: string | null; readonly cwes: readonly string[]; readonly references: readonly string[]; readonly kev: boolean };
  readonly releases: readonly DraftRelease[];
  readonly findings: readonly DraftFinding[];
  readonly plans: readonly DraftPlan[];
  readonly patientSafety?: string;
  readonly acknowledgments?: readonly { readonly names?: readonly string[]; readonly organization?: string }[];
}

const CVE = /^CVE-\d{4}-\d{4,}$/u;
const RANK: Record<string, number> = { known_affected: 4, under_investigation: 3, fixed: 2, known_not_affected: 1 };
const releasePid = (id: string) => `CSAFPID-REL-${id}`;

function findingStatus(f: DraftFinding): ProductStatusCategory {
  if (f.status === 'fixed' || f.analysisState === 'resolved' || f.analysisState === 'resolved_with_pedigree') return 'fixed';
  if (f.analysisState === 'not_affected' || f.analysisState === 'false_positive') return 'known_not_affected';
  if (f.analysisState === 'exploitable') return 'known_affected';
  return 'under_investigation';
}

const CWE_NAMES: Record<string, string> = {
  'CWE-20': 'Improper Input Validation',
  'CWE-502': 'Deserialization of Untrusted Data',
  'CWE-400': 'Uncontrolled Resource Consumption',
  'CWE-917': "Improper Neutralization of Special Elements used in an Expression Language Statement ('Expression Language Injection')",
  'CWE-1321': "Improperly Controlled Modification of Object Prototype Attributes ('Prototype Pollution')",
};

export function draftAdvisory(input: DraftInput): AdvisoryModel {
  const v = input.vulnerability;
  const cve = [v.id, ...v.aliases].find((x) => CVE.test(x));
  const releaseOf = new Map(input.releases.map((r) => [r.id, r]));
  const vendor = input.publisher.name;
  const products: AdvisoryProduct[] = [];
  const productIds = new Set<string>();
  const addRelease = (r: DraftRelease) => {
    const id = releasePid(r.id);
    if (productIds.has(id)) return id;
    productIds.add(id);
    products.push({ id, name: `${r.product} ${r.version}`, path: [{ category: 'vendor', name: vendor }, { category: 'product_name', name: r.product }, { category: 'product_version', name: r.version }], ...(r.modelNumbers.length > 0 ? { modelNumbers: r.modelNumbers } : {}) });
    return id;
  };
  const relationships: AdvisoryModel['relationships'][number][] = [];
  const status = new Map<string, ProductStatusCategory>();
  const byRelease = new Map<string, DraftFinding[]>();
  for (const f of input.findings) {
    const r = releaseOf.get(f.releaseId);
    if (!r) continue;
    const pid = addRelease(r);
    byRelease.set(pid, [...(byRelease.get(pid) ?? []), f]);
    const s = findingStatus(f);
    if ((RANK[s] ?? 0) > (RANK[status.get(pid) ?? ''] ?? 0)) status.set(pid, s);
    const c = f.component;
    const cid = `CSAFPID-COMP-${(c.purl ?? `${c.name}@${c.version ?? ''}`).replace(/[^A-Za-z0-9._@:/-]+/gu, '_')}`;
    if (!productIds.has(cid)) {
      productIds.add(cid);
      products.push({ id: cid, name: [c.name, c.version].filter(Boolean).join(' '), path: [], ...(c.purl ? { purl: c.purl } : {}), ...(c.cpe ? { cpe: c.cpe } : {}) });
    }
    const rid = `${pid}:${cid}`;
    if (!relationships.some((x) => x.id === rid)) relationships.push({ category: 'default_component_of', productReference: cid, relatesTo: pid, id: rid, name: `${c.name}${c.version ? ` ${c.version}` : ''} as a component of ${r.product} ${r.version}` });
  }
  const fixes = new Map<string, string[]>();
  for (const p of input.plans) {
    const fixed = p.kind === 'patch' && p.fixReleaseId ? releaseOf.get(p.fixReleaseId) : undefined;
    if (!fixed) continue;
    const pid = addRelease(fixed);
    if (!status.has(pid)) status.set(pid, 'fixed');
    fixes.set(releasePid(p.forReleaseId), [...(fixes.get(releasePid(p.forReleaseId)) ?? []), `${fixed.product} ${fixed.version}`]);
  }

  const ids = (s: ProductStatusCategory) => [...status].filter(([, x]) => x === s).map(([id]) => id);
  const productStatus: Partial<Record<ProductStatusCategory, string[]>> = {};
  for (const s of ['known_affected', 'under_investigation', 'fixed', 'known_not_affected'] as const) if (ids(s).length > 0) productStatus[s] = ids(s);

  const remediations: Remediation[] = [];
  const threats: Threat[] = [];
  const flags: AdvisoryVulnerability['flags'][number][] = [];
  const scores = new Map<string, { cvss: NonNullable<DraftFinding['cvss']>; products: string[] }>();
  for (const [pid, findings] of byRelease) {
    const s = status.get(pid);
    for (const f of findings) {
      if (f.cvss && s !== 'known_not_affected' && s !== 'fixed') {
        const entry = scores.get(f.cvss.vector) ?? { cvss: f.cvss, products: [] };
        if (!entry.products.includes(pid)) entry.products.push(pid);
        scores.set(f.cvss.vector, entry);
      }
    }
    if (s === 'known_not_affected') {
      const f = findings.find((x) => findingStatus(x) === 'known_not_affected')!;
      const label: CisaJustification | undefined = f.justification ? cisaJustificationOf({ justification: f.justification as Justification }) : undefined;
      if (label) flags.push({ label, productIds: [pid], groupIds: [], date: input.now });
      threats.push({ category: 'impact', details: f.detail ?? `${vendor} assessed this product as not affected.`, productIds: [pid], groupIds: [] });
      continue;
    }
    if (s !== 'known_affected' && s !== 'under_investigation') continue;
    const affected = findings.find((x) => findingStatus(x) === s)!;
    const harm = findings.find((x) => x.harm)?.harm;
    const risk = findings.find((x) => x.riskClass)?.riskClass;
    if (harm || risk) threats.push({ category: 'impact', details: [harm ? `Severity of harm to the patient if exploited: ${harm}.` : '', risk ? `Residual risk: ${risk}.` : ''].filter(Boolean).join(' '), productIds: [pid], groupIds: [] });
    if (s !== 'known_affected') continue;
    const before = remediations.length;
    const fixedIn = fixes.get(pid);
    if (fixedIn) remediations.push({ category: 'vendor_fix', details: `Update to ${fixedIn.join(' or ')}.`, productIds: [pid], groupIds: [], extra: {} });
    else if (affected.responses.includes('update')) remediations.push({ category: 'vendor_fix', details: affected.detail ?? 'Update to a fixed version when it is released.', productIds: [pid], groupIds: [], extra: {} });
    if (affected.responses.includes('workaround_available')) remediations.push({ category: 'workaround', details: affected.detail ?? 'A workaround is available; contact the manufacturer.', productIds: [pid], groupIds: [], extra: {} });
    for (const p of input.plans.filter((x) => releasePid(x.forReleaseId) === pid && x.kind === 'compensating_control')) remediations.push({ category: 'mitigation', details: p.description, productIds: [pid], groupIds: [], extra: {} });
    if (affected.responses.includes('will_not_fix')) remediations.push({ category: 'no_fix_planned', details: affected.detail ?? 'No fix is planned for this version.', productIds: [pid], groupIds: [], extra: {} });
    // The VEX profile needs a remediation for every known_affected product (6.1.27.10); saying "none yet" is honest.
    if (remediations.length === before) remediations.push({ category: 'none_available', details: 'No fix is available yet; the manufacturer is working on one and will update this advisory.', productIds: [pid], groupIds: [], extra: {} });
  }
  const scoreList: Score[] = [...scores.values()].map(({ cvss, products: ps }) => ({
    products: ps,
    cvssV3: { version: cvss.version, vectorString: cvss.vector, baseScore: cvss.base, baseSeverity: cvss.severity.toUpperCase() },
  }));

  const cwe = v.cwes.find((c) => CWE_NAMES[c] !== undefined) ?? v.cwes[0];
  const affectedNames = products.filter((p) => productStatus.known_affected?.includes(p.id)).map((p) => p.name);
  const title = `${affectedNames.length > 0 ? affectedNames.join(', ') : input.releases.map((r) => `${r.product} ${r.version}`).join(', ')}: ${v.title ?? v.id}`;
  const vuln: AdvisoryVulnerability = {
    ...(cve ? { cve } : {}),
    // CSAF requires the CWE's name with its id; ids whose name Vigil does not hold are left for the editor.
    ...(cwe && CWE_NAMES[cwe] ? { cwe: { id: cwe, name: CWE_NAMES[cwe] } } : {}),
    ...(v.title ? { title: v.title } : {}),
    ids: cve && v.id !== cve ? [{ systemName: v.id.split('-')[0] ?? 'id', text: v.id }] : cve ? [] : [{ systemName: v.id.split('-')[0] ?? 'id', text: v.id }],
    notes: v.description ? [{ category: 'description', title: 'Vulnerability description', text: v.description }] : [],
    references: v.references.slice(0, 20).map((url) => ({ category: 'external', summary: url, url })),
    acknowledgments: [],
    productStatus,
    remediations,
    scores: scoreList,
    threats: v.kev ? [...threats, { category: 'exploit_status', details: 'Listed in CISA’s Known Exploited Vulnerabilities catalog: exploitation has been observed.', productIds: [], groupIds: [] }] : threats,
    flags,
    extra: {},
  };
  const summary = `${v.id} affects ${affectedNames.length > 0 ? affectedNames.join(', ') : 'no product confirmed yet (under investigation)'}. ${vuln.remediations[0]?.details ?? ''}`.trim();
  return {
    profile: input.profile,
    title,
    lang: 'en',
    tlp: { label: input.tlp, url: 'https://www.first.org/tlp/' },
    publisher: { category: 'vendor', name: input.publisher.name, namespace: input.publisher.namespace, ...(input.publisher.contactDetails ? { contactDetails: input.publisher.contactDetails } : {}) },
    tracking: { id: input.trackingId, version: '0', status: 'draft', initialReleaseDate: input.now, currentReleaseDate: input.now, revisions: [{ number: '0', date: input.now, summary: 'Draft generated by Vigil.' }], extra: {} },
    // Patient safety first (MVCT): the safety statement precedes everything else in the notes.
    notes: [
      { category: 'summary', title: 'Patient safety', text: input.patientSafety ?? 'There are no known reports of patient harm. Keep using the device as prescribed; the benefits of its therapy outweigh this cybersecurity risk.' },
      { category: 'summary', title: 'Key message', text: summary },
      { category: 'legal_disclaimer', title: 'Terms of use', text: 'This advisory is provided as-is; the manufacturer updates it as it learns more.' },
    ],
    references: [],
    acknowledgments: input.acknowledgments ?? [],
    products,
    relationships,
    productGroups: [],
    vulnerabilities: [vuln],
    extra: {},
    extraTop: {},
  };
}
