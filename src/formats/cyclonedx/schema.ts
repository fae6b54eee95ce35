import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { SbomIssue } from '../sbom/model.js';
import { firstDuplicate, UniqueItems } from './unique.js';
import type { CycloneDxVersion } from './versions.js';

/**
 * The official CycloneDX JSON schemas, as shipped in @cyclonedx/cyclonedx-library's `res/schema`.
 * Reading them is the one file access of this folder: they are a resource of a dependency (not
 * user input) and the package does not export them as modules. The library's own validator is
 * async, while parsing here is synchronous, so the same files are compiled with ajv directly,
 * with the library's ajv options.
 */
const schemaDir = join(
  dirname(dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library'))),
  'res',
  'schema',
);

/** At most this many schema errors are reported; the rest are summarized in one issue. */
export const MAX_SCHEMA_ISSUES = 20;

const addFormats = ajvFormats.default;
const rawSchemas = new Map<string, unknown>();

function loadJson(file: string): unknown {
  const cached = rawSchemas.get(file);
  if (cached !== undefined) return cached;
  const value: unknown = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
  rawSchemas.set(file, value);
  return value;
}

/** The schema file of a version: the strict variants (additionalProperties: false) exist for 1.2 and 1.3 only. */
function schemaFile(version: CycloneDxVersion, strict: boolean): string {
  const strictPart = strict && (version === '1.2' || version === '1.3') ? '-strict' : '';
  return `bom-${version}${strictPart}.SNAPSHOT.schema.json`;
}

interface Compiled {
  readonly ajv: Ajv;
  readonly document: ValidateFunction;
  component?: ValidateFunction;
}

const compiled = new Map<string, Compiled>();

/**
 * The validator of a schema file. Two flavours are compiled, each on first use: `allErrors:
 * false` stops at the first error and is what a valid document (the usual case) pays for;
 * `allErrors: true` runs only when a document is invalid, to list every error. Both compile the
 * same schema, so their verdicts agree.
 */
function compiledFor(version: CycloneDxVersion, strict: boolean, allErrors: boolean): Compiled {
  const file = schemaFile(version, strict);
  const key = `${file}:${allErrors ? 'all' : 'first'}`;
  const existing = compiled.get(key);
  if (existing) return existing;
  const shared = ['spdx', 'jsf-0.82', 'cryptography-defs'];
  const schemas: Record<string, object> = Object.fromEntries(
    shared.map((s) => [`http://cyclonedx.org/schema/${s}.SNAPSHOT.schema.json`, loadJson(`${s}.SNAPSHOT.schema.json`) as object]),
  );
  const ajv = new Ajv({
    useDefaults: false,
    strict: false,
    strictSchema: false,
    addUsedSchema: false,
    allErrors,
    // ajv's optimisation pass costs a third of compiling these large schemas (on the first import
    // of a process) and saves little when validating; the generated checks are the same.
    code: { optimize: false },
    schemas,
    loadSchema: (uri: string) => Promise.reject(new Error(`Remote schemas are disabled: ${uri}`)),
  });
  addFormats(ajv);
  // The library registers idn-email via ajv-formats-draft2019 and accepts any iri-reference;
  // a light idn-email check keeps the same verdicts on real addresses without that package.
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  ajv.addFormat('iri-reference', true);
  addLinearUniqueItems(ajv);
  ajv.addSchema(withLinearUniqueItems(loadJson(file)) as object, BOM_KEY);
  const result: Compiled = { ajv, document: ajv.getSchema(BOM_KEY) as ValidateFunction };
  compiled.set(key, result);
  return result;
}

const BOM_KEY = 'bom';

/** The validator of `#/definitions/component` of the same compiled schema (shares its compiled definitions). */
function componentValidator(c: Compiled): ValidateFunction {
  c.component ??= c.ajv.getSchema(`${BOM_KEY}#/definitions/component`) as ValidateFunction;
  return c.component;
}

const UNIQUE = 'vigilUniqueItems';

/**
 * ajv checks `uniqueItems` by comparing every pair of items: 8.5 s for 10,000 components.
 * The schemas are compiled with an equivalent keyword that finds duplicates in linear time
 * (see unique.ts), keeping the spec's verdict and ajv's error wording.
 */
function withLinearUniqueItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withLinearUniqueItems);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => (k === 'uniqueItems' && v === true ? [UNIQUE, true] : [k, withLinearUniqueItems(v)])),
  );
}

