import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, checkLink, hashEvent, type ChainedEvent } from './chain.js';

const event: ChainedEvent = {
  chainId: 'org-1',
  seq: 1,
  orgId: 'org-1',
  at: '2026-11-23T12:00:00.000Z',
  actor: { type: 'user', id: 'u1', label: 'ada@example.org' },
  action: 'token.create',
  target: { type: 'api_token', id: 't1' },
  summary: { name: 'ci', role: 'analyst' },
  requestId: 'r1',
};

describe('audit chain hashing', () => {
  it('hashes the previous hash and the RFC 8785 canonical JSON of the event', () => {
    // Canonical JSON written out by hand: keys sorted by code point, no whitespace.
    const canonical =
      '{"action":"token.create","actor":{"id":"u1","label":"ada@example.org","type":"user"},' +
      '"at":"2026-11-23T12:00:00.000Z","chainId":"org-1","orgId":"org-1","requestId":"r1","seq":1,' +
      '"summary":{"name":"ci","role":"analyst"},"target":{"id":"t1","type":"api_token"}}';
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`).digest('hex');
    expect(hashEvent(GENESIS_HASH, event)).toBe(expected);
  });

  it('does not depend on key order of the summary', () => {
    const reordered = { ...event, summary: { role: 'analyst', name: 'ci' } };
    expect(hashEvent(GENESIS_HASH, reordered)).toBe(hashEvent(GENESIS_HASH, event));
  });

  it('accepts an intact link and names each kind of break', () => {
    const hash = hashEvent(GENESIS_HASH, event);
    expect(checkLink({ event, prevHash: GENESIS_HASH, hash }, 1, GENESIS_HASH)).toBeNull();
    expect(checkLink({ event, prevHash: GENESIS_HASH, hash }, 2, GENESIS_HASH)).toBe('sequence gap');
    expect(checkLink({ event, prevHash: 'f'.repeat(64), hash }, 1, GENESIS_HASH)).toBe('previous hash mismatch');
    const tampered = { ...event, summary: { name: 'ci', role: 'admin' } };
    expect(checkLink({ event: tampered, prevHash: GENESIS_HASH, hash }, 1, GENESIS_HASH)).toBe('content hash mismatch');
  });
});
