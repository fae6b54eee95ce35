import type { NvdConfiguration, NvdCpeMatch, NvdNode } from '../../core/index.js';
import type { IntelRecord, IntelSeverity } from '../intel/model.js';
import { englishText } from './cve5-map.js';
import { nvdVulnerabilitySchema, type NvdCve, type NvdCveConfiguration } from './nvd-schema.js';
import type { MapOutcome } from './read-item.js';
import { ReferenceSet } from './references.js';
import { schemaIssue } from './schema-issues.js';

/** NVD metric arrays → OSV severity types, in the order severities are listed. */
const METRIC_TYPES = [
  ['cvssMetricV40', 'CVSS_V4'],
  ['cvssMetricV31', 'CVSS_V3'],
  ['cvssMetricV30', 'CVSS_V3'],
  ['cvssMetricV2', 'CVSS_V2'],
] as const;

/** NVD's placeholders for "a CWE outside the view" and "not enough information": not weaknesses. */
const NOT_A_CWE = new Set(['NVD-CWE-Other', 'NVD-CWE-noinfo']);

const CWE_ID = /^CWE-[0-9]+$/;

function severitiesOf(cve: NvdCve): IntelSeverity[] {
  const out: IntelSeverity[] = [];
  for (const [key, type] of METRIC_TYPES) {
    for (const m of cve.metrics?.[key] ?? []) {
      out.push({
        type,
        vector: m.cvssData.vectorString.trim(),
        ...(m.source !== undefined ? { source: m.source } : {}),
        ...(m.type !== undefined ? { role: m.type } : {}),
      });
    }
  }
  return out;
}

function cwesOf(cve: NvdCve): string[] {
  const out = new Set<string>();
  for (const w of cve.weaknesses ?? []) {
    for (const d of w.description) {
      const id = d.value.trim();
      if (!NOT_A_CWE.has(id) && CWE_ID.test(id)) out.add(id);
    }
  }
  return [...out];
}

/** Copies a criterion field by field, so the record holds exactly core's `NvdCpeMatch` and nothing NVD adds later. */
function criterionOf(m: NvdCpeMatch): NvdCpeMatch {
  return {
    vulnerable: m.vulnerable,
    criteria: m.criteria,
    ...(m.matchCriteriaId !== undefined ? { matchCriteriaId: m.matchCriteriaId } : {}),
    ...(m.versionStartIncluding !== undefined ? { versionStartIncluding: m.versionStartIncluding } : {}),
    ...(m.versionStartExcluding !== undefined ? { versionStartExcluding: m.versionStartExcluding } : {}),
    ...(m.versionEndIncluding !== undefined ? { versionEndIncluding: m.versionEndIncluding } : {}),
    ...(m.versionEndExcluding !== undefined ? { versionEndExcluding: m.versionEndExcluding } : {}),
  };
}

function configurationOf(c: NvdCveConfiguration): NvdConfiguration {
  const nodes: NvdNode[] = c.nodes.map((n) => ({
    operator: n.operator,
    ...(n.negate !== undefined ? { negate: n.negate } : {}),
    ...(n.cpeMatch !== undefined ? { cpeMatch: n.cpeMatch.map(criterionOf) } : {}),
  }));
  return {
    ...(c.operator !== undefined ? { operator: c.operator } : {}),
    ...(c.negate !== undefined ? { negate: c.negate } : {}),
    nodes,
  };
}

function toIntelRecord(cve: NvdCve): IntelRecord {
  const refs = new ReferenceSet();
  for (const r of cve.references ?? []) refs.add(r.url.trim(), r.tags);
  const details = englishText(cve.descriptions);
  return {
    id: cve.id,
    source: 'nvd',
    aliases: [],
    related: [],
    ...(details !== undefined ? { details } : {}),
    ...(cve.published !== undefined ? { published: cve.published } : {}),
    modified: cve.lastModified,
    ...(cve.vulnStatus === 'Rejected' ? { withdrawn: cve.lastModified } : {}),
    severities: severitiesOf(cve),
    cwes: cwesOf(cve),
    references: refs.toArray(),
    affected: [],
    cpeConfigurations: (cve.configurations ?? []).map(configurationOf),
  };
}

/**
 * Maps one element of an NVD API 2.0 `vulnerabilities` array (`{ cve: {...} }`) to an
 * `IntelRecord` (source `nvd`). `pointer` is the element's JSON pointer, e.g. `/vulnerabilities/3`.
 */
export function mapNvdVulnerability(value: unknown, pointer: string, prefix?: string): MapOutcome {
  const parsed = nvdVulnerabilitySchema.safeParse(value);
  if (!parsed.success) return { issues: [schemaIssue('nvd.schema', parsed.error, prefix, pointer, 'NVD vulnerability')] };
  return { record: toIntelRecord(parsed.data.cve), issues: [] };
}
