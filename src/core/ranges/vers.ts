import { err, ok, type Result } from '../result.js';
import { schemeById, schemeForPurlType } from '../versions/index.js';
import type { VersionScheme } from '../versions/scheme.js';
import { excludePoints, normalizeIntervals, pointInterval, spell, type VersionInterval } from './interval.js';

/*
 * The purl project's `vers` version range specifier (package-url/vers-spec, Clause 5 and
 * docs/specification/how-to-parse.md): `vers:<type>/<constraint>|<constraint>|…`.
 * Parsing is a single left-to-right scan (no regular expressions over the input).
 */

/** A `vers` comparator; `=` is written as a bare version. */
export type VersComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** One constraint with its percent-decoded version. */
export interface VersConstraint {
  readonly comparator: VersComparator;
  readonly version: string;
}

/** A parsed `vers`. `star` is the lone `*` constraint (all versions); `constraints` is then empty. */
export interface VersRange {
  readonly type: string;
  readonly star: boolean;
  readonly constraints: readonly VersConstraint[];
}

/** A parse result: the range plus non-fatal findings (e.g. an unregistered type). */
export interface ParsedVers extends VersRange {
  readonly warnings: readonly string[];
}

/** Options for {@link parseVers}. */
export interface VersParseOptions {
  /**
   * `canonical` (default) applies every validation rule of the spec: lowercase scheme and
   * type, sorted and unique versions, valid comparator sequence, canonical percent-encoding.
   * `lenient` accepts a literal space in versions, any letter case in scheme and type and
   * any order of constraints, which it sorts (stably, without removing anything): this is
   * the "validate" normalization of the vers-spec test suite.
   */
  readonly mode?: 'canonical' | 'lenient';
  /** Version ordering for a type; defaults to the version-scheme registry. */
  readonly schemeForType?: (type: string) => VersionScheme<unknown> | undefined;
}

/** Reserved types (Clause 5.3.2.1): syntactically valid, never registered. */
const RESERVED_UNORDERED = new Set(['example', 'test']);

/**
 * The scheme for a vers type: by convention a purl type (`gem`, `cargo`, `golang`, `apk`…),
 * else a scheme id (`semver`, `alpine`, `rubygems`…).
 */
export function defaultSchemeForVersType(type: string): VersionScheme<unknown> | undefined {
  if (RESERVED_UNORDERED.has(type)) return undefined;
  return (schemeForPurlType(type) ?? schemeById(type)) as VersionScheme<unknown> | undefined;
}

function isAsciiWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Characters a version must percent-encode (Clause 5.3.3.2), plus whitespace and controls. */
function mustEncode(c: number): boolean {
  return c <= 32 || c >= 127 || c === 62 || c === 60 || c === 61 || c === 33 || c === 42 || c === 124 || c === 37;
}

/** Percent-encodes what the spec requires, with uppercase hex (the canonical form). */
export function encodeVersVersion(version: string): string {
  let out = '';
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    out += mustEncode(c) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : version[i];
  }
  return out;
}

function comparatorAt(s: string, i: number): { comparator: VersComparator; length: number } {
  const two = s.slice(i, i + 2);
  if (two === '>=' || two === '<=' || two === '!=') return { comparator: two, length: 2 };
  const one = s[i];
  if (one === '<' || one === '>') return { comparator: one, length: 1 };
  return { comparator: '=', length: 0 };
}

/** Decodes one constraint's version text (`start..end` in `s`), validating percent-encoding. */
function decodeVersion(s: string, start: number, end: number, canonical: boolean): Result<string> {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      const h1 = s.charCodeAt(i + 1);
      const h2 = s.charCodeAt(i + 2);
      if (i + 2 >= end || !isHexDigit(h1) || !isHexDigit(h2)) return err('vers.percent.invalid', 'Invalid percent-encoding in version.', i);
      const byte = parseInt(s.slice(i + 1, i + 3), 16);
      if (byte >= 128) return err('vers.version.non-ascii', 'A version must be ASCII.', i);
      if (canonical && (s.slice(i + 1, i + 3) !== s.slice(i + 1, i + 3).toUpperCase() || !mustEncode(byte))) {
        return err('vers.percent.noncanonical', 'Percent-encoding in version is not canonical (uppercase hex, only characters that must be encoded).', i);
      }
      out += String.fromCharCode(byte);
      i += 2;
      continue;
    }
    if (c === 32 && !canonical) {
      out += ' ';
      continue;
    }
    if (c < 33 || c > 126) return err('vers.version.char', 'A version may only hold printable ASCII characters.', i);
    if (c === 62 || c === 60 || c === 61 || c === 33 || c === 42) {
      return err('vers.version.unencoded', `'${s[i]}' in a version must be percent-encoded.`, i);
    }
    out += s[i];
  }
  return ok(out);
}

