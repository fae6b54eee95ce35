import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { api, type Page } from './api.js';

/**
 * A cursor-paginated list (GET … ?limit&cursor → { items, nextCursor }) with "Load more".
 * Returns the items of every loaded page in order.
 */
export function usePagedList<T>(key: QueryKey, path: string, query: Record<string, string | undefined> = {}, options: { limit?: number; enabled?: boolean; refetchInterval?: number | false | ((items: T[] | undefined) => number | false) } = {}) {
  const result = useInfiniteQuery({
    queryKey: [...key, query],
    queryFn: ({ pageParam, signal }) => api<Page<T>>(path, { query: { ...query, limit: options.limit ?? 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
    refetchInterval: (query) => {
      const interval = options.refetchInterval ?? false;
      return typeof interval === 'function' ? interval(query.state.data?.pages.flatMap((p) => p.items)) : interval;
    },
  });
  const items = result.data?.pages.flatMap((p) => p.items);
  return { ...result, items };
}
