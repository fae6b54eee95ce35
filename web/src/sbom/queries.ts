import type { QueryClient } from '@tanstack/react-query';
import { api } from '../app/api.js';
import { prefetchPagedList } from '../app/queries.js';
import { productKey, type Product, type Release } from '../portfolio/api.js';
import { releaseSbomsKey, sbomKey, type Component, type Sbom } from './api.js';

/**
 * The release page's queries, shared by the page and by the early start of a deep link
 * (src/app/early-start.ts), so both fill the same cache entries. Kept free of components:
 * the early start is in the main bundle.
 */

export const COMPONENTS_PAGE = 100;
export const componentsPath = (sbomId: string) => `/api/v1/sboms/${sbomId}/components`;

/** The unfiltered first page of an SBOM's components, as the components table shows it first. */
export const prefetchComponents = (client: QueryClient, sbomId: string) => prefetchPagedList<Component>(client, sbomKey(sbomId, 'components'), componentsPath(sbomId), {}, COMPONENTS_PAGE);

export const productQuery = (productId: string) => ({ queryKey: productKey(productId), queryFn: ({ signal }: { signal: AbortSignal }) => api<Product>(`/api/v1/products/${productId}`, { signal }) });

export const releaseQuery = (productId: string, releaseId: string) => ({
  queryKey: [...productKey(productId), 'release', releaseId],
  queryFn: ({ signal }: { signal: AbortSignal }) => api<Release>(`/api/v1/releases/${releaseId}`, { signal }),
});

/** A release's SBOM revisions; the first page of the current one's components is requested as soon as the list arrives. */
export const releaseSbomsQuery = (client: QueryClient, releaseId: string) => ({
  queryKey: releaseSbomsKey(releaseId),
  queryFn: async ({ signal }: { signal: AbortSignal }) => {
    const sboms = await api<{ items: Sbom[] }>(`/api/v1/releases/${releaseId}/sboms`, { signal });
    const current = sboms.items.find((s) => s.isCurrent);
    if (current) void prefetchComponents(client, current.id);
    return sboms;
  },
});

/** Starts every request the release page makes on opening. */
export function prefetchReleasePage(client: QueryClient, productId: string, releaseId: string): void {
  void client.prefetchQuery(productQuery(productId));
  void client.prefetchQuery(releaseQuery(productId, releaseId));
  void client.prefetchQuery(releaseSbomsQuery(client, releaseId));
}
