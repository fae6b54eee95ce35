import type {
  ComponentType,
  SbomComponent,
  SbomDependency,
  SbomDocument,
  SbomExternalReference,
  SbomHash,
  SbomIssue,
  SbomProperty,
  SbomService,
  SbomTool,
} from '../sbom/model.js';
import { isSpdxLicenseId, isValidSpdxExpression, joinLicenseTerms, licenseRefOf } from './license.js';
import type { CycloneDxVersion } from './versions.js';

/**
 * Maps a CycloneDX BOM in its JSON shape (already checked against the official schema) into
 * the SbomDocument model. The XML reader produces the same shape, so both formats share this.
 */

/** Components nested deeper than this are refused: deeper trees are not real BOMs but attacks or bugs. */
export const MAX_COMPONENT_NESTING = 100;

type Json = Record<string, unknown>;

export interface ReadContext {
  readonly version: CycloneDxVersion;
  readonly issues: SbomIssue[];
  /** Turns a JSON pointer into the location written in issues (the XML reader maps it to a line). */
  readonly locate: (pointer: string) => string;
  /** Filled while reading: the JSON pointer of each component, in `components` order. */
  readonly componentPointers: string[];
  /** Filled while reading: the JSON pointer of each service, in `services` order. */
  readonly servicePointers: string[];
}

function asObject(x: unknown): Json | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined;
}

function asArray(x: unknown): readonly unknown[] {
  return Array.isArray(x) ? x : [];
}

function asString(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

function nonEmpty(x: unknown): string | undefined {
  const s = asString(x)?.trim();
  return s === undefined || s === '' ? undefined : s;
}

/** Refs as written, collected before any is generated so generated ones never collide with them. */
export interface RefState {
  readonly explicit: Pick<ReadonlySet<string>, 'has'>;
  readonly generated: Set<string>;
}

/** Builds the document. Component nesting deeper than the limit is reported as an error. */
export function readBom(bom: Json, ctx: ReadContext): SbomDocument {
  const metadata = asObject(bom['metadata']);
  const subject = asObject(metadata?.['component']);
  const refs: RefState = { explicit: collectExplicitRefs([subject, ...asArray(bom['components']), ...asArray(bom['services'])], new Set<string>()), generated: new Set() };
  const components: SbomComponent[] = [];
  const subjectRef = subject ? readComponentTree(subject, '/metadata/component', undefined, 1, components, refs, ctx) : undefined;
  asArray(bom['components']).forEach((c, i) => {
    const o = asObject(c);
    if (o) readComponentTree(o, `/components/${i}`, undefined, 1, components, refs, ctx);
  });
  return assembleDocument(bom, ctx.version, components, readServices(bom['services'], refs, ctx), subjectRef);
}

/** Every service tree of `services`, flattened, in document order. */
export function readServices(x: unknown, refs: RefState, ctx: ReadContext): SbomService[] {
  const services: SbomService[] = [];
  asArray(x).forEach((s, i) => {
    const o = asObject(s);
    if (o) readServiceTree(o, `/services/${i}`, 1, services, refs, ctx);
  });
  return services;
}

/**
 * The document around already-read components and services: metadata, tools, dependencies
 * and properties (the streaming reader passes `components: []` and stores them as they come).
 */
export function assembleDocument(
  bom: Json,
  version: CycloneDxVersion,
  components: SbomComponent[],
  services: SbomService[],
  subjectRef: string | undefined,
  dependencies: SbomDependency[] = readDependencies(bom['dependencies']),
): SbomDocument {
  const metadata = asObject(bom['metadata']) ?? {};
  const subject = asObject(metadata['component']);
  const doc: Mutable<SbomDocument> = {
    format: 'cyclonedx',
    specVersion: version,
    authors: asArray(metadata['authors']).map(contactText).filter(isDefined),
    tools: readTools(metadata['tools']),
    components,
    services,
    dependencies,
    properties: readProperties(metadata['properties']),
  };
  assignDefined(doc, {
    serialNumber: asString(bom['serialNumber']),
    version: typeof bom['version'] === 'number' ? bom['version'] : undefined,
    name: subject ? asString(subject['name']) : undefined,
    created: asString(metadata['timestamp']),
    supplier: nonEmpty(asObject(metadata['supplier'])?.['name']),
    subjectRef,
  });
  return doc;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

/** Copies only the defined values, so absent fields stay absent (round-trips compare equal). */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
}

/**
 * The bom-refs written on the given elements and everything nested in them (components and
 * services at any depth), added to `into`.
 */
export function collectExplicitRefs<T extends { add(ref: string): unknown }>(roots: readonly unknown[], into: T): T {
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const o = asObject(stack.pop());
    if (!o) continue;
    const ref = nonEmpty(o['bom-ref']);
    if (ref !== undefined) into.add(ref);
    const components = o['components'];
    if (Array.isArray(components)) for (const c of components) stack.push(c);
    const services = o['services'];
    if (Array.isArray(services)) for (const c of services) stack.push(c);
  }
  return into;
}

/**
 * A stable ref for an element without bom-ref: its purl when it has one, else its position
 * (`component:/components/3/components/0`). A candidate already used gets the position appended.
 */
