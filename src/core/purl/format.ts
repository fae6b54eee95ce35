import { ok, type Result } from '../result.js';
import type { Purl } from './types.js';
import { encodeComponent } from './encoding.js';
import { parsePurl } from './parse.js';

function encodeSegments(path: string): string {
  return path.split('/').map(encodeComponent).join('/');
}

/**
 * Canonical string form of a purl (ECMA-427 5.4/5.6): lowercase type, each
 * namespace and subpath segment percent-encoded, qualifiers sorted by key with
 * encoded values (so `/` in a value becomes `%2F`, `:` stays), no empty parts.
 * Expects a value produced by {@link parsePurl} or `buildPurl` (already normalized).
 */
export function formatPurl(purl: Purl): string {
  let out = `pkg:${purl.type}/`;
  if (purl.namespace !== undefined) out += encodeSegments(purl.namespace) + '/';
  out += encodeComponent(purl.name);
  if (purl.version !== undefined) out += '@' + encodeComponent(purl.version);
  if (purl.qualifiers !== undefined) {
    const keys = Object.keys(purl.qualifiers).sort();
    if (keys.length > 0) out += '?' + keys.map((k) => `${k}=${encodeComponent(purl.qualifiers![k]!)}`).join('&');
  }
  if (purl.subpath !== undefined) out += '#' + encodeSegments(purl.subpath);
  return out;
}

/** Parses `input` and returns its canonical form, or the parse error. */
export function canonicalizePurl(input: string): Result<string> {
  const parsed = parsePurl(input);
  return parsed.ok ? ok(formatPurl(parsed.value)) : parsed;
}
