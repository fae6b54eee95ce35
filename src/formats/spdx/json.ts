import type { SbomIssue, SbomParseResult } from '../sbom/model.js';
import { readSpdx, str, type Json } from './read.js';
import { isSpdxVersion, validateSpdxSchema } from './schema.js';

/** Limits on untrusted input. */
export interface SpdxParseOptions {
  /** Largest accepted input, in characters (default 256 Mi). */
  readonly maxLength?: number;
  /** Deepest accepted nesting of JSON arrays/objects (default 64; SPDX JSON needs 6). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_LENGTH = 256 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

function fatal(code: string, message: string, location?: string): SbomParseResult {
  return { issues: [location === undefined ? { severity: 'error', code, message } : { severity: 'error', code, message, location }] };
}

/** Line (1-based) of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Offset where nesting first exceeds `maxDepth`, or -1. A linear scan that skips strings: it runs
 * before anything walks the value, so no later step can be driven deep by crafted input.
 */
export function excessiveDepthAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > maxDepth) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** `SPDX-2.3` → `2.3`; undefined when the value is not of that form. */
export function versionOf(spdxVersion: string | undefined): string | undefined {
  const m = spdxVersion === undefined ? null : /^SPDX-(\d+\.\d+)$/.exec(spdxVersion.trim());
  return m?.[1];
}

/**
 * Reads an SPDX 2.2 or 2.3 JSON document. The document is validated against the official schema
 * of its `spdxVersion` (violations are errors with JSON pointers) and mapped into the SBOM model
 * even when the schema found errors, so the caller can show what was read; post-checks add
 * duplicate SPDXIDs (error), dangling relationships, cycles, invalid purls and licence expressions
 * (warnings). The document is absent only when the input is not SPDX JSON of a supported version.
 */
export function parseSpdxJson(text: string, options: SpdxParseOptions = {}): SbomParseResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) return fatal('too-large', `The document has ${text.length} characters; at most ${maxLength} are accepted.`);
  const deep = excessiveDepthAt(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (deep >= 0) return fatal('too-deep', `Nesting deeper than ${options.maxDepth ?? DEFAULT_MAX_DEPTH} levels.`, `line ${lineAt(text, deep)}`);
  let value: unknown;
  try {
    // A byte-order mark is not JSON, but Windows tools write one.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return fatal('json', `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fatal('json', 'An SPDX document must be a JSON object.', '/');
  const raw = value as Json;
  const declared = str(raw['spdxVersion']);
  const version = versionOf(declared);
  if (version === undefined || !isSpdxVersion(version))
    return fatal(
      'unsupported-version',
      declared === undefined ? 'spdxVersion is missing: not an SPDX 2.x JSON document.' : `spdxVersion "${declared.slice(0, 50)}" is not supported (SPDX-2.2 and SPDX-2.3 are).`,
      '/spdxVersion',
    );
  const issues: SbomIssue[] = validateSpdxSchema(raw, version);
  const document = readSpdx(raw, version, issues, (pointer) => pointer);
  return { document, issues };
}
