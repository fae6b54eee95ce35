import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { scanForOrg } from '../intel/scan-service.js';
import { toVdr } from '../intel/scan-vdr.js';
import { uuidUrnFor } from '../../formats/vex/json.js';
import { loadRelease } from './store.js';

/**
 * A release's CycloneDX VDR: the server-side scan of its current SBOM (the same scan and
 * writer as `vigil scan --format cyclonedx-vdr`), so the report and the release's findings
 * come from one matcher. The scan's CI policy line says nothing about a release and is left out.
 */
export async function releaseVdr(db: Db, ctx: OrgContext, releaseId: string, toolVersion: string) {
  authorize(ctx, 'intel.read');
  const release = await loadRelease(db, ctx, releaseId);
  const sbom = await db.selectFrom('sboms').select(['id', 'original']).where('org_id', '=', ctx.orgId).where('release_id', '=', releaseId).where('is_current', '=', true).executeTakeFirst();
  if (!sbom) throw new Problem(404, 'not-found', 'The release has no SBOM to report on.');
  const result = await scanForOrg(db, ctx, sbom.original, []);
  const vdr = toVdr(result, { toolVersion, serialNumber: uuidUrnFor(`urn:vigil:vdr:${sbom.id}:${result.scannedAt}`) });
  const metadata = vdr.metadata as { properties?: { name: string; value: string }[] };
  metadata.properties = [
    ...(metadata.properties ?? []).filter((p) => p.name !== 'vigil:scan:policy'),
    { name: 'vigil:release', value: `${release.product_name} ${release.version}` },
  ];
  const safe = `${release.product_name}-${release.version}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { document: vdr, fileName: `vdr-${safe}.cdx.json` };
}
