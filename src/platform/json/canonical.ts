import { createRequire } from 'node:module';

// canonicalize (RFC 8785 JCS) is CommonJS with ESM-style typings; require() gets the function itself.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/** RFC 8785 canonical JSON: equal values give equal text, so the text can be hashed. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? '';
}
