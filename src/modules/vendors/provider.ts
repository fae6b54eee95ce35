import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as openpgp from 'openpgp';
import { FetchError, fetchIfChanged, removeFetchedBody } from '../../platform/fetch/index.js';

/**
 * A CSAF 2.0 trusted-provider client (section 7): reads provider-metadata.json, the provider's
 * OpenPGP keys, its document listing (the directory's changes.csv, requirement 13, and/or the
 * ROLIE feeds, requirement 15) and downloads documents with their hash (.sha512/.sha256,
 * requirement 18) and detached signature (.asc, requirement 19). Everything goes through the
 * project's bounded fetch (size and time caps, http(s) only). What to do with a document is the
 * caller's (sync.ts); this module only says what the provider serves and whether it verifies.
 */

export const MAX_METADATA_BYTES = 1024 * 1024;
export const MAX_LISTING_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 15 * 1024 * 1024;
const MAX_SIDECAR_BYTES = 64 * 1024;
export const FETCH_TIMEOUT_MS = 60_000;

export interface ProviderKey {
  readonly fingerprint: string;
  readonly armored: string;
}

export interface ProviderMetadata {
  readonly canonicalUrl: string;
  readonly publisherName: string;
  readonly role: string;
  readonly keyRefs: readonly { readonly fingerprint: string; readonly url: string }[];
  readonly directoryUrls: readonly string[];
  readonly rolieFeeds: readonly { readonly url: string; readonly tlp: string }[];
}

export interface ListedDocument {
  readonly url: string;
  /** current_release_date as the listing gives it (changes.csv column 2, ROLIE `updated`). */
  readonly updated: string | null;
  readonly hashUrls: readonly string[];
  readonly signatureUrl: string;
}

export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** The provider-metadata.json URL for what a user typed: the URL itself, or the well-known path of a bare origin. */
export function metadataUrlOf(input: string): string {
  const url = new URL(input);
  if (url.pathname.endsWith('.json')) return url.toString();
  return new URL('/.well-known/csaf/provider-metadata.json', url.origin).toString();
}

/** Downloads a small resource into memory (through the temp-file fetch), or null on 304. */
export async function fetchBytes(url: string, maxBytes: number, conditional: { etag?: string | undefined; lastModified?: string | undefined } = {}) {
  const result = await fetchIfChanged(url, { maxBytes, timeoutMs: FETCH_TIMEOUT_MS, ...(conditional.etag ? { etag: conditional.etag } : {}), ...(conditional.lastModified ? { lastModified: conditional.lastModified } : {}) });
  if (result.status === 'not-modified') return { notModified: true as const, etag: result.etag, lastModified: result.lastModified };
  try {
    return { notModified: false as const, bytes: await readFile(result.body), etag: result.etag, lastModified: result.lastModified };
  } finally {
    await removeFetchedBody(result.body);
  }
}

async function getBytes(url: string, maxBytes: number): Promise<Buffer> {
  const r = await fetchBytes(url, maxBytes);
  if (r.notModified) throw new ProviderError(`${url} answered 304 to an unconditional request`);
  return r.bytes;
}

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): J[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads provider-metadata.json (section 7.1.7): the keys, directories and ROLIE feeds. */
export function parseProviderMetadata(bytes: Buffer, base: string): ProviderMetadata {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ProviderError('provider-metadata.json is not JSON');
  }
  if (!isObj(json) || json['metadata_version'] !== '2.0' || !isObj(json['publisher'])) throw new ProviderError('not a CSAF 2.0 provider-metadata.json (metadata_version "2.0" and a publisher are required)');
  const abs = (u: string) => new URL(u, base).toString();
  const distributions = objs(json['distributions']);
  return {
    canonicalUrl: str(json['canonical_url']) ?? base,
    publisherName: str(json['publisher']['name']) ?? 'Unknown vendor',
    role: str(json['role']) ?? 'csaf_provider',
    keyRefs: objs(json['public_openpgp_keys']).flatMap((k) => (str(k['url']) ? [{ fingerprint: (str(k['fingerprint']) ?? '').toUpperCase(), url: abs(str(k['url'])!) }] : [])),
    directoryUrls: distributions.flatMap((d) => (str(d['directory_url']) ? [abs(str(d['directory_url'])!.replace(/\/?$/u, '/'))] : [])),
    rolieFeeds: distributions.flatMap((d) => objs(isObj(d['rolie']) ? d['rolie']['feeds'] : undefined).flatMap((f) => (str(f['url']) ? [{ url: abs(str(f['url'])!), tlp: (str(f['tlp_label']) ?? 'WHITE').toUpperCase() }] : []))),
  };
}

/**
 * The provider's keys: each listed key is downloaded and kept only when its fingerprint is the
 * one the metadata lists (a key file swapped on the server is not trusted).
 */
export async function fetchProviderKeys(meta: ProviderMetadata): Promise<{ keys: ProviderKey[]; problems: string[] }> {
  const keys: ProviderKey[] = [];
  const problems: string[] = [];
  for (const ref of meta.keyRefs) {
    try {
      const armored = (await getBytes(ref.url, MAX_METADATA_BYTES)).toString('utf8');
      const key = await openpgp.readKey({ armoredKey: armored });
      const fingerprint = key.getFingerprint().toUpperCase();
      if (ref.fingerprint && fingerprint !== ref.fingerprint) problems.push(`key ${ref.url} has fingerprint ${fingerprint}, the metadata lists ${ref.fingerprint}`);
      else keys.push({ fingerprint, armored: key.armor() });
    } catch (error) {
      problems.push(`key ${ref.url}: ${(error as Error).message}`);
    }
  }
  return { keys, problems };
}

