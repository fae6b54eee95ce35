import type { IntelIssue, KevEntry } from '../intel/model.js';
import { type KevSchemaError, validateKevEntry } from './schema.js';

/** What both KEV readers produce. CSV exports carry no catalog version or release date. */
export interface KevParseResult {
  readonly catalogVersion?: string;
  readonly dateReleased?: string;
  readonly entries: KevEntry[];
  readonly issues: IntelIssue[];
}

/** At most this many schema problems are named in the message of one bad row. */
const MAX_ROW_PROBLEMS = 5;

const RANSOMWARE_VALUES: ReadonlySet<string> = new Set(['Known', 'Unknown']);

/** One catalog entry in the field names of the official JSON (`cveID`, …), once it passed the schema. */
type RawKevEntry = Readonly<Record<string, unknown>>;

/** Joins the schema problems of one row into a message: `cveID must match pattern …; dueDate is missing`. */
export function describeRowProblems(errors: readonly KevSchemaError[]): string {
  const named = errors.slice(0, MAX_ROW_PROBLEMS).map((e) => e.message.replace(/^\//, ''));
  const more = errors.length > MAX_ROW_PROBLEMS ? ` (and ${errors.length - MAX_ROW_PROBLEMS} more)` : '';
  return `${named.join('; ')}${more}`;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Validates one raw entry against the official schema and converts it to a `KevEntry`, or
 * returns the issue that rejects it. The schema makes `knownRansomwareCampaignUse`, `notes`
 * and `cwes` optional (older catalogs lack them): absent values become `Unknown` (which the
 * schema defines as "CISA lacks confirmation"), `''` and `[]`.
 */
export function toKevEntry(value: unknown, location: string): { entry: KevEntry } | { issue: IntelIssue } {
  const errors = validateKevEntry(value);
  if (errors.length > 0) {
    const cveId = typeof value === 'object' && value !== null ? (value as RawKevEntry)['cveID'] : undefined;
    const id = typeof cveId === 'string' && cveId !== '' ? ` (${cveId})` : '';
    return { issue: { severity: 'error', code: 'invalid-entry', message: `Entry${id} skipped: ${describeRowProblems(errors)}.`, location } };
  }
  const raw = value as RawKevEntry;
  const ransomware = text(raw['knownRansomwareCampaignUse']);
  const entry: KevEntry = {
    cveId: text(raw['cveID']),
    vendorProject: text(raw['vendorProject']),
    product: text(raw['product']),
    vulnerabilityName: text(raw['vulnerabilityName']),
    dateAdded: text(raw['dateAdded']),
    shortDescription: text(raw['shortDescription']),
    requiredAction: text(raw['requiredAction']),
    dueDate: text(raw['dueDate']),
    knownRansomwareCampaignUse: ransomware === '' ? 'Unknown' : ransomware,
    notes: text(raw['notes']),
    cwes: Array.isArray(raw['cwes']) ? (raw['cwes'] as string[]) : [],
  };
  return { entry };
}

/**
 * Collects valid entries in file order: the first entry of a CVE wins and later ones become
 * warnings (the catalog lists each CVE once; a repeat is an editing slip, not new data).
 */
export class KevEntryCollector {
  readonly entries: KevEntry[] = [];
  readonly issues: IntelIssue[] = [];
  private readonly firstSeen = new Map<string, string>();

  /** Records a row that could not even be turned into an entry (e.g. a wrong field count). */
  reject(issue: IntelIssue): void {
    this.issues.push(issue);
  }

  /** Validates and converts one entry; a bad or repeated entry becomes an issue. */
  add(value: unknown, location: string): void {
    const result = toKevEntry(value, location);
    if ('issue' in result) {
      this.issues.push(result.issue);
      return;
    }
    const { entry } = result;
    const earlier = this.firstSeen.get(entry.cveId);
    if (earlier !== undefined) {
      this.issues.push({ severity: 'warning', code: 'duplicate-cve', message: `${entry.cveId} is listed again (first at ${earlier}); the repeat is skipped.`, location });
      return;
    }
    this.firstSeen.set(entry.cveId, location);
    if (!RANSOMWARE_VALUES.has(entry.knownRansomwareCampaignUse)) {
      this.issues.push({
        severity: 'warning',
        code: 'ransomware-value',
        message: `${entry.cveId}: knownRansomwareCampaignUse is "${entry.knownRansomwareCampaignUse}", not Known or Unknown; kept as written.`,
        location,
      });
    }
    this.entries.push(entry);
  }
}
