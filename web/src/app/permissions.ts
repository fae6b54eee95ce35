/**
 * Who may do what, mirrored from the server's src/platform/auth/permissions.ts so the UI can
 * hide what a role cannot use. The server decides; this only avoids offering dead ends.
 */
export const ROLES = ['owner', 'admin', 'analyst', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  analyst: 'Analyst',
  auditor: 'Auditor',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, including granting ownership',
  admin: 'Manages members, invitations, tokens and settings',
  analyst: 'Works on the organization’s security data',
  auditor: 'Reads everything, including the audit log; changes nothing',
  viewer: 'Reads the organization’s data',
};

const everyone = ROLES;
const administrators = ['owner', 'admin'] as const;
const overseers = ['owner', 'admin', 'auditor'] as const;

export const PERMISSIONS = {
  'org.read': everyone,
  'org.update': administrators,
  'members.read': everyone,
  'members.manage': administrators,
  'invitations.read': overseers,
  'invitations.manage': administrators,
  'tokens.read': overseers,
  'tokens.manage': administrators,
  'audit.read': overseers,
  'audit.verify': overseers,
  'jobs.read': everyone,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, action: Action): boolean {
  return role !== null && role !== undefined && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

const RANK: Record<Role, number> = { owner: 4, admin: 3, analyst: 2, auditor: 1, viewer: 0 };

/** Roles `role` may hand out (nobody grants a role above their own). */
export function grantableRoles(role: Role | null | undefined): Role[] {
  if (!role) return [];
  return ROLES.filter((r) => RANK[role] >= RANK[r]);
}

export type OrgKind = 'manufacturer' | 'healthcare_provider' | 'both';

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  manufacturer: 'Medical device manufacturer',
  healthcare_provider: 'Healthcare delivery organization',
  both: 'Manufacturer and healthcare provider',
};
