import type { SbomComponent, SbomDependency, SbomDocument, SbomIssue, SbomService } from '../sbom/model.js';
import { danglingDependencies, dependencyCycles, duplicateRefIssue, invalidPurlIssue } from './checks.js';
import { ComponentsSplitter } from './json-splitter.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type CycloneDxParseOptions } from './options.js';
import { deeperThan, detectVersion, escapePointer, parseCycloneDxJson } from './parse-json.js';
import { assembleDocument, collectExplicitRefs, readComponentTree, readServices, type ReadContext, type RefState } from './read-model.js';
import { ComponentsSplitValidation } from './schema.js';
import type { CycloneDxVersion } from './versions.js';

/**
 * The CycloneDX JSON reader for uploads: the same verdict, issues and model as
 * {@link parseCycloneDxJson} (stream-json.test.ts holds it to that, on the fixtures and on
 * generated documents), without ever building the whole document as JavaScript values. The
 * elements of the top-level `components` array — nearly all of a large BOM — are cut out of the
 * bytes by {@link ComponentsSplitter} and parsed one at a time; the other members (metadata,
 * services, dependencies, …) are parsed whole, as they are small beside them.
 *
 * 1. {@link prepareCycloneDxJson}, before anything is stored: the structure (one scan of the
 *    bytes, no values built), the other members' syntax, the depth guard, the version, and the
 *    schema for everything but the elements. A document refused here touches no data.
 * 2. `read(sink)`: each element in turn is parsed, checked against the schema's
 *    `#/definitions/component` (see {@link ComponentsSplitValidation}), mapped, and handed to
 *    `sink` in batches — the import writes each batch in its transaction — then services,
 *    dependencies and the post-checks. An error found on the way (a component's schema error, a
 *    syntax error in a late element, a duplicate ref) means the result has no document: the
 *    caller treats the batches as provisional until then, and the import rolls them back. After
 *    an error the reader stops handing out batches but reads on, so the issues listed are the
 *    same as the whole-document reader's.
 *
 * A generated ref (for an element without bom-ref) must never equal a bom-ref written anywhere in
 * the document, even further down; the bom-refs are gathered as the elements are read, and the
 * first time a ref has to be generated the rest of the elements are read ahead for theirs — once,
 * and only for such documents (tools write a bom-ref on every component).
 *
 * Memory: the input bytes (an upload is a Buffer anyway), one batch, the refs, the dependency
 * graph and the other members — not the document's tree.
 */
export interface StreamOptions extends CycloneDxParseOptions {
  /** At most this many components are handed to the sink at a time. Default 2,000. */
  readonly batchSize?: number;
  /**
   * A batch is handed over once its elements add up to this many bytes of the document, even if
   * it has fewer components. Default 128 KiB. What decides the peak memory of a large import is
   * how much of each batch survives two young-generation collections and piles up in the old
   * generation until a full one: measured on a 50 MB BOM, 64–128 KiB batches peaked at 320–345 MB
   * RSS, 256 KiB at 387 MB, 512 KiB at 385–405 MB, with the same import time (and the same time
   * for a 10,000-component BOM).
   */
  readonly batchBytes?: number;
}

export type ComponentSink = (components: readonly SbomComponent[], firstIndex: number) => Promise<void> | void;

export interface StreamedResult {
  /** The document with `components: []` (they went to the sink); absent when an error was found. */
  readonly document?: SbomDocument;
  readonly issues: readonly SbomIssue[];
  /** Components read (the subject component and nested ones included). */
  readonly componentCount: number;
}

export interface ReadyCycloneDxJson {
  readonly ok: true;
  readonly version: CycloneDxVersion;
  /** The document's dependencies (known before the components are read, for their rows). */
  readonly dependencies: readonly SbomDependency[];
  /** Reads the components into `sink`, batch by batch, then the rest; once. */
  read(sink: ComponentSink): Promise<StreamedResult>;
}

export type PreparedCycloneDxJson = ReadyCycloneDxJson | { readonly ok: false; readonly issues: readonly SbomIssue[] };

const DEFAULT_BATCH = 2000;
const DEFAULT_BATCH_BYTES = 128 * 1024;
/** Input is fed to the splitter in slices of this size, so its event lists stay short. */
const SLICE_BYTES = 4 * 1024 * 1024;

interface Member {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly maxDepth: number;
  /** The split `components` array (its value stands in `rest` as []). */
  readonly isComponents: boolean;
}

