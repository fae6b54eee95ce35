import { describe, expect, it } from 'vitest';
import { acknowledgeDueAt, allowedTransitions, caseClocks, disclosureTarget, needsReason } from './lifecycle.js';

describe('CVD transitions', () => {
  it('moves forward one step or closes; closed is final', () => {
    expect(allowedTransitions('received')).toEqual(['acknowledged', 'closed']);
    expect(allowedTransitions('remediation')).toEqual(['disclosed', 'closed']);
    expect(allowedTransitions('disclosed')).toEqual(['closed']);
    expect(allowedTransitions('closed')).toEqual([]);
    expect(needsReason('triaged', 'closed')).toBe(true);
    expect(needsReason('disclosed', 'closed')).toBe(false);
  });
});

describe('acknowledgement clock (5 business days, Mon–Fri in the org time zone)', () => {
  it('counts from the day after receipt and ends at local midnight after the 5th business day', () => {
    // Wed 2024-03-06 10:00 Berlin → Thu 7, Fri 8, Mon 11, Tue 12, Wed 13 → due Thu 14 00:00 CET = 13 23:00Z.
    expect(acknowledgeDueAt(new Date('2024-03-06T09:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2024-03-13T23:00:00.000Z');
    // Sat 2024-03-09 in New York → Mon 11 … Fri 15 → due Sat 16 00:00 EDT (DST began 10 March) = 04:00Z.
    expect(acknowledgeDueAt(new Date('2024-03-09T15:00:00Z'), 'America/New_York').toISOString()).toBe('2024-03-16T04:00:00.000Z');
    // The receipt instant is a Friday in Tokyo though still Thursday in UTC: Tokyo's calendar decides.
    // Fri 2024-03-08 01:00 JST → Mon 11 … Fri 15 → due Sat 16 00:00 JST = 15 15:00Z.
    expect(acknowledgeDueAt(new Date('2024-03-07T16:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2024-03-15T15:00:00.000Z');
  });
});

describe('disclosure target', () => {
  it('is 45 local days after receipt unless an embargo date is set', () => {
    expect(disclosureTarget(new Date('2024-03-06T09:00:00Z'), 'Europe/Berlin', null)).toBe('2024-04-20');
    // 23:30Z on 31 Dec is already 1 Jan in Berlin: 1 Jan + 45 = 15 Feb.
    expect(disclosureTarget(new Date('2023-12-31T23:30:00Z'), 'Europe/Berlin', null)).toBe('2024-02-15');
    expect(disclosureTarget(new Date('2024-03-06T09:00:00Z'), 'Europe/Berlin', '2024-06-01')).toBe('2024-06-01');
  });
});

describe('case clocks', () => {
  const base = {
    receivedAt: new Date('2024-03-06T09:00:00Z'),
    acknowledgeDueAt: new Date('2024-03-13T23:00:00Z'),
    disclosureTarget: '2024-04-20',
    timeZone: 'Europe/Berlin',
    lastReporterUpdateAt: null,
    disclosedAt: null,
  };
  it('judges each clock met, late, due or overdue', () => {
    const fresh = caseClocks({ ...base, state: 'received', acknowledgedAt: null }, new Date('2024-03-10T00:00:00Z'));
    expect(fresh.map((c) => [c.clock, c.status])).toEqual([['acknowledge', 'due'], ['disclosure', 'due']]);
    // Disclosure due at the end of 20 April Berlin (CEST) = 21 April 00:00+02 = 20 April 22:00Z.
    expect(fresh[1]!.dueAt.toISOString()).toBe('2024-04-20T22:00:00.000Z');
    const acked = caseClocks({ ...base, state: 'triaged', acknowledgedAt: new Date('2024-03-15T08:00:00Z') }, new Date('2024-04-21T00:00:00Z'));
    expect(acked.map((c) => [c.clock, c.status])).toEqual([['acknowledge', 'late'], ['status_update', 'overdue'], ['disclosure', 'overdue']]);
    expect(acked[1]!.dueAt.toISOString()).toBe('2024-04-14T08:00:00.000Z');
    const closed = caseClocks({ ...base, state: 'closed', acknowledgedAt: new Date('2024-03-07T08:00:00Z'), disclosedAt: new Date('2024-04-01T00:00:00Z') }, new Date('2024-05-01T00:00:00Z'));
    expect(closed.map((c) => [c.clock, c.status])).toEqual([['acknowledge', 'met'], ['disclosure', 'met']]);
  });
});
