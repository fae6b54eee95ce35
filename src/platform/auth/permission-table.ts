/**
 * Who may do what — the one place roles are decided. Pure data with no imports, so the web
 * app shares this very file to hide what a role cannot use (the server still decides).
 * Services call `authorize` (permissions.ts) before touching data; routes name the same
 * action in their config so the authorization-matrix test can derive what every route must
 * answer for every role.
 *
 * auditor: reads everything, including the audit trail, and changes nothing.
 * viewer: reads the organization's data but not its audit trail, tokens or invitations.
 */
export const ROLES = ['owner', 'admin', 'analyst', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const everyone = ROLES;
const administrators = ['owner', 'admin'] as const;
const overseers = ['owner', 'admin', 'auditor'] as const;
const contributors = ['owner', 'admin', 'analyst'] as const;

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
  'portfolio.read': everyone,
  'portfolio.write': contributors,
  'sbom.import': contributors,
  'intel.read': everyone,
  'intel.manage': contributors,
  /** Analyse, assign, comment on and bulk-change findings; import VEX; suppression rules. */
  'triage.write': contributors,
  /** SLA policies and notification channels of the organization. */
  'clocks.manage': administrators,
  /** Remediation plans, clock pauses and stops on findings. */
  'remediation.write': contributors,
  'risk.read': everyone,
  'risk.write': contributors,
  /** Accept a risk item's residual risk (the approver). */
  'risk.accept': administrators,
  /** CVD cases hold embargoed reports: not for viewers. */
  'cvd.read': ['owner', 'admin', 'analyst', 'auditor'],
  'cvd.write': contributors,
  'advisories.read': everyone,
  'advisories.write': contributors,
  /** Publish an advisory to the trusted-provider directory and send customer notices. */
  'advisories.publish': administrators,
  /** The organization's OpenPGP keys and provider settings. */
  'provider.manage': administrators,
  /** Security requirements, threat models, traceability and premarket packages. */
  'premarket.read': everyone,
  /** Edit requirements and threat models, import evidence, link evidence to requirements. */
  'premarket.write': contributors,
  /** The hospital's device fleet, MDS2 statements and legacy register (issue 9 part A). */
  'fleet.read': everyone,
  /** Add, import, edit and archive assets; MDS2 statements; legacy plans. */
  'fleet.write': contributors,
  /** Vendor contracts and their obligation checks. */
  'contracts.read': everyone,
  'contracts.write': contributors,
  /** JSP maturity self-assessment, governance records (RACI, training, policies), benchmark aggregates, executive report. */
  'governance.read': everyone,
  'governance.write': contributors,
  /** Export the organization's anonymized benchmark submission (data leaves the organization). */
  'benchmark.export': administrators,
  /** Import submissions in a benchmark operator organization (the operator flag is set by an instance administrator). */
  'benchmark.operate': administrators,
  /** The hospital's vendor catalog, vendor feeds and documents received (issue 9 part B). */
  'vendors.read': everyone,
  /** Add, remove and sync vendor feeds; upload vendor CSAF, VEX and SBOM documents. */
  'vendors.manage': contributors,
  /** Exposure per asset, matches, compensating controls, patch deployments. */
  'exposure.read': everyone,
  /** Confirm/override matches, compensating controls, patch deployment states, recompute. */
  'exposure.write': contributors,
  /** The hospital's patch policy (days per priority band). */
  'exposure.policy': administrators,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, action: Action): boolean {
  return role !== null && role !== undefined && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** Roles ranked by power; nobody grants a role above their own. */
const RANK: Record<Role, number> = { owner: 4, admin: 3, analyst: 2, auditor: 1, viewer: 0 };

export function outranks(granter: Role, granted: Role): boolean {
  return RANK[granter] >= RANK[granted];
}
