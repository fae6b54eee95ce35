import { createHash } from 'node:crypto';
import { canonicalJson } from '../json/canonical.js';

/**
 * The audit chain's hashing rule, kept free of I/O so the writer and `vigil audit verify`
 * cannot disagree: hash = SHA-256( prev_hash || "\n" || JCS(event) ), where JCS is the
 * RFC 8785 canonical JSON of the event's fields below. Any change to a stored row's
 * content, order or deletion breaks the link at that row.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  readonly chainId: string;
  readonly seq: number;
  readonly orgId: string | null;
  readonly at: string; // ISO 8601 with milliseconds, UTC
  readonly actor: { readonly type: string; readonly id: string | null; readonly label: string };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string | null };
  readonly summary: Record<string, unknown>;
  readonly requestId: string | null;
}

export function hashEvent(prevHash: string, event: ChainedEvent): string {
  const canonical = canonicalJson(event);
  if (canonical === '') throw new Error('audit event is not serialisable');
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface StoredLink {
  readonly event: ChainedEvent;
  readonly prevHash: string;
  readonly hash: string;
}

export type LinkProblem = 'sequence gap' | 'previous hash mismatch' | 'content hash mismatch';

/**
 * Checks one stored link against the one before it. Returns the problem or null.
 * `expectedPrev` is the previous link's hash (GENESIS_HASH for seq 1).
 */
export function checkLink(link: StoredLink, expectedSeq: number, expectedPrev: string): LinkProblem | null {
  if (link.event.seq !== expectedSeq) return 'sequence gap';
  if (link.prevHash !== expectedPrev) return 'previous hash mismatch';
  if (hashEvent(link.prevHash, link.event) !== link.hash) return 'content hash mismatch';
  return null;
}
