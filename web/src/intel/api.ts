import type { MantineColor } from '@mantine/core';

/** Shapes of the intelligence API (src/modules/intel/routes.ts, sources-routes.ts) and the query keys the screens share. */

export const SEVERITY_LEVELS = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

export interface Severity {
  readonly level: SeverityLevel;
  readonly score: number | null;
}

export type FindingStatus = 'affected' | 'fixed' | 'withdrawn';

export interface MatchEvidence {
  readonly recordId: string;
  readonly method: 'purl' | 'cpe';
  readonly reasons: string[];
}

export interface Finding {
  readonly id: string;
  readonly productId: string;
  readonly productName: string;
  readonly releaseId: string;
  readonly releaseVersion: string;
  readonly vulnId: string;
  readonly status: FindingStatus;
  readonly componentName: string;
  readonly componentVersion: string | null;
  readonly componentPurl: string | null;
  readonly componentCpe: string | null;
  readonly matchMethod: 'purl' | 'cpe';
  readonly confidence: string;
  readonly evidence: MatchEvidence[];
  readonly fixedEvidence: { reason?: string; detail?: string; from?: string; to?: string } | null;
  readonly severity: Severity;
  readonly kev: boolean;
  readonly epss: number | null;
  readonly epssPercentile: number | null;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly fixedAt: string | null;
}

export interface FindingEvent {
  readonly at: string;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

export interface VulnerabilitySummary {
  readonly vulnId: string;
  readonly aliases: string[];
  readonly summary: string | null;
  readonly severity: Severity;
  readonly kev: boolean;
  readonly epss: number | null;
  readonly affectedFindings: number;
}

/** One source's record as stored (the server sends the stored column names). */
export interface VulnerabilityRecord {
  readonly record_id: string;
  readonly record_kind: string;
  readonly summary: string | null;
  readonly details: string | null;
  readonly published: string | null;
  readonly modified: string;
  readonly withdrawn: string | null;
  readonly severities: { type: string; vector: string; source?: string; role?: string }[];
  readonly severity_level: SeverityLevel;
  readonly severity_score: number | null;
  readonly cwes: string[];
  readonly refs: { type: string; url: string }[];
  readonly source_name: string;
  readonly source_kind: string;
}

export interface KevEntry {
  readonly vulnerability_name: string;
  readonly date_added: string;
  readonly due_date: string;
  readonly required_action: string;
  readonly short_description: string;
  readonly known_ransomware_campaign_use: string;
  readonly notes: string;
}

export interface AffectedRelease {
  readonly findingId: string;
  readonly status: FindingStatus;
  readonly componentName: string;
  readonly componentVersion: string | null;
  readonly productId: string;
  readonly productName: string;
  readonly releaseId: string;
  readonly releaseVersion: string;
  readonly lifecycleStage: string;
}

export interface FixedIn {
  readonly via: 'osv' | 'cpe';
  readonly ecosystem: string | null;
  readonly package: string;
  readonly fixed: string[];
  readonly lastAffected: string[];
  readonly recordIds: string[];
}

export interface Vulnerability {
  readonly id: string;
  readonly aliases: string[];
  readonly severity: Severity;
  readonly records: VulnerabilityRecord[];
  readonly kev: KevEntry | null;
  readonly epss: { epss: number; percentile: number; score_date: string | null } | null;
  readonly affectedReleases: AffectedRelease[];
  readonly fixedIn: FixedIn[];
}

export interface FindingDetail {
  readonly finding: Finding;
  readonly events: FindingEvent[];
  readonly vulnerability: Vulnerability | null;
}

export interface CoverageReason {
  readonly code: string;
  readonly message: string;
}

export interface Coverage {
  readonly sbomId: string;
  readonly revision: number;
  readonly totals: { components: number; byPurl: number; byCpeOnly: number; unmatchable: number };
  readonly reasonCounts: Record<string, number>;
  readonly items: { ref: string; type: string; name: string; group: string | null; version: string | null; purl: string | null; cpe: string | null; reasons: CoverageReason[] }[];
  readonly nextCursor: string | null;
}

export type SourceKind = 'osv' | 'nvd' | 'kev' | 'epss';

export interface Source {
  readonly id: string;
  readonly kind: SourceKind;
  readonly name: string;
  readonly url: string | null;
  readonly intervalMinutes: number | null;
  readonly enabled: boolean;
  readonly lastRunAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastStatus: string | null;
  readonly lastCounts: Record<string, unknown>;
  readonly lastError: string | null;
  readonly lastJobId: string | null;
  readonly nextRunAt: string | null;
}

/** Every intelligence query sits under this key: an import or sync refreshes findings and vulnerabilities too. */
export const INTEL_KEY = ['intel'] as const;
export const SOURCES_KEY = [...INTEL_KEY, 'sources'] as const;
export const FINDINGS_KEY = [...INTEL_KEY, 'findings'] as const;
export const VULNERABILITIES_KEY = [...INTEL_KEY, 'vulnerabilities'] as const;
/** Keyed by the SBOM too: a new revision is a new report. */
export const coverageKey = (releaseId: string, sbomId: string) => [...INTEL_KEY, 'coverage', releaseId, sbomId] as const;

export const SEVERITY_LABELS: Record<SeverityLevel, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', none: 'None', unknown: 'Not rated' };
/** Badge fills; the text colour is chosen for contrast (autoContrast). */
export const SEVERITY_COLORS: Record<SeverityLevel, MantineColor> = { critical: 'red.9', high: 'orange.6', medium: 'yellow.4', low: 'teal.2', none: 'gray.2', unknown: 'gray.1' };

export const STATUS_LABELS: Record<FindingStatus, string> = { affected: 'Affected', fixed: 'Fixed', withdrawn: 'Withdrawn' };
export const STATUS_COLORS: Record<FindingStatus, MantineColor> = { affected: 'red', fixed: 'teal', withdrawn: 'gray' };

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = { osv: 'OSV / GHSA', nvd: 'NVD / CVE 5', kev: 'CISA KEV', epss: 'FIRST EPSS' };

/** "94.4%" for an EPSS probability. */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
}

export const releasePath = (productId: string, releaseId: string) => `/portfolio/${productId}/releases/${releaseId}`;
export const vulnerabilityPath = (vulnId: string) => `/vulnerabilities/${encodeURIComponent(vulnId)}`;
export const findingPath = (id: string) => `/findings/${id}`;