interface RawConstraint extends VersConstraint {
  readonly at: number;
}

/** Splits and decodes the constraints component starting at offset `start`. */
function scanConstraints(s: string, start: number, canonical: boolean): Result<{ star: boolean; list: RawConstraint[] }> {
  if (start >= s.length) return err('vers.constraints.empty', 'The constraints component is empty.', start);
  if (s.length - start === 1 && s[start] === '*') return ok({ star: true, list: [] });
  if (s[start] === '|') return err('vers.pipe.leading', 'A leading pipe is not permitted.', start);
  if (s[s.length - 1] === '|') return err('vers.pipe.trailing', 'A trailing pipe is not permitted.', s.length - 1);
  const list: RawConstraint[] = [];
  let segStart = start;
  for (let i = start; i <= s.length; i++) {
    if (i < s.length && s[i] !== '|') continue;
    if (i === segStart) return err('vers.pipe.consecutive', 'Consecutive pipes are not permitted.', i);
    if (s[segStart] === '=') return err('vers.comparator.equals', 'Equality is written as a bare version, without "=".', segStart);
    if (s[segStart] === '*') return err('vers.star.not-alone', 'The "*" constraint must be used alone.', segStart);
    const { comparator, length } = comparatorAt(s, segStart);
    const vStart = segStart + length;
    if (vStart === i) return err('vers.version.empty', 'A constraint has an empty version.', vStart);
    const version = decodeVersion(s, vStart, i, canonical);
    if (!version.ok) return version;
    list.push({ comparator, version: version.value, at: segStart });
    segStart = i + 1;
  }
  return ok({ star: false, list });
}

/** Scans `vers:<type>/`, returning the type and the offset of the constraints. */
function scanHead(s: string, canonical: boolean): Result<{ type: string; rest: number }> {
  const colon = s.indexOf(':');
  if (colon < 0) return err('vers.scheme.missing', 'A vers starts with "vers:".', 0);
  const scheme = s.slice(0, colon);
  if (scheme !== 'vers' && (canonical || scheme.toLowerCase() !== 'vers')) {
    return err('vers.scheme.invalid', `The URI scheme must be "vers", not "${scheme}".`, 0);
  }
  const slash = s.indexOf('/', colon + 1);
  if (slash < 0) return err('vers.type.missing', 'The type must be followed by "/".', colon + 1);
  const rawType = s.slice(colon + 1, slash);
  if (rawType.length === 0) return err('vers.type.missing', 'The type is empty.', colon + 1);
  for (let i = 0; i < rawType.length; i++) {
    const c = rawType.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    const ok_ = letter || (i > 0 && ((c >= 48 && c <= 57) || c === 46 || c === 45));
    if (!ok_) return err('vers.type.invalid', 'A type starts with a letter and holds only letters, digits, "." and "-".', colon + 1 + i);
    if (canonical && c >= 65 && c <= 90) return err('vers.type.case', 'The type must be lowercase.', colon + 1 + i);
  }
  const type = rawType.toLowerCase();
  if (type === 'invalid') {
    return err('vers.type.reserved-invalid', "Invalid VERS type: 'invalid' is reserved for intentionally invalid VERS notations.", colon + 1);
  }
  return ok({ type, rest: slash + 1 });
}

type Kind = 'eq' | 'ne' | 'lt' | 'gt';
function kindOf(c: VersComparator): Kind {
  return c === '=' ? 'eq' : c === '!=' ? 'ne' : c === '<' || c === '<=' ? 'lt' : 'gt';
}