function duplicateItemsError(i: number, j: number): Partial<ErrorObject> {
  return { keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${i} and ${j} are identical)`, params: { i, j } };
}

function addLinearUniqueItems(ajv: Ajv): void {
  const check: SchemaValidateFunction = (enabled: boolean, data: unknown): boolean => {
    if (!enabled || !Array.isArray(data)) return true;
    const duplicate = firstDuplicate(data);
    if (duplicate === undefined) return true;
    check.errors = [duplicateItemsError(duplicate[0], duplicate[1])];
    return false;
  };
  ajv.addKeyword({ keyword: UNIQUE, type: 'array', schemaType: 'boolean', validate: check, errors: true });
}

/** The parsed official JSON schema of a version (used for enumerations the XML reader and the writer enforce). */
export function schemaOf(version: CycloneDxVersion): unknown {
  return loadJson(schemaFile(version, false));
}

/**
 * Validates a parsed CycloneDX JSON value against the official schema of `version`.
 * `strict` selects the strict 1.2/1.3 schemas (the 1.4+ schemas are strict already).
 * Returns issues with JSON pointers, at most {@link MAX_SCHEMA_ISSUES} plus a summary.
 */
export function validateAgainstSchema(
  value: unknown,
  version: CycloneDxVersion,
  strict = false,
): SbomIssue[] {
  if (compiledFor(version, strict, false).document(value)) return [];
  const all = compiledFor(version, strict, true).document;
  return all(value) ? [] : schemaIssues(all.errors ?? []);
}

/**
 * Validation of a document whose `components` array is read one element at a time (the
 * streaming JSON reader). Each element is checked against the schema's own
 * `#/definitions/component` — the very definition the `components` items refer to — and the
 * rest of the document (with `components: []` in its place) against the whole schema. The only
 * constraint that spans elements is `uniqueItems` on `components`; {@link UniqueItems} checks it
 * here with the same verdict and message. The issues then come out in the order ajv gives for
 * the whole document: root errors and the members the schema lists before `components`, then
 * the components' errors in element order, then their duplicate, then the later members — so
 * both readers report the same first 20 errors and the same count.
 */
export class ComponentsSplitValidation {
  private readonly fast: ValidateFunction;
  private readonly unique: UniqueItems;
  private readonly errors: ErrorObject[] = [];
  private errorCount = 0;
  private duplicate: ErrorObject | undefined;
  private restErrors: ErrorObject[] = [];

  constructor(
    private readonly version: CycloneDxVersion,
    private readonly strict: boolean,
    itemAt: (index: number) => unknown,
  ) {
    this.fast = componentValidator(compiledFor(version, strict, false));
    this.unique = new UniqueItems(itemAt);
  }

  /** Checks `components[index]`; indices must come in ascending order. */
  component(index: number, value: unknown): void {
    if (this.duplicate === undefined) {
      const earlier = this.unique.add(index, value);
      if (earlier >= 0) this.duplicate = { ...duplicateItemsError(earlier, index), instancePath: '/components', schemaPath: '#/properties/components/uniqueItems' } as ErrorObject;
    }
    if (this.fast(value)) return;
    const all = componentValidator(compiledFor(this.version, this.strict, true));
    if (all(value)) return;
    for (const e of all.errors ?? []) {
      this.errorCount++;
      if (this.errors.length < MAX_SCHEMA_ISSUES) this.errors.push({ ...e, instancePath: `/components/${index}${e.instancePath}` });
    }
  }

  /** Whether an element failed so far (the reader stops storing and only keeps validating). */
  get componentsFailed(): boolean {
    return this.errorCount > 0 || this.duplicate !== undefined;
  }

  /** Validates the rest of the document (`components` emptied); true when it is valid. */
  rest(value: unknown): boolean {
    this.restErrors = [];
    if (compiledFor(this.version, this.strict, false).document(value)) return true;
    const all = compiledFor(this.version, this.strict, true).document;
    if (!all(value)) this.restErrors = [...(all.errors ?? [])];
    return this.restErrors.length === 0;
  }

  /** Every schema issue found (elements and rest), in whole-document order; empty when valid. */
  issues(): SbomIssue[] {
    const restErrors = this.restErrors;
    if (restErrors.length === 0 && !this.componentsFailed) return [];
    const before = membersBeforeComponents(this.version, this.strict);
    const isBefore = (e: ErrorObject): boolean => {
      if (e.instancePath === '') return true;
      const first = e.instancePath.slice(1).split('/', 1)[0] ?? '';
      return before.has(first.replace(/~1/gu, '/').replace(/~0/gu, '~'));
    };
    const ordered = [
      ...restErrors.filter(isBefore),
      ...this.errors,
      ...(this.duplicate ? [this.duplicate] : []),
      ...restErrors.filter((e) => !isBefore(e)),
    ];
    const total = restErrors.length + this.errorCount + (this.duplicate ? 1 : 0);
    return schemaIssues(ordered, total);
  }
}

const beforeCache = new Map<string, ReadonlySet<string>>();

/** Top-level members the schema's `properties` list before `components` (ajv reports them first). */
function membersBeforeComponents(version: CycloneDxVersion, strict: boolean): ReadonlySet<string> {
  const file = schemaFile(version, strict);
  const cached = beforeCache.get(file);
  if (cached) return cached;
  const keys = Object.keys((loadJson(file) as { properties: Record<string, unknown> }).properties);
  const set = new Set(keys.slice(0, Math.max(0, keys.indexOf('components'))));
  beforeCache.set(file, set);
  return set;
}

function schemaIssues(errors: readonly ErrorObject[], total = errors.length): SbomIssue[] {
  const issues: SbomIssue[] = errors.slice(0, MAX_SCHEMA_ISSUES).map((e) => ({
    severity: 'error',
    code: 'schema',
    message: describeError(e),
    location: e.instancePath === '' ? '/' : e.instancePath,
  }));
  if (total > MAX_SCHEMA_ISSUES) {
    issues.push({
      severity: 'error',
      code: 'schema',
      message: `${total - MAX_SCHEMA_ISSUES} more schema errors not listed.`,
    });
  }
  return issues;
}

function describeError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown property "${String(params['additionalProperty'])}"`;
  if (e.keyword === 'enum') {
    const allowed = params['allowedValues'];
    const list = Array.isArray(allowed) ? allowed.slice(0, 12).map(String).join(', ') : '';
    return `${e.message ?? 'must be one of the allowed values'}${list ? `: ${list}${Array.isArray(allowed) && allowed.length > 12 ? ', …' : ''}` : ''}`;
  }
  return e.message ?? `fails schema keyword ${e.keyword}`;
}

/** Enumerations of a version's schema that the XML reader and the writer need. */
export interface VersionEnums {
  readonly componentTypes: ReadonlySet<string>;
  readonly hashAlgorithms: ReadonlySet<string>;
  readonly externalReferenceTypes: ReadonlySet<string>;
}

const enumsCache = new Map<CycloneDxVersion, VersionEnums>();

/** Reads the enumerations from the official schema, so they follow the spec instead of a hand copy. */
export function enumsOf(version: CycloneDxVersion): VersionEnums {
  const cached = enumsCache.get(version);
  if (cached) return cached;
  const defs = (schemaOf(version) as { definitions: Record<string, unknown> }).definitions;
  const enums: VersionEnums = {
    componentTypes: enumAt(defs, ['component', 'properties', 'type', 'enum']),
    hashAlgorithms: enumAt(defs, ['hash-alg', 'enum']),
    externalReferenceTypes: enumAt(defs, ['externalReference', 'properties', 'type', 'enum']),
  };
  enumsCache.set(version, enums);
  return enums;
}

function enumAt(root: unknown, path: readonly string[]): ReadonlySet<string> {
  let node: unknown = root;
  for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return new Set(Array.isArray(node) ? node.filter((x): x is string => typeof x === 'string') : []);
}

let spdxIds: ReadonlySet<string> | undefined;

/** Licence ids the CycloneDX schemas accept in `license.id` (their bundled SPDX list). */
export function cycloneDxSpdxIds(): ReadonlySet<string> {
  spdxIds ??= enumAt(loadJson('spdx.SNAPSHOT.schema.json'), ['enum']);
  return spdxIds;
}
