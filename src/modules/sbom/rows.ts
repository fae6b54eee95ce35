import { canonicalizePurl } from '../../core/index.js';
import { SUPPORT_PROPERTIES, type ComponentType, type SbomComponent, type SbomDocument, type SbomService } from '../../formats/sbom/model.js';

/**
 * Pure mapping between the format-neutral SBOM model and Vigil's rows: what import writes and
 * export reads back. Purls are stored canonical (core/purl) when valid; support level and
 * end-of-support date are lifted out of the properties into columns so they can be filtered,
 * edited in bulk and reported on.
 */
export interface ComponentRow {
  ord: number;
  ref: string;
  parent_ref: string | null;
  type: string;
  name: string;
  grp: string | null;
  version: string | null;
  description: string | null;
  purl: string | null;
  cpe: string | null;
  supplier: string | null;
  authors: string[];
  publisher: string | null;
  license: string | null;
  copyright: string | null;
  scope: string | null;
  hashes: { alg: string; content: string }[];
  external_refs: { type: string; url: string; comment?: string }[];
  properties: { name: string; value: string }[];
  depends_on: string[];
  level_of_support: string | null;
  end_of_support: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function property(c: SbomComponent, name: string): string | undefined {
  return c.properties.find((p) => p.name === name)?.value;
}

export function componentToRow(c: SbomComponent, ord: number, dependsOn: readonly string[]): ComponentRow {
  const canonical = c.purl ? canonicalizePurl(c.purl) : undefined;
  const eos = property(c, SUPPORT_PROPERTIES.endOfSupport)?.slice(0, 10);
  return {
    ord,
    ref: c.ref,
    parent_ref: c.parentRef ?? null,
    type: c.type,
    name: c.name,
    grp: c.group ?? null,
    version: c.version ?? null,
    description: c.description ?? null,
    purl: canonical?.ok ? canonical.value : (c.purl ?? null),
    cpe: c.cpe ?? null,
    supplier: c.supplier ?? null,
    authors: [...c.authors],
    publisher: c.publisher ?? null,
    license: c.license ?? null,
    copyright: c.copyright ?? null,
    scope: c.scope ?? null,
    hashes: c.hashes.map((h) => ({ alg: h.alg, content: h.content })),
    external_refs: c.externalReferences.map((r) => ({ type: r.type, url: r.url, ...(r.comment ? { comment: r.comment } : {}) })),
    properties: c.properties.map((p) => ({ name: p.name, value: p.value })),
    depends_on: [...dependsOn],
    level_of_support: property(c, SUPPORT_PROPERTIES.levelOfSupport) ?? null,
    end_of_support: eos && ISO_DATE.test(eos) ? eos : null,
  };
}

/** Rows for every component of a document, with each one's outgoing dependency edges. */
export function documentToRows(doc: SbomDocument): ComponentRow[] {
  const edges = new Map<string, string[]>();
  for (const d of doc.dependencies) edges.set(d.ref, [...(edges.get(d.ref) ?? []), ...d.dependsOn]);
  return doc.components.map((c, i) => componentToRow(c, i, edges.get(c.ref) ?? []));
}

function withSupport(row: ComponentRow): { name: string; value: string }[] {
  // Columns win over properties: they are what users edit in Vigil.
  const rest = row.properties.filter((p) => p.name !== SUPPORT_PROPERTIES.levelOfSupport && p.name !== SUPPORT_PROPERTIES.endOfSupport);
  if (row.level_of_support) rest.push({ name: SUPPORT_PROPERTIES.levelOfSupport, value: row.level_of_support });
  if (row.end_of_support) rest.push({ name: SUPPORT_PROPERTIES.endOfSupport, value: row.end_of_support });
  return rest;
}

export function rowToComponent(row: ComponentRow): SbomComponent {
  return {
    ref: row.ref,
    ...(row.parent_ref ? { parentRef: row.parent_ref } : {}),
    type: row.type as ComponentType,
    name: row.name,
    ...(row.grp ? { group: row.grp } : {}),
    ...(row.version ? { version: row.version } : {}),
    ...(row.description ? { description: row.description } : {}),
    ...(row.purl ? { purl: row.purl } : {}),
    ...(row.cpe ? { cpe: row.cpe } : {}),
    ...(row.supplier ? { supplier: row.supplier } : {}),
    authors: row.authors,
    ...(row.publisher ? { publisher: row.publisher } : {}),
    ...(row.license ? { license: row.license } : {}),
    ...(row.copyright ? { copyright: row.copyright } : {}),
    hashes: row.hashes,
    ...(row.scope ? { scope: row.scope as 'required' } : {}),
    externalReferences: row.external_refs,
    properties: withSupport(row),
  };
}

export interface SbomHeader {
  format: 'cyclonedx' | 'spdx';
  spec_version: string;
  serial_number: string | null;
  doc_name: string | null;
  doc_version: number | null;
  doc_created: string | null;
  authors: string[];
  tools: unknown[];
  supplier: string | null;
  subject_ref: string | null;
  services: unknown[];
  properties: { name: string; value: string }[];
}

export function documentHeader(doc: SbomDocument): SbomHeader {
  return {
    format: doc.format,
    spec_version: doc.specVersion,
    serial_number: doc.serialNumber ?? null,
    doc_name: doc.name ?? null,
    doc_version: doc.version ?? null,
    doc_created: doc.created ?? null,
    authors: [...doc.authors],
    tools: [...doc.tools],
    supplier: doc.supplier ?? null,
    subject_ref: doc.subjectRef ?? null,
    services: [...doc.services],
    properties: doc.properties.map((p) => ({ name: p.name, value: p.value })),
  };
}

/** Rebuilds the model from stored rows (export); dependency edges come from `depends_on`. */
export function rowsToDocument(header: SbomHeader, rows: readonly ComponentRow[]): SbomDocument {
  return {
    format: header.format,
    specVersion: header.spec_version,
    ...(header.serial_number ? { serialNumber: header.serial_number } : {}),
    ...(header.doc_version !== null ? { version: header.doc_version } : {}),
    ...(header.doc_name ? { name: header.doc_name } : {}),
    ...(header.doc_created ? { created: header.doc_created } : {}),
    authors: header.authors,
    tools: header.tools as SbomDocument['tools'],
    ...(header.supplier ? { supplier: header.supplier } : {}),
    ...(header.subject_ref ? { subjectRef: header.subject_ref } : {}),
    components: [...rows].sort((a, b) => a.ord - b.ord).map(rowToComponent),
    services: header.services as SbomService[],
    dependencies: rows.filter((r) => r.depends_on.length > 0).map((r) => ({ ref: r.ref, dependsOn: r.depends_on })),
    properties: header.properties,
  };
}
