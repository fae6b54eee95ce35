/**
 * Vigil's format-neutral SBOM model: what CycloneDX (1.2–1.6, JSON/XML) and SPDX (2.2/2.3,
 * JSON/tag-value) documents are read into and written from. It keeps every field Vigil
 * models, so a document can be exported again in either family without losing them; fields
 * a format cannot express are reported by the serializer, never silently dropped.
 *
 * Identifiers: `ref` is the document-local id (CycloneDX bom-ref, SPDX SPDXID). Components
 * are a flat list; nesting (CycloneDX components inside components) is `parentRef`.
 */
export type SbomFormat = 'cyclonedx' | 'spdx';

export interface SbomDocument {
  readonly format: SbomFormat;
  /** e.g. `1.6` (CycloneDX) or `2.3` (SPDX). */
  readonly specVersion: string;
  /** CycloneDX serialNumber (urn:uuid:…) or SPDX documentNamespace. */
  readonly serialNumber?: string;
  /** CycloneDX `version` (revision of the BOM) — SPDX has none. */
  readonly version?: number;
  /** SPDX document name, or the CycloneDX metadata component's name. */
  readonly name?: string;
  /** When the SBOM was made (ISO 8601). CycloneDX metadata.timestamp / SPDX creationInfo.created. */
  readonly created?: string;
  /** Who made the SBOM: people and organizations (NTIA "SBOM author"). */
  readonly authors: readonly string[];
  /** Tools that made it. */
  readonly tools: readonly SbomTool[];
  /** Supplier of the described product (CycloneDX metadata.supplier / SPDX creator Organization). */
  readonly supplier?: string;
  /** The ref of the component the SBOM describes (CycloneDX metadata.component / SPDX DESCRIBES). */
  readonly subjectRef?: string;
  readonly components: readonly SbomComponent[];
  readonly services: readonly SbomService[];
  /** Who depends on whom, by ref. Refs that name no component are reported by validation. */
  readonly dependencies: readonly SbomDependency[];
  /** Document-level properties (CycloneDX metadata.properties / SPDX document annotations). */
  readonly properties: readonly SbomProperty[];
}

export interface SbomTool {
  readonly vendor?: string;
  readonly name: string;
  readonly version?: string;
}

export type ComponentType =
  | 'application'
  | 'framework'
  | 'library'
  | 'container'
  | 'platform'
  | 'operating-system'
  | 'device'
  | 'device-driver'
  | 'firmware'
  | 'file'
  | 'machine-learning-model'
  | 'data'
  | 'cryptographic-asset';

export interface SbomComponent {
  readonly ref: string;
  /** Set when the component is nested inside another (CycloneDX `components[].components`). */
  readonly parentRef?: string;
  readonly type: ComponentType;
  readonly name: string;
  /** CycloneDX group (e.g. Maven groupId); SPDX has none (kept in the purl). */
  readonly group?: string;
  readonly version?: string;
  readonly description?: string;
  /** Package URL as written in the document (canonicalized later by core/purl). */
  readonly purl?: string;
  /** CPE 2.3 formatted string or CPE 2.2 URI as written. */
  readonly cpe?: string;
  readonly supplier?: string;
  readonly authors: readonly string[];
  readonly publisher?: string;
  /** Licences as one SPDX licence expression (`MIT OR Apache-2.0`); free-text names as `LicenseRef-…`. */
  readonly license?: string;
  readonly copyright?: string;
  readonly hashes: readonly SbomHash[];
  readonly scope?: 'required' | 'optional' | 'excluded';
  readonly externalReferences: readonly SbomExternalReference[];
  /** Name/value pairs (CycloneDX properties / SPDX annotations), including support data below. */
  readonly properties: readonly SbomProperty[];
}

export interface SbomHash {
  /** Algorithm as CycloneDX spells it: MD5, SHA-1, SHA-256, SHA-384, SHA-512, SHA3-256, BLAKE2b-256, … */
  readonly alg: string;
  /** Lower-case hex. */
  readonly content: string;
}

export interface SbomExternalReference {
  /** CycloneDX externalReference type (vcs, website, advisories, distribution, …) or SPDX category/type. */
  readonly type: string;
  readonly url: string;
  readonly comment?: string;
}

export interface SbomProperty {
  readonly name: string;
  readonly value: string;
}

export interface SbomService {
  readonly ref: string;
  readonly name: string;
  readonly group?: string;
  readonly version?: string;
  readonly description?: string;
  readonly endpoints: readonly string[];
  readonly authenticated?: boolean;
  readonly crossesTrustBoundary?: boolean;
  readonly properties: readonly SbomProperty[];
}

export interface SbomDependency {
  readonly ref: string;
  readonly dependsOn: readonly string[];
}

/**
 * Property names Vigil reads and writes for JSP/FDA support data, in the CycloneDX
 * property taxonomy style (SPDX validUntilDate maps to the end-of-support one).
 */
export const SUPPORT_PROPERTIES = {
  levelOfSupport: 'vigil:support:level',
  endOfSupport: 'vigil:support:end-of-support',
} as const;

/** A problem found while reading or validating a document. */
export interface SbomIssue {
  readonly severity: 'error' | 'warning';
  /** Stable code, e.g. `schema`, `duplicate-ref`, `dangling-dependency`, `dependency-cycle`, `invalid-purl`. */
  readonly code: string;
  readonly message: string;
  /** JSON pointer (`/components/3/purl`) for JSON, or `line N` for XML and tag-value. */
  readonly location?: string;
}

export interface SbomParseResult {
  /** Present when the document was read (possibly with warnings); absent when errors stopped it. */
  readonly document?: SbomDocument;
  readonly issues: readonly SbomIssue[];
}
