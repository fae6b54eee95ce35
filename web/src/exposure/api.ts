/** Shapes of the exposure and patch API (src/modules/exposure/routes.ts) and the query key its screens share. */

export const EXPOSURE_KEY = ['exposure'] as const;

export type Band = 'critical' | 'high' | 'medium' | 'low';
export const BAND_COLORS: Record<Band, string> = { critical: 'red.9', high: 'orange.8', medium: 'yellow.8', low: 'gray.7' };
export const STATUS_LABELS: Record<string, string> = { known_affected: 'Affected', known_not_affected: 'Not affected (vendor)', fixed: 'Fixed', under_investigation: 'Under investigation', patched: 'Patched' };

export interface ChartRow { readonly label: string; readonly assets: number; readonly kev: number; readonly exposures: number }

export interface Summary {
  readonly totals: { assets: number; matched: number; exposedAssets: number; kevExposedAssets: number; overduePatches: number };
  readonly kevPatientConnected: { assetId: string; manufacturer: string; model: string; serial: string; department: string | null; vulnerabilities: string[]; priority: number; compensatedBy: { id: string; kind: string; description: string }[] }[];
  readonly endOfSupportWithin12Months: { releaseId: string; vendor: string; product: string; version: string; endOfSupportDate: string; assets: number }[];
  readonly byDepartment: ChartRow[];
  readonly byCriticality: ChartRow[];
  readonly byVendor: ChartRow[];
}

export interface AssetExposure {
  readonly asset: { id: string; manufacturer: string; model: string; serial: string; department: string | null; networkZone: string | null; criticality: string | null; patientConnected: boolean };
  readonly match: { vendorReleaseId: string | null; method: string; reason: string; vendor: string | null; product: string | null; version: string | null; endOfSupportDate: string | null } | null;
  readonly exposures: {
    vulnId: string; status: string; kev: boolean; priority: number; band: Band; factors: { factor: string; effect: 'raised' | 'lowered'; points: number; why: string }[];
    justification: string | null; detail: string | null; remediationCategory: string | null; remediation: string | null; patientSafety: string | null;
  }[];
  readonly controls: { id: string; kind: string; scope: string; scopeValue: string | null; status: string; description: string }[];
}

export interface MatchRow {
  readonly assetId: string; readonly manufacturer: string; readonly model: string; readonly serial: string; readonly softwareVersion: string | null;
  readonly state: 'unmatched' | 'auto' | 'confirmed' | 'overridden'; readonly reason: string | null; readonly release: { id: string; vendor: string; product: string; version: string } | null;
}

export interface PatchBoard {
  readonly items: { id: string; manufacturer: string; model: string; serial: string; vulnId: string; state: string; dueOn: string; installedOn: string | null; overdue: boolean }[];
  readonly advisories: { documentId: string | null; key: string | null; assets: number; installed: number; overdue: number; percentPatched: number }[];
}
