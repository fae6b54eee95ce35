import parseLicense from 'spdx-expression-parse';
import { parsePurl } from '../../core/index.js';
import {
  SUPPORT_PROPERTIES,
  type ComponentType,
  type SbomComponent,
  type SbomDependency,
  type SbomDocument,
  type SbomExternalReference,
  type SbomHash,
  type SbomIssue,
  type SbomProperty,
  type SbomService,
  type SbomTool,
} from '../sbom/model.js';
import { findCycles } from './checks.js';
import {
  CARRIED,
  CYCLONEDX_REFERENCE_TYPES,
  DOCUMENT_ID,
  FORWARD_DEPENDENCY,
  NATIVE,
  NOASSERTION,
  REVERSE_DEPENDENCY,
  modelAlgOf,
  normalizeCategory,
  typeOfPurpose,
} from './vocabulary.js';

/** A JSON object as read; fields are checked where they are used, since schema errors do not stop mapping. */
export type Json = Record<string, unknown>;

/** Turns a JSON pointer into the location reported to the user (the pointer itself, or `line N` for tag-value). */
export type Locate = (pointer: string) => string;

interface Ctx {
  readonly issues: SbomIssue[];
  readonly locate: Locate;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function objects(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function isAbsent(v: string | undefined): v is undefined {
  return v === undefined || v.trim() === '' || v === NOASSERTION || v === 'NONE';
}

interface Agent {
  readonly kind: 'Person' | 'Organization' | 'Tool' | undefined;
  readonly name: string;
}

/** Splits `Person: Jane (jane@example.org)` into kind and name; text without a known prefix has no kind. */
export function parseAgent(text: string): Agent {
  const m = /^\s*(Person|Organization|Tool)\s*:\s*(.*)$/s.exec(text);
  return m ? { kind: m[1] as Agent['kind'], name: (m[2] ?? '').trim() } : { kind: undefined, name: text.trim() };
}

/** `Tool: syft-0.40.1` → name syft, version 0.40.1: the version is what follows the last `-` when it starts with a digit (optionally after `v`). */
export function parseTool(text: string): SbomTool {
  const m = /^(.+)-([vV]?\d[^\s-]*)$/.exec(text);
  return m?.[1] !== undefined && m[2] !== undefined ? { name: m[1], version: m[2] } : { name: text };
}

const licenseCache = new Map<string, boolean>();

/** Longer or deeper expressions are reported invalid unchecked: the parser recurses and is slow on them. */
const MAX_LICENSE_LENGTH = 4096;
const MAX_LICENSE_DEPTH = 32;

function tooComplex(expr: string): boolean {
  if (expr.length > MAX_LICENSE_LENGTH) return true;
  let depth = 0;
  for (const ch of expr) {
    if (ch === '(' && ++depth > MAX_LICENSE_DEPTH) return true;
    if (ch === ')') depth--;
  }
  return false;
}

export function isValidLicenseExpression(expr: string): boolean {
  const cached = licenseCache.get(expr);
  if (cached !== undefined) return cached;
  let valid = false;
  if (!tooComplex(expr)) {
    try {
      parseLicense(expr);
      valid = true;
    } catch {
      valid = false;
    }
  }
  if (licenseCache.size > 10_000) licenseCache.clear();
  licenseCache.set(expr, valid);
  return valid;
}

function checkLicense(expr: string, pointer: string, ctx: Ctx): void {
  if (!isValidLicenseExpression(expr))
    ctx.issues.push({
      severity: 'warning',
      code: 'invalid-license',
      message: `"${expr.slice(0, 200)}" is not a valid SPDX licence expression; it is kept as written.`,
      location: ctx.locate(pointer),
    });
}

/** Annotation comment → property: `name=value` (name without spaces) or the whole comment as `spdx:annotation`. */
export function propertyOfAnnotation(comment: string): SbomProperty {
  const m = /^([^\s=]+)=(.*)$/s.exec(comment);
  return m?.[1] !== undefined && m[2] !== undefined ? { name: m[1], value: m[2] } : { name: NATIVE.annotation, value: comment };
}

interface Carried {
  readonly props: SbomProperty[];
  readonly carried: Map<string, string[]>;
}

function annotationProps(element: Json): Carried {
  const props: SbomProperty[] = [];
  const carried = new Map<string, string[]>();
  const carriedNames = new Set<string>(Object.values(CARRIED));
  for (const a of objects(element['annotations'])) {
    const comment = str(a['comment']);
    if (comment === undefined) continue;
    const p = propertyOfAnnotation(comment);
    if (carriedNames.has(p.name)) carried.set(p.name, [...(carried.get(p.name) ?? []), p.value]);
    else props.push(p);
  }
  return { props, carried };
}

function hashesOf(element: Json): SbomHash[] {
  const hashes: SbomHash[] = [];
  for (const c of objects(element['checksums'])) {
    const alg = str(c['algorithm']);
    const value = str(c['checksumValue']);
    if (alg !== undefined && value !== undefined) hashes.push({ alg: modelAlgOf(alg), content: value.toLowerCase() });
  }
  return hashes;
}

const COMPONENT_TYPES = new Set<string>([
  'application', 'framework', 'library', 'container', 'platform', 'operating-system', 'device', 'device-driver',
  'firmware', 'file', 'machine-learning-model', 'data', 'cryptographic-asset',
]);

interface Identity {
  purl?: string;
  cpe?: string;
  readonly refs: SbomExternalReference[];
}

function externalRefsOf(pkg: Json, pointer: string, ctx: Ctx): Identity {
  const out: Identity = { refs: [] };
  objects(pkg['externalRefs']).forEach((r, i) => {
    const category = normalizeCategory(str(r['referenceCategory']) ?? 'OTHER');
    const type = str(r['referenceType']) ?? '';
    const locator = str(r['referenceLocator']) ?? '';
    const comment = str(r['comment']);
    if (category === 'PACKAGE-MANAGER' && type === 'purl' && out.purl === undefined) {
      out.purl = locator;
      if (!parsePurl(locator).ok)
        ctx.issues.push({
          severity: 'warning',
          code: 'invalid-purl',
          message: `"${locator.slice(0, 200)}" is not a valid package URL.`,
          location: ctx.locate(`${pointer}/externalRefs/${i}/referenceLocator`),
        });
      return;
    }
    if (category === 'SECURITY' && (type === 'cpe23Type' || type === 'cpe22Type') && out.cpe === undefined) {
      out.cpe = locator;
      return;
    }
    const modelType = category === 'OTHER' && CYCLONEDX_REFERENCE_TYPES.has(type) ? type : `${category}/${type}`;
    out.refs.push(comment === undefined ? { type: modelType, url: locator } : { type: modelType, url: locator, comment });
  });
  return out;
}

function agentName(text: string | undefined): { name?: string; kind?: Agent['kind'] } {
  if (isAbsent(text)) return {};
  const agent = parseAgent(text);
  return isAbsent(agent.name) ? {} : { name: agent.name, kind: agent.kind };
}

function licenseOf(element: Json, pointer: string, ctx: Ctx, props: SbomProperty[]): string | undefined {
  const declared = str(element['licenseDeclared']);
  const concluded = str(element['licenseConcluded']);
  const chosen = !isAbsent(declared) ? declared : !isAbsent(concluded) ? concluded : undefined;
  if (chosen === undefined) return undefined;
  checkLicense(chosen, `${pointer}/${chosen === declared ? 'licenseDeclared' : 'licenseConcluded'}`, ctx);
  if (chosen === declared && !isAbsent(concluded) && concluded !== declared) {
    checkLicense(concluded, `${pointer}/licenseConcluded`, ctx);
    props.push({ name: NATIVE.licenseConcluded, value: concluded });
  }
  return chosen;
}

function packageComponent(pkg: Json, pointer: string, ctx: Ctx): SbomComponent {
  const props: SbomProperty[] = [];
  const purpose = str(pkg['primaryPackagePurpose']);
  const typed = typeOfPurpose(purpose);
  if (typed.keep && purpose !== undefined) props.push({ name: NATIVE.purpose, value: purpose });
  const supplier = agentName(str(pkg['supplier']));
  if (supplier.kind === 'Person') props.push({ name: NATIVE.supplierKind, value: 'Person' });
  const originator = agentName(str(pkg['originator']));
  if (originator.kind === 'Organization') props.push({ name: NATIVE.originatorKind, value: 'Organization' });
  const license = licenseOf(pkg, pointer, ctx, props);
  for (const [field, name] of [['releaseDate', NATIVE.releaseDate], ['builtDate', NATIVE.builtDate], ['validUntilDate', SUPPORT_PROPERTIES.endOfSupport]] as const) {
    const value = str(pkg[field]);
    if (value !== undefined) props.push({ name, value });
  }
  const identity = externalRefsOf(pkg, pointer, ctx);
  const refs: SbomExternalReference[] = [];
  const download = str(pkg['downloadLocation']);
  if (!isAbsent(download)) refs.push({ type: 'distribution', url: download });
  const homepage = str(pkg['homepage']);
  if (!isAbsent(homepage)) refs.push({ type: 'website', url: homepage });
  const annotations = annotationProps(pkg);
  const copyright = str(pkg['copyrightText']);
  const description = str(pkg['description']) ?? str(pkg['summary']);
  const version = str(pkg['versionInfo']);
  return withCarried(
    {
      ref: str(pkg['SPDXID']) ?? '',
      type: typed.type,
      name: str(pkg['name']) ?? '',
      ...(version === undefined ? {} : { version }),
      ...(description === undefined ? {} : { description }),
      ...(identity.purl === undefined ? {} : { purl: identity.purl }),
      ...(identity.cpe === undefined ? {} : { cpe: identity.cpe }),
      ...(supplier.name === undefined ? {} : { supplier: supplier.name }),
      authors: originator.name === undefined ? [] : [originator.name],
      ...(license === undefined ? {} : { license }),
      ...(isAbsent(copyright) ? {} : { copyright }),
      hashes: hashesOf(pkg),
      externalReferences: [...refs, ...identity.refs],
      properties: [...props, ...annotations.props],
    },
    annotations.carried,
  );
}

function fileComponent(file: Json, pointer: string, ctx: Ctx): SbomComponent {
  const concluded = str(file['licenseConcluded']);
  const license = isAbsent(concluded) ? undefined : concluded;
  if (license !== undefined) checkLicense(license, `${pointer}/licenseConcluded`, ctx);
  const copyright = str(file['copyrightText']);
  const annotations = annotationProps(file);
  return withCarried(
    {
      ref: str(file['SPDXID']) ?? '',
      type: 'file',
      name: str(file['fileName']) ?? '',
      authors: [],
      ...(license === undefined ? {} : { license }),
      ...(isAbsent(copyright) ? {} : { copyright }),
      hashes: hashesOf(file),
      externalReferences: [],
      properties: annotations.props,
    },
    annotations.carried,
  );
}

/** Applies annotations that carry model fields SPDX has no place for (see CARRIED). */
function withCarried(c: SbomComponent, carried: Map<string, string[]>): SbomComponent {
  if (carried.size === 0) return c;
  const first = (name: string): string | undefined => carried.get(name)?.[0];
  const group = first(CARRIED.group);
  const scope = first(CARRIED.scope);
  const publisher = first(CARRIED.publisher);
  const type = first(CARRIED.type);
  const authors = carried.get(CARRIED.author) ?? [];
  return {
    ...c,
    ...(type !== undefined && COMPONENT_TYPES.has(type) ? { type: type as ComponentType } : {}),
    ...(group === undefined ? {} : { group }),
    ...(scope === 'required' || scope === 'optional' || scope === 'excluded' ? { scope } : {}),
    ...(publisher === undefined ? {} : { publisher }),
    authors: [...c.authors, ...authors],
  };
}

interface Graph {
  readonly deps: Map<string, string[]>;
  readonly parents: Map<string, string>;
  readonly extra: Map<string, SbomProperty[]>;
  readonly described: string[];
}

function addEdge(deps: Map<string, string[]>, from: string, to: string): void {
  const list = deps.get(from);
  if (list === undefined) deps.set(from, [to]);
  else if (!list.includes(to)) list.push(to);
}

function isKnownOrExternal(id: string, known: ReadonlySet<string>): boolean {
  return known.has(id) || id.startsWith('DocumentRef-') || id === NOASSERTION || id === 'NONE';
}

function readRelationships(raw: Json, known: ReadonlySet<string>, documentId: string, ctx: Ctx): Graph {
  const graph: Graph = { deps: new Map(), parents: new Map(), extra: new Map(), described: [] };
  strings(raw['documentDescribes']).forEach((id, i) => {
    if (!isKnownOrExternal(id, known))
      ctx.issues.push({
        severity: 'warning',
        code: 'dangling-dependency',
        message: `documentDescribes names "${id}", which is no element of this document.`,
        location: ctx.locate(`/documentDescribes/${i}`),
      });
    if (!graph.described.includes(id)) graph.described.push(id);
  });
  // hasFiles is the older way of saying CONTAINS; read both the same way.
  for (const pkg of objects(raw['packages'])) {
    const id = str(pkg['SPDXID']);
    if (id !== undefined) for (const file of strings(pkg['hasFiles'])) applyRelationship(graph, id, 'CONTAINS', file, documentId);
  }
  objects(raw['relationships']).forEach((r, i) => {
    const a = str(r['spdxElementId']);
    const b = str(r['relatedSpdxElement']);
    const type = str(r['relationshipType']);
    if (a === undefined || b === undefined || type === undefined) return;
    const pointer = `/relationships/${i}`;
    for (const [id, field] of [[a, 'spdxElementId'], [b, 'relatedSpdxElement']] as const)
      if (id !== documentId && !isKnownOrExternal(id, known))
        ctx.issues.push({
          severity: 'warning',
          code: 'dangling-dependency',
          message: `Relationship ${type} names "${id}", which is no element of this document.`,
          location: ctx.locate(`${pointer}/${field}`),
        });
    applyRelationship(graph, a, type, b, documentId);
  });
  return graph;
}

function applyRelationship(graph: Graph, a: string, type: string, b: string, documentId: string): void {
  // "X DEPENDS_ON NONE" states a known absence; it is no edge, but it is kept so it is written back.
  const toNothing = b === 'NONE' || b === NOASSERTION;
  if (toNothing) addExtra(graph, a, type, b);
  else if (type === 'DESCRIBES' && a === documentId) {
    if (!graph.described.includes(b)) graph.described.push(b);
  } else if (type === 'DESCRIBED_BY' && b === documentId) {
    if (!graph.described.includes(a)) graph.described.push(a);
  } else if (FORWARD_DEPENDENCY.has(type)) addEdge(graph.deps, a, b);
  else if (REVERSE_DEPENDENCY.has(type)) addEdge(graph.deps, b, a);
  else if ((type === 'CONTAINS' || type === 'CONTAINED_BY') && a !== documentId && b !== documentId) {
    const [parent, child] = type === 'CONTAINS' ? [a, b] : [b, a];
    if (!graph.parents.has(child)) graph.parents.set(child, parent);
    else if (graph.parents.get(child) !== parent) addEdge(graph.deps, parent, child);
  } else addExtra(graph, a, type, b);
}

function addExtra(graph: Graph, a: string, type: string, b: string): void {
  const list = graph.extra.get(a) ?? [];
  list.push({ name: NATIVE.relationship, value: `${type} ${b}` });
  graph.extra.set(a, list);
}

interface DocumentHeader {
  authors: string[];
  tools: SbomTool[];
  supplier?: string;
  props: SbomProperty[];
}

function readCreators(raw: Json): DocumentHeader {
  const header: DocumentHeader = { authors: [], tools: [], props: [] };
  const info = typeof raw['creationInfo'] === 'object' && raw['creationInfo'] !== null ? (raw['creationInfo'] as Json) : {};
  for (const creator of strings(info['creators'])) {
    const agent = parseAgent(creator);
    if (isAbsent(agent.name)) continue;
    if (agent.kind === 'Tool') header.tools.push(parseTool(agent.name));
    else {
      header.authors.push(agent.name);
      if (agent.kind === 'Organization') {
        if (header.supplier === undefined) header.supplier = agent.name;
        else header.props.push({ name: NATIVE.organization, value: agent.name });
      }
    }
  }
  return header;
}

function serviceOf(json: string): SbomService | undefined {
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v !== 'object' || v === null) return undefined;
    const s = v as Json;
    if (typeof s['ref'] !== 'string' || typeof s['name'] !== 'string' || !Array.isArray(s['endpoints'])) return undefined;
    if (!Array.isArray(s['properties'])) return undefined;
    return v as SbomService;
  } catch {
    return undefined;
  }
}

