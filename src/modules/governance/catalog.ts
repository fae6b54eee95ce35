import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ControlOwner, OrgKind } from '../../platform/db/schema.js';

/**
 * The JSP control catalog as data (migration 0015 loads the first version): pure rules for
 * which controls apply to an organization, what counts as a changed control between catalog
 * versions, and the JSON format a new version is imported in.
 */

export const CONTROL_OWNERS = ['MDM', 'HDO', 'shared'] as const satisfies readonly ControlOwner[];

export interface CatalogArea {
  readonly code: string;
  readonly name: string;
}

export interface CatalogControl {
  readonly code: string;
  readonly area: string;
  readonly title: string;
  readonly description: string;
  readonly owner: ControlOwner;
  readonly evidence: string;
  readonly source: string;
}

/**
 * What "unchanged" means for a control: the same area, title, description, owner and expected
 * evidence. The source citation is traceability, not the practice: a corrected citation does
 * not send the control back for re-assessment.
 */
export function controlHash(c: Pick<CatalogControl, 'area' | 'title' | 'description' | 'owner' | 'evidence'>): string {
  return createHash('sha256').update([c.area, c.title, c.description, c.owner, c.evidence].join('\n')).digest('hex');
}

/** Defaults by organization kind: a manufacturer owns MDM practices, a provider HDO ones; shared ones apply to both. */
export function appliesByDefault(owner: ControlOwner, kind: OrgKind): boolean {
  if (owner === 'shared' || kind === 'both') return true;
  return kind === 'manufacturer' ? owner === 'MDM' : owner === 'HDO';
}

/** Codes: upper-case words joined by hyphens (JSP-GOV-01, ACME-SEC-1). */
export const CODE_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const Code = z.string().regex(CODE_PATTERN, 'an upper-case code such as JSP-GOV-01');
const Line = (max: number) => z.string().trim().min(1).max(max);

export const CatalogFile = z.strictObject({
  format: z.literal('vigil-jsp-catalog/1'),
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'letters, digits, . _ - (at most 40)'),
  title: Line(200),
  source: Line(2000),
  areas: z.array(z.strictObject({ code: z.string().regex(/^[A-Z]{2,8}$/), name: Line(200) })).min(1).max(50),
  controls: z
    .array(
      z.strictObject({
        code: Code,
        area: z.string(),
        title: Line(1000),
        description: z.string().max(8000).default(''),
        owner: z.enum(CONTROL_OWNERS),
        evidence: Line(2000),
        source: Line(500),
      }),
    )
    .min(1)
    .max(2000),
});
export type CatalogFile = z.infer<typeof CatalogFile>;

export interface CatalogProblem {
  readonly pointer: string;
  readonly message: string;
}

/** Checks a parsed catalog beyond its shape: unique area and control codes, every control in a listed area. */
export function catalogProblems(file: CatalogFile): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const areas = new Set<string>();
  file.areas.forEach((a, i) => {
    if (areas.has(a.code)) problems.push({ pointer: `/areas/${i}/code`, message: `area ${a.code} is listed twice` });
    areas.add(a.code);
  });
  const codes = new Set<string>();
  file.controls.forEach((c, i) => {
    if (codes.has(c.code)) problems.push({ pointer: `/controls/${i}/code`, message: `control ${c.code} is listed twice` });
    codes.add(c.code);
    if (!areas.has(c.area)) problems.push({ pointer: `/controls/${i}/area`, message: `area ${c.area} is not in areas` });
  });
  return problems;
}

export interface CatalogDiff {
  readonly unchanged: string[];
  readonly changed: string[];
  readonly added: string[];
  readonly removed: string[];
}

/** Control codes of a new version against the current one, by code and content hash. */
export function diffCatalogs(current: ReadonlyMap<string, string>, next: ReadonlyMap<string, string>): CatalogDiff {
  const diff: CatalogDiff = { unchanged: [], changed: [], added: [], removed: [] };
  for (const [code, hash] of next) {
    const before = current.get(code);
    if (before === undefined) diff.added.push(code);
    else if (before === hash) diff.unchanged.push(code);
    else diff.changed.push(code);
  }
  for (const code of current.keys()) if (!next.has(code)) diff.removed.push(code);
  for (const list of Object.values(diff) as string[][]) list.sort();
  return diff;
}
