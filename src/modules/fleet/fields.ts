import { isIP } from 'node:net';

/**
 * The asset fields an import can fill, how each is spelled in the API and in the table, the
 * header names a CMMS export is likely to use for it, and how a cell's text becomes a value.
 * Pure: the importer, the manual form and the bulk edit all go through `parseField`.
 */

export const ASSET_FIELDS = [
  'manufacturer', 'model', 'serial', 'softwareVersion', 'firmwareVersion', 'location', 'department', 'networkZone',
  'vlan', 'ip', 'mac', 'clinicalCriticality', 'patientConnected', 'owner', 'purchasedOn', 'installedOn',
] as const;
export type AssetField = (typeof ASSET_FIELDS)[number];

/** A file without these three columns cannot be deduplicated, so it is refused. */
export const REQUIRED_FIELDS: readonly AssetField[] = ['manufacturer', 'model', 'serial'];

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const COLUMN_OF: Record<AssetField, string> = {
  manufacturer: 'manufacturer', model: 'model', serial: 'serial', softwareVersion: 'software_version', firmwareVersion: 'firmware_version',
  location: 'location', department: 'department', networkZone: 'network_zone', vlan: 'vlan', ip: 'ip', mac: 'mac',
  clinicalCriticality: 'clinical_criticality', patientConnected: 'patient_connected', owner: 'owner', purchasedOn: 'purchased_on', installedOn: 'installed_on',
};

/** The header the CSV export writes for each field; `suggestMapping` maps them back, so an export re-imports as is. */
export const EXPORT_HEADER: Record<AssetField, string> = {
  manufacturer: 'Manufacturer', model: 'Model', serial: 'Serial', softwareVersion: 'Software version', firmwareVersion: 'Firmware version',
  location: 'Location', department: 'Department', networkZone: 'Network zone', vlan: 'VLAN', ip: 'IP address', mac: 'MAC address',
  clinicalCriticality: 'Clinical criticality', patientConnected: 'Patient connected', owner: 'Owner', purchasedOn: 'Purchase date', installedOn: 'Installation date',
};

/** Header spellings seen in CMMS / asset-management exports, compared after `headerKey`. */
const SYNONYMS: Record<AssetField, readonly string[]> = {
  manufacturer: ['manufacturer', 'mfr', 'mfg', 'make', 'vendor', 'brand', 'manufacturername'],
  model: ['model', 'modelnumber', 'modelno', 'modelname', 'devicemodel'],
  serial: ['serial', 'serialnumber', 'serialno', 'sn', 'serialnr'],
  softwareVersion: ['softwareversion', 'swversion', 'software', 'swver', 'appversion'],
  firmwareVersion: ['firmwareversion', 'fwversion', 'firmware', 'fwver'],
  location: ['location', 'room', 'site', 'building', 'locationname'],
  department: ['department', 'dept', 'unit', 'clinicalunit', 'departmentname'],
  networkZone: ['networkzone', 'zone', 'networksegment', 'segment'],
  vlan: ['vlan', 'vlanid'],
  ip: ['ip', 'ipaddress', 'ipv4', 'ipaddr'],
  mac: ['mac', 'macaddress', 'macaddr', 'hardwareaddress'],
  clinicalCriticality: ['clinicalcriticality', 'criticality', 'riskclass', 'criticalitylevel'],
  patientConnected: ['patientconnected', 'connectedtopatient', 'patientcontact'],
  owner: ['owner', 'responsible', 'custodian', 'assetowner'],
  purchasedOn: ['purchasedon', 'purchasedate', 'purchased', 'acquisitiondate', 'dateofpurchase'],
  installedOn: ['installedon', 'installdate', 'installationdate', 'installed', 'inservicedate'],
};

export const headerKey = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Which header of the file fills which field, by name; the first header matching a field wins. */
export function suggestMapping(headers: readonly string[]): Partial<Record<AssetField, string>> {
  const mapping: Partial<Record<AssetField, string>> = {};
  for (const field of ASSET_FIELDS) {
    const names = new Set([...SYNONYMS[field], headerKey(field), headerKey(EXPORT_HEADER[field])]);
    const header = headers.find((h) => names.has(headerKey(h)));
    if (header !== undefined) mapping[field] = header;
  }
  return mapping;
}

export type FieldValue = string | number | boolean | null;

export class FieldError extends Error {}

const MAX_TEXT: Partial<Record<AssetField, number>> = { softwareVersion: 100, firmwareVersion: 100, networkZone: 100 };

/**
 * A cell's text as the field's value; empty means null (false for patientConnected).
 * Throws FieldError with a message meant for the person who wrote the file.
 */
export function parseField(field: AssetField, raw: string): FieldValue {
  const text = raw.trim();
  switch (field) {
    case 'manufacturer':
    case 'model':
    case 'serial':
      if (text === '') throw new FieldError('is required');
      if (text.length > 200) throw new FieldError('is longer than 200 characters');
      return text;
    case 'vlan': {
      if (text === '') return null;
      const m = /^(?:vlan\s*)?(\d{1,4})$/i.exec(text);
      const n = m ? Number(m[1]) : NaN;
      if (!(n >= 1 && n <= 4094)) throw new FieldError(`"${text}" is not a VLAN id (1–4094)`);
      return n;
    }
    case 'ip':
      if (text === '') return null;
      if (isIP(text) === 0) throw new FieldError(`"${text}" is not an IPv4 or IPv6 address`);
      return text.toLowerCase();
    case 'mac':
      return text === '' ? null : normaliseMac(text);
    case 'clinicalCriticality':
      return text === '' ? null : parseCriticality(text);
    case 'patientConnected':
      return parseFlag(text);
    case 'purchasedOn':
    case 'installedOn':
      return text === '' ? null : parseDate(text);
    default: {
      if (text === '') return null;
      const max = MAX_TEXT[field] ?? 200;
      if (text.length > max) throw new FieldError(`is longer than ${max} characters`);
      return text;
    }
  }
}

/** aa:bb:cc:dd:ee:ff from colon, dash, Cisco dotted (aabb.ccdd.eeff) or bare hex. */
export function normaliseMac(text: string): string {
  const hex = text.replace(/[:\-.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) throw new FieldError(`"${text}" is not a MAC address`);
  return hex.match(/../g)!.join(':');
}

const CRITICALITY_WORDS: Record<string, Criticality> = {
  low: 'low', minor: 'low', medium: 'medium', moderate: 'medium', high: 'high', major: 'high',
  critical: 'critical', lifesustaining: 'critical', lifesupport: 'critical',
};

export function parseCriticality(text: string): Criticality {
  const level = CRITICALITY_WORDS[headerKey(text)];
  if (!level) throw new FieldError(`"${text}" is not a criticality (low, medium, high, critical)`);
  return level;
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'x', 'ja', 'oui', 'si']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', '', 'nein', 'non']);

export function parseFlag(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new FieldError(`"${text}" is not yes or no`);
}

/**
 * A calendar date. Accepted: ISO (2021-03-04, or a date-time whose date part is taken),
 * US month/day/year with slashes (3/4/2021 is 4 March 2021), and day.month.year with dots
 * (04.03.2021, also 4 March). Slashes are read
 * the US way because the large CMMS vendors export that way; dotted dates are European.
 */
export function parseDate(text: string): string {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text))) [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else throw new FieldError(`"${text}" is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)`);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) {
    throw new FieldError(`"${text}" is not a real calendar date`);
  }
  return date.toISOString().slice(0, 10);
}