/** Document annotations: properties, services and the BOM revision carried from CycloneDX, tool vendors. */
function documentExtras(raw: Json): { props: SbomProperty[]; services: SbomService[]; version?: number; vendors: string[] } {
  const out: { props: SbomProperty[]; services: SbomService[]; version?: number; vendors: string[] } = {
    props: [],
    services: [],
    vendors: [],
  };
  for (const a of objects(raw['annotations'])) {
    const comment = str(a['comment']);
    if (comment === undefined) continue;
    const p = propertyOfAnnotation(comment);
    const service = p.name === CARRIED.service ? serviceOf(p.value) : undefined;
    if (service !== undefined) out.services.push(service);
    else if (p.name === CARRIED.bomVersion && /^\d{1,9}$/.test(p.value)) out.version = Number(p.value);
    else if (p.name === CARRIED.toolVendor) out.vendors.push(p.value);
    else out.props.push(p);
  }
  return out;
}

/** `vendor=name` pairs restore the vendor of tools that SPDX's `Tool:` creator cannot name. */
function withVendors(tools: SbomTool[], vendors: string[]): SbomTool[] {
  if (vendors.length === 0) return tools;
  return tools.map((t, i) => {
    const v = vendors[i];
    return v === undefined || v === '' ? t : { vendor: v, ...t };
  });
}

