import type { OrgKind, Role } from '../app/permissions.js';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly kind: OrgKind;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly joinedAt: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly status: InvitationStatus;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface CreatedInvitation {
  readonly invitation: Invitation;
  readonly token: string;
  readonly acceptPath: string;
}

export const ORG_KEY = ['organization'] as const;
export const MEMBERS_KEY = ['members'] as const;
export const INVITATIONS_KEY = ['invitations'] as const;
