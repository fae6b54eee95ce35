import { err, ok, type Result } from '../result.js';
import { formatPypiVersion, pypiScheme, type PypiVersion } from '../versions/pypi.js';
import { excludePoints, intersectIntervals, normalizeIntervals, pointInterval, rememberSpelling, type VersionInterval } from './interval.js';
import { intervalsToVersString, type NativeRange } from './native.js';

/*
 * PEP 440 version specifiers (`~=`, `==`/`!=` with `.*`, `<=`, `>=`, `<`, `>`, `===`) with
 * the semantics of packaging 26.2 (pypa/packaging src/packaging/specifiers.py and
 * src/packaging/_ranges.py at 00d365f9d287bfc82062b0e7ed6b4161b0b2f611), which defines
 * every operator as version ranges:
 *   >=V  [V, ∞)            <=V  (-∞, AFTER_LOCALS(V)]       ==V  [V, AFTER_LOCALS(V)]
 *   <V   (-∞, V.dev0)  — (-∞, V) when V is a pre-release    !=V  the complement of ==V
 *   >V   [V.dev(N+1), ∞) for V.devN; [V.post(N+1).dev0, ∞) for V.postN; else above
 *        AFTER_POSTS(V): V's post-releases and local versions are excluded
 *   ~=V  [V, P.(n+1).dev0) with P = V's release minus its last number
 *   ==V.* [V.dev0, V'.dev0) with V' = V with its last release number + 1
 * where AFTER_LOCALS(V) sits just above every `V+local`. `===` compares the raw strings,
 * case-insensitively. Pre-release policy is `SpecifierSet.contains`'s: by default (and
 * with `prereleases: true`) a single version is contained whenever it is in the ranges;
 * with `prereleases: false` pre-releases never are.
 */

export type PypiOperator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

/** One parsed specifier; `version` is the text after the operator, stripped. */
export interface PypiSpecifier {
  readonly operator: PypiOperator;
  readonly version: string;
}

/** Options for {@link parsePypiSpecifiers}. */
export interface PypiSpecifierOptions {
  /** packaging's `prereleases` argument of `contains`: only `false` changes the answer. */
  readonly prereleases?: boolean;
  /**
   * Also accept `||` between specifier sets (a union), as advisory databases and the
   * vers-spec pypi type write ranges (`>=1.0a1,<1.0.5||>=1.1b1,<1.1.1`); not PEP 440.
   */
  readonly allowOr?: boolean;
}

export const PYPI_SPECIFIER_MAX_LENGTH = 8192;

/** `str.isspace()`, what `\s` and `str.strip()` mean in packaging. */
function isPythonSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

const OPERATORS: readonly PypiOperator[] = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'];

/** `v?(N!)?N(.N)*` — what may precede `.*` in a prefix match. */
function isWildcardPrefix(s: string): boolean {
  let i = 0;
  if (s[0] === 'v' || s[0] === 'V') i++;
  const runDigits = (): boolean => {
    const start = i;
    while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
    return i > start;
  };
  if (!runDigits()) return false;
  if (s[i] === '!') {
    i++;
    if (!runDigits()) return false;
  }
  while (s[i] === '.') {
    i++;
    if (!runDigits()) return false;
  }
  return i === s.length;
}

/** Validates one specifier as packaging's `Specifier._regex` does; `at` is its offset. */
function parseSpecifier(text: string, at: number): Result<PypiSpecifier> {
  let i = 0;
  while (i < text.length && isPythonSpace(text.charCodeAt(i))) i++;
  const operator = OPERATORS.find((op) => text.startsWith(op, i));
  if (operator === undefined) return err('range.pypi.operator', 'Expected one of ~= == != <= >= < > ===.', at + i);
  i += operator.length;
  while (i < text.length && isPythonSpace(text.charCodeAt(i))) i++;
  const start = i;
  if (operator === '===') {
    while (i < text.length && !isPythonSpace(text.charCodeAt(i)) && text[i] !== ';' && text[i] !== ')') i++;
  } else {
    while (i < text.length && !isPythonSpace(text.charCodeAt(i))) i++;
  }
  const version = text.slice(start, i);
  for (let k = i; k < text.length; k++) {
    if (!isPythonSpace(text.charCodeAt(k))) return err('range.pypi.trailing', 'Unexpected text after the version.', at + k);
  }
  if (operator === '===') return ok({ operator, version });
  const bad = (message: string) => err('range.pypi.version', message, at + start);
  if (version.endsWith('.*')) {
    if (operator !== '==' && operator !== '!=') return bad('Only == and != allow a ".*" prefix match.');
    if (!isWildcardPrefix(version.slice(0, -2))) return bad('A ".*" prefix match takes only an epoch and release numbers.');
    return ok({ operator, version });
  }
  const parsed = version.length === 0 ? undefined : pypiScheme.parse(version);
  if (parsed === undefined || !parsed.ok) return bad(`"${version}" is not a PEP 440 version.`);
  if (parsed.value.local !== undefined && operator !== '==' && operator !== '!=') return bad('Only == and != allow a local version.');
  if (operator === '~=' && parsed.value.release.length < 2) return bad('~= needs at least two release numbers.');
  return ok({ operator, version });
}