/** Malformed SPDXIDs are reported up to this many times per document (syft wrote hundreds of bare hex ids). */
const MAX_ID_ISSUES = 20;
const VALID_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;

function collectElements(raw: Json, ctx: Ctx): SbomComponent[] {
  const seen = new Map<string, string>();
  const components: SbomComponent[] = [];
  let badIds = 0;
  const add = (c: SbomComponent, pointer: string): void => {
    if (!VALID_ID.test(c.ref) && badIds++ < MAX_ID_ISSUES)
      ctx.issues.push({
        severity: 'warning',
        code: 'invalid-spdxid',
        message: `SPDXID "${c.ref.slice(0, 200)}" is not of the form SPDXRef-[A-Za-z0-9.-]+; SPDX output will use a rewritten id.`,
        location: ctx.locate(`${pointer}/SPDXID`),
      });
    const first = seen.get(c.ref);
    if (first !== undefined) {
      ctx.issues.push({
        severity: 'error',
        code: 'duplicate-ref',
        message: `SPDXID "${c.ref}" is used again (first at ${ctx.locate(first)}); the later element is ignored.`,
        location: ctx.locate(`${pointer}/SPDXID`),
      });
      return;
    }
    seen.set(c.ref, pointer);
    components.push(c);
  };
  objects(raw['packages']).forEach((p, i) => add(packageComponent(p, `/packages/${i}`, ctx), `/packages/${i}`));
  objects(raw['files']).forEach((f, i) => add(fileComponent(f, `/files/${i}`, ctx), `/files/${i}`));
  return components;
}

