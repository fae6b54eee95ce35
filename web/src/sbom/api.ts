/** Shapes of the SBOM API (src/modules/sbom/routes.ts) and the query keys the screens share. */

export interface Sbom {
  readonly id: string;
  readonly releaseId: string;
  readonly revision: number;
  readonly isCurrent: boolean;
  readonly encoding: 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-tag-value';
  readonly format: 'cyclonedx' | 'spdx';
  readonly specVersion: string;
  readonly contentHash: string;
  readonly sizeBytes: number;
  readonly serialNumber: string | null;
  readonly name: string | null;
  readonly created: string | null;
  readonly authors: string[];
  readonly tools: { vendor?: string; name: string; version?: string }[];
  readonly supplier: string | null;
  readonly componentCount: number;
  readonly issues: { severity: string; code: string; message: string; location?: string }[];
  readonly importedBy: string | null;
  readonly importedAt: string;
}

export interface SbomOverview {
  readonly sbomId: string;
  readonly productId: string;
  readonly productName: string;
  readonly releaseId: string;
  readonly releaseVersion: string;
  readonly lifecycleStage: string;
  readonly revision: number;
  readonly format: string;
  readonly specVersion: string;
  readonly componentCount: number;
  readonly componentsWithoutSupportData: number;
  readonly importedAt: string;
}

export interface Component {
  readonly ref: string;
  readonly parentRef: string | null;
  readonly type: string;
  readonly name: string;
  readonly group: string | null;
  readonly version: string | null;
  readonly purl: string | null;
  readonly cpe: string | null;
  readonly supplier: string | null;
  readonly license: string | null;
  readonly scope: string | null;
  readonly hashes: { alg: string; content: string }[];
  readonly dependsOn: string[];
  readonly levelOfSupport: string | null;
  readonly endOfSupport: string | null;
}

export interface ComponentDetail extends Component {
  readonly description: string | null;
  readonly authors: string[];
  readonly publisher: string | null;
  readonly copyright: string | null;
  readonly externalReferences: { type: string; url: string; comment?: string }[];
  readonly properties: { name: string; value: string }[];
  readonly dependents: { ref: string; name: string; version: string | null }[];
  readonly children: { ref: string; name: string; version: string | null }[];
}

export interface GraphNode {
  readonly ref: string;
  readonly name: string;
  readonly version: string | null;
  readonly type: string;
  readonly parentRef: string | null;
  readonly dependsOn: string[];
}

export type Facet = { value: string | null; count: number }[];
export interface Facets {
  readonly license: Facet;
  readonly supplier: Facet;
  readonly levelOfSupport: Facet;
}

export interface QualityReport {
  readonly ntiaScore: number;
  readonly fdaScore: number;
  readonly elements: { element: string; present: number; total: number }[];
  readonly documentGaps: string[];
  readonly componentGaps: { ref: string; name: string; version: string | null; missing: string[] }[];
  readonly componentsWithGaps: number;
}

export interface DiffComponent {
  readonly name: string;
  readonly group: string | null;
  readonly type: string;
  readonly version: string | null;
  readonly purl: string | null;
  readonly license: string | null;
}
export interface ReleaseDiff {
  readonly added: DiffComponent[];
  readonly removed: DiffComponent[];
  readonly versionChanged: { from: DiffComponent; to: DiffComponent }[];
  readonly licenseChanged: { from: DiffComponent; to: DiffComponent }[];
  readonly unchanged: number;
}

export const EXPORT_FORMATS = [
  { value: 'cyclonedx-json', label: 'CycloneDX 1.6 JSON' },
  { value: 'cyclonedx-xml', label: 'CycloneDX 1.6 XML' },
  { value: 'spdx-json', label: 'SPDX 2.3 JSON' },
  { value: 'spdx-tag-value', label: 'SPDX 2.3 tag-value' },
  { value: 'original', label: 'Original document' },
] as const;

/** The levels FDA's premarket guidance names; any other wording is accepted too. */
export const SUPPORT_LEVELS = ['actively maintained', 'no longer maintained', 'abandoned'];

export const ENCODING_LABELS: Record<Sbom['encoding'], string> = {
  'cyclonedx-json': 'CycloneDX JSON',
  'cyclonedx-xml': 'CycloneDX XML',
  'spdx-json': 'SPDX JSON',
  'spdx-tag-value': 'SPDX tag-value',
};

/** Every SBOM query sits under this key, so an import or an edit refreshes all of them. */
export const SBOMS_KEY = ['sboms'] as const;
export const releaseSbomsKey = (releaseId: string) => [...SBOMS_KEY, 'release', releaseId] as const;
export const sbomKey = (sbomId: string, part: string) => [...SBOMS_KEY, sbomId, part] as const;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