/** changes.csv (7.1.13): `"path","date"` lines relative to the directory URL. */
export function parseChangesCsv(text: string, directoryUrl: string): ListedDocument[] {
  const docs: ListedDocument[] = [];
  for (const line of text.split(/\r?\n/u)) {
    if (line.trim() === '') continue;
    const m = /^"?([^",]+)"?\s*,\s*"?([^",]*)"?\s*$/u.exec(line.trim());
    if (!m || !m[1]!.endsWith('.json')) continue;
    docs.push(listed(new URL(m[1]!, directoryUrl).toString(), m[2] || null));
  }
  return docs;
}

/** index.txt (7.1.12): one path a line, no dates. */
export function parseIndexTxt(text: string, directoryUrl: string): ListedDocument[] {
  return text.split(/\r?\n/u).map((l) => l.trim()).filter((l) => l.endsWith('.json')).map((l) => listed(new URL(l, directoryUrl).toString(), null));
}

/** A ROLIE feed (7.1.15): entries with self, hash and signature links. */
export function parseRolieFeed(bytes: Buffer, feedUrl: string): ListedDocument[] {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ProviderError(`ROLIE feed ${feedUrl} is not JSON`);
  }
  const feed = isObj(json) && isObj(json['feed']) ? json['feed'] : undefined;
  if (!feed) throw new ProviderError(`ROLIE feed ${feedUrl} has no "feed" object`);
  return objs(feed['entry']).flatMap((e) => {
    const links = objs(e['link']);
    const content = isObj(e['content']) ? str(e['content']['src']) : undefined;
    const self = str(links.find((l) => l['rel'] === 'self')?.['href']) ?? content;
    if (!self) return [];
    const url = new URL(self, feedUrl).toString();
    const hashes = links.filter((l) => l['rel'] === 'hash').map((l) => str(l['href'])).filter((h): h is string => h !== undefined).map((h) => new URL(h, feedUrl).toString());
    const signature = str(links.find((l) => l['rel'] === 'signature')?.['href']);
    return [{ url, updated: str(e['updated']) ?? null, hashUrls: hashes.length > 0 ? sortHashes(hashes) : [`${url}.sha512`, `${url}.sha256`], signatureUrl: signature ? new URL(signature, feedUrl).toString() : `${url}.asc` }];
  });
}

const listed = (url: string, updated: string | null): ListedDocument => ({ url, updated, hashUrls: [`${url}.sha512`, `${url}.sha256`], signatureUrl: `${url}.asc` });
/** The strongest hash first. */
const sortHashes = (urls: string[]) => [...urls].sort((a, b) => Number(b.endsWith('.sha512')) - Number(a.endsWith('.sha512')));

export type VerifyProblem = { readonly problem: 'hash' | 'signature' | 'fetch'; readonly detail: string };

/**
 * Checks a document against its hash file (the first of the listed ones that exists: SHA-512
 * before SHA-256) and its detached OpenPGP signature made by one of `keys`. A missing hash or
 * signature file is a failure too: a trusted provider must serve both (requirements 18, 19).
 */
export async function verifyDocument(bytes: Buffer, doc: ListedDocument, keys: readonly ProviderKey[]): Promise<VerifyProblem | null> {
  let hashChecked = false;
  for (const hashUrl of doc.hashUrls) {
    let text: string;
    try {
      text = (await getBytes(hashUrl, MAX_SIDECAR_BYTES)).toString('utf8');
    } catch (error) {
      if (error instanceof FetchError && error.code === 'http-status' && error.status === 404) continue;
      return { problem: 'fetch', detail: (error as Error).message };
    }
    const algorithm = hashUrl.endsWith('.sha256') ? 'sha256' : 'sha512';
    const expected = /^([0-9a-fA-F]+)/u.exec(text.trim())?.[1]?.toLowerCase();
    const actual = createHash(algorithm).update(bytes).digest('hex');
    if (expected !== actual) return { problem: 'hash', detail: `${algorithm.toUpperCase()} of the document is ${actual}, the provider's ${hashUrl.split('/').at(-1)} says ${expected ?? '(nothing readable)'}` };
    hashChecked = true;
    break;
  }
  if (!hashChecked) return { problem: 'hash', detail: 'the provider serves no .sha512 or .sha256 file for this document' };
  if (keys.length === 0) return { problem: 'signature', detail: 'no trusted OpenPGP key for this provider: its metadata lists none that verifies' };
  let armoredSignature: string;
  try {
    armoredSignature = (await getBytes(doc.signatureUrl, MAX_SIDECAR_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof FetchError && error.code === 'http-status') return { problem: 'signature', detail: `no signature file (${error.message})` };
    return { problem: 'fetch', detail: (error as Error).message };
  }
  return verifySignature(bytes, armoredSignature, keys);
}

/** A detached OpenPGP signature over `bytes` by one of `keys`, or the reason it is not. */
export async function verifySignature(bytes: Buffer, armoredSignature: string, keys: readonly ProviderKey[]): Promise<VerifyProblem | null> {
  try {
    const signature = await openpgp.readSignature({ armoredSignature });
    const verificationKeys = await Promise.all(keys.map((k) => openpgp.readKey({ armoredKey: k.armored })));
    const result = await openpgp.verify({ message: await openpgp.createMessage({ binary: bytes }), signature, verificationKeys, expectSigned: false });
    for (const s of result.signatures) {
      try {
        if (await s.verified) return null;
      } catch {
        // Try the next signature packet; the last reason is reported below.
      }
    }
    return { problem: 'signature', detail: 'the .asc signature does not verify with the provider’s key (document altered, or signed by another key)' };
  } catch (error) {
    return { problem: 'signature', detail: `the .asc signature cannot be read: ${(error as Error).message}` };
  }
}
