import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { SESSION_COOKIE, userOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Email, OrgKindSchema, Password, RoleSchema, Uuid } from '../../platform/http/schemas.js';
import { listUserOrganizations } from '../orgs/service.js';
import { changePassword, login, logout, switchOrganization, type NewSession } from './service.js';

const SessionView = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  organizations: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), kind: OrgKindSchema, role: RoleSchema })),
  activeOrganizationId: z.string().nullable(),
  csrfToken: z.string(),
});

export function setSessionCookie(reply: FastifyReply, deps: Deps, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    path: '/',
    expires: session.expiresAt,
  });
}

export function identityRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['session'];

  app.post(
    '/api/v1/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Sign in with e-mail and password', body: z.strictObject({ email: Email, password: Password }), response: { 200: z.object({ csrfToken: z.string() }) } },
    },
    async (request, reply) => {
      const session = await login(db, request.body.email, request.body.password, deps.config.sessionHours, request.id);
      setSessionCookie(reply, deps, session);
      return { csrfToken: session.csrfToken };
    },
  );

  app.post('/api/v1/auth/logout', { config: { auth: 'user' }, schema: { tags, summary: 'Sign out' } }, async (request, reply) => {
    await logout(db, userOf(request), request.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/v1/session', { config: { auth: 'user' }, schema: { tags, summary: 'The signed-in user, their organizations and the CSRF token', response: { 200: SessionView } } }, async (request) => {
    const user = userOf(request);
    const organizations = await listUserOrganizations(db, user.userId);
    return {
      user: { id: user.userId, email: user.email, name: user.name },
      organizations: organizations.map((o) => ({ id: o.id, name: o.name, slug: o.slug, kind: o.kind, role: o.role })),
      activeOrganizationId: user.activeOrgId,
      csrfToken: user.csrfToken,
    };
  });

  app.put(
    '/api/v1/session/organization',
    { config: { auth: 'user' }, schema: { tags, summary: 'Switch the active organization', body: z.strictObject({ organizationId: Uuid }) } },
    async (request, reply) => {
      await switchOrganization(db, userOf(request), request.body.organizationId, request.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/password',
    { config: { auth: 'user' }, schema: { tags, summary: 'Change your password (ends your other sessions)', body: z.strictObject({ currentPassword: Password, newPassword: Password }) } },
    async (request, reply) => {
      await changePassword(db, userOf(request), request.body.currentPassword, request.body.newPassword, request.id);
      return reply.status(204).send();
    },
  );
}
