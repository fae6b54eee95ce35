import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCvssOrThrow } from '../cvss/index.js';
import { evaluateRubric } from '../rubric/index.js';
import {
  classifyRisk,
  DEFAULT_EXPLOITABILITY_CONFIG,
  DEFAULT_RISK_MATRIX,
  defaultExploitability,
  validateExploitabilityConfig,
  validateRiskMatrix,
  type RiskClass,
  type RiskMatrix,
} from './index.js';

function classify(exploitability: string, severity: string): RiskClass | string {
  const result = classifyRisk(DEFAULT_RISK_MATRIX, exploitability, severity);
  return result.ok ? result.value.risk : result.error.code;
}

describe('default matrix (docs/core/risk.md)', () => {
  it('is a valid 5 × 5 matrix', () => {
    expect(validateRiskMatrix(DEFAULT_RISK_MATRIX).ok).toBe(true);
  });

  it.each([
    ['frequent', 'catastrophic', 'uncontrolled'],
    ['remote', 'catastrophic', 'uncontrolled'],
    ['improbable', 'catastrophic', 'controlled'],
    ['occasional', 'critical', 'uncontrolled'],
    ['remote', 'critical', 'controlled'],
    ['probable', 'serious', 'uncontrolled'],
    ['occasional', 'serious', 'controlled'],
    ['frequent', 'minor', 'controlled'],
    ['frequent', 'negligible', 'controlled'],
  ])('%s × %s → %s', (exploitability, severity, expected) => {
    expect(classify(exploitability, severity)).toBe(expected);
  });

  it('rejects unknown levels', () => {
    expect(classify('likely', 'serious')).toBe('risk.level.unknown');
    expect(classify('frequent', 'fatal')).toBe('risk.level.unknown');
  });
});

describe('validateRiskMatrix', () => {
  const base = (): { -readonly [K in keyof RiskMatrix]: RiskMatrix[K] } => JSON.parse(JSON.stringify(DEFAULT_RISK_MATRIX));

  it('shape: missing row and short row', () => {
    const missingRow = { ...base(), cells: base().cells.slice(0, 4) };
    expect(validateRiskMatrix(missingRow)).toMatchObject({ ok: false, error: { code: 'risk.matrix.shape' } });
    const shortRow = base();
    shortRow.cells = shortRow.cells.map((row, i) => (i === 2 ? row.slice(0, 3) : row));
    const result = validateRiskMatrix(shortRow);
    expect(result).toMatchObject({ ok: false, error: { code: 'risk.matrix.shape' } });
    expect(result.ok ? '' : result.error.message).toContain('occasional');
  });

  it('every cell assigned', () => {
    const m = base();
    m.cells = m.cells.map((row, e) => row.map((cell, s) => (e === 1 && s === 3 ? ('maybe' as RiskClass) : cell)));
    const result = validateRiskMatrix(m);
    expect(result.ok ? '' : result.error.message).toBe('Cell remote × critical must be "controlled" or "uncontrolled".');
  });

  it('monotonicity: a cell cannot be controlled when a less exploitable cell is uncontrolled', () => {
    const m = base();
    // remote × catastrophic is uncontrolled in the default; make occasional × catastrophic controlled.
    m.cells = m.cells.map((row, e) => row.map((cell, s) => (e === 2 && s === 4 ? 'controlled' : cell)));
    const result = validateRiskMatrix(m);
    expect(result.ok ? null : result.error).toEqual({
      code: 'risk.matrix.monotonic',
      message: 'Cell occasional × catastrophic is controlled although the less exploitable cell remote × catastrophic is uncontrolled.',
    });
  });

  it('monotonicity: a cell cannot be controlled when a less severe cell is uncontrolled', () => {
    const m = base();
    m.cells = m.cells.map((row, e) => row.map((cell, s) => (e === 0 && s === 2 ? 'uncontrolled' : cell)));
    const result = validateRiskMatrix(m);
    expect(result.ok ? '' : result.error.message).toBe(
      'Cell improbable × critical is controlled although the less severe cell improbable × serious is uncontrolled.',
    );
  });

  it('levels: empty or duplicated', () => {
    expect(validateRiskMatrix({ ...base(), severityLevels: [] })).toMatchObject({ error: { code: 'risk.matrix.levels' } });
    expect(validateRiskMatrix({ ...base(), exploitabilityLevels: ['a', 'b', 'a', 'c', 'd'] })).toMatchObject({
      error: { code: 'risk.matrix.levels' },
    });
  });

  it('accepts custom shapes, e.g. a 3 × 4 matrix', () => {
    const custom: RiskMatrix = {
      id: 'hdo-3x4',
      exploitabilityLevels: ['low', 'medium', 'high'],
      severityLevels: ['minor', 'serious', 'critical', 'catastrophic'],
      cells: [
        ['controlled', 'controlled', 'controlled', 'uncontrolled'],
        ['controlled', 'controlled', 'uncontrolled', 'uncontrolled'],
        ['controlled', 'uncontrolled', 'uncontrolled', 'uncontrolled'],
      ],
    };
    expect(validateRiskMatrix(custom).ok).toBe(true);
    expect(classifyRisk(custom, 'medium', 'critical')).toMatchObject({ ok: true, value: { risk: 'uncontrolled', matrixId: 'hdo-3x4' } });
  });

  it('property: validation accepts exactly the monotone matrices (brute-force definition)', () => {
    const cellsArb = fc.array(fc.array(fc.constantFrom<RiskClass>('controlled', 'uncontrolled'), { minLength: 3, maxLength: 3 }), {
      minLength: 3,
      maxLength: 3,
    });
    fc.assert(
      fc.property(cellsArb, (cells) => {
        let monotone = true;
        for (let e = 0; e < 3; e++)
          for (let s = 0; s < 3; s++)
            for (let e2 = e; e2 < 3; e2++)
              for (let s2 = s; s2 < 3; s2++)
                if (cells[e]![s] === 'uncontrolled' && cells[e2]![s2] === 'controlled') monotone = false;
        const matrix: RiskMatrix = { id: 'p', exploitabilityLevels: ['x', 'y', 'z'], severityLevels: ['a', 'b', 'c'], cells };
        expect(validateRiskMatrix(matrix).ok).toBe(monotone);
      }),
      { numRuns: 500 },
    );
  });
});

