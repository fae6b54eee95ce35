import type { DraftInput } from './draft.js';
import type { AdvisoryAcknowledgment, AdvisoryModel, AdvisoryVulnerability } from './model.js';

/**
 * The parts of a draft advisory that come from a CVD case (pure; docs/csaf.md "Drafting from a
 * case"): the reporter's credit as CSAF acknowledgments, the case's CVE ids as the
 * vulnerabilities' `cve`, and one document out of the per-vulnerability drafts when the case
 * covers several vulnerabilities.
 */

export type CaseCredit = 'named' | 'anonymous' | 'none';

const CVE = /^CVE-\d{4}-\d{4,}$/u;

/**
 * The reporter's credit per the case's preference. A "named" preference without a recorded name
 * has nobody to name, so it is credited like an anonymous one rather than dropped.
 */
export function caseAcknowledgments(credit: CaseCredit, reporterName: string | null): AdvisoryAcknowledgment[] {
  if (credit === 'none') return [];
  const name = reporterName?.trim();
  if (credit === 'named' && name) return [{ names: [name], summary: 'reported this vulnerability' }];
  return [{ summary: 'an anonymous researcher' }];
}

/**
 * The vulnerability with the case's CVE id first among its aliases, so the draft's `cve` is the
 * case's: the case id that is the vulnerability's own id or one of its aliases, else — when the
 * case has exactly one CVE id and covers exactly one vulnerability — that id (the CVE the team
 * requested for this report may be unknown to the intelligence feeds yet).
 */
export function withCaseCve(v: DraftInput['vulnerability'], caseCves: readonly string[], onlyVulnerability: boolean): DraftInput['vulnerability'] {
  // A vulnerability known by its own CVE id keeps it (the draft prefers the id to its aliases).
  if (CVE.test(v.id)) return v;
  const cves = caseCves.filter((c) => CVE.test(c));
  const chosen = cves.find((c) => v.aliases.includes(c)) ?? (onlyVulnerability && cves.length === 1 ? cves[0] : undefined);
  if (chosen === undefined) return v;
  return { ...v, aliases: [chosen, ...v.aliases.filter((a) => a !== chosen)] };
}

const vulnName = (v: AdvisoryVulnerability) => v.cve ?? v.ids[0]?.text ?? v.title ?? 'vulnerability';

/**
 * One advisory from the drafts of the case's vulnerabilities (each drafted by draftAdvisory with
 * the same tracking id): products and relationships merged by id (their ids derive from the
 * release and component, so equal ids are the same product), vulnerabilities in order, each
 * crediting the reporter. A single draft keeps its title and key message.
 */
export function mergeCaseDrafts(drafts: readonly AdvisoryModel[], acknowledgments: readonly AdvisoryAcknowledgment[]): AdvisoryModel {
  const base = drafts[0];
  if (!base) throw new Error('mergeCaseDrafts needs at least one draft');
  const products = new Map<string, AdvisoryModel['products'][number]>();
  const relationships = new Map<string, AdvisoryModel['relationships'][number]>();
  for (const d of drafts) {
    for (const p of d.products) if (!products.has(p.id)) products.set(p.id, p);
    for (const r of d.relationships) if (!relationships.has(r.id)) relationships.set(r.id, r);
  }
  // Two feeds' ids for one CVE would repeat the cve (mandatory test 6.1.23): the later keeps its id under ids only.
  const seen = new Set<string>();
  const vulnerabilities = drafts.flatMap((d) => d.vulnerabilities).map((v): AdvisoryVulnerability => {
    const credited = { ...v, acknowledgments: [...acknowledgments] };
    const cve = v.cve;
    if (cve === undefined) return credited;
    if (!seen.has(cve)) { seen.add(cve); return credited; }
    const { cve: _repeated, ...rest } = credited;
    return { ...rest, ids: rest.ids.some((i) => i.text === cve) ? rest.ids : [...rest.ids, { systemName: 'CVE', text: cve }] };
  });
  if (drafts.length === 1) return { ...base, vulnerabilities };
  const affected = new Set(vulnerabilities.flatMap((v) => v.productStatus.known_affected ?? []));
  const releaseNames = [...products.values()].filter((p) => p.path.length > 0);
  const named = releaseNames.filter((p) => affected.has(p.id));
  const title = `${(named.length > 0 ? named : releaseNames).map((p) => p.name).join(', ')}: ${vulnerabilities.map(vulnName).join(', ')}`;
  const keyMessages = drafts.map((d) => d.notes.find((n) => n.title === 'Key message')?.text).filter((t): t is string => t !== undefined);
  return {
    ...base,
    title,
    notes: base.notes.map((n) => (n.title === 'Key message' ? { ...n, text: keyMessages.join(' ') } : n)),
    products: [...products.values()],
    relationships: [...relationships.values()],
    vulnerabilities,
  };
}
