import { createHash } from 'node:crypto';

/**
 * JSON Schema's `uniqueItems` in linear time. ajv compares every pair of items (8.5 s for
 * 10,000 components); comparing canonical JSON texts in a map is linear but still serializes
 * every item with sorted keys, which was the larger part of validating a 10,000-component BOM.
 *
 * Here each item first gets a cheap order-independent hash of its top level (keys and
 * primitive values, strings hashed on at most their first {@link HASHED_CHARS} characters
 * plus their length). Equal values always get equal hashes, so items with distinct hashes are
 * distinct and cost nothing more — the usual case, since components differ in name or bom-ref.
 * Only items whose hash was seen before are compared exactly, by the SHA-256 of their canonical
 * JSON (object keys sorted), and the earlier item is fetched again through `itemAt` (the
 * streaming reader re-reads it from the document bytes instead of holding it). A bucket that had
 * a collision keeps the digests of its items, so even a document made of look-alike items is
 * canonicalized once per item: linear, never pairwise.
 */
export class UniqueItems {
  private readonly firstByHash = new Map<number, number>();
  private readonly exactBuckets = new Map<number, Map<string, number>>();
  private readonly strings = new Map<string, number>();
  private readonly others = new Map<unknown, number>();

  constructor(private readonly itemAt: (index: number) => unknown) {}

  /**
   * Adds the item at `index` (indices must be added in ascending order) and returns the index
   * of the first earlier item equal to it, or -1.
   */
  add(index: number, value: unknown): number {
    if (typeof value === 'string') return firstOr(this.strings, value, index);
    if (typeof value !== 'object' || value === null) return firstOr(this.others, value, index);
    const hash = shallowHash(value);
    const first = this.firstByHash.get(hash);
    if (first === undefined) {
      this.firstByHash.set(hash, index);
      return -1;
    }
    let bucket = this.exactBuckets.get(hash);
    if (!bucket) {
      bucket = new Map([[digest(this.itemAt(first)), first]]);
      this.exactBuckets.set(hash, bucket);
    }
    return firstOr(bucket, digest(value), index);
  }
}

/** Index of the first duplicate of `items`' item j as [i, j], or undefined when all are distinct. */
export function firstDuplicate(items: readonly unknown[]): [number, number] | undefined {
  if (items.length < 2) return undefined;
  const unique = new UniqueItems((i) => items[i]);
  for (let j = 0; j < items.length; j++) {
    const i = unique.add(j, items[j]);
    if (i >= 0) return [i, j];
  }
  return undefined;
}

function firstOr<K>(map: Map<K, number>, key: K, index: number): number {
  const earlier = map.get(key);
  if (earlier !== undefined) return earlier;
  map.set(key, index);
  return -1;
}

const HASHED_CHARS = 256;

/** FNV-1a over at most the first HASHED_CHARS characters, mixed with the length. */
function stringHash(s: string, seed: number): number {
  let h = (seed ^ s.length) >>> 0;
  const n = Math.min(s.length, HASHED_CHARS);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function primitiveHash(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return stringHash(v, 0x811c9dc5);
    case 'number':
      // 0 and -0 are equal JSON values; String() gives "0" for both.
      return stringHash(String(v), 0x2545f491);
    case 'boolean':
      return v ? 0x6b43a9b5 : 0x3c6ef372;
    default:
      return v === null ? 0x1b873593 : Array.isArray(v) ? 0x85ebca6b ^ v.length : 0xcc9e2d51;
  }
}

/** Order-independent: the entries' hashes are summed, so key order does not matter (as for JSON equality). */
function shallowHash(value: object): number {
  if (Array.isArray(value)) {
    let h = 0x9e3779b9 ^ value.length;
    for (let i = 0; i < value.length && i < 16; i++) h = Math.imul(h ^ primitiveHash(value[i]), 0x01000193);
    return h >>> 0;
  }
  let sum = 0;
  let count = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    count++;
    sum = (sum + Math.imul(stringHash(key, 0x811c9dc5) ^ primitiveHash((value as Record<string, unknown>)[key]), 0x27d4eb2f)) | 0;
  }
  return (sum ^ Math.imul(count, 0x165667b1)) >>> 0;
}

function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64');
}

/** JSON text with object keys sorted, so equal values (as JSON Schema defines equality) give equal texts. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
