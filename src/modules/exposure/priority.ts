/**
 * One explainable priority per asset × vulnerability (0–1000), pure. The exposure job computes
 * the same number in SQL (recompute.ts, `PRIORITY_SQL`); a test holds the two together. The
 * formula (docs/guide-hospital.md, "Exposure"):
 *
 *   vendor's CVSS base score × 30                                   (0–300)
 * + 250 when known exploited: in the hospital's CISA KEV list, or the vendor's exploit status says so
 * + EPSS probability × 150, rounded                                  (0–150)
 * + clinical criticality: critical 150, high 100, medium or not assessed 50, low 0
 * + 100 when the device is patient-connected
 * + vendor's patient-safety assessment (harm if exploited): catastrophic 150, critical 100, serious 50
 * − 100 while the vendor is still investigating (not confirmed affected)
 * clamped to 0–1000 = the base priority. Compensating controls that are in place (implemented
 * or verified) take points off: segmentation 200, service disabled 250, application
 * allowlisting 150, access control 100, monitoring 50, other 50 — together at most 60 % of the
 * base, because a control lowers the local risk but does not remove the vulnerability.
 * Not affected, fixed and patched exposures have priority 0.
 */

export interface ExposureInputs {
  readonly status: 'known_affected' | 'known_not_affected' | 'fixed' | 'under_investigation' | 'patched';
  readonly cvss: number | null;
  readonly kev: boolean;
  readonly vendorExploited: boolean;
  readonly epss: number | null;
  readonly criticality: string | null;
  readonly patientConnected: boolean;
  readonly harm: string | null;
  readonly controls: readonly { readonly id: string; readonly kind: string; readonly description: string }[];
}

export interface ExposureFactor {
  readonly factor: 'cvss' | 'kev' | 'epss' | 'criticality' | 'patient_connected' | 'harm' | 'investigation' | 'control' | 'status';
  readonly effect: 'raised' | 'lowered';
  readonly points: number;
  readonly why: string;
}

export const CRITICALITY_POINTS: Readonly<Record<string, number>> = { critical: 150, high: 100, medium: 50, low: 0 };
export const UNASSESSED_CRITICALITY_POINTS = 50;
export const HARM_POINTS: Readonly<Record<string, number>> = { catastrophic: 150, critical: 100, serious: 50 };
export const CONTROL_POINTS: Readonly<Record<string, number>> = { segmentation: 200, service_disabled: 250, application_allowlisting: 150, access_control: 100, monitoring: 50, other: 50 };
export const MAX_CONTROL_SHARE = 0.6;

/**
 * EPSS points as the SQL computes them: the probability to 4 decimals (PostgreSQL turns a
 * double into numeric through 15 significant digits, mirrored by toPrecision(15)), × 150,
 * half away from zero.
 */
export function epssPoints(epss: number): number {
  const n = Math.round(Number((epss * 10000).toPrecision(15)));
  return Math.round((n * 3) / 200);
}

export const PRIORITY_BANDS = [
  { band: 'critical', min: 700 },
  { band: 'high', min: 400 },
  { band: 'medium', min: 200 },
  { band: 'low', min: 0 },
] as const;
export type PriorityBand = (typeof PRIORITY_BANDS)[number]['band'];

export function bandOf(priority: number): PriorityBand {
  return PRIORITY_BANDS.find((b) => priority >= b.min)!.band;
}

export function computeExposurePriority(p: ExposureInputs): { base: number; controlPoints: number; priority: number; factors: ExposureFactor[] } {
  if (p.status !== 'known_affected' && p.status !== 'under_investigation') {
    const why = p.status === 'patched' ? 'The vendor patch is installed on this device.' : p.status === 'fixed' ? 'The vendor says this release is fixed.' : 'The vendor says this release is not affected.';
    return { base: 0, controlPoints: 0, priority: 0, factors: [{ factor: 'status', effect: 'lowered', points: 0, why }] };
  }
  const factors: ExposureFactor[] = [];
  const raise = (factor: ExposureFactor['factor'], points: number, why: string) => {
    if (points > 0) factors.push({ factor, effect: 'raised', points, why });
  };
  if (p.cvss !== null) raise('cvss', Math.round(p.cvss * 30), `Vendor CVSS ${p.cvss.toFixed(1)} × 30.`);
  if (p.kev || p.vendorExploited) raise('kev', 250, p.kev ? 'Listed in CISA Known Exploited Vulnerabilities: exploited in the wild.' : 'The vendor reports exploitation.');
  if (p.epss !== null) raise('epss', epssPoints(p.epss), `EPSS ${(p.epss * 100).toFixed(1)} % probability of exploitation in 30 days × 150.`);
  const crit = p.criticality ? (CRITICALITY_POINTS[p.criticality] ?? UNASSESSED_CRITICALITY_POINTS) : UNASSESSED_CRITICALITY_POINTS;
  raise('criticality', crit, p.criticality ? `Clinical criticality ${p.criticality}.` : 'Clinical criticality not assessed: counted as medium.');
  if (p.patientConnected) raise('patient_connected', 100, 'Patient-connected device.');
  if (p.harm) raise('harm', HARM_POINTS[p.harm] ?? 0, `The vendor rates the harm to a patient if exploited as ${p.harm}.`);
  if (p.status === 'under_investigation') factors.push({ factor: 'investigation', effect: 'lowered', points: 100, why: 'The vendor is still investigating: not confirmed affected.' });
  const sum = factors.reduce((t, f) => t + (f.effect === 'raised' ? f.points : -f.points), 0);
  const base = Math.max(0, Math.min(1000, sum));
  const wanted = p.controls.reduce((t, c) => t + (CONTROL_POINTS[c.kind] ?? 50), 0);
  const controlPoints = Math.min(wanted, Math.floor(base * MAX_CONTROL_SHARE));
  for (const c of p.controls) factors.push({ factor: 'control', effect: 'lowered', points: CONTROL_POINTS[c.kind] ?? 50, why: `Compensating control (${c.kind.replaceAll('_', ' ')}): ${c.description}` });
  if (wanted > controlPoints) factors.push({ factor: 'control', effect: 'raised', points: wanted - controlPoints, why: `Controls lower the priority by at most ${MAX_CONTROL_SHARE * 100} % of the base.` });
  return { base, controlPoints, priority: base - controlPoints, factors };
}
