/** Shapes of the advisory API (src/modules/csaf/routes.ts) and the query keys its screens share. */

export const ADVISORIES_KEY = ['advisories'] as const;
export const PROVIDER_KEY_KEY = ['provider-key'] as const;
export const TLP_LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const;
export const TRACKING_STATUSES = ['draft', 'interim', 'final'] as const;

export interface AdvisoryRow {
  readonly id: string;
  readonly tracking_id: string;
  readonly title: string;
  readonly profile: string;
  readonly status: string;
  readonly tlp: string;
  readonly version: string;
  readonly vulnerability_id: string | null;
  readonly revision: number;
  readonly published_at: string | null;
  readonly updated_at: string;
}

export interface Advisory extends AdvisoryRow {
  readonly document: Record<string, unknown>;
  readonly findingIds: string[];
  readonly publications: { version: string; file_name: string; year: number; tlp: string; sha256: string; published_at: string }[];
}

export interface CsafMessage {
  readonly severity: 'error' | 'warning';
  readonly test: string;
  readonly pointer: string;
  readonly message: string;
}

export interface Validation {
  readonly valid: boolean;
  readonly errors: CsafMessage[];
  readonly warnings: CsafMessage[];
}

export interface ProviderKey {
  readonly id: string;
  readonly fingerprint: string;
  readonly userId: string;
  readonly algorithm: string;
  readonly publicKey: string;
  readonly createdAt: string;
}
