import { basename } from 'node:path';
import { warningIssue, type OsvParseOutcome } from './items.js';
import { parseOsvRecord } from './parse.js';

/**
 * Parses a file (or zip entry) that holds one OSV record. The OSV layouts name each file
 * after its record (`GHSA-jfh8-c2jp-5v3q.json`); a record whose id differs from its file
 * name is kept with a warning, because it usually means a copy or rename gone wrong.
 */
export function parseOsvFile(text: string, location: string): OsvParseOutcome {
  const outcome = parseOsvRecord(text, location);
  const record = outcome.record;
  if (!record) return outcome;
  const stem = basename(location).replace(/\.json$/i, '');
  if (stem === record.id) return outcome;
  const warning = warningIssue('osv.id.file-name-mismatch', `Record ${record.id} is stored as ${basename(location)}.`, location);
  return { record, issues: [...outcome.issues, warning] };
}
