import type { ComponentRow, SbomHeader } from './rows.js';

/**
 * SBOM quality against the NTIA "minimum elements" (2021) and the FDA premarket
 * expectations for an SBOM (section 524B guidance: support level and end-of-support date
 * per component, and a reference to known vulnerabilities). Pure: computed from the
 * stored rows, so a fix made in Vigil (e.g. a bulk edit of support data) shows at once.
 */
export type ComponentElement = 'supplier' | 'version' | 'uniqueIdentifier' | 'dependencyRelationship' | 'levelOfSupport' | 'endOfSupport';
export type DocumentElement = 'author' | 'timestamp' | 'knownVulnerabilitiesReference';

const NTIA_COMPONENT: readonly ComponentElement[] = ['supplier', 'version', 'uniqueIdentifier', 'dependencyRelationship'];
const FDA_COMPONENT: readonly ComponentElement[] = ['levelOfSupport', 'endOfSupport'];
const NTIA_DOCUMENT: readonly DocumentElement[] = ['author', 'timestamp'];
const FDA_DOCUMENT: readonly DocumentElement[] = ['knownVulnerabilitiesReference'];

/** External reference types that point at vulnerability information (CycloneDX vocabulary; SPDX SECURITY advisory refs map to these). */
const VULNERABILITY_REFERENCE_TYPES = new Set(['advisories', 'vulnerability-assertion', 'exploitability-statement', 'vulnerability-exploitability', 'advisory', 'security-advisory']);

export interface ElementScore {
  readonly element: ComponentElement | DocumentElement;
  readonly present: number;
  readonly total: number;
}

export interface ComponentGap {
  readonly ref: string;
  readonly name: string;
  readonly version: string | null;
  readonly missing: readonly ComponentElement[];
}

export interface QualityReport {
  /** 0–100: share of the NTIA checks met (each component element per component, plus the document elements). */
  readonly ntiaScore: number;
  readonly fdaScore: number;
  readonly elements: readonly ElementScore[];
  readonly documentGaps: readonly DocumentElement[];
  /** Components missing something, in document order (at most `limit`). */
  readonly componentGaps: readonly ComponentGap[];
  readonly componentsWithGaps: number;
}

function hasComponentElement(row: ComponentRow, element: ComponentElement, inGraph: ReadonlySet<string>): boolean {
  switch (element) {
    case 'supplier':
      return Boolean(row.supplier || row.publisher || row.authors.length > 0);
    case 'version':
      return Boolean(row.version);
    case 'uniqueIdentifier':
      return Boolean(row.purl || row.cpe || row.properties.some((p) => p.name === 'swid' || p.name.startsWith('swid:')));
    case 'dependencyRelationship':
      return inGraph.has(row.ref);
    case 'levelOfSupport':
      return Boolean(row.level_of_support);
    case 'endOfSupport':
      return Boolean(row.end_of_support);
  }
}

function hasDocumentElement(header: SbomHeader, rows: readonly ComponentRow[], element: DocumentElement): boolean {
  switch (element) {
    case 'author':
      return header.authors.length > 0 || Boolean(header.supplier);
    case 'timestamp':
      return Boolean(header.doc_created);
    case 'knownVulnerabilitiesReference':
      return rows.some((r) => r.external_refs.some((x) => VULNERABILITY_REFERENCE_TYPES.has(x.type.toLowerCase())));
  }
}

/** Components that take part in the dependency graph: as a source, a target, the subject, or nested in a parent. */
function graphMembers(header: SbomHeader, rows: readonly ComponentRow[]): Set<string> {
  const members = new Set<string>();
  if (header.subject_ref) members.add(header.subject_ref);
  for (const row of rows) {
    if (row.depends_on.length > 0) members.add(row.ref);
    for (const target of row.depends_on) members.add(target);
    if (row.parent_ref) members.add(row.ref);
  }
  return members;
}

const percent = (scores: readonly ElementScore[]) => {
  const total = scores.reduce((n, s) => n + s.total, 0);
  return total === 0 ? 100 : Math.round((1000 * scores.reduce((n, s) => n + s.present, 0)) / total) / 10;
};

export function assessQuality(header: SbomHeader, rows: readonly ComponentRow[], limit = 500): QualityReport {
  const inGraph = graphMembers(header, rows);
  const componentScores = [...NTIA_COMPONENT, ...FDA_COMPONENT].map((element) => ({
    element,
    present: rows.filter((r) => hasComponentElement(r, element, inGraph)).length,
    total: rows.length,
  }));
  const documentScores = [...NTIA_DOCUMENT, ...FDA_DOCUMENT].map((element) => ({ element, present: hasDocumentElement(header, rows, element) ? 1 : 0, total: 1 }));
  const elements = [...componentScores, ...documentScores];
  const gaps: ComponentGap[] = [];
  let componentsWithGaps = 0;
  for (const row of rows) {
    const missing = [...NTIA_COMPONENT, ...FDA_COMPONENT].filter((e) => !hasComponentElement(row, e, inGraph));
    if (missing.length === 0) continue;
    componentsWithGaps++;
    if (gaps.length < limit) gaps.push({ ref: row.ref, name: row.name, version: row.version, missing });
  }
  const pick = (names: readonly string[]) => elements.filter((s) => names.includes(s.element));
  return {
    ntiaScore: percent(pick([...NTIA_COMPONENT, ...NTIA_DOCUMENT])),
    fdaScore: percent(pick([...FDA_COMPONENT, ...FDA_DOCUMENT])),
    elements,
    documentGaps: documentScores.filter((s) => s.present === 0).map((s) => s.element as DocumentElement),
    componentGaps: gaps,
    componentsWithGaps,
  };
}
