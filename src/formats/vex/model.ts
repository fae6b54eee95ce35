/**
 * Vigil's source-neutral VEX model: what CycloneDX VEX (1.4–1.6), OpenVEX 0.2.0 and CSAF 2.0
 * (profile `csaf_vex`) documents are read into and written from. docs/formats/vex.md maps
 * every field to each format.
 *
 * The canonical vocabulary is CycloneDX's `vulnerabilities[].analysis` (state, justification,
 * response): it is the finest of the three (9 justifications against 5, a separate
 * `false_positive` state, machine-readable responses). Because three of CISA's five
 * justification labels have no exact CycloneDX counterpart, a statement read from OpenVEX or
 * CSAF also keeps the label it carried (`cisaJustification`), so converting OpenVEX → CSAF never
 * goes through the coarser CycloneDX word.
 */

/** CycloneDX `impactAnalysisState` (1.4–1.6). */
export const ANALYSIS_STATES = ['in_triage', 'exploitable', 'resolved', 'resolved_with_pedigree', 'false_positive', 'not_affected'] as const;
export type AnalysisState = (typeof ANALYSIS_STATES)[number];

/** CycloneDX `impactAnalysisJustification` (1.4–1.6). */
export const JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;
export type Justification = (typeof JUSTIFICATIONS)[number];

/** CycloneDX `analysis.response` items (1.4–1.6). */
export const RESPONSES = ['can_not_fix', 'will_not_fix', 'update', 'rollback', 'workaround_available'] as const;
export type Response = (typeof RESPONSES)[number];

/**
 * The CISA "VEX Status Justifications" labels (June 2022), used verbatim by OpenVEX 0.2.0
 * `justification` and CSAF 2.0 `flags[].label`.
 */
export const CISA_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type CisaJustification = (typeof CISA_JUSTIFICATIONS)[number];

export type VexFormat = 'cyclonedx' | 'openvex' | 'csaf';

export interface VexNote {
  /** CSAF note category (`description`, `details`, `faq`, `general`, `legal_disclaimer`, `other`, `summary`). */
  readonly category?: string;
  readonly title?: string;
  readonly text: string;
}

/** One entry of a CSAF revision history (the only format that has one). */
export interface VexRevision {
  readonly number: string;
  readonly date: string;
  readonly summary: string;
}

/** Document metadata: the CISA minimum document elements plus what the formats add. */
export interface VexDocument {
  /** CycloneDX serialNumber, OpenVEX `@id`, CSAF `tracking.id`. CISA: document ID. */
  readonly id?: string;
  /** CISA: author. CycloneDX `metadata.authors[].name`, OpenVEX `author`, CSAF `publisher.name`. */
  readonly author?: string;
  /** CISA: author role. OpenVEX `role`, CSAF `publisher.category`. */
  readonly authorRole?: string;
  /** CSAF `publisher.namespace` (a URL the author controls). */
  readonly authorUrl?: string;
  /** CISA: first issued. CycloneDX `metadata.timestamp`, OpenVEX `timestamp`, CSAF `initial_release_date`. */
  readonly timestamp?: string;
  /** CISA: last updated. OpenVEX `last_updated`, CSAF `current_release_date` (when it differs from the initial one). */
  readonly lastUpdated?: string;
  /** CISA: document version, as a revision counter (CycloneDX/OpenVEX `version`, CSAF integer `tracking.version`). */
  readonly version: number;
  /** The version as written when it is not a plain integer (CSAF semantic versioning, e.g. `1.0.0`). */
  readonly versionLabel?: string;
  /** OpenVEX `tooling`, CycloneDX `metadata.tools`, CSAF `tracking.generator.engine`. */
  readonly tooling?: string;
  /** CSAF `document.title`. */
  readonly title?: string;
  /** CSAF `tracking.status` (`draft`, `interim`, `final`). */
  readonly status?: string;
  /** CSAF `distribution.tlp.label`. */
  readonly tlp?: string;
  /** CSAF `document.notes`. */
  readonly notes: readonly VexNote[];
  /** CSAF `tracking.revision_history`. */
  readonly revisions: readonly VexRevision[];
}

export interface VexAlias {
  readonly id: string;
  /** The system that issued it: CycloneDX `references[].source.name`, CSAF `ids[].system_name`. */
  readonly system?: string;
}

export interface VexVulnerability {
  /** CVE, GHSA, … — CycloneDX `id`, OpenVEX `vulnerability.name`, CSAF `cve` (or first of `ids`). */
  readonly id: string;
  readonly aliases: readonly VexAlias[];
  readonly description?: string;
  /** Where the vulnerability is described: CycloneDX `source.url`, OpenVEX `vulnerability.@id`, CSAF first reference. */
  readonly url?: string;
  /** CycloneDX `source.name` (e.g. NVD). */
  readonly sourceName?: string;
}

