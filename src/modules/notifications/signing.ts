import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, as Stripe and GitHub do it: the receiver recomputes
 * HMAC-SHA256(secret, "<timestamp>.<body>") and compares it with the `v1` value of the
 * `Vigil-Signature: t=<timestamp>,v1=<hex>` header, and refuses timestamps too far from its
 * clock (replay). Pure apart from the random secret.
 */
export const SIGNATURE_HEADER = 'vigil-signature';
export const TIMESTAMP_HEADER = 'vigil-timestamp';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`;
}

/** What a receiver does; used by tests and shown in docs/operations.md. */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, t, body), 'hex');
  const given = Buffer.from(v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Delay before the next attempt after `attempts` failed ones; null: give up (failed). */
export function retryDelayMs(attempts: number): number | null {
  const delays = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
  return attempts >= 1 && attempts <= delays.length ? delays[attempts - 1]! : null;
}
