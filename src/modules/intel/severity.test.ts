import { describe, expect, it } from 'vitest';
import { atLeast, recordSeverity, worstSeverity } from './severity.js';

describe('recordSeverity', () => {
  it('prefers the newest CVSS version and NVD Primary over Secondary', () => {
    // CVE-2021-44228: NVD Primary v3.1 10.0, v2 9.3 (AV:N/AC:M/Au:N/C:C/I:C/A:C).
    const rated = recordSeverity([
      { type: 'CVSS_V2', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C', source: 'nvd@nist.gov', role: 'Primary' },
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', source: 'cna', role: 'Secondary' },
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', source: 'nvd@nist.gov', role: 'Primary' },
    ]);
    expect(rated).toEqual({ level: 'critical', score: 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', source: 'nvd@nist.gov' });
  });

  it('falls back to the database rating, GHSA MODERATE being medium', () => {
    expect(recordSeverity([{ type: 'GHSA', vector: 'MODERATE', source: 'GHSA' }])).toEqual({ level: 'medium', score: null, vector: 'MODERATE', source: 'GHSA' });
  });

  it('passes over vectors that do not parse and is unknown without any rating', () => {
    expect(recordSeverity([{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:X' }]).level).toBe('unknown');
    expect(recordSeverity([]).level).toBe('unknown');
  });

  it('rates a v2-only record with NVD bands (7.5 is high)', () => {
    expect(recordSeverity([{ type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }])).toMatchObject({ level: 'high', score: 7.5 });
  });
});

describe('worstSeverity and atLeast', () => {
  it('takes the most severe rating, then the higher score', () => {
    const high = { level: 'high', score: 7.5, vector: 'a', source: 'x' } as const;
    const high8 = { level: 'high', score: 8.1, vector: 'b', source: 'y' } as const;
    expect(worstSeverity([high, high8, { level: 'unknown', score: null, vector: null, source: null }])).toBe(high8);
    expect(atLeast('critical', 'high')).toBe(true);
    expect(atLeast('medium', 'high')).toBe(false);
    expect(atLeast('unknown', 'low')).toBe(false);
  });
});
