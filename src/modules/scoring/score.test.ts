import { describe, expect, it } from 'vitest';
import { validateEnvironment } from './environment.js';
import { computePriority } from './priority.js';
import { assess, type ScoringInputs } from './score.js';
import { chooseCvss, cvssCandidates, type ScoredRecord } from './sources.js';

/**
 * Scoring of one finding, with expectations worked by hand from the CVSS v3.1 specification
 * (section 7 formulas), the default exploitability thresholds and matrix of docs/core/risk.md,
 * and the priority formula of priority.ts.
 */
const LOG4SHELL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H';
const HEARTBLEED = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N';
const CNA_VECTOR = 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N';

const nvdRecord = (primary: string, secondary?: string): ScoredRecord => ({
  recordId: 'CVE-2014-0160',
  recordKind: 'nvd',
  severities: [
    { type: 'CVSS_V3', vector: primary, source: 'nvd@nist.gov', role: 'Primary' },
    ...(secondary ? [{ type: 'CVSS_V3', vector: secondary, source: 'cna@example.org', role: 'Secondary' }] : []),
    { type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N', source: 'nvd@nist.gov', role: 'Primary' },
  ],
});

const base: ScoringInputs = {
  status: 'affected',
  analysisState: null,
  lifecycleStage: 'support',
  records: [nvdRecord(HEARTBLEED, CNA_VECTOR)],
  kev: false,
  epss: null,
  environment: null,
  cvssSource: 'auto',
  rubric: null,
  harm: null,
};

/** Complete answers of the rubric for a BLE-reachable pump (core's risk test): CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H. */
const BLE_PUMP_ANSWERS: Record<string, string> = {
  ...Object.fromEntries([1, 2, 3, 4, 5, 6].flatMap((n) => ['C', 'I', 'A'].map((l) => [`Q${n}.${l}`, n === 1 && l === 'C' ? 'no' : 'none']))),
  'AV.Q1': 'no', 'AV.Q2': 'no', 'AV.Q3': 'yes', 'AC.Q1': 'yes', 'PR.Q1': 'yes', 'UI.Q1': 'yes', 'S.Q1': 'no', 'Q3.I': 'high', 'Q3.A': 'high',
};

describe('CVSS sources and the chosen one', () => {
  it('groups NVD Primary as nvd, Secondary as cna, newest version first', () => {
    const candidates = cvssCandidates([nvdRecord(HEARTBLEED, CNA_VECTOR), { recordId: 'GHSA-x', recordKind: 'ghsa', severities: [{ type: 'CVSS_V3', vector: LOG4SHELL, source: 'GHSA' }, { type: 'GHSA', vector: 'HIGH' }] }]);
    expect(candidates.map((c) => [c.source, c.version, c.base])).toEqual([
      ['nvd', '3.1', 7.5],
      ['cna', '3.1', 5.9],
      ['nvd', '2.0', 5],
      ['ghsa', '3.1', 10],
    ]);
    expect(chooseCvss(candidates, 'auto').candidate?.vector).toBe(HEARTBLEED);
    expect(chooseCvss(candidates, 'cna').candidate?.vector).toBe(CNA_VECTOR);
    expect(chooseCvss(candidates, 'ghsa').candidate?.vector).toBe(LOG4SHELL);
    const fallback = chooseCvss(candidates, 'osv');
    expect(fallback.candidate?.source).toBe('nvd');
    expect(fallback.why).toBe('No osv score exists; default order (rubric, NVD, CNA, GHSA, OSV): nvd.');
  });

  it('a complete rubric is the default source; an incomplete one names the next question', () => {
    const complete = assess({ ...base, rubric: { versionId: 'mitre-2020.1', answers: BLE_PUMP_ANSWERS } });
    expect(complete.rubric).toMatchObject({ complete: true, vector: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H', nextQuestion: null });
    expect(complete.chosen.source?.source).toBe('rubric');
    // 6.42 × (1 − 1·0.44·0.44) = 5.177 impact; 8.22·0.62·0.77·0.85·0.85 = 2.835; Roundup(8.01) = 8.1.
    expect(complete.effective).toEqual({ score: 8.1, severity: 'high', environmental: false });
    const partial = assess({ ...base, rubric: { versionId: 'mitre-2020.1', answers: { 'AV.Q1': 'no' } } });
    expect(partial.rubric).toMatchObject({ complete: false, nextQuestion: 'AV.Q2', error: null });
    expect(partial.chosen.source?.source).toBe('nvd');
    const wrong = assess({ ...base, rubric: { versionId: 'mitre-2020.1', answers: { 'AV.Q1': 'maybe' } } });
    expect(wrong.rubric?.error).toContain('"maybe"');
  });
});

describe('environmental CVSS per product', () => {
  it('Heartbleed on an adjacent-only network with low confidentiality requirement: 7.5 → 4.7', () => {
    // MISS = min(1 − (1 − 0.56·0.5), 0.915) = 0.28; MI = 6.42 · 0.28 = 1.7976;
    // ME = 8.22 · 0.62 (MAV:A) · 0.77 · 0.85 · 0.85 = 2.8353; Roundup(4.6329) = 4.7.
    const a = assess({ ...base, environment: { requirements: { CR: 'L' }, v3: { MAV: 'A' } } });
    expect(a.environmental).toEqual({ vector: `${HEARTBLEED}/CR:L/MAV:A`, score: 4.7, severity: 'medium' });
    expect(a.effective).toEqual({ score: 4.7, severity: 'medium', environmental: true });
    // Exploitability reads the deployed vector (AV:A → sub-score 2.8 → probable), not AV:N (3.9 → frequent).
    expect(a.exploitability?.level).toBe('probable');
    expect(assess(base).exploitability?.level).toBe('frequent');
  });

  it('v4 modified metrics do not apply to a v3 vector, requirements do', () => {
    const a = assess({ ...base, environment: { v4: { MAV: 'L' } } });
    expect(a.environmental).toBeNull();
  });

  it('validation names each bad metric by pointer', () => {
    expect(validateEnvironment({ requirements: { CR: 'X' }, v3: { MAV: 'Q', MAT: 'N' }, v4: { MSI: 'S' } })).toEqual([
      { pointer: '/body/requirements/CR', message: 'CR must be one of H, M, L, not "X".' },
      { pointer: '/body/v3/MAV', message: 'MAV must be one of N, A, L, P, not "Q".' },
      { pointer: '/body/v3/MAT', message: 'MAT is not one of MAV, MAC, MPR, MUI, MS, MC, MI, MA.' },
    ]);
  });
});

describe('risk class and priority', () => {
  it('harm × exploitability through the default matrix', () => {
    const env = { requirements: { CR: 'L' }, v3: { MAV: 'A' } };
    expect(assess({ ...base, environment: env, harm: 'serious' }).riskClass).toBe('uncontrolled'); // probable × serious
    expect(assess({ ...base, environment: env, harm: 'minor' }).riskClass).toBe('controlled');
    const unassessed = assess(base);
    expect(unassessed.riskClass).toBeNull();
    expect(unassessed.riskWhy).toBe('Severity of patient harm not assessed yet.');
  });

  it('Log4Shell in KEV with EPSS 0.94358 and catastrophic harm: 400 + 250 + 189 + 150 = 989', () => {
    const a = assess({ ...base, records: [nvdRecord(LOG4SHELL)], kev: true, epss: 0.94358, harm: 'catastrophic' });
    expect(a.riskClass).toBe('uncontrolled');
    expect(a.priority).toBe(989);
    expect(a.factors.map((f) => [f.factor, f.effect, f.points])).toEqual([
      ['cvss', 'raised', 400],
      ['kev', 'raised', 250],
      ['epss', 'raised', 189],
      ['risk', 'raised', 150],
    ]);
  });

  it('lifecycle lowers, closed or excluded findings are 0, the sum is clamped', () => {
    const common = { status: 'affected' as const, analysisState: null, cvss: { score: 5, environmental: false }, kev: false, epss: null, riskClass: null };
    expect(computePriority({ ...common, lifecycleStage: 'development' }).priority).toBe(100);
    expect(computePriority({ ...common, lifecycleStage: 'end_of_support' }).priority).toBe(150);
    expect(computePriority({ ...common, cvss: { score: 1, environmental: false }, lifecycleStage: 'development' }).priority).toBe(0);
    expect(computePriority({ ...common, status: 'fixed', lifecycleStage: 'support' })).toEqual({ priority: 0, factors: [{ factor: 'status', effect: 'lowered', points: 0, why: 'The finding is fixed: nothing to do.' }] });
    const na = assess({ ...base, analysisState: 'not_affected', harm: 'catastrophic', kev: true });
    expect([na.priority, na.riskClass]).toEqual([0, null]);
    expect(assess({ ...base, analysisState: 'exploitable', kev: true }).priority).toBe(300 + 250);
  });
});
