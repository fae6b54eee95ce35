import { PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { PgliteSession } from './pglite-session.js';

/**
 * Kysely's PostgreSQL dialect driven by PGlite. The published kysely-pglite-dialect pins
 * PGlite ≤ 0.4, so this adapter (a pool of one connection guarded by the session mutex)
 * stands in for it. A Kysely transaction holds the "connection" from BEGIN to COMMIT, so
 * nothing else can interleave.
 */
export function pgliteDialect(session: PgliteSession): PostgresDialect {
  const pool: PostgresPool = {
    async connect(): Promise<PostgresPoolClient> {
      const release = await session.acquire();
      return {
        async query(sql: string, parameters: readonly unknown[]) {
          const result = await session.db.query(sql, parameters as unknown[]);
          return {
            rows: result.rows,
            rowCount: result.affectedRows ?? result.rows.length,
            command: commandOf(sql),
          };
        },
        release,
      } as unknown as PostgresPoolClient;
    },
    async end() {},
  };
  return new PostgresDialect({ pool });
}

function commandOf(sql: string): 'INSERT' | 'SELECT' | 'UPDATE' | 'DELETE' | 'MERGE' {
  // Kysely only reads this to report affected rows for plain INSERT/UPDATE/DELETE/MERGE.
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  return word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' || word === 'MERGE' ? word : 'SELECT';
}
