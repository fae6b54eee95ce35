/**
 * CSAF 2.0 section 5.1 file name: the tracking id lower-cased, every run of characters outside
 * `+`, `-`, `a-z`, `0-9` replaced by one `_`, then `.json`.
 */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/gu, '_')}.json`;
}

/**
 * The next version under CSAF integer versioning (section 3.2.1.12.1): a draft before its
 * first publication is version 0 (a `0` revision), the first release is 1 and every later
 * publication adds 1. Vigil publishes each version as final, so the CSAF rule "a version
 * number 0 or with a pre-release part is only allowed for draft/interim" (6.1.17) holds.
 */
export function nextPublishedVersion(published: readonly string[]): string {
  const max = published.reduce((m, v) => Math.max(m, Number.parseInt(v, 10) || 0), 0);
  return String(max + 1);
}
