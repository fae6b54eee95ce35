import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { OrgContext } from '../auth/context.js';
import type { Database, Executor, Tx } from '../db/database.js';

/** What a job handler gets: its payload and a way to report progress. */
export interface JobContext<P> {
  readonly jobId: string;
  readonly orgId: string;
  readonly payload: P;
  /** Records progress readable at GET /api/v1/jobs/:id. */
  progress(done: number, total?: number, message?: string): Promise<void>;
}

export type JobHandler<P = unknown> = (job: JobContext<P>) => Promise<unknown>;

// Arbitrary constant naming the advisory lock held while pg-boss installs or upgrades its schema.
const QUEUE_INSTALL_LOCK_KEY = 7_424_313;

interface Envelope {
  jobId: string;
  orgId: string;
  payload: unknown;
}

/**
 * Background work on a PostgreSQL-backed queue (pg-boss) on both backends: on PostgreSQL
 * pg-boss uses its own pool; on PGlite it goes through the shared session mutex. Vigil
 * keeps its own `job_runs` row per job for progress and results, written in the same
 * transaction as the enqueue, so a job exists exactly when the change that asked for it does.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly periodic: { name: string; intervalMs: number; tick: () => Promise<unknown> }[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private boss: PgBoss | undefined;
  /** Where queue errors (lost connections, failed polls) are reported; set by the composition root. */
  onError: (error: Error) => void = () => {};

  constructor(
    private readonly db: Database,
    private readonly options: { readonly work: boolean },
  ) {}

  /** Declares a job kind and its handler. Every process registers every kind (to send); only workers run them. */
  register<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler<never>);
  }

  /**
   * Declares work a worker process does every `intervalMs` (such as queueing scheduled
   * syncs), first right after start. Ticks never overlap; an error is reported, not fatal.
   */
  every(name: string, intervalMs: number, tick: () => Promise<unknown>): void {
    this.periodic.push({ name, intervalMs, tick });
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  async start(): Promise<void> {
    // Through Vigil's own connection layer on both backends, so on PGlite pg-boss takes
    // turns with the application instead of interleaving with its transactions.
    const boss = new PgBoss({
      db: { executeSql: (text, values) => this.db.query(text, values) },
      supervise: this.options.work,
      schedule: false,
    });
    boss.on('error', (error) => this.onError(error));
    const install = async () => {
      await boss.start();
      for (const kind of this.handlers.keys()) await boss.createQueue(kind);
    };
    if (this.db.kind === 'postgres') {
      // pg-boss creates its schema and each queue's partition table with DDL; processes
      // starting together on one database would race (duplicate schema, deadlocks). The
      // advisory lock makes them take turns. (PGlite is one process with one session, and
      // holding the session here would deadlock.)
      await this.db.withConnection(async (query) => {
        await query('select pg_advisory_lock($1)', [QUEUE_INSTALL_LOCK_KEY]);
        try {
          await install();
        } finally {
          await query('select pg_advisory_unlock($1)', [QUEUE_INSTALL_LOCK_KEY]);
        }
      });
    } else {
      await install();
    }
    if (this.options.work) {
      for (const [kind, handler] of this.handlers) {
        await boss.work<Envelope>(kind, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
          for (const job of jobs) await this.run(handler, job.data);
        });
      }
    }
    this.boss = boss;
    if (this.options.work) for (const task of this.periodic) this.startTicking(task);
  }

  private startTicking(task: { name: string; intervalMs: number; tick: () => Promise<unknown> }): void {
    const run = async () => {
      try {
        if (this.boss) await task.tick();
      } catch (error) {
        this.onError(new Error(`${task.name}: ${(error as Error).message}`));
      }
      if (this.boss) this.timers.set(task.name, setTimeout(() => void run(), task.intervalMs).unref());
    };
    this.timers.set(task.name, setTimeout(() => void run(), 0).unref());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.boss = undefined;
  }

  /** Creates the job's run record and queues it, inside the caller's transaction. */
  async enqueue(tx: Tx, ctx: OrgContext, kind: string, payload: unknown): Promise<string> {
    if (!this.boss) throw new Error('job queue is not started');
    if (!this.handlers.has(kind)) throw new Error(`unknown job kind ${kind}`);
    const run = await tx
      .insertInto('job_runs')
      .values({ org_id: ctx.orgId, kind, state: 'queued', created_by: ctx.actor.label, result: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const envelope: Envelope = { jobId: run.id, orgId: ctx.orgId, payload };
    await this.boss.send(kind, envelope as unknown as object, { id: run.id, retryLimit: 0, db: transactionalDb(tx) });
    return run.id;
  }

  private async run(handler: JobHandler<never>, envelope: Envelope): Promise<void> {
    const k = this.db.kysely;
    await k.updateTable('job_runs').set({ state: 'running', started_at: new Date() }).where('id', '=', envelope.jobId).execute();
    try {
      const result = await handler({
        jobId: envelope.jobId,
        orgId: envelope.orgId,
        payload: envelope.payload as never,
        progress: (done, total, message) => setProgress(k, envelope.jobId, done, total, message),
      });
      await k
        .updateTable('job_runs')
        .set({ state: 'succeeded', finished_at: new Date(), result: JSON.stringify(result ?? null) })
        .where('id', '=', envelope.jobId)
        .execute();
    } catch (error) {
      await k
        .updateTable('job_runs')
        .set({ state: 'failed', finished_at: new Date(), error: (error as Error).message })
        .where('id', '=', envelope.jobId)
        .execute();
    }
  }
}

async function setProgress(db: Executor, jobId: string, done: number, total?: number, message?: string): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ progress: done, ...(total === undefined ? {} : { total }), ...(message === undefined ? {} : { message }) })
    .where('id', '=', jobId)
    .execute();
}

/** pg-boss's "db" option bound to an open Kysely transaction. */
function transactionalDb(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows };
    },
  };
}
