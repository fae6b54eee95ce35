import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { notFound, Problem } from '../../platform/http/problem.js';
import { readScanSbom } from './scan-input.js';
import { parseFailOn, type FailOnRule } from './scan-policy.js';
import { documentPackageKeys, scanDocument, type ScanResult } from './scan.js';
import { loadScanIntel } from './snapshot-store.js';

/**
 * The server side of `vigil scan --server`: the same scan as the offline one, against the
 * organization's intelligence as it is now. Reads only; writes nothing, not even an audit
 * event (there is no change to account for).
 */

/** `failOn` as the query gives it; a 400 naming the parameter when a value is not a rule. */
export function failOnQuery(value: string | undefined): FailOnRule[] {
  if (value === undefined) return [];
  const parsed = parseFailOn(value);
  if ('error' in parsed) throw new Problem(400, 'bad-request', parsed.error.replace('--fail-on', 'failOn'), { errors: [{ pointer: '/query/failOn', message: parsed.error }] });
  return parsed.rules;
}

export async function scanForOrg(db: Db, ctx: OrgContext, bytes: Buffer, failOn: readonly FailOnRule[], now: Date = new Date()): Promise<ScanResult> {
  authorize(ctx, 'intel.read');
  const org = await db.selectFrom('organizations').select('slug').where('id', '=', ctx.orgId).executeTakeFirst();
  if (!org) throw notFound('organization');
  const sbom = readScanSbom(bytes);
  if (!sbom.ok) {
    const status = sbom.reason === 'too-large' ? 413 : sbom.reason === 'unsupported' ? 415 : sbom.reason === 'corrupt-gzip' ? 400 : 422;
    const slug = status === 413 ? 'body-too-large' : status === 415 ? 'unsupported-sbom' : status === 400 ? 'bad-request' : 'invalid-sbom';
    throw new Problem(status, slug, sbom.message, { errors: sbom.issues.slice(0, 50).map((e) => ({ pointer: e.location ?? '', message: `${e.code}: ${e.message}` })) });
  }
  const index = await loadScanIntel(db, ctx, documentPackageKeys(sbom.document));
  return scanDocument(sbom.document, index, { file: null, encoding: sbom.encoding, intelligence: { source: 'server', org: org.slug, asOf: now.toISOString() }, failOn, now });
}
