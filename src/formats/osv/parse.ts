import type { IntelIssue } from '../intel/model.js';
import type { OsvDocument } from './document.js';
import { errorIssue, locate, type OsvParseOutcome } from './items.js';
import { mapOsvDocument } from './map.js';
import { validateOsvSchema, type OsvSchemaError } from './schema.js';

/** At most this many schema problems are named in one issue; the rest are counted. */
const MAX_NAMED = 5;

/**
 * Parses one OSV record (JSON text, or an already parsed value) into Vigil's record.
 * The record must conform to the official OSV schema; a record that does not is refused
 * with one error issue naming the first problems by JSON pointer (location
 * `where#/pointer`). `schema_version` may be absent, as in most older feeds.
 *
 * @param input JSON text or a parsed value.
 * @param location where the record came from (file, zip entry, `line N`), prefixed to pointers.
 */
export function parseOsvRecord(input: unknown, location?: string): OsvParseOutcome {
  if (typeof input === 'string') {
    const parsed = parseJson(input, location);
    if ('issue' in parsed) return { issues: [parsed.issue] };
    return parseOsvValue(parsed.value, location, '');
  }
  return parseOsvValue(input, location, '');
}

/**
 * {@link parseOsvRecord} for a value found at `base` (a JSON pointer) inside a larger
 * document, such as an element of a JSON array of records.
 */
export function parseOsvValue(value: unknown, location: string | undefined, base: string): OsvParseOutcome {
  const errors = validateOsvSchema(value);
  if (errors.length > 0) return { issues: [schemaIssue(value, errors, location, base)] };
  return { record: mapOsvDocument(value as OsvDocument), issues: [] };
}

/** JSON.parse with the failure as an issue; a leading byte-order mark is ignored. */
export function parseJson(text: string, location: string | undefined): { value: unknown } | { issue: IntelIssue } {
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { issue: errorIssue('osv.json.invalid', `Not valid JSON: ${reason}`, location) };
  }
}

function schemaIssue(value: unknown, errors: readonly OsvSchemaError[], location: string | undefined, base: string): IntelIssue {
  const id = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['id'] : undefined;
  const what = typeof id === 'string' ? `OSV record ${id}` : 'The value';
  const named = errors.slice(0, MAX_NAMED).map((e) => `${base}${e.pointer === '/' && base !== '' ? '' : e.pointer}: ${e.message}`);
  const more = errors.length > MAX_NAMED ? ` (and ${errors.length - MAX_NAMED} more)` : '';
  const first = errors[0]!;
  const pointer = base + (first.pointer === '/' && base !== '' ? '' : first.pointer);
  return errorIssue('osv.schema.invalid', `${what} does not conform to the OSV schema: ${named.join('; ')}${more}`, locate(location, pointer));
}
