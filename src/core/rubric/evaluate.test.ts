import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  evaluateRubric,
  getRubricVersion,
  listRubricVersions,
  pendingRubricQuestions,
  validateRubricVersion,
  type RubricAnswers,
  type RubricVersion,
} from './index.js';

const V = 'mitre-2020.1';

/** All impact questions answered "none"; examples override the relevant ones. */
const NO_IMPACT: RubricAnswers = Object.fromEntries(
  [1, 2, 3, 4, 5, 6].flatMap((n) => ['C', 'I', 'A'].map((l) => [`Q${n}.${l}`, n === 1 && l === 'C' ? 'no' : 'none'])),
);

function evaluate(answers: RubricAnswers) {
  const result = evaluateRubric(V, answers);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('hand-worked examples (vectors derived by hand from the mitre-2020.1 flows)', () => {
  it('BLE insulin pump, attacker in radio range, no authentication, can change or stop dosing', () => {
    // AV: not routed (Q1 no), not a wired adjacent network (Q2 no), BLE (Q3 yes) → A.
    // AC: no special conditions → L. PR: no pairing/authentication → N. UI: none → N. S: pump only → U.
    // C: the pump holds one patient's PHI → Q1.C yes, Q1.1.C no → L.
    // I: therapy (dose) can be changed → H; A: delivery can be suspended → H.
    const result = evaluate({
      ...NO_IMPACT,
      'AV.Q1': 'no',
      'AV.Q2': 'no',
      'AV.Q3': 'yes',
      'AC.Q1': 'yes',
      'PR.Q1': 'yes',
      'UI.Q1': 'yes',
      'S.Q1': 'no',
      'Q1.C': 'yes',
      'Q1.1.C': 'no',
      'Q1.I': 'low',
      'Q3.I': 'high',
      'Q3.A': 'high',
    });
    expect(result.vector).toBe('CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H');
    // By hand (CVSS v3.1 §7.1): ISS = 1 − 0.78·0.44·0.44 = 0.848992; Impact = 6.42·ISS = 5.4505;
    // Exploitability = 8.22·0.62·0.77·0.85·0.85 = 2.8353; Roundup(8.2858) = 8.3 (High).
    expect(result.score.base).toBe(8.3);
    expect(result.score.severity).toBe('High');
  });

  it('network infusion pump with hard-coded credentials exposing the drug library and patient records', () => {
    const result = evaluate({
      ...NO_IMPACT,
      'AV.Q1': 'yes',
      'AC.Q1': 'yes',
      'PR.Q1': 'no',
      'PR.Q2': 'yes',
      'UI.Q1': 'yes',
      'S.Q1': 'no',
      'Q1.C': 'yes',
      'Q1.1.C': 'yes',
      'Q3.I': 'high',
      'Q3.A': 'high',
    });
    expect(result.vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    // ISS = 1 − 0.44³ = 0.914816; 6.42·ISS = 5.8731; 8.22·0.85·0.77·0.85·0.85 = 3.8870; Roundup(9.7601) = 9.8.
    expect(result.score).toMatchObject({ base: 9.8, severity: 'Critical' });
  });

  it('patient monitor: service USB port, technician privileges, clinician must load a file, alarms can freeze', () => {
    const result = evaluate({
      ...NO_IMPACT,
      'AV.Q1': 'no',
      'AV.Q2': 'no',
      'AV.Q3': 'no',
      'AV.Q4': 'no',
      'AV.Q5': 'yes',
      'AV.Q5.1': 'yes',
      'AC.Q1': 'no',
      'PR.Q1': 'no',
      'PR.Q2': 'no',
      'PR.Q3': 'yes',
      'UI.Q1': 'no',
      'S.Q1': 'no',
      'Q2.I': 'low',
      'Q2.A': 'high',
    });
    expect(result.vector).toBe('CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:L/A:H');
    // ISS = 1 − 1·0.78·0.44 = 0.6568; 6.42·ISS = 4.2167; 8.22·0.2·0.44·0.27·0.62 = 0.1211; Roundup(4.3377) = 4.4.
    expect(result.score).toMatchObject({ base: 4.4, severity: 'Medium' });
  });

  it('records one rationale entry per answer in asking order, plus combined C/I/A entries', () => {
    const result = evaluate({ ...NO_IMPACT, 'AV.Q1': 'no', 'AV.Q2': 'yes', 'AC.Q1': 'yes', 'PR.Q1': 'yes', 'UI.Q1': 'yes', 'S.Q1': 'yes', 'Q4.A': 'low' });
    expect(result.vector).toBe('CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:L');
    const answers = result.rationale.filter((r) => r.kind === 'answer');
    expect(answers.slice(0, 3)).toMatchObject([
      { questionId: 'AV.Q1', code: 'XAVN', answer: 'no', next: 'AV.Q2' },
      { questionId: 'AV.Q2', code: 'XAVT', answer: 'yes', metricValue: 'A' },
      { questionId: 'AC.Q1', code: 'XACL', answer: 'yes', metricValue: 'L' },
    ]);
    expect(answers).toHaveLength(2 + 4 + 18);
    const combined = result.rationale.filter((r) => r.kind === 'combined');
    expect(combined).toEqual([
      { kind: 'combined', metric: 'C', metricValue: 'N', from: ['Q1.C', 'Q2.C', 'Q3.C', 'Q4.C', 'Q5.C', 'Q6.C'] },
      { kind: 'combined', metric: 'I', metricValue: 'N', from: ['Q1.I', 'Q2.I', 'Q3.I', 'Q4.I', 'Q5.I', 'Q6.I'] },
      { kind: 'combined', metric: 'A', metricValue: 'L', from: ['Q1.A', 'Q2.A', 'Q3.A', 'Q4.A', 'Q5.A', 'Q6.A'] },
    ]);
    expect(result.unusedAnswers).toEqual([]);
  });
});

describe('errors', () => {
  const complete: RubricAnswers = { ...NO_IMPACT, 'AV.Q1': 'yes', 'AC.Q1': 'yes', 'PR.Q1': 'yes', 'UI.Q1': 'yes', 'S.Q1': 'no' };

  it('unknown version', () => {
    const result = evaluateRubric('mitre-1999.9', complete);
    expect(result.ok ? '' : result.error.code).toBe('rubric.version.unknown');
  });

  it('missing answer names the first question still to answer on the chosen path', () => {
    const { 'AC.Q1': _dropped, ...withoutAc } = complete;
    const missingAc = evaluateRubric(V, withoutAc);
    expect(missingAc.ok ? '' : missingAc.error.code).toBe('rubric.answer.missing');
    expect(missingAc.ok ? '' : missingAc.error.message).toContain('AC.Q1 (XACL)');
    const missingFollowUp = evaluateRubric(V, { ...complete, 'AV.Q1': 'no' });
    expect(missingFollowUp.ok ? '' : missingFollowUp.error.message).toContain('AV.Q2');
  });

  it('invalid answer token lists the allowed ones', () => {
    const result = evaluateRubric(V, { ...complete, 'Q3.I': 'maybe' });
    expect(result.ok ? null : result.error).toMatchObject({ code: 'rubric.answer.invalid' });
    expect(result.ok ? '' : result.error.message).toContain('none, low, high');
  });

  it('answer to a question the version does not have', () => {
    const result = evaluateRubric(V, { ...complete, 'AV.Q9': 'yes' });
    expect(result.ok ? '' : result.error.code).toBe('rubric.answer.unknown');
  });

  it('contradictory path: every attack-vector question answered no', () => {
    const result = evaluateRubric(V, { ...complete, 'AV.Q1': 'no', 'AV.Q2': 'no', 'AV.Q3': 'no', 'AV.Q4': 'no', 'AV.Q5': 'no' });
    expect(result.ok ? '' : result.error.code).toBe('rubric.answer.rejected');
  });

  it('answers off the chosen path are kept but reported as unused', () => {
    const result = evaluateRubric(V, { ...complete, 'AV.Q2': 'yes', 'PR.Q3': 'no' });
    expect(result.ok && result.value.unusedAnswers).toEqual(['AV.Q2', 'PR.Q3']);
    expect(result.ok && result.value.vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N');
  });

  it('pendingRubricQuestions walks the flow step by step', () => {
    const start = pendingRubricQuestions(V, {});
    expect(start.ok && start.value.map((q) => q.id).slice(0, 6)).toEqual(['AV.Q1', 'AC.Q1', 'PR.Q1', 'UI.Q1', 'S.Q1', 'Q1.C']);
    expect(start.ok && start.value).toHaveLength(5 + 18);
    const after = pendingRubricQuestions(V, { 'AV.Q1': 'no', 'Q1.C': 'yes' });
    expect(after.ok && after.value.map((q) => q.id)).toContain('AV.Q2');
    expect(after.ok && after.value.map((q) => q.id)).toContain('Q1.1.C');
    const done = pendingRubricQuestions(V, complete);
    expect(done.ok && done.value).toEqual([]);
  });
});

describe('versioning', () => {
  it('lists the published versions', () => {
    expect(listRubricVersions()).toEqual(['mitre-2020.1']);
  });

  it('mitre-2020.1 is structurally valid', () => {
    const version = getRubricVersion(V);
    expect(version.ok && validateRubricVersion(version.value).ok).toBe(true);
  });

  it('mitre-2020.1 is frozen and its content fingerprint never changes (publish a new version instead)', () => {
    const version = getRubricVersion(V);
    if (!version.ok) throw new Error('missing version');
    expect(Object.isFrozen(version.value.questions[0]?.options[0]?.outcome)).toBe(true);
    const fingerprint = createHash('sha256').update(JSON.stringify(version.value)).digest('hex');
    expect(fingerprint).toBe(MITRE_2020_1_FINGERPRINT);
  });

  it('the same answers always produce the same vector and rationale', () => {
    const answers: RubricAnswers = { ...NO_IMPACT, 'AV.Q1': 'no', 'AV.Q2': 'no', 'AV.Q3': 'yes', 'AC.Q1': 'yes', 'PR.Q1': 'yes', 'UI.Q1': 'yes', 'S.Q1': 'no', 'Q3.A': 'high' };
    expect(evaluate(answers)).toEqual(evaluate({ ...answers }));
  });
});

describe('validateRubricVersion rejects broken question sets', () => {
  const base = getRubricVersion(V);
  if (!base.ok) throw new Error('missing version');
  const clone = (): RubricVersion => JSON.parse(JSON.stringify(base.value)) as RubricVersion;

  it.each([
    ['a cycle', (v: { questions: { id: string; options: { outcome: unknown }[] }[] }) => {
      v.questions.find((q) => q.id === 'AV.Q2')!.options[1]!.outcome = { next: 'AV.Q1' };
    }, 'rubric.data.cycle'],
    ['a dangling next', (v: { questions: { id: string; options: { outcome: unknown }[] }[] }) => {
      v.questions.find((q) => q.id === 'AV.Q1')!.options[1]!.outcome = { next: 'AV.Q42' };
    }, 'rubric.data.missing'],
    ['an invalid metric value', (v: { questions: { id: string; options: { outcome: unknown }[] }[] }) => {
      v.questions.find((q) => q.id === 'AC.Q1')!.options[0]!.outcome = { metricValue: 'N' };
    }, 'rubric.data.value'],
    ['an unreachable question', (v: { questions: { id: string; options: { outcome: unknown }[] }[] }) => {
      v.questions.find((q) => q.id === 'PR.Q1')!.options[1]!.outcome = { metricValue: 'L' };
    }, 'rubric.data.unreachable'],
  ])('%s', (_name, mutate, code) => {
    const broken = clone();
    mutate(broken as unknown as { questions: { id: string; options: { outcome: unknown }[] }[] });
    const result = validateRubricVersion(broken);
    expect(result.ok ? '' : result.error.code).toBe(code);
  });
});

/**
 * sha256 of JSON.stringify(mitre-2020.1) as published. If this test fails, the published
 * question set was edited: revert, and add a new version (e.g. `mitre-2020.2`) instead.
 */
const MITRE_2020_1_FINGERPRINT = '4159da3b7f56a3e4956a845036a6c171bb2730da6e0dba29c6eab47926391884';