// --- versions and boundaries ------------------------------------------------------------

function isPrerelease(v: PypiVersion): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

function mustParse(s: string): PypiVersion {
  const r = pypiScheme.parse(s);
  if (!r.ok) throw new Error(`unreachable: constructed version "${s}" is invalid`);
  return r.value;
}

function inc(n: string): string {
  return (BigInt(n) + 1n).toString();
}

/** `version.__replace__(...)` with the local segment dropped. */
function replace(v: PypiVersion, parts: Partial<Pick<PypiVersion, 'release' | 'pre' | 'post' | 'dev'>>): PypiVersion {
  const next: PypiVersion = { ...v, ...parts, local: undefined };
  return mustParse(formatPypiVersion(next));
}

/** `Version.from_parts(epoch, release, dev=0)`. */
function releaseDev0(v: PypiVersion, release: readonly string[]): PypiVersion {
  return mustParse(formatPypiVersion({ epoch: v.epoch, release, dev: '0', key: '' }));
}

/** `_next_prefix_dev0`: 1.2 → 1.3.dev0. */
function nextPrefixDev0(v: PypiVersion, release: readonly string[] = v.release): PypiVersion {
  const last = release.length - 1;
  return releaseDev0(v, [...release.slice(0, last), inc(release[last]!)]);
}

/** Whether `p`'s epoch and release equal `v`'s up to trailing zeros, and the pre-release too. */
function sameReleaseAndPre(p: PypiVersion, v: PypiVersion): boolean {
  if (p.epoch !== v.epoch) return false;
  let n = v.release.length;
  while (n > 1 && v.release[n - 1] === '0') n--;
  if (p.release.length < n) return false;
  for (let i = 0; i < p.release.length; i++) {
    if (i < n ? p.release[i] !== v.release[i] : p.release[i] !== '0') return false;
  }
  return p.pre?.label === v.pre?.label && p.pre?.number === v.pre?.number;
}

/** `p` is `v` or `v+local` (the family AFTER_LOCALS(v) sorts above). */
function inLocalFamily(p: PypiVersion, v: PypiVersion): boolean {
  return sameReleaseAndPre(p, v) && p.post === v.post && p.dev === v.dev;
}

/** `p` is `v`, `v+local`, or a post-release of `v` (the family AFTER_POSTS(v) sorts above). */
function inPostFamily(p: PypiVersion, v: PypiVersion): boolean {
  return sameReleaseAndPre(p, v) && (p.dev === v.dev || p.post !== undefined);
}

/**
 * The least real version above AFTER_LOCALS(v): every `v+local` is below it. Exists for
 * every v: the next dev release, the next post's `.dev0`, or `v.post0.dev0`.
 */
function afterLocals(v: PypiVersion): PypiVersion {
  if (v.dev !== undefined) return replace(v, { dev: inc(v.dev) });
  if (v.post !== undefined) return replace(v, { post: inc(v.post), dev: '0' });
  return replace(v, { post: '0', dev: '0' });
}

// --- operators --------------------------------------------------------------------------

const cmp = (a: PypiVersion, b: PypiVersion): number => pypiScheme.compare(a, b);

/** packaging's range membership for one (non-`===`) specifier. */
function holds(p: PypiVersion, spec: PypiSpecifier): boolean {
  const text = spec.version;
  if (text.endsWith('.*')) {
    const base = mustParse(text.slice(0, -2));
    const inside = cmp(p, releaseDev0(base, base.release)) >= 0 && cmp(p, nextPrefixDev0(base)) < 0;
    return spec.operator === '==' ? inside : !inside;
  }
  const v = mustParse(text);
  switch (spec.operator) {
    case '>=':
      return cmp(p, v) >= 0;
    case '<=':
      return cmp(p, v) <= 0 || inLocalFamily(p, v);
    case '<': {
      const bound = isPrerelease(v) ? v : replace(v, { dev: '0' });
      return cmp(p, bound) < 0;
    }
    case '>':
      if (v.dev !== undefined) return cmp(p, replace(v, { dev: inc(v.dev) })) >= 0;
      if (v.post !== undefined) return cmp(p, replace(v, { post: inc(v.post), dev: '0' })) >= 0;
      return cmp(p, v) > 0 && !inPostFamily(p, v);
    case '~=':
      return cmp(p, v) >= 0 && cmp(p, nextPrefixDev0(v, v.release.slice(0, -1))) < 0;
    case '==':
    case '!=': {
      const equal = v.local !== undefined ? cmp(p, v) === 0 : cmp(p, v) >= 0 && (cmp(p, v) <= 0 || inLocalFamily(p, v));
      return spec.operator === '==' ? equal : !equal;
    }
    default:
      return false;
  }
}