/** Clause 5.4 comparator-sequence rules on a sorted, unique list. Returns the offending index or -1. */
function invalidSequenceAt(list: readonly VersConstraint[]): number {
  let prevNonNe: Kind | undefined;
  let prevRanged: Kind | undefined;
  for (let i = 0; i < list.length; i++) {
    const k = kindOf(list[i]!.comparator);
    if (k === 'ne') continue;
    // '=' may not be followed by '<'/'<=', nor follow '>'/'>=' (both redundant, see "Simplifying").
    if ((prevNonNe === 'eq' && k === 'lt') || (prevNonNe === 'gt' && k === 'eq')) return i;
    if (k !== 'eq') {
      if (prevRanged !== undefined && prevRanged === k) return i;
      prevRanged = k;
    }
    prevNonNe = k;
  }
  return -1;
}

/**
 * Parses a `vers` string. Errors carry a code (`vers.*`) and the 0-based offset of the
 * offending character. With a known scheme for the type, versions must be valid versions
 * of that scheme; ordering rules are checked in canonical mode.
 */
export function parseVers(input: string, options: VersParseOptions = {}): Result<ParsedVers> {
  const canonical = (options.mode ?? 'canonical') === 'canonical';
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (isAsciiWhitespace(c) && (canonical || c !== 32)) {
      return err('vers.whitespace', 'Whitespace is not permitted in a vers (encode a space in a version as %20).', i);
    }
  }
  const head = scanHead(input, canonical);
  if (!head.ok) return head;
  const { type, rest } = head.value;
  const scanned = scanConstraints(input, rest, canonical);
  if (!scanned.ok) return scanned;
  const warnings: string[] = [];
  const scheme = (options.schemeForType ?? defaultSchemeForVersType)(type);
  if (RESERVED_UNORDERED.has(type)) warnings.push(`unregistered VERS type: '${type}' is reserved by the VERS standard`);
  else if (scheme === undefined) warnings.push(`unregistered VERS type: '${type}' has no known version ordering`);
  if (scanned.value.star) return ok({ type, star: true, constraints: [], warnings });
  if (canonical && type === 'datetime') {
    // vers canonical form: RFC 3339's optional lower-case "t" and "z" are not allowed.
    const lower = scanned.value.list.find((c) => /[tz]/.test(c.version));
    if (lower) return err('vers.datetime.case', 'non-canonical VERS: datetime must use uppercase T and Z.', lower.at);
  }

  let list = scanned.value.list;
  if (scheme !== undefined && list.length === 1) {
    // Nothing to order: the spec's parse does not interpret a lone version (vers-spec's own
    // test parses "vers:npm/1.0%2F0"); containment will report it if it is not a version.
    if (!scheme.isValid(list[0]!.version)) warnings.push(`"${list[0]!.version}" is not a valid ${scheme.id} version`);
  } else if (scheme !== undefined) {
    const parsed: { c: RawConstraint; v: unknown }[] = [];
    for (const c of list) {
      const r = scheme.parse(c.version);
      if (!r.ok) return err('vers.version.invalid', `"${c.version}" is not a valid ${scheme.id} version, so the constraints cannot be ordered: ${r.error.message}`, c.at);
      parsed.push({ c, v: r.value });
    }
    if (canonical) {
      for (let i = 1; i < parsed.length; i++) {
        const order = scheme.compare(parsed[i - 1]!.v, parsed[i]!.v);
        if (order === 0) return err('vers.duplicate', `Version "${parsed[i]!.c.version}" occurs more than once.`, parsed[i]!.c.at);
        if (order > 0) return err('vers.order', 'Constraints are not sorted by version.', parsed[i]!.c.at);
      }
      const bad = invalidSequenceAt(list);
      if (bad >= 0) return err('vers.sequence', 'Invalid sequence of comparators (redundant or impossible constraints).', list[bad]!.at);
    } else {
      list = parsed.sort((a, b) => scheme.compare(a.v, b.v)).map((p) => p.c);
    }
  }
  return ok({ type, star: false, constraints: list.map(({ comparator, version }) => ({ comparator, version })), warnings });
}

/** The canonical string of a range (constraints in the order given). */
export function formatVers(range: VersRange): string {
  if (range.star) return `vers:${range.type}/*`;
  const body = range.constraints.map((c) => (c.comparator === '=' ? '' : c.comparator) + encodeVersVersion(c.version)).join('|');
  return `vers:${range.type}/${body}`;
}

