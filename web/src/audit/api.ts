export interface AuditEvent {
  readonly id: number;
  readonly seq: number;
  readonly at: string;
  readonly actor: { readonly type: string; readonly id: string | null; readonly label: string };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string | null };
  readonly summary: Record<string, unknown>;
  readonly requestId: string | null;
}

export interface ChainVerification {
  readonly chainId: string;
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken?: { readonly seq: number; readonly eventId: number | null; readonly problem: string };
}

export const AUDIT_KEY = ['audit'] as const;

/** Plain-language descriptions of the actions Vigil records; unknown actions show their code only. */
export const ACTION_LABELS: Record<string, string> = {
  'session.login': 'Signed in',
  'session.logout': 'Signed out',
  'session.switch_organization': 'Switched organization',
  'user.create': 'Created user',
  'user.password_change': 'Changed password',
  'user.password_reset': 'Reset password',
  'organization.create': 'Created organization',
  'organization.update': 'Updated organization',
  'member.add': 'Added member',
  'member.role_change': 'Changed member role',
  'member.remove': 'Removed member',
  'invitation.create': 'Invited member',
  'invitation.revoke': 'Revoked invitation',
  'invitation.accept': 'Accepted invitation',
  'token.create': 'Created API token',
  'token.revoke': 'Revoked API token',
  'audit.verify_requested': 'Requested chain verification',
};

/** Suggestions for the action filter: families (prefixes) first, then exact actions. */
export const ACTION_SUGGESTIONS: string[] = [
  ...new Set(Object.keys(ACTION_LABELS).map((a) => `${a.split('.')[0]}.`)),
  ...Object.keys(ACTION_LABELS),
];

export const TARGET_TYPE_LABELS: Record<string, string> = {
  api_token: 'API token',
  invitation: 'Invitation',
  user: 'User',
  organization: 'Organization',
  job: 'Job',
};
