import type { QueryClient } from '@tanstack/react-query';
import { prefetchReleasePage } from '../sbom/queries.js';

/**
 * A deep link to a heavy screen (opened from a bookmark, an e-mail, a notification) starts its
 * code download and its first requests at once, instead of after the session check and each
 * lazily loaded module in turn. The screens then find their data in the query cache. Signed
 * out, the requests answer 401 and the sign-in redirect happens as before.
 */
const EARLY: readonly { pattern: RegExp; start: (client: QueryClient, params: string[]) => void }[] = [
  {
    pattern: /^\/portfolio\/([^/]+)\/releases\/([^/]+)\/?$/u,
    start: (client, [productId, releaseId]) => {
      void import('../portfolio/PortfolioPage.js');
      prefetchReleasePage(client, productId!, releaseId!);
    },
  },
];

export function startEarly(client: QueryClient, pathname: string): void {
  for (const { pattern, start } of EARLY) {
    const m = pattern.exec(pathname);
    if (m) return start(client, m.slice(1).map((p) => decodeURIComponent(p)));
  }
}
