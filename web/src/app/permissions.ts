/**
 * Who may do what: the server's own table (src/platform/auth/permission-table.ts, pure
 * data), so the UI hides exactly what the server would refuse. The server still decides.
 */
import { ROLES, outranks, type Role } from '../../../src/platform/auth/permission-table.js';

export { ROLES, PERMISSIONS, can, type Action, type Role } from '../../../src/platform/auth/permission-table.js';

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

/** Roles `role` may hand out (nobody grants a role above their own). */
export function grantableRoles(role: Role | null | undefined): Role[] {
  return role ? ROLES.filter((r) => outranks(role, r)) : [];
}

export type OrgKind = 'manufacturer' | 'healthcare_provider' | 'both';

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  manufacturer: 'Medical device manufacturer',
  healthcare_provider: 'Healthcare delivery organization',
  both: 'Manufacturer and healthcare provider',
};
