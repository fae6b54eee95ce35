/** Shapes of the vendor feed and catalog API (src/modules/vendors/routes.ts) and the query keys its screens share. */

export const VENDORS_KEY = ['vendors'] as const;
export const FEEDS_KEY = ['vendors', 'feeds'] as const;
export const CATALOG_KEY = ['vendors', 'catalog'] as const;

export type FeedStatus = 'new' | 'running' | 'ok' | 'partial' | 'failed';

export interface FeedError {
  readonly url: string;
  readonly problem: 'signature' | 'hash' | 'invalid' | 'fetch' | string;
  readonly detail: string;
}

export interface Feed {
  readonly id: string;
  readonly kind: 'csaf_provider' | 'instance';
  readonly url: string | null;
  readonly manufacturerOrgId: string | null;
  readonly name: string;
  readonly status: FeedStatus;
  readonly vendorId: string | null;
  readonly lastJobId: string | null;
  readonly lastSyncAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly documentsTotal: number;
  readonly lastRun: { new: number; updated: number; unchanged: number; rejected: number };
  readonly errors: FeedError[];
  readonly lastError: string | null;
  readonly keys: { fingerprint: string; pinned: boolean }[];
  readonly createdAt: string;
}

export interface CatalogRelease {
  readonly id: string;
  readonly product: string;
  readonly version: string;
  readonly modelNumbers: string[];
  readonly lifecycleStage: string | null;
  readonly endOfSupportDate: string | null;
  readonly statements: number;
  readonly assets: number;
}

export interface Vendor {
  readonly id: string;
  readonly name: string;
  readonly sameInstance: boolean;
  readonly documents: number;
  readonly releases: CatalogRelease[];
}

export interface SharingManufacturer {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly products: number;
  readonly followed: boolean;
}

export const FEED_STATUS: Record<FeedStatus, { label: string; color: string }> = {
  new: { label: 'Not synced yet', color: 'gray' },
  running: { label: 'Syncing', color: 'blue' },
  ok: { label: 'OK', color: 'teal' },
  partial: { label: 'Documents rejected', color: 'orange' },
  failed: { label: 'Failed', color: 'red' },
};

export const PROBLEM_LABELS: Record<string, string> = {
  signature: 'Bad signature',
  hash: 'Bad hash',
  invalid: 'Unreadable document',
  fetch: 'Not fetched',
};

export const LIFECYCLE_LABELS: Record<string, string> = { development: 'Development', support: 'Supported', limited_support: 'Limited support', end_of_support: 'End of support' };
