import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

/**
 * Validation against the official SARIF 2.1.0 schema (schema/sarif-schema-2.1.0.json, see
 * schema/PROVENANCE.md). The schema is draft-04; ajv 8 reads it once the draft-04 `id` is
 * renamed `$id` — every other keyword it uses means the same in draft-07. Compiled on first use.
 */

export const SARIF_SCHEMA_FILE = new URL('./schema/sarif-schema-2.1.0.json', import.meta.url);

let validator: ValidateFunction | undefined;

/** The vendored schema as published (draft-04). */
export function sarifSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
}

function compiled(): ValidateFunction {
  if (validator) return validator;
  const { id, $schema: _draft04, ...rest } = sarifSchema();
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajvFormats.default(ajv);
  validator = ajv.compile({ $id: id as string, ...rest });
  return validator;
}

export interface SarifIssue {
  /** JSON pointer of the offending value (`/runs/0/results/3/level`), `/` for the root. */
  readonly pointer: string;
  readonly message: string;
}

/** Schema errors of a SARIF log; empty when it is valid. */
export function validateSarif(log: unknown): SarifIssue[] {
  const validate = compiled();
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({ pointer: e.instancePath || '/', message: e.message ?? e.keyword }));
}
