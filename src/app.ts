import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import { z } from 'zod';
import { auditRoutes, registerAuditJobs } from './modules/audit/routes.js';
import { resolveSession } from './modules/identity/service.js';
import { identityRoutes } from './modules/identity/routes.js';
import { jobRoutes } from './modules/jobs/routes.js';
import { orgRoutes } from './modules/orgs/routes.js';
import { resolveToken } from './modules/tokens/service.js';
import { tokenRoutes } from './modules/tokens/routes.js';
import { portfolioRoutes } from './modules/portfolio/routes.js';
import { sbomRoutes } from './modules/sbom/routes.js';
import { intelRoutes } from './modules/intel/routes.js';
import { intelSourceRoutes, registerIntelJobs } from './modules/intel/sources-routes.js';
import { scanRoutes } from './modules/intel/scan-routes.js';
import { registerRiskJobs, riskRoutes } from './modules/risk/routes.js';
import { scoringRoutes } from './modules/scoring/routes.js';
import { registerScoringJobs } from './modules/scoring/queue.js';
import { registerScoringSweep } from './modules/scoring/sweep.js';
import { clockRoutes } from './modules/clocks/routes.js';
import { notificationRoutes, registerNotificationJobs } from './modules/notifications/routes.js';
import { registerTriageJobs, triageRoutes } from './modules/triage/routes.js';
import { vexRoutes } from './modules/vex/routes.js';
import { csafRoutes } from './modules/csaf/routes.js';
import { cvdRoutes } from './modules/cvd/register.js';
import { premarketRoutes } from './modules/premarket/routes.js';
import { governanceRoutes } from './modules/governance/routes.js';
import { fleetRoutes } from './modules/fleet/routes.js';
import { mds2Routes } from './modules/mds2/routes.js';
import { contractRoutes } from './modules/contracts/routes.js';
import { legacyRoutes, registerLegacyJobs } from './modules/legacy/routes.js';
import { registerVendorJobs, vendorRoutes } from './modules/vendors/routes.js';
import { exposureRoutes, registerExposureJobs } from './modules/exposure/routes.js';
import type { Config, Role } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import type { Deps } from './platform/deps.js';
import { JobQueue } from './platform/jobs/queue.js';
import { Problem } from './platform/http/problem.js';
import { createHttpServer, type HttpServer } from './platform/http/server.js';
import { WEB_BUILD_DIR } from './platform/web-build.js';

export const WEB_DIST = WEB_BUILD_DIR;

/** A running Vigil process: the API (unless role is `worker`) and the job workers (unless role is `api`). */
export interface Vigil extends Deps {
  readonly http: HttpServer | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly role?: Role;
  /** An already-open database (tests); otherwise opened from config. */
  readonly database?: Database;
  /** Apply pending migrations first (default true). */
  readonly migrate?: boolean;
  /** Settles when the web app's build is in place (it is built while the database starts). */
  readonly webAppReady?: Promise<void>;
  /** Where HTTP logs go (default stdout). */
  readonly logStream?: NodeJS.WritableStream;
}

/** Every capability's routes, in one list so the route table is easy to see. */
const ROUTE_MODULES = [identityRoutes, orgRoutes, tokenRoutes, auditRoutes, jobRoutes, portfolioRoutes, sbomRoutes, intelSourceRoutes, intelRoutes, scanRoutes, triageRoutes, scoringRoutes, riskRoutes, vexRoutes, clockRoutes, notificationRoutes, cvdRoutes, csafRoutes, premarketRoutes, fleetRoutes, mds2Routes, contractRoutes, legacyRoutes, governanceRoutes, vendorRoutes, exposureRoutes];
/** Every capability's background jobs. */
const JOB_MODULES = [registerAuditJobs, registerIntelJobs, registerTriageJobs, registerRiskJobs, registerNotificationJobs, registerScoringJobs, registerScoringSweep, registerLegacyJobs, registerVendorJobs, registerExposureJobs];

export async function createVigil(config: Config, options: StartOptions = {}): Promise<Vigil> {
  const role = options.role ?? config.role;
  const database = options.database ?? (await openDatabase(config.database));
  if (options.migrate !== false) await migrate(database);
  const jobs = new JobQueue(database, { work: role !== 'api' });
  const deps: Deps = { config, database, jobs };
  for (const register of JOB_MODULES) register(deps);
  await jobs.start();

  let http: HttpServer | undefined;
  if (role !== 'worker') {
    try {
      await options.webAppReady;
    } catch (error) {
      await jobs.stop();
      if (!options.database) await database.close();
      throw error;
    }
    http = await createHttpServer(config, {
      session: (token) => resolveSession(database.kysely, token),
      token: (secret) => resolveToken(database.kysely, secret),
    }, options.logStream);
    jobs.onError = (error) => http?.log.error({ err: error }, 'job queue error');
    registerHealth(http, database);
    for (const register of ROUTE_MODULES) register(http, deps);
    await registerWebApp(http);
    await http.ready();
  }

  return {
    ...deps,
    http,
    async close() {
      await http?.close();
      await jobs.stop();
      if (!options.database) await database.close();
    },
  };
}

function registerHealth(app: HttpServer, database: Database): void {
  const Status = z.object({ status: z.string() });
  app.get('/healthz', { config: { auth: 'public' }, schema: { tags: ['health'], summary: 'Liveness', response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { tags: ['health'], summary: 'Readiness: the database answers', response: { 200: Status } } }, async () => {
    try {
      await sql`select 1`.execute(database.kysely);
    } catch {
      throw new Problem(503, 'not-ready', 'The database does not answer.');
    }
    return { status: 'ready' };
  });
}

/** Serves the built single-page app; unknown non-API paths get index.html so client routes deep-link. */
async function registerWebApp(app: HttpServer): Promise<void> {
  if (!existsSync(WEB_DIST)) return;
  await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) throw new Problem(404, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}.`);
    return reply.type('text/html').sendFile('index.html');
  });
}