describe('defaultExploitability (Vigil defaults, docs/core/risk.md)', () => {
  const level = (inputs: Parameters<typeof defaultExploitability>[0]): string => {
    const result = defaultExploitability(inputs);
    return result.ok ? result.value.level : result.error.code;
  };

  it.each([
    // Sub-scores computed by hand: 8.22 × AV × AC × PR × UI, rounded to one decimal as NVD does.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 'frequent'], // 3.9
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 'probable'], // 2.8
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 'occasional'], // 2.2
    ['CVSS:3.1/AV:A/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:H', 'occasional'], // 1.5
    ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'remote'], // 0.9
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H', 'improbable'], // 0.1
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 'frequent'], // v2: 20 × 1 × 0.71 × 0.704 = 10.0
    ['AV:N/AC:M/Au:N/C:C/I:C/A:C', 'probable'], // v2: 8.6
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'frequent'], // EQ1 0, EQ2 0
    ['CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'probable'], // EQ1 1, EQ2 0
    ['CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'improbable'], // EQ1 2, EQ2 1
  ])('%s → %s', (vector, expected) => {
    expect(level({ cvss: parseCvssOrThrow(vector) })).toBe(expected);
  });

  it('EPSS thresholds and KEV', () => {
    expect(level({ epss: 0.97 })).toBe('frequent');
    expect(level({ epss: 0.1 })).toBe('probable');
    expect(level({ epss: 0.05 })).toBe('occasional');
    expect(level({ epss: 0.0004 })).toBe('improbable');
    expect(level({ kev: true })).toBe('frequent');
    expect(level({ epss: 1.5 })).toBe('risk.epss.invalid');
    expect(level({ kev: false })).toBe('risk.exploitability.no_signal');
  });

  it('the most exploitable signal wins and every signal is reported', () => {
    const result = defaultExploitability({ cvss: parseCvssOrThrow('CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), epss: 0.02, kev: true });
    expect(result.ok && result.value).toEqual({
      level: 'frequent',
      signals: [
        { source: 'cvss', level: 'remote', detail: 'CVSS v3.1 exploitability sub-score 0.9' },
        { source: 'epss', level: 'occasional', detail: 'EPSS 0.02' },
        { source: 'kev', level: 'frequent', detail: 'listed in CISA KEV' },
      ],
    });
  });

  it('configuration is validated', () => {
    expect(validateExploitabilityConfig(DEFAULT_EXPLOITABILITY_CONFIG).ok).toBe(true);
    const unordered = { ...DEFAULT_EXPLOITABILITY_CONFIG, epss: [0.5, 0.1, 0.01, 0.001] };
    expect(defaultExploitability({ epss: 0.2 }, unordered)).toMatchObject({ ok: false, error: { code: 'risk.config.thresholds' } });
    const badLevel = { ...DEFAULT_EXPLOITABILITY_CONFIG, kev: 'always' };
    expect(validateExploitabilityConfig(badLevel)).toMatchObject({ ok: false, error: { code: 'risk.config.level' } });
  });
});

describe('end to end: rubric → exploitability → controlled/uncontrolled', () => {
  it('BLE insulin pump with catastrophic potential harm is uncontrolled; improbable exploitation would be controlled', () => {
    const noImpact = Object.fromEntries(
      [1, 2, 3, 4, 5, 6].flatMap((n) => ['C', 'I', 'A'].map((l) => [`Q${n}.${l}`, n === 1 && l === 'C' ? 'no' : 'none'])),
    );
    const rubric = evaluateRubric('mitre-2020.1', {
      ...noImpact,
      'AV.Q1': 'no',
      'AV.Q2': 'no',
      'AV.Q3': 'yes',
      'AC.Q1': 'yes',
      'PR.Q1': 'yes',
      'UI.Q1': 'yes',
      'S.Q1': 'no',
      'Q3.I': 'high',
      'Q3.A': 'high',
    });
    if (!rubric.ok) throw new Error(rubric.error.message);
    // CVSS:3.1/AV:A/AC:L/PR:N/UI:N → exploitability sub-score 8.22·0.62·0.77·0.85·0.85 = 2.8 → probable.
    const exploitability = defaultExploitability({ cvss: parseCvssOrThrow(rubric.value.vector) });
    expect(exploitability.ok && exploitability.value.level).toBe('probable');
    // Insulin over-delivery can kill: catastrophic.
    expect(classify('probable', 'catastrophic')).toBe('uncontrolled');
    expect(classify('improbable', 'catastrophic')).toBe('controlled');
  });
});
