import { describe, expect, it } from 'vitest';
import { parseCvss } from './index.js';
import { V3_METRICS } from './metric-tables.js';
import { scanMetrics, type WorkCounter } from './scanner.js';

// The scanner uses no regular expressions; these tests bound its *work* (characters examined,
// counted by the scanner itself) on 100,000- and 200,000-character hostile bodies.

const SPEC = { metrics: V3_METRICS, notDefined: 'X', requireOrder: false, label: 'CVSS v3.1' };

const HOSTILE: Record<string, (n: number) => string> = {
  'no colon anywhere': (n) => 'A'.repeat(n),
  'huge value': (n) => `AV:${'N'.repeat(n)}`,
  'huge key': (n) => `${'M'.repeat(n)}:X`,
  'colons only': (n) => ':'.repeat(n),
  'slashes only': (n) => '/'.repeat(n),
  'valid prefix then junk': (n) => `AV:N/AC:L/PR:N/${'UI:N'.repeat(n / 4)}`,
  'valid metrics then colon-less tail': (n) => `AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/${'x'.repeat(n)}`,
  'repeated X values': (n) => `E:X/${'RL:X/'.repeat(n / 5)}`,
};

function steps(body: string): { steps: number; ok: boolean } {
  const work: WorkCounter = { steps: 0 };
  const result = scanMetrics(body, 0, SPEC, work);
  return { steps: work.steps, ok: result.ok };
}

describe('adversarial inputs', () => {
  it.each(Object.keys(HOSTILE))('%s: rejected with work linear in the input length', (name) => {
    const make = HOSTILE[name]!;
    const small = make(100_000);
    const large = make(200_000);
    const a = steps(small);
    const b = steps(large);
    expect(a.ok).toBe(false);
    expect(b.ok).toBe(false);
    expect(a.steps).toBeLessThanOrEqual(3 * small.length + 100);
    // Doubling the input at most about doubles the work.
    expect(b.steps).toBeLessThanOrEqual(2.2 * a.steps + 100);
  });

  it('100,000-character vectors of every version return positioned errors', () => {
    const junk = 'Z'.repeat(100_000);
    const cases = [
      `CVSS:3.1/${junk}`,
      `CVSS:4.0/AV:${junk}`,
      `AV:N/AC:L/Au:N/C:P/I:P/A:P/${junk}`,
      `CVSS:${junk}`,
      junk,
    ];
    for (const input of cases) {
      const result = parseCvss(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.position).toBeTypeOf('number');
        expect(result.error.message.length).toBeLessThan(300);
      }
    }
  });
});
