import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { SbomIssue } from '../sbom/model.js';
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
const compiled = new Map<string, ValidateFunction>();
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

function validatorFor(version: CycloneDxVersion, strict: boolean): ValidateFunction {
  const file = schemaFile(version, strict);
  const existing = compiled.get(file);
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
    allErrors: true,
    schemas,
    loadSchema: (uri: string) => Promise.reject(new Error(`Remote schemas are disabled: ${uri}`)),
  });
  addFormats(ajv);
  // The library registers idn-email via ajv-formats-draft2019 and accepts any iri-reference;
  // a light idn-email check keeps the same verdicts on real addresses without that package.
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  ajv.addFormat('iri-reference', true);
  addLinearUniqueItems(ajv);
  const validate = ajv.compile(withLinearUniqueItems(loadJson(file)) as object);
  compiled.set(file, validate);
  return validate;
}

const UNIQUE = 'vigilUniqueItems';

/**
 * ajv checks `uniqueItems` by comparing every pair of items: 8.5 s for 10,000 components.
 * The schemas are compiled with an equivalent keyword that compares canonical JSON texts in a
 * Set instead (linear), keeping the spec's verdict and ajv's error wording.
 */
function withLinearUniqueItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withLinearUniqueItems);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => (k === 'uniqueItems' && v === true ? [UNIQUE, true] : [k, withLinearUniqueItems(v)])),
  );
}

function addLinearUniqueItems(ajv: Ajv): void {
  const check: SchemaValidateFunction = (enabled: boolean, data: unknown): boolean => {
    if (!enabled || !Array.isArray(data)) return true;
    const seen = new Map<string, number>();
    for (let j = 0; j < data.length; j++) {
      const key = canonicalJson(data[j]);
      const i = seen.get(key);
      if (i !== undefined) {
        check.errors = [{ keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${i} and ${j} are identical)`, params: { i, j } }];
        return false;
      }
      seen.set(key, j);
    }
    return true;
  };
  ajv.addKeyword({ keyword: UNIQUE, type: 'array', schemaType: 'boolean', validate: check, errors: true });
}

/** JSON text with object keys sorted, so equal values (as JSON Schema defines equality) give equal texts. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
  const validate = validatorFor(version, strict);
  if (validate(value)) return [];
  return schemaIssues(validate.errors ?? []);
}

function schemaIssues(errors: readonly ErrorObject[]): SbomIssue[] {
  const issues: SbomIssue[] = errors.slice(0, MAX_SCHEMA_ISSUES).map((e) => ({
    severity: 'error',
    code: 'schema',
    message: describeError(e),
    location: e.instancePath === '' ? '/' : e.instancePath,
  }));
  if (errors.length > MAX_SCHEMA_ISSUES) {
    issues.push({
      severity: 'error',
      code: 'schema',
      message: `${errors.length - MAX_SCHEMA_ISSUES} more schema errors not listed.`,
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
