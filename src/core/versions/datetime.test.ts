import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVers, versContains } from '../ranges/index.js';
import { datetimeScheme, parseDatetimeVersion } from './datetime.js';

const parse = (s: string) => {
  const r = parseDatetimeVersion(s);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('datetime versions (vers datetime type, RFC 3339)', () => {
  it('orders by instant, across offsets and sub-millisecond fractions', () => {
    expect(datetimeScheme.compare(parse('2024-01-01T02:00:00+02:00'), parse('2024-01-01T00:00:00Z'))).toBe(0);
    expect(datetimeScheme.compare(parse('2024-01-01T00:00:00-05:00'), parse('2024-01-01T04:59:59.999Z'))).toBe(1);
    expect(datetimeScheme.compare(parse('2024-01-01T00:00:00.0001Z'), parse('2024-01-01T00:00:00Z'))).toBe(1);
    expect(datetimeScheme.compare(parse('2024-01-01T00:00:00.12300Z'), parse('2024-01-01T00:00:00.123Z'))).toBe(0);
    expect(datetimeScheme.compare(parse('2023-12-31T23:59:59Z'), parse('2024-01-01T00:00:00Z'))).toBe(-1);
  });

  it('refuses what RFC 3339 refuses, with a position', () => {
    for (const bad of ['2024-01-01', '2024-01-01T00:00:00', '2024-02-30T00:00:00Z', '2024-01-01 00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00+2:00', '2024-01-01T00:00:00Zjunk', '2016-12-31T23:59:60Z']) {
      const r = parseDatetimeVersion(bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && typeof r.error.position, bad).toBe('number');
    }
    expect(datetimeScheme.isValid('2024-02-29T12:00:00.5+05:30')).toBe(true);
    expect(datetimeScheme.isValid(`2024-01-01T00:00:00.${'9'.repeat(100_000)}Z`)).toBe(false);
  });

  it('agrees with Date on millisecond instants (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }), fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }), (a, b) => {
        const cmp = datetimeScheme.compare(parse(a.toISOString()), parse(b.toISOString()));
        expect(cmp).toBe(Math.sign(a.getTime() - b.getTime()));
      }),
    );
  });

  it('serves the vers datetime type: canonical case rule and containment', () => {
    expect(parseVers('vers:datetime/2024-01-01t00:00:00z')).toMatchObject({ ok: false, error: { code: 'vers.datetime.case', position: 14 } });
    const range = parseVers('vers:datetime/>=2024-01-01T00:00:00Z|<2024-07-01T00:00:00Z');
    expect(range.ok).toBe(true);
    if (!range.ok) return;
    expect(versContains(range.value, '2024-03-15T12:00:00+02:00')).toMatchObject({ ok: true, value: true });
    expect(versContains(range.value, '2024-07-01T02:00:00+02:00')).toMatchObject({ ok: true, value: false });
  });
});
