import type {
  SbomComponent,
  SbomDocument,
  SbomExternalReference,
  SbomHash,
  SbomIssue,
  SbomProperty,
  SbomService,
  SbomTool,
} from '../sbom/model.js';
import { isSpdxLicenseId, isValidSpdxExpression } from './license.js';
import { MAX_COMPONENT_NESTING } from './read-model.js';
import { cycloneDxSpdxIds, enumsOf } from './schema.js';
import { atLeast, type CycloneDxVersion } from './versions.js';

/**
 * Builds the JSON shape of a CycloneDX BOM of one version from the model. The JSON writer
 * prints it; the XML writer walks it. Everything the version cannot hold is reported as a
 * `not-representable` warning. Lists are sorted (components and services by ref, hashes by
 * algorithm, …) so two exports of the same content are identical and diffs are meaningful.
 */

export type Json = Record<string, unknown>;

interface WriteContext {
  readonly version: CycloneDxVersion;
  readonly syntax: 'json' | 'xml';
  readonly issues: SbomIssue[];
}

export interface BomBuild {
  readonly bom: Json;
  readonly issues: SbomIssue[];
}

const SERIAL_PATTERN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/iu;
const HASH_CONTENT = /^([a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{96}|[a-f0-9]{128})$/u;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/u;

function warn(ctx: WriteContext, message: string): void {
  ctx.issues.push({ severity: 'warning', code: 'not-representable', message });
}

function byText<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/** Sets only defined, non-empty values, keeping insertion order for readable output. */
function put(target: Json, key: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value;
}

export function buildBom(doc: SbomDocument, version: CycloneDxVersion, syntax: 'json' | 'xml'): BomBuild {
  const ctx: WriteContext = { version, syntax, issues: [] };
  const bom: Json = { bomFormat: 'CycloneDX', specVersion: version };
  if (doc.serialNumber !== undefined) {
    const serial = doc.serialNumber.toLowerCase();
    if (SERIAL_PATTERN.test(serial)) bom['serialNumber'] = serial;
    else warn(ctx, `serialNumber "${doc.serialNumber}" is not a urn:uuid; CycloneDX cannot hold it.`);
  }
  const validVersion = doc.version !== undefined && Number.isInteger(doc.version) && doc.version >= 1;
  if (doc.version !== undefined && !validVersion) warn(ctx, `BOM version ${doc.version} is not an integer of at least 1; written as 1.`);
  bom['version'] = validVersion ? doc.version : 1;
  const tree = componentTree(doc, ctx);
  put(bom, 'metadata', metadataOf(doc, tree.subject, ctx));
  put(bom, 'components', tree.roots);
  put(bom, 'services', [...doc.services].sort(byText((s) => s.ref)).map((s) => serviceOf(s, ctx)));
  put(bom, 'dependencies', dependenciesOf(doc));
  return { bom, issues: ctx.issues };
}

function metadataOf(doc: SbomDocument, subject: Json | undefined, ctx: WriteContext): Json | undefined {
  const m: Json = {};
  if (doc.created !== undefined) {
    if (DATE_TIME.test(doc.created)) m['timestamp'] = doc.created;
    else warn(ctx, `created "${doc.created}" is not an RFC 3339 date-time; CycloneDX cannot hold it.`);
  }
  put(m, 'tools', toolsOf(doc.tools, ctx));
  put(m, 'authors', doc.authors.map(contactOf));
  if (subject) m['component'] = subject;
  if (doc.name !== undefined && doc.name !== subject?.['name']) {
    warn(ctx, `The document name "${doc.name}" is not the name of a described component; CycloneDX has no separate document name.`);
  }
  if (doc.supplier !== undefined) m['supplier'] = { name: doc.supplier };
  put(m, 'properties', propertiesOf(doc.properties, ctx, 'the document'));
  return Object.keys(m).length > 0 ? m : undefined;
}

function toolsOf(tools: readonly SbomTool[], ctx: WriteContext): unknown {
  if (tools.length === 0) return undefined;
  const sorted = [...tools].sort(byText((t) => `${t.vendor ?? ''}\u0000${t.name}\u0000${t.version ?? ''}`));
  if (!atLeast(ctx.version, '1.5')) {
    return sorted.map((t) => {
      const o: Json = {};
      put(o, 'vendor', t.vendor);
      o['name'] = t.name;
      put(o, 'version', t.version);
      return o;
    });
  }
  // 1.5 deprecates the tool array for tool components; the vendor goes in `group`, as the CycloneDX library maps it.
  return {
    components: sorted.map((t) => {
      const o: Json = { type: 'application' };
      put(o, 'group', t.vendor);
      o['name'] = t.name;
      put(o, 'version', t.version);
      return o;
    }),
  };
}

/** `Name <email>` back to an organizational contact; anything else is a name. */
function contactOf(text: string): Json {
  const m = /^(.*?)\s*<([^<>]*)>$/u.exec(text);
  if (m && EMAIL.test(m[2] ?? '')) {
    const o: Json = {};
    put(o, 'name', m[1] === '' ? undefined : m[1]);
    o['email'] = m[2];
    return o;
  }
  return { name: text };
}

interface Tree {
  readonly roots: Json[];
  readonly subject: Json | undefined;
}

/**
 * Nests components under their parentRef again. A component whose parent is missing, lies
 * more than the nesting limit deep, or sits in a parent cycle is written at the top level.
 */
function componentTree(doc: SbomDocument, ctx: WriteContext): Tree {
  const byRef = new Map(doc.components.map((c) => [c.ref, c]));
  const children = new Map<string, SbomComponent[]>();
  const roots: SbomComponent[] = [];
  for (const c of doc.components) {
    if (c.parentRef !== undefined && byRef.has(c.parentRef) && c.parentRef !== c.ref) {
      const list = children.get(c.parentRef) ?? [];
      list.push(c);
      children.set(c.parentRef, list);
    } else {
      if (c.parentRef !== undefined) warn(ctx, `Component "${c.ref}" names parent "${c.parentRef}", which is not a component; written at the top level.`);
      roots.push(c);
    }
  }
  const written = new Set<SbomComponent>();
  const overflow: SbomComponent[] = [];
  const build = (c: SbomComponent, depth: number): Json => {
    written.add(c);
    const o = componentOf(c, ctx);
    const kids = [...(children.get(c.ref) ?? [])].sort(byText((k) => k.ref));
    if (depth >= MAX_COMPONENT_NESTING) overflow.push(...kids);
    else put(o, 'components', kids.map((k) => build(k, depth + 1)));
    return o;
  };
  const subjectComponent = doc.subjectRef === undefined ? undefined : byRef.get(doc.subjectRef);
  if (doc.subjectRef !== undefined && !subjectComponent) warn(ctx, `subjectRef "${doc.subjectRef}" names no component; CycloneDX metadata.component left out.`);
  const subject = subjectComponent ? build(subjectComponent, 1) : undefined;
  const rootJson = roots.filter((c) => c !== subjectComponent).sort(byText((c) => c.ref)).map((c) => build(c, 1));
  const unreached = doc.components.filter((c) => !written.has(c));
  for (const c of [...overflow, ...unreached]) {
    if (written.has(c)) continue;
    warn(ctx, `Component "${c.ref}" cannot be nested under "${c.parentRef ?? ''}" (nesting limit or parent cycle); written at the top level.`);
    rootJson.push(build(c, 1));
  }
  return { roots: rootJson, subject };
}

function componentOf(c: SbomComponent, ctx: WriteContext): Json {
  const o: Json = { type: componentType(c, ctx), 'bom-ref': c.ref };
  if (c.supplier !== undefined) o['supplier'] = { name: c.supplier };
  authorsOf(o, c, ctx);
  put(o, 'publisher', c.publisher);
  put(o, 'group', c.group);
  o['name'] = c.name;
  // 1.2 and 1.3 require a version; an empty one reads back as "no version".
  put(o, 'version', c.version ?? (atLeast(ctx.version, '1.4') ? undefined : ''));
  put(o, 'description', c.description);
  put(o, 'scope', c.scope);
  put(o, 'hashes', hashesOf(c.hashes, ctx, c.ref));
  put(o, 'licenses', c.license === undefined ? undefined : licensesOf(c.license));
  put(o, 'copyright', c.copyright);
  put(o, 'cpe', c.cpe);
  put(o, 'purl', c.purl);
  put(o, 'externalReferences', externalReferencesOf(c.externalReferences, ctx, c.ref));
  put(o, 'properties', propertiesOf(c.properties, ctx, `component "${c.ref}"`));
  return o;
}

function componentType(c: SbomComponent, ctx: WriteContext): string {
  if (enumsOf(ctx.version).componentTypes.has(c.type)) return c.type;
  warn(ctx, `Component "${c.ref}" has type "${c.type}", which CycloneDX ${ctx.version} lacks; written as "library".`);
  return 'library';
}

/** 1.6 has `authors` (contacts); earlier versions one free-text `author`, so several are joined. */
function authorsOf(o: Json, c: SbomComponent, ctx: WriteContext): void {
  if (c.authors.length === 0) return;
  if (atLeast(ctx.version, '1.6')) {
    o['authors'] = c.authors.map(contactOf);
    return;
  }
  if (c.authors.length > 1) warn(ctx, `Component "${c.ref}" has ${c.authors.length} authors; CycloneDX ${ctx.version} holds one author text, so they are joined with ", ".`);
  o['author'] = c.authors.join(', ');
}

function hashesOf(hashes: readonly SbomHash[], ctx: WriteContext, owner: string): Json[] {
  const allowed = enumsOf(ctx.version).hashAlgorithms;
  return [...hashes]
    .sort(byText((h) => `${h.alg}\u0000${h.content}`))
    .filter((h) => {
      const ok = allowed.has(h.alg) && HASH_CONTENT.test(h.content.toLowerCase());
      if (!ok) warn(ctx, `Hash ${h.alg}:${h.content} of "${owner}" is not a CycloneDX ${ctx.version} hash (algorithm or hex length); left out.`);
      return ok;
    })
    .map((h) => ({ alg: h.alg, content: h.content.toLowerCase() }));
}

/**
 * One SPDX id the schema knows → `license.id`; one LicenseRef → `license.name` (its part
 * after `LicenseRef-`, which reads back to the same LicenseRef); anything else → `expression`.
 */
function licensesOf(expression: string): Json[] {
  if (isSpdxLicenseId(expression) && cycloneDxSpdxIds().has(expression)) return [{ license: { id: expression } }];
  const ref = /^LicenseRef-([A-Za-z0-9.-]+)$/u.exec(expression);
  if (ref?.[1] !== undefined && !isSpdxLicenseId(ref[1])) return [{ license: { name: ref[1] } }];
  if (isValidSpdxExpression(expression)) return [{ expression }];
  return [{ license: { name: expression } }];
}

function externalReferencesOf(refs: readonly SbomExternalReference[], ctx: WriteContext, owner: string): Json[] {
  const allowed = enumsOf(ctx.version).externalReferenceTypes;
  return [...refs]
    .sort(byText((r) => `${r.type}\u0000${r.url}\u0000${r.comment ?? ''}`))
    .filter((r) => keepUrl(r.url, ctx, `External reference "${r.url}" of "${owner}"`))
    .map((r) => {
      let type = r.type;
      if (!allowed.has(type)) {
        warn(ctx, `External reference type "${r.type}" of "${owner}" does not exist in CycloneDX ${ctx.version}; written as "other".`);
        type = 'other';
      }
      const o: Json = { type, url: r.url };
      put(o, 'comment', r.comment);
      return o;
    });
}

/**
 * XML holds URLs as xs:anyURI, which refuses a reference whose first segment has a colon but no
 * valid scheme — scp-style git remotes such as `git@github.com:user/repo.git`, common in npm
 * metadata. The JSON schemas take them (their iri-reference format is not enforced), so only XML
 * leaves them out, with a warning.
 */
function keepUrl(url: string, ctx: WriteContext, what: string): boolean {
  if (ctx.syntax === 'json') return true;
  const firstSegment = /^[^/?#]*/u.exec(url)?.[0] ?? '';
  const colon = firstSegment.indexOf(':');
  if (colon < 0 || /^[A-Za-z][A-Za-z0-9+.-]*$/u.test(firstSegment.slice(0, colon))) return true;
  warn(ctx, `${what} is not a URI reference that XML (xs:anyURI) accepts; left out.`);
  return false;
}

function propertiesOf(props: readonly SbomProperty[], ctx: WriteContext, owner: string): Json[] | undefined {
  if (props.length === 0) return undefined;
  if (!atLeast(ctx.version, '1.3')) {
    warn(ctx, `CycloneDX 1.2 has no properties; ${props.length} of ${owner} left out (${props.map((p) => p.name).join(', ')}).`);
    return undefined;
  }
  return [...props].sort(byText((p) => `${p.name}\u0000${p.value}`)).map((p) => ({ name: p.name, value: p.value }));
}

function serviceOf(s: SbomService, ctx: WriteContext): Json {
  const o: Json = { 'bom-ref': s.ref };
  put(o, 'group', s.group);
  o['name'] = s.name;
  put(o, 'version', s.version);
  put(o, 'description', s.description);
  put(o, 'endpoints', s.endpoints.filter((e) => keepUrl(e, ctx, `Endpoint "${e}" of service "${s.ref}"`)));
  put(o, 'authenticated', s.authenticated);
  put(o, 'x-trust-boundary', s.crossesTrustBoundary);
  put(o, 'properties', propertiesOf(s.properties, ctx, `service "${s.ref}"`));
  return o;
}

/** Entries for the same ref are merged; targets sorted and unique (1.5+ requires unique items). */
function dependenciesOf(doc: SbomDocument): Json[] {
  const merged = new Map<string, Set<string>>();
  for (const d of doc.dependencies) {
    const set = merged.get(d.ref) ?? new Set<string>();
    for (const t of d.dependsOn) set.add(t);
    merged.set(d.ref, set);
  }
  return [...merged.entries()]
    .sort(byText(([ref]) => ref))
    .map(([ref, set]) => ({ ref, dependsOn: [...set].sort(byText((x) => x)) }));
}
