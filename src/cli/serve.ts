import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../platform/auth/context.js';
import { loadConfig, type Role } from '../platform/config.js';
import type { Db } from '../platform/db/database.js';
import { loadDemo } from '../modules/demo/demo.js';
import { createUser } from '../modules/identity/service.js';
import { createOrganization } from '../modules/orgs/service.js';
import { recordAudit } from '../platform/audit/audit.js';
import { UsageError } from './context.js';
import { randomBytes } from 'node:crypto';
import { buildWebApp } from '../platform/web-build.js';

const WEB_SRC = fileURLToPath(new URL('../../web/', import.meta.url));
const WEB_DIST = join(WEB_SRC, 'dist');
export const FIRST_USER_EMAIL = 'admin@vigil.local';

/** Builds the web app when its output is missing or older than its sources (a fresh clone). */
async function ensureWebBuilt(out: (line: string) => void): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  if (existsSync(index) && newestMtime(join(WEB_SRC, 'src')) <= statSync(index).mtimeMs) return;
  out('Building the web app (first start)…');
  // Build aside and swap in, so processes starting together never serve a half-written folder.
  const staging = `${WEB_DIST.replace(/\/$/, '')}.${process.pid}`;
  await buildWebApp(staging);
  rmSync(WEB_DIST, { recursive: true, force: true });
  try {
    renameSync(staging, WEB_DIST);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process swapped its build in first
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// Arbitrary constant naming the bootstrap advisory lock.
const BOOTSTRAP_LOCK_KEY = 7_424_312;

/**
 * On an empty database: the first organization and its owner, whose password is printed
 * once, and (unless --no-demo) the demo data.
 */
async function bootstrap(db: Db, withDemo: boolean, out: (line: string) => void): Promise<void> {
  const password = randomBytes(15).toString('base64url');
  // Several processes may start at once on one PostgreSQL: the lock makes exactly one of them bootstrap.
  const owner = await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`.execute(tx);
    const anyUser = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyUser) return null;
    const user = await createUser(tx, FIRST_USER_EMAIL, 'Vigil Administrator', password);
    await recordAudit(tx, { actor: SYSTEM_ACTOR, orgId: null, requestId: null }, { action: 'user.create', target: { type: 'user', id: user.id }, summary: { email: user.email, firstUser: true } });
    if (!withDemo) await createOrganization(tx, SYSTEM_ACTOR, { name: 'My Organization', kind: 'both' }, user.id);
    return user;
  });
  if (!owner) return;
  const demo = withDemo ? await loadDemo(db, owner.id) : undefined;
  out('');
  out('First start: an owner account was created. Sign in with');
  out(`  e-mail:   ${FIRST_USER_EMAIL}`);
  out(`  password: ${password}`);
  out('This password is shown once; change it under Account after signing in.');
  if (demo?.users.length) {
    out('Demo people (same instance):');
    for (const u of demo.users) out(`  ${u.email} / ${u.password}  (${u.role}, ${u.organization})`);
  }
  out('');
}

export function registerServe(program: Command, out: (line: string) => void): void {
  program
    .command('serve')
    .description('Run Vigil: the API and web app, the job workers, or both')
    .option('--role <role>', 'api | worker | all', 'all')
    .option('--port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--no-demo', 'do not load demo data on first start')
    .action(async (o: { role: string; port?: string; host?: string; demo: boolean }) => {
      if (!['api', 'worker', 'all'].includes(o.role)) throw new UsageError(`--role must be api, worker or all (got "${o.role}").`);
      const port = o.port === undefined ? undefined : Number(o.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new UsageError('--port must be a port number.');
      const config = loadConfig(process.env, { role: o.role as Role, ...(port === undefined ? {} : { port }), ...(o.host ? { host: o.host } : {}) });
      // The web build (native, multi-threaded) and the database start (WASM on PGlite) overlap.
      const webBuilt = config.role === 'worker' ? Promise.resolve() : ensureWebBuilt(out);
      // Loaded here so the other verbs do not pay for the HTTP stack at start-up.
      const { createVigil } = await import('../app.js');
      const vigil = await createVigil(config, { webAppReady: webBuilt });
      await bootstrap(vigil.database.kysely, o.demo, out);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        out('Stopping…');
        await vigil.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
      if (vigil.http) {
        const address = await vigil.http.listen({ port: config.port, host: config.host });
        out(`Vigil (${config.role}, ${vigil.database.kind}) is ready at ${address.replace('127.0.0.1', 'localhost')}`);
      } else out(`Vigil worker (${vigil.database.kind}) is running.`);
    });
}