type Json = Record<string, unknown>;

function failed(issue: SbomIssue): PreparedCycloneDxJson {
  return { ok: false, issues: [issue] };
}

function syntaxIssue(message: string, location?: string): SbomIssue {
  const issue: SbomIssue = { severity: 'error', code: 'json-syntax', message: `Not valid JSON: ${message}` };
  return location === undefined ? issue : { ...issue, location };
}

/** Pass 1. See the module comment. */
export function prepareCycloneDxJson(bytes: Uint8Array, options: StreamOptions = {}): PreparedCycloneDxJson {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (buf.length > maxLength) {
    return failed({ severity: 'error', code: 'too-large', message: `The document is larger than ${maxLength} bytes.` });
  }
  // Depth limits this small put the components array itself too deep: nothing to stream.
  if (maxDepth <= 2) return fromWholeDocument(buf, options);

  // Structure: members, and the byte range of every element of `components`.
  const splitter = new ComponentsSplitter();
  const members: Member[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const tooDeep: number[] = [];
  let componentArrays = 0;
  let componentMembers = 0;
  for (let at = 0; ; at += SLICE_BYTES) {
    const events = at < buf.length ? splitter.push(buf.subarray(at, Math.min(buf.length, at + SLICE_BYTES))) : splitter.end();
    for (const e of events) {
      switch (e.kind) {
        case 'problem':
          // Not an object: no CycloneDX BOM, nothing to stream; the whole-document reader says which issue (syntax or format).
          if (e.notAnObject) return fromWholeDocument(buf, options);
          return failed(syntaxIssue(`${e.message} (at byte ${e.offset})`));
        case 'member':
          if (e.key === 'components') componentMembers++;
          members.push({ key: e.key, start: e.start, end: e.end, maxDepth: e.maxDepth, isComponents: false });
          break;
        case 'components':
          componentArrays++;
          members.push({ key: 'components', start: e.start, end: e.start, maxDepth: 1, isComponents: true });
          break;
        case 'element':
          starts.push(e.start);
          ends.push(e.end);
          if (e.maxDepth >= maxDepth) tooDeep.push(e.index);
          break;
        case 'components-end':
          break;
      }
    }
    if (at >= buf.length) break;
  }
  // `components` written twice: JSON.parse keeps the last; too rare to stream.
  if (componentArrays + componentMembers > 1) return fromWholeDocument(buf, options);

  const count = starts.length;
  const elementText = (i: number): string => buf.toString('utf8', starts[i], ends[i]);
  const parseElement = (i: number): unknown => JSON.parse(elementText(i)) as unknown;
  /** Parses every element, only to find a syntax error (which outranks every other issue). */
  const syntaxOfElements = (): SbomIssue | undefined => {
    for (let i = 0; i < count; i++) {
      try {
        parseElement(i);
      } catch (e) {
        return elementSyntax(e, i);
      }
    }
    return undefined;
  };
  const elementSyntax = (e: unknown, i: number): SbomIssue => syntaxIssue(`${(e as Error).message} (in /components/${i}, from byte ${starts[i]})`, `/components/${i}`);

  // The other members, parsed as JSON.parse would place them (a repeated name keeps its first position and its last value).
  const rest: Json = {};
  for (const m of members) {
    let value: unknown = [];
    if (!m.isComponents) {
      try {
        value = JSON.parse(buf.toString('utf8', m.start, m.end));
      } catch (e) {
        return failed(syntaxIssue(`${(e as Error).message} (in /${escapePointer(m.key)}, from byte ${m.start})`, `/${escapePointer(m.key)}`));
      }
    }
    Object.defineProperty(rest, m.key, { value, writable: true, enumerable: true, configurable: true });
  }

  if (tooDeep.length > 0 || members.some((m) => m.maxDepth >= maxDepth)) {
    const syntax = syntaxOfElements();
    if (syntax) return failed(syntax);
    // Undefined only when the too-deep value was a member written twice and replaced by a shallow one.
    const location = locateTooDeep(members, rest, tooDeep, parseElement, maxDepth);
    if (location !== undefined) {
      return failed({ severity: 'error', code: 'nesting-too-deep', message: `JSON nesting is deeper than ${maxDepth} levels.`, location });
    }
  }

  const detected = detectVersion(rest);
  if (!detected.ok) return failed(syntaxOfElements() ?? detected.issue);
  const version = detected.version;

  const metadata = asObject(rest['metadata']);
  const subject = asObject(metadata?.['component']);

  // The schema: the rest of the document now, the elements as they are read. When the rest is
  // invalid the document is refused here, with the elements' errors merged in (a syntax error
  // in an element still outranks them).
  const validation = new ComponentsSplitValidation(version, false, parseElement);
  if (!validation.rest(rest)) {
    for (let i = 0; i < count; i++) {
      let value: unknown;
      try {
        value = parseElement(i);
      } catch (e) {
        return failed(elementSyntax(e, i));
      }
      validation.component(i, value);
    }
    return { ok: false, issues: validation.issues() };
  }

  // A large BOM's dependency graph is its second-largest part, held until the end: read once
  // (the parsed member is dropped) with each ref text held once — JSON.parse makes a string per
  // occurrence, and the same refs come back as bom-refs, in dependsOn lists and in the sets below.
  const canonical = new Map<string, string>();
  const intern = (s: string): string => {
    const known = canonical.get(s);
    if (known !== undefined) return known;
    canonical.set(s, s);
    return s;
  };
  // The same entries readDependencies makes, built in one pass.
  const dependencies: SbomDependency[] = [];
  for (const entry of asArray(rest['dependencies'])) {
    const d = asObject(entry);
    if (!d) continue;
    // filter + map, not push: arrays of exactly their length (a pushed-to array keeps spare capacity).
    const dependsOn = asArray(d['dependsOn']).filter((t): t is string => typeof t === 'string').map(intern);
    dependencies.push({ ref: intern(typeof d['ref'] === 'string' ? d['ref'] : ''), dependsOn });
  }
  delete rest['dependencies'];
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const batchBytes = Math.max(1, options.batchBytes ?? DEFAULT_BATCH_BYTES);
  let readStarted = false;
  return {
    ok: true,
    version,
    dependencies,
    async read(sink: ComponentSink): Promise<StreamedResult> {
      if (readStarted) throw new Error('A prepared CycloneDX JSON document is read once.');
      readStarted = true;
      // The bom-refs as written, which a generated ref must never equal — including those written
      // further down. They are gathered as the elements are read; only when a ref has to be
      // generated (an element without bom-ref, rare in tool output) are the remaining elements
      // read ahead for theirs, once.
      const explicit = new Set<string>();
      const explicitAdder = { add: (ref: string) => explicit.add(intern(ref)) };
      collectExplicitRefs([subject, ...asArray(rest['services'])], explicitAdder);
      let readAheadFrom = 0;
      let syntaxError: SbomIssue | undefined;
      const allExplicit: Pick<ReadonlySet<string>, 'has'> = {
        has(ref: string): boolean {
          for (; readAheadFrom < count && syntaxError === undefined; readAheadFrom++) {
            try {
              collectExplicitRefs([parseElement(readAheadFrom)], explicitAdder);
            } catch (e) {
              syntaxError = elementSyntax(e, readAheadFrom);
            }
          }
          return explicit.has(ref);
        },
      };
      const refs: RefState = { explicit: allExplicit, generated: new Set() };
      const readIssues: SbomIssue[] = [];
      const ctx: ReadContext = { version, issues: readIssues, locate: (p) => p, componentPointers: [], servicePointers: [] };
      const known = new Set<string>();
      const duplicates: SbomIssue[] = [];
      const purls: SbomIssue[] = [];
      let batch: SbomComponent[] = [];
      let batchStart = 0;
      let delivered = 0;
      let stopped = false;
      let issuesChecked = 0;
      // The post-checks of checkDocument, applied as the components arrive (same rules, same order).
      const checkNew = (): void => {
        for (let k = 0; k < batch.length; k++) {
          const c = batch[k] as SbomComponent;
          const pointer = ctx.componentPointers[k];
          if (known.has(c.ref)) duplicates.push(duplicateRefIssue(c.ref, pointer === undefined ? undefined : `${pointer}/bom-ref`));
          else known.add(intern(c.ref));
          if (c.purl === undefined) continue;
          const issue = invalidPurlIssue(c.purl, () => (pointer === undefined ? undefined : `${pointer}/purl`));
          if (issue) purls.push(issue);
        }
      };
      const flush = async (): Promise<void> => {
        checkNew();
        // Once an error is known the document will be refused: keep reading for the full list of issues, stop storing.
        for (; issuesChecked < readIssues.length; issuesChecked++) if (readIssues[issuesChecked]?.severity === 'error') stopped = true;
        stopped ||= duplicates.length > 0 || syntaxError !== undefined;
        if (!stopped && batch.length > 0) await sink(batch, delivered);
        delivered += batch.length;
        batch = [];
        ctx.componentPointers.length = 0;
      };
      const batchFull = (i: number): boolean => batch.length >= batchSize || (ends[i] as number) - batchStart >= batchBytes;
      const subjectRef = subject ? readComponentTree(subject, '/metadata/component', undefined, 1, batch, refs, ctx) : undefined;
      for (let i = 0; i < count && syntaxError === undefined; i++) {
        let value: unknown;
        try {
          value = parseElement(i);
        } catch (e) {
          syntaxError = elementSyntax(e, i);
          break;
        }
        validation.component(i, value);
        // After a schema error only the schema is checked (and syntax), as the whole-document reader does.
        if (validation.componentsFailed) continue;
        if (i >= readAheadFrom) collectExplicitRefs([value], explicitAdder);
        const o = asObject(value);
        if (batch.length === 0) batchStart = starts[i] as number;
        if (o) readComponentTree(o, `/components/${i}`, undefined, 1, batch, refs, ctx);
        if (batchFull(i)) await flush();
      }
      // A syntax error outranks every other issue (the whole-document reader finds nothing else).
      if (syntaxError) return { issues: [syntaxError], componentCount: delivered };
      const schemaIssues = validation.issues();
      if (schemaIssues.length > 0) return { issues: schemaIssues, componentCount: delivered };
      await flush();
      const services: SbomService[] = readServices(rest['services'], refs, ctx);
      services.forEach((s, k) => {
        if (known.has(s.ref)) {
          const pointer = ctx.servicePointers[k];
          duplicates.push(duplicateRefIssue(s.ref, pointer === undefined ? undefined : `${pointer}/bom-ref`));
        } else known.add(intern(s.ref));
      });
      const document = assembleDocument(rest, version, [], services, subjectRef, dependencies);
      const issues = [
        ...readIssues,
        ...duplicates,
        ...danglingDependencies(document.dependencies, known, (i) => `/dependencies/${i}`),
        ...dependencyCycles(document.dependencies),
        ...purls,
      ];
      return issues.some((i) => i.severity === 'error') ? { issues, componentCount: delivered } : { document, issues, componentCount: delivered };
    },
  };
}

/**
 * The pointer the whole-document depth guard reports: it walks the tree depth first, last
 * member first (see `deeperThan`), so the members — and the elements of `components` — are
 * searched in that order here.
 */
function locateTooDeep(members: readonly Member[], rest: Json, tooDeepElements: readonly number[], parseElement: (i: number) => unknown, maxDepth: number): string | undefined {
  const seen = new Set<string>();
  // A repeated member name was parsed once, at its first position, with its last value.
  const unique = members.filter((m) => !seen.has(m.key) && seen.add(m.key) !== undefined);
  for (let k = unique.length - 1; k >= 0; k--) {
    const m = unique[k] as Member;
    if (m.isComponents) {
      for (let j = tooDeepElements.length - 1; j >= 0; j--) {
        const i = tooDeepElements[j] as number;
        const found = deeperThan(parseElement(i), maxDepth, 2, `/components/${i}`);
        if (found !== undefined) return found;
      }
      continue;
    }
    const found = deeperThan(rest[m.key], maxDepth, 1, `/${escapePointer(m.key)}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The rare shapes not worth streaming (a repeated `components`, absurd depth limits): the whole-document reader, same interface. */
function fromWholeDocument(buf: Buffer, options: StreamOptions): PreparedCycloneDxJson {
  const result = parseCycloneDxJson(buf.toString('utf8'), options);
  const doc = result.document;
  if (!doc) return { ok: false, issues: result.issues };
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  return {
    ok: true,
    version: doc.specVersion as CycloneDxVersion,
    dependencies: doc.dependencies,
    async read(sink) {
      for (let i = 0; i < doc.components.length; i += batchSize) await sink(doc.components.slice(i, i + batchSize), i);
      return { document: { ...doc, components: [] }, issues: result.issues, componentCount: doc.components.length };
    },
  };
}

function asObject(x: unknown): Json | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined;
}

function asArray(x: unknown): readonly unknown[] {
  return Array.isArray(x) ? x : [];
}
