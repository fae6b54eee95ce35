/**
 * Readers of OSV-format vulnerability data (https://ossf.github.io/osv-schema/), producing
 * Vigil's source-neutral `IntelRecord` with source `ghsa` for GitHub advisories and `osv`
 * for every other database. docs/formats/osv.md describes the mapping and the limits.
 */
export { parseOsvRecord, parseOsvValue } from './parse.js';
export { validateOsvSchema, type OsvSchemaError } from './schema.js';
export { databaseOf, idPrefix, sourceKindOf } from './map.js';
export type { OsvParseOutcome, OsvReadItem } from './items.js';
export { DEFAULT_OSV_LIMITS, RATIO_CHECK_FLOOR, type OsvReadLimits, type OsvReadOptions } from './limits.js';
export { readOsvZip } from './zip.js';
export { readOsvFolder } from './folder.js';
export { readOsvJsonLines } from './jsonl.js';
export { readOsvJsonFile } from './json-file.js';
export { detectOsvSource, readOsvSource, type OsvSourceKind } from './source.js';
