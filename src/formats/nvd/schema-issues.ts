import type { z } from 'zod';
import type { IntelIssue } from '../intel/model.js';
import { errorIssue, locate } from './read-item.js';

/** At most this many schema problems are named for one record; the rest are counted. */
const MAX_NAMED = 5;

/** JSON pointer (RFC 6901) of a zod issue path. */
export function pointerOf(path: readonly PropertyKey[], base = ''): string {
  const tail = path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  return base + tail || '/';
}

/**
 * One error issue summarising why a record failed its schema: the first few problems with
 * their JSON pointers, so a user can find the offending field in a 100 KB record.
 */
export function schemaIssue(code: string, error: z.ZodError, prefix: string | undefined, base: string, what: string): IntelIssue {
  const named = error.issues.slice(0, MAX_NAMED).map((i) => `${pointerOf(i.path, base)}: ${i.message}`);
  const more = error.issues.length > MAX_NAMED ? ` (and ${error.issues.length - MAX_NAMED} more)` : '';
  const first = error.issues[0];
  return errorIssue(code, `${what} does not match the expected structure: ${named.join('; ')}${more}`, locate(prefix, pointerOf(first?.path ?? [], base)));
}
