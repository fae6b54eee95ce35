import type { NvdConfiguration, OsvAffected } from '../../core/index.js';
import type { IntelRecord } from '../../formats/intel/model.js';
import { recordPackageKeys, vulnerabilityId, type MatchableRecord } from './matching.js';
import { recordSeverity, SEVERITY_LEVELS, type RatedSeverity, type SeverityLevel } from './severity.js';

/**
 * The local intelligence snapshot (docs/formats/intel-snapshot.md): what `vigil scan` needs
 * to match an SBOM with no database and no network. This file is the format itself — line
 * types, encoding, decoding with precise errors — and the in-memory index a scan reads;
 * it does no I/O (snapshot-file.ts reads and writes files, snapshot-store.ts the database).
 *
 * A snapshot holds every record of every vulnerability that has at least one matchable
 * record (one naming a package key). Records without keys cannot match, but they carry the
 * other sources' ratings: a vulnerability's severity is the worst of all its records, as on
 * the server, so they travel along with empty `affected`/`cpeConfigurations`.
 */

export const SNAPSHOT_FORMAT = 'vigil-intel-snapshot';
/**
 * Bumped whenever a reader of the previous version would scan differently — new line types
 * it must not ignore, or a change to the package-key scheme of matching.ts (keys are stored).
 */
export const SNAPSHOT_VERSION = 1;
/** Longest line a reader accepts (one record with a very large NVD configuration is ~1 MB). */
export const MAX_SNAPSHOT_LINE_BYTES = 16 * 1024 * 1024;
/** KEV ids and EPSS scores are written this many to a line. */
export const SNAPSHOT_CHUNK = 1000;
/** A record without a summary gets this much of its details instead (NVD records have only details). */
export const SUMMARY_CHARS = 500;

export interface SnapshotCounts {
  readonly records: number;
  readonly kev: number;
  readonly epss: number;
}

export interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: number;
  /** RFC 3339 instant the snapshot was taken. */
  readonly createdAt: string;
  /** Slug of the organization whose intelligence it is. */
  readonly org: string;
  /** What follows; a reader refuses a file whose lines do not add up (truncated or spliced). */
  readonly counts: SnapshotCounts;
}

/** One source's record, as matching and reporting need it. */
export interface SnapshotRecord extends MatchableRecord {
  /** osv | ghsa | nvd | cve5: the format it was read from. */
  readonly kind: string;
  readonly aliases: readonly string[];
  /** Package keys (matching.ts) the record can affect components under; empty when it only rates. */
  readonly keys: readonly string[];
  /** The record's own rating (severity.ts `recordSeverity`), computed when the snapshot was written. */
  readonly severity: RatedSeverity;
  readonly summary: string | null;
  readonly cwes: readonly string[];
  readonly published: string | null;
  readonly modified: string;
}

export interface EpssEntry {
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  readonly epss: number;
  readonly percentile: number;
}

/** A snapshot line that cannot be read; the message names the line and the field. */
export class SnapshotError extends Error {}

