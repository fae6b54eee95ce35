import { describe, expect, it } from 'vitest';
import { checkLifecycleDates, stageByDates } from './lifecycle.js';

describe('lifecycle dates', () => {
  it('accepts dates in order, and partial sets', () => {
    expect(checkLifecycleDates({ releaseDate: '2021-03-01', endOfLifeDate: '2026-03-01', endOfGuaranteedSupportDate: '2026-03-01', endOfSupportDate: '2028-03-01' })).toEqual([]);
    expect(checkLifecycleDates({ endOfSupportDate: '2028-03-01' })).toEqual([]);
    expect(checkLifecycleDates({})).toEqual([]);
  });

  it('names every date that runs backwards', () => {
    expect(checkLifecycleDates({ releaseDate: '2021-03-01', endOfLifeDate: '2029-01-01', endOfSupportDate: '2028-03-01' })).toEqual([
      { pointer: '/body/endOfSupportDate', message: 'end of support cannot come before end of life (EOL starts limited support)' },
    ]);
    expect(checkLifecycleDates({ releaseDate: '2021-03-01', endOfSupportDate: '2020-12-31' }).map((e) => e.pointer)).toEqual(['/body/endOfSupportDate']);
  });

  it('derives the stage the calendar implies (IMDRF N70: EOL → limited support, EOS → end of support)', () => {
    const dates = { releaseDate: '2021-03-01', endOfLifeDate: '2026-03-01', endOfSupportDate: '2028-03-01' };
    expect(stageByDates(dates, '2020-01-01')).toBeNull();
    expect(stageByDates(dates, '2021-03-01')).toBe('support');
    expect(stageByDates(dates, '2026-11-23')).toBe('limited_support');
    expect(stageByDates(dates, '2028-03-01')).toBe('end_of_support');
  });
});