/** A piece of software a statement is about, identified as well as the source allows. */
export interface VexComponent {
  /** Document-local or external reference: CycloneDX bom-ref or BOM-Link, OpenVEX `@id` (when not the purl), CSAF `product_id`. */
  readonly ref?: string;
  readonly purl?: string;
  /** CPE 2.3 formatted string or CPE 2.2 URI. */
  readonly cpe?: string;
  readonly name?: string;
  readonly version?: string;
  /** A vers range (`vers:generic/>=2.9|<=4.1`): CycloneDX `affects[].versions[].range`, CSAF `product_version_range`. */
  readonly range?: string;
}

export interface VexProduct extends VexComponent {
  /** The components inside the product where the vulnerability originates (OpenVEX `subcomponents`, CSAF relationships). */
  readonly subcomponents: readonly VexComponent[];
}

/** A severity rating, in CycloneDX terms (`ratings[]`). */
export interface VexRating {
  /** CycloneDX `scoreMethod`: CVSSv2, CVSSv3, CVSSv31, CVSSv4, OWASP, SSVC, other. */
  readonly method?: string;
  readonly score?: number;
  /** CycloneDX severity: critical, high, medium, low, info, none, unknown. */
  readonly severity?: string;
  /** The vector as CycloneDX writes it: for CVSS v2/v3 without the `CVSS:3.x/` prefix (the version is in `method`). */
  readonly vector?: string;
  readonly sourceName?: string;
  readonly sourceUrl?: string;
}

/** A dated comment on a statement (CycloneDX 1.5+ `annotations` naming the vulnerability). */
export interface VexHistoryEntry {
  readonly timestamp: string;
  readonly author?: string;
  readonly text: string;
}

/** One VEX statement: a vulnerability, the products it is about, and their status. */
export interface VexStatement {
  /** OpenVEX statement `@id`; CycloneDX vulnerability bom-ref. */
  readonly id?: string;
  readonly vulnerability: VexVulnerability;
  readonly products: readonly VexProduct[];
  readonly state: AnalysisState;
  readonly justification?: Justification;
  /** The CISA label as read from OpenVEX/CSAF, kept because CycloneDX words cannot always express it. */
  readonly cisaJustification?: CisaJustification;
  readonly responses: readonly Response[];
  /** CycloneDX `analysis.detail`, CSAF `threats[category=impact].details`. */
  readonly detail?: string;
  /** CISA/OpenVEX impact statement: why the product is not affected. */
  readonly impactStatement?: string;
  /** CISA/OpenVEX action statement: what to do. CycloneDX `recommendation`, CSAF remediation details. */
  readonly actionStatement?: string;
  readonly actionStatementTimestamp?: string;
  /** CycloneDX 1.5+ `workaround`, CSAF `remediations[category=workaround]`. */
  readonly workaround?: string;
  /** OpenVEX `status_notes`: how the status was determined. */
  readonly statusNotes?: string;
  /** When the statement was first made: OpenVEX statement `timestamp`, CycloneDX 1.5+ `analysis.firstIssued`, CSAF flag/threat `date`. */
  readonly firstIssued?: string;
  readonly lastUpdated?: string;
  readonly ratings: readonly VexRating[];
  /** CSAF vulnerability notes other than the description. */
  readonly notes: readonly VexNote[];
  readonly history: readonly VexHistoryEntry[];
}

export interface Vex {
  readonly document: VexDocument;
  readonly statements: readonly VexStatement[];
}

export interface VexIssue {
  readonly severity: 'error' | 'warning';
  /** Stable code, e.g. `schema`, `invalid-json`, `missing-justification`, `contradictory-statements`. */
  readonly code: string;
  readonly message: string;
  /** JSON pointer into the input (`/vulnerabilities/2/analysis`). */
  readonly location?: string;
}

export interface VexParseResult {
  /** Present when the document was read (possibly with warnings); absent when errors stopped it. */
  readonly document?: VexDocument;
  readonly statements: readonly VexStatement[];
  readonly issues: readonly VexIssue[];
}

/** Something of the model the target format has no place for (or could only carry less precisely). */
export interface VexLoss {
  /** JSON pointer into the model (`/statements/0/history`). */
  readonly location: string;
  readonly reason: string;
}

export interface VexWriteResult {
  /** The document as a JSON value; absent when the model cannot be written validly (see `issues`). */
  readonly document?: Record<string, unknown>;
  readonly lost: readonly VexLoss[];
  readonly issues: readonly VexIssue[];
}
