import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

let t: TestVigil;
let org: TestOrg;

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('acme');
});
afterAll(() => t.close());

describe('HTTP platform', () => {
  it('serves liveness and readiness', async () => {
    expect((await t.api('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.api('GET', '/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('publishes OpenAPI 3.1 covering every API route, and an interactive docs page', async () => {
    const doc = (await t.api('GET', '/api/openapi.json')).json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'))) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path], path).toHaveProperty(route.method.toLowerCase());
    }
    const tokenPost = doc.paths['/api/v1/tokens']!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } } };
    expect(tokenPost.requestBody.content['application/json'].schema.required).toEqual(['name', 'role']);
    const docs = await t.api('GET', '/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('echoes a sane X-Request-Id and invents one otherwise', async () => {
    expect((await t.api('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } })).headers['x-request-id']).toBe('abc-123');
    const invented = (await t.api('GET', '/healthz', { headers: { 'x-request-id': 'bad id\u0000' } })).headers['x-request-id'];
    expect(invented).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await t.api('GET', '/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers unknown API routes with a 404 problem', async () => {
    const res = await t.api('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('turns an unexpected failure into a 500 problem without internals', async () => {
    const owner = await t.login(org.users.owner.email);
    await t.testDb.database.query('alter table organizations rename to organizations_away');
    try {
      const res = await t.api('GET', '/api/v1/organization', { as: owner });
      expect(res.status).toBe(500);
      const body = res.json();
      expect(body).toEqual({
        type: 'https://vigil.dev/problems/internal',
        title: 'Internal Server Error',
        status: 500,
        detail: 'Something went wrong on our side; the request id identifies it in the logs.',
        instance: '/api/v1/organization',
      });
      expect(res.body).not.toContain('organizations_away');
      expect((await t.api('GET', '/readyz')).status).toBe(200);
    } finally {
      await t.testDb.database.query('alter table organizations_away rename to organizations');
    }
  });

  it('reports not ready when the database is gone', async () => {
    const spare = await startTestVigil();
    // Cut the database away: drop it on a server (terminating connections), close PGlite.
    if (spare.testDb.url) await spare.testDb.drop();
    else await spare.testDb.database.close();
    const res = await spare.api('GET', '/readyz');
    expect(res.status).toBe(503);
    await spare.vigil.http!.close();
    await spare.vigil.jobs.stop().catch(() => undefined);
  });
});
