import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_MATRIX } from '../../core/risk/index.js';
import { csvCell, csvDocument } from './csv.js';
import { buildHeatMap } from './heatmap.js';
import { acceptanceDates, addDays, changedFields, checkAcceptanceRule, classOf, hasExpired, isDueForReview } from './register.js';

describe('classOf (the default 5 × 5 matrix, docs/core/risk.md)', () => {
  it.each([
    ['probable', 'serious', 'uncontrolled'],
    ['occasional', 'serious', 'controlled'],
    ['remote', 'catastrophic', 'uncontrolled'],
    ['improbable', 'catastrophic', 'controlled'],
    ['frequent', 'minor', 'controlled'],
  ])('%s × %s is %s', (likelihood, severity, expected) => {
    expect(classOf(likelihood, severity)).toBe(expected);
  });

  it('refuses a level that is not on the matrix', () => {
    expect(() => classOf('likely', 'serious')).toThrow('Unknown exploitability level "likely"');
  });
});

describe('acceptance dates (UTC calendar days)', () => {
  const today = '2026-11-23';

  it('adds days across month ends and leap days', () => {
    expect(addDays('2027-03-01', -30)).toBe('2027-01-30');
    expect(addDays('2028-03-01', -30)).toBe('2028-01-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('defaults the re-review to 30 days before expiry', () => {
    expect(acceptanceDates({ expiresOn: '2027-03-01' }, today)).toEqual({ ok: true, expiresOn: '2027-03-01', reviewOn: '2027-01-30' });
  });

  it('puts the default re-review on today when the expiry is less than 30 days away', () => {
    expect(acceptanceDates({ expiresOn: '2026-12-10' }, today)).toEqual({ ok: true, expiresOn: '2026-12-10', reviewOn: today });
  });

  it('needs an expiry after today', () => {
    expect(acceptanceDates({ expiresOn: today }, today)).toMatchObject({ ok: false, pointer: '/body/expiresOn' });
    expect(acceptanceDates({ expiresOn: '2026-11-22' }, today)).toMatchObject({ ok: false, pointer: '/body/expiresOn' });
    expect(acceptanceDates({ expiresOn: '2026-11-24' }, today)).toMatchObject({ ok: true, reviewOn: today });
  });

  it('keeps an explicit re-review date between today and the expiry', () => {
    expect(acceptanceDates({ expiresOn: '2027-06-30', reviewOn: '2027-06-30' }, today)).toEqual({ ok: true, expiresOn: '2027-06-30', reviewOn: '2027-06-30' });
    expect(acceptanceDates({ expiresOn: '2027-06-30', reviewOn: '2027-07-01' }, today)).toMatchObject({ ok: false, pointer: '/body/reviewOn', message: 'The re-review date must be on or before the expiry date.' });
    expect(acceptanceDates({ expiresOn: '2027-06-30', reviewOn: '2026-11-22' }, today)).toMatchObject({ ok: false, pointer: '/body/reviewOn' });
  });

  it('expires on the expiry day and is due for review from the review day until then', () => {
    expect(hasExpired('2027-01-31', '2027-01-30')).toBe(false);
    expect(hasExpired('2027-01-31', '2027-01-31')).toBe(true);
    expect(isDueForReview('2027-01-01', '2027-01-31', '2026-12-31')).toBe(false);
    expect(isDueForReview('2027-01-01', '2027-01-31', '2027-01-01')).toBe(true);
    expect(isDueForReview('2027-01-01', '2027-01-31', '2027-01-30')).toBe(true);
    expect(isDueForReview('2027-01-01', '2027-01-31', '2027-01-31')).toBe(false);
  });
});

describe('the acceptance rule', () => {
  const why = 'Therapy continuity outweighs the residual risk until the 5.1 patch ships.';

  it('accepts a controlled residual risk with no flag', () => {
    expect(checkAcceptanceRule({ residualClass: 'controlled', acceptUncontrolled: false })).toBeNull();
  });

  it('needs the flag and a benefit-risk rationale for an uncontrolled residual risk', () => {
    expect(checkAcceptanceRule({ residualClass: 'uncontrolled', acceptUncontrolled: false })?.pointer).toBe('/body/acceptUncontrolled');
    expect(checkAcceptanceRule({ residualClass: 'uncontrolled', acceptUncontrolled: true })?.pointer).toBe('/body/benefitRiskRationale');
    expect(checkAcceptanceRule({ residualClass: 'uncontrolled', acceptUncontrolled: true, benefitRiskRationale: '  too short   ' })?.pointer).toBe('/body/benefitRiskRationale');
    expect(checkAcceptanceRule({ residualClass: 'uncontrolled', acceptUncontrolled: true, benefitRiskRationale: why })).toBeNull();
  });

  it('refuses the flag or a benefit-risk rationale on a controlled risk', () => {
    expect(checkAcceptanceRule({ residualClass: 'controlled', acceptUncontrolled: true, benefitRiskRationale: why })?.pointer).toBe('/body/acceptUncontrolled');
    expect(checkAcceptanceRule({ residualClass: 'controlled', acceptUncontrolled: false, benefitRiskRationale: why })?.pointer).toBe('/body/benefitRiskRationale');
  });
});

describe('changedFields', () => {
  it('lists only what changed, arrays compared by value', () => {
    const before = { title: 'a', findingIds: ['1', '2'], owner: null as string | null };
    const after = { title: 'a', findingIds: ['1'], owner: 'x' };
    expect(changedFields(before, after, ['title', 'findingIds', 'owner'])).toEqual({ before: { findingIds: ['1', '2'], owner: null }, after: { findingIds: ['1'], owner: 'x' } });
  });
});

describe('CSV (RFC 4180)', () => {
  it('writes CRLF rows and quotes only what needs it', () => {
    expect(csvDocument(['a', 'b'], [['plain', 'with, comma'], ['say "hi"', 'two\nlines']])).toBe('a,b\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n');
  });

  it('guards cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(['+1', '-2', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'+1", "'-2", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvCell('2027-01-31')).toBe('2027-01-31');
    expect(csvCell(null)).toBe('');
  });

  it('reads back with csv-parse, every cell as written (after the guard)', () => {
    const rows = [
      ['Log4Shell, remote code', 'line 1\r\nline 2', '"quoted"', '=1+1'],
      ['', 'ünïcödé ×', '@cmd', 'a;b'],
    ];
    const text = csvDocument(['w', 'x', 'y', 'z'], rows);
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    expect(parsed).toEqual([
      { w: 'Log4Shell, remote code', x: 'line 1\r\nline 2', y: '"quoted"', z: "'=1+1" },
      { w: '', x: 'ünïcödé ×', y: "'@cmd", z: 'a;b' },
    ]);
  });
});

