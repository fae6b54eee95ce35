import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';

/**
 * The vers `datetime` type: versions are RFC 3339 timestamps (`2024-01-01T00:00:00Z`,
 * `2024-01-01T02:00:00+02:00`), ordered by the instant they name, so the same instant in two
 * offsets is the same version. Fractions of a second of any length keep their order.
 * RFC 3339 allows a lower-case `t`/`z`; the vers canonical form does not, which vers.ts checks.
 */
export interface DatetimeVersion {
  /** Milliseconds since the epoch (UTC). */
  readonly epochMs: number;
  /** Digits of the fraction beyond milliseconds, trailing zeros removed (orders sub-millisecond). */
  readonly subMs: string;
  readonly text: string;
}

function digits(s: string, from: number, count: number): number | null {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    n = n * 10 + (c - 48);
  }
  return n;
}

const fail = (message: string, position: number) => err('version.datetime.invalid', message, position);

export function parseDatetimeVersion(input: string): Result<DatetimeVersion> {
  // YYYY-MM-DDTHH:MM:SS is 19 characters; the zone needs at least one more.
  if (input.length < 20 || input.length > 64) return fail('Expected an RFC 3339 date-time such as 2024-01-01T00:00:00Z.', 0);
  const [year, month, day, hour, minute, second] = [digits(input, 0, 4), digits(input, 5, 2), digits(input, 8, 2), digits(input, 11, 2), digits(input, 14, 2), digits(input, 17, 2)];
  if (input[4] !== '-' || input[7] !== '-' || input[13] !== ':' || input[16] !== ':') return fail('Date and time separators must be "-" and ":".', 4);
  if (input[10] !== 'T' && input[10] !== 't') return fail('Date and time must be separated by "T".', 10);
  if (year === null || month === null || day === null || hour === null || minute === null || second === null) return fail('Date and time fields must be digits.', 0);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    // RFC 3339 allows second 60 for leap seconds; no release is stamped with one, and ordering it needs a leap-second table.
    return fail('A date or time field is out of range (leap seconds are not accepted).', 5);
  }
  let i = 19;
  let fraction = '';
  if (input[i] === '.') {
    const start = ++i;
    while (i < input.length && input.charCodeAt(i) >= 48 && input.charCodeAt(i) <= 57) i++;
    if (i === start) return fail('A "." must be followed by digits.', start);
    fraction = input.slice(start, i);
  }
  let offsetMinutes = 0;
  const zone = input[i];
  if (zone === 'Z' || zone === 'z') {
    i++;
  } else if (zone === '+' || zone === '-') {
    const oh = digits(input, i + 1, 2);
    const om = digits(input, i + 4, 2);
    if (oh === null || om === null || input[i + 3] !== ':' || oh > 23 || om > 59) return fail('The offset must be +HH:MM or -HH:MM.', i);
    offsetMinutes = (zone === '+' ? 1 : -1) * (oh * 60 + om);
    i += 6;
  } else {
    return fail('A time zone (Z or ±HH:MM) is required.', i);
  }
  if (i !== input.length) return fail('Unexpected characters after the time zone.', i);
  const ms = Number((fraction + '000').slice(0, 3));
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return ok({ epochMs, subMs: fraction.slice(3).replace(/0+$/, ''), text: input });
}

export function compareDatetimeVersions(a: DatetimeVersion, b: DatetimeVersion): number {
  if (a.epochMs !== b.epochMs) return a.epochMs < b.epochMs ? -1 : 1;
  return a.subMs === b.subMs ? 0 : a.subMs < b.subMs ? -1 : 1;
}

export const datetimeScheme: VersionScheme<DatetimeVersion> = {
  id: 'datetime',
  parse: parseDatetimeVersion,
  compare: compareDatetimeVersions,
  isValid: (input) => parseDatetimeVersion(input).ok,
  format: (v) => v.text,
};
