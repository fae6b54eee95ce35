import pg from 'pg';
import { describe, expect, it } from 'vitest';
import './database.js';

describe('timestamptz parsing on the PostgreSQL driver', () => {
  const parse = pg.types.getTypeParser(1184) as (value: string) => Date;
  it('reads the forms PostgreSQL prints, to the millisecond', () => {
    expect(parse('2026-11-23 12:25:47.302+00').toISOString()).toBe('2026-11-23T12:25:47.302Z');
    expect(parse('2026-11-23 12:25:47+00').toISOString()).toBe('2026-11-23T12:25:47.000Z');
    expect(parse('2026-11-23 14:25:47.302123+02').toISOString()).toBe('2026-11-23T12:25:47.302Z');
    expect(parse('2026-11-23 07:55:47.3-04:30').toISOString()).toBe('2026-11-23T12:25:47.300Z');
  });
  it('leaves unusual values to the driver’s own parser', () => {
    expect(parse('infinity')).toBe(Infinity);
    expect(parse('0044-03-15 12:00:00+00 BC').getUTCFullYear()).toBe(-43);
  });
});
