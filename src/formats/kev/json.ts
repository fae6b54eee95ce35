import type { IntelIssue } from '../intel/model.js';
import { describeRowProblems, KevEntryCollector, type KevParseResult } from './entry.js';
import { validateKevCatalog } from './schema.js';

const ENTRY_POINTER = /^\/vulnerabilities\/(\d+)(?:\/|$)/;

function notKev(message: string, location = '/'): KevParseResult {
  return { entries: [], issues: [{ severity: 'error', code: 'not-kev', message, location }] };
}

function countIssue(declared: unknown, actual: number): IntelIssue[] {
  if (typeof declared !== 'number' || declared === actual) return [];
  return [{ severity: 'warning', code: 'count-mismatch', message: `The catalog declares count ${declared} but lists ${actual} vulnerabilities.`, location: '/count' }];
}

/**
 * Reads the official CISA KEV catalog JSON (`known_exploited_vulnerabilities.json`), checked
 * against the official KEV schema. An entry that breaks the schema becomes an error issue at
 * its JSON pointer (`/vulnerabilities/12`) and is skipped; a document whose catalog fields
 * break it (not an object, no `vulnerabilities` array, a missing `catalogVersion`, …) is not
 * read as KEV at all: one `not-kev` error and no entries.
 */
export function parseKevJson(text: string): KevParseResult {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { entries: [], issues: [{ severity: 'error', code: 'invalid-json', message: `Not valid JSON: ${(error as Error).message}` }] };
  }
  // Errors inside an entry are left to the per-entry check, which names them per entry.
  const root = validateKevCatalog(document).filter((e) => !ENTRY_POINTER.test(e.pointer));
  if (root.length > 0) {
    return notKev(`Not a KEV catalog (the official schema fails at the catalog level): ${describeRowProblems(root)}.`, root[0]?.pointer || '/');
  }
  const catalog = document as { catalogVersion: string; dateReleased: string; count: number; vulnerabilities: unknown[] };
  const collector = new KevEntryCollector();
  catalog.vulnerabilities.forEach((item, index) => {
    collector.add(item, `/vulnerabilities/${index}`);
  });
  return {
    catalogVersion: catalog.catalogVersion,
    dateReleased: catalog.dateReleased,
    entries: collector.entries,
    issues: [...countIssue(catalog.count, catalog.vulnerabilities.length), ...collector.issues],
  };
}
