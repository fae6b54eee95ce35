import { modelKey, nameKey, versionKey } from './normalize.js';

/**
 * Automatic asset ↔ vendor release matching (pure). A device is a release of a vendor's product
 * when the manufacturer names the vendor, the model names the product (one of its CSAF
 * `model_numbers`, or its name), and the installed software version is the release's version —
 * all compared by their keys (normalize.ts). A serial number the vendor listed for the release
 * (CSAF `serial_numbers`) is the strongest evidence. Without a version there is no match: a
 * model alone does not say which release's vulnerabilities apply, and guessing would show a
 * hospital exposures its devices may not have. People confirm or override on the match screen.
 */

export interface CatalogRelease {
  readonly releaseId: string;
  readonly vendorKey: string;
  readonly productKey: string;
  /** Model-number keys of the product and of the release. */
  readonly modelKeys: readonly string[];
  readonly versionKey: string;
  readonly serials: readonly string[];
}

export interface MatchableAsset {
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly softwareVersion: string | null;
  readonly firmwareVersion: string | null;
}

export interface AutoMatch {
  readonly releaseId: string;
  readonly confidence: number;
  readonly reason: string;
}

export interface CatalogIndex {
  readonly byVendorModel: ReadonlyMap<string, readonly (CatalogRelease & { readonly via: 'model_number' | 'product_name' })[]>;
}

/** Indexes the catalog by vendor key + model key (each model number and the product name). */
export function indexCatalog(releases: readonly CatalogRelease[]): CatalogIndex {
  const map = new Map<string, (CatalogRelease & { via: 'model_number' | 'product_name' })[]>();
  const add = (key: string, r: CatalogRelease, via: 'model_number' | 'product_name') => {
    const list = map.get(key) ?? [];
    if (!list.some((x) => x.releaseId === r.releaseId)) list.push({ ...r, via });
    map.set(key, list);
  };
  for (const r of releases) {
    for (const m of r.modelKeys) if (m !== '') add(`${r.vendorKey}\u0000${m}`, r, 'model_number');
    if (r.productKey !== '') add(`${r.vendorKey}\u0000${r.productKey}`, r, 'product_name');
  }
  return { byVendorModel: map };
}

export function matchAsset(asset: MatchableAsset, index: CatalogIndex): AutoMatch | null {
  const candidates = index.byVendorModel.get(`${nameKey(asset.manufacturer)}\u0000${modelKey(asset.model)}`);
  if (!candidates || candidates.length === 0) return null;
  const bySerial = candidates.find((c) => c.serials.includes(asset.serial));
  if (bySerial) return { releaseId: bySerial.releaseId, confidence: 1, reason: `serial number ${asset.serial} is listed by the vendor for this release` };
  const versions = [asset.softwareVersion, asset.firmwareVersion].filter((v): v is string => v !== null && v.trim() !== '');
  for (const v of versions) {
    const key = versionKey(v);
    const hits = candidates.filter((c) => c.versionKey === key);
    // Two releases with the same model and version (two product lines sharing a model number) is ambiguous: leave it to a person.
    if (hits.length !== 1) continue;
    const hit = hits[0]!;
    return hit.via === 'model_number'
      ? { releaseId: hit.releaseId, confidence: 0.95, reason: `manufacturer, model number and version ${v} match` }
      : { releaseId: hit.releaseId, confidence: 0.85, reason: `manufacturer, product name and version ${v} match` };
  }
  return null;
}
