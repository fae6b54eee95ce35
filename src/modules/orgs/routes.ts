import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf, userOf } from '../../platform/http/auth.js';
import { PageQuery, decodeCursor, pageSchema, toPage } from '../../platform/http/pagination.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Email, IdParams, OrgKindSchema, Password, RoleSchema, Timestamp } from '../../platform/http/schemas.js';
import { setSessionCookie } from '../identity/routes.js';
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from './invitations.js';
import {
  changeMemberRole,
  createOrganization,
  getOrganization,
  listUserOrganizations,
  organizationEtag,
  removeMember,
  updateOrganization,
  listMembers,
} from './service.js';

const OrganizationView = z.object({ id: z.string(), name: z.string(), slug: z.string(), kind: OrgKindSchema, createdAt: Timestamp, updatedAt: Timestamp });
const MemberView = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: RoleSchema, joinedAt: Timestamp });
const InvitationView = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});

export function orgRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;

  app.get('/api/v1/organizations', { config: { auth: 'user' }, schema: { tags: ['organizations'], summary: 'Your organizations', response: { 200: z.object({ items: z.array(OrganizationView.extend({ role: RoleSchema })) }) } } }, async (request) => ({
    items: await listUserOrganizations(db, userOf(request).userId),
  }));

  app.post(
    '/api/v1/organizations',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['organizations'],
        summary: 'Create an organization (you become its owner)',
        body: z.strictObject({ name: z.string().trim().min(1).max(200), slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).optional(), kind: OrgKindSchema }),
        response: { 201: OrganizationView },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const org = await db.transaction().execute((tx) =>
        createOrganization(tx, { type: 'user', id: user.userId, label: user.email }, request.body, user.userId, request.id),
      );
      return reply.status(201).send(org);
    },
  );

  app.get('/api/v1/organization', { config: { action: 'org.read' }, schema: { tags: ['organizations'], summary: 'The active organization', response: { 200: OrganizationView } } }, async (request, reply) => {
    const org = await getOrganization(db, orgOf(request));
    reply.header('etag', organizationEtag(org));
    return org;
  });

  app.patch(
    '/api/v1/organization',
    {
      config: { action: 'org.update' },
      schema: {
        tags: ['organizations'],
        summary: 'Update the active organization (send If-Match with the ETag to avoid lost updates)',
        body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), kind: OrgKindSchema.optional() }),
        response: { 200: OrganizationView },
      },
    },
    async (request, reply) => {
      const org = await updateOrganization(db, orgOf(request), request.body, request.headers['if-match']);
      reply.header('etag', organizationEtag(org));
      return org;
    },
  );

  app.get('/api/v1/members', { config: { action: 'members.read' }, schema: { tags: ['members'], summary: 'Members and their roles', querystring: PageQuery.strict(), response: { 200: pageSchema(MemberView) } } }, async (request) => {
    const { limit, cursor } = request.query;
    const after = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
    const rows = await listMembers(db, orgOf(request), limit + 1, after);
    return toPage(rows, limit, (m) => m, (m) => [m.email, m.userId]);
  });

  app.patch(
    '/api/v1/members/:id',
    { config: { action: 'members.manage' }, schema: { tags: ['members'], summary: "Change a member's role", params: IdParams, body: z.strictObject({ role: RoleSchema }), response: { 200: MemberView } } },
    async (request) => changeMemberRole(db, orgOf(request), request.params.id, request.body.role),
  );

  app.delete('/api/v1/members/:id', { config: { action: 'members.manage' }, schema: { tags: ['members'], summary: 'Remove a member', params: IdParams } }, async (request, reply) => {
    await removeMember(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/invitations', { config: { action: 'invitations.read' }, schema: { tags: ['members'], summary: 'Invitations, newest first', querystring: PageQuery.strict(), response: { 200: pageSchema(InvitationView) } } }, async (request) => {
    const { limit, cursor } = request.query;
    const before = cursor ? (decodeCursor(cursor, ['string', 'string']) as [string, string]) : undefined;
    const rows = await listInvitations(db, orgOf(request), limit + 1, before);
    return toPage(rows, limit, (i) => i, (i) => [i.createdAt.toISOString(), i.id]);
  });

  app.post(
    '/api/v1/invitations',
    {
      config: { action: 'invitations.manage' },
      schema: {
        tags: ['members'],
        summary: 'Invite someone by e-mail; the returned token is shown once',
        body: z.strictObject({ email: Email, role: RoleSchema }),
        response: { 201: z.object({ invitation: InvitationView, token: z.string(), acceptPath: z.string() }) },
      },
    },
    async (request, reply) => {
      const { invitation, token } = await createInvitation(db, orgOf(request), request.body.email, request.body.role);
      return reply.status(201).send({ invitation, token, acceptPath: `/accept-invitation#${token}` });
    },
  );

  app.delete('/api/v1/invitations/:id', { config: { action: 'invitations.manage' }, schema: { tags: ['members'], summary: 'Revoke an invitation', params: IdParams, response: { 200: InvitationView } } }, async (request) =>
    revokeInvitation(db, orgOf(request), request.params.id),
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      config: { auth: 'public', rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['members'],
        summary: 'Accept an invitation (creates the account if needed) and sign in',
        body: z.strictObject({ token: z.string().min(16).max(200), name: z.string().trim().min(1).max(200).optional(), password: Password }),
        response: { 200: z.object({ organizationId: z.string(), csrfToken: z.string() }) },
      },
    },
    async (request, reply) => {
      const session = await acceptInvitation(db, request.body, deps.config.sessionHours, request.id);
      setSessionCookie(reply, deps, session);
      return { organizationId: session.orgId, csrfToken: session.csrfToken };
    },
  );
}
