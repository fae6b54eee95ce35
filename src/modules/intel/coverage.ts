import { parseCpe, parsePurl, purlToOsvPackage } from '../../core/index.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { Problem, notFound } from '../../platform/http/problem.js';
import { componentIdentity, type MatchableComponent } from './matching.js';

/**
 * A release's matching coverage: which components of its current SBOM intelligence can
 * reach (by purl through OSV, or by CPE through NVD configurations) and, for every other
 * one, why not — so no component is silently left out of matching. The verdict uses the
 * matcher's own `componentIdentity`, so it says exactly what matching does.
 */

export type CoverageReasonCode = 'no-identifier' | 'invalid-purl' | 'no-osv-ecosystem' | 'invalid-cpe' | 'cpe-without-product' | 'no-version';

export interface CoverageReason {
  readonly code: CoverageReasonCode;
  readonly message: string;
}

export interface ComponentCoverage {
  /** `purl`: matched against OSV ranges; `cpe`: against NVD CPE criteria only; `none`: unmatchable. */
  readonly by: 'purl' | 'cpe' | 'none';
  /** Why the component is unmatchable; empty when it is matchable. */
  readonly reasons: CoverageReason[];
}

function purlReasons(purl: string): CoverageReason[] {
  const parsed = parsePurl(purl);
  if (!parsed.ok) return [{ code: 'invalid-purl', message: `The package URL does not parse: ${parsed.error.message}` }];
  if (purlToOsvPackage(parsed.value)) return [];
  const kind = parsed.value.namespace ? `pkg:${parsed.value.type}/${parsed.value.namespace}` : `pkg:${parsed.value.type}`;
  return [{ code: 'no-osv-ecosystem', message: `${kind} package URLs name no OSV ecosystem, so no advisory ranges apply.` }];
}

function cpeReasons(cpe: string): CoverageReason[] {
  const parsed = parseCpe(cpe);
  if (!parsed.ok) return [{ code: 'invalid-cpe', message: `The CPE does not parse: ${parsed.error.message}` }];
  const open = (v: { kind: string }) => v.kind !== 'value';
  if (open(parsed.value.vendor) || open(parsed.value.product)) return [{ code: 'cpe-without-product', message: 'The CPE leaves the vendor or product open, so it names no product to look up.' }];
  return [];
}

/** Whether and how matching can reach one component, with the reasons when it cannot. */
export function componentCoverage(c: MatchableComponent): ComponentCoverage {
  const identity = componentIdentity(c);
  const byPurl = identity.osv !== undefined;
  const byCpe = identity.packageKeys.some((k) => k.startsWith('cpe:'));
  if (c.version && (byPurl || byCpe)) return { by: byPurl ? 'purl' : 'cpe', reasons: [] };
  const reasons: CoverageReason[] = [];
  if (!c.purl && !c.cpe) reasons.push({ code: 'no-identifier', message: 'No package URL and no CPE: nothing names the package to look up.' });
  if (c.purl) reasons.push(...purlReasons(c.purl));
  if (c.cpe) reasons.push(...cpeReasons(c.cpe));
  if (!c.version) reasons.push({ code: 'no-version', message: 'No version, so no affected range can be evaluated.' });
  return { by: 'none', reasons };
}

export interface UnmatchableComponent {
  readonly ref: string;
  readonly type: string;
  readonly name: string;
  readonly group: string | null;
  readonly version: string | null;
  readonly purl: string | null;
  readonly cpe: string | null;
  readonly reasons: CoverageReason[];
}

export interface ReleaseCoverage {
  readonly sbomId: string;
  readonly revision: number;
  readonly totals: { readonly components: number; readonly byPurl: number; readonly byCpeOnly: number; readonly unmatchable: number };
  /** How many unmatchable components have each reason (one component can have several). */
  readonly reasonCounts: Record<string, number>;
  readonly items: UnmatchableComponent[];
  /** The `ord` of the last listed component when more follow. */
  readonly nextOrd: number | null;
}

/**
 * Coverage of a release's current SBOM, with its unmatchable components in document order
 * after `afterOrd`, `limit` at a time. Totals always cover the whole SBOM.
 */
export async function releaseCoverage(db: Db, ctx: OrgContext, releaseId: string, limit: number, afterOrd = -1): Promise<ReleaseCoverage> {
  authorize(ctx, 'intel.read');
  const release = await db.selectFrom('releases').select('id').where('id', '=', releaseId).where('org_id', '=', ctx.orgId).executeTakeFirst();
  if (!release) throw notFound('release');
  const sbom = await db.selectFrom('sboms').select(['id', 'revision']).where('release_id', '=', releaseId).where('org_id', '=', ctx.orgId).where('is_current', '=', true).executeTakeFirst();
  if (!sbom) throw new Problem(404, 'not-found', 'That release has no SBOM yet.');
  const components = await db.selectFrom('sbom_components').select(['ord', 'ref', 'type', 'name', 'grp', 'version', 'purl', 'cpe']).where('sbom_id', '=', sbom.id).orderBy('ord').execute();

  const totals = { components: components.length, byPurl: 0, byCpeOnly: 0, unmatchable: 0 };
  const reasonCounts: Record<string, number> = {};
  const items: UnmatchableComponent[] = [];
  let lastListedOrd = -1;
  let more = false;
  for (const c of components) {
    const coverage = componentCoverage({ name: c.name, group: c.grp, version: c.version, purl: c.purl, cpe: c.cpe });
    if (coverage.by === 'purl') totals.byPurl++;
    else if (coverage.by === 'cpe') totals.byCpeOnly++;
    else {
      totals.unmatchable++;
      for (const r of coverage.reasons) reasonCounts[r.code] = (reasonCounts[r.code] ?? 0) + 1;
      if (c.ord <= afterOrd) continue;
      if (items.length === limit) {
        more = true;
        continue;
      }
      items.push({ ref: c.ref, type: c.type, name: c.name, group: c.grp, version: c.version, purl: c.purl, cpe: c.cpe, reasons: coverage.reasons });
      lastListedOrd = c.ord;
    }
  }
  return { sbomId: sbom.id, revision: sbom.revision, totals, reasonCounts, items, nextOrd: more ? lastListedOrd : null };
}
