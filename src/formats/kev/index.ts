import { parseKevCsv } from './csv.js';
import type { KevParseResult } from './entry.js';
import { parseKevJson } from './json.js';

export { KEV_CSV_COLUMNS, parseKevCsv } from './csv.js';
export type { KevParseResult } from './entry.js';
export { parseKevJson } from './json.js';

/** Which KEV form a text is in: JSON when its first non-blank character opens a JSON value. */
export function detectKevFormat(text: string): 'json' | 'csv' {
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''))?.[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

/**
 * Reads a CISA KEV catalog in either official form, JSON (`known_exploited_vulnerabilities.json`)
 * or the CSV export, told apart by content rather than file name.
 */
export function parseKev(text: string): KevParseResult {
  return detectKevFormat(text) === 'json' ? parseKevJson(text) : parseKevCsv(text);
}
