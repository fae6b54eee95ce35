import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { pgliteDialect } from './pglite-dialect.js';
import { PgliteSession } from './pglite-session.js';
import type { DB } from './schema.js';

// int8 (bigint, count(*)) as a JS number on the server, as PGlite already returns it,
// so both backends give the same types. Vigil's counters stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

// date columns stay 'YYYY-MM-DD' strings on both drivers: a calendar date (end of support)
// has no time zone, and a JS Date would shift it by the server's offset.
pg.types.setTypeParser(1082, (value: string) => value);
const DATE_OID = 1082;

// timestamptz: PostgreSQL prints "2026-11-23 12:25:47.302+00"; turned into ISO 8601 it goes
// through V8's native Date parser, several times faster than pg's regular-expression parser
// (a 50-row page has 200 timestamps). Anything unusual (BC, infinity) takes pg's own path.
const parsePgTimestamp = pg.types.getTypeParser(1184);
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
pg.types.setTypeParser(1184, (value: string) => {
  if (!PG_TIMESTAMPTZ.test(value)) return parsePgTimestamp(value);
  const iso = value.replace(' ', 'T');
  return new Date(iso.length - iso.search(/[+-]\d{2}(:\d{2})?$/) === 3 ? `${iso}:00` : iso);
});

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the root handle or an open transaction: stores accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

/** Where the data lives: a PostgreSQL server, or an embedded PGlite (directory or memory). */
export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly loadDataDir?: Blob };

export interface RawResult {
  rows: unknown[];
  rowCount: number;
}

/**
 * Raw SQL outside Kysely. Without parameters the text may hold several statements
 * (migrations, pg-boss's DDL); with parameters it must be one statement.
 */
export type RawQuery = (sql: string, params?: unknown[]) => Promise<RawResult>;

export interface ScriptRunner {
  /** One raw statement (or script) on any connection. */
  query: RawQuery;
  /** Runs `fn` with one connection held throughout (session locks, BEGIN … COMMIT). */
  withConnection<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
}

export interface Database extends ScriptRunner {
  readonly kind: 'postgres' | 'pglite';
  readonly kysely: Db;
  /** The PGlite instance, when embedded (for dumps and COPY). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target.url, target.poolSize) : openPglite(target);
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A broken idle connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => {});
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    query: (sql, params) => pgQuery(pool, sql, params),
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn((sql, params) => pgQuery(client, sql, params));
      } finally {
        client.release();
      }
    },
    async close() {
      await kysely.destroy();
    },
  };
}

async function openPglite(target: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  if (target.dataDir) mkdirSync(dirname(target.dataDir), { recursive: true });
  const lite = await PGlite.create({
    parsers: { [DATE_OID]: (value: string) => value },
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
  });
  const session = new PgliteSession(lite);
  const kysely = new Kysely<DB>({ dialect: pgliteDialect(session) });
  return {
    kind: 'pglite',
    kysely,
    pglite: lite,
    query: (sql, params) => session.run((db) => pgliteQuery(db, sql, params)),
    withConnection: (fn) => session.run((db) => fn((sql, params) => pgliteQuery(db, sql, params))),
    async close() {
      await kysely.destroy();
      // An open PGlite keeps Node's event loop alive: always close it.
      await lite.close();
    },
  };
}

async function pgQuery(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<RawResult> {
  const r = await client.query(sql, params);
  // A multi-statement text returns one result per statement; callers want the last.
  const last = Array.isArray(r) ? (r.at(-1) as pg.QueryResult | undefined) : r;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
}

async function pgliteQuery(db: PGlite, sql: string, params?: unknown[]): Promise<RawResult> {
  if (params && params.length > 0) {
    const r = await db.query(sql, params);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }
  // query() refuses several statements ("cannot insert multiple commands into a prepared
  // statement"); exec() takes scripts.
  const results = await db.exec(sql);
  const last = results.at(-1);
  return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
}
