/**
 * The traceability matrix, free of I/O: requirement → design/mitigation → verification →
 * evidence → status. How evidence reaches a requirement (docs/premarket.md, "Linking"):
 *
 * 1. automatically, when an evidence item names the requirement's ref — a JUnit test case in
 *    its name or classname (as a whole token: `test_tls[SEC-REQ-001]`, `SEC-REQ-001 rejects…`)
 *    or in a `requirement`/`requirements`/`req` property; a SARIF rule in `properties.requirements`,
 *    `properties.requirement` or `properties.tags` of the rule or of its results. Refs compare
 *    case-insensitively;
 * 2. by a person's link, to one evidence item or to a whole evidence file;
 * 3. from Vigil's own records, for requirements marked with auto evidence: the release's current
 *    SBOM (`sbom`), or its vulnerability assessment (`findings`: every open finding analysed).
 *
 * Status: not_applicable (marked N/A with a justification); failed (some evidence failed or
 * errored); verified (at least one piece of evidence passed and none failed — skipped tests
 * verify nothing); not_verified otherwise. Gaps name what is missing for each row.
 */

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';
export type TraceStatus = 'verified' | 'failed' | 'not_verified' | 'not_applicable';

export interface TraceRequirement {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly category: string | null;
  readonly source: string;
  readonly design: string | null;
  readonly verificationMethod: string;
  readonly autoEvidence: 'sbom' | 'findings' | null;
  readonly applicable: boolean;
  readonly naJustification: string | null;
}

export interface TraceItem {
  readonly id: string;
  readonly evidenceId: string;
  readonly kind: 'sarif' | 'junit';
  readonly fileName: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly detail: string | null;
  readonly refs: readonly string[];
}

export interface TraceFile {
  readonly id: string;
  readonly kind: 'sarif' | 'junit';
  readonly fileName: string;
  /** failed when any of its items failed or errored; skipped when all were skipped. */
  readonly outcome: Outcome;
}

export interface TraceLink {
  readonly id: string;
  readonly requirementId: string;
  readonly evidenceId: string;
  readonly itemId: string | null;
}

export interface SystemEvidence {
  readonly sbom: { readonly id: string; readonly revision: number; readonly componentCount: number } | null;
  /** Open findings of the release and how many have no analysis yet (null state or in_triage); null without an SBOM. */
  readonly findings: { readonly open: number; readonly unanalysed: number } | null;
}

export interface Verification {
  readonly via: 'auto' | 'link' | 'vigil';
  readonly linkId: string | null;
  readonly evidenceId: string | null;
  readonly itemId: string | null;
  readonly label: string;
  readonly outcome: Outcome;
  readonly detail: string | null;
}

export interface TraceRow {
  readonly requirement: TraceRequirement;
  readonly mitigations: readonly { readonly id: string; readonly title: string }[];
  readonly verifications: readonly Verification[];
  readonly status: TraceStatus;
  readonly gaps: readonly string[];
}

export interface TraceMatrix {
  readonly rows: readonly TraceRow[];
  readonly counts: Readonly<Record<TraceStatus, number>>;
  /** Rows with at least one gap. */
  readonly withGaps: number;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` names `ref` as a whole token (letters, digits, '_' and '-' bound a token). */
export function namesRef(text: string, ref: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9_-])${escapeRe(ref)}(?![A-Za-z0-9_-])`, 'i').test(text);
}

/** The refs among `known` that an item names: its candidate strings, or its name as tokens. */
export function refsNamedBy(item: { readonly name: string; readonly refs: readonly string[] }, known: readonly string[]): string[] {
  const candidates = new Set(item.refs.map((r) => r.trim().toLowerCase()));
  return known.filter((ref) => candidates.has(ref.toLowerCase()) || namesRef(item.name, ref));
}

/** A file's outcome from its items (an empty file verifies nothing: skipped). */
export function fileOutcome(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.includes('error')) return 'error';
  if (outcomes.includes('failed')) return 'failed';
  if (outcomes.includes('passed')) return 'passed';
  return 'skipped';
}

