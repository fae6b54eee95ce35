import { createHash } from 'node:crypto';
import { excessiveDepthAt } from '../spdx/json.js';
import type { VexIssue } from './model.js';

/** Small helpers shared by the readers and writers: JSON text, pointers, identifiers. */

export type Json = Record<string, unknown>;

export type Parsed = { readonly value: unknown } | { readonly issue: VexIssue };

/**
 * Bounds on input: the largest real VEX documents are a few MB (Red Hat's CSAF files with
 * hundreds of products); CSAF product trees nest a handful of branch levels.
 */
export const MAX_VEX_TEXT_LENGTH = 64 * 1024 * 1024;
export const MAX_VEX_DEPTH = 64;

/**
 * Parses JSON text (a leading BOM allowed). Too long, too deeply nested (checked by a linear
 * scan before parsing, so nothing later walks a crafted depth) and syntax errors each become
 * one issue.
 */
export function parseJson(text: string): Parsed {
  if (text.length > MAX_VEX_TEXT_LENGTH) {
    return { issue: { severity: 'error', code: 'too-large', location: '/', message: `${text.length} characters; at most ${MAX_VEX_TEXT_LENGTH} are read` } };
  }
  const deep = excessiveDepthAt(text, MAX_VEX_DEPTH);
  if (deep >= 0) {
    return { issue: { severity: 'error', code: 'too-deep', location: '/', message: `nesting deeper than ${MAX_VEX_DEPTH} levels at character ${deep}` } };
  }
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/u, '')) as unknown };
  } catch (e) {
    return { issue: { severity: 'error', code: 'invalid-json', message: `not JSON: ${(e as Error).message}`, location: '/' } };
  }
}

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value's members that are objects (after schema validation the types are known; this keeps the code total). */
export function records(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A JSON pointer from segments (RFC 6901 escaping). */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/gu, '~0').replace(/\//gu, '~1')}`).join('');
}

/**
 * RFC 3987 absolute-IRI syntax: a scheme, a colon, then no whitespace, controls or the ASCII
 * characters IRIs exclude. Package URLs (`pkg:…`) and BOM-Links (`urn:cdx:…`) pass, as the
 * OpenVEX spec requires ("As Package URLs are valid IRIs, the @id can take a purl as a value").
 */
export function isAbsoluteIri(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/u.test(s)) return false;
  // Controls (U+0000–U+001F, U+007F) are excluded too; checked by code point to keep them out of the regex.
  return ![...s].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c < 0x20 || c === 0x7f;
  });
}

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

export function isUuidUrn(s: string): boolean {
  return UUID_URN.test(s);
}

/**
 * A `urn:uuid:` for an id that is not one: an RFC 4122 version 5 (name-based, SHA-1) UUID in
 * the URL namespace, so the same document id always gives the same serial number.
 */
export function uuidUrnFor(id: string): string {
  if (isUuidUrn(id)) return id;
  const urlNamespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(urlNamespace).update(id, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Drops undefined members so written documents carry no `undefined` (JSON.stringify would drop them, deep equality would not). */
export function compact<T extends Json>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
