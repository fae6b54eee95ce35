import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken, revokeToken } from '../../src/modules/tokens/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/** Each kind of bad input gets its precise problem+json status, and nothing is written. */
let t: TestVigil;
let org: TestOrg;
let admin: { cookie: string; csrf: string };

const counts = async () => {
  const [tokens, audit, orgs] = await Promise.all([
    t.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { tokens: Number(tokens.n), audit: Number(audit.n), orgs: Number(orgs.n) };
};

beforeAll(async () => {
  t = await startTestVigil({ bodyLimit: 4096 });
  org = await t.seedOrg('acme');
  admin = await t.login(org.users.admin.email);
});
afterAll(() => t.close());

async function expectProblem(res: { status: number; headers: Record<string, unknown>; json: () => Record<string, unknown> }, status: number) {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^https:\/\/vigil\.dev\/problems\//);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
  return body;
}

describe('bad input is refused precisely and writes nothing', () => {
  it('malformed JSON → 400', async () => {
    const before = await counts();
    const res = await t.api('POST', '/api/v1/tokens', { as: admin, body: '{"name": "ci", role', headers: { 'content-type': 'application/json' } });
    expect((await expectProblem(res, 400)).type).toMatch(/malformed-json$/);
    expect(await counts()).toEqual(before);
  });

  it('wrong content type → 415', async () => {
    const before = await counts();
    const res = await t.api('POST', '/api/v1/tokens', { as: admin, body: 'name=ci&role=viewer', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await expectProblem(res, 415);
    const plain = await t.api('POST', '/api/v1/tokens', { as: admin, body: '{"name":"ci","role":"viewer"}', headers: { 'content-type': 'text/plain' } });
    await expectProblem(plain, 415);
    expect(await counts()).toEqual(before);
  });

  it('oversized body → 413', async () => {
    const before = await counts();
    const res = await t.api('POST', '/api/v1/tokens', { as: admin, body: JSON.stringify({ name: 'x'.repeat(10_000), role: 'viewer' }), headers: { 'content-type': 'application/json' } });
    await expectProblem(res, 413);
    expect(await counts()).toEqual(before);
  });

  it('unknown fields and invalid values → 400 naming each field', async () => {
    const before = await counts();
    const res = await t.api('POST', '/api/v1/tokens', { as: admin, body: { name: 'ci', role: 'root', isAdmin: true } });
    const body = await expectProblem(res, 400);
    const pointers = (body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toContain('/body/role');
    expect(JSON.stringify(body.errors)).toContain('isAdmin');
    const query = await t.api('GET', '/api/v1/audit?limit=0&bogus=1', { as: admin });
    expect(((await expectProblem(query, 400)).errors as { pointer: string }[]).map((e) => e.pointer)).toContain('/query/limit');
    expect(await counts()).toEqual(before);
  });

  it('huge query strings → 414, and request heads past Node’s limit → 431 problem', async () => {
    const res = await t.api('GET', `/api/v1/audit?action=${'a'.repeat(9000)}`, { as: admin });
    await expectProblem(res, 414);
    // 70 kB exceeds Node's 16 kB header limit: answered before Fastify routing, still as problem+json.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const raw = await fetch(`http://127.0.0.1:${port}/api/v1/audit?action=${'a'.repeat(70_000)}`);
    expect(raw.status).toBe(431);
    expect(raw.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await raw.json()) as { status: number }).status).toBe(431);
  });

  it('SQL metacharacters in every parameter are data, not SQL', async () => {
    const evil = "'; drop table users; --";
    const before = await counts();
    const filters = ['action', 'actor', 'targetType', 'targetId'];
    for (const name of filters) {
      const res = await t.api('GET', `/api/v1/audit?${name}=${encodeURIComponent(evil)}`, { as: admin });
      expect(res.status, name).toBe(200);
      expect(res.json().items).toEqual([]);
    }
    const prefix = await t.api('GET', `/api/v1/audit?action=${encodeURIComponent("%' or 1=1 --.")}`, { as: admin });
    expect(prefix.json().items).toEqual([]);
    for (const path of ['/api/v1/jobs/', '/api/v1/tokens/', '/api/v1/members/', '/api/v1/invitations/']) {
      const res = await t.api(path.includes('jobs') ? 'GET' : 'DELETE', `${path}${encodeURIComponent(evil)}`, { as: admin });
      await expectProblem(res, 400);
    }
    const login = await t.api('POST', '/api/v1/auth/login', { body: { email: "a@b.c' or '1'='1", password: evil } });
    expect([400, 401]).toContain(login.status);
    const cursor = await t.api('GET', `/api/v1/audit?cursor=${encodeURIComponent(Buffer.from(JSON.stringify([evil])).toString('base64url'))}`, { as: admin });
    await expectProblem(cursor, 400);
    const named = await t.api('POST', '/api/v1/tokens', { as: admin, body: { name: evil, role: 'viewer' } });
    expect(named.status).toBe(201);
    expect(named.json<{ token: { name: string } }>().token.name).toBe(evil);
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(5);
    expect((await counts()).tokens).toBe(before.tokens + 1);
  });

  it('expired and revoked tokens → 401, malformed Authorization → 401', async () => {
    const ctx = systemContext(org.id);
    const { token, secret } = await createToken(t.db, ctx, { name: 'soon', role: 'viewer', expiresInDays: 1 });
    expect((await t.api('GET', '/api/v1/organization', { as: { bearer: secret } })).status).toBe(200);
    await t.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', token.id).execute();
    await expectProblem(await t.api('GET', '/api/v1/organization', { as: { bearer: secret } }), 401);
    const second = await createToken(t.db, ctx, { name: 'revoked', role: 'viewer', expiresInDays: 1 });
    await revokeToken(t.db, ctx, second.token.id);
    await expectProblem(await t.api('GET', '/api/v1/organization', { as: { bearer: second.secret } }), 401);
    await expectProblem(await t.api('GET', '/api/v1/organization', { headers: { authorization: 'Basic YTpi' } }), 401);
    await expectProblem(await t.api('GET', '/api/v1/organization', { as: { bearer: 'vgl_guess' } }), 401);
  });

  it('cookie requests without the CSRF header → 403 and nothing written', async () => {
    const before = await counts();
    const res = await t.api('POST', '/api/v1/tokens', { body: { name: 'csrf', role: 'viewer' }, headers: { cookie: admin.cookie } });
    expect((await expectProblem(res, 403)).type).toMatch(/csrf$/);
    const wrong = await t.api('POST', '/api/v1/tokens', { body: { name: 'csrf', role: 'viewer' }, headers: { cookie: admin.cookie, 'x-csrf-token': 'forged' } });
    await expectProblem(wrong, 403);
    expect(await counts()).toEqual(before);
  });

  it('rate-limits sign-in attempts → 429', async () => {
    const limited = await startTestVigil({ loginRateLimit: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.api('POST', '/api/v1/auth/login', { body: { email: 'x@example.org', password: 'wrong password' } })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const res = await limited.api('POST', '/api/v1/auth/login', { body: { email: 'x@example.org', password: 'wrong password' } });
      await expectProblem(res, 429);
    } finally {
      await limited.close();
    }
  });
});
