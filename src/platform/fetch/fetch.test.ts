import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, type FetchErrorCode, fetchIfChanged, type FetchIfChangedOptions, removeFetchedBody } from './index.js';

const ETAG = '"kev-2025.08.25"';
const LAST_MODIFIED = 'Mon, 25 Aug 2025 17:04:19 GMT';
const CATALOG = '{"catalogVersion":"2025.08.25","count":1404}';
const MB = 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Everything the servers received, for assertions on request headers. */
const seen: { path: string; headers: IncomingMessage['headers'] }[] = [];
/** Bytes the endless route managed to send before the client hung up, per request. */
const endlessSent: number[] = [];

const routes: Record<string, Handler> = {
  '/catalog': (req, res) => {
    if (req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED) {
      res.writeHead(304, { etag: ETAG }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag: ETAG, 'last-modified': LAST_MODIFIED }).end(CATALOG);
  },
  '/last-modified-only': (req, res) => {
    if (req.headers['if-modified-since'] === LAST_MODIFIED) res.writeHead(304).end();
    else res.writeHead(200, { 'last-modified': LAST_MODIFIED }).end(CATALOG);
  },
  '/declared-big': (_req, res) => {
    res.writeHead(200, { 'content-length': String(2 * MB) });
    res.write(Buffer.alloc(64 * 1024));
  },
  '/endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 1);
    let sent = 0;
    const timer = setInterval(() => {
      res.write(chunk);
      sent += chunk.length;
    }, 1);
    res.on('close', () => {
      clearInterval(timer);
      endlessSent.push(sent);
    });
  },
  '/gzip-bomb': (_req, res) => {
    const encoded = gzipSync(Buffer.alloc(2 * MB));
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(encoded.length) }).end(encoded);
  },
  '/no-headers': () => {},
  '/stalled-body': (_req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('{"partial":');
  },
  '/fail': (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error'),
  '/to-file': (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/no-location': (_req, res) => res.writeHead(302).end(),
  '/whoami': (req, res) => res.writeHead(200).end(req.headers.authorization ?? 'anonymous'),
  '/api-key': (req, res) => res.writeHead(200).end(String(req.headers['apikey'] ?? 'no key')),
};

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  seen.push({ path, headers: req.headers });
  const hops = /^\/hop\/(\d+)$/.exec(path);
  if (hops) {
    const left = Number(hops[1]);
    res.writeHead(left % 2 === 0 ? 301 : 307, { location: left === 1 ? '/catalog' : `/hop/${left - 1}` }).end();
    return;
  }
  const route = routes[path];
  if (route) route(req, res);
  else res.writeHead(404).end();
}

let server: Server;
let otherServer: Server;
let base: string;
let otherBase: string;
let tempDir: string;

async function listen(handler: Handler): Promise<{ server: Server; base: string }> {
  const s = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  ({ server, base } = await listen(handle));
  // A second origin: redirects there must not carry the first origin's credentials.
  ({ server: otherServer, base: otherBase } = await listen((req, res) => {
    if (req.url === '/to-first') res.writeHead(302, { location: `${base}/whoami` }).end();
    else if (req.url === '/key-to-first') res.writeHead(302, { location: `${base}/api-key` }).end();
    else handle(req, res);
  }));
  tempDir = mkdtempSync(join(tmpdir(), 'vigil-fetch-test-'));
});

