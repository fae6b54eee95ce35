import { parseCvss, scoreCvss, type CvssVersion } from '../../core/index.js';
import type { IntelSeverity } from '../../formats/intel/model.js';

/** Qualitative severity levels, most severe first; `unknown` when no source rated the vulnerability. */
export const SEVERITY_LEVELS = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** The severity Vigil shows and filters on, with where it came from. */
export interface RatedSeverity {
  readonly level: SeverityLevel;
  /** CVSS base score, null when only a qualitative rating exists. */
  readonly score: number | null;
  /** The vector or rating it came from, as written. */
  readonly vector: string | null;
  readonly source: string | null;
}

export const UNRATED: RatedSeverity = { level: 'unknown', score: null, vector: null, source: null };

const VERSION_RANK: Record<CvssVersion, number> = { '4.0': 4, '3.1': 3, '3.0': 3, '2.0': 1 };

/** Qualitative ratings databases write (GHSA's MODERATE, Bitnami's Critical, Ubuntu's negligible …). */
const RATING_WORDS: Record<string, SeverityLevel> = {
  critical: 'critical', high: 'high', important: 'high', moderate: 'medium', medium: 'medium', low: 'low', negligible: 'low', none: 'none',
};

/**
 * One record's severity: its CVSS vector of the newest version (v4.0, then v3.x, then v2.0;
 * within a version NVD's Primary score before Secondary ones, then as listed), else the
 * database's qualitative rating. Vectors that do not parse are passed over.
 */
export function recordSeverity(severities: readonly IntelSeverity[]): RatedSeverity {
  let best: { rated: RatedSeverity; rank: number } | undefined;
  for (const s of severities) {
    if (!s.type.startsWith('CVSS_')) continue;
    const parsed = parseCvss(s.vector);
    if (!parsed.ok) continue;
    const scores = scoreCvss(parsed.value);
    const rank = VERSION_RANK[parsed.value.version] * 2 + (s.role === 'Secondary' ? 0 : 1);
    if (best && best.rank >= rank) continue;
    best = { rank, rated: { level: scores.severity.toLowerCase() as SeverityLevel, score: scores.base, vector: s.vector, source: s.source ?? null } };
  }
  if (best) return best.rated;
  for (const s of severities) {
    const level = RATING_WORDS[s.vector.trim().toLowerCase()];
    if (level) return { level, score: null, vector: s.vector, source: s.source ?? s.type };
  }
  return UNRATED;
}

/**
 * A vulnerability's severity across its sources' records: the most severe one. Sources
 * disagree (a GHSA rating HIGH where NVD scored 9.8); for patient-safety triage the
 * conservative reading is the default, and every source's own rating stays visible.
 */
export function worstSeverity(ratings: readonly RatedSeverity[]): RatedSeverity {
  let worst = UNRATED;
  for (const r of ratings) {
    const a = SEVERITY_LEVELS.indexOf(r.level);
    const b = SEVERITY_LEVELS.indexOf(worst.level);
    if (a < b || (a === b && (r.score ?? -1) > (worst.score ?? -1))) worst = r;
  }
  return worst;
}

/** Whether `level` is at least as severe as `threshold` (unknown is below every rated level). */
export function atLeast(level: SeverityLevel, threshold: SeverityLevel): boolean {
  return SEVERITY_LEVELS.indexOf(level) <= SEVERITY_LEVELS.indexOf(threshold);
}
