import { createHash } from 'node:crypto';
import { SUPPORT_PROPERTIES, type SbomComponent, type SbomDocument, type SbomIssue, type SbomProperty } from '../sbom/model.js';
import type { Json } from './read.js';
import {
  CARRIED,
  CYCLONEDX_REFERENCE_TYPES,
  DOCUMENT_ID,
  EPOCH,
  NATIVE,
  NOASSERTION,
  REFERENCE_CATEGORIES,
  SPDX_DATE,
  purposeOfType,
  spdxAlgOf,
} from './vocabulary.js';

const VALID_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const ANNOTATOR = 'Tool: vigil';

interface WriteCtx {
  readonly version: string;
  readonly issues: SbomIssue[];
  readonly ids: Map<string, string>;
  readonly date: string;
}

function gap(ctx: WriteCtx, pointer: string, what: string): void {
  ctx.issues.push({ severity: 'warning', code: 'noassertion', message: `${what}: the model has no value; NOASSERTION written.`, location: pointer });
}

function notRepresentable(ctx: WriteCtx, pointer: string, message: string): void {
  ctx.issues.push({ severity: 'warning', code: 'not-representable', message, location: pointer });
}

/** SPDXIDs: model refs that already are valid SPDXIDs are kept; others are rewritten to `SPDXRef-<ref with [^A-Za-z0-9.-] → ->`, made unique. */
function assignIds(doc: SbomDocument): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>([DOCUMENT_ID]);
  for (const c of doc.components) if (VALID_ID.test(c.ref) && !used.has(c.ref)) {
    ids.set(c.ref, c.ref);
    used.add(c.ref);
  }
  for (const c of doc.components) {
    if (ids.has(c.ref)) continue;
    const base = `SPDXRef-${c.ref.replace(/^SPDXRef-/, '').replace(/[^A-Za-z0-9.-]+/g, '-') || 'component'}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    ids.set(c.ref, id);
    used.add(id);
  }
  return ids;
}

function idOf(ref: string, ctx: WriteCtx): string {
  const known = ctx.ids.get(ref);
  if (known !== undefined) return known;
  if (ref.startsWith('DocumentRef-') || VALID_ID.test(ref)) return ref;
  return `SPDXRef-${ref.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

/**
 * documentNamespace: the serialNumber when it is an absolute URI without `#` (an SPDX namespace
 * as read, or CycloneDX's `urn:uuid:…`, which is a URI too); otherwise a name-based UUID
 * (SHA-1, version 5 layout) of the document's canonical JSON, so the same model always gets the
 * same namespace.
 */
export function namespaceOf(doc: SbomDocument): { namespace: string; generated: boolean } {
  const serial = doc.serialNumber;
  if (serial !== undefined && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s#]+$/.test(serial)) return { namespace: serial, generated: false };
  const hex = createHash('sha1').update(`vigil:spdx:${JSON.stringify(doc)}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { namespace: `urn:uuid:${uuid}`, generated: true };
}

function annotation(comment: string, ctx: WriteCtx): Json {
  return { annotationDate: ctx.date, annotationType: 'OTHER', annotator: ANNOTATOR, comment };
}

function propertyAnnotations(props: readonly SbomProperty[], ctx: WriteCtx): Json[] {
  return props.map((p) => annotation(p.name === NATIVE.annotation ? p.value : `${p.name}=${p.value}`, ctx));
}

const NATIVE_NAMES = new Set<string>(Object.values(NATIVE).filter((n) => n !== NATIVE.annotation));

function valueOf(props: readonly SbomProperty[], name: string): string | undefined {
  return props.find((p) => p.name === name)?.value;
}

function creators(doc: SbomDocument, ctx: WriteCtx): string[] {
  const orgs = new Set(doc.properties.filter((p) => p.name === NATIVE.organization).map((p) => p.value));
  if (doc.supplier !== undefined) orgs.add(doc.supplier);
  const out = doc.authors.map((a) => `${orgs.has(a) ? 'Organization' : 'Person'}: ${a}`);
  if (doc.supplier !== undefined && !doc.authors.includes(doc.supplier)) out.unshift(`Organization: ${doc.supplier}`);
  for (const t of doc.tools) out.push(`Tool: ${t.version === undefined ? t.name : `${t.name}-${t.version}`}`);
  if (out.length === 0) {
    gap(ctx, '/creationInfo/creators', 'Document creator');
    out.push(`Organization: ${NOASSERTION}`);
  }
  return out;
}

function checksums(c: SbomComponent, pointer: string, ctx: WriteCtx): Json[] {
  const out: Json[] = [];
  for (const h of c.hashes) {
    const algorithm = spdxAlgOf(h.alg, ctx.version);
    if (algorithm === undefined) notRepresentable(ctx, `${pointer}/checksums`, `Hash algorithm ${h.alg} cannot be written in SPDX ${ctx.version}; the hash is left out.`);
    else out.push({ algorithm, checksumValue: h.content.toLowerCase() });
  }
  return out;
}

interface Refs {
  download?: string;
  homepage?: string;
  readonly externalRefs: Json[];
}

function externalRefs(c: SbomComponent): Refs {
  const out: Refs = { externalRefs: [] };
  if (c.purl !== undefined) out.externalRefs.push({ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl });
  if (c.cpe !== undefined)
    out.externalRefs.push({ referenceCategory: 'SECURITY', referenceType: c.cpe.startsWith('cpe:2.3:') ? 'cpe23Type' : 'cpe22Type', referenceLocator: c.cpe });
  for (const r of c.externalReferences) {
    if (r.type === 'distribution' && out.download === undefined && r.comment === undefined) {
      out.download = r.url;
      continue;
    }
    if (r.type === 'website' && out.homepage === undefined && r.comment === undefined) {
      out.homepage = r.url;
      continue;
    }
    const slash = r.type.indexOf('/');
    const category = slash > 0 ? r.type.slice(0, slash) : '';
    const [referenceCategory, referenceType] =
      REFERENCE_CATEGORIES.has(category) && !CYCLONEDX_REFERENCE_TYPES.has(r.type) ? [category, r.type.slice(slash + 1)] : ['OTHER', r.type];
    out.externalRefs.push({ referenceCategory, referenceType, referenceLocator: r.url, ...(r.comment === undefined ? {} : { comment: r.comment }) });
  }
  return out;
}

function carriedProps(c: SbomComponent, pointer: string, ctx: WriteCtx, typeCarried: boolean): SbomProperty[] {
  const out: SbomProperty[] = [];
  const carry = (name: string, value: string, what: string): void => {
    out.push({ name, value });
    notRepresentable(ctx, pointer, `SPDX has no ${what}; carried in annotation "${name}".`);
  };
  if (typeCarried) carry(CARRIED.type, c.type, `component type "${c.type}"`);
  if (c.group !== undefined) carry(CARRIED.group, c.group, 'component group');
  if (c.scope !== undefined) carry(CARRIED.scope, c.scope, 'component scope');
  if (c.publisher !== undefined) carry(CARRIED.publisher, c.publisher, 'publisher');
  for (const a of c.authors.slice(1)) carry(CARRIED.author, a, 'second originator');
  return out;
}

function agent(kind: string | undefined, fallback: string, name: string): string {
  return `${kind ?? fallback}: ${name}`;
}

function writePackage(c: SbomComponent, i: number, ctx: WriteCtx): Json {
  const pointer = `/packages/${i}`;
  const props = c.properties;
  const keptPurpose = valueOf(props, NATIVE.purpose);
  const purpose = c.type === 'library' && keptPurpose !== undefined ? keptPurpose : purposeOfType(c.type);
  const typeCarried = purpose === undefined || (ctx.version === '2.2' && c.type !== 'library');
  const refs = externalRefs(c);
  if (refs.download === undefined) gap(ctx, `${pointer}/downloadLocation`, `Package ${c.name} download location`);
  const concluded = valueOf(props, NATIVE.licenseConcluded);
  const dates = packageDates(props, ctx.version);
  const annotations = [
    ...propertyAnnotations(props.filter((p) => !NATIVE_NAMES.has(p.name) && p !== dates.endOfSupport), ctx),
    ...propertyAnnotations(carriedProps(c, pointer, ctx, typeCarried), ctx),
  ];
  const pkg: Json = {
    SPDXID: idOf(c.ref, ctx),
    name: c.name,
    ...(c.version === undefined ? {} : { versionInfo: c.version }),
    ...(c.supplier === undefined ? {} : { supplier: agent(valueOf(props, NATIVE.supplierKind), 'Organization', c.supplier) }),
    ...(c.authors[0] === undefined ? {} : { originator: agent(valueOf(props, NATIVE.originatorKind), 'Person', c.authors[0]) }),
    downloadLocation: refs.download ?? NOASSERTION,
    filesAnalyzed: false,
    ...(refs.homepage === undefined ? {} : { homepage: refs.homepage }),
    ...(c.hashes.length === 0 ? {} : { checksums: checksums(c, pointer, ctx) }),
    licenseConcluded: concluded ?? NOASSERTION,
    licenseDeclared: c.license ?? NOASSERTION,
    copyrightText: c.copyright ?? NOASSERTION,
    ...(c.description === undefined ? {} : { description: c.description }),
    ...(refs.externalRefs.length === 0 ? {} : { externalRefs: refs.externalRefs }),
    ...(ctx.version === '2.3' && purpose !== undefined ? { primaryPackagePurpose: purpose } : {}),
    ...dates.fields,
    ...(annotations.length === 0 ? {} : { annotations }),
  };
  if (ctx.version === '2.2') {
    for (const name of [NATIVE.purpose, NATIVE.releaseDate, NATIVE.builtDate])
      if (valueOf(props, name) !== undefined) notRepresentable(ctx, pointer, `SPDX 2.2 has no ${name.slice('spdx:'.length)}; left out.`);
    if (c.license === undefined) gap(ctx, `${pointer}/licenseDeclared`, `Package ${c.name} declared licence`);
    if (c.copyright === undefined) gap(ctx, `${pointer}/copyrightText`, `Package ${c.name} copyright`);
  }
  return pkg;
}

/**
 * SPDX 2.3 package dates. validUntilDate is "the end of the support period for a package from
 * the supplier", i.e. Vigil's end-of-support property, written there when it has SPDX's date form
 * (otherwise it stays an annotation). SPDX 2.2 has none of these fields.
 */
function packageDates(props: readonly SbomProperty[], version: string): { fields: Json; endOfSupport?: SbomProperty } {
  if (version !== '2.3') return { fields: {} };
  const fields: Json = {};
  const release = valueOf(props, NATIVE.releaseDate);
  const built = valueOf(props, NATIVE.builtDate);
  if (release !== undefined) fields['releaseDate'] = release;
  if (built !== undefined) fields['builtDate'] = built;
  const endOfSupport = props.find((p) => p.name === SUPPORT_PROPERTIES.endOfSupport && SPDX_DATE.test(p.value));
  if (endOfSupport === undefined) return { fields };
  fields['validUntilDate'] = endOfSupport.value;
  return { fields, endOfSupport };
}

/** A file component goes to `files[]` only when nothing of it needs a package field; otherwise it is a package of purpose FILE. */
function isPlainFile(c: SbomComponent, version: string): boolean {
  return (
    c.type === 'file' &&
    c.hashes.some((h) => spdxAlgOf(h.alg, version) !== undefined) &&
    c.version === undefined && c.purl === undefined && c.cpe === undefined && c.supplier === undefined &&
    c.authors.length === 0 && c.publisher === undefined && c.group === undefined && c.scope === undefined &&
    c.description === undefined && c.externalReferences.length === 0 &&
    !c.properties.some((p) => NATIVE_NAMES.has(p.name) && p.name !== NATIVE.relationship)
  );
}

function writeFile(c: SbomComponent, i: number, ctx: WriteCtx): Json {
  const pointer = `/files/${i}`;
  const annotations = propertyAnnotations(c.properties.filter((p) => !NATIVE_NAMES.has(p.name)), ctx);
  return {
    SPDXID: idOf(c.ref, ctx),
    fileName: c.name,
    checksums: checksums(c, pointer, ctx),
    licenseConcluded: c.license ?? NOASSERTION,
    ...(ctx.version === '2.2' ? { licenseInfoInFiles: [NOASSERTION] } : {}),
    copyrightText: c.copyright ?? NOASSERTION,
    ...(annotations.length === 0 ? {} : { annotations }),
  };
}

function relationship(a: string, type: string, b: string): Json {
  return { spdxElementId: a, relationshipType: type, relatedSpdxElement: b };
}

function relationships(doc: SbomDocument, ctx: WriteCtx): Json[] {
  const out: Json[] = [];
  if (doc.subjectRef !== undefined) out.push(relationship(DOCUMENT_ID, 'DESCRIBES', idOf(doc.subjectRef, ctx)));
  for (const p of doc.properties) {
    if (p.name === NATIVE.describes) out.push(relationship(DOCUMENT_ID, 'DESCRIBES', idOf(p.value, ctx)));
    else if (p.name === NATIVE.relationship) out.push(nativeRelationship(DOCUMENT_ID, p.value, ctx));
  }
  for (const c of doc.components) {
    if (c.parentRef !== undefined) out.push(relationship(idOf(c.parentRef, ctx), 'CONTAINS', idOf(c.ref, ctx)));
  }
  for (const d of doc.dependencies) for (const to of d.dependsOn) out.push(relationship(idOf(d.ref, ctx), 'DEPENDS_ON', idOf(to, ctx)));
  for (const c of doc.components)
    for (const p of c.properties) if (p.name === NATIVE.relationship) out.push(nativeRelationship(idOf(c.ref, ctx), p.value, ctx));
  return out;
}

/** A kept `TYPE target` relationship; the target follows its element if that element's SPDXID was rewritten. */
function nativeRelationship(from: string, value: string, ctx: WriteCtx): Json {
  const space = value.indexOf(' ');
  const target = space > 0 ? value.slice(space + 1) : value;
  return relationship(from, space > 0 ? value.slice(0, space) : 'OTHER', ctx.ids.get(target) ?? target);
}

function documentAnnotations(doc: SbomDocument, ctx: WriteCtx): Json[] {
  const props: SbomProperty[] = doc.properties.filter((p) => !NATIVE_NAMES.has(p.name));
  if (doc.version !== undefined) props.push({ name: CARRIED.bomVersion, value: String(doc.version) });
  if (doc.tools.some((t) => t.vendor !== undefined)) for (const t of doc.tools) props.push({ name: CARRIED.toolVendor, value: t.vendor ?? '' });
  doc.services.forEach((s, i) => {
    props.push({ name: CARRIED.service, value: JSON.stringify(s) });
    notRepresentable(ctx, `/services/${i}`, `SPDX has no services; service "${s.name}" carried in annotation "${CARRIED.service}".`);
  });
  return propertyAnnotations(props, ctx);
}

/**
 * Builds the SPDX JSON object (2.2 or 2.3) of a model document. Key order and element order are
 * fixed (document fields, packages and files in model order, relationships grouped by kind), so
 * the same model always gives the same text. Missing mandatory values are written as NOASSERTION
 * and reported as `noassertion` warnings; model fields SPDX lacks travel in annotations and are
 * reported as `not-representable` warnings.
 */
export function writeSpdx(doc: SbomDocument, version: string, issues: SbomIssue[]): Json {
  const ctx: WriteCtx = { version, issues, ids: assignIds(doc), date: doc.created ?? EPOCH };
  if (doc.created === undefined) issues.push({ severity: 'warning', code: 'noassertion', message: `Creation date: the model has none; ${EPOCH} written.`, location: '/creationInfo/created' });
  const ns = namespaceOf(doc);
  if (ns.generated)
    issues.push({ severity: 'warning', code: 'generated-namespace', message: `No usable serialNumber; documentNamespace ${ns.namespace} generated from the content.`, location: '/documentNamespace' });
  if (doc.name === undefined) gap(ctx, '/name', 'Document name');
  const packages: Json[] = [];
  const files: Json[] = [];
  for (const c of doc.components) {
    if (isPlainFile(c, version)) files.push(writeFile(c, files.length, ctx));
    else packages.push(writePackage(c, packages.length, ctx));
  }
  const annotations = documentAnnotations(doc, ctx);
  const rels = relationships(doc, ctx);
  for (const t of doc.tools) if (t.vendor !== undefined) notRepresentable(ctx, '/creationInfo/creators', `SPDX tools have no vendor; "${t.vendor}" carried in annotation "${CARRIED.toolVendor}".`);
  return {
    spdxVersion: `SPDX-${version}`,
    dataLicense: 'CC0-1.0',
    SPDXID: DOCUMENT_ID,
    name: doc.name ?? NOASSERTION,
    documentNamespace: ns.namespace,
    creationInfo: { created: doc.created ?? EPOCH, creators: creators(doc, ctx) },
    ...(packages.length === 0 ? {} : { packages }),
    ...(files.length === 0 ? {} : { files }),
    ...(rels.length === 0 ? {} : { relationships: rels }),
    ...(annotations.length === 0 ? {} : { annotations }),
  };
}
