import { schemeForEcosystem } from '../versions/index.js';
import type { VersionScheme } from '../versions/scheme.js';
import { semverScheme } from '../versions/semver.js';
import type { Bound, VersionInterval } from './interval.js';
import { prepareVersion, type PreparedVersion } from './prepared.js';

/*
 * OSV `affected[]` evaluation, exactly as the OSV schema (ossf/osv-schema docs/schema.md,
 * "Evaluation") defines it:
 *
 *   affected  ⇔  v ∈ versions  ∨  ∃ range: BeforeLimits(v, range) ∧ last event e of
 *                sorted(range.events) whose condition holds is `introduced`
 *
 * where the conditions are v ≥ introduced, v ≥ fixed, v > last_affected, `introduced: "0"`
 * sorts before everything and a `limit` containing "*" is +∞. Each SEMVER/ECOSYSTEM range
 * is compiled once into disjoint intervals, each remembering the event pair that produced
 * it, so a check is a binary search and the answer can say why it matched.
 */

/** One OSV range event as it appears in JSON (exactly one key should be present). */
export interface OsvEvent {
  readonly introduced?: string;
  readonly fixed?: string;
  readonly last_affected?: string;
  readonly limit?: string;
}

/** `affected[].ranges[]`; `database_specific` is accepted and ignored, as the schema requires. */
export interface OsvRange {
  readonly type: string;
  readonly repo?: string;
  readonly events: readonly OsvEvent[];
  readonly database_specific?: unknown;
}

/** One `affected[]` entry. */
export interface OsvAffected {
  readonly package?: { readonly ecosystem: string; readonly name: string; readonly purl?: string };
  readonly ranges?: readonly OsvRange[];
  readonly versions?: readonly string[];
  readonly ecosystem_specific?: unknown;
  readonly database_specific?: unknown;
}

/** The parts of an OSV record that evaluation needs. */
export interface OsvAdvisory {
  readonly id: string;
  readonly withdrawn?: string;
  readonly affected?: readonly OsvAffected[];
}

/** Why a version is affected: one entry per matching source. */
export type OsvMatchReason =
  | {
      readonly kind: 'versions';
      /** The `versions[]` entry that matched. */
      readonly listed: string;
      /** `true` for string equality; `false` when only the scheme says they are the same version (e.g. `1.0` vs `1.0.0` in PyPI). */
      readonly exact: boolean;
    }
  | {
      readonly kind: 'range';
      readonly rangeIndex: number;
      readonly rangeType: 'SEMVER' | 'ECOSYSTEM';
      /** The `introduced` event that opened the affected interval (`"0"` = from the beginning). */
      readonly introduced: string;
      /** The event that closes it, when there is one. */
      readonly fixed?: string;
      readonly lastAffected?: string;
      /** The largest `limit` capping this range, when limits are present. */
      readonly limit?: string;
    };

/** A range that could not be evaluated, and why. */
export interface OsvNotEvaluable {
  readonly rangeIndex: number;
  readonly rangeType: string;
  readonly code:
    | 'osv.range.git'
    | 'osv.range.type-unknown'
    | 'osv.range.no-scheme'
    | 'osv.range.event-invalid'
    | 'osv.range.no-introduced'
    | 'osv.range.event-version-invalid'
    | 'osv.version.unparseable';
  readonly message: string;
}

/** The verdict for one version against one compiled `affected` entry (or a whole advisory). */
export interface OsvVerdict {
  /**
   * `affected` when a range or the versions list matched; `unknown` when nothing matched but
   * some range could not be evaluated (GIT range, unparseable version…); `not-affected`
   * otherwise; `withdrawn` when the advisory is withdrawn (reasons still say what would
   * have matched).
   */
  readonly status: 'affected' | 'not-affected' | 'unknown' | 'withdrawn';
  readonly affected: boolean;
  readonly reasons: readonly OsvMatchReason[];
  readonly notEvaluable: readonly OsvNotEvaluable[];
  /** The advisory's `withdrawn` timestamp, when set. */
  readonly withdrawn?: string;
}

