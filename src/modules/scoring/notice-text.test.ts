import { describe, expect, it } from 'vitest';
import { effectiveRules } from '../clocks/policy.js';
import { uncontrolledClocksText } from './store.js';

describe('the clocks an uncontrolled-risk notice names', () => {
  it('names the defaults of ../shared/jsp/timelines.md (FDA 2016: 30, 30 and 60 days)', () => {
    expect(uncontrolledClocksText(effectiveRules([]), '2026-12-01')).toBe('The 30-day customer communication, 30-day remediation plan and 60-day remediation clocks run from 2026-12-01.');
  });

  it('follows the organization’s overrides and leaves out a rule that runs no clock', () => {
    const rules = effectiveRules([
      { rule: 'uncontrolled_communication', days: 15, kind: 'contract', source: 'MC2 clause' },
      { rule: 'uncontrolled_plan', days: null, kind: 'guidance', source: 'not used' },
    ]);
    expect(uncontrolledClocksText(rules, '2026-12-01')).toBe('The 15-day customer communication and 60-day remediation clocks run from 2026-12-01.');
  });

  it('says so when no clock runs, and agrees in number for one', () => {
    const none = effectiveRules(['uncontrolled_communication', 'uncontrolled_plan', 'uncontrolled_remediation'].map((rule) => ({ rule: rule as 'uncontrolled_plan', days: null, kind: 'guidance' as const, source: 'x' })));
    expect(uncontrolledClocksText(none, '2026-12-01')).toBe('The organization’s policy starts no clock for an uncontrolled risk.');
    const one = effectiveRules(['uncontrolled_communication', 'uncontrolled_plan'].map((rule) => ({ rule: rule as 'uncontrolled_plan', days: null, kind: 'guidance' as const, source: 'x' })));
    expect(uncontrolledClocksText(one, '2026-12-01')).toBe('The 60-day remediation clock runs from 2026-12-01.');
  });
});
