import { CPE_ATTRIBUTES, type CpeAttribute, type CpeValue, type Wfn } from './wfn.js';

/**
 * Attribute comparison relations of NISTIR 7696 6.1 (Table 6-1). UNDEFINED is the
 * table's "undefined" outcome: the target contains wildcards, so no relation exists.
 */
export type CpeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

/** A value string split into its wildcard parts and its literal (unquoted, lower-case) body. */
interface Pattern {
  /** -1 for a leading `*`, otherwise the number of leading `?`. */
  readonly begins: number;
  /** -1 for a trailing `*`, otherwise the number of trailing `?`. */
  readonly ends: number;
  readonly body: string;
}

/** Removes WFN quoting and lower-cases: the characters a value actually denotes. */
function literal(s: string, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    if (s.charCodeAt(i) === 92 && i + 1 < to) i++;
    out += s[i];
  }
  return out.toLowerCase();
}

function hasWildcards(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 42 || c === 63) return true;
  }
  return false;
}

function pattern(s: string): Pattern {
  let start = 0;
  let begins = 0;
  if (s.charCodeAt(0) === 42) {
    start = 1;
    begins = -1;
  } else {
    while (start < s.length && s.charCodeAt(start) === 63) {
      start++;
      begins++;
    }
  }
  let end = s.length;
  let ends = 0;
  // A trailing wildcard is unquoted when preceded by an even number of backslashes.
  const unquotedAt = (i: number): boolean => {
    let slashes = 0;
    for (let j = i - 1; j >= 0 && s.charCodeAt(j) === 92; j--) slashes++;
    return slashes % 2 === 0;
  };
  if (end > start && s.charCodeAt(end - 1) === 42 && unquotedAt(end - 1)) {
    end--;
    ends = -1;
  } else {
    while (end > start && s.charCodeAt(end - 1) === 63 && unquotedAt(end - 1)) {
      end--;
      ends++;
    }
  }
  return { begins, ends, body: literal(s, start, end) };
}

/** Knuth-Morris-Pratt: first occurrence of `needle` in `haystack` at or after `from`; linear time. */
function findFrom(haystack: string, needle: string, from: number): number {
  if (needle.length === 0) return from <= haystack.length ? from : -1;
  const fail = new Int32Array(needle.length);
  for (let i = 1, k = 0; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = fail[k - 1]!;
    if (needle[i] === needle[k]) k++;
    fail[i] = k;
  }
  for (let i = from, k = 0; i < haystack.length; i++) {
    while (k > 0 && haystack[i] !== needle[k]) k = fail[k - 1]!;
    if (haystack[i] === needle[k]) k++;
    if (k === needle.length) return i - needle.length + 1;
  }
  return -1;
}

/**
 * NISTIR 7696 6.1.2 `compare_strings` for a source pattern against a wildcard-free
 * target. As in the normative pseudo-code, a run of n `?` accepts up to n characters.
 * Instead of trying every occurrence of the body, the admissible start offsets form
 * one interval, so a single linear search decides the relation.
 */
function compareStrings(source: string, target: string): CpeRelation {
  const { begins, ends, body } = pattern(source);
  const t = literal(target, 0, target.length);
  const lo = ends === -1 ? 0 : Math.max(0, t.length - body.length - ends);
  const hi = begins === -1 ? t.length - body.length : Math.min(begins, t.length - body.length);
  if (hi < lo) return 'DISJOINT';
  const at = findFrom(t, body, lo);
  return at >= 0 && at <= hi ? 'SUPERSET' : 'DISJOINT';
}

/** Relation of a source attribute value to a target value (NISTIR 7696 6.1.2, Table 6-2). */
export function compareCpeValues(source: CpeValue, target: CpeValue): CpeRelation {
  if (target.kind === 'value' && hasWildcards(target.value)) return 'UNDEFINED';
  if (source.kind === 'any') return target.kind === 'any' ? 'EQUAL' : 'SUPERSET';
  if (target.kind === 'any') return 'SUBSET';
  if (source.kind === 'na' || target.kind === 'na') return source.kind === target.kind ? 'EQUAL' : 'DISJOINT';
  if (source.value.toLowerCase() === target.value.toLowerCase()) return 'EQUAL';
  if (!hasWildcards(source.value)) return literal(source.value, 0, source.value.length) === literal(target.value, 0, target.value.length) ? 'EQUAL' : 'DISJOINT';
  return compareStrings(source.value, target.value);
}

/** Per-attribute relations of a source WFN to a target WFN (NISTIR 7696 6.2 `compare_wfns`). */
export function compareWfns(source: Wfn, target: Wfn): Readonly<Record<CpeAttribute, CpeRelation>> {
  const result = {} as Record<CpeAttribute, CpeRelation>;
  for (const a of CPE_ATTRIBUTES) result[a] = compareCpeValues(source[a], target[a]);
  return result;
}

/** CPE_DISJOINT (7696 6.2): some attribute is DISJOINT. */
export function isDisjoint(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.some((a) => compareCpeValues(source[a], target[a]) === 'DISJOINT');
}

/** CPE_EQUAL (7696 6.2): every attribute is EQUAL. */
export function isEqual(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.every((a) => compareCpeValues(source[a], target[a]) === 'EQUAL');
}

/** CPE_SUBSET (7696 6.2): every attribute is SUBSET or EQUAL — the source names a subset of the target. */
export function isSubset(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.every((a) => {
    const r = compareCpeValues(source[a], target[a]);
    return r === 'SUBSET' || r === 'EQUAL';
  });
}

/** CPE_SUPERSET (7696 6.2): every attribute is SUPERSET or EQUAL — the source names a superset of the target. */
export function isSuperset(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.every((a) => {
    const r = compareCpeValues(source[a], target[a]);
    return r === 'SUPERSET' || r === 'EQUAL';
  });
}

/**
 * The applicability test NVD uses for a match criterion: the criterion (source,
 * possibly with wildcards and ANY) is a superset of, or equal to, the component's
 * name (target). A component name that is *more* general than the criterion (ANY
 * where the criterion has a value) does not match; use `!isDisjoint` for that looser
 * "could match" reading.
 */
export function cpeMatches(criterion: Wfn, component: Wfn): boolean {
  return isSuperset(criterion, component);
}
