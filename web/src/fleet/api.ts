/**
 * Shapes of the fleet API (src/modules/fleet/routes.ts) and the query keys its screens share.
 * The field list and labels repeat src/modules/fleet/fields.ts (which the browser cannot
 * import: it uses node:net); the mapping screen's e2e test fails if they drift.
 */

export const ASSET_FIELDS = [
  'manufacturer', 'model', 'serial', 'softwareVersion', 'firmwareVersion', 'location', 'department', 'networkZone',
  'vlan', 'ip', 'mac', 'clinicalCriticality', 'patientConnected', 'owner', 'purchasedOn', 'installedOn',
] as const;
export type AssetField = (typeof ASSET_FIELDS)[number];
export const REQUIRED_FIELDS: readonly AssetField[] = ['manufacturer', 'model', 'serial'];
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export interface Asset {
  readonly id: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly softwareVersion: string | null;
  readonly firmwareVersion: string | null;
  readonly location: string | null;
  readonly department: string | null;
  readonly networkZone: string | null;
  readonly vlan: number | null;
  readonly ip: string | null;
  readonly mac: string | null;
  readonly clinicalCriticality: Criticality | null;
  readonly patientConnected: boolean;
  readonly owner: string | null;
  readonly purchasedOn: string | null;
  readonly installedOn: string | null;
  readonly archived: boolean;
  readonly lastImportId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FleetSummary {
  readonly total: number;
  readonly patientConnected: number;
  readonly unassessed: number;
  readonly models: number;
  readonly departments: { department: string | null; count: number }[];
}

export type ColumnMapping = Partial<Record<AssetField, string>>;

export interface ImportPreview {
  readonly format: 'csv' | 'xlsx';
  readonly encoding: string | null;
  readonly headers: string[];
  readonly sample: string[][];
  readonly rows: number;
  readonly suggested: ColumnMapping;
  readonly saved: { name: string; mapping: ColumnMapping } | null;
}

export interface SavedMapping {
  readonly name: string;
  readonly mapping: ColumnMapping;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface ImportResult {
  readonly runId: string;
  readonly format: 'csv' | 'xlsx';
  readonly encoding: string | null;
  readonly mapping: ColumnMapping;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly duplicates: { line: number; keptLine: number; manufacturer: string; serial: string }[];
}

export const FLEET_KEY = ['fleet'] as const;
export const assetKey = (id: string) => [...FLEET_KEY, 'asset', id] as const;
export const MAPPINGS_KEY = [...FLEET_KEY, 'mappings'] as const;
export const assetPath = (id: string) => `/fleet/${id}`;

/** Field labels: the export's column headers (EXPORT_HEADER on the server). */
export const FIELD_LABELS: Record<AssetField, string> = {
  manufacturer: 'Manufacturer', model: 'Model', serial: 'Serial', softwareVersion: 'Software version', firmwareVersion: 'Firmware version',
  location: 'Location', department: 'Department', networkZone: 'Network zone', vlan: 'VLAN', ip: 'IP address', mac: 'MAC address',
  clinicalCriticality: 'Clinical criticality', patientConnected: 'Patient connected', owner: 'Owner', purchasedOn: 'Purchase date', installedOn: 'Installation date',
};

export const CRITICALITY_LABELS: Record<Criticality, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** A source column's header as a comparison key (the server compares the same way: letters and digits only, case aside). */
export const headerKey = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The saved mapping that fits a file: every header it names is in the file. When several fit,
 * the one that maps the most columns; null when none does.
 */
export function fittingMapping(saved: readonly SavedMapping[], headers: readonly string[]): SavedMapping | null {
  const present = new Set(headers.map(headerKey));
  const fits = saved.filter((m) => {
    const used = Object.values(m.mapping).filter((h): h is string => !!h);
    return used.length > 0 && used.every((h) => present.has(headerKey(h)));
  });
  fits.sort((a, b) => Object.keys(b.mapping).length - Object.keys(a.mapping).length);
  return fits[0] ?? null;
}

/** Per source column, the field it fills under a mapping (null: not imported). */
export function columnTargets(headers: readonly string[], mapping: ColumnMapping): (AssetField | null)[] {
  return headers.map((h) => {
    const entry = (Object.entries(mapping) as [AssetField, string][]).find(([, header]) => header === h || headerKey(header) === headerKey(h));
    return entry ? entry[0] : null;
  });
}

/** The mapping from per-column choices; a field chosen for two columns keeps the first. */
export function mappingFromTargets(headers: readonly string[], targets: readonly (AssetField | null)[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  targets.forEach((field, i) => {
    if (field && mapping[field] === undefined) mapping[field] = headers[i]!;
  });
  return mapping;
}
