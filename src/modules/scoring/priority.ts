/**
 * One explainable priority per finding (0–1000) that orders the triage queue, with the factors
 * that raised or lowered it. Pure. The formula (docs/guide-manufacturer.md, "Scoring, clocks and
 * notifications"):
 *
 *   CVSS (environmental when the product has an environment, else base) × 40   (0–400)
 * + 250 when the vulnerability is in CISA KEV
 * + EPSS probability × 200, rounded                                         (0–200)
 * + 150 when the patient-safety risk is uncontrolled
 * − 100 when the release is still in development (no device in the field yet)
 * −  50 when the release is at end of support (no patch will ship; the response is customer
 *       communication and risk transfer, which the clocks still track)
 * clamped to 0–1000. A finding that is closed (fixed, withdrawn) or whose analysis says it does
 * not apply (not_affected, false_positive, resolved, resolved_with_pedigree) has priority 0.
 */
export interface PriorityFactor {
  readonly factor: 'cvss' | 'kev' | 'epss' | 'risk' | 'lifecycle' | 'analysis' | 'status';
  readonly effect: 'raised' | 'lowered';
  readonly points: number;
  readonly why: string;
}

export interface PriorityInputs {
  readonly status: 'affected' | 'fixed' | 'withdrawn';
  readonly analysisState: string | null;
  readonly cvss: { readonly score: number; readonly environmental: boolean } | null;
  readonly kev: boolean;
  readonly epss: number | null;
  readonly riskClass: 'controlled' | 'uncontrolled' | null;
  readonly lifecycleStage: string;
}

export const MAX_PRIORITY = 1000;
export const EXCLUDING_ANALYSIS = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);

export function computePriority(p: PriorityInputs): { priority: number; factors: PriorityFactor[] } {
  if (p.status !== 'affected') {
    return { priority: 0, factors: [{ factor: 'status', effect: 'lowered', points: 0, why: `The finding is ${p.status}: nothing to do.` }] };
  }
  if (p.analysisState && EXCLUDING_ANALYSIS.has(p.analysisState)) {
    return { priority: 0, factors: [{ factor: 'analysis', effect: 'lowered', points: 0, why: `Analysis says ${p.analysisState.replaceAll('_', ' ')}: priority 0.` }] };
  }
  const factors: PriorityFactor[] = [];
  if (p.cvss) {
    const points = Math.round(p.cvss.score * 40);
    if (points > 0) factors.push({ factor: 'cvss', effect: 'raised', points, why: `CVSS ${p.cvss.score.toFixed(1)} (${p.cvss.environmental ? 'environmental, this product' : 'base'}) × 40.` });
  }
  if (p.kev) factors.push({ factor: 'kev', effect: 'raised', points: 250, why: 'Listed in CISA Known Exploited Vulnerabilities: exploited in the wild.' });
  if (p.epss !== null) {
    const points = Math.round(p.epss * 200);
    if (points > 0) factors.push({ factor: 'epss', effect: 'raised', points, why: `EPSS ${(p.epss * 100).toFixed(1)} % probability of exploitation in 30 days × 200.` });
  }
  if (p.riskClass === 'uncontrolled') factors.push({ factor: 'risk', effect: 'raised', points: 150, why: 'Uncontrolled risk of patient harm (FDA 2016 postmarket guidance): 30/60-day clocks run.' });
  if (p.lifecycleStage === 'development') factors.push({ factor: 'lifecycle', effect: 'lowered', points: 100, why: 'Release in development: no device in the field yet; fix before release.' });
  if (p.lifecycleStage === 'end_of_support') factors.push({ factor: 'lifecycle', effect: 'lowered', points: 50, why: 'Release at end of support: no patch will ship; customer communication and risk transfer instead.' });
  const sum = factors.reduce((total, f) => total + (f.effect === 'raised' ? f.points : -f.points), 0);
  return { priority: Math.max(0, Math.min(MAX_PRIORITY, sum)), factors };
}
