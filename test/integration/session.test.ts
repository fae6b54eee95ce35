import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

let t: TestVigil;
let acme: TestOrg;
let mercy: TestOrg;

beforeAll(async () => {
  t = await startTestVigil();
  acme = await t.seedOrg('acme');
  mercy = await t.seedOrg('mercy', 'healthcare_provider');
  // The acme analyst also belongs to mercy, to exercise organization switching.
  await t.db.insertInto('memberships').values({ org_id: mercy.id, user_id: acme.users.analyst.id, role: 'viewer' }).execute();
});
afterAll(() => t.close());

describe('sign-in and sessions', () => {
  it('signs in, sets an httpOnly SameSite cookie and returns the session with a CSRF token', async () => {
    const res = await t.api('POST', '/api/v1/auth/login', { body: { email: 'ANALYST@acme.test', password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^vigil_session=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const session = await t.login(acme.users.analyst.email);
    const view = (await t.api('GET', '/api/v1/session', { as: session })).json<{ user: { email: string }; organizations: { slug: string; role: string }[]; activeOrganizationId: string; csrfToken: string }>();
    expect(view.user.email).toBe('analyst@acme.test');
    expect(view.organizations.map((o) => `${o.slug}:${o.role}`).sort()).toEqual(['acme:analyst', 'mercy:viewer']);
    expect(view.activeOrganizationId).toBe(acme.id);
    expect(view.csrfToken).toBe(session.csrf);
  });

  it('gives the same 401 for an unknown e-mail and a wrong password', async () => {
    const unknown = await t.api('POST', '/api/v1/auth/login', { body: { email: 'nobody@acme.test', password: TEST_PASSWORD } });
    const wrong = await t.api('POST', '/api/v1/auth/login', { body: { email: acme.users.owner.email, password: 'not the password' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('switches the active organization only to one the user belongs to', async () => {
    const session = await t.login(acme.users.analyst.email);
    expect((await t.api('GET', '/api/v1/organization', { as: session })).json().slug).toBe('acme');
    const sw = await t.api('PUT', '/api/v1/session/organization', { as: session, body: { organizationId: mercy.id } });
    expect(sw.status).toBe(204);
    const org = await t.api('GET', '/api/v1/organization', { as: session });
    expect(org.json().slug).toBe('mercy');
    // As a mercy viewer, the analyst can no longer create tokens there.
    expect((await t.api('POST', '/api/v1/tokens', { as: session, body: { name: 'x', role: 'viewer' } })).status).toBe(403);
    const owner = await t.login(mercy.users.owner.email);
    expect((await t.api('PUT', '/api/v1/session/organization', { as: owner, body: { organizationId: acme.id } })).status).toBe(404);
  });

  it('logs out: the cookie stops working', async () => {
    const session = await t.login(acme.users.viewer.email);
    expect((await t.api('POST', '/api/v1/auth/logout', { as: session })).status).toBe(204);
    expect((await t.api('GET', '/api/v1/session', { as: session })).status).toBe(401);
  });

  it('changes the password, ending the other sessions but not this one', async () => {
    const here = await t.login(acme.users.auditor.email);
    const elsewhere = await t.login(acme.users.auditor.email);
    const weak = await t.api('POST', '/api/v1/auth/password', { as: here, body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.json().errors).toEqual([{ pointer: '/body/newPassword', message: 'at least 12 characters' }]);
    const wrong = await t.api('POST', '/api/v1/auth/password', { as: here, body: { currentPassword: 'nope nope nope', newPassword: 'a much longer passphrase' } });
    expect(wrong.status).toBe(400);
    const ok = await t.api('POST', '/api/v1/auth/password', { as: here, body: { currentPassword: TEST_PASSWORD, newPassword: 'a much longer passphrase' } });
    expect(ok.status).toBe(204);
    expect((await t.api('GET', '/api/v1/session', { as: here })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/session', { as: elsewhere })).status).toBe(401);
    await expect(t.login(acme.users.auditor.email)).rejects.toThrow(/401/);
    expect((await t.login(acme.users.auditor.email, 'a much longer passphrase')).cookie).toMatch(/^vigil_session=/);
  });

  it('stores only argon2id password hashes and SHA-256 session hashes', async () => {
    const user = await t.db.selectFrom('users').select('password_hash').where('email', '=', acme.users.owner.email).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const session = await t.login(acme.users.owner.email);
    const raw = session.cookie.split('=')[1]!;
    const stored = await t.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === raw)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });
});

describe('invitations', () => {
  it('invites a new person who accepts, creating their account and a session', async () => {
    const admin = await t.login(acme.users.admin.email);
    const created = await t.api('POST', '/api/v1/invitations', { as: admin, body: { email: 'New.Person@Example.org', role: 'analyst' } });
    expect(created.status).toBe(201);
    const { token, invitation } = created.json<{ token: string; invitation: { id: string; status: string; email: string } }>();
    expect(invitation).toMatchObject({ status: 'pending', email: 'new.person@example.org' });
    const noName = await t.api('POST', '/api/v1/invitations/accept', { body: { token, password: 'long enough password' } });
    expect(noName.status).toBe(400);
    const accepted = await t.api('POST', '/api/v1/invitations/accept', { body: { token, name: 'New Person', password: 'long enough password' } });
    expect(accepted.status).toBe(200);
    const again = await t.api('POST', '/api/v1/invitations/accept', { body: { token, name: 'New Person', password: 'long enough password' } });
    expect(again.status).toBe(404);
    const session = await t.login('new.person@example.org', 'long enough password');
    const org = await t.api('GET', '/api/v1/organization', { as: session });
    expect(org.json().slug).toBe('acme');
    const list = (await t.api('GET', '/api/v1/invitations', { as: admin })).json<{ items: { id: string; status: string }[] }>();
    expect(list.items.find((i) => i.id === invitation.id)?.status).toBe('accepted');
  });

  it('lets an admin invite analysts but not owners, and revokes pending invitations', async () => {
    const admin = await t.login(acme.users.admin.email);
    expect((await t.api('POST', '/api/v1/invitations', { as: admin, body: { email: 'boss@example.org', role: 'owner' } })).status).toBe(403);
    const inv = (await t.api('POST', '/api/v1/invitations', { as: admin, body: { email: 'later@example.org', role: 'viewer' } })).json<{ invitation: { id: string }; token: string }>();
    const revoked = await t.api('DELETE', `/api/v1/invitations/${inv.invitation.id}`, { as: admin });
    expect(revoked.json().status).toBe('revoked');
    expect((await t.api('POST', '/api/v1/invitations/accept', { body: { token: inv.token, name: 'L', password: 'long enough password' } })).status).toBe(404);
  });
});

describe('members', () => {
  it('keeps at least one owner and lets only owners touch ownership', async () => {
    const owner = await t.login(mercy.users.owner.email);
    const admin = await t.login(mercy.users.admin.email);
    expect((await t.api('PATCH', `/api/v1/members/${mercy.users.owner.id}`, { as: owner, body: { role: 'admin' } })).status).toBe(409);
    expect((await t.api('PATCH', `/api/v1/members/${mercy.users.viewer.id}`, { as: admin, body: { role: 'owner' } })).status).toBe(403);
    const promoted = await t.api('PATCH', `/api/v1/members/${mercy.users.viewer.id}`, { as: admin, body: { role: 'analyst' } });
    expect(promoted.json()).toMatchObject({ userId: mercy.users.viewer.id, role: 'analyst' });
    const page1 = await t.api('GET', '/api/v1/members?limit=2', { as: admin });
    const body = page1.json<{ items: { email: string }[]; nextCursor: string }>();
    expect(body.items).toHaveLength(2);
    const page2 = (await t.api('GET', `/api/v1/members?limit=10&cursor=${body.nextCursor}`, { as: admin })).json<{ items: { email: string }[]; nextCursor: null }>();
    const all = [...body.items, ...page2.items].map((m) => m.email);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(page2.nextCursor).toBeNull();
  });
});

describe('organization updates with ETag / If-Match', () => {
  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    const owner = await t.login(acme.users.owner.email);
    const current = await t.api('GET', '/api/v1/organization', { as: owner });
    const etag = String(current.headers.etag);
    const ok = await t.api('PATCH', '/api/v1/organization', { as: owner, body: { name: 'Acme Renamed' }, headers: { 'if-match': etag } });
    expect(ok.status).toBe(200);
    expect(ok.json().name).toBe('Acme Renamed');
    const stale = await t.api('PATCH', '/api/v1/organization', { as: owner, body: { name: 'Lost update' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
  });

  it('lets a signed-in user create an organization they own', async () => {
    const someone = await t.login(mercy.users.viewer.email);
    const res = await t.api('POST', '/api/v1/organizations', { as: someone, body: { name: 'Clinic Ünïcode & Co', kind: 'healthcare_provider' } });
    expect(res.status).toBe(201);
    expect(res.json().slug).toBe('clinic-unicode-co');
    const mine = (await t.api('GET', '/api/v1/organizations', { as: someone })).json<{ items: { slug: string; role: string }[] }>();
    expect(mine.items).toContainEqual(expect.objectContaining({ slug: 'clinic-unicode-co', role: 'owner' }));
  });
});

describe('keyset pagination of newest-first lists', () => {
  it('walks every token exactly once, newest first, across pages', async () => {
    const admin = await t.login(mercy.users.admin.email);
    const names = ['t1', 't2', 't3', 't4', 't5'];
    for (const name of names) await t.api('POST', '/api/v1/tokens', { as: admin, body: { name, role: 'viewer' } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (await t.api('GET', `/api/v1/tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { as: admin })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    // Same order as one big page (created_at desc, id desc), every token once.
    const all = (await t.api('GET', '/api/v1/tokens?limit=200', { as: admin })).json<{ items: { name: string }[] }>();
    expect(seen).toEqual(all.items.map((i) => i.name));
    expect([...seen].sort()).toEqual(names);
  });
});
