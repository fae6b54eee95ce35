/**
 * The part of the SARIF 2.1.0 object model (OASIS Standard, errata 01) that Vigil writes.
 * Section numbers refer to the standard; the vendored schema is the authority on shape.
 */

/** §3.13.3: the URI of the schema, the `id` of the official file. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_VERSION = '2.1.0';

/** §3.27.10: result and reporting-configuration levels. */
export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export interface SarifMessage {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifArtifactLocation {
  /** A URI reference: relative paths are resolved against the repository root by viewers such as GitHub. */
  readonly uri: string;
  readonly uriBaseId?: string;
}

export interface SarifRegion {
  readonly startLine: number;
}

export interface SarifLogicalLocation {
  readonly name?: string;
  readonly fullyQualifiedName?: string;
  readonly kind?: string;
}

export interface SarifLocation {
  readonly physicalLocation?: { readonly artifactLocation: SarifArtifactLocation; readonly region?: SarifRegion };
  readonly logicalLocations?: readonly SarifLogicalLocation[];
}

export interface SarifRule {
  readonly id: string;
  readonly name?: string;
  readonly shortDescription?: SarifMessage;
  readonly fullDescription?: SarifMessage;
  readonly helpUri?: string;
  readonly help?: SarifMessage;
  readonly defaultConfiguration?: { readonly level: SarifLevel };
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints?: Readonly<Record<string, string>>;
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface SarifRun {
  readonly tool: { readonly driver: { readonly name: string; readonly version?: string; readonly informationUri?: string; readonly rules: readonly SarifRule[] } };
  readonly artifacts?: readonly { readonly location: SarifArtifactLocation; readonly roles?: readonly string[] }[];
  readonly invocations?: readonly { readonly executionSuccessful: boolean; readonly properties?: Readonly<Record<string, unknown>> }[];
  readonly results: readonly SarifResult[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: typeof SARIF_VERSION;
  readonly runs: readonly SarifRun[];
}
