import { describe, expect, it } from 'vitest';
import { newWebhookSecret, retryDelayMs, signatureHeader, signPayload, verifySignature } from './signing.js';

/**
 * Webhook signatures against values computed outside this code: the vector below is
 * `printf '%s' '1767225600.{"event":"kev_hit"}' | openssl dgst -sha256 -hmac whsec_test`
 * (OpenSSL 3), so signer and verifier are not only checked against each other.
 */
const SECRET = 'whsec_test';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const BODY = '{"event":"kev_hit"}';
const OPENSSL_HMAC = '856ff567111422c1209a7aea6a956bae63f002566ea95dc433a7065f08dd1e3c';

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", as OpenSSL computes it', () => {
    expect(signPayload(SECRET, T, BODY)).toBe(OPENSSL_HMAC);
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${OPENSSL_HMAC}`);
  });

  it('verifies the OpenSSL-made header within the tolerance and nothing altered', () => {
    const header = `t=${T},v1=${OPENSSL_HMAC}`;
    expect(verifySignature(SECRET, header, BODY, T)).toBe(true);
    expect(verifySignature(SECRET, header, BODY, T + 300)).toBe(true);
    // Replay: a timestamp more than 5 minutes away either way.
    expect(verifySignature(SECRET, header, BODY, T + 301)).toBe(false);
    expect(verifySignature(SECRET, header, BODY, T - 301)).toBe(false);
    // A changed body, secret, timestamp or signature.
    expect(verifySignature(SECRET, header, '{"event":"kev_hit" }', T)).toBe(false);
    expect(verifySignature('whsec_other', header, BODY, T)).toBe(false);
    expect(verifySignature(SECRET, `t=${T + 1},v1=${OPENSSL_HMAC}`, BODY, T)).toBe(false);
    expect(verifySignature(SECRET, `t=${T},v1=${OPENSSL_HMAC.replace(/^8/, '9')}`, BODY, T)).toBe(false);
  });

  it('refuses malformed headers without throwing', () => {
    for (const header of ['', `v1=${OPENSSL_HMAC}`, `t=${T}`, `t=soon,v1=${OPENSSL_HMAC}`, `t=${T},v1=${OPENSSL_HMAC.slice(0, 62)}`, `t=${T},v1=zz`]) {
      expect(verifySignature(SECRET, header, BODY, T), header).toBe(false);
    }
  });

  it('makes a fresh 256-bit secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice('whsec_'.length), 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe('retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 12 h, then gives up after the sixth attempt', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 43_200_000, null]);
    expect(retryDelayMs(0)).toBeNull();
  });
});
