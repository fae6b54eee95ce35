import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { JobQueue } from './jobs/queue.js';

/** What capability modules receive from the composition root (src/app.ts). */
export interface Deps {
  readonly config: Config;
  readonly database: Database;
  readonly jobs: JobQueue;
}
