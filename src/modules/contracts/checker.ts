import type { ContractFactKind, ContractObligationKind } from '../../platform/db/schema.js';

/**
 * Contract obligations against what happened. Pure: the facts (dates of vulnerability
 * publications, vendor advisories, patches, releases, SBOM and MDS2 deliveries, incidents,
 * end-of-support notices) come in, and each obligation gets met / breached / pending with the
 * evidence that decided it. "pending" means not decidable yet: a window still open, or
 * nothing recorded that the obligation applies to.
 *
 * Clause ids are those of jsp/contract.md (MC2-01…MC2-18); the checkable kinds and the
 * reference values ("EOS notice ≥ 24 months", "vulnerability notice ≤ 30 days") are its
 * "Checks the platform can run".
 */

export interface Fact {
  readonly kind: ContractFactKind;
  readonly subject: string | null;
  /** ISO timestamp or date. */
  readonly at: string;
  readonly endOfSupportOn?: string | null;
  readonly obligationId?: string | null;
  /** Where the fact came from: 'manual' or the table it was read from. */
  readonly source: string;
}

export interface Obligation {
  readonly id: string;
  readonly clauseId: string;
  readonly kind: ContractObligationKind;
  readonly parameters: Readonly<Record<string, number>>;
}

export type Status = 'met' | 'breached' | 'pending';

export interface Evidence { readonly subject: string | null; readonly status: Status; readonly detail: string }

export interface ObligationResult { readonly obligationId: string; readonly clauseId: string; readonly kind: ContractObligationKind; readonly status: Status; readonly evidence: readonly Evidence[] }

export const CLAUSES: readonly { id: string; topic: string; kind: ContractObligationKind; parameter?: { name: 'days' | 'months' | 'hours'; default: number } }[] = [
  { id: 'MC2-01', topic: 'Definitions and scope', kind: 'evidence' },
  { id: 'MC2-02', topic: 'Regulatory and legal compliance (BAA, attestation)', kind: 'evidence' },
  { id: 'MC2-03', topic: 'Security development lifecycle', kind: 'evidence' },
  { id: 'MC2-04', topic: 'Supplier transparency: MDS2 and security documentation', kind: 'mds2_delivery', parameter: { name: 'days', default: 30 } },
  { id: 'MC2-05', topic: 'Supplier transparency: SBOM at delivery and with each release', kind: 'sbom_delivery', parameter: { name: 'days', default: 30 } },
  { id: 'MC2-06', topic: 'Standard security controls', kind: 'evidence' },
  { id: 'MC2-07', topic: 'Security patching within the agreed window', kind: 'patch_availability', parameter: { name: 'days', default: 90 } },
  { id: 'MC2-08', topic: 'Vulnerability management and notification', kind: 'vulnerability_notification', parameter: { name: 'days', default: 30 } },
  { id: 'MC2-09', topic: 'Incident cooperation and notification', kind: 'incident_notification', parameter: { name: 'hours', default: 72 } },
  { id: 'MC2-10', topic: 'Remote access / connectivity', kind: 'evidence' },
  { id: 'MC2-11', topic: 'HDO data handling', kind: 'evidence' },
  { id: 'MC2-12', topic: 'Third parties / subcontractors', kind: 'evidence' },
  { id: 'MC2-13', topic: 'Product lifecycle: end-of-support notice', kind: 'eos_notice', parameter: { name: 'months', default: 24 } },
  { id: 'MC2-14', topic: 'Security testing by the HDO', kind: 'evidence' },
  { id: 'MC2-15', topic: 'Security assessments / audit rights', kind: 'evidence' },
  { id: 'MC2-16', topic: 'Installation and configuration', kind: 'evidence' },
  { id: 'MC2-17', topic: 'Decommissioning', kind: 'evidence' },
  { id: 'MC2-18', topic: 'Roles and responsibilities matrix', kind: 'evidence' },
];