/** How the compiler finds version schemes; both are normally the version-scheme registry. */
export interface OsvSchemeResolver {
  /** Scheme for an OSV ecosystem string such as `PyPI` or `Debian:12`, if one is known. */
  readonly forEcosystem: (ecosystem: string) => VersionScheme<unknown> | undefined;
  /** The SemVer 2.0.0 scheme used for every `SEMVER` range. */
  readonly semver: VersionScheme<unknown>;
}

/** The version-scheme registry: `schemeForEcosystem` for ECOSYSTEM ranges, SemVer 2.0.0 for SEMVER ranges. */
export const defaultOsvResolver: OsvSchemeResolver = {
  forEcosystem: schemeForEcosystem,
  semver: semverScheme as VersionScheme<unknown>,
};

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
const EVENT_KINDS: readonly EventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];

interface ParsedEvent {
  readonly kind: EventKind;
  readonly raw: string;
  /** Parsed version; `undefined` for the two special values. */
  readonly version: unknown;
  /** `-1` for `introduced: "0"`, `1` for a limit containing `*`, `0` otherwise. */
  readonly infinity: -1 | 0 | 1;
}

/** A compiled affected interval with the events that produced it. */
interface AttributedInterval extends VersionInterval<unknown> {
  readonly reason: Extract<OsvMatchReason, { kind: 'range' }>;
}

type CompiledRange =
  | {
      readonly ok: true;
      readonly index: number;
      readonly type: 'SEMVER' | 'ECOSYSTEM';
      readonly scheme: VersionScheme<unknown>;
      readonly intervals: readonly AttributedInterval[];
      /** Reported when the queried version does not parse with `scheme`. */
      readonly unparseable: OsvNotEvaluable;
    }
  | { readonly ok: false; readonly problem: OsvNotEvaluable };

function eventOf(e: OsvEvent): { kind: EventKind; raw: string } | undefined {
  let found: { kind: EventKind; raw: string } | undefined;
  for (const kind of EVENT_KINDS) {
    const value = e[kind];
    if (value === undefined) continue;
    if (found !== undefined || typeof value !== 'string') return undefined;
    found = { kind, raw: value };
  }
  return found;
}

function parseEvents(range: OsvRange, index: number, scheme: VersionScheme<unknown>): ParsedEvent[] | OsvNotEvaluable {
  const problem = (code: OsvNotEvaluable['code'], message: string): OsvNotEvaluable => ({
    rangeIndex: index,
    rangeType: range.type,
    code,
    message,
  });
  const events: ParsedEvent[] = [];
  const list = Array.isArray(range.events) ? range.events : [];
  for (let k = 0; k < list.length; k++) {
    const ev = typeof list[k] === 'object' && list[k] !== null ? eventOf(list[k]!) : undefined;
    if (ev === undefined) {
      return problem('osv.range.event-invalid', `Event ${k} must have exactly one of introduced, fixed, last_affected, limit.`);
    }
    if (ev.kind === 'introduced' && ev.raw === '0') {
      events.push({ ...ev, version: undefined, infinity: -1 });
    } else if (ev.kind === 'limit' && ev.raw.includes('*')) {
      events.push({ ...ev, version: undefined, infinity: 1 });
    } else {
      const parsed = scheme.parse(ev.raw);
      if (!parsed.ok) {
        return problem('osv.range.event-version-invalid', `Event ${k} (${ev.kind} "${ev.raw}") is not a valid ${scheme.id} version: ${parsed.error.message}`);
      }
      events.push({ ...ev, version: parsed.value, infinity: 0 });
    }
  }
  if (!events.some((e) => e.kind === 'introduced')) {
    return problem('osv.range.no-introduced', 'The range has no introduced event.');
  }
  return events;
}

function compareEvents(scheme: VersionScheme<unknown>, a: ParsedEvent, b: ParsedEvent): number {
  if (a.infinity !== 0 || b.infinity !== 0) return a.infinity - b.infinity;
  return scheme.compare(a.version, b.version);
}

