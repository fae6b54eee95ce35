import { err, ok, type Result } from '../result.js';

/**
 * Percent-encoding per ECMA-427 clause 5.4: everything is encoded except ASCII
 * alphanumerics, the punctuation `.-_~` and the colon `:` (which "shall not be
 * percent-encoded" anywhere). Separators inside a component are therefore always
 * encoded; callers that join segments with `/` encode each segment separately.
 */
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  UNRESERVED[c] = /[A-Za-z0-9.\-_~:]/.test(ch) ? 1 : 0;
}

const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();

/** Percent-encodes one purl component (or one namespace/subpath segment). */
export function encodeComponent(value: string): string {
  let i = 0;
  // Fast path: most components need no encoding at all.
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c >= 128 || UNRESERVED[c] === 0) break;
    i++;
  }
  if (i === value.length) return value;
  let out = value.slice(0, i);
  for (const byte of utf8.encode(value.slice(i))) {
    if (byte < 128 && UNRESERVED[byte] === 1) out += String.fromCharCode(byte);
    else out += '%' + HEX[byte >> 4]! + HEX[byte & 15]!;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `%XX` triplets in `input[start, end)` as UTF-8. `+` is kept as is: a purl
 * is not form-encoded. Errors carry the absolute position of the bad triplet.
 */
export function decodeComponent(input: string, start: number, end: number): Result<string> {
  // Bounded scan (not indexOf): indexOf would look past `end`, and callers decode many
  // segments of one string, which would make parsing quadratic.
  let pct = start;
  while (pct < end && input.charCodeAt(pct) !== 37) pct++;
  if (pct === end) return ok(input.slice(start, end));
  const bytes: number[] = [];
  let out = input.slice(start, pct);
  let i = pct;
  let runStart = -1; // where the current run of encoded bytes began, for error reporting
  const flush = (): Result<string> | undefined => {
    if (bytes.length === 0) return undefined;
    try {
      out += strictUtf8.decode(Uint8Array.from(bytes));
    } catch {
      return err('purl.encoding.utf8', 'Percent-encoded bytes are not valid UTF-8.', runStart);
    }
    bytes.length = 0;
    return undefined;
  };
  while (i < end) {
    const c = input.charCodeAt(i);
    if (c === 37 /* % */) {
      const hi = i + 2 < end ? hexValue(input.charCodeAt(i + 1)) : -1;
      const lo = hi >= 0 ? hexValue(input.charCodeAt(i + 2)) : -1;
      if (lo < 0) return err('purl.encoding.triplet', "A '%' must be followed by two hexadecimal digits.", i);
      if (bytes.length === 0) runStart = i;
      bytes.push(hi * 16 + lo);
      i += 3;
    } else {
      const failed = flush();
      if (failed) return failed;
      out += input[i];
      i++;
    }
  }
  const failed = flush();
  return failed ?? ok(out);
}
