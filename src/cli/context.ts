import { loadConfig, type Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { Problem } from '../platform/http/problem.js';

/** Exit codes shared by every verb: 0 success, 1 the checked condition failed, 2 usage or input error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** An error the CLI reports as a usage/input error (exit 2) with this message only. */
export class UsageError extends Error {}

/** Opens the configured database, migrated, for one admin verb, and always closes it. */
export async function withDatabase<T>(fn: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

export async function orgIdBySlug(db: Database, slug: string): Promise<string> {
  const org = await db.kysely.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!org) throw new UsageError(`No organization with slug "${slug}".`);
  return org.id;
}

/** Maps an error to a message and exit code, so no stack trace reaches a user for bad input. */
export function describeFailure(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: error.message, code: EXIT.usage };
  if (error instanceof Problem) {
    const fields = error.errors?.map((e) => `  ${e.pointer}: ${e.message}`).join('\n');
    return { message: [error.detail ?? error.title, fields].filter(Boolean).join('\n'), code: error.status < 500 ? EXIT.usage : EXIT.failed };
  }
  return { message: (error as Error).message ?? String(error), code: EXIT.failed };
}
