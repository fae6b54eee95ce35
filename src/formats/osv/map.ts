import type { OsvAffected } from '../../core/index.js';
import type { IntelReference, IntelRecord, IntelSeverity, IntelSourceKind } from '../intel/model.js';
import type { OsvAffectedJson, OsvDocument, OsvSeverityJson } from './document.js';

/** Display names of the home databases whose ids appear in the OSV feeds; others are named by their id prefix. */
const DATABASE_NAMES: Readonly<Record<string, string>> = {
  GHSA: 'GHSA',
  BIT: 'Bitnami',
  GO: 'Go',
  OSV: 'OSS-Fuzz',
  PYSEC: 'PyPA',
  RUSTSEC: 'RustSec',
};

/** Id prefixes that themselves contain a dash (from the schema's `$defs/prefix`). */
const DASHED_PREFIX = /^(ASB-A|PUB-A|openSUSE-SU|SUSE-[SRFO]U)-/;

/** The home database prefix of an OSV id: `GHSA` of `GHSA-jfh8-c2jp-5v3q`, `SUSE-SU` of `SUSE-SU-2024:0001-1`. */
export function idPrefix(id: string): string {
  const dashed = DASHED_PREFIX.exec(id);
  if (dashed) return dashed[1]!;
  const dash = id.indexOf('-');
  return dash > 0 ? id.slice(0, dash) : id;
}

/** Who published a record, by its id: the name a severity's `source` defaults to. */
export function databaseOf(id: string): string {
  const prefix = idPrefix(id);
  return DATABASE_NAMES[prefix] ?? prefix;
}

/** `ghsa` for GitHub advisories (in OSV form), `osv` for every other OSV database. */
export function sourceKindOf(id: string): IntelSourceKind {
  return id.startsWith('GHSA-') ? 'ghsa' : 'osv';
}

/**
 * Maps a document that passed the OSV schema to Vigil's record. Assumes schema validity
 * (./schema.ts): nothing here re-checks types.
 */
export function mapOsvDocument(doc: OsvDocument): IntelRecord {
  const affected = doc.affected ?? [];
  return {
    id: doc.id,
    source: sourceKindOf(doc.id),
    aliases: distinctExcept(doc.aliases ?? [], doc.id),
    related: distinctExcept(doc.related ?? [], doc.id),
    ...optional('summary', doc.summary),
    ...optional('details', doc.details),
    ...optional('published', doc.published),
    modified: doc.modified,
    ...optional('withdrawn', doc.withdrawn),
    severities: severitiesOf(doc, affected),
    cwes: cwesOf(doc.database_specific),
    references: (doc.references ?? []).map((r): IntelReference => ({ type: r.type, url: r.url })),
    affected: affected.map(withoutSeverity),
    cpeConfigurations: [],
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** Distinct values in first-seen order, never `id` itself (the model promises aliases never contain the id). */
function distinctExcept(values: readonly string[], id: string): string[] {
  return [...new Set(values)].filter((v) => v !== id);
}

/**
 * Record-level and package-level severities in one list (the schema lets a record carry
 * them in one place or the other, never both), plus the database's own qualitative rating
 * (`database_specific.severity`: GHSA's CRITICAL/HIGH/MODERATE/LOW, Bitnami's Critical/…)
 * as a severity whose type is the database's name, the way OSV spells Ubuntu's ratings.
 */
function severitiesOf(doc: OsvDocument, affected: readonly OsvAffectedJson[]): IntelSeverity[] {
  const database = databaseOf(doc.id);
  const written = [...(doc.severity ?? []), ...affected.flatMap((a) => a.severity ?? [])];
  const result: IntelSeverity[] = [];
  const seen = new Set<string>();
  const add = (s: IntelSeverity) => {
    const key = `${s.type}\n${s.vector}\n${s.source ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.push(s);
  };
  written.forEach((s: OsvSeverityJson) => add({ type: s.type, vector: s.score, source: s.source ?? database }));
  const rating = doc.database_specific?.['severity'];
  if (typeof rating === 'string' && rating.trim() !== '') add({ type: database, vector: rating, source: database });
  return result;
}

/** `database_specific.cwe_ids` (GHSA and databases copying its layout), `CWE-n` form, distinct. */
function cwesOf(databaseSpecific: Readonly<Record<string, unknown>> | undefined): string[] {
  const ids = databaseSpecific?.['cwe_ids'];
  if (!Array.isArray(ids)) return [];
  const cwes = ids.filter((v): v is string => typeof v === 'string' && /^CWE-\d+$/i.test(v.trim())).map((v) => v.trim().toUpperCase());
  return [...new Set(cwes)];
}

/** The `affected[]` entry as core evaluates it; its severities already moved to the record. */
function withoutSeverity(entry: OsvAffectedJson): OsvAffected {
  const { severity: _severity, ...rest } = entry;
  return rest;
}