/**
 * Turns one range's events into the affected intervals the schema's pseudo-code defines.
 * The version line is cut at every event version into regions (below the first, each
 * event version itself, between two, above the last); within a region every condition
 * has the same truth value, so the region's state is that of the last event whose
 * condition holds there. Ties between equal versions keep the input order (stable sort),
 * which is what evaluating `sorted(range.events)` literally does.
 */
function compileEvents(
  scheme: VersionScheme<unknown>,
  index: number,
  rangeType: 'SEMVER' | 'ECOSYSTEM',
  events: readonly ParsedEvent[],
): AttributedInterval[] {
  const sorted = events.map((e, i) => ({ e, i })).sort((x, y) => compareEvents(scheme, x.e, y.e) || x.i - y.i).map((x) => x.e);
  const limits = sorted.filter((e) => e.kind === 'limit');
  // BeforeLimits(v) ⇔ v < some limit ⇔ v < the largest limit (or no cap at all).
  const cap = limits.length === 0 || limits.some((l) => l.infinity === 1) ? undefined : limits[limits.length - 1];
  const closer = closingEvents(sorted);

  const reasonFor = (introducedAt: number): AttributedInterval['reason'] => {
    const close = closer[introducedAt];
    return {
      kind: 'range',
      rangeIndex: index,
      rangeType,
      introduced: sorted[introducedAt]!.raw,
      ...(close?.kind === 'fixed' ? { fixed: close.raw } : {}),
      ...(close?.kind === 'last_affected' ? { lastAffected: close.raw } : {}),
      ...(cap !== undefined ? { limit: cap.raw } : {}),
    };
  };

  const out: AttributedInterval[] = [];
  let open: { lower: Bound<unknown> | null; last: number } | undefined;
  const emit = (lower: Bound<unknown> | null, upper: Bound<unknown> | null, last: number, belowCap: boolean): void => {
    const affected = belowCap && last >= 0 && sorted[last]!.kind === 'introduced';
    if (open !== undefined && (!affected || open.last !== last)) {
      out.push({ lower: open.lower, upper: lowerToUpper(lower), reason: reasonFor(open.last) });
      open = undefined;
    }
    if (affected && open === undefined) open = { lower, last };
    if (upper === null && open !== undefined) {
      out.push({ lower: open.lower, upper: null, reason: reasonFor(open.last) });
      open = undefined;
    }
  };

  let k = 0;
  let lastBefore = -1;
  while (k < sorted.length && sorted[k]!.infinity === -1) lastBefore = k++;
  let lower: Bound<unknown> | null = null;
  let capReached = false;
  while (k < sorted.length && sorted[k]!.infinity === 0) {
    const at = sorted[k]!.version;
    let end = k;
    while (end < sorted.length && sorted[end]!.infinity === 0 && scheme.compare(sorted[end]!.version, at) === 0) end++;
    // Open region below this boundary, then the boundary point itself.
    emit(lower, { version: at, inclusive: false }, lastBefore, !capReached);
    if (cap !== undefined && scheme.compare(at, cap.version) >= 0) capReached = true;
    let lastAtPoint = lastBefore;
    for (let j = k; j < end; j++) {
      const kind = sorted[j]!.kind;
      if (kind === 'limit') continue;
      if (kind !== 'last_affected') lastAtPoint = j;
      lastBefore = j;
    }
    emit({ version: at, inclusive: true }, { version: at, inclusive: true }, lastAtPoint, !capReached);
    lower = { version: at, inclusive: false };
    k = end;
  }
  emit(lower, null, lastBefore, !capReached && cap === undefined);
  return out;
}

/** The interval that ends where a region starting at `lower` begins. */
function lowerToUpper(lower: Bound<unknown> | null): Bound<unknown> | null {
  return lower === null ? null : { version: lower.version, inclusive: !lower.inclusive };
}

/** For each event index, the first later fixed/last_affected event (the one that ends it). */
function closingEvents(sorted: readonly ParsedEvent[]): (ParsedEvent | undefined)[] {
  const out: (ParsedEvent | undefined)[] = new Array(sorted.length);
  let next: ParsedEvent | undefined;
  for (let i = sorted.length - 1; i >= 0; i--) {
    out[i] = next;
    const kind = sorted[i]!.kind;
    if (kind === 'fixed' || kind === 'last_affected') next = sorted[i];
  }
  return out;
}

