import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { scanForOrg } from '../intel/scan-service.js';
import { toVdr } from '../intel/scan-vdr.js';
import { uuidUrnFor } from '../../formats/vex/json.js';
import { loadRelease, releaseFindings, type ReleaseFinding } from './store.js';

/**
 * A release's CycloneDX VDR: the server-side scan of its current SBOM (the same scan and
 * writer as `vigil scan --format cyclonedx-vdr`), so the report and the release's findings
 * come from one matcher. The scan's CI policy line says nothing about a release and is left out.
 * Unlike a CI scan, the release has triage: where the release's finding for a vulnerability and
 * affected component has an analysis state, the vulnerability carries it as CycloneDX
 * `analysis` (state, justification, response, detail, firstIssued = the finding's first
 * sighting, lastUpdated = its last analysis change), as Dependency-Track's VDR does. Components
 * of one vulnerability analysed differently are reported as one vulnerability entry per
 * analysis (each with its own `affects`); components not analysed yet stay without analysis.
 */
export async function releaseVdr(db: Db, ctx: OrgContext, releaseId: string, toolVersion: string) {
  authorize(ctx, 'intel.read');
  const release = await loadRelease(db, ctx, releaseId);
  const sbom = await db.selectFrom('sboms').select(['id', 'original']).where('org_id', '=', ctx.orgId).where('release_id', '=', releaseId).where('is_current', '=', true).executeTakeFirst();
  if (!sbom) throw new Problem(404, 'not-found', 'The release has no SBOM to report on.');
  const result = await scanForOrg(db, ctx, sbom.original, []);
  const vdr = toVdr(result, { toolVersion, serialNumber: uuidUrnFor(`urn:vigil:vdr:${sbom.id}:${result.scannedAt}`) });
  vdr.vulnerabilities = withAnalysis(vdr, await releaseFindings(db, ctx.orgId, releaseId));
  const metadata = vdr.metadata as { properties?: { name: string; value: string }[] };
  metadata.properties = [
    ...(metadata.properties ?? []).filter((p) => p.name !== 'vigil:scan:policy'),
    { name: 'vigil:release', value: `${release.product_name} ${release.version}` },
  ];
  const safe = `${release.product_name}-${release.version}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { document: vdr, fileName: `vdr-${safe}.cdx.json` };
}

interface VdrComponent { readonly 'bom-ref': string; readonly name: string; readonly version?: string; readonly purl?: string; readonly cpe?: string }
interface VdrVulnerability { readonly id: string; readonly affects: readonly { readonly ref: string }[]; readonly [key: string]: unknown }

/** How a component is recognised in both the scan and the findings: purl, else CPE, else name and version. */
const componentKey = (c: { purl?: string | null; cpe?: string | null; name: string; version?: string | null }) =>
  c.purl ? `purl:${c.purl}` : c.cpe ? `cpe:${c.cpe}` : `name:${c.name}@${c.version ?? ''}`;

/** The CycloneDX analysis of findings that share one analysis (earliest sighting, latest change). */
function analysisOf(findings: readonly ReleaseFinding[]): Record<string, unknown> {
  const f = findings[0]!;
  const first = Math.min(...findings.map((x) => x.first_seen_at.getTime()));
  const last = Math.max(...findings.map((x) => (x.analysis_updated_at ?? x.first_seen_at).getTime()));
  return {
    state: f.analysis_state,
    ...(f.analysis_justification ? { justification: f.analysis_justification } : {}),
    ...(f.analysis_responses.length > 0 ? { response: [...f.analysis_responses] } : {}),
    ...(f.analysis_detail ? { detail: f.analysis_detail } : {}),
    firstIssued: new Date(first).toISOString(),
    lastUpdated: new Date(last).toISOString(),
  };
}

/** The scan's vulnerabilities with the release's triage analysis (pure). */
export function withAnalysis(vdr: Record<string, unknown>, findings: readonly ReleaseFinding[]): VdrVulnerability[] {
  const components = new Map(((vdr.components ?? []) as VdrComponent[]).map((c) => [c['bom-ref'], componentKey(c)]));
  const analysed = new Map<string, ReleaseFinding[]>();
  for (const f of findings) {
    if (!f.analysis_state) continue;
    const key = `${f.vuln_id} ${componentKey({ purl: f.component_purl, cpe: f.component_cpe, name: f.component_name, version: f.component_version })}`;
    analysed.set(key, [...(analysed.get(key) ?? []), f]);
  }
  return ((vdr.vulnerabilities ?? []) as VdrVulnerability[]).flatMap((v) => {
    // Affected components grouped by the analysis of their finding ('' = none yet), in order.
    const groups = new Map<string, { affects: VdrVulnerability['affects'][number][]; findings: ReleaseFinding[] }>();
    for (const a of v.affects) {
      const found = analysed.get(`${v.id} ${components.get(a.ref) ?? ''}`) ?? [];
      const f = found[0];
      const key = f ? JSON.stringify([f.analysis_state, f.analysis_justification, [...f.analysis_responses].sort(), f.analysis_detail]) : '';
      const group = groups.get(key) ?? { affects: [], findings: [] };
      group.affects.push(a);
      group.findings.push(...found);
      groups.set(key, group);
    }
    return [...groups].map(([key, g]) => ({ ...v, ...(key ? { analysis: analysisOf(g.findings) } : {}), affects: g.affects }));
  });
}
