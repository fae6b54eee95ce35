import { useInfiniteQuery, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { api, type Page } from './api.js';

/** The query of a cursor-paginated list; shared by usePagedList and prefetchPagedList so both hit the same cache entry. */
function pagedListQuery<T>(key: QueryKey, path: string, query: Record<string, string | undefined>, limit: number) {
  return {
    queryKey: [...key, query],
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) => api<Page<T>>(path, { query: { ...query, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.nextCursor ?? undefined,
  };
}

/** Starts loading a list's first page before the component that shows it renders (it then finds the page in the cache). */
export function prefetchPagedList<T>(client: QueryClient, key: QueryKey, path: string, query: Record<string, string | undefined> = {}, limit = 50): Promise<void> {
  return client.prefetchInfiniteQuery(pagedListQuery<T>(key, path, query, limit));
}

/**
 * A cursor-paginated list (GET … ?limit&cursor → { items, nextCursor }) with "Load more".
 * Returns the items of every loaded page in order.
 */
export function usePagedList<T>(key: QueryKey, path: string, query: Record<string, string | undefined> = {}, options: { limit?: number; enabled?: boolean; refetchInterval?: number | false | ((items: T[] | undefined) => number | false) } = {}) {
  const result = useInfiniteQuery({
    ...pagedListQuery<T>(key, path, query, options.limit ?? 50),
    enabled: options.enabled ?? true,
    refetchInterval: (query) => {
      const interval = options.refetchInterval ?? false;
      return typeof interval === 'function' ? interval(query.state.data?.pages.flatMap((p) => p.items)) : interval;
    },
  });
  const items = result.data?.pages.flatMap((p) => p.items);
  return { ...result, items };
}