function compileRange(range: OsvRange, index: number, ecosystem: string, resolver: OsvSchemeResolver): CompiledRange {
  const type = typeof range.type === 'string' ? range.type : '';
  const fail = (code: OsvNotEvaluable['code'], message: string): CompiledRange => ({
    ok: false,
    problem: { rangeIndex: index, rangeType: type, code, message },
  });
  if (type === 'GIT') return fail('osv.range.git', 'GIT ranges are not evaluable without commit data; the explicit versions list is used instead.');
  if (type !== 'SEMVER' && type !== 'ECOSYSTEM') return fail('osv.range.type-unknown', `Unknown range type "${type}".`);
  const scheme = type === 'SEMVER' ? resolver.semver : resolver.forEcosystem(ecosystem);
  if (scheme === undefined) return fail('osv.range.no-scheme', `No version ordering is known for ecosystem "${ecosystem}".`);
  const events = parseEvents(range, index, scheme);
  if (!Array.isArray(events)) return { ok: false, problem: events };
  const unparseable: OsvNotEvaluable = {
    rangeIndex: index,
    rangeType: type,
    code: 'osv.version.unparseable',
    message: `The queried version is not a valid ${scheme.id} version, so range ${index} cannot be evaluated.`,
  };
  return { ok: true, index, type, scheme, intervals: compileEvents(scheme, index, type, events), unparseable };
}

const NO_REASONS: readonly OsvMatchReason[] = Object.freeze([]);

/** Index of the interval containing `v` in a sorted disjoint list, or -1. */
function findInterval(scheme: VersionScheme<unknown>, intervals: readonly VersionInterval<unknown>[], v: unknown): number {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const { lower, upper } = intervals[mid]!;
    if (lower !== null) {
      const c = scheme.compare(v, lower.version);
      if (c < 0 || (c === 0 && !lower.inclusive)) {
        hi = mid - 1;
        continue;
      }
    }
    if (upper !== null) {
      const c = scheme.compare(v, upper.version);
      if (c > 0 || (c === 0 && !upper.inclusive)) {
        lo = mid + 1;
        continue;
      }
    }
    return mid;
  }
  return -1;
}

/**
 * One `affected[]` entry compiled for repeated evaluation. Build it with
 * {@link compileOsvAffected}; then {@link CompiledOsvAffected.evaluate} costs one Set lookup
 * plus a binary search per range.
 */
export class CompiledOsvAffected {
  readonly ecosystem: string;
  readonly name: string;
  readonly #listed: ReadonlySet<string>;
  readonly #listedRaw: readonly string[];
  /** Parsed `versions[]` entries sorted by the ecosystem scheme, built on first need. */
  #listedParsed: readonly { readonly raw: string; readonly version: unknown }[] | undefined;
  readonly #listScheme: VersionScheme<unknown> | undefined;
  readonly #ranges: readonly (CompiledRange & { ok: true })[];
  readonly #problems: readonly OsvNotEvaluable[];
  /** Whether some problem leaves the answer open (a GIT range does not when `versions[]` is present). */
  readonly #problemsBlock: boolean;
  /** The verdict when nothing matches and the queried version parsed everywhere. */
  readonly #noMatch: OsvVerdict;