function generateRef(o: Json, pointer: string, kind: 'component' | 'service', refs: RefState): string {
  const purl = nonEmpty(o['purl']);
  const positional = `${kind}:${pointer}`;
  let candidate = purl ?? positional;
  if (refs.explicit.has(candidate) || refs.generated.has(candidate)) candidate = purl ? `${purl}#${pointer}` : positional;
  refs.generated.add(candidate);
  return candidate;
}

/** Reads a component and its descendants iteratively-by-depth, flattening them with parentRef. Returns its ref. */
export function readComponentTree(
  o: Json,
  pointer: string,
  parentRef: string | undefined,
  depth: number,
  out: SbomComponent[],
  refs: RefState,
  ctx: ReadContext,
): string {
  const ref = nonEmpty(o['bom-ref']) ?? generateRef(o, pointer, 'component', refs);
  out.push(readComponent(o, ref, parentRef, pointer, ctx));
  ctx.componentPointers.push(pointer);
  const children = asArray(o['components']);
  if (children.length === 0) return ref;
  if (depth >= MAX_COMPONENT_NESTING) {
    ctx.issues.push({
      severity: 'error',
      code: 'nesting-too-deep',
      message: `Components are nested more than ${MAX_COMPONENT_NESTING} levels deep.`,
      location: ctx.locate(`${pointer}/components`),
    });
    return ref;
  }
  children.forEach((c, i) => {
    const child = asObject(c);
    if (child) readComponentTree(child, `${pointer}/components/${i}`, ref, depth + 1, out, refs, ctx);
  });
  return ref;
}

function readComponent(o: Json, ref: string, parentRef: string | undefined, pointer: string, ctx: ReadContext): SbomComponent {
  const c: Mutable<SbomComponent> = {
    ref,
    type: (asString(o['type']) ?? 'library') as ComponentType,
    name: asString(o['name']) ?? '',
    authors: componentAuthors(o),
    hashes: readHashes(o['hashes']),
    externalReferences: readExternalReferences(o['externalReferences']),
    properties: readProperties(o['properties']),
  };
  // Field by field rather than through assignDefined: this runs once per component.
  if (parentRef !== undefined) c.parentRef = parentRef;
  const group = nonEmpty(o['group']);
  if (group !== undefined) c.group = group;
  const version = nonEmpty(o['version']);
  if (version !== undefined) c.version = version;
  const description = asString(o['description']);
  if (description !== undefined) c.description = description;
  const purl = nonEmpty(o['purl']);
  if (purl !== undefined) c.purl = purl;
  const cpe = nonEmpty(o['cpe']);
  if (cpe !== undefined) c.cpe = cpe;
  const supplier = nonEmpty(asObject(o['supplier'])?.['name']);
  if (supplier !== undefined) c.supplier = supplier;
  const publisher = nonEmpty(o['publisher']);
  if (publisher !== undefined) c.publisher = publisher;
  const license = o['licenses'] === undefined ? undefined : readLicenses(o['licenses'], `${pointer}/licenses`, ctx);
  if (license !== undefined) c.license = license;
  const copyright = asString(o['copyright']);
  if (copyright !== undefined) c.copyright = copyright;
  const scope = asString(o['scope']);
  if (scope === 'required' || scope === 'optional' || scope === 'excluded') c.scope = scope;
  return c;
}

/** 1.2–1.5 have one free-text `author`; 1.6 adds `authors` (contacts). Both are kept, in that order. */
function componentAuthors(o: Json): string[] {
  const authors = o['authors'];
  const list = Array.isArray(authors) ? authors.map(contactText).filter(isDefined) : [];
  const single = nonEmpty(o['author']);
  return single === undefined || list.includes(single) ? list : [single, ...list];
}

/** An organizational contact as one string: `Name <email>`, or whichever part exists. */
function contactText(x: unknown): string | undefined {
  const o = asObject(x);
  if (!o) return undefined;
  const name = nonEmpty(o['name']);
  const email = nonEmpty(o['email']);
  if (name !== undefined && email !== undefined) return `${name} <${email}>`;
  return name ?? (email === undefined ? undefined : `<${email}>`);
}

/** Tools: the 1.2–1.4 array of {vendor,name,version}, or the 1.5+ `{components, services}` object. */
function readTools(x: unknown): SbomTool[] {
  if (Array.isArray(x)) return x.map(legacyTool).filter(isDefined);
  const o = asObject(x);
  if (!o) return [];
  return [...asArray(o['components']), ...asArray(o['services'])].map(modernTool).filter(isDefined);
}

function legacyTool(x: unknown): SbomTool | undefined {
  const o = asObject(x);
  const name = nonEmpty(o?.['name']);
  if (!o || name === undefined) return undefined;
  const tool: Mutable<SbomTool> = { name };
  assignDefined(tool, { vendor: nonEmpty(o['vendor']), version: nonEmpty(o['version']) });
  return tool;
}

