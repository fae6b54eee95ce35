import type { Action } from '../app/permissions.js';
import type { Asset } from './api.js';

/**
 * The slot other capabilities fill on an asset's page: each entry is a link from the asset
 * to what that capability knows about it (its exposure, its model's legacy plan, …). A
 * capability adds its entry here; the asset page shows those the role may open.
 */
export interface AssetLink {
  readonly label: string;
  readonly description: string;
  readonly permission: Action;
  readonly to: (asset: Asset) => string;
}

export const ASSET_LINKS: readonly AssetLink[] = [
  { label: 'Exposure', description: 'Vulnerabilities from the vendor’s advisories and VEX, compensating controls and patches for this device', permission: 'exposure.read', to: (a) => `/exposure/assets/${a.id}` },
  { label: 'Legacy plan', description: 'Lifecycle stage, end-of-support dates and the replacement plan of this model', permission: 'fleet.read', to: (a) => `/legacy?${new URLSearchParams({ manufacturer: a.manufacturer, model: a.model }).toString()}` },
];
