import { sql, type RawBuilder } from 'kysely';

/**
 * The keyset condition for lists ordered newest first (`created_at desc, id desc`): rows
 * strictly after the cursor's (created_at, id). A row-value comparison, so PostgreSQL uses
 * the (org_id, created_at, id) indexes directly. Single-table queries only (unqualified names).
 */
export function olderThan(cursor: readonly [createdAt: string, id: string] | undefined): RawBuilder<boolean> {
  return cursor ? sql<boolean>`(created_at, id) < (${new Date(cursor[0])}, ${cursor[1]}::uuid)` : sql<boolean>`true`;
}