/** A 1.5+ tool component or service; its vendor is its group (as the CycloneDX library maps it), else its publisher or supplier/provider. */
function modernTool(x: unknown): SbomTool | undefined {
  const o = asObject(x);
  const name = nonEmpty(o?.['name']);
  if (!o || name === undefined) return undefined;
  const vendor =
    nonEmpty(o['group']) ??
    nonEmpty(o['publisher']) ??
    nonEmpty(asObject(o['supplier'])?.['name']) ??
    nonEmpty(asObject(o['provider'])?.['name']) ??
    nonEmpty(asObject(o['manufacturer'])?.['name']);
  const tool: Mutable<SbomTool> = { name };
  assignDefined(tool, { vendor, version: nonEmpty(o['version']) });
  return tool;
}

function readHashes(x: unknown): SbomHash[] {
  const out: SbomHash[] = [];
  if (!Array.isArray(x)) return out;
  for (const item of x) {
    const h = asObject(item);
    if (h) out.push({ alg: asString(h['alg']) ?? '', content: (asString(h['content']) ?? '').trim().toLowerCase() });
  }
  return out;
}

function readExternalReferences(x: unknown): SbomExternalReference[] {
  const out: SbomExternalReference[] = [];
  if (!Array.isArray(x)) return out;
  for (const item of x) {
    const r = asObject(item);
    if (!r) continue;
    const ref: Mutable<SbomExternalReference> = { type: asString(r['type']) ?? 'other', url: asString(r['url']) ?? '' };
    const comment = asString(r['comment']);
    if (comment !== undefined) ref.comment = comment;
    out.push(ref);
  }
  return out;
}

function readProperties(x: unknown): SbomProperty[] {
  const out: SbomProperty[] = [];
  if (!Array.isArray(x)) return out;
  for (const item of x) {
    const p = asObject(item);
    if (p) out.push({ name: asString(p['name']) ?? '', value: asString(p['value']) ?? '' });
  }
  return out;
}

/**
 * All licence entries as one SPDX expression, joined with AND (every listed licence applies).
 * Ids are kept; names become their SPDX id when they are one, else `LicenseRef-<name>`.
 * An expression that spdx-expression-parse rejects is kept as a LicenseRef, with a warning.
 */
function readLicenses(x: unknown, pointer: string, ctx: ReadContext): string | undefined {
  const terms: string[] = [];
  asArray(x).forEach((entry, i) => {
    const e = asObject(entry);
    if (!e) return;
    const expression = nonEmpty(e['expression']);
    if (expression !== undefined) {
      terms.push(expressionTerm(expression, `${pointer}/${i}/expression`, ctx));
      return;
    }
    const license = asObject(e['license']);
    const id = nonEmpty(license?.['id']);
    const name = nonEmpty(license?.['name']);
    if (id !== undefined) terms.push(isSpdxLicenseId(id) ? id : licenseRefOf(id));
    else if (name !== undefined) terms.push(isSpdxLicenseId(name) || name.startsWith('LicenseRef-') ? name : licenseRefOf(name));
  });
  return joinLicenseTerms(terms);
}

function expressionTerm(expression: string, pointer: string, ctx: ReadContext): string {
  if (isValidSpdxExpression(expression)) return expression;
  ctx.issues.push({
    severity: 'warning',
    code: 'invalid-license-expression',
    message: `"${expression}" is not a valid SPDX licence expression; kept as a LicenseRef.`,
    location: ctx.locate(pointer),
  });
  return licenseRefOf(expression);
}

export function readServiceTree(o: Json, pointer: string, depth: number, out: SbomService[], refs: RefState, ctx: ReadContext): void {
  const ref = nonEmpty(o['bom-ref']) ?? generateRef(o, pointer, 'service', refs);
  const s: Mutable<SbomService> = {
    ref,
    name: asString(o['name']) ?? '',
    endpoints: asArray(o['endpoints']).map(asString).filter(isDefined),
    properties: readProperties(o['properties']),
  };
  assignDefined(s, {
    group: nonEmpty(o['group']),
    version: nonEmpty(o['version']),
    description: asString(o['description']),
    authenticated: typeof o['authenticated'] === 'boolean' ? o['authenticated'] : undefined,
    crossesTrustBoundary: typeof o['x-trust-boundary'] === 'boolean' ? o['x-trust-boundary'] : undefined,
  });
  out.push(s);
  ctx.servicePointers.push(pointer);
  const children = asArray(o['services']);
  if (children.length > 0 && depth >= MAX_COMPONENT_NESTING) {
    ctx.issues.push({
      severity: 'error',
      code: 'nesting-too-deep',
      message: `Services are nested more than ${MAX_COMPONENT_NESTING} levels deep.`,
      location: ctx.locate(`${pointer}/services`),
    });
    return;
  }
  children.forEach((c, i) => {
    const child = asObject(c);
    if (child) readServiceTree(child, `${pointer}/services/${i}`, depth + 1, out, refs, ctx);
  });
}

export function readDependencies(x: unknown): SbomDependency[] {
  return asArray(x)
    .map(asObject)
    .filter(isDefined)
    .map((d) => ({
      ref: asString(d['ref']) ?? '',
      dependsOn: asArray(d['dependsOn']).map(asString).filter(isDefined),
    }));
}