afterAll(async () => {
  for (const s of [server, otherServer]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  rmSync(tempDir, { recursive: true, force: true });
});

afterEach(() => {
  seen.length = 0;
  endlessSent.length = 0;
});

const options = (extra: Partial<FetchIfChangedOptions> = {}): FetchIfChangedOptions => ({ maxBytes: MB, timeoutMs: 5_000, tempDir, ...extra });

async function fetchError(url: string, extra: Partial<FetchIfChangedOptions> = {}): Promise<FetchError> {
  const error = await fetchIfChanged(url, options(extra)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

const expectCode = (error: FetchError, code: FetchErrorCode) => expect({ code: error.code, message: error.message }).toMatchObject({ code });

describe('fetchIfChanged', () => {
  it('fetches into a temporary file, then answers not-modified for the same ETag', async () => {
    const first = await fetchIfChanged(`${base}/catalog`, options({ accept: 'application/json' }));
    expect(first).toMatchObject({ status: 'fetched', etag: ETAG, lastModified: LAST_MODIFIED, bytes: CATALOG.length, contentType: 'application/json', url: `${base}/catalog` });
    if (first.status !== 'fetched') throw new Error('expected a body');
    expect(readFileSync(first.body, 'utf8')).toBe(CATALOG);
    expect(seen[0]?.headers.accept).toBe('application/json');
    expect(seen[0]?.headers['if-none-match']).toBeUndefined();

    const second = await fetchIfChanged(`${base}/catalog`, options({ etag: first.etag }));
    expect(second).toEqual({ status: 'not-modified', etag: ETAG, lastModified: undefined });
    expect(seen[1]?.headers['if-none-match']).toBe(ETAG);

    await removeFetchedBody(first.body);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('sends If-Modified-Since when only Last-Modified is known', async () => {
    const first = await fetchIfChanged(`${base}/last-modified-only`, options());
    expect(first).toMatchObject({ status: 'fetched', etag: undefined, lastModified: LAST_MODIFIED });
    if (first.status === 'fetched') await removeFetchedBody(first.body);
    const second = await fetchIfChanged(`${base}/last-modified-only`, options({ lastModified: LAST_MODIFIED }));
    expect(second.status).toBe('not-modified');
    expect(seen[1]?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('follows up to 5 redirects, keeping the conditional headers, and refuses a sixth', async () => {
    const result = await fetchIfChanged(`${base}/hop/5`, options({ etag: ETAG }));
    expect(result.status).toBe('not-modified');
    expect(seen.map((s) => s.path)).toEqual(['/hop/5', '/hop/4', '/hop/3', '/hop/2', '/hop/1', '/catalog']);
    const fetched = await fetchIfChanged(`${base}/hop/2`, options());
    expect(fetched).toMatchObject({ status: 'fetched', url: `${base}/catalog` });
    if (fetched.status === 'fetched') await removeFetchedBody(fetched.body);

    const error = await fetchError(`${base}/hop/6`);
    expectCode(error, 'redirect');
    expect(error.message).toContain('More than 5 redirects');
    expectCode(await fetchError(`${base}/no-location`), 'redirect');
  });

  it('refuses non-http(s) URLs, also as a redirect target', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/kev.json', 'data:text/plain,hi', 'not a url']) {
      expectCode(await fetchError(url), 'bad-url');
    }
    const redirected = await fetchError(`${base}/to-file`);
    expectCode(redirected, 'bad-url');
    expect(redirected.message).toContain('file:');
  });

  it('stops a body that declares more than maxBytes before reading it', async () => {
    const error = await fetchError(`${base}/declared-big`);
    expectCode(error, 'too-large');
    expect(error.message).toContain(`declares ${2 * MB} bytes, more than the limit of ${MB}`);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('aborts a body without a length once it passes maxBytes, and removes the partial file', async () => {
    const error = await fetchError(`${base}/endless`);
    expectCode(error, 'too-large');
    expect(error.message).toContain(`larger than the limit of ${MB} bytes`);
    expect(readdirSync(tempDir)).toEqual([]);
    // The connection is closed by the client, not drained: the server stops soon after 1 MB.
    await expect.poll(() => endlessSent.length).toBe(1);
    expect(endlessSent[0]).toBeLessThan(16 * MB);
  });

  it('counts maxBytes after Content-Encoding is undone (a small gzip can expand past the limit)', async () => {
    expectCode(await fetchError(`${base}/gzip-bomb`), 'too-large');
    const roomy = await fetchIfChanged(`${base}/gzip-bomb`, options({ maxBytes: 4 * MB }));
    expect(roomy).toMatchObject({ status: 'fetched', bytes: 2 * MB });
    if (roomy.status === 'fetched') await removeFetchedBody(roomy.body);
  });

  it('times out when no answer comes, and when the body stalls', async () => {
    for (const path of ['/no-headers', '/stalled-body']) {
      const started = Date.now();
      const error = await fetchError(`${base}${path}`, { timeoutMs: 300 });
      expectCode(error, 'timeout');
      expect(error.message).toContain('within 300 ms');
      expect(Date.now() - started).toBeLessThan(3_000);
    }
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('fails on an HTTP error status, with the status', async () => {
    const error = await fetchError(`${base}/fail`);
    expectCode(error, 'http-status');
    expect(error.status).toBe(500);
    expect(error.message).toBe(`${base}/fail answered HTTP 500 Internal Server Error.`);
    expect((await fetchError(`${base}/missing`)).status).toBe(404);
  });

  it('reports an unreachable server as a network error', async () => {
    const closed = await listen(() => {});
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await fetchError(`${closed.base}/catalog`);
    expectCode(error, 'network');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('sends URL credentials as Basic auth to their origin only, and never puts them in errors', async () => {
    const ok = await fetchIfChanged(`http://reader:s3cret@${base.slice('http://'.length)}/whoami`, options());
    if (ok.status !== 'fetched') throw new Error('expected a body');
    expect(readFileSync(ok.body, 'utf8')).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`);
    expect(ok.url).toBe(`${base}/whoami`);
    await removeFetchedBody(ok.body);

    const crossOrigin = await fetchIfChanged(`http://reader:s3cret@${otherBase.slice('http://'.length)}/to-first`, options());
    if (crossOrigin.status !== 'fetched') throw new Error('expected a body');
    expect(readFileSync(crossOrigin.body, 'utf8')).toBe('anonymous');
    await removeFetchedBody(crossOrigin.body);

    const withSecrets = (path: string) => `http://reader:s3cret@${base.slice('http://'.length)}${path}?token=s3cret`;
    const errors = [
      await fetchError(withSecrets('/fail')),
      await fetchError(withSecrets('/endless')),
      await fetchError(withSecrets('/no-headers'), { timeoutMs: 200 }),
      await fetchError('http://reader:s3cret@[::1/'),
      await fetchError('file://reader:s3cret@host/etc/passwd'),
    ];
    expect(errors.map((e) => e.code)).toEqual(['http-status', 'too-large', 'timeout', 'bad-url', 'bad-url']);
    expect(errors[0]?.message).toBe(`${base}/fail?… answered HTTP 500 Internal Server Error.`);
    for (const error of errors) {
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('reader');
    }
  });

  it('sends extra headers (an API key) to the URL’s own origin only', async () => {
    const read = async (url: string) => {
      const result = await fetchIfChanged(url, options({ headers: { apiKey: 'k-123' } }));
      if (result.status !== 'fetched') throw new Error('expected a body');
      const text = readFileSync(result.body, 'utf8');
      await removeFetchedBody(result.body);
      return text;
    };
    expect(await read(`${base}/api-key`)).toBe('k-123');
    expect(await read(`${otherBase}/key-to-first`)).toBe('no key');
  });
});
