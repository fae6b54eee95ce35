import type { IntelIssue, IntelRecord, IntelSeverity } from '../intel/model.js';
import { affectedConfigurations } from './cve5-affected.js';
import { cve5RecordSchema, type Cve5Container, type Cve5Record } from './cve5-schema.js';
import { errorIssue, locate, type MapOutcome } from './read-item.js';
import { ReferenceSet } from './references.js';
import { schemaIssue } from './schema-issues.js';

/** CVE 5 metric keys → OSV severity types, in the order severities are listed. */
const METRIC_TYPES = [
  ['cvssV4_0', 'CVSS_V4'],
  ['cvssV3_1', 'CVSS_V3'],
  ['cvssV3_0', 'CVSS_V3'],
  ['cvssV2_0', 'CVSS_V2'],
] as const;

const CWE_ID = /^CWE-[0-9]+$/;

interface NamedContainer {
  readonly container: Cve5Container;
  readonly pointer: string;
}

/** The CNA container first, then every ADP container (CISA-ADP, the CVE Program container, …). */
function containersOf(record: Cve5Record): NamedContainer[] {
  const adp = (record.containers.adp ?? []).map((container, i) => ({ container, pointer: `/containers/adp/${i}` }));
  return [{ container: record.containers.cna, pointer: '/containers/cna' }, ...adp];
}

/** The first English text (`en`, `en-US`, …) of a list, trimmed; CNAs often pad descriptions with blank lines. */
export function englishText(list: readonly { readonly lang: string; readonly value: string }[] | undefined): string | undefined {
  const entry = (list ?? []).find((d) => /^en(-|$)/i.test(d.lang) && d.value.trim() !== '');
  return entry?.value.trim();
}

function detailsOf(record: Cve5Record, containers: readonly NamedContainer[]): string | undefined {
  const field = record.cveMetadata.state === 'REJECTED' ? 'rejectedReasons' : 'descriptions';
  for (const { container } of containers) {
    const text = englishText(container[field]);
    if (text !== undefined) return text;
  }
  return undefined;
}

function severitiesOf(containers: readonly NamedContainer[]): IntelSeverity[] {
  const out: IntelSeverity[] = [];
  const seen = new Set<string>();
  for (const { container } of containers) {
    const source = container.providerMetadata.shortName ?? container.providerMetadata.orgId;
    for (const metric of container.metrics ?? []) {
      for (const [key, type] of METRIC_TYPES) {
        const vector = metric[key]?.vectorString.trim();
        if (vector === undefined || seen.has(`${type} ${vector} ${source}`)) continue;
        seen.add(`${type} ${vector} ${source}`);
        out.push(source === undefined ? { type, vector } : { type, vector, source });
      }
    }
  }
  return out;
}

/** CWE ids from `problemTypes`: the `cweId` field, or a leading `CWE-n` in the text of older records that lack it. */
function cwesOf(containers: readonly NamedContainer[]): string[] {
  const out = new Set<string>();
  for (const { container } of containers) {
    for (const problem of container.problemTypes ?? []) {
      for (const d of problem.descriptions) {
        const id = d.cweId?.trim() ?? /^(CWE-[0-9]+)\b/.exec(d.description?.trim() ?? '')?.[1];
        if (id !== undefined && CWE_ID.test(id)) out.add(id);
      }
    }
  }
  return [...out];
}

function referencesOf(containers: readonly NamedContainer[]): ReferenceSet {
  const refs = new ReferenceSet();
  for (const { container } of containers) for (const r of container.references ?? []) refs.add(r.url.trim(), r.tags);
  return refs;
}

/** Builds the record from a schema-valid CVE 5 record, or reports why it cannot (no date at all). */
function toIntelRecord(record: Cve5Record, prefix: string | undefined, issues: IntelIssue[]): IntelRecord | undefined {
  const meta = record.cveMetadata;
  const modified = meta.dateUpdated ?? meta.dateRejected ?? meta.datePublished ?? meta.dateReserved;
  if (modified === undefined) {
    issues.push(errorIssue('cve5.date.missing', `${meta.cveId} has none of dateUpdated, dateRejected, datePublished, dateReserved.`, locate(prefix, '/cveMetadata')));
    return undefined;
  }
  const containers = containersOf(record);
  const summary = record.containers.cna.title?.trim();
  const details = detailsOf(record, containers);
  const withdrawn = meta.state === 'REJECTED' ? (meta.dateRejected ?? modified) : undefined;
  return {
    id: meta.cveId,
    source: 'cve5',
    aliases: [],
    related: [],
    ...(summary ? { summary } : {}),
    ...(details !== undefined ? { details } : {}),
    ...(meta.datePublished !== undefined ? { published: meta.datePublished } : {}),
    modified,
    ...(withdrawn !== undefined ? { withdrawn } : {}),
    severities: severitiesOf(containers),
    cwes: cwesOf(containers),
    references: referencesOf(containers).toArray(),
    affected: [],
    cpeConfigurations: affectedConfigurations(containers, prefix, issues),
  };
}

/**
 * Maps one parsed CVE JSON 5 record to an `IntelRecord` (source `cve5`). `prefix` names the
 * file or zip entry in issue locations. A record that fails the schema is an error issue and
 * no record; parts that cannot be expressed (some `affected` entries) are warnings.
 */
export function mapCve5Record(value: unknown, prefix?: string): MapOutcome {
  const parsed = cve5RecordSchema.safeParse(value);
  if (!parsed.success) return { issues: [schemaIssue('cve5.schema', parsed.error, prefix, '', 'CVE JSON 5 record')] };
  const issues: IntelIssue[] = [];
  const record = toIntelRecord(parsed.data, prefix, issues);
  return record ? { record, issues } : { issues };
}

/** Parses and maps the text of one CVE JSON 5 file; invalid JSON is an error issue. */
export function parseCve5Json(text: string, prefix?: string): MapOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { issues: [errorIssue('cve5.json.invalid', `Not valid JSON: ${(e as Error).message}`, prefix)] };
  }
  return mapCve5Record(value, prefix);
}
