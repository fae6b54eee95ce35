import parseSpdx from 'spdx-expression-parse';

/**
 * Answers per distinct text, remembered: a large BOM names the same few hundred licences tens
 * of thousands of times, and spdx-expression-parse costs microseconds per call. The memory is
 * bounded (cleared when full), so hostile input cannot grow it.
 */
function memo(compute: (s: string) => boolean): (s: string) => boolean {
  const known = new Map<string, boolean>();
  return (s) => {
    const cached = known.get(s);
    if (cached !== undefined) return cached;
    if (known.size >= 10_000) known.clear();
    const value = compute(s);
    known.set(s, value);
    return value;
  };
}

/** True when `s` is a valid SPDX licence expression (ids, LicenseRef-…, WITH, AND, OR, parentheses). */
export const isValidSpdxExpression = memo((s) => {
  try {
    parseSpdx(s);
    return true;
  } catch {
    return false;
  }
});

/** True when `s` is exactly one SPDX licence id (possibly with `+`), not a compound expression. */
export const isSpdxLicenseId = memo((s) => {
  try {
    const node = parseSpdx(s);
    return 'license' in node && !('exception' in node) && node.license === s;
  } catch {
    return false;
  }
});

/** A free-text licence name as an SPDX `LicenseRef-` id: idstring is `[A-Za-z0-9.-]+`. */
export function licenseRefOf(name: string): string {
  const sanitized = name
    .trim()
    .replace(/[^A-Za-z0-9.-]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return `LicenseRef-${sanitized === '' ? 'unnamed' : sanitized}`;
}

/** Joins licence terms with AND, parenthesizing compound ones so precedence is kept. */
export function joinLicenseTerms(terms: readonly string[]): string | undefined {
  if (terms.length === 0) return undefined;
  if (terms.length === 1) return terms[0];
  return terms.map((t) => (/\s/u.test(t) ? `(${t})` : t)).join(' AND ');
}
