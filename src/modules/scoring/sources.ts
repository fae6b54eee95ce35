import { parseCvss, scoreCvss, type CvssVector, type CvssVersion } from '../../core/index.js';
import type { IntelSeverity } from '../../formats/intel/model.js';

/**
 * Every CVSS score the intelligence holds for a vulnerability, grouped by who scored it, and
 * the one a finding's scoring uses. Pure.
 *
 * Groups: `nvd` (NIST's own Primary score in an NVD record), `cna` (the CNA's or an ADP's score:
 * NVD Secondary entries and CVE JSON 5 containers), `ghsa` (GitHub's advisory database), `osv`
 * (any other OSV database), and `rubric` (the medical-device rubric the analyst answered).
 * Default choice (`auto`): the rubric when it is complete — it is the manufacturer's assessment of
 * the vulnerability in this device — else NVD, then the CNA, then GHSA, then OSV. An analyst may
 * choose another group per finding; a group without a vector falls back to `auto`, and says so.
 */
export const CVSS_SOURCES = ['nvd', 'cna', 'ghsa', 'osv', 'rubric'] as const;
export type CvssSource = (typeof CVSS_SOURCES)[number];
export type CvssSourceChoice = 'auto' | CvssSource;
export const AUTO_ORDER: readonly CvssSource[] = ['rubric', 'nvd', 'cna', 'ghsa', 'osv'];

/** A record as the scoring reads it. */
export interface ScoredRecord {
  readonly recordId: string;
  /** `nvd`, `cve5`, `ghsa`, `osv` (intel_records.record_kind). */
  readonly recordKind: string;
  readonly severities: readonly IntelSeverity[];
}

export interface CvssCandidate {
  readonly source: CvssSource;
  readonly recordId: string | null;
  /** Who scored it as the record says (`nvd@nist.gov`, a CNA, `GHSA`…). */
  readonly scoredBy: string | null;
  readonly version: CvssVersion;
  readonly vector: string;
  readonly base: number;
  readonly severity: string;
}

const VERSION_RANK: Record<CvssVersion, number> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

function groupOf(record: ScoredRecord, s: IntelSeverity): CvssSource {
  if (record.recordKind === 'nvd') return s.role === 'Primary' || s.source === 'nvd@nist.gov' ? 'nvd' : 'cna';
  if (record.recordKind === 'cve5') return 'cna';
  return record.recordKind === 'ghsa' ? 'ghsa' : 'osv';
}

/** Every parseable CVSS vector of the records, in record order; vectors that do not parse are passed over. */
export function cvssCandidates(records: readonly ScoredRecord[]): CvssCandidate[] {
  const out: CvssCandidate[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const s of record.severities) {
      if (!s.type.startsWith('CVSS_')) continue;
      const parsed = parseCvss(s.vector);
      if (!parsed.ok) continue;
      const source = groupOf(record, s);
      const key = `${source}\n${record.recordId}\n${s.vector}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const scores = scoreCvss(parsed.value);
      out.push({ source, recordId: record.recordId, scoredBy: s.source ?? null, version: parsed.value.version, vector: s.vector, base: scores.base, severity: scores.severity.toLowerCase() });
    }
  }
  return out;
}

/** The best vector of one group: newest CVSS version, then the highest base score. */
export function bestOf(candidates: readonly CvssCandidate[], source: CvssSource): CvssCandidate | undefined {
  let best: CvssCandidate | undefined;
  for (const c of candidates) {
    if (c.source !== source) continue;
    if (!best || VERSION_RANK[c.version] > VERSION_RANK[best.version] || (c.version === best.version && c.base > best.base)) best = c;
  }
  return best;
}

export interface ChosenCvss {
  readonly choice: CvssSourceChoice;
  readonly candidate: CvssCandidate | null;
  readonly vector: CvssVector | null;
  /** Why this one, in a sentence. */
  readonly why: string;
}

/** Applies the choice (or the default order) to the candidates, the rubric's vector among them. */
export function chooseCvss(candidates: readonly CvssCandidate[], choice: CvssSourceChoice): ChosenCvss {
  const take = (c: CvssCandidate, why: string): ChosenCvss => {
    const parsed = parseCvss(c.vector);
    return { choice, candidate: c, vector: parsed.ok ? parsed.value : null, why };
  };
  if (choice !== 'auto') {
    const picked = bestOf(candidates, choice);
    if (picked) return take(picked, `Chosen by the analyst: ${choice}.`);
  }
  for (const source of AUTO_ORDER) {
    const picked = bestOf(candidates, source);
    if (!picked) continue;
    const fallback = choice === 'auto' ? '' : `No ${choice} score exists; `;
    return take(picked, `${fallback}default order (rubric, NVD, CNA, GHSA, OSV): ${source}.`);
  }
  return { choice, candidate: null, vector: null, why: 'No source gives a CVSS vector for this vulnerability.' };
}
