import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite is a single PostgreSQL session. Everything that talks to it — Kysely queries,
 * Kysely transactions, the job queue — must take turns, or a job-queue poll could run
 * inside an application transaction. This mutex is that turn-taking.
 */
export class PgliteSession {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly db: PGlite) {}

  /** Waits for the session, returning the function that hands it back. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }

  /** Runs `fn` while holding the session. */
  async run<T>(fn: (db: PGlite) => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn(this.db);
    } finally {
      release();
    }
  }
}
