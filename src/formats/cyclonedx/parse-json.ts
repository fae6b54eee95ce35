import type { SbomIssue, SbomParseResult } from '../sbom/model.js';
import { checkDocument } from './checks.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type CycloneDxParseOptions } from './options.js';
import { readBom } from './read-model.js';
import { validateAgainstSchema } from './schema.js';
import { isSupportedVersion, SUPPORTED_VERSIONS, type CycloneDxVersion } from './versions.js';

/**
 * Reads a CycloneDX 1.2–1.6 JSON BOM. Order: size guard, JSON syntax, depth guard, format and
 * version detection, the official JSON schema of that version, then the mapping and the
 * post-checks (duplicate refs, dangling dependencies, cycles, purls, nesting). The document is
 * returned only when no error was found; warnings come with it.
 */
export function parseCycloneDxJson(text: string, options: CycloneDxParseOptions = {}): SbomParseResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) return fail('too-large', `The document is larger than ${maxLength} characters.`);
  let value: unknown;
  try {
    // A leading byte order mark is common in files written on Windows and is not JSON.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    return fail('json-syntax', `Not valid JSON: ${(e as Error).message}`);
  }
  const tooDeep = deeperThan(value, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (tooDeep !== undefined) {
    return fail('nesting-too-deep', `JSON nesting is deeper than ${options.maxDepth ?? DEFAULT_MAX_DEPTH} levels.`, tooDeep);
  }
  const detected = detectVersion(value);
  if (!detected.ok) return { issues: [detected.issue] };
  const bom = value as Record<string, unknown>;
  const schemaIssues = validateAgainstSchema(bom, detected.version);
  if (schemaIssues.length > 0) return { issues: schemaIssues };
  const issues: SbomIssue[] = [];
  const componentPointers: string[] = [];
  const servicePointers: string[] = [];
  const doc = readBom(bom, { version: detected.version, issues, locate: (p) => p, componentPointers, servicePointers });
  issues.push(
    ...checkDocument(doc, {
      component: (i, field) => {
        const p = componentPointers[i];
        return p === undefined ? undefined : field === undefined ? p : `${p}/${field}`;
      },
      service: (i) => {
        const p = servicePointers[i];
        return p === undefined ? undefined : `${p}/bom-ref`;
      },
      dependency: (i) => `/dependencies/${i}`,
    }),
  );
  return issues.some((i) => i.severity === 'error') ? { issues } : { document: doc, issues };
}

function fail(code: string, message: string, location?: string): SbomParseResult {
  const issue: SbomIssue = location === undefined ? { severity: 'error', code, message } : { severity: 'error', code, message, location };
  return { issues: [issue] };
}

export type Detected = { ok: true; version: CycloneDxVersion } | { ok: false; issue: SbomIssue };

/** The version a parsed document declares, or the issue that refuses it. */
export function detectVersion(value: unknown): Detected {
  const o = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (o?.['bomFormat'] !== 'CycloneDX') {
    return { ok: false, issue: { severity: 'error', code: 'not-cyclonedx', message: 'bomFormat is not "CycloneDX".', location: '/bomFormat' } };
  }
  const v = o['specVersion'];
  if (typeof v === 'string' && isSupportedVersion(v)) return { ok: true, version: v };
  return {
    ok: false,
    issue: {
      severity: 'error',
      code: 'unsupported-version',
      message: `CycloneDX specVersion ${JSON.stringify(v)} is not supported; supported: ${SUPPORTED_VERSIONS.join(', ')}.`,
      location: '/specVersion',
    },
  };
}

/**
 * JSON pointer of the first value nested deeper than `max`, or undefined. A depth-limited
 * recursive pass (at most `max` frames, so it cannot overflow) answers "is anything too deep"
 * without building pointers; only a document that fails it is walked again to name the place.
 * `baseDepth` and `basePointer` place `root` inside a larger document (the streaming reader
 * checks one member or element at a time).
 */
export function deeperThan(root: unknown, max: number, baseDepth = 0, basePointer = ''): string | undefined {
  if (!exceeds(root, baseDepth, max)) return undefined;
  return locateTooDeep(root, max, baseDepth, basePointer);
}

function exceeds(value: unknown, depth: number, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= max) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (exceeds(value[i], depth + 1, max)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && exceeds((value as Record<string, unknown>)[key], depth + 1, max)) return true;
  }
  return false;
}

/** The pointer, found iteratively (no recursion to overflow) in a fixed order the streaming reader reproduces. */
function locateTooDeep(root: unknown, max: number, baseDepth: number, basePointer: string): string | undefined {
  const stack: { value: unknown; depth: number; pointer: string }[] = [{ value: root, depth: baseDepth, pointer: basePointer }];
  while (stack.length > 0) {
    const { value, depth, pointer } = stack.pop() as { value: unknown; depth: number; pointer: string };
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= max) return pointer === '' ? '/' : pointer;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'object' && v !== null) stack.push({ value: v, depth: depth + 1, pointer: `${pointer}/${escapePointer(k)}` });
    }
  }
  return undefined;
}

export function escapePointer(key: string): string {
  return key.replace(/~/gu, '~0').replace(/\//gu, '~1');
}
