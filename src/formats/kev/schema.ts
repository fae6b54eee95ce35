import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import kevSchema from './schema.json' with { type: 'json' };

/**
 * The official CISA KEV JSON schema (./schema.json, see ./README.md for provenance), compiled
 * twice from one ajv instance: the whole catalog for JSON files, and its `vulnerability`
 * definition alone for CSV rows, so both readers apply exactly the same rules to an entry.
 */

const SCHEMA_KEY = 'kev';
const addFormats = ajvFormats.default;

let validators: { catalog: ValidateFunction; entry: ValidateFunction } | undefined;

// Compiled lazily and once; the schema declares draft-07 and carries a non-standard `url`
// keyword, hence `strict: false`.
function compiled(): { catalog: ValidateFunction; entry: ValidateFunction } {
  if (validators) return validators;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(kevSchema, SCHEMA_KEY);
  const catalog = ajv.getSchema(SCHEMA_KEY);
  const entry = ajv.getSchema(`${SCHEMA_KEY}#/$defs/vulnerability`);
  if (!catalog || !entry) throw new Error('The vendored KEV schema lacks its vulnerability definition.');
  validators = { catalog, entry };
  return validators;
}

/** A schema violation, its pointer relative to the validated value. */
export interface KevSchemaError {
  readonly pointer: string;
  readonly message: string;
}

function toSchemaError(e: ErrorObject): KevSchemaError {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    const pointer = `${e.instancePath}/${String(params['missingProperty'])}`;
    return { pointer, message: `${pointer} is missing` };
  }
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  return { pointer: e.instancePath, message: `${where} ${e.message ?? 'is invalid'}` };
}

/** Checks a whole parsed catalog against the official schema; `[]` when it conforms. */
export function validateKevCatalog(value: unknown): KevSchemaError[] {
  const { catalog } = compiled();
  return catalog(value) ? [] : (catalog.errors ?? []).map(toSchemaError);
}

/** Checks one vulnerability object against the schema's `vulnerability` definition. */
export function validateKevEntry(value: unknown): KevSchemaError[] {
  const { entry } = compiled();
  return entry(value) ? [] : (entry.errors ?? []).map(toSchemaError);
}
