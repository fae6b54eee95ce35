import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, RawQuery } from './database.js';

/** The plain-SQL migration folder shipped with Vigil. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (name) => {
      const sql = await readFile(new URL(name, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

// Arbitrary constant: the advisory lock that lets several Vigil processes start at once
// against one PostgreSQL without applying the same migration twice.
const MIGRATION_LOCK_KEY = 7_424_311;

/**
 * Applies pending migrations in file-name order, each in its own transaction, and refuses
 * to run when an applied migration's file has since changed (its checksum differs): editing
 * history would make PGlite and PostgreSQL installs drift apart.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return db.withConnection(async (query) => {
    if (db.kind === 'postgres') await query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await query(`create table if not exists schema_migrations (
        name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
      const applied = new Map(
        (await query('select name, checksum from schema_migrations')).rows.map((r) => {
          const row = r as { name: string; checksum: string };
          return [row.name, row.checksum] as const;
        }),
      );
      const done: string[] = [];
      for (const m of all) {
        const checksum = applied.get(m.name);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied (checksum mismatch).`);
          continue;
        }
        await applyOne(query, m);
        done.push(m.name);
      }
      return done;
    } finally {
      if (db.kind === 'postgres') await query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

async function applyOne(query: RawQuery, m: Migration): Promise<void> {
  await query('begin');
  try {
    await query(m.sql);
    await query('insert into schema_migrations(name, checksum) values ($1, $2)', [m.name, m.checksum]);
    await query('commit');
  } catch (error) {
    await query('rollback');
    throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