/** Kinds every contract should have (contract.md: a missing one is a gap). */
export const REQUIRED_KINDS: readonly ContractObligationKind[] = ['sbom_delivery', 'vulnerability_notification', 'patch_availability', 'incident_notification', 'eos_notice'];

const DAY = 86_400_000;
const day = (at: string) => at.slice(0, 10);
const dayNumber = (at: string) => Math.floor(Date.parse(`${day(at)}T00:00:00Z`) / DAY);
const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);
const addDays = (at: string, n: number) => new Date((dayNumber(at) + n) * DAY).toISOString().slice(0, 10);

/** Whole months from a to b, counting a month only once its day is reached (2024-01-31 → 2024-02-29 is 0). */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma, da] = day(a).split('-').map(Number) as [number, number, number];
  const [yb, mb, db] = day(b).split('-').map(Number) as [number, number, number];
  return (yb - ya) * 12 + (mb - ma) - (db < da ? 1 : 0);
}

function overall(evidence: readonly Evidence[]): Status {
  if (evidence.some((e) => e.status === 'breached')) return 'breached';
  if (evidence.length === 0 || evidence.some((e) => e.status === 'pending')) return 'pending';
  return 'met';
}

const earliest = (facts: readonly Fact[]) => [...facts].sort((a, b) => a.at.localeCompare(b.at))[0];

/** A response (advisory, patch, notice) to each start event with the same subject within `limit` units. */
function windowed(starts: readonly Fact[], responses: readonly Fact[], limit: number, unit: 'days' | 'hours', today: string, what: string, now: Date): Evidence[] {
  return starts.map((start) => {
    const response = earliest(responses.filter((r) => r.subject === start.subject && r.at >= start.at.slice(0, unit === 'days' ? 10 : undefined)));
    const elapsed = (to: string) => (unit === 'days' ? daysBetween(start.at, to) : Math.floor((Date.parse(to) - Date.parse(start.at)) / 3_600_000));
    if (response) {
      const took = elapsed(response.at);
      return { subject: start.subject, status: took <= limit ? 'met' : 'breached', detail: `${what} ${took} ${unit} after ${day(start.at)} (${day(response.at)}; limit ${limit} ${unit})` };
    }
    const sofar = unit === 'days' ? daysBetween(start.at, today) : Math.floor((now.getTime() - Date.parse(start.at)) / 3_600_000);
    return sofar > limit
      ? { subject: start.subject, status: 'breached', detail: `no ${what} ${sofar} ${unit} after ${day(start.at)} (limit ${limit} ${unit})` }
      : { subject: start.subject, status: 'pending', detail: `no ${what} yet; due by ${unit === 'days' ? addDays(start.at, limit) : new Date(Date.parse(start.at) + limit * 3_600_000).toISOString()}` };
  });
}

/** Deliveries after the contract starts and after each release: the first one on or after the trigger counts. */
function deliveries(effectiveOn: string, releases: readonly Fact[], delivered: readonly Fact[], limit: number, today: string, what: string): Evidence[] {
  const triggers = [{ subject: null as string | null, at: effectiveOn, label: `the contract's start (${effectiveOn})` }, ...releases.map((r) => ({ subject: r.subject, at: r.at, label: `release ${r.subject ?? ''} (${day(r.at)})` }))];
  return triggers.map((t) => {
    const d = earliest(delivered.filter((x) => day(x.at) >= day(t.at) && (t.subject === null || x.subject === null || x.subject === t.subject)));
    if (d) {
      const took = daysBetween(t.at, d.at);
      return { subject: t.subject, status: took <= limit ? 'met' : 'breached', detail: `${what} delivered ${took} days after ${t.label} on ${day(d.at)} (limit ${limit} days)` };
    }
    const sofar = daysBetween(t.at, today);
    return sofar > limit ? { subject: t.subject, status: 'breached', detail: `no ${what} ${sofar} days after ${t.label} (limit ${limit} days)` } : { subject: t.subject, status: 'pending', detail: `${what} due by ${addDays(t.at, limit)} after ${t.label}` };
  });
}

