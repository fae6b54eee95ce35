import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { isAbsoluteIri, pointer } from './json.js';
import type { VexIssue } from './model.js';
import openVexSchema from './schema/openvex_json_schema_0.2.0.json' with { type: 'json' };

/*
 * The official OpenVEX 0.2.0 JSON schema (./schema/, provenance in ./schema/PROVENANCE.md),
 * compiled once with Ajv2020 (it is draft 2020-12). `strict: false` because the schema puts
 * `if` without a sibling `type`, which ajv's strict mode refuses although it is valid.
 *
 * `iri` (every `@id`) is checked as RFC 3987 absolute-IRI syntax. ajv-formats-draft2019's
 * `iri` additionally demands a scheme in IANA's registry and so rejects `pkg:` package URLs,
 * which the OpenVEX spec names as valid product `@id`s.
 */

const addFormats = ajvFormats.default;

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  ajv.addFormat('iri', isAbsoluteIri);
  validator = ajv.compile(openVexSchema);
  return validator;
}

/** Schema issues of a parsed OpenVEX value; `[]` when it conforms. */
export function validateOpenVexSchema(value: unknown): VexIssue[] {
  const validate = compiled();
  return validate(value) ? [] : schemaIssues(validate.errors ?? []);
}

/** ajv errors as issues at the pointer of the offending member (shared with the CSAF reader). */
export function schemaIssues(errors: readonly ErrorObject[]): VexIssue[] {
  const seen = new Set<string>();
  const issues: VexIssue[] = [];
  // A failed `if` only says "must match then" beside the real error of its `then`.
  for (const e of errors.filter((x) => x.keyword !== 'if')) {
    const issue = toIssue(e);
    const key = `${issue.location ?? ''}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function toIssue(e: ErrorObject): VexIssue {
  const params = e.params as Record<string, unknown>;
  const at = e.instancePath === '' ? '/' : e.instancePath;
  const issue = (location: string, message: string): VexIssue => ({ severity: 'error', code: 'schema', location, message });
  switch (e.keyword) {
    case 'required':
      return issue(`${e.instancePath}${pointer(String(params['missingProperty']))}`, 'is required');
    case 'additionalProperties':
      return issue(`${e.instancePath}${pointer(String(params['additionalProperty']))}`, 'is not a property the schema allows');
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      return issue(at, `${JSON.stringify(e.data)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    }
    case 'format':
      return issue(at, `${JSON.stringify(e.data)} is not a valid ${String(params['format'])}`);
    default:
      return issue(at, e.message ?? `fails schema keyword ${e.keyword}`);
  }
}
