import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_RULES, effectiveRules, planClocks, requiredRules } from './policy.js';
import { clockStatus, currentDue, daysLeft, dueAt, isTimeZone, lastDays, resumedPausedMs, type ClockTiming } from './time.js';

/**
 * Clock arithmetic with fixed instants across time zones and daylight-saving changes. Every
 * expected instant is worked by hand: local start date + N calendar days, end of that local
 * day, converted with the zone's offset on that day (2026 rules: US DST 8 March – 1 November,
 * EU 29 March – 25 October, Sydney standard time from 5 April and DST from 4 October).
 */
const at = (iso: string) => new Date(iso);
const due = (start: string, days: number, zone: string) => dueAt(at(start), days, zone).toISOString();

describe('due = end of the local day N calendar days after the start', () => {
  it('UTC', () => {
    // 1 January + 60 days = 2 March (31 + 28 + 1).
    expect(due('2026-01-01T00:00:00Z', 60, 'UTC')).toBe('2026-03-02T23:59:59.999Z');
  });

  it('America/New_York across the spring change (8 March 2026): EST start, EDT due', () => {
    // 12:00 EST 20 Feb + 30 days = 22 Mar; 23:59:59.999 EDT (UTC−4).
    expect(due('2026-02-20T17:00:00Z', 30, 'America/New_York')).toBe('2026-03-23T03:59:59.999Z');
    // 22:30 EST on 7 Mar is already 8 Mar in UTC: the local date (7 Mar) counts. + 60 = 6 May, EDT.
    expect(due('2026-03-08T03:30:00Z', 60, 'America/New_York')).toBe('2026-05-07T03:59:59.999Z');
  });

  it('America/New_York across the autumn change (1 November 2026): EDT start, EST due', () => {
    // 08:00 EDT 15 Oct + 30 days = 14 Nov; 23:59:59.999 EST (UTC−5).
    expect(due('2026-10-15T12:00:00Z', 30, 'America/New_York')).toBe('2026-11-15T04:59:59.999Z');
    // Started on the day of the change itself (01:30 EST, after the repeated hour): 1 Nov + 1 = 2 Nov.
    expect(due('2026-11-01T06:30:00Z', 1, 'America/New_York')).toBe('2026-11-03T04:59:59.999Z');
  });

  it('Europe/Berlin: a start just after local midnight counts from the local date', () => {
    // 00:30 CET 2 Mar (23:30 UTC on 1 Mar) + 30 = 1 Apr; 23:59:59.999 CEST (UTC+2).
    expect(due('2026-03-01T23:30:00Z', 30, 'Europe/Berlin')).toBe('2026-04-01T21:59:59.999Z');
    // Across the October change: 12:00 CEST 20 Oct + 10 = 30 Oct, CET (UTC+1).
    expect(due('2026-10-20T10:00:00Z', 10, 'Europe/Berlin')).toBe('2026-10-30T22:59:59.999Z');
  });

  it('Australia/Sydney across the April change (southern hemisphere)', () => {
    // 00:00 AEDT 21 Mar + 30 = 20 Apr; 23:59:59.999 AEST (UTC+10).
    expect(due('2026-03-20T13:00:00Z', 30, 'Australia/Sydney')).toBe('2026-04-20T13:59:59.999Z');
    // Across the October change: 10:00 AEST 1 Oct + 7 = 8 Oct; AEDT (UTC+11).
    expect(due('2026-10-01T00:00:00Z', 7, 'Australia/Sydney')).toBe('2026-10-08T12:59:59.999Z');
  });

  it('the same instant falls on different local dates in different zones', () => {
    const start = '2026-06-30T23:00:00Z';
    expect(due(start, 1, 'UTC')).toBe('2026-07-01T23:59:59.999Z'); // 30 Jun + 1
    expect(due(start, 1, 'Australia/Sydney')).toBe('2026-07-02T13:59:59.999Z'); // 1 Jul 09:00 AEST + 1
    expect(due(start, 1, 'America/New_York')).toBe('2026-07-02T03:59:59.999Z'); // 30 Jun 19:00 EDT + 1
  });

  it('time zone names are checked', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('pause and resume shift the due date by the paused duration', () => {
  const base: ClockTiming = { baseDueAt: at('2026-03-23T03:59:59.999Z'), state: 'running', pausedMs: 0, pausedAt: null, stoppedAt: null };

  it('while paused the due date moves with the clock; after resume it stays shifted', () => {
    const paused: ClockTiming = { ...base, state: 'paused', pausedAt: at('2026-03-01T12:00:00Z') };
    expect(currentDue(paused, at('2026-03-02T12:00:00Z')).toISOString()).toBe('2026-03-24T03:59:59.999Z');
    // Resumed after 3 days 2 hours (across the 8 March DST change: elapsed time, 74 h).
    const pausedMs = resumedPausedMs(paused, at('2026-03-04T14:00:00Z'));
    expect(pausedMs).toBe(74 * 3_600_000);
    const resumed: ClockTiming = { ...base, pausedMs };
    expect(currentDue(resumed, at('2026-04-01T00:00:00Z')).toISOString()).toBe('2026-03-26T05:59:59.999Z');
  });

  it('status: overdue, due soon, on track, paused, stopped', () => {
    expect(clockStatus(base, at('2026-03-23T04:00:00Z'), 7)).toBe('overdue');
    expect(clockStatus(base, at('2026-03-16T04:00:00Z'), 7)).toBe('due_soon');
    expect(clockStatus(base, at('2026-03-16T03:59:59Z'), 7)).toBe('on_track');
    expect(clockStatus({ ...base, state: 'paused', pausedAt: at('2026-03-01T00:00:00Z') }, at('2026-05-01T00:00:00Z'), 7)).toBe('paused');
    expect(clockStatus({ ...base, state: 'stopped', stoppedAt: at('2026-03-01T00:00:00Z') }, at('2026-05-01T00:00:00Z'), 7)).toBe('stopped');
  });

  it('days left are counted on the local calendar', () => {
    // Due 22 Mar 23:59 EDT; now 8 Mar 00:30 EST (the day of the change): 14 calendar days.
    expect(daysLeft(at('2026-03-23T03:59:59.999Z'), at('2026-03-08T05:30:00Z'), 'America/New_York')).toBe(14);
    expect(daysLeft(at('2026-03-23T03:59:59.999Z'), at('2026-03-24T12:00:00Z'), 'America/New_York')).toBe(-2);
  });

  it('the burndown days are local dates ending today', () => {
    expect(lastDays(at('2026-11-02T03:00:00Z'), 3, 'America/New_York')).toEqual([
      { date: '2026-10-30', end: at('2026-10-31T03:59:59.999Z') },
      { date: '2026-10-31', end: at('2026-11-01T03:59:59.999Z') },
      { date: '2026-11-01', end: at('2026-11-02T04:59:59.999Z') },
    ]);
  });
});

describe('SLA policy (shared/jsp/timelines.md)', () => {
  const rules = effectiveRules([]);

  it('defaults: uncontrolled 30-day communication and 60-day remediation (guidance), MDIC 60 days (framework), low 180 (industry practice)', () => {
    expect(DEFAULT_SLA_RULES.map((r) => [r.rule, r.clock, r.days, r.kind])).toEqual([
      ['uncontrolled_communication', 'communication', 30, 'guidance'],
      ['uncontrolled_remediation', 'remediation', 60, 'guidance'],
      ['controlled_critical', 'remediation', 60, 'framework'],
      ['controlled_high', 'remediation', 60, 'framework'],
      ['controlled_medium', 'remediation', 60, 'framework'],
      ['controlled_low', 'remediation', 180, 'industry practice'],
    ]);
  });

  it('which rules run', () => {
    expect(requiredRules(rules, { open: true, riskClass: 'uncontrolled', severity: 'low' }).map((r) => r.rule)).toEqual(['uncontrolled_communication', 'uncontrolled_remediation']);
    expect(requiredRules(rules, { open: true, riskClass: 'controlled', severity: 'high' }).map((r) => r.rule)).toEqual(['controlled_high']);
    expect(requiredRules(rules, { open: true, riskClass: null, severity: 'medium' }).map((r) => r.rule)).toEqual(['controlled_medium']);
    expect(requiredRules(rules, { open: true, riskClass: null, severity: 'none' })).toEqual([]);
    expect(requiredRules(rules, { open: false, riskClass: 'uncontrolled', severity: 'critical' })).toEqual([]);
    const noLow = effectiveRules([{ rule: 'controlled_low', days: null, kind: 'industry practice', source: 'ours' }]);
    expect(requiredRules(noLow, { open: true, riskClass: 'controlled', severity: 'low' })).toEqual([]);
    expect(noLow.find((r) => r.rule === 'controlled_low')?.isDefault).toBe(false);
  });

  it('reclassification stops the old clocks and starts the new ones; settled rules never restart', () => {
    const uncontrolled = requiredRules(rules, { open: true, riskClass: 'uncontrolled', severity: 'high' });
    const plan = planClocks(uncontrolled, [{ id: 'c1', rule: 'controlled_high' }], new Set());
    expect(plan).toEqual({ start: uncontrolled, stop: ['c1'] });
    const settled = planClocks(uncontrolled, [], new Set(['uncontrolled_communication']));
    expect(settled.start.map((r) => r.rule)).toEqual(['uncontrolled_remediation']);
  });
});
