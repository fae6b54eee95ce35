import { writeBodyToTempFile } from './body.js';
import { FetchError } from './errors.js';
import { describeUrl, type FetchTarget, toFetchTarget } from './url.js';

/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface FetchIfChangedOptions {
  /** The ETag of the copy held; sent as If-None-Match. */
  readonly etag?: string;
  /** The Last-Modified value of the copy held, as the server sent it; sent as If-Modified-Since. */
  readonly lastModified?: string;
  /** Largest body accepted, in bytes as written to the file (after any Content-Encoding is undone). */
  readonly maxBytes: number;
  /** Deadline for the whole exchange: connecting, redirects, headers and the complete body. */
  readonly timeoutMs: number;
  /** Sent as the Accept header. */
  readonly accept?: string;
  /** More request headers (an API key), sent only to the URL's own origin, never after a redirect elsewhere. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Where the temporary body folder is created (default: the OS temporary directory). */
  readonly tempDir?: string;
}

export type FetchIfChangedResult =
  | { readonly status: 'not-modified'; readonly etag?: string; readonly lastModified?: string }
  | {
      readonly status: 'fetched';
      readonly etag?: string;
      readonly lastModified?: string;
      /** Path of the temporary file holding the body; the caller owns it (see `removeFetchedBody`). */
      readonly body: string;
      readonly bytes: number;
      readonly contentType?: string;
      /** The URL finally answered, after redirects, without credentials. */
      readonly url: string;
    };

function requestHeaders(target: FetchTarget, options: FetchIfChangedOptions, origin: string): Headers {
  const headers = new Headers(target.url.origin === origin ? options.headers : undefined);
  if (options.etag !== undefined) headers.set('if-none-match', options.etag);
  if (options.lastModified !== undefined) headers.set('if-modified-since', options.lastModified);
  if (options.accept !== undefined) headers.set('accept', options.accept);
  if (target.authorization !== undefined) headers.set('authorization', target.authorization);
  return headers;
}

/** Where a redirect leads; credentials stay with their origin (as browsers and curl do). */
function redirectTarget(from: FetchTarget, location: string): FetchTarget {
  const next = toFetchTarget(location, from.url);
  if (next.authorization !== undefined || next.url.origin !== from.url.origin || from.authorization === undefined) return next;
  return { url: next.url, authorization: from.authorization };
}

/** GETs `start`, following redirects by hand so their number and targets can be checked. */
async function getFollowingRedirects(start: FetchTarget, options: FetchIfChangedOptions, signal: AbortSignal): Promise<{ response: Response; target: FetchTarget }> {
  let target = start;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(target.url, { headers: requestHeaders(target, options, start.url.origin), redirect: 'manual', signal });
    if (!REDIRECT_STATUSES.has(response.status)) return { response, target };
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) throw new FetchError('redirect', `${describeUrl(target.url)} answered ${response.status} without a Location.`);
    if (redirects === MAX_REDIRECTS) throw new FetchError('redirect', `More than ${MAX_REDIRECTS} redirects, the last from ${describeUrl(target.url)}.`);
    target = redirectTarget(target, location);
  }
}

const optionalHeader = (response: Response, name: string) => response.headers.get(name) ?? undefined;

/** Refuses early, before any body byte is read, when the declared length already exceeds the limit. */
function checkDeclaredLength(response: Response, maxBytes: number, what: string): void {
  // With a Content-Encoding, Content-Length counts encoded bytes, not what will be written.
  if (response.headers.has('content-encoding')) return;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new FetchError('too-large', `${what} declares ${declared} bytes, more than the limit of ${maxBytes}.`);
}

async function settle(response: Response, target: FetchTarget, options: FetchIfChangedOptions): Promise<FetchIfChangedResult> {
  const what = describeUrl(target.url);
  const etag = optionalHeader(response, 'etag');
  const lastModified = optionalHeader(response, 'last-modified');
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified', etag, lastModified };
  }
  // 206 would be a part of the resource; no Range is sent, so it is as wrong as a 4xx.
  if (!response.ok || response.status === 206) {
    await response.body?.cancel();
    throw new FetchError('http-status', `${what} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, response.status);
  }
  checkDeclaredLength(response, options.maxBytes, what);
  const written = await writeBodyToTempFile(response.body, { maxBytes: options.maxBytes, tempDir: options.tempDir, what });
  return { status: 'fetched', etag, lastModified, body: written.path, bytes: written.bytes, contentType: optionalHeader(response, 'content-type'), url: target.url.href };
}

/** Turns what fetch and streams throw into a FetchError that names the URL safely. */
function toFetchError(error: unknown, timedOut: boolean, what: string, timeoutMs: number): unknown {
  if (error instanceof FetchError) return error;
  if (timedOut) return new FetchError('timeout', `${what} did not complete within ${timeoutMs} ms.`);
  if (error instanceof TypeError || (error instanceof Error && error.name === 'AbortError')) {
    // undici puts the reason (ECONNREFUSED, ENOTFOUND, "other side closed", …) in `cause`.
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error.message;
    return new FetchError('network', `Could not fetch ${what}: ${reason}.`);
  }
  return error;
}

/**
 * Downloads `url` unless the copy described by `etag` / `lastModified` is still current: a
 * conditional GET (If-None-Match, If-Modified-Since) that answers `not-modified` on 304 and
 * otherwise streams the body to a temporary file whose path it returns. Only http(s) URLs are
 * fetched; up to 5 redirects are followed (to http(s) only); credentials in the URL are sent as
 * Basic authentication to their own origin. Fails with a `FetchError` (see its codes) whose
 * message never contains credentials or the query string.
 */
export async function fetchIfChanged(url: string | URL, options: FetchIfChangedOptions): Promise<FetchIfChangedResult> {
  const start = toFetchTarget(url);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const { response, target } = await getFollowingRedirects(start, options, controller.signal);
    return await settle(response, target, options);
  } catch (error) {
    throw toFetchError(error, timedOut, describeUrl(start.url), options.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
