import { z } from 'zod';

/**
 * The threat model document: assets (components and data), trust boundaries, interfaces
 * between assets, threats in STRIDE categories against assets or interfaces with the hazard
 * and harm they could lead to (and links to risk register items), and the mitigations that
 * answer them. A mitigation that names a requirement ref becomes a requirement of the product
 * when the model is saved (source `threat-model`). The same schema reads imports and is what
 * the export writes, so a model round-trips.
 */

export const STRIDE = ['spoofing', 'tampering', 'repudiation', 'information_disclosure', 'denial_of_service', 'elevation_of_privilege'] as const;
export const ASSET_KINDS = ['device', 'software', 'service', 'cloud', 'data', 'external'] as const;

const Id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only');
const Name = z.string().trim().min(1).max(200);
const Text = z.string().trim().max(4000);
export const REQUIREMENT_REF = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

export const ThreatModelSchema = z.strictObject({
  format: z.literal('vigil-threat-model').describe('Identifies the document'),
  formatVersion: z.literal(1),
  title: Name,
  scope: Text.optional(),
  boundaries: z.array(z.strictObject({ id: Id, name: Name, description: Text.optional() })).max(50),
  assets: z.array(z.strictObject({ id: Id, name: Name, kind: z.enum(ASSET_KINDS), boundary: Id.nullable().optional().describe('The trust boundary (zone) it sits in'), description: Text.optional() })).max(200),
  interfaces: z.array(z.strictObject({ id: Id, name: Name, from: Id, to: Id, protocol: z.string().trim().max(100).optional(), description: Text.optional() })).max(300),
  threats: z
    .array(
      z.strictObject({
        id: Id,
        title: Name,
        stride: z.array(z.enum(STRIDE)).min(1).max(6),
        targets: z.array(Id).min(1).max(50).describe('Asset or interface ids'),
        description: Text.optional(),
        hazard: Text.optional(),
        harm: Text.optional(),
        riskItemIds: z.array(z.uuid()).max(50).optional().describe('Risk register items of the same product'),
        mitigations: z.array(Id).max(50).describe('Mitigation ids'),
      }),
    )
    .max(500),
  mitigations: z
    .array(
      z.strictObject({
        id: Id,
        title: Name,
        description: Text.optional(),
        requirement: z.string().regex(REQUIREMENT_REF, 'a requirement ref: a letter, then letters, digits, . _ -').nullable().optional().describe('The requirement this mitigation becomes'),
      }),
    )
    .max(500),
});

export type ThreatModel = z.infer<typeof ThreatModelSchema>;

export interface ModelIssue {
  readonly pointer: string;
  readonly message: string;
}

/** References inside the document: ids unique per kind, every reference resolves. */
export function checkThreatModel(m: ThreatModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const unique = (list: readonly { id: string }[], path: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) issues.push({ pointer: `/${path}/${i}/id`, message: `duplicate id ${x.id}` });
      seen.add(x.id);
    });
    return seen;
  };
  const boundaries = unique(m.boundaries, 'boundaries');
  const assets = unique(m.assets, 'assets');
  const interfaces = unique(m.interfaces, 'interfaces');
  unique(m.threats, 'threats');
  const mitigations = unique(m.mitigations, 'mitigations');
  m.assets.forEach((a, i) => {
    if (a.boundary && !boundaries.has(a.boundary)) issues.push({ pointer: `/assets/${i}/boundary`, message: `no trust boundary ${a.boundary}` });
  });
  m.interfaces.forEach((f, i) => {
    if (!assets.has(f.from)) issues.push({ pointer: `/interfaces/${i}/from`, message: `no asset ${f.from}` });
    if (!assets.has(f.to)) issues.push({ pointer: `/interfaces/${i}/to`, message: `no asset ${f.to}` });
  });
  m.threats.forEach((t, i) => {
    t.targets.forEach((id, j) => {
      if (!assets.has(id) && !interfaces.has(id)) issues.push({ pointer: `/threats/${i}/targets/${j}`, message: `no asset or interface ${id}` });
    });
    t.mitigations.forEach((id, j) => {
      if (!mitigations.has(id)) issues.push({ pointer: `/threats/${i}/mitigations/${j}`, message: `no mitigation ${id}` });
    });
  });
  return issues;
}

/** Threats with no mitigation, and interfaces that cross a trust boundary (the usual review prompts). */
export function threatModelFacts(m: ThreatModel) {
  const zone = new Map(m.assets.map((a) => [a.id, a.boundary ?? null]));
  return {
    assets: m.assets.length,
    boundaries: m.boundaries.length,
    interfaces: m.interfaces.length,
    crossingInterfaces: m.interfaces.filter((f) => zone.get(f.from) !== zone.get(f.to)).map((f) => f.id),
    threats: m.threats.length,
    unmitigatedThreats: m.threats.filter((t) => t.mitigations.length === 0).map((t) => t.id),
    mitigations: m.mitigations.length,
    strideCounts: Object.fromEntries(STRIDE.map((s) => [s, m.threats.filter((t) => t.stride.includes(s)).length])) as Record<(typeof STRIDE)[number], number>,
  };
}