function attachGraph(components: SbomComponent[], graph: Graph): SbomComponent[] {
  return components.map((c) => {
    const parentRef = graph.parents.get(c.ref);
    const extra = graph.extra.get(c.ref);
    if (parentRef === undefined && extra === undefined) return c;
    return {
      ...c,
      ...(parentRef === undefined ? {} : { parentRef }),
      properties: extra === undefined ? c.properties : [...c.properties, ...extra],
    };
  });
}

function cycleIssues(deps: readonly SbomDependency[], ctx: Ctx): void {
  for (const cycle of findCycles(deps))
    ctx.issues.push({
      severity: 'warning',
      code: 'dependency-cycle',
      message: `Dependency cycle: ${cycle.join(' → ')}.`,
      location: ctx.locate('/relationships'),
    });
}

/**
 * Maps an SPDX 2.2/2.3 document in its JSON shape (JSON as read, or tag-value converted to it) into
 * the SBOM model, appending warnings and errors found on the way to `issues`.
 */
export function readSpdx(raw: Json, specVersion: string, issues: SbomIssue[], locate: Locate): SbomDocument {
  const ctx: Ctx = { issues, locate };
  const documentId = str(raw['SPDXID']) ?? DOCUMENT_ID;
  const components = collectElements(raw, ctx);
  const known = new Set(components.map((c) => c.ref));
  const graph = readRelationships(raw, known, documentId, ctx);
  const dependencies: SbomDependency[] = [...graph.deps].map(([ref, dependsOn]) => ({ ref, dependsOn }));
  cycleIssues(dependencies, ctx);
  const header = readCreators(raw);
  const extras = documentExtras(raw);
  const [subjectRef, ...otherDescribed] = graph.described;
  const info = typeof raw['creationInfo'] === 'object' && raw['creationInfo'] !== null ? (raw['creationInfo'] as Json) : {};
  const created = str(info['created']);
  const serialNumber = str(raw['documentNamespace']);
  const rawName = str(raw['name']);
  const name = rawName === NOASSERTION ? undefined : rawName;
  const documentRelationships = graph.extra.get(documentId) ?? [];
  return {
    format: 'spdx',
    specVersion,
    ...(serialNumber === undefined ? {} : { serialNumber }),
    ...(extras.version === undefined ? {} : { version: extras.version }),
    ...(name === undefined ? {} : { name }),
    ...(created === undefined ? {} : { created }),
    authors: header.authors,
    tools: withVendors(header.tools, extras.vendors),
    ...(header.supplier === undefined ? {} : { supplier: header.supplier }),
    ...(subjectRef === undefined ? {} : { subjectRef }),
    components: attachGraph(components, graph),
    services: extras.services,
    dependencies,
    properties: [
      ...header.props,
      ...otherDescribed.map((id) => ({ name: NATIVE.describes, value: id })),
      ...documentRelationships,
      ...extras.props,
    ],
  };
}
