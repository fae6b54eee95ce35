import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/problem.js';
import { getSbom } from './service.js';

/**
 * Read models for the SBOM explorer: the organization's current SBOMs at a glance, one
 * component with everything stored about it, and the compact dependency graph the tree view
 * walks. Writes live in service.ts and support-import.ts.
 */

export interface SbomOverview {
  readonly sbomId: string;
  readonly productId: string;
  readonly productName: string;
  readonly releaseId: string;
  readonly releaseVersion: string;
  readonly lifecycleStage: string;
  readonly revision: number;
  readonly format: string;
  readonly specVersion: string;
  readonly componentCount: number;
  /** Components without a level of support or an end-of-support date (FDA expectation). */
  readonly componentsWithoutSupportData: number;
  readonly importedAt: Date;
}

/** Every release's current SBOM in the organization, newest import first. */
export async function listCurrentSboms(db: Db, ctx: OrgContext): Promise<SbomOverview[]> {
  authorize(ctx, 'portfolio.read');
  const rows = await db
    .selectFrom('sboms as s')
    .innerJoin('releases as r', 'r.id', 's.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select([
      's.id as sbomId',
      'p.id as productId',
      'p.name as productName',
      'r.id as releaseId',
      'r.version as releaseVersion',
      'r.lifecycle_stage as lifecycleStage',
      's.revision',
      's.format',
      's.spec_version as specVersion',
      's.component_count as componentCount',
      's.imported_at as importedAt',
      sql<number>`(select count(*) from sbom_components c where c.sbom_id = s.id and (c.level_of_support is null or c.end_of_support is null))::int`.as('componentsWithoutSupportData'),
    ])
    .where('s.org_id', '=', ctx.orgId)
    .where('s.is_current', '=', true)
    .where('p.archived_at', 'is', null)
    .orderBy('s.imported_at', 'desc')
    .limit(1000)
    .execute();
  return rows;
}

/** One component with every stored field, and the components that depend on it. */
export async function getComponent(db: Db, ctx: OrgContext, sbomId: string, ref: string) {
  await getSbom(db, ctx, sbomId);
  const row = await db.selectFrom('sbom_components').selectAll().where('sbom_id', '=', sbomId).where('org_id', '=', ctx.orgId).where('ref', '=', ref).executeTakeFirst();
  if (!row) throw notFound('component');
  const dependents = await db
    .selectFrom('sbom_components')
    .select(['ref', 'name', 'version'])
    .where('sbom_id', '=', sbomId)
    .where(sql<boolean>`${ref} = any(depends_on)`)
    .orderBy('ord')
    .limit(500)
    .execute();
  const children = await db.selectFrom('sbom_components').select(['ref', 'name', 'version']).where('sbom_id', '=', sbomId).where('parent_ref', '=', ref).orderBy('ord').limit(500).execute();
  return { row, dependents, children };
}

export interface GraphNode {
  readonly ref: string;
  readonly name: string;
  readonly version: string | null;
  readonly type: string;
  readonly parentRef: string | null;
  readonly dependsOn: string[];
}

/**
 * The dependency graph in document order, small enough for the browser to walk lazily
 * (about 100 bytes a component), plus the roots a tree starts from: the document's subject
 * when it names dependencies, otherwise every component no other component depends on.
 */
export async function dependencyGraph(db: Db, ctx: OrgContext, sbomId: string): Promise<{ nodes: GraphNode[]; roots: string[] }> {
  await getSbom(db, ctx, sbomId);
  const header = await db.selectFrom('sboms').select('subject_ref').where('id', '=', sbomId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('sbom_components')
    .select(['ref', 'name', 'version', 'type', 'parent_ref as parentRef', 'depends_on as dependsOn'])
    .where('sbom_id', '=', sbomId)
    .where('org_id', '=', ctx.orgId)
    .orderBy('ord')
    .execute();
  return { nodes: rows, roots: graphRoots(rows, header.subject_ref) };
}

/** Pure: where a dependency tree starts (see {@link dependencyGraph}). */
export function graphRoots(nodes: readonly GraphNode[], subjectRef: string | null): string[] {
  const known = new Set(nodes.map((n) => n.ref));
  const subject = subjectRef ? nodes.find((n) => n.ref === subjectRef) : undefined;
  if (subject && subject.dependsOn.length > 0) return [subject.ref];
  const dependedOn = new Set<string>();
  for (const n of nodes) for (const d of n.dependsOn) if (d !== n.ref) dependedOn.add(d);
  const roots = nodes.filter((n) => !dependedOn.has(n.ref) && n.parentRef === null).map((n) => n.ref);
  // A graph that is one big cycle has no natural root: start from the first component.
  if (roots.length === 0 && nodes.length > 0) return [nodes[0]!.ref];
  return roots.filter((r) => known.has(r));
}

type Facet = { value: string | null; count: number }[];

/** Distinct values of the filterable columns with their counts, most common first (null = not recorded). */
export async function componentFacets(db: Db, ctx: OrgContext, sbomId: string): Promise<{ license: Facet; supplier: Facet; levelOfSupport: Facet }> {
  await getSbom(db, ctx, sbomId);
  const facet = async (column: 'license' | 'supplier' | 'level_of_support') =>
    db
      .selectFrom('sbom_components')
      .select([`${column} as value`, sql<number>`count(*)::int`.as('count')])
      .where('sbom_id', '=', sbomId)
      .where('org_id', '=', ctx.orgId)
      .groupBy(column)
      .orderBy(sql`count(*)`, 'desc')
      .orderBy(column)
      .limit(200)
      .execute();
  return { license: await facet('license'), supplier: await facet('supplier'), levelOfSupport: await facet('level_of_support') };
}