// --- intervals --------------------------------------------------------------------------

type Intervals = VersionInterval<PypiVersion>[];
const ALL: Intervals = [{ lower: null, upper: null }];

function spelled(text: string): PypiVersion {
  return rememberSpelling(mustParse(text), text);
}

function complement(i: VersionInterval<PypiVersion>): Intervals {
  return normalizeIntervals(pypiScheme, [
    { lower: null, upper: i.lower === null ? null : { version: i.lower.version, inclusive: !i.lower.inclusive } },
    { lower: i.upper === null ? null : { version: i.upper.version, inclusive: !i.upper.inclusive }, upper: null },
  ]);
}

/**
 * A specifier's intervals. `exact` mode gives packaging's ranges (only `>V` for a final V
 * is approximated: its true lower bound, above every post-release of V, is no version);
 * `plain` mode maps operators one to one over PEP 440 order, as vers writes PyPI ranges.
 */
function specifierIntervals(spec: PypiSpecifier, mode: 'exact' | 'plain'): { intervals: Intervals; exact: boolean } {
  const text = spec.version;
  if (spec.operator === '===') {
    const r = pypiScheme.parse(text);
    return { intervals: r.ok ? [pointInterval(rememberSpelling(r.value, text))] : [], exact: false };
  }
  if (text.endsWith('.*')) {
    const base = mustParse(text.slice(0, -2));
    const eq = { lower: { version: releaseDev0(base, base.release), inclusive: true }, upper: { version: nextPrefixDev0(base), inclusive: false } };
    return { intervals: spec.operator === '==' ? [eq] : complement(eq), exact: true };
  }
  const v = spelled(text);
  const from = (version: PypiVersion, inclusive: boolean): Intervals => [{ lower: { version, inclusive }, upper: null }];
  const below = (version: PypiVersion, inclusive: boolean): Intervals => [{ lower: null, upper: { version, inclusive } }];
  const exact = mode === 'exact';
  switch (spec.operator) {
    case '>=':
      return { intervals: from(v, true), exact: true };
    case '<=':
      return { intervals: exact ? below(afterLocals(v), false) : below(v, true), exact };
    case '<':
      return { intervals: exact && !isPrerelease(v) ? below(replace(v, { dev: '0' }), false) : below(v, false), exact: exact || isPrerelease(v) };
    case '>':
      if (!exact) return { intervals: from(v, false), exact: false };
      if (v.dev !== undefined) return { intervals: from(replace(v, { dev: inc(v.dev) }), true), exact: true };
      if (v.post !== undefined) return { intervals: from(replace(v, { post: inc(v.post), dev: '0' }), true), exact: true };
      if (v.pre !== undefined) return { intervals: from(replace(v, { pre: { label: v.pre.label, number: inc(v.pre.number) }, dev: '0' }), true), exact: true };
      return { intervals: from(v, false), exact: false };
    case '~=':
      return { intervals: [{ lower: { version: v, inclusive: true }, upper: { version: nextPrefixDev0(v, v.release.slice(0, -1)), inclusive: false } }], exact: true };
    case '==':
    case '!=': {
      const local = v.local !== undefined;
      const eq: VersionInterval<PypiVersion> =
        exact && !local ? { lower: { version: v, inclusive: true }, upper: { version: afterLocals(v), inclusive: false } } : pointInterval(v);
      const ok_ = exact || local;
      return { intervals: spec.operator === '==' ? [eq] : excludeOrComplement(eq), exact: ok_ };
    }
  }
}

function excludeOrComplement(eq: VersionInterval<PypiVersion>): Intervals {
  const isPoint = eq.lower !== null && eq.upper !== null && eq.upper.inclusive && cmp(eq.lower.version, eq.upper.version) === 0;
  return isPoint ? excludePoints(pypiScheme, ALL, [eq.lower!.version]) : complement(eq);
}

function intersectUnions(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  for (const x of a) for (const y of b) out.push(intersectIntervals(pypiScheme, x, y));
  return normalizeIntervals(pypiScheme, out);
}

