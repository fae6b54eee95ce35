import type { ComponentType } from '../sbom/model.js';

/** SPDX checksum algorithm → the CycloneDX spelling the model uses. */
const SPDX_TO_MODEL_ALG: Readonly<Record<string, string>> = {
  SHA1: 'SHA-1',
  SHA224: 'SHA-224',
  SHA256: 'SHA-256',
  SHA384: 'SHA-384',
  SHA512: 'SHA-512',
  'SHA3-256': 'SHA3-256',
  'SHA3-384': 'SHA3-384',
  'SHA3-512': 'SHA3-512',
  'BLAKE2b-256': 'BLAKE2b-256',
  'BLAKE2b-384': 'BLAKE2b-384',
  'BLAKE2b-512': 'BLAKE2b-512',
  BLAKE3: 'BLAKE3',
  MD2: 'MD2',
  MD4: 'MD4',
  MD5: 'MD5',
  MD6: 'MD6',
  ADLER32: 'ADLER32',
};

const MODEL_TO_SPDX_ALG: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SPDX_TO_MODEL_ALG).map(([spdx, model]) => [model, spdx]),
);

/** Algorithms the SPDX 2.2 schema allows; 2.3 added SHA3-*, BLAKE2b-*, BLAKE3 and ADLER32. */
const SPDX22_ALGS = new Set(['SHA256', 'SHA1', 'SHA384', 'MD2', 'MD4', 'SHA512', 'MD6', 'MD5', 'SHA224']);

const BY_UPPER_CASE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SPDX_TO_MODEL_ALG).map(([spdx, model]) => [spdx.toUpperCase(), model]),
);

/** Case-insensitive, because writers in the wild use `sha256` (syft's SPDX 2.2 JSON). */
export function modelAlgOf(spdxAlg: string): string {
  return SPDX_TO_MODEL_ALG[spdxAlg] ?? BY_UPPER_CASE[spdxAlg.toUpperCase()] ?? spdxAlg;
}

/** The SPDX name of a model hash algorithm, or undefined when `version` cannot carry it. */
export function spdxAlgOf(modelAlg: string, version: string): string | undefined {
  const spdx = MODEL_TO_SPDX_ALG[modelAlg];
  if (spdx === undefined) return undefined;
  return version === '2.2' && !SPDX22_ALGS.has(spdx) ? undefined : spdx;
}

const PURPOSE_TO_TYPE: Readonly<Record<string, ComponentType>> = {
  APPLICATION: 'application',
  FRAMEWORK: 'framework',
  LIBRARY: 'library',
  CONTAINER: 'container',
  OPERATING_SYSTEM: 'operating-system',
  DEVICE: 'device',
  FIRMWARE: 'firmware',
  FILE: 'file',
};

/**
 * primaryPackagePurpose → component type. SOURCE, ARCHIVE, INSTALL and OTHER have no CycloneDX
 * counterpart and read as `library` (the CycloneDX default for a package); the reader keeps the
 * original purpose in the `spdx:primaryPackagePurpose` property so it is written back unchanged.
 * The tag-value spelling `OPERATING-SYSTEM` is accepted as well as JSON's `OPERATING_SYSTEM`.
 */
export function typeOfPurpose(purpose: string | undefined): { type: ComponentType; keep: boolean } {
  if (purpose === undefined) return { type: 'library', keep: false };
  const normalized = purpose.replace(/-/g, '_');
  const type = PURPOSE_TO_TYPE[normalized];
  return type === undefined ? { type: 'library', keep: true } : { type, keep: false };
}

/** Component type → primaryPackagePurpose (JSON spelling); undefined when SPDX has none. */
export function purposeOfType(type: ComponentType): string | undefined {
  for (const [purpose, t] of Object.entries(PURPOSE_TO_TYPE)) if (t === type) return purpose;
  return undefined;
}

/** Relationship types meaning "source depends on target". */
export const FORWARD_DEPENDENCY = new Set(['DEPENDS_ON', 'HAS_PREREQUISITE', 'DYNAMIC_LINK', 'STATIC_LINK']);

/** Relationship types meaning "target depends on source" (`a X_DEPENDENCY_OF b`: b depends on a). */
export const REVERSE_DEPENDENCY = new Set([
  'DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'PREREQUISITE_FOR',
]);

/** CycloneDX external reference types: an SPDX `OTHER` reference of one of these types reads back as that type. */
export const CYCLONEDX_REFERENCE_TYPES = new Set([
  'vcs', 'issue-tracker', 'website', 'advisories', 'bom', 'mailing-list', 'social', 'chat', 'documentation',
  'support', 'source-distribution', 'distribution', 'distribution-intake', 'license', 'build-meta', 'build-system',
  'release-notes', 'security-contact', 'model-card', 'log', 'configuration', 'evidence', 'formulation', 'attestation',
  'threat-model', 'adversary-model', 'risk-assessment', 'vulnerability-assertion', 'exploitability-statement',
  'pentest-report', 'static-analysis-report', 'dynamic-analysis-report', 'runtime-analysis-report',
  'component-analysis-report', 'maturity-report', 'certification-report', 'codified-infrastructure',
  'quality-metrics', 'poam', 'electronic-signature', 'digital-signature', 'rfc-9116', 'other',
]);

/** SPDX externalRef categories (both spellings: 2.2 JSON allowed underscores). */
export const REFERENCE_CATEGORIES = new Set(['SECURITY', 'PACKAGE-MANAGER', 'PERSISTENT-ID', 'OTHER']);

export function normalizeCategory(category: string): string {
  return category.replace(/_/g, '-');
}

/**
 * Property names through which the model carries what SPDX has no field for. Such properties
 * are written as annotations `name=value` and read back into the model field.
 */
export const CARRIED = {
  group: 'vigil:sbom:group',
  scope: 'vigil:sbom:scope',
  publisher: 'vigil:sbom:publisher',
  type: 'vigil:sbom:type',
  author: 'vigil:sbom:author',
  service: 'vigil:sbom:service',
  bomVersion: 'vigil:sbom:version',
  toolVendor: 'vigil:sbom:tool-vendor',
} as const;

/**
 * Property names for SPDX facts the model has no field for. The writer turns them back into the
 * SPDX construct (not into annotations), so SPDX → model → SPDX keeps them.
 */
export const NATIVE = {
  annotation: 'spdx:annotation',
  relationship: 'spdx:relationship',
  describes: 'spdx:describes',
  purpose: 'spdx:primaryPackagePurpose',
  supplierKind: 'spdx:supplier-kind',
  originatorKind: 'spdx:originator-kind',
  organization: 'spdx:organization',
  licenseConcluded: 'spdx:licenseConcluded',
  releaseDate: 'spdx:releaseDate',
  builtDate: 'spdx:builtDate',
} as const;

/** SPDX's date-time form (clause 7.1 etc.): `YYYY-MM-DDThh:mm:ssZ`. */
export const SPDX_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export const NOASSERTION = 'NOASSERTION';
export const DOCUMENT_ID = 'SPDXRef-DOCUMENT';
/** Date written where the model has none (annotations need one); reported as a gap. */
export const EPOCH = '1970-01-01T00:00:00Z';
