import { z } from 'zod';
import { badRequest } from './problem.js';

/**
 * Keyset (cursor) pagination: the cursor is the sort key of the last item returned,
 * opaque to clients (base64url JSON). Unlike offsets it stays correct while rows are added.
 */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) throw invalidCursor();
  return key as (string | number)[];
}

function invalidCursor() {
  return badRequest('The cursor is not one this endpoint issued.', [{ pointer: '/query/cursor', message: 'invalid cursor' }]);
}

/** Cuts a result fetched with `limit + 1` rows into a page. */
export function toPage<R, T>(rows: R[], limit: number, present: (row: R) => T, keyOf: (row: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(present), nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}
