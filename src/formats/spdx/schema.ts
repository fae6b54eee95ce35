import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { SbomIssue } from '../sbom/model.js';
import schema22 from './schemas/spdx-2.2.schema.json' with { type: 'json' };
import schema23 from './schemas/spdx-2.3.schema.json' with { type: 'json' };

/** SPDX versions Vigil reads and writes (the `spdxVersion` value without the `SPDX-` prefix). */
export const SPDX_VERSIONS = ['2.2', '2.3'] as const;
export type SpdxVersion = (typeof SPDX_VERSIONS)[number];

/** At most this many schema errors are reported; the rest are summarized in one issue. */
export const MAX_SCHEMA_ISSUES = 20;

export function isSpdxVersion(v: string): v is SpdxVersion {
  return (SPDX_VERSIONS as readonly string[]).includes(v);
}

const addFormats = ajvFormats.default;
const compiled = new Map<SpdxVersion, ValidateFunction>();

// Compiled lazily and once: compiling both schemas costs tens of milliseconds, which a caller that
// only reads tag-value should not pay.
function validatorFor(version: SpdxVersion): ValidateFunction {
  const existing = compiled.get(version);
  if (existing) return existing;
  const ajv = new Ajv({ strict: false, allErrors: true, addUsedSchema: false });
  addFormats(ajv);
  const validate = ajv.compile(version === '2.2' ? schema22 : schema23);
  compiled.set(version, validate);
  return validate;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'document' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${where}: property "${String(params['additionalProperty'])}" is not allowed`;
  if (e.keyword === 'enum') return `${where} must be one of ${JSON.stringify(params['allowedValues'])}`;
  if (e.keyword === 'required') return `${where}: required property "${String(params['missingProperty'])}" is missing`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

function pointerOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(params['additionalProperty'])}`;
  if (e.keyword === 'required') return `${e.instancePath}/${String(params['missingProperty'])}`;
  return e.instancePath === '' ? '/' : e.instancePath;
}

/**
 * Validates a parsed SPDX JSON value against the official schema of `version`. Every issue is an
 * error named by the JSON pointer of the offending value (for a missing or unexpected property,
 * the pointer of that property).
 */
export function validateSpdxSchema(value: unknown, version: SpdxVersion): SbomIssue[] {
  const validate = validatorFor(version);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const issues: SbomIssue[] = errors.slice(0, MAX_SCHEMA_ISSUES).map((e) => ({
    severity: 'error',
    code: 'schema',
    message: `SPDX ${version} schema: ${describe(e)}.`,
    location: pointerOf(e),
  }));
  if (errors.length > MAX_SCHEMA_ISSUES) {
    issues.push({
      severity: 'error',
      code: 'schema',
      message: `SPDX ${version} schema: ${errors.length - MAX_SCHEMA_ISSUES} more errors not listed.`,
    });
  }
  return issues;
}