/** Lenient parse then canonical formatting: the vers-spec "validate" normalization (sorting only). */
export function normalizeVers(input: string, options: Omit<VersParseOptions, 'mode'> = {}): Result<string> {
  const r = parseVers(input, { ...options, mode: 'lenient' });
  return r.ok ? ok(formatVers(r.value)) : r;
}

/**
 * The spec's simplification ("Simplifying constraints"): removes redundant constraints from
 * a list sorted by version. `!=` constraints are kept aside; of two contiguous ranged
 * constraints pointing the same way, the one that adds nothing is dropped.
 */
export function simplifyVersConstraints(scheme: VersionScheme<unknown>, constraints: readonly VersConstraint[]): VersConstraint[] {
  if (constraints.length < 2) return [...constraints];
  const unequal = constraints.filter((c) => c.comparator === '!=');
  const remainder = constraints.filter((c) => c.comparator !== '!=');
  if (remainder.length === 0) return unequal;
  const kept: VersConstraint[] = [];
  for (const current of remainder) {
    const k = kindOf(current.comparator);
    let keep = true;
    for (;;) {
      const prev = kept[kept.length - 1];
      if (prev === undefined) break;
      const pk = kindOf(prev.comparator);
      // '>' or '>=' followed by '=', '>' or '>=': the later one adds nothing.
      if (pk === 'gt' && (k === 'eq' || k === 'gt')) {
        keep = false;
        break;
      }
      // '=', '<' or '<=' followed by '<' or '<=': the earlier one is covered.
      if ((pk === 'eq' || pk === 'lt') && k === 'lt') {
        kept.pop();
        continue;
      }
      break;
    }
    if (keep) kept.push(current);
  }
  const all = [...unequal, ...kept];
  const parsed = all.map((c) => ({ c, v: unwrapVersion(scheme, c.version) }));
  return parsed.sort((a, b) => scheme.compare(a.v, b.v)).map((p) => p.c);
}

function unwrapVersion(scheme: VersionScheme<unknown>, version: string): unknown {
  const r = scheme.parse(version);
  if (!r.ok) throw new Error(`unreachable: constraint version "${version}" was validated at parse time`);
  return r.value;
}

function resolveScheme(range: VersRange, scheme: VersionScheme<unknown> | undefined): Result<VersionScheme<unknown>> {
  if (scheme !== undefined) return ok(scheme);
  if (RESERVED_UNORDERED.has(range.type)) {
    return err('vers.type.unordered', `No version ordering is defined for the reserved VERS type: ${range.type}.`);
  }
  const found = defaultSchemeForVersType(range.type);
  return found === undefined ? err('vers.type.unordered', `No version ordering is known for VERS type "${range.type}".`) : ok(found);
}

/**
 * The spec's containment check ("Checking if a version is contained within a range"),
 * run on the simplified constraints. Two gaps in the literal procedure are closed:
 * with a single `<`/`>` constraint left after removing `=`/`!=`, the pairwise iteration
 * has no pair, so that constraint is treated as both first and last; with no ranged
 * constraint and no `=` at all (only `!=`), every version except the excluded ones is in.
 */
export function versContains(range: VersRange, version: string, scheme?: VersionScheme<unknown>): Result<boolean> {
  if (range.star) return ok(true);
  const s = resolveScheme(range, scheme);
  if (!s.ok) return s;
  const sch = s.value;
  const tested = sch.parse(version);
  if (!tested.ok) return err('vers.version.invalid', `"${version}" is not a valid ${sch.id} version: ${tested.error.message}`);
  const v = tested.value;
  const constraints = simplifyVersConstraints(sch, range.constraints).map((c) => ({ ...c, v: unwrapVersion(sch, c.version) }));
  const equal = (c: { v: unknown }) => sch.compare(v, c.v) === 0;
  for (const c of constraints) if ((c.comparator === '=' || c.comparator === '<=' || c.comparator === '>=') && equal(c)) return ok(true);
  for (const c of constraints) if (c.comparator === '!=' && equal(c)) return ok(false);
  const ranged = constraints.filter((c) => c.comparator !== '=' && c.comparator !== '!=');
  if (ranged.length === 0) return ok(!constraints.some((c) => c.comparator === '='));
  const less = (c: { v: unknown }) => sch.compare(v, c.v) < 0;
  const greater = (c: { v: unknown }) => sch.compare(v, c.v) > 0;
  const first = ranged[0]!;
  const last = ranged[ranged.length - 1]!;
  if (kindOf(first.comparator) === 'lt' && less(first)) return ok(true);
  if (kindOf(last.comparator) === 'gt' && greater(last)) return ok(true);
  for (let i = 0; i + 1 < ranged.length; i++) {
    const cur = ranged[i]!;
    const next = ranged[i + 1]!;
    if (kindOf(cur.comparator) === 'gt' && kindOf(next.comparator) === 'lt' && greater(cur) && less(next)) return ok(true);
  }
  return ok(false);
}

