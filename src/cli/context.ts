import { loadConfig, type Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { UsageError } from './errors.js';

export { EXIT, UsageError, describeFailure } from './errors.js';

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