/** A record's summary, or the start of its details cut at a word boundary. */
export function summaryOf(summary: string | null | undefined, details: string | null | undefined): string | null {
  const s = summary?.trim();
  if (s) return s;
  const d = details?.trim().replace(/\s+/g, ' ');
  if (!d) return null;
  if (d.length <= SUMMARY_CHARS) return d;
  const cut = d.slice(0, SUMMARY_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${space > SUMMARY_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

/** The columns of intel_records (plus its package keys) a snapshot is written from. */
export interface SnapshotRecordRow {
  readonly record_id: string;
  readonly record_kind: string;
  readonly vuln_id: string;
  readonly aliases: readonly string[];
  readonly withdrawn: string | null;
  readonly affected: unknown;
  readonly cpe_configurations: unknown;
  readonly severities: unknown;
  readonly summary: string | null;
  readonly details: string | null;
  readonly cwes: readonly string[];
  readonly published: string | null;
  readonly modified: string;
  readonly keys: readonly string[];
}

/** A stored record as a snapshot record (the rating computed the way the store computes it). */
export function snapshotRecordFromRow(row: SnapshotRecordRow): SnapshotRecord {
  return {
    recordId: row.record_id,
    kind: row.record_kind,
    vulnId: row.vuln_id,
    aliases: [...row.aliases],
    withdrawn: row.withdrawn,
    keys: [...row.keys].sort(),
    affected: row.affected as OsvAffected[],
    cpeConfigurations: row.cpe_configurations as NvdConfiguration[],
    severity: recordSeverity(row.severities as IntelRecord['severities']),
    summary: summaryOf(row.summary, row.details),
    cwes: [...row.cwes],
    published: row.published,
    modified: row.modified,
  };
}

/** A freshly read record as a snapshot record, with the same derivations as the store (ids, keys, rating). */
export function snapshotRecordFromIntel(record: IntelRecord): SnapshotRecord {
  return {
    recordId: record.id,
    kind: record.source,
    vulnId: vulnerabilityId(record.id, record.aliases),
    aliases: [...record.aliases],
    withdrawn: record.withdrawn ?? null,
    keys: recordPackageKeys(record).sort(),
    affected: record.affected,
    cpeConfigurations: record.cpeConfigurations,
    severity: recordSeverity(record.severities),
    summary: summaryOf(record.summary, record.details),
    cwes: [...record.cwes],
    published: record.published ?? null,
    modified: record.modified,
  };
}

// ---- Encoding: one JSON object per line, the header first. ----

export function encodeHeader(header: SnapshotHeader): string {
  return JSON.stringify(header);
}

/**
 * A record line. `type`, `vulnId` and `keys` come first, in that order, so a reader can index
 * the record from the start of its line and parse the rest only if a scan needs it
 * ({@link recordHead}); the line stays one ordinary JSON object.
 */
export function encodeRecord(r: SnapshotRecord): string {
  return JSON.stringify({
    type: 'record',
    vulnId: r.vulnId,
    keys: r.keys,
    recordId: r.recordId,
    kind: r.kind,
    aliases: r.aliases,
    withdrawn: r.withdrawn,
    affected: r.affected,
    cpeConfigurations: r.cpeConfigurations,
    severity: r.severity,
    summary: r.summary,
    cwes: r.cwes,
    published: r.published,
    modified: r.modified,
  });
}

export function encodeKev(cveIds: readonly string[]): string {
  return JSON.stringify({ type: 'kev', cveIds });
}

/** EPSS scores as `[cve, epss, percentile]` triples: a third of the size of objects. */
export function encodeEpss(scores: readonly (readonly [string, number, number])[]): string {
  return JSON.stringify({ type: 'epss', scores });
}

// ---- Decoding, with a message naming the line and the field for anything unexpected. ----

type Json = Record<string, unknown>;

function fail(line: number, message: string): never {
  throw new SnapshotError(`line ${line}: ${message}`);
}

function parseObject(text: string, line: number): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(line, `not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(line, 'not a JSON object');
  return value as Json;
}

function str(o: Json, key: string, line: number): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(line, `"${key}" must be a non-empty string`);
  return v;
}

function strOrNull(o: Json, key: string, line: number): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') fail(line, `"${key}" must be a string or null`);
  return v;
}

function strings(o: Json, key: string, line: number): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(line, `"${key}" must be an array of strings`);
  return v as string[];
}

function objects(o: Json, key: string, line: number): Json[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) fail(line, `"${key}" must be an array of objects`);
  return v as Json[];
}

function severityOf(v: unknown, line: number): RatedSeverity {
  if (typeof v !== 'object' || v === null) fail(line, '"severity" must be an object');
  const s = v as Json;
  if (!SEVERITY_LEVELS.includes(s['level'] as SeverityLevel)) fail(line, `"severity.level" must be one of ${SEVERITY_LEVELS.join(', ')}`);
  const score = s['score'];
  if (score !== null && (typeof score !== 'number' || score < 0 || score > 10)) fail(line, '"severity.score" must be a number from 0 to 10, or null');
  return { level: s['level'] as SeverityLevel, score: score as number | null, vector: strOrNull(s, 'vector', line), source: strOrNull(s, 'source', line) };
}

/** Reads the first line. Refuses other files and newer versions by name, so the user knows what to do. */
export function decodeHeader(text: string): SnapshotHeader {
  let o: Json;
  try {
    o = parseObject(text, 1);
  } catch {
    fail(1, 'not a Vigil intelligence snapshot (its first line is not a JSON object)');
  }
  if (o['format'] !== SNAPSHOT_FORMAT) fail(1, `not a Vigil intelligence snapshot (the first line has no "format": "${SNAPSHOT_FORMAT}")`);
  const version = o['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) fail(1, '"version" must be a positive integer');
  if (version > SNAPSHOT_VERSION) fail(1, `snapshot format version ${version} is newer than this Vigil reads (${SNAPSHOT_VERSION}); update Vigil or take the snapshot with the same version`);
  const counts = o['counts'] as Json | undefined;
  const count = (key: keyof SnapshotCounts): number => {
    const v = counts?.[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(1, `"counts.${key}" must be a non-negative integer`);
    return v;
  };
  const createdAt = str(o, 'createdAt', 1);
  if (Number.isNaN(Date.parse(createdAt))) fail(1, '"createdAt" must be an RFC 3339 timestamp');
  return { format: SNAPSHOT_FORMAT, version, createdAt, org: str(o, 'org', 1), counts: { records: count('records'), kev: count('kev'), epss: count('epss') } };
}

export type SnapshotLine =
  | { readonly type: 'record'; readonly record: SnapshotRecord }
  | { readonly type: 'kev'; readonly cveIds: readonly string[] }
  | { readonly type: 'epss'; readonly scores: readonly (readonly [string, number, number])[] };

/** Reads a line after the header. Unknown line types are an error: a reader must not scan with part of a snapshot. */
export function decodeLine(text: string, line: number): SnapshotLine {
  const o = parseObject(text, line);
  switch (o['type']) {
    case 'record':
      return {
        type: 'record',
        record: {
          recordId: str(o, 'recordId', line),
          kind: str(o, 'kind', line),
          vulnId: str(o, 'vulnId', line),
          aliases: strings(o, 'aliases', line),
          withdrawn: strOrNull(o, 'withdrawn', line),
          keys: strings(o, 'keys', line),
          affected: objects(o, 'affected', line) as OsvAffected[],
          cpeConfigurations: objects(o, 'cpeConfigurations', line) as unknown as NvdConfiguration[],
          severity: severityOf(o['severity'], line),
          summary: strOrNull(o, 'summary', line),
          cwes: strings(o, 'cwes', line),
          published: strOrNull(o, 'published', line),
          modified: str(o, 'modified', line),
        },
      };
    case 'kev':
      return { type: 'kev', cveIds: strings(o, 'cveIds', line) };
    case 'epss': {
      const scores = o['scores'];
      const valid = (s: unknown) =>
        Array.isArray(s) && s.length === 3 && typeof s[0] === 'string' && typeof s[1] === 'number' && s[1] >= 0 && s[1] <= 1 && typeof s[2] === 'number' && s[2] >= 0 && s[2] <= 1;
      if (!Array.isArray(scores) || !scores.every(valid)) fail(line, '"scores" must be an array of [cve, epss 0–1, percentile 0–1]');
      return { type: 'epss', scores: scores as [string, number, number][] };
    }
    default:
      return fail(line, `unknown line type ${JSON.stringify(o['type'] ?? null)} (expected record, kev or epss)`);
  }
}

const RECORD_PREFIX = '{"type":"record","vulnId":';
const KEYS_PREFIX = ',"keys":[';

/**
 * `vulnId` and `keys` of a record line as {@link encodeRecord} writes it, read from the start
 * of the line without parsing the rest; undefined for a line that does not start that way
 * (it is then parsed whole). Only JSON strings are scanned, escapes included.
 */
export function recordHead(text: string): { vulnId: string; keys: string[] } | undefined {
  if (!text.startsWith(RECORD_PREFIX)) return undefined;
  let i = RECORD_PREFIX.length;
  const string = (): string | undefined => {
    if (text.charCodeAt(i) !== 0x22) return undefined;
    const start = i + 1;
    let escaped = false;
    for (i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) {
        escaped = true;
        i++;
      } else if (c === 0x22) {
        const raw = text.slice(start, i++);
        return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      }
    }
    return undefined;
  };
  const vulnId = string();
  if (!vulnId || !text.startsWith(KEYS_PREFIX, i)) return undefined;
  i += KEYS_PREFIX.length;
  const keys: string[] = [];
  if (text.charCodeAt(i) === 0x5d) return { vulnId, keys };
  for (;;) {
    const key = string();
    if (!key) return undefined;
    keys.push(key);
    const c = text.charCodeAt(i++);
    if (c === 0x5d) return { vulnId, keys };
    if (c !== 0x2c) return undefined;
  }
}

// ---- The in-memory index a scan reads. ----

/**
 * Records by package key (so a component evaluates only the records that name one of its
 * keys) and by vulnerability (for its severity across sources), with KEV and EPSS by CVE.
 * Built from a snapshot file or, on the server, from the rows a scan needs.
 */
export class IntelIndex {
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byVuln = new Map<string, Entry[]>();
  private readonly kevIds = new Set<string>();
  private readonly epssScores = new Map<string, EpssEntry>();
  private records = 0;

  addRecord(record: SnapshotRecord): void {
    this.add({ record, load: undefined }, record.vulnId, record.keys);
  }

  /**
   * Indexes a record by its vulnerability and keys, to be built by `load` only when a scan
   * first asks for it: most records of a large snapshot name no package of a given SBOM.
   */
  addLazyRecord(vulnId: string, keys: readonly string[], load: () => SnapshotRecord): void {
    this.add({ record: undefined, load }, vulnId, keys);
  }

  private add(entry: Entry, vulnId: string, keys: readonly string[]): void {
    this.records++;
    for (const key of keys) {
      const list = this.byKey.get(key);
      if (list) list.push(entry);
      else this.byKey.set(key, [entry]);
    }
    const same = this.byVuln.get(vulnId);
    if (same) same.push(entry);
    else this.byVuln.set(vulnId, [entry]);
  }

  addKev(cveId: string): void {
    this.kevIds.add(cveId);
  }

  addEpss(cveId: string, entry: EpssEntry): void {
    this.epssScores.set(cveId, entry);
  }

  /** The records sharing any of these keys, each once. */
  candidates(keys: readonly string[]): SnapshotRecord[] {
    if (keys.length === 1) return (this.byKey.get(keys[0]!) ?? []).map(resolve);
    const seen = new Set<Entry>();
    for (const key of keys) for (const e of this.byKey.get(key) ?? []) seen.add(e);
    return [...seen].map(resolve);
  }

  /** Every record of a vulnerability (all sources). */
  recordsOf(vulnId: string): readonly SnapshotRecord[] {
    return (this.byVuln.get(vulnId) ?? []).map(resolve);
  }

  isKev(vulnId: string): boolean {
    return this.kevIds.has(vulnId);
  }

  epss(vulnId: string): EpssEntry | null {
    return this.epssScores.get(vulnId) ?? null;
  }

  get counts(): SnapshotCounts {
    return { records: this.records, kev: this.kevIds.size, epss: this.epssScores.size };
  }
}

interface Entry {
  record: SnapshotRecord | undefined;
  load: (() => SnapshotRecord) | undefined;
}

function resolve(entry: Entry): SnapshotRecord {
  if (!entry.record) {
    entry.record = entry.load!();
    entry.load = undefined; // lets the line's text go
  }
  return entry.record;
}

/**
 * Feeds lines into an index and checks, at the end, that they add up to the header's counts —
 * a truncated or concatenated file is refused rather than scanned with part of the
 * intelligence. Record lines are indexed from their head and parsed when first used; a
 * record line that is broken past its head is reported (as a {@link SnapshotError} naming
 * its line) when the scan reaches it.
 */
export class SnapshotAssembler {
  readonly index = new IntelIndex();
  private header: SnapshotHeader | undefined;
  private line = 0;
  private seen = { records: 0, kev: 0, epss: 0 };

  /** Takes the next line of text (1-based numbering follows the calls). */
  push(text: string): void {
    this.line++;
    if (this.line === 1) {
      this.header = decodeHeader(text);
      return;
    }
    if (text.trim() === '') return;
    const head = recordHead(text);
    if (head) {
      this.seen.records++;
      const line = this.line;
      this.index.addLazyRecord(head.vulnId, head.keys, () => {
        const decoded = decodeLine(text, line);
        if (decoded.type !== 'record') fail(line, 'not a record line');
        const r = decoded.record;
        // JSON.parse keeps the last of repeated names: the head read first must be what the line says.
        if (r.vulnId !== head.vulnId || r.keys.length !== head.keys.length || r.keys.some((k, i) => k !== head.keys[i])) fail(line, '"vulnId" or "keys" appear twice with different values');
        return r;
      });
      return;
    }
    const decoded = decodeLine(text, this.line);
    if (decoded.type === 'record') {
      this.seen.records++;
      this.index.addRecord(decoded.record);
    } else if (decoded.type === 'kev') {
      this.seen.kev += decoded.cveIds.length;
      for (const id of decoded.cveIds) this.index.addKev(id);
    } else {
      this.seen.epss += decoded.scores.length;
      for (const [cve, epss, percentile] of decoded.scores) this.index.addEpss(cve, { epss, percentile });
    }
  }

  /** The header and index once every line was pushed. */
  finish(): { header: SnapshotHeader; index: IntelIndex } {
    if (!this.header) throw new SnapshotError('the snapshot is empty');
    const expected = this.header.counts;
    for (const key of ['records', 'kev', 'epss'] as const) {
      if (this.seen[key] !== expected[key]) {
        throw new SnapshotError(`the header announces ${expected[key]} ${key} entries but the file holds ${this.seen[key]}: it is truncated or was altered`);
      }
    }
    return { header: this.header, index: this.index };
  }
}