function setIntervals(sets: readonly (readonly PypiSpecifier[])[], mode: 'exact' | 'plain'): { intervals: Intervals; exact: boolean } {
  let exact = true;
  const union: Intervals = [];
  for (const set of sets) {
    let acc: Intervals = ALL;
    for (const spec of set) {
      const part = specifierIntervals(spec, mode);
      exact &&= part.exact;
      acc = intersectUnions(acc, part.intervals);
    }
    union.push(...acc);
  }
  return { intervals: normalizeIntervals(pypiScheme, union), exact };
}

// --- the range --------------------------------------------------------------------------

/** A parsed specifier set (or `||` union of sets). */
export interface PypiRange extends NativeRange<PypiVersion> {
  readonly sets: readonly (readonly PypiSpecifier[])[];
  /**
   * `exact: true` writes packaging's ranges (`<2.0` → `<2.0.dev0`, `==1.0` → `>=1.0|<1.0.post0.dev0`);
   * the default maps operators one to one (`<2.0` → `<2.0`), as the vers-spec pypi type does,
   * which ignores PEP 440's pre-release and local-version rules.
   */
  toVers(options?: { readonly exact?: boolean }): Result<string>;
}

class ParsedPypiRange implements PypiRange {
  readonly syntax = 'pypi' as const;
  readonly scheme = pypiScheme;
  readonly source: string;
  readonly sets: readonly (readonly PypiSpecifier[])[];
  readonly intervals: readonly VersionInterval<PypiVersion>[];
  readonly intervalsExact: boolean;
  readonly #prereleases: boolean | undefined;

  constructor(source: string, sets: PypiSpecifier[][], prereleases: boolean | undefined) {
    this.source = source;
    this.sets = sets;
    this.#prereleases = prereleases;
    const exact = setIntervals(sets, 'exact');
    this.intervals = exact.intervals;
    this.intervalsExact = exact.exact && prereleases !== false;
  }

  contains(version: string): boolean {
    const parsed = pypiScheme.parse(version);
    return this.sets.some((set) => this.#setContains(set, version, parsed.ok ? parsed.value : undefined));
  }

  #setContains(set: readonly PypiSpecifier[], raw: string, p: PypiVersion | undefined): boolean {
    for (const spec of set) {
      if (spec.operator === '===') {
        if (raw.toLowerCase() !== spec.version.toLowerCase()) return false;
      } else if (p === undefined || !holds(p, spec)) {
        return false;
      }
    }
    return !(this.#prereleases === false && p !== undefined && isPrerelease(p));
  }

  toVers(options: { readonly exact?: boolean } = {}): Result<string> {
    const intervals = options.exact === true ? this.intervals : setIntervals(this.sets, 'plain').intervals;
    return intervalsToVersString(pypiScheme, intervals);
  }
}

/** Splits `text` on `sep`, keeping each part's start offset. */
function splitWithOffsets(text: string, sep: string, base: number): { part: string; at: number }[] {
  const out: { part: string; at: number }[] = [];
  let start = 0;
  for (;;) {
    const i = text.indexOf(sep, start);
    out.push({ part: text.slice(start, i < 0 ? text.length : i), at: base + start });
    if (i < 0) return out;
    start = i + sep.length;
  }
}

/**
 * Parses a PEP 440 specifier set (`>=1.0,!=1.3.*,<2`) like `packaging.specifiers.SpecifierSet`:
 * comma-separated, items stripped, empty items ignored (an empty set allows everything).
 */
export function parsePypiSpecifiers(input: string, options: PypiSpecifierOptions = {}): Result<PypiRange> {
  if (input.length > PYPI_SPECIFIER_MAX_LENGTH) {
    return err('range.pypi.too-long', `Specifier sets are limited to ${PYPI_SPECIFIER_MAX_LENGTH} characters.`, PYPI_SPECIFIER_MAX_LENGTH);
  }
  const alternatives = options.allowOr === true ? splitWithOffsets(input, '||', 0) : [{ part: input, at: 0 }];
  const sets: PypiSpecifier[][] = [];
  for (const alt of alternatives) {
    const set: PypiSpecifier[] = [];
    for (const { part, at } of splitWithOffsets(alt.part, ',', alt.at)) {
      let a = 0;
      let b = part.length;
      while (a < b && isPythonSpace(part.charCodeAt(a))) a++;
      while (b > a && isPythonSpace(part.charCodeAt(b - 1))) b--;
      if (a === b) continue;
      const spec = parseSpecifier(part.slice(a, b), at + a);
      if (!spec.ok) return spec;
      set.push(spec.value);
    }
    sets.push(set);
  }
  return ok(new ParsedPypiRange(input, sets, options.prereleases));
}