export function checkObligation(o: Obligation, facts: readonly Fact[], effectiveOn: string, now: Date): ObligationResult {
  const today = now.toISOString().slice(0, 10);
  const of = (kind: ContractFactKind) => facts.filter((f) => f.kind === kind);
  const param = (name: string, fallback: number) => o.parameters[name] ?? fallback;
  let evidence: Evidence[];
  switch (o.kind) {
    case 'vulnerability_notification':
      evidence = windowed(of('vulnerability_published'), of('advisory_published'), param('days', 30), 'days', today, 'vendor advisory', now);
      break;
    case 'patch_availability':
      evidence = windowed(of('vulnerability_published'), of('patch_available'), param('days', 90), 'days', today, 'patch', now);
      break;
    case 'incident_notification':
      evidence = windowed(of('incident_occurred'), of('incident_notified'), param('hours', 72), 'hours', today, 'incident notice', now);
      break;
    case 'sbom_delivery':
      evidence = deliveries(effectiveOn, of('release'), of('sbom_delivered'), param('days', 30), today, 'SBOM');
      break;
    case 'mds2_delivery':
      evidence = deliveries(effectiveOn, of('release'), of('mds2_delivered'), param('days', 30), today, 'MDS2');
      break;
    case 'eos_notice': {
      const months = param('months', 24);
      evidence = of('eos_notice').map((n) => {
        const gave = monthsBetween(n.at, n.endOfSupportOn!);
        return { subject: n.subject, status: gave >= months ? 'met' : 'breached', detail: `end of support ${n.endOfSupportOn} announced on ${day(n.at)}: ${gave} months' notice (at least ${months} required)` };
      });
      break;
    }
    case 'evidence': {
      const got = earliest(facts.filter((f) => f.kind === 'evidence' && f.obligationId === o.id));
      const dueDays = o.parameters.days;
      if (got) evidence = [{ subject: got.subject, status: 'met', detail: `evidence recorded on ${day(got.at)}` }];
      else if (dueDays !== undefined && daysBetween(effectiveOn, today) > dueDays) evidence = [{ subject: null, status: 'breached', detail: `no evidence ${dueDays} days after the contract's start` }];
      else evidence = [];
      break;
    }
  }
  return { obligationId: o.id, clauseId: o.clauseId, kind: o.kind, status: overall(evidence), evidence };
}

export interface ContractCheck {
  readonly status: Status;
  readonly results: readonly ObligationResult[];
  /** Kinds a contract should track and this one does not. */
  readonly gaps: readonly ContractObligationKind[];
  /** Negotiated values weaker than the reference ones. */
  readonly warnings: readonly string[];
}

export function checkContract(effectiveOn: string, obligations: readonly Obligation[], facts: readonly Fact[], now = new Date()): ContractCheck {
  const results = obligations.map((o) => checkObligation(o, facts, effectiveOn, now));
  const gaps = REQUIRED_KINDS.filter((k) => !obligations.some((o) => o.kind === k));
  const warnings: string[] = [];
  for (const o of obligations) {
    if (o.kind === 'eos_notice' && (o.parameters.months ?? 24) < 24) warnings.push(`${o.clauseId}: end-of-support notice of ${o.parameters.months} months is below the 24 months IMDRF N70 cites as current practice`);
    if (o.kind === 'vulnerability_notification' && (o.parameters.days ?? 30) > 30) warnings.push(`${o.clauseId}: vulnerability notification within ${o.parameters.days} days is weaker than the 30-day reference`);
  }
  const status: Status = results.some((r) => r.status === 'breached') ? 'breached' : results.some((r) => r.status === 'pending') ? 'pending' : 'met';
  return { status, results, gaps, warnings };
}
