import { FetchError } from './errors.js';

/** A URL ready for `fetch`: credentials moved out of it into an Authorization header value. */
export interface FetchTarget {
  readonly url: URL;
  /** `Basic …` from the URL's user info; sent only to this origin. */
  readonly authorization?: string;
}

/**
 * How URLs appear in messages: origin and path only. User info and the query string are left
 * out because either may hold secrets (`https://user:token@…`, `?api_key=…`).
 */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search === '' ? '' : '?…'}`;
}

/**
 * Parses `input` (relative to `base` when given) and accepts only http and https. Node's fetch
 * refuses URLs with user info, quoting them, credentials included, in its error; so they are
 * taken out here and sent as HTTP Basic authentication instead.
 */
export function toFetchTarget(input: string | URL, base?: URL): FetchTarget {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    // The parser's message repeats the input, which may hold credentials.
    throw new FetchError('bad-url', base ? 'The redirect Location is not a valid URL.' : 'Not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad-url', `Only http and https URLs are fetched, not ${url.protocol} (${base ? 'redirect from ' + describeUrl(base) : 'requested'}).`);
  }
  if (url.username === '' && url.password === '') return { url };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** Query parameters that carry credentials in feed URLs (`?apiKey=…`, `?token=…`, signed URLs' `sig`). */
const SECRET_PARAM = /key|token|secret|password|sig|auth/i;

/**
 * A configured URL as it may be shown and audited: the whole URL, but a password in its user
 * info and the values of credential-like query parameters are replaced by `***`.
 */
export function maskUrlSecrets(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return '(invalid URL)';
  }
  if (url.password) url.password = '***';
  for (const name of [...url.searchParams.keys()]) if (SECRET_PARAM.test(name)) url.searchParams.set(name, '***');
  return url.toString().replace(/\*\*\*|%2A%2A%2A/g, '***');
}