function systemVerification(kind: 'sbom' | 'findings', sys: SystemEvidence): Verification | null {
  if (kind === 'sbom') {
    if (!sys.sbom) return null;
    return { via: 'vigil', linkId: null, evidenceId: null, itemId: null, label: `SBOM revision ${sys.sbom.revision}`, outcome: 'passed', detail: `${sys.sbom.componentCount} components` };
  }
  if (!sys.findings) return null;
  const { open, unanalysed } = sys.findings;
  return {
    via: 'vigil',
    linkId: null,
    evidenceId: null,
    itemId: null,
    label: 'Vulnerability assessment (findings)',
    outcome: unanalysed === 0 ? 'passed' : 'failed',
    detail: unanalysed === 0 ? `${open} open finding(s), all analysed` : `${unanalysed} of ${open} open finding(s) not analysed`,
  };
}

export function buildMatrix(input: {
  readonly requirements: readonly TraceRequirement[];
  readonly items: readonly TraceItem[];
  readonly files: readonly TraceFile[];
  readonly links: readonly TraceLink[];
  readonly mitigations: readonly { readonly id: string; readonly title: string; readonly requirement: string | null }[];
  readonly system: SystemEvidence;
}): TraceMatrix {
  const known = input.requirements.map((r) => r.ref);
  const byRef = new Map<string, TraceItem[]>();
  for (const item of input.items) {
    for (const ref of refsNamedBy(item, known)) byRef.set(ref.toLowerCase(), [...(byRef.get(ref.toLowerCase()) ?? []), item]);
  }
  const itemsById = new Map(input.items.map((i) => [i.id, i]));
  const filesById = new Map(input.files.map((f) => [f.id, f]));
  const counts: Record<TraceStatus, number> = { verified: 0, failed: 0, not_verified: 0, not_applicable: 0 };
  let withGaps = 0;
  const rows = input.requirements.map((req): TraceRow => {
    const verifications: Verification[] = [];
    const seen = new Set<string>();
    for (const item of byRef.get(req.ref.toLowerCase()) ?? []) {
      seen.add(item.id);
      verifications.push({ via: 'auto', linkId: null, evidenceId: item.evidenceId, itemId: item.id, label: `${item.fileName}: ${item.name}`, outcome: item.outcome, detail: item.detail });
    }
    for (const link of input.links.filter((l) => l.requirementId === req.id)) {
      const item = link.itemId ? itemsById.get(link.itemId) : undefined;
      const file = filesById.get(link.evidenceId);
      if (!file || (link.itemId && !item)) continue;
      if (item && seen.has(item.id)) continue;
      verifications.push(
        item
          ? { via: 'link', linkId: link.id, evidenceId: file.id, itemId: item.id, label: `${file.fileName}: ${item.name}`, outcome: item.outcome, detail: item.detail }
          : { via: 'link', linkId: link.id, evidenceId: file.id, itemId: null, label: file.fileName, outcome: file.outcome, detail: null },
      );
    }
    if (req.autoEvidence) {
      const v = systemVerification(req.autoEvidence, input.system);
      if (v) verifications.push(v);
    }
    const mitigations = input.mitigations.filter((m) => m.requirement !== null && m.requirement.toLowerCase() === req.ref.toLowerCase()).map((m) => ({ id: m.id, title: m.title }));
    const outcomes = verifications.map((v) => v.outcome);
    const status: TraceStatus = !req.applicable
      ? 'not_applicable'
      : outcomes.some((o) => o === 'failed' || o === 'error')
        ? 'failed'
        : outcomes.includes('passed')
          ? 'verified'
          : 'not_verified';
    const gaps: string[] = [];
    if (status === 'not_applicable') {
      if (!req.naJustification?.trim()) gaps.push('Marked not applicable without a justification');
    } else {
      if (!req.design?.trim() && mitigations.length === 0) gaps.push('No design or mitigation recorded');
      if (status === 'not_verified') {
        if (req.autoEvidence === 'sbom' && !input.system.sbom) gaps.push('No SBOM for this release');
        else if (req.autoEvidence === 'findings' && !input.system.findings) gaps.push('No vulnerability assessment: the release has no SBOM');
        else if (outcomes.includes('skipped')) gaps.push('Verification skipped: no passing evidence');
        else gaps.push('No verification evidence');
      }
      if (status === 'failed') {
        const bad = verifications.filter((v) => v.outcome === 'failed' || v.outcome === 'error');
        gaps.push(`Verification failed: ${bad.map((v) => v.label).join('; ')}`);
      }
    }
    counts[status]++;
    if (gaps.length > 0) withGaps++;
    return { requirement: req, mitigations, verifications, status, gaps };
  });
  return { rows, counts, withGaps };
}
