import type { CvssSeverity, CvssVersion } from './types.js';

/**
 * Qualitative rating of a score.
 *
 * v3.x and v4.0: FIRST's rating scale (v3.1 section 5, v4.0 section 6): 0.0 None, 0.1–3.9 Low,
 * 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10.0 Critical.
 * v2.0: the specification has no scale; NVD's banding is used: 0.0–3.9 Low, 4.0–6.9 Medium,
 * 7.0–10.0 High.
 *
 * Scores are compared after rounding to one decimal so that a computed 6.95 never falls between
 * bands.
 */
export function cvssSeverity(score: number, version: CvssVersion): CvssSeverity {
  const tenths = Math.round(score * 10);
  if (version === '2.0') {
    if (tenths < 40) return 'Low';
    if (tenths < 70) return 'Medium';
    return 'High';
  }
  if (tenths <= 0) return 'None';
  if (tenths < 40) return 'Low';
  if (tenths < 70) return 'Medium';
  if (tenths < 90) return 'High';
  return 'Critical';
}
