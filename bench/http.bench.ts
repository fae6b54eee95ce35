/**
 * HTTP throughput of an authenticated, paginated list endpoint and of sign-in, beside a
 * floor: a bare Fastify route returning the same JSON, measured in the same run with the
 * same load (autocannon, 50 connections, loopback only, bounded duration). Also the cold
 * start of `vigil serve` to "ready" on a new embedded database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createVigil } from '../src/app.js';
import { systemContext, SYSTEM_ACTOR } from '../src/platform/auth/context.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { createOrganization } from '../src/modules/orgs/service.js';
import { createToken } from '../src/modules/tokens/service.js';
import { createUser } from '../src/modules/identity/service.js';
import type { BenchRow, BenchSection } from './harness.js';

const CONNECTIONS = 50;
const SECONDS = 5;
const PASSWORD = 'benchmark passphrase';
const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

/**
 * Load comes from a separate autocannon process: in the server's own process the load
 * generator would compete for the same event loop and penalise the heavier route most.
 */
async function load(url: string, extra: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const args = [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(SECONDS)];
  if (extra.method) args.push('-m', extra.method);
  for (const [k, v] of Object.entries(extra.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (extra.body) args.push('-b', extra.body);
  args.push(url);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`autocannon exited ${code}`))));
  });
  const r = JSON.parse(output) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function floorServer(body: string) {
  const app = Fastify({ logger: false });
  app.get('/list', async (_req, reply) => reply.type('application/json').send(body));
  app.post('/login', async (_req, reply) => reply.type('application/json').send('{"csrfToken":"x"}'));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

async function measureBackend(label: string, database: Database): Promise<BenchRow[]> {
  const config = loadConfig({ LOG_LEVEL: 'silent', VIGIL_LOGIN_RATE_LIMIT: '1000000' });
  const vigil = await createVigil(config, { database, role: 'api' });
  const db = database.kysely;
  const user = await createUser(db, `bench-${Date.now()}@example.org`, 'Bench', PASSWORD);
  const org = await db.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: `Bench ${Date.now()}`, kind: 'both' }, user.id));
  for (let i = 0; i < 120; i++) await createToken(db, systemContext(org.id), { name: `token ${i}`, role: 'viewer', expiresInDays: 30 });
  const { secret } = await createToken(db, systemContext(org.id), { name: 'bench', role: 'admin', expiresInDays: 1 });
  const base = await vigil.http!.listen({ port: 0, host: '127.0.0.1' });
  const headers = { authorization: `Bearer ${secret}` };
  const sample = await (await fetch(`${base}/api/v1/tokens?limit=50`, { headers })).text();
  const floor = await floorServer(sample);
  try {
    const bare = await load(`${floor.url}/list`);
    const list = await load(`${base}/api/v1/tokens?limit=50`, { headers });
    const loginBody = JSON.stringify({ email: user.email, password: PASSWORD });
    const bareLogin = await load(`${floor.url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: loginBody });
    const login = await load(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: loginBody });
    return [
      { name: `${label}: GET /api/v1/tokens?limit=50 (bearer), ${CONNECTIONS} conns`, value: list.rps, unit: 'req/s', floor: bare.rps, target: '≥ 40% of floor', pass: list.rps >= 0.4 * bare.rps },
      { name: `${label}: same, p50 latency`, value: list.p50, unit: 'ms', floor: bare.p50 },
      { name: `${label}: same, p99 latency`, value: list.p99, unit: 'ms', floor: bare.p99, target: '< 50 ms', pass: list.p99 < 50 },
      { name: `${label}: POST /api/v1/auth/login (argon2id), ${CONNECTIONS} conns`, value: login.rps, unit: 'req/s', floor: bareLogin.rps },
      { name: `${label}: login p99 latency`, value: login.p99, unit: 'ms', floor: bareLogin.p99 },
    ];
  } finally {
    await floor.close();
    await vigil.close();
  }
}

/** Seconds from spawning `vigil serve` on an empty data directory to its "ready" line. */
async function coldStart(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cold-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/vigil.js', 'serve', '--port', '0'], { env: { ...process.env, VIGIL_DATA_DIR: dir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('is ready at')) resolve();
      });
      child.on('close', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    return (performance.now() - started) / 1000;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const lite = await openDatabase({ kind: 'pglite' });
  rows.push(...(await measureBackend('PGlite', lite)));
  await lite.close();
  const url = process.env.VIGIL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { adminQuery, withDatabaseName } = await import('../test/support/database.js');
  const name = `vigil_bench_${process.pid}`;
  await adminQuery(url, `create database ${name}`);
  try {
    const pgdb = await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name) });
    rows.push(...(await measureBackend('PostgreSQL', pgdb)));
    await pgdb.close();
  } finally {
    await adminQuery(url, `drop database if exists ${name} with (force)`);
  }
  const cold = await coldStart();
  rows.push({ name: 'cold `vigil serve` to ready (new PGlite data dir, demo data, web already built)', value: cold, unit: 's', target: '< 15 s', pass: cold < 15 });
  return {
    title: 'HTTP API (issue 3)',
    rows,
    notes:
      `Load: autocannon in a separate process, ${CONNECTIONS} connections, ${SECONDS} s per measure, 127.0.0.1. Floor: a bare Fastify app returning the identical JSON body ` +
      '(and a constant body for login), measured in the same run. The list endpoint resolves the bearer token (SHA-256 lookup), checks the role, ' +
      'and reads one page of 50 of 121 tokens with keyset pagination; login verifies an argon2id hash (19 MiB, t=2), which bounds its rate by design.',
  };
}
