import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OrgContext } from '../auth/context.js';
import type { Action } from '../auth/permissions.js';
import type { Role } from '../db/schema.js';
import { Problem, forbidden, unauthorized } from './problem.js';

/**
 * How a route is reached:
 * - `public`: anyone (login, health, public intake);
 * - `user`: a signed-in person, not a token (session and account endpoints);
 * - `org`: a person with an active organization, or an API token of that organization.
 */
export type AuthMode = 'public' | 'user' | 'org';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** The permission the route's service checks; read by the authorization-matrix test. */
    action?: Action;
  }
  interface FastifyRequest {
    user: SignedInUser | null;
    org: OrgContext | null;
  }
}

export interface SignedInUser {
  readonly sessionId: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly activeOrgId: string | null;
  readonly activeRole: Role | null;
  readonly csrfToken: string;
}

export interface TokenIdentity {
  readonly tokenId: string;
  readonly name: string;
  readonly orgId: string;
  readonly role: Role;
  readonly createdBy: string | null;
}

export interface CredentialResolvers {
  session(token: string): Promise<SignedInUser | null>;
  token(secret: string): Promise<TokenIdentity | null>;
}

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is calling before the handler runs. Cookies authenticate browsers and
 * require the session's CSRF token in a header on unsafe methods (a cross-site form cannot
 * set headers); bearer tokens authenticate machines and need no CSRF defence.
 */
export function authenticate(resolvers: CredentialResolvers) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.user = null;
    request.org = null;
    const mode = request.routeOptions.config.auth ?? 'org';
    if (mode === 'public' || request.is404) return;

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer ([\w-]{1,200})$/.exec(authorization);
      if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
      if (mode === 'user') throw new Problem(403, 'forbidden', 'This endpoint is for signed-in people, not API tokens.');
      const token = await resolvers.token(match[1]!);
      if (!token) throw unauthorized('The API token is unknown, revoked or expired.');
      request.org = {
        actor: { type: 'token', id: token.tokenId, label: `token:${token.name}` },
        userId: token.createdBy,
        orgId: token.orgId,
        role: token.role,
        requestId: request.id,
      };
      return;
    }

    const cookie = request.cookies[SESSION_COOKIE];
    const user = cookie ? await resolvers.session(cookie) : null;
    if (!user) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== user.csrfToken) {
      throw new Problem(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header for a cookie-authenticated request.`);
    }
    request.user = user;
    if (mode === 'org') {
      if (!user.activeOrgId || !user.activeRole) throw forbidden('Choose an organization first.');
      request.org = {
        actor: { type: 'user', id: user.userId, label: user.email },
        userId: user.userId,
        orgId: user.activeOrgId,
        role: user.activeRole,
        requestId: request.id,
      };
    }
  };
}

/** The caller's organization context; the auth hook guarantees it on `org` routes. */
export function orgOf(request: FastifyRequest): OrgContext {
  if (!request.org) throw unauthorized();
  return request.org;
}

export function userOf(request: FastifyRequest): SignedInUser {
  if (!request.user) throw unauthorized();
  return request.user;
}
