import { open } from 'node:fs/promises';
import { readNvdApiFile } from '../../formats/nvd/index.js';
import { fetchIfChanged, removeFetchedBody } from '../../platform/fetch/index.js';
import type { IntelItem } from './service.js';

/**
 * NVD's CVE API 2.0 (`…/rest/json/cves/2.0`) as a sync source. One URL is not one file
 * there: results come in pages of at most 2,000 (`startIndex`, `resultsPerPage`), an
 * incremental sync asks for what changed in a `lastModStartDate`…`lastModEndDate` window of
 * at most 120 days, and the public service allows 5 requests per 30 s without an API key
 * (50 with one, sent as the `apiKey` header). Any other query parameters the user set
 * (`cpeName`, `keywordSearch`, `hasKev`, …) are kept on every page.
 */

export const NVD_PAGE_SIZE = 2000;
export const NVD_MAX_WINDOW_DAYS = 120;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The public service's rate limits as pauses between requests (NVD's "best practices" page). */
const PUBLIC_NVD_HOST = 'services.nvd.nist.gov';
const DELAY_WITHOUT_KEY_MS = 6000;
const DELAY_WITH_KEY_MS = 600;
/** The largest page NVD sends (2,000 CVEs with configurations) is tens of MB; this bounds a hostile one. */
const MAX_PAGE_BYTES = 512 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 5 * 60 * 1000;

export function isNvdCveApi(url: string): boolean {
  try {
    return new URL(url).pathname.replace(/\/+$/, '').endsWith('/rest/json/cves/2.0');
  } catch {
    return false;
  }
}

export interface NvdWindow {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The lastModified windows covering `since` → `now`, each at most 120 days; none (one
 * unwindowed pass over everything) for a first sync.
 */
export function nvdWindows(since: Date | null, now: Date): (NvdWindow | null)[] {
  if (!since) return [null];
  const windows: NvdWindow[] = [];
  for (let start = since.getTime(); start < now.getTime(); start += NVD_MAX_WINDOW_DAYS * DAY_MS) {
    windows.push({ start: new Date(start), end: new Date(Math.min(start + NVD_MAX_WINDOW_DAYS * DAY_MS, now.getTime())) });
  }
  return windows;
}

/** NVD wants extended ISO-8601 with an explicit offset. */
const nvdDate = (d: Date) => d.toISOString().replace('Z', '+00:00');

/** The URL of one page: the user's URL (its apiKey taken out) with paging and window parameters set. */
export function nvdPageUrl(base: string, window: NvdWindow | null, startIndex: number, pageSize = NVD_PAGE_SIZE): URL {
  const url = new URL(base);
  url.searchParams.delete('apiKey');
  url.searchParams.set('startIndex', String(startIndex));
  url.searchParams.set('resultsPerPage', String(pageSize));
  if (window) {
    url.searchParams.set('lastModStartDate', nvdDate(window.start));
    url.searchParams.set('lastModEndDate', nvdDate(window.end));
  } else {
    url.searchParams.delete('lastModStartDate');
    url.searchParams.delete('lastModEndDate');
  }
  return url;
}

export interface NvdApiSyncOptions {
  /** End of the last completed window; null for a first, full sync. */
  readonly since: Date | null;
  readonly now: Date;
  /** Reports pages as they are read: CVEs read so far, and the total NVD announced. */
  readonly onPage?: (done: number, total: number) => Promise<void>;
}

/** Reads every CVE changed in the windows, page by page (each page a temporary file, removed when read). */
export async function* readNvdApi(base: string, options: NvdApiSyncOptions): AsyncGenerator<IntelItem> {
  const apiKey = new URL(base).searchParams.get('apiKey') ?? undefined;
  const delayMs = new URL(base).hostname === PUBLIC_NVD_HOST ? (apiKey ? DELAY_WITH_KEY_MS : DELAY_WITHOUT_KEY_MS) : 0;
  let done = 0;
  let first = true;
  for (const window of nvdWindows(options.since, options.now)) {
    for (let startIndex = 0; ; ) {
      if (!first && delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      first = false;
      const page = await fetchIfChanged(nvdPageUrl(base, window, startIndex), { maxBytes: MAX_PAGE_BYTES, timeoutMs: PAGE_TIMEOUT_MS, accept: 'application/json', ...(apiKey ? { headers: { apiKey } } : {}) });
      if (page.status !== 'fetched') throw new Error('NVD answered "not modified" to an unconditional request.');
      try {
        const { total, perPage } = await pageHeader(page.body);
        yield* readNvdApiFile(page.body);
        done += perPage;
        await options.onPage?.(done, total);
        startIndex += perPage;
        if (perPage === 0 || startIndex >= total) break;
      } finally {
        await removeFetchedBody(page.body);
      }
    }
  }
}

/**
 * `totalResults` and `resultsPerPage` of a page. NVD writes them before `vulnerabilities`,
 * so the first kilobytes hold them and the page itself is streamed, not parsed whole.
 */
async function pageHeader(path: string): Promise<{ total: number; perPage: number }> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('utf8');
    const total = /"totalResults"\s*:\s*(\d+)/.exec(text)?.[1];
    const perPage = /"resultsPerPage"\s*:\s*(\d+)/.exec(text)?.[1];
    if (total === undefined || perPage === undefined) throw new Error('The NVD API answer has no totalResults/resultsPerPage before its vulnerabilities; is the URL an NVD CVE API 2.0 endpoint?');
    return { total: Number(total), perPage: Number(perPage) };
  } finally {
    await file.close();
  }
}
