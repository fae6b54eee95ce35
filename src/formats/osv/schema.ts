import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import osvSchema from './schema.json' with { type: 'json' };

/*
 * The official OSV JSON schema (./schema.json, provenance in ./README.md), compiled once.
 * It is draft 2020-12, hence Ajv2020. `strict: false` because the schema uses union types
 * (`["array", "null"]`) and `if` without a sibling `type`, which ajv's strict mode refuses
 * although they are valid JSON Schema. `verbose` keeps the offending value in each error so
 * a message can quote it.
 */

const addFormats = ajvFormats.default;

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  validator = ajv.compile(osvSchema);
  return validator;
}

/** One schema violation; `pointer` is a JSON pointer (RFC 6901) into the validated value. */
export interface OsvSchemaError {
  readonly pointer: string;
  readonly message: string;
}

/** Checks a parsed value against the OSV schema; `[]` when it conforms. */
export function validateOsvSchema(value: unknown): OsvSchemaError[] {
  const validate = compiled();
  if (validate(value)) return [];
  const errors = (validate.errors ?? []).filter(isWorthNaming);
  return dedupe(errors.map(toSchemaError));
}

/**
 * A failed `if` only says "must match then" beside the real error of its `then`; a failed
 * `oneOf` branch, or each item that misses a `contains`, repeats what the `oneOf` or
 * `contains` error says once.
 */
function isWorthNaming(e: ErrorObject): boolean {
  if (e.keyword === 'if') return false;
  return !/\/(oneOf|anyOf)\/\d+\/|\/contains\//.test(e.schemaPath);
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function toSchemaError(e: ErrorObject): OsvSchemaError {
  const params = e.params as Record<string, unknown>;
  const at = e.instancePath === '' ? '/' : e.instancePath;
  switch (e.keyword) {
    case 'required':
      return { pointer: `${e.instancePath}/${escapeSegment(String(params['missingProperty']))}`, message: 'is missing' };
    case 'additionalProperties':
      return { pointer: `${e.instancePath}/${escapeSegment(String(params['additionalProperty']))}`, message: 'is not an OSV field' };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
      return { pointer: at, message: `${quote(e.data)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'pattern':
      return { pointer: at, message: patternMessage(e) };
    case 'format':
      return { pointer: at, message: `${quote(e.data)} is not a valid ${String(params['format'])}` };
    case 'oneOf':
    case 'anyOf':
    case 'not':
    case 'contains':
      return { pointer: at, message: nearestTitle(e.schemaPath) ?? e.message ?? 'is invalid' };
    default:
      return { pointer: at, message: e.message ?? 'is invalid' };
  }
}

function patternMessage(e: ErrorObject): string {
  const title = nearestTitle(e.schemaPath);
  return `${quote(e.data)} does not match the schema's pattern${title === undefined ? '' : ` (${title})`}`;
}

/**
 * The `title` of the closest enclosing subschema (not the root's): the schema titles its
 * combinator rules ("GIT ranges require a repo", "events must contain an introduced
 * object…"), which says far more than ajv's "must NOT be valid".
 */
function nearestTitle(schemaPath: string): string | undefined {
  const segments = schemaPath.replace(/^#\/?/, '').split('/').map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = osvSchema;
  let title: string | undefined;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[segment];
    const t = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)['title'] : undefined;
    if (typeof t === 'string') title = t;
  }
  return title;
}

function dedupe(errors: readonly OsvSchemaError[]): OsvSchemaError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.pointer}\n${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