  constructor(affected: OsvAffected, resolver: OsvSchemeResolver = defaultOsvResolver) {
    this.ecosystem = affected.package?.ecosystem ?? '';
    this.name = affected.package?.name ?? '';
    const versions = Array.isArray(affected.versions) ? affected.versions.filter((v): v is string => typeof v === 'string') : [];
    this.#listed = new Set(versions);
    this.#listScheme = resolver.forEcosystem(this.ecosystem);
    this.#listedRaw = versions;
    const ranges: (CompiledRange & { ok: true })[] = [];
    const problems: OsvNotEvaluable[] = [];
    (Array.isArray(affected.ranges) ? affected.ranges : []).forEach((range, i) => {
      const compiled = compileRange(range, i, this.ecosystem, resolver);
      if (compiled.ok) ranges.push(compiled);
      else problems.push(compiled.problem);
    });
    this.#ranges = ranges;
    this.#problems = problems;
    // The schema requires an explicit versions list alongside GIT ranges precisely so that
    // consumers without commit data can use it; with the list present, a GIT range does
    // not make a non-match uncertain.
    this.#problemsBlock = problems.some((p) => p.code !== 'osv.range.git' || versions.length === 0);
    this.#noMatch = Object.freeze({
      status: this.#problemsBlock ? 'unknown' : 'not-affected',
      affected: false,
      reasons: NO_REASONS,
      notEvaluable: problems,
    });
  }

  /** The affected intervals of each evaluable range, for display and conversion to `vers`. */
  intervals(): readonly { readonly rangeIndex: number; readonly scheme: VersionScheme<unknown>; readonly intervals: readonly VersionInterval<unknown>[] }[] {
    return this.#ranges.map((r) => ({ rangeIndex: r.index, scheme: r.scheme, intervals: r.intervals }));
  }

  /** Ranges that cannot be evaluated at all (GIT, unknown type, bad events…). */
  get notEvaluable(): readonly OsvNotEvaluable[] {
    return this.#problems;
  }

  /** Evaluates one version; pass a {@link PreparedVersion} to reuse parses across entries. */
  evaluate(version: string | PreparedVersion): OsvVerdict {
    const v = prepareVersion(version);
    let reasons: OsvMatchReason[] | undefined;
    const listedHit = this.#matchListed(v);
    if (listedHit !== undefined) reasons = [listedHit];
    let notEvaluable: OsvNotEvaluable[] | undefined;
    for (const range of this.#ranges) {
      const parsed = parseForRange(v, range);
      if (parsed === undefined) {
        (notEvaluable ??= [...this.#problems]).push(range.unparseable);
        continue;
      }
      const at = findInterval(range.scheme, range.intervals, parsed);
      if (at >= 0) (reasons ??= []).push(range.intervals[at]!.reason);
    }
    // The common outcome allocates nothing: a verdict shared by every call.
    if (reasons === undefined && notEvaluable === undefined) return this.#noMatch;
    const affected = reasons !== undefined;
    const open = notEvaluable !== undefined || this.#problemsBlock;
    return {
      status: affected ? 'affected' : open ? 'unknown' : 'not-affected',
      affected,
      reasons: reasons ?? NO_REASONS,
      notEvaluable: notEvaluable ?? this.#problems,
    };
  }

  #matchListed(v: PreparedVersion): OsvMatchReason | undefined {
    if (this.#listed.has(v.raw)) return { kind: 'versions', listed: v.raw, exact: true };
    const scheme = this.#listScheme;
    if (scheme === undefined || this.#listedRaw.length === 0) return undefined;
    const list = (this.#listedParsed ??= sortedParsed(scheme, this.#listedRaw));
    if (list.length === 0) return undefined;
    const parsed = v.parsedWith(scheme);
    if (parsed === undefined) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    // Most queried versions lie outside the listed span (e.g. newer than every affected one).
    if (scheme.compare(parsed, list[hi]!.version) > 0 || scheme.compare(parsed, list[0]!.version) < 0) return undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = scheme.compare(list[mid]!.version, parsed);
      if (c === 0) return { kind: 'versions', listed: list[mid]!.raw, exact: false };
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/** The parseable entries of a versions list, sorted by the scheme. */
function sortedParsed(scheme: VersionScheme<unknown>, versions: readonly string[]): { raw: string; version: unknown }[] {
  const parsed: { raw: string; version: unknown }[] = [];
  for (const raw of versions) {
    const r = scheme.parse(raw);
    if (r.ok) parsed.push({ raw, version: r.value });
  }
  return parsed.sort((a, b) => scheme.compare(a.version, b.version));
}

/**
 * SEMVER ranges carry versions without a `v` prefix, while some ecosystems (Go) spell
 * their versions with one; a single leading `v` is therefore tolerated for SEMVER ranges.
 */
function parseForRange(v: PreparedVersion, range: CompiledRange & { ok: true }): unknown {
  const parsed = v.parsedWith(range.scheme);
  if (parsed !== undefined || range.type !== 'SEMVER') return parsed;
  return v.withoutLeadingV()?.parsedWith(range.scheme);
}

/** Compiles one `affected[]` entry (see {@link CompiledOsvAffected}). */
export function compileOsvAffected(affected: OsvAffected, resolver: OsvSchemeResolver = defaultOsvResolver): CompiledOsvAffected {
  return new CompiledOsvAffected(affected, resolver);
}

/** A whole advisory compiled: its entries plus its withdrawn state. */
export interface CompiledOsvAdvisory {
  readonly id: string;
  readonly withdrawn?: string;
  readonly entries: readonly CompiledOsvAffected[];
}

/** Compiles every `affected[]` entry of an advisory. */
export function compileOsvAdvisory(advisory: OsvAdvisory, resolver: OsvSchemeResolver = defaultOsvResolver): CompiledOsvAdvisory {
  const entries = (Array.isArray(advisory.affected) ? advisory.affected : []).map((a) => new CompiledOsvAffected(a, resolver));
  return typeof advisory.withdrawn === 'string'
    ? { id: advisory.id, withdrawn: advisory.withdrawn, entries }
    : { id: advisory.id, entries };
}

/**
 * A package name in the form two spellings of the same package share: PEP 503 for PyPI
 * (which OSV requires), lower case for NuGet (package ids are case-insensitive; purls and
 * NuGet's own folders write them lower-cased, advisories as the author cased them). Other
 * ecosystems compare names exactly.
 */
export function normalizeOsvPackageName(ecosystem: string, name: string): string {
  const base = ecosystem.split(':')[0];
  if (base === 'PyPI') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (base === 'NuGet') return name.toLowerCase();
  return name;
}

/**
 * The schema's `IsVulnerable(pkg, v, osv)`: every entry for the same package (same
 * ecosystem string and name) is evaluated and their reasons combined. A withdrawn
 * advisory yields status `withdrawn` and `affected: false`, with the reasons it would
 * have had.
 */
export function evaluateOsvAdvisory(
  advisory: CompiledOsvAdvisory,
  pkg: { readonly ecosystem: string; readonly name: string },
  version: string | PreparedVersion,
): OsvVerdict {
  const v = prepareVersion(version);
  const name = normalizeOsvPackageName(pkg.ecosystem, pkg.name);
  const reasons: OsvMatchReason[] = [];
  const notEvaluable: OsvNotEvaluable[] = [];
  let open = false;
  for (const entry of advisory.entries) {
    if (entry.ecosystem !== pkg.ecosystem || normalizeOsvPackageName(entry.ecosystem, entry.name) !== name) continue;
    const verdict = entry.evaluate(v);
    reasons.push(...verdict.reasons);
    notEvaluable.push(...verdict.notEvaluable);
    if (verdict.status === 'unknown') open = true;
  }
  const matched = reasons.length > 0;
  if (advisory.withdrawn !== undefined) {
    return { status: 'withdrawn', affected: false, reasons, notEvaluable, withdrawn: advisory.withdrawn };
  }
  return {
    status: matched ? 'affected' : open ? 'unknown' : 'not-affected',
    affected: matched,
    reasons,
    notEvaluable,
  };
}

/** One-line explanation of a reason, for evidence shown to users. */
export function describeOsvReason(reason: OsvMatchReason): string {
  if (reason.kind === 'versions') {
    return reason.exact ? `listed in the advisory's affected versions ("${reason.listed}")` : `equal to listed affected version "${reason.listed}"`;
  }
  const from = reason.introduced === '0' ? 'all versions' : `introduced in ${reason.introduced}`;
  const to =
    reason.fixed !== undefined
      ? `, fixed in ${reason.fixed}`
      : reason.lastAffected !== undefined
        ? `, last affected ${reason.lastAffected}`
        : ', no fix';
  const limit = reason.limit !== undefined ? ` (limit ${reason.limit})` : '';
  return `${reason.rangeType} range ${reason.rangeIndex}: ${from}${to}${limit}`;
}
