import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { adminQuery, withDatabaseName } from '../support/database.js';
import { runCli, VIGIL_BIN } from '../support/cli.js';

/**
 * Scale-out is a PostgreSQL feature: two API processes and one worker share one server.
 * This test always runs against the PostgreSQL server (VIGIL_TEST_DATABASE_URL, or the
 * local one the README names), whichever backend the rest of the suite uses.
 */
const SERVER = process.env.VIGIL_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `vigil_scale_${randomBytes(4).toString('hex')}`;
const url = withDatabaseName(SERVER, name);
const children: ChildProcess[] = [];
let db: Database;

function startProcess(role: 'api' | 'worker', demo: boolean): Promise<{ child: ChildProcess; url: string | null; output: () => string }> {
  const child = spawn(process.execPath, [VIGIL_BIN, 'serve', '--role', role, '--port', '0', ...(demo ? [] : ['--no-demo'])], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const ready = /is ready at (http:\/\/\S+)/.exec(output);
      if (ready || /worker .* is running/.test(output)) {
        clearTimeout(timer);
        resolve({ child, url: ready ? ready[1]!.replace('localhost', '127.0.0.1') : null, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => reject(new Error(`${role} exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  try {
    await adminQuery(SERVER, `create database ${name}`);
  } catch (error) {
    throw new Error(`The scale-out test needs PostgreSQL at ${SERVER} (set VIGIL_TEST_DATABASE_URL): ${(error as Error).message}`, { cause: error });
  }
  const migrated = await runCli(['migrate'], { DATABASE_URL: url });
  expect(migrated.code).toBe(0);
  db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
  await db?.close();
  await adminQuery(SERVER, `drop database if exists ${name} with (force)`);
});

async function json(res: Response) {
  return (await res.json()) as Record<string, unknown>;
}

describe('scale-out on PostgreSQL', () => {
  it('runs two API processes and one worker on one database', async () => {
    // Two API processes start at once on an empty database: exactly one bootstraps the owner.
    const [api1, api2] = await Promise.all([startProcess('api', true), startProcess('api', true)]);
    const printed = [api1.output(), api2.output()].filter((o) => o.includes('password:'));
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0]!)![1]!;
    expect(await db.kysely.selectFrom('users').select('email').where('email', '=', 'admin@vigil.local').execute()).toHaveLength(1);

    const login = await fetch(`${api1.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@vigil.local', password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await json(login)) as { csrfToken: string };

    // The session made on API 1 works on API 2: no state lives in a process.
    const started = await fetch(`${api2.url}/api/v1/audit/verify`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(started.status).toBe(202);
    const { jobId } = (await json(started)) as { jobId: string };

    // API processes do not run jobs: without a worker the job stays queued.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await json(await fetch(`${api1.url}/api/v1/jobs/${jobId}`, { headers: { cookie } }))).state).toBe('queued');

    await startProcess('worker', false);
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 150 && job.state !== 'succeeded' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = await json(await fetch(`${api1.url}/api/v1/jobs/${jobId}`, { headers: { cookie } }));
    }
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ ok: true });

    // Graceful shutdown: SIGTERM stops the process cleanly (exit 0) while the other API answers on.
    const exited = new Promise<number | null>((resolve) => api1.child.on('exit', (code) => resolve(code)));
    api1.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect((await fetch(`${api2.url}/readyz`)).status).toBe(200);
  });
});
