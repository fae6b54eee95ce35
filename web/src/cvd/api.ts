import type { MantineColor } from '@mantine/core';

/** Shapes of the CVD API (src/modules/cvd/routes.ts, intake-routes.ts, notice-routes.ts) and the query keys its screens share. */

export const CVD_STATES = ['received', 'acknowledged', 'triaged', 'remediation', 'disclosed', 'closed'] as const;
export type CvdState = (typeof CVD_STATES)[number];
export type Credit = 'named' | 'anonymous' | 'none';
export type ClockName = 'acknowledge' | 'status_update' | 'disclosure';
export type ClockStatus = 'met' | 'late' | 'due' | 'overdue';

export interface CaseClock {
  readonly clock: ClockName;
  readonly dueAt: string;
  readonly status: ClockStatus;
  readonly doneAt: string | null;
}

export interface CvdCase {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly productHint: string | null;
  readonly state: CvdState;
  readonly source: 'form' | 'encrypted' | 'staff';
  readonly encrypted: boolean;
  readonly reporter: { name: string | null; email: string | null; credit: Credit };
  readonly cveRequested: boolean;
  readonly cveIds: string[];
  readonly embargoDate: string | null;
  readonly internalNotes: string | null;
  readonly receivedAt: string;
  readonly acknowledgedAt: string | null;
  readonly triagedAt: string | null;
  readonly remediationAt: string | null;
  readonly disclosedAt: string | null;
  readonly closedAt: string | null;
  readonly closeReason: string | null;
  readonly disclosureTarget: string;
  readonly lastReporterUpdateAt: string | null;
  readonly allowedTransitions: CvdState[];
  readonly clocks: CaseClock[];
  readonly attachmentCount: number;
  readonly version: number;
}

export type LinkKind = 'product' | 'release' | 'finding';

export interface CaseDetail {
  readonly item: CvdCase;
  readonly links: { kind: LinkKind; id: string; label: string | null }[];
  readonly events: { at: string; actor: string; kind: string; detail: Record<string, unknown> }[];
  readonly messages: { id: string; kind: string; recipient: string; subject: string; body: string; ok: boolean; error: string | null; sentBy: string; sentAt: string }[];
  readonly attachments: { id: string; fileName: string; mediaType: string; size: number; sha256: string }[];
}

export interface IntakeInfo {
  readonly organization: string;
  readonly slug: string;
  readonly keyUrl: string | null;
  readonly fingerprint: string | null;
  readonly acknowledgeBusinessDays: number;
  readonly disclosureDays: number;
}

export interface Receipt {
  readonly caseId: string;
  readonly receivedAt: string;
  readonly acknowledgeBy: string;
  readonly message: string;
}

export interface IntakeKey {
  readonly fingerprint: string;
  readonly keyIds: string[];
  readonly userIds: string[];
  readonly armored: string;
  readonly updatedAt: string;
}

export interface NoticeFields {
  headline: string;
  summary: string;
  affectedProducts: string;
  patientSafetyImpact: string;
  actions: string;
  compensatingControls: string;
  fixAvailability: string;
  contact: string;
}

/** GET …/notices/draft: the fields read off the case's latest advisory. */
export interface NoticeDraft {
  readonly advisory: { id: string; trackingId: string; version: string } | null;
  readonly fields: NoticeFields | null;
}

export interface CustomerContact {
  readonly id: string;
  readonly productId: string;
  readonly productName: string;
  readonly customerName: string;
  readonly email: string;
  readonly customerOrgSlug: string | null;
}

export interface InboxNotice {
  readonly id: string;
  readonly manufacturer: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly receivedAt: string;
}

export interface NoticePreview {
  readonly subject: string;
  readonly text: string;
  /** Rendered by the server with every field escaped (src/modules/cvd/notices.ts renderNotice). */
  readonly html: string;
  readonly recipients: { customerName: string; email: string; productName: string; inbox: boolean }[];
}

export interface SentNotice {
  readonly id: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sentBy: string;
  readonly sentAt: string;
  readonly deliveries: { channel: 'email' | 'account'; recipient: string; ok: boolean; error: string | null; at: string }[];
}

export const CVD_KEY = ['cvd'] as const;
export const CASES_KEY = [...CVD_KEY, 'cases'] as const;
export const caseKey = (id: string) => [...CASES_KEY, 'detail', id] as const;
export const noticesKey = (id: string) => [...CASES_KEY, 'detail', id, 'notices'] as const;
export const INTAKE_KEY_KEY = [...CVD_KEY, 'intake-key'] as const;
export const CONTACTS_KEY = [...CVD_KEY, 'customer-contacts'] as const;
export const INBOX_KEY = ['notices', 'inbox'] as const;

export const casePath = (id: string) => `/disclosure/${id}`;

export const STATE_LABELS: Record<CvdState, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  triaged: 'Triaged',
  remediation: 'Remediation',
  disclosed: 'Disclosed',
  closed: 'Closed',
};

export const STATE_COLORS: Record<CvdState, MantineColor> = { received: 'orange', acknowledged: 'yellow', triaged: 'blue', remediation: 'indigo', disclosed: 'teal', closed: 'gray' };

export const CLOCK_LABELS: Record<ClockName, string> = { acknowledge: 'Acknowledge the reporter', status_update: 'Next status update to the reporter', disclosure: 'Public disclosure target' };

export const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = { met: 'Met', late: 'Met late', due: 'Due', overdue: 'Overdue' };
export const CLOCK_STATUS_COLORS: Record<ClockStatus, MantineColor> = { met: 'teal', late: 'orange', due: 'blue', overdue: 'red' };

export const CREDIT_LABELS: Record<Credit, string> = { named: 'Credit me by name', anonymous: 'Credit “an anonymous researcher”', none: 'No acknowledgment' };

/** The timestamp column each state records, for the timeline of states. */
export const STATE_AT: Record<Exclude<CvdState, never>, keyof CvdCase> = {
  received: 'receivedAt',
  acknowledged: 'acknowledgedAt',
  triaged: 'triagedAt',
  remediation: 'remediationAt',
  disclosed: 'disclosedAt',
  closed: 'closedAt',
};

/** A file as the intake takes it: base64 content without the data-URL prefix. */
export async function fileToAttachment(file: File): Promise<{ fileName: string; mediaType: string; contentBase64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // Chunked so a 1 MiB file does not overflow the argument list of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: btoa(binary) };
}

export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 1024 * 1024;
