import type { Role } from '../db/schema.js';

/** Who is acting: a signed-in user, an API token, or Vigil itself (CLI, jobs, demo loader). */
export interface Actor {
  readonly type: 'user' | 'token' | 'system';
  readonly id: string | null;
  /** What the audit trail shows: e-mail for users, token name for tokens. */
  readonly label: string;
}

/** The caller of an organization-scoped service: every such query is filtered by `orgId`. */
export interface OrgContext {
  readonly actor: Actor;
  /** The user behind the action (the token's creator for tokens), when there is one. */
  readonly userId: string | null;
  readonly orgId: string;
  readonly role: Role;
  readonly requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'vigil' };

/** A context for work Vigil does on an organization's behalf (CLI admin verbs, demo data, jobs). */
export function systemContext(orgId: string, requestId: string | null = null): OrgContext {
  return { actor: SYSTEM_ACTOR, userId: null, orgId, role: 'owner', requestId };
}
