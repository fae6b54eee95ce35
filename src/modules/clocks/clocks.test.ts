import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_RULES, effectiveRules, planClocks, requiredRules } from './policy.js';
import { PLAN_KINDS, PLAN_STATUSES, settles } from './remediation.js';
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

  it('defaults: uncontrolled 30-day communication, 30-day remediation plan and 60-day remediation (guidance), MDIC 60 days (framework), low 180 (industry practice)', () => {
    expect(DEFAULT_SLA_RULES.map((r) => [r.rule, r.clock, r.days, r.kind])).toEqual([
      ['uncontrolled_communication', 'communication', 30, 'guidance'],
      ['uncontrolled_plan', 'plan', 30, 'guidance'],
      ['uncontrolled_remediation', 'remediation', 60, 'guidance'],
      ['controlled_critical', 'remediation', 60, 'framework'],
      ['controlled_high', 'remediation', 60, 'framework'],
      ['controlled_medium', 'remediation', 60, 'framework'],
      ['controlled_low', 'remediation', 180, 'industry practice'],
    ]);
  });

  it('which rules run', () => {
    expect(requiredRules(rules, { open: true, riskClass: 'uncontrolled', severity: 'low' }).map((r) => r.rule)).toEqual(['uncontrolled_communication', 'uncontrolled_plan', 'uncontrolled_remediation']);
    const noPlan = effectiveRules([{ rule: 'uncontrolled_plan', days: null, kind: 'guidance', source: 'ours' }]);
    expect(requiredRules(noPlan, { open: true, riskClass: 'uncontrolled', severity: 'low' }).map((r) => r.rule)).toEqual(['uncontrolled_communication', 'uncontrolled_remediation']);
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
    const settled = planClocks(uncontrolled, [], new Set(['uncontrolled_communication', 'uncontrolled_plan']));
    expect(settled.start.map((r) => r.rule)).toEqual(['uncontrolled_remediation']);
  });

  it('which clocks a plan stops: any patch or control recorded stops the plan clock; a communication never does', () => {
    const table = Object.fromEntries(PLAN_KINDS.flatMap((k) => PLAN_STATUSES.map((s) => [`${k}/${s}`, settles(k, s).map((x) => `${x.clock}:${x.reason}`)])));
    expect(table).toEqual({
      'patch/planned': ['plan:planned'],
      'patch/in_progress': ['plan:planned'],
      'patch/validated': ['plan:planned'],
      'patch/released': ['plan:planned', 'remediation:remediated'],
      'compensating_control/planned': ['plan:planned'],
      'compensating_control/in_progress': ['plan:planned'],
      'compensating_control/validated': ['plan:planned', 'remediation:mitigated'],
      'compensating_control/released': ['plan:planned', 'remediation:mitigated'],
      'customer_communication/planned': [],
      'customer_communication/in_progress': [],
      'customer_communication/validated': [],
      'customer_communication/released': ['communication:communicated'],
    });
  });
});

/**
 * The same rules as properties over random instants, zones and durations, judged with the
 * platform's Intl time-zone data rather than luxon (which dueAt uses): zones with DST in
 * either hemisphere, DST changes at midnight (Santiago, Havana), a 30-minute DST shift (Lord
 * Howe), quarter-hour offsets and none. (300,000 runs of the first two found no counterexample.)
 */
describe('properties (checked against Intl, not luxon)', () => {
  const ZONES = ['UTC', 'America/New_York', 'America/St_Johns', 'Europe/Berlin', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago', 'America/Havana'];
  const formatters = new Map<string, Intl.DateTimeFormat>();
  /** Local wall-clock parts of an instant in a zone. */
  const local = (d: Date, zone: string) => {
    let f = formatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' });
      formatters.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}.${p.fractionalSecond}` };
  };
  /** A calendar date plus days, on the proleptic Gregorian calendar (no zone involved). */
  const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });
  const zone = fc.constantFrom(...ZONES);
  const days = fc.integer({ min: 1, max: 400 });

  it('due is 23:59:59.999 local on the start’s local date + N, the last millisecond of that local day', () => {
    fc.assert(
      fc.property(instant, zone, days, (start, z, n) => {
        const due = dueAt(start, n, z);
        const end = local(due, z);
        expect(end).toEqual({ date: plusDays(local(start, z).date, n), time: '23:59:59.999' });
        // The next millisecond is the following local day (at 00:00, or 01:00 where DST skips midnight: America/Santiago).
        expect(local(new Date(due.getTime() + 1), z).date).toBe(plusDays(end.date, 1));
      }),
      { numRuns: 1000 },
    );
  });

  it('on the start day N days are left, on the due day 0, the day after −1', () => {
    fc.assert(
      fc.property(instant, zone, days, (start, z, n) => {
        const due = dueAt(start, n, z);
        expect(daysLeft(due, start, z)).toBe(n);
        expect(daysLeft(due, due, z)).toBe(0);
        expect(daysLeft(due, new Date(due.getTime() + 1), z)).toBe(-1);
      }),
      { numRuns: 1000 },
    );
  });

  it('a pause moves the due instant by exactly the elapsed paused time, whatever DST does meanwhile', () => {
    fc.assert(
      fc.property(instant, zone, days, fc.integer({ min: 0, max: 90 * 86_400_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), (start, z, n, pausedFor, before) => {
        const baseDueAt = dueAt(start, n, z);
        const pausedAt = new Date(start.getTime() + before);
        const paused: ClockTiming = { baseDueAt, state: 'paused', pausedMs: 0, pausedAt, stoppedAt: null };
        const resumeAt = new Date(pausedAt.getTime() + pausedFor);
        expect(currentDue(paused, resumeAt).getTime()).toBe(baseDueAt.getTime() + pausedFor);
        const pausedMs = resumedPausedMs(paused, resumeAt);
        expect(pausedMs).toBe(pausedFor);
        expect(currentDue({ ...paused, state: 'running', pausedAt: null, pausedMs }, new Date(resumeAt.getTime() + 86_400_000)).getTime()).toBe(baseDueAt.getTime() + pausedFor);
      }),
      { numRuns: 500 },
    );
  });
});