/** Converts a range to the common interval representation (after simplification). */
export function versToIntervals(range: VersRange, scheme?: VersionScheme<unknown>): Result<VersionInterval<unknown>[]> {
  if (range.star) return ok([{ lower: null, upper: null }]);
  const s = resolveScheme(range, scheme);
  if (!s.ok) return s;
  const sch = s.value;
  const constraints = simplifyVersConstraints(sch, range.constraints).map((c) => ({ c, v: unwrapVersion(sch, c.version) }));
  const intervals: VersionInterval<unknown>[] = [];
  const excluded: unknown[] = [];
  let openLower: { version: unknown; inclusive: boolean } | null | undefined;
  let sawRangedOrEqual = false;
  for (const { c, v } of constraints) {
    const inclusive = c.comparator === '<=' || c.comparator === '>=';
    switch (kindOf(c.comparator)) {
      case 'ne':
        excluded.push(v);
        break;
      case 'eq':
        sawRangedOrEqual = true;
        intervals.push(pointInterval(v));
        break;
      case 'gt':
        sawRangedOrEqual = true;
        openLower = { version: v, inclusive };
        break;
      case 'lt':
        sawRangedOrEqual = true;
        intervals.push({ lower: openLower ?? null, upper: { version: v, inclusive } });
        openLower = undefined;
        break;
    }
  }
  if (openLower !== undefined) intervals.push({ lower: openLower, upper: null });
  if (!sawRangedOrEqual) intervals.push({ lower: null, upper: null });
  return ok(normalizeIntervals(sch, excludePoints(sch, normalizeIntervals(sch, intervals), excluded)));
}

/**
 * Writes a union of intervals as a canonical `vers` of the given type: `[a,a]` becomes a bare
 * version, bounds become `>=`/`>` and `<=`/`<`, the whole line becomes `*`.
 */
export function intervalsToVers(type: string, scheme: VersionScheme<unknown>, intervals: readonly VersionInterval<unknown>[]): VersRange {
  const norm = normalizeIntervals(scheme, intervals);
  if (norm.length === 1 && norm[0]!.lower === null && norm[0]!.upper === null) return { type, star: true, constraints: [] };
  const constraints: VersConstraint[] = [];
  let previousUpper: VersionInterval<unknown>['upper'] = null;
  for (const i of norm) {
    if (i.lower !== null && i.upper !== null && i.lower.inclusive && i.upper.inclusive && scheme.compare(i.lower.version, i.upper.version) === 0) {
      constraints.push({ comparator: '=', version: spell(scheme, i.lower.version) });
      previousUpper = null;
      continue;
    }
    // (a, x) followed by (x, b) is "everything but x": versions must be unique, so write `!=x`.
    const punctured =
      previousUpper !== null && i.lower !== null && !previousUpper.inclusive && !i.lower.inclusive && scheme.compare(previousUpper.version, i.lower.version) === 0;
    if (punctured) constraints[constraints.length - 1] = { comparator: '!=', version: spell(scheme, i.lower!.version) };
    else if (i.lower !== null) constraints.push({ comparator: i.lower.inclusive ? '>=' : '>', version: spell(scheme, i.lower.version) });
    if (i.upper !== null) constraints.push({ comparator: i.upper.inclusive ? '<=' : '<', version: spell(scheme, i.upper.version) });
    previousUpper = i.upper;
  }
  return { type, star: false, constraints };
}
