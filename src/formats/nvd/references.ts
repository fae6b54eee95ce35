import type { IntelReference } from '../intel/model.js';

/**
 * Reference tags (CVE 5 `references[].tags`, NVD `references[].tags` after normalising
 * "Vendor Advisory" to `vendor-advisory`) → OSV reference types. Tags not listed, and the
 * legacy `x_refsource_*` / `x_transferred` tags, say nothing about the kind of page and map to WEB.
 */
const TAG_TYPES: ReadonlyMap<string, string> = new Map([
  ['patch', 'FIX'],
  ['vendor-advisory', 'ADVISORY'],
  ['third-party-advisory', 'ADVISORY'],
  ['exploit', 'EVIDENCE'],
  ['issue-tracking', 'REPORT'],
  ['mailing-list', 'DISCUSSION'],
  ['technical-description', 'ARTICLE'],
  ['media-coverage', 'ARTICLE'],
]);

/** When a reference carries several tags (NVD: "Mailing List, Patch, Third Party Advisory"), the most actionable wins. */
const PRECEDENCE = ['FIX', 'ADVISORY', 'EVIDENCE', 'REPORT', 'ARTICLE', 'DISCUSSION', 'WEB'];

function rank(type: string): number {
  const i = PRECEDENCE.indexOf(type);
  return i < 0 ? PRECEDENCE.length : i;
}

/** `Vendor Advisory` / `vendor-advisory` / `vendor_advisory` → `vendor-advisory`. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** The OSV reference type for a set of tags (WEB when none is known). */
export function referenceType(tags: readonly string[] | undefined): string {
  let best = 'WEB';
  for (const tag of tags ?? []) {
    const type = TAG_TYPES.get(normalizeTag(tag));
    if (type !== undefined && rank(type) < rank(best)) best = type;
  }
  return best;
}

/**
 * Collects references, one per URL in first-seen order. CVE records repeat the CNA's
 * references in the "CVE Program Container" and NVD lists a URL once per source; a
 * repeated URL keeps the most actionable type any copy had.
 */
export class ReferenceSet {
  private readonly byUrl = new Map<string, string>();

  add(url: string, tags: readonly string[] | undefined): void {
    const type = referenceType(tags);
    const existing = this.byUrl.get(url);
    if (existing === undefined || rank(type) < rank(existing)) this.byUrl.set(url, type);
  }

  toArray(): IntelReference[] {
    return [...this.byUrl].map(([url, type]) => ({ type, url }));
  }
}
