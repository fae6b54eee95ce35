import { randomBytes } from 'node:crypto';
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { loadMigrations, migrate } from '../../src/platform/db/migrate.js';
import { JobQueue } from '../../src/platform/jobs/queue.js';
import { createHash } from 'node:crypto';

/**
 * Isolated databases for tests. Each test file gets its own database, cloned from a
 * template that is migrated once per run:
 * - PGlite (default): the migrated data directory is dumped to .test-cache/ and each test
 *   database loads that dump (a fresh PGlite initdb costs ~5 s, a load ~1 s);
 * - PostgreSQL (VIGIL_TEST_DATABASE_URL set): CREATE DATABASE … TEMPLATE on the server.
 */
const CACHE_DIR = fileURLToPath(new URL('../../.test-cache/', import.meta.url));

export const serverUrl = (): string | undefined => process.env.VIGIL_TEST_DATABASE_URL || undefined;

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function migrationsFingerprint(): Promise<string> {
  const all = await loadMigrations();
  return createHash('sha256').update(all.map((m) => `${m.name}:${m.checksum}`).join('\n')).digest('hex').slice(0, 16);
}

/** Creates the migrated template (with pg-boss's schema) and returns its name or dump path. */
export async function prepareTemplate(): Promise<string> {
  const url = serverUrl();
  if (url) {
    const name = `vigil_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
    await adminQuery(url, `create database ${name}`);
    await initialise(await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name), poolSize: 2 }));
    return name;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `pglite-template-${await migrationsFingerprint()}.tar.gz`);
  if (!existsSync(path)) {
    const db = await openDatabase({ kind: 'pglite' });
    await migrate(db);
    await startAndStopQueue(db);
    const dump = await db.pglite!.dumpDataDir('gzip');
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
    await db.close();
  }
  return path;
}

async function initialise(db: Database): Promise<void> {
  await migrate(db);
  await startAndStopQueue(db);
  await db.close();
}

async function startAndStopQueue(db: Database): Promise<void> {
  const queue = new JobQueue(db, { work: false });
  await queue.start();
  await queue.stop();
}

export async function dropTemplate(template: string): Promise<void> {
  const url = serverUrl();
  if (url) await adminQuery(url, `drop database if exists ${template} with (force)`);
}

export interface TestDatabase {
  readonly database: Database;
  /** A connection URL when on PostgreSQL (for tests that start separate processes). */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(template: string): Promise<TestDatabase> {
  const url = serverUrl();
  if (url) {
    const name = `vigil_t_${randomBytes(6).toString('hex')}`;
    await createFromTemplate(url, name, template);
    const dbUrl = withDatabaseName(url, name);
    const database = await openDatabase({ kind: 'postgres', url: dbUrl, poolSize: 5 });
    return {
      database,
      url: dbUrl,
      async drop() {
        await database.close();
        await adminQuery(url, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const database = await openDatabase({ kind: 'pglite', loadDataDir: new Blob([readFileSync(template)]) });
  return { database, url: undefined, drop: () => database.close() };
}

/**
 * PostgreSQL refuses to copy a template while any session is connected to it, and a
 * just-closed connection's backend can linger for a moment: retry briefly.
 */
async function createFromTemplate(url: string, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(url, `create database ${name} template ${template}`);
      return;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs one statement on the server's maintenance connection (create/drop database). */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

