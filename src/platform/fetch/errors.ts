/**
 * Why a fetch failed:
 * - `bad-url`: not a valid http(s) URL (also a redirect to another scheme);
 * - `redirect`: more than the allowed redirects, or a redirect without a Location;
 * - `http-status`: the server answered with a status other than 2xx / 304;
 * - `too-large`: the body is longer than `maxBytes`;
 * - `timeout`: the whole exchange took longer than `timeoutMs`;
 * - `network`: no answer, or the connection broke (DNS, refused, reset, TLS).
 */
export type FetchErrorCode = 'bad-url' | 'redirect' | 'http-status' | 'too-large' | 'timeout' | 'network';

/**
 * A failed fetch. Messages name the URL without credentials or query string (see
 * `describeUrl`), so they can be logged and shown as they are.
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';

  constructor(
    readonly code: FetchErrorCode,
    message: string,
    /** The HTTP status, for `http-status`. */
    readonly status?: number,
  ) {
    super(message);
  }
}
