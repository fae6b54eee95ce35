import type { NvdConfiguration, OsvAffected } from '../../core/index.js';

/**
 * Vigil's source-neutral vulnerability record: what every intelligence reader (OSV, GHSA in
 * OSV form, CVE JSON 5, NVD API 2.0) produces. It is OSV-shaped because OSV is the richest
 * common form; NVD's CPE applicability is kept beside it as `cpeConfigurations`. One record
 * is one source's view of one vulnerability: records of different sources that share an
 * alias (CVE ↔ GHSA ↔ OSV ids) are merged later, keeping each source's severities,
 * references and ranges.
 */
export interface IntelRecord {
  /** The source's own id: `GHSA-…`, `PYSEC-…`, `GO-…`, `RUSTSEC-…`, `CVE-…`, … */
  readonly id: string;
  /** Where the record came from: `osv`, `ghsa`, `cve5` (CVE JSON 5), `nvd` (NVD API 2.0). */
  readonly source: IntelSourceKind;
  /** Other ids of the same vulnerability (OSV `aliases`; CVE id of a GHSA; …). Never contains `id`. */
  readonly aliases: readonly string[];
  /** Ids of closely related but distinct vulnerabilities (OSV `related`). */
  readonly related: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  /** RFC 3339 instants as the source wrote them. */
  readonly published?: string;
  readonly modified: string;
  /** Set when the source withdrew the record (OSV `withdrawn`, CVE `REJECTED`, NVD `Rejected`). */
  readonly withdrawn?: string;
  readonly severities: readonly IntelSeverity[];
  /** CWE ids, `CWE-79` form. */
  readonly cwes: readonly string[];
  readonly references: readonly IntelReference[];
  /** OSV `affected[]`, passed unchanged to core's range evaluation. Empty for NVD/CVE records. */
  readonly affected: readonly OsvAffected[];
  /** NVD configurations (CPE applicability), for components identified by CPE. */
  readonly cpeConfigurations: readonly NvdConfiguration[];
}

export type IntelSourceKind = 'osv' | 'ghsa' | 'cve5' | 'nvd';

export interface IntelSeverity {
  /** `CVSS_V2` | `CVSS_V3` | `CVSS_V4` (OSV severity types); other OSV types pass through as written. */
  readonly type: string;
  /** The vector as written (`CVSS:3.1/AV:N/…`). */
  readonly vector: string;
  /** Who scored it: `nvd@nist.gov`, a CNA short name, `GHSA`, the OSV database, … */
  readonly source?: string;
  /** `Primary` / `Secondary` in NVD; absent elsewhere. */
  readonly role?: string;
}

export interface IntelReference {
  /** OSV reference type (ADVISORY, FIX, REPORT, WEB, PACKAGE, ARTICLE, EVIDENCE, …) or `WEB` when unknown. */
  readonly type: string;
  readonly url: string;
}

/** One CISA Known Exploited Vulnerabilities catalog entry. */
export interface KevEntry {
  readonly cveId: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly vulnerabilityName: string;
  /** YYYY-MM-DD */
  readonly dateAdded: string;
  readonly shortDescription: string;
  readonly requiredAction: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  /** `Known` | `Unknown` */
  readonly knownRansomwareCampaignUse: string;
  readonly notes: string;
  readonly cwes: readonly string[];
}

/** One FIRST EPSS score row. */
export interface EpssScore {
  readonly cve: string;
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  readonly epss: number;
  /** Percentile among all scored CVEs, 0–1. */
  readonly percentile: number;
}

/** The header line of an EPSS CSV (`#model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000`). */
export interface EpssHeader {
  readonly modelVersion?: string;
  readonly scoreDate?: string;
}

/** A problem with one input record or file; readers skip bad records and keep going. */
export interface IntelIssue {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  /** File path inside a folder/zip, `line N` for JSON-lines/CSV, or a JSON pointer. */
  readonly location?: string;
}