describe('heat map', () => {
  it('places counts in their cells with the matrix’s colour, rows by likelihood and columns by severity', () => {
    const map = buildHeatMap(
      DEFAULT_RISK_MATRIX,
      [{ likelihood: 'frequent', severity: 'critical', count: 2 }, { likelihood: 'remote', severity: 'minor', count: 1 }],
      [{ likelihood: 'remote', severity: 'critical', count: 1 }, { likelihood: 'remote', severity: 'critical', count: 1 }, { likelihood: 'remote', severity: 'minor', count: 1 }],
    );
    expect(map.total).toBe(3);
    expect(map.before).toHaveLength(5);
    expect(map.before.every((row) => row.length === 5)).toBe(true);
    expect(map.before[4]![3]).toEqual({ likelihood: 'frequent', severity: 'critical', class: 'uncontrolled', count: 2 });
    expect(map.before[1]![1]).toEqual({ likelihood: 'remote', severity: 'minor', class: 'controlled', count: 1 });
    expect(map.after[1]![3]).toEqual({ likelihood: 'remote', severity: 'critical', class: 'controlled', count: 2 });
    expect(map.after[1]![4]!.class).toBe('uncontrolled');
    const counted = (grid: typeof map.before) => grid.flat().reduce((n, c) => n + c.count, 0);
    expect(counted(map.before)).toBe(3);
    expect(counted(map.after)).toBe(3);
  });

  it('refuses counts that do not add up or levels off the matrix', () => {
    expect(() => buildHeatMap(DEFAULT_RISK_MATRIX, [{ likelihood: 'remote', severity: 'minor', count: 1 }], [])).toThrow('must cover the same items');
    expect(() => buildHeatMap(DEFAULT_RISK_MATRIX, [{ likelihood: 'likely', severity: 'minor', count: 1 }], [{ likelihood: 'remote', severity: 'minor', count: 1 }])).toThrow('not on matrix');
  });
});
