import { describe, expect, it } from 'vitest';
import { CoreParseError } from '../result.js';
import { cvssSeverity, cvssVectorFromMetrics, formatCvss, parseCvss, parseCvssOrThrow, scoreCvss, scoreCvssString } from './index.js';

function errorOf(input: string, order?: 'spec' | 'any' | 'canonical'): { code: string; position?: number } {
  const result = parseCvss(input, order === undefined ? {} : { order });
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  return { code: result.error.code, ...(result.error.position === undefined ? {} : { position: result.error.position }) };
}

describe('parseCvss: version detection and published examples', () => {
  it('CVE-2021-44228 (Log4Shell), NVD: CVSS:3.1 …/S:C/C:H/I:H/A:H = 10.0 Critical', () => {
    const scores = scoreCvss(parseCvssOrThrow('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'));
    expect(scores).toMatchObject({ version: '3.1', base: 10, overall: 10, severity: 'Critical' });
    // NVD publishes exploitabilityScore 3.9 and impactScore 6.0 for this CVE.
    expect(scores.exploitability).toBe(3.9);
    expect(scores.impact).toBe(6);
  });

  it('CVE-2021-44228 v2 vector on NVD: AV:N/AC:M/Au:N/C:C/I:C/A:C = 9.3 High', () => {
    const scores = scoreCvss(parseCvssOrThrow('AV:N/AC:M/Au:N/C:C/I:C/A:C'));
    expect(scores).toMatchObject({ version: '2.0', base: 9.3, severity: 'High' });
    // NVD: exploitabilityScore 8.6, impactScore 10.0.
    expect(scores.exploitability).toBe(8.6);
    expect(scores.impact).toBe(10);
  });

  it('FIRST CVSS v3.1 examples document / NVD: CVE-2014-0160 Heartbleed = 7.5 High', () => {
    expect(scoreCvss(parseCvssOrThrow('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'))).toMatchObject({
      base: 7.5,
      severity: 'High',
    });
  });

  it('CVSS v4.0: FIRST calculator scores CR:X vector 4.1 (claircore issue #1382)', () => {
    const scores = scoreCvss(parseCvssOrThrow('CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:H/CR:X'));
    expect(scores).toMatchObject({ overall: 4.1, severity: 'Medium', nomenclature: 'CVSS-B' });
  });

  it('accepts a CVSS:2.0/ prefix and formats v2 in the bare NVD form', () => {
    const vector = parseCvssOrThrow('CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P');
    expect(vector.version).toBe('2.0');
    expect(formatCvss(vector)).toBe('AV:N/AC:L/Au:N/C:P/I:P/A:P');
  });

  it('scoreCvssString parses and scores in one call', () => {
    const result = scoreCvssString('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(result.ok && result.value.base).toBe(9.8);
    expect(scoreCvssString('nonsense').ok).toBe(false);
  });
});

describe('parseCvss: strict validation with positions', () => {
  it.each([
    ['', 'cvss.empty', 0],
    ['PR:N/AV:N', 'cvss.prefix.invalid', 0],
    ['CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss.version.unsupported', 5],
    ['CVSS:3.1', 'cvss.metric.missing', 8],
    ['CVSS:3.1/', 'cvss.metric.missing', 9],
    ['CVSS:3.1//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss.metric.malformed', 9],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', 'cvss.metric.malformed', 45],
    ['CVSS:3.1/AV:N/ACL/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss.metric.malformed', 14],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y', 'cvss.metric.unknown', 45],
    ['CVSS:3.1/AV:W/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss.value.invalid', 12],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Q', 'cvss.value.invalid', 47],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss.metric.duplicate', 14],
    ['CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H', 'cvss.metric.missing', 39],
    ['CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'cvss.metric.unknown', 9],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ', 'cvss.value.invalid', 43],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X', 'cvss.value.invalid', 29],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H', 'cvss.value.invalid', 57],
  ])('%j → %s at %i', (input, code, position) => {
    expect(errorOf(input)).toEqual({ code, position });
  });

  it('quotes at most 24 characters of user input in messages', () => {
    const result = parseCvss(`CVSS:3.1/AV:${'Z'.repeat(5000)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
  });

  it('parseCvssOrThrow throws a typed CoreParseError', () => {
    expect(() => parseCvssOrThrow('CVSS:3.1/AV:N')).toThrow(CoreParseError);
  });
});

describe('parseCvss: metric order policy', () => {
  const shuffled31 = 'CVSS:3.1/I:L/MA:H/AR:H/UI:N/AC:H/C:H/AV:N/A:L/MUI:N/MI:H/RC:C/CR:H/IR:H/PR:L/MAV:N/MAC:L/MPR:N/E:H/MS:C/MC:H/RL:O/S:U';
  const canonical31 = 'CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:H/I:L/A:L/E:H/RL:O/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:N/MUI:N/MS:C/MC:H/MI:H/MA:H';

  it('v3.x: any order is accepted (spec section 6) and normalised to table order', () => {
    expect(formatCvss(parseCvssOrThrow(shuffled31))).toBe(canonical31);
  });

  it('v3.x: order "canonical" rejects out-of-order metrics at the offending metric', () => {
    expect(errorOf('CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H', 'canonical')).toEqual({
      code: 'cvss.metric.order',
      position: 14,
    });
  });

  it('v4.0: out-of-order metrics are invalid per spec section 7 (GHSA-28g4-38q8-3cwc vector)', () => {
    const jumbled = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N';
    expect(errorOf(jumbled)).toEqual({ code: 'cvss.metric.order', position: 44 });
    // …and accepted and normalised when the caller opts into calculator behaviour.
    const lenient = parseCvss(jumbled, { order: 'any' });
    expect(lenient.ok && formatCvss(lenient.value)).toBe('CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
  });

  it('v2.0: metric order is fixed (v2 guide section 2.4)', () => {
    expect(errorOf('AV:A/AC:L/Au:N/A:C/I:C/C:C')).toEqual({ code: 'cvss.metric.order', position: 19 });
  });
});

describe('normalisation', () => {
  it('drops explicit Not Defined values (X, ND) so equivalent vectors compare equal', () => {
    const a = parseCvssOrThrow('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/MAV:X');
    const b = parseCvssOrThrow('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(a).toEqual(b);
    expect(formatCvss(parseCvssOrThrow('AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:OF'))).toBe('AV:N/AC:L/Au:N/C:P/I:P/A:P/RL:OF');
  });

  it('RedHat clean_vector example: reorders and drops X values', () => {
    // From RedHatProductSecurity/cvss tests/test_cvss3.py test_clean_vector.
    const input = 'CVSS:3.0/S:C/C:H/I:H/A:N/AV:P/AC:H/PR:H/UI:R/E:H/RL:O/RC:R/CR:H/IR:X/AR:X/MAC:H/MPR:X/MUI:X/MC:L/MA:X';
    expect(formatCvss(parseCvssOrThrow(input))).toBe('CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:R/CR:H/MAC:H/MC:L');
  });

  it('cvssVectorFromMetrics validates a metric map', () => {
    const built = cvssVectorFromMetrics('3.1', { S: 'U', AV: 'N', AC: 'L', PR: 'N', UI: 'N', C: 'H', I: 'H', A: 'H' });
    expect(built.ok && formatCvss(built.value)).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    const bad = cvssVectorFromMetrics('3.1', { AV: 'N' });
    expect(bad.ok ? '' : bad.error.code).toBe('cvss.metric.missing');
  });
});

describe('score groups', () => {
  it('v3: overall is the most specific defined group; temporal/environmental always computed', () => {
    // RedHat test_cvss3.py test_severities: base High, temporal High, environmental Medium.
    const s = scoreCvss(
      parseCvssOrThrow('CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:W/IR:M/AR:H/MAV:N/MAC:H/MPR:L/MUI:N/MC:N/MI:N'),
    );
    expect([s.base, s.temporal ?? -1, s.environmental ?? -1].map((x) => cvssSeverity(x, '3.0'))).toEqual(['High', 'High', 'Medium']);
    expect(s.overall).toBe(s.environmental);
    expect(s.severity).toBe('Medium');
  });

  it('v3.1 without environmental metrics: overall = base even when the calculator environmental differs', () => {
    const s = scoreCvss(parseCvssOrThrow('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H'));
    expect([s.base, s.environmental, s.overall]).toEqual([9.6, 9.7, 9.6]);
  });

  it('v4: nomenclature and per-group scores (vectors_threat4 / vectors_security4 values)', () => {
    const bt = scoreCvss(parseCvssOrThrow('CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U'));
    expect(bt).toMatchObject({ nomenclature: 'CVSS-BT', base: 7.3, threat: 4.1, overall: 4.1 });
    const be = scoreCvss(parseCvssOrThrow('CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:L/IR:L/AR:L'));
    expect(be).toMatchObject({ nomenclature: 'CVSS-BE', base: 7.3, environmental: 5.4, overall: 5.4 });
    expect(be.threat).toBeUndefined();
    const bte = scoreCvss(
      parseCvssOrThrow('CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:L/IR:L/AR:L'),
    );
    expect(bte).toMatchObject({ nomenclature: 'CVSS-BTE', base: 7.3, threat: 4.1 });
    expect(bte.overall).toBe(bte.environmental);
    expect(bte.overall).toBeLessThan(4.1);
  });
});

describe('CVSS v2.0 environmental floor', () => {
  it('clamps the adjusted base equation at 0 (the guide: scores range from 0 to 10)', () => {
    // Hand-worked: adjusted impact = 10.41 × (1 − (1 − 0.275 × 0.5)) = 1.431; exploitability =
    // 20 × 0.395 × 0.35 × 0.45 = 1.244; (0.6 × 1.431 + 0.4 × 1.244 − 1.5) × 1.176 = −0.17 → 0.
    const scores = scoreCvss(parseCvssOrThrow('AV:L/AC:H/Au:M/C:N/I:P/A:N/IR:L'));
    expect(scores.environmental).toBe(0);
    expect(scores.base).toBe(0.8);
  });
});
