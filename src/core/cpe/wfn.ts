import { err, ok, type Result } from '../result.js';

/** The eleven WFN attributes, in binding order (NISTIR 7695 5.2 and 6.2). */
export const CPE_ATTRIBUTES = [
  'part', 'vendor', 'product', 'version', 'update', 'edition',
  'language', 'sw_edition', 'target_sw', 'target_hw', 'other',
] as const;

/** One of the eleven WFN attribute names. */
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/**
 * A WFN attribute value (NISTIR 7695 5.3): the logical value ANY or NA, or a value
 * string in WFN form, i.e. every character other than letters, digits and `_` is
 * quoted with a backslash (`8\.0`), and an unquoted `*` or `?` is a wildcard.
 */
export type CpeValue = { readonly kind: 'any' } | { readonly kind: 'na' } | { readonly kind: 'value'; readonly value: string };

/** The logical value ANY ("*" in a formatted string, empty in a URI). */
export const ANY: CpeValue = Object.freeze({ kind: 'any' });
/** The logical value NA, "not applicable" ("-" in both bindings). */
export const NA: CpeValue = Object.freeze({ kind: 'na' });

/** Wraps a WFN-form value string (already quoted) as a {@link CpeValue}. */
export function cpeValue(value: string): CpeValue {
  return { kind: 'value', value };
}

/** A well-formed CPE name: all eleven attributes present. */
export type Wfn = Readonly<Record<CpeAttribute, CpeValue>>;

/** Builds a WFN from the attributes given; absent attributes are ANY (NISTIR 7695 5.4). */
export function makeWfn(attributes: Partial<Record<CpeAttribute, CpeValue | string>>): Wfn {
  const wfn = {} as Record<CpeAttribute, CpeValue>;
  for (const attribute of CPE_ATTRIBUTES) {
    const v = attributes[attribute];
    wfn[attribute] = v === undefined ? ANY : typeof v === 'string' ? cpeValue(v) : v;
  }
  return wfn;
}

export function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Printable, non-whitespace ASCII other than letters and digits: what may follow a `\`. */
function isQuotable(c: number): boolean {
  return c > 0x20 && c < 0x7f && !isAlphanumeric(c);
}

/**
 * Checks a WFN value string against NISTIR 7695 5.3.2: letters, digits and `_`
 * unquoted; every other printable character quoted; wildcards only as one leading
 * and/or one trailing group (a single `*`, or a run of `?`); a lone `*` is ANY, not a
 * value, and a lone quoted hyphen is reserved. Returns the offset of the first
 * offending character (relative to `value`), or -1 when valid.
 */
export function invalidWfnValueAt(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  let start = 0;
  if (value.charCodeAt(0) === 42 /* * */) start = 1;
  else while (start < n && value.charCodeAt(start) === 63 /* ? */) start++;
  if (start === n) return value === '*' ? 0 : -1; // all '?' is a valid pattern; lone '*' is ANY
  let i = start;
  let bodyStart = -1;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (i + 1 >= n || !isQuotable(value.charCodeAt(i + 1))) return i;
      if (bodyStart < 0) bodyStart = i;
      i += 2;
    } else if (isAlphanumeric(c) || c === 95) {
      if (bodyStart < 0) bodyStart = i;
      i++;
    } else if (c === 42 || c === 63) {
      // A trailing wildcard group must run to the end and be a single '*' or only '?'.
      const rest = value.slice(i);
      if (rest === '*' || /^\?+$/.test(rest)) break;
      return i;
    } else return i;
  }
  if (bodyStart < 0) return start; // wildcards on both sides of nothing, e.g. "?*"
  if (value === '\\-') return 0; // "\-" alone is reserved (it would read as NA)
  return -1;
}

/** Validates a whole WFN: part is a, o, h or ANY; every value string is well formed. */
export function validateWfn(wfn: Wfn): Result<Wfn> {
  const part = wfn.part;
  if (part.kind === 'na' || (part.kind === 'value' && !/^[aoh]$/.test(part.value)))
    return err('cpe.part.invalid', 'The CPE part must be "a", "o", "h" or ANY.');
  for (const attribute of CPE_ATTRIBUTES) {
    const v = wfn[attribute];
    if (v.kind === 'value' && invalidWfnValueAt(v.value) >= 0)
      return err('cpe.value.invalid', `The ${attribute} value "${v.value}" is not a well-formed WFN value.`);
  }
  return ok(wfn);
}
