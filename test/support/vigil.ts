import { inject } from 'vitest';
import { createVigil, type Vigil } from '../../src/app.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/context.js';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Db } from '../../src/platform/db/database.js';
import type { OrgKind, Role } from '../../src/platform/db/schema.js';
import type { HttpServer } from '../../src/platform/http/server.js';
import { createOrganization } from '../../src/modules/orgs/service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ROLES: readonly Role[] = ['owner', 'admin', 'analyst', 'auditor', 'viewer'];
export const TEST_PASSWORD = 'correct horse battery staple';

let passwordHash: Promise<string> | undefined;

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
}

export interface TestOrg {
  readonly id: string;
  readonly slug: string;
  readonly users: Record<Role, TestUser>;
}

/** A signed-in browser-like caller (cookie + CSRF) or a machine caller (bearer). */
export type Caller = { readonly cookie: string; readonly csrf: string } | { readonly bearer: string } | null;

export interface TestVigil {
  readonly vigil: Vigil;
  readonly app: HttpServer;
  readonly db: Db;
  readonly testDb: TestDatabase;
  seedOrg(slug: string, kind?: OrgKind): Promise<TestOrg>;
  login(email: string, password?: string): Promise<{ cookie: string; csrf: string }>;
  api(method: string, url: string, options?: { as?: Caller; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
  json<T = Record<string, unknown>>(): T;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', VIGIL_LOGIN_RATE_LIMIT: '1000' }, overrides);
}

/** Starts Vigil (API and worker) on a fresh isolated database for one test file. */
export async function startTestVigil(overrides: Partial<Config> = {}, logStream?: NodeJS.WritableStream): Promise<TestVigil> {
  const testDb = await createTestDatabase(inject('databaseTemplate'));
  const vigil = await createVigil(testConfig(overrides), { database: testDb.database, migrate: false, ...(logStream ? { logStream } : {}) });
  const app = vigil.http!;
  const db = testDb.database.kysely;

  const api: TestVigil['api'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const as = options.as;
    if (as && 'bearer' in as) headers.authorization = `Bearer ${as.bearer}`;
    if (as && 'cookie' in as) {
      headers.cookie = as.cookie;
      if (!headers['x-csrf-token']) headers['x-csrf-token'] = as.csrf;
    }
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as string }),
    });
    return { status: response.statusCode, headers: response.headers, body: response.body, json: () => response.json() };
  };

  return {
    vigil,
    app,
    db,
    testDb,
    api,
    async seedOrg(slug, kind = 'manufacturer') {
      passwordHash ??= hashPassword(TEST_PASSWORD);
      const hash = await passwordHash;
      return db.transaction().execute(async (tx) => {
        const org = await createOrganization(tx, SYSTEM_ACTOR, { name: `Org ${slug}`, slug, kind }, null);
        const users = {} as Record<Role, TestUser>;
        for (const role of ROLES) {
          const email = `${role}@${slug}.test`;
          const user = await tx.insertInto('users').values({ email, name: `${role} of ${slug}`, password_hash: hash }).returning('id').executeTakeFirstOrThrow();
          await tx.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role }).execute();
          users[role] = { id: user.id, email, role };
        }
        return { id: org.id, slug, users };
      });
    },
    async login(email, password = TEST_PASSWORD) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (response.statusCode !== 200) throw new Error(`login failed for ${email}: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'vigil_session');
      return { cookie: `vigil_session=${cookie!.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
    },
    async close() {
      await vigil.close();
      await testDb.drop();
    },
  };
}
