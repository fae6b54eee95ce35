/**
 * PostgreSQL array literals for set-based statements (`… FROM unnest($1::uuid[], $2::text[], …)`):
 * one parameter per column instead of one per value, so a batch of thousands of rows is one
 * short statement that plans at once, on PGlite and PostgreSQL alike. Each literal is built as one
 * flat string (the drivers' own array serializers build a chain of escaped pieces per value).
 */

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPE = /[\\"]/g;

const quoted = (v: string): string => (NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPE, '\\$&')}"` : `"${v}"`);

/** `{"a","b",NULL,3}`: strings quoted (and escaped), numbers bare, null as NULL. */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  if (values.length === 0) return '{}';
  const parts = values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : quoted(v)));
  parts[0] = `{${parts[0]}`;
  parts[parts.length - 1] = `${parts[parts.length - 1]}}`;
  return parts.join(',');
}
