import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../platform/json/canonical.js';

/**
 * Anonymous benchmarking (pure; docs/benchmark.md is the privacy model). A participant's
 * submission carries no name, slug or record id: area levels and the overall score rounded
 * to the nearest 0.5, metrics as coarse buckets, the organization kind, the year, and a
 * pseudonym derived from a secret only the participant holds, new every year. The operator
 * aggregates the newest submission per pseudonym and period, and publishes a figure only when
 * at least K organizations contributed to it.
 */

export const SUBMISSION_FORMAT = 'vigil-jsp-benchmark/1';
/** k-anonymity: the least number of organizations behind any published figure. */
export const K_ANONYMITY = 5;

export const SHARE_BUCKETS = ['0-25', '25-50', '50-75', '75-100'] as const;
export const DAY_BUCKETS = ['0-1', '1-3', '3-7', '7-14', '14-30', '30+'] as const;
export const METRIC_KEYS = ['releasesWithSbom', 'findingsTriagedInClock', 'cvdAckMedianDays', 'releasesWithEos', 'trainingCompletion'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];
/** The metrics that are shares (0–1); the others are days. */
export const SHARE_METRICS: readonly MetricKey[] = ['releasesWithSbom', 'findingsTriagedInClock', 'releasesWithEos', 'trainingCompletion'];

/** Levels rounded to the nearest half: 0, 0.5, … 5 (11 steps, the histogram's bins). */
export const HALF_STEPS = Array.from({ length: 11 }, (_, i) => i / 2);
export const roundHalf = (x: number) => Math.min(5, Math.max(0, Math.round(x * 2) / 2));

export function shareBucket(share: number): (typeof SHARE_BUCKETS)[number] {
  if (share < 0.25) return '0-25';
  if (share < 0.5) return '25-50';
  if (share < 0.75) return '50-75';
  return '75-100';
}

export function dayBucket(days: number): (typeof DAY_BUCKETS)[number] {
  if (days <= 1) return '0-1';
  if (days <= 3) return '1-3';
  if (days <= 7) return '3-7';
  if (days <= 14) return '7-14';
  if (days <= 30) return '14-30';
  return '30+';
}

const Half = z.number().min(0).max(5).refine((n) => Number.isInteger(n * 2), 'a multiple of 0.5');
const ShareBucket = z.enum(SHARE_BUCKETS).nullable();

export const SubmissionDocument = z.strictObject({
  format: z.literal(SUBMISSION_FORMAT),
  submissionId: z.uuid(),
  participant: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  period: z.string().regex(/^\d{4}$/, 'a year (YYYY)'),
  generatedIn: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month (YYYY-MM)'),
  orgKind: z.enum(['manufacturer', 'healthcare_provider', 'both']),
  catalogVersion: z.string().min(1).max(40),
  overall: Half.nullable(),
  areas: z.array(z.strictObject({ area: z.string().regex(/^[A-Z]{2,8}$/), level: Half })).max(50),
  metrics: z.strictObject({
    releasesWithSbom: ShareBucket,
    findingsTriagedInClock: ShareBucket,
    cvdAckMedianDays: z.enum(DAY_BUCKETS).nullable(),
    releasesWithEos: ShareBucket,
    trainingCompletion: ShareBucket,
  }),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type SubmissionDocument = z.infer<typeof SubmissionDocument>;

/** The digest covers every other field (RFC 8785 canonical JSON), so an edited file is caught on import. */
export function submissionDigest(doc: Omit<SubmissionDocument, 'digest'> | SubmissionDocument): string {
  const { digest: _ignored, ...rest } = doc as SubmissionDocument;
  return `sha256:${createHash('sha256').update(canonicalJson(rest)).digest('hex')}`;
}

/** The participant's pseudonym for a period: stable within the year (a re-export replaces the last one), unlinkable across years. */
export function participantPseudonym(secret: string, period: string): string {
  return createHash('sha256').update(`vigil-benchmark\n${secret}\n${period}`).digest('hex');
}

export interface SubmissionInput {
  readonly secret: string;
  readonly now: Date;
  readonly orgKind: SubmissionDocument['orgKind'];
  readonly catalogVersion: string;
  readonly overall: number | null;
  readonly areas: readonly { area: string; score: number | null }[];
  readonly metrics: Readonly<Record<MetricKey, number | null>>;
}

export function buildSubmission(input: SubmissionInput, submissionId: string = randomUUID()): SubmissionDocument {
  const period = String(input.now.getUTCFullYear());
  const metrics = Object.fromEntries(
    METRIC_KEYS.map((k) => {
      const v = input.metrics[k];
      return [k, v === null ? null : SHARE_METRICS.includes(k) ? shareBucket(v) : dayBucket(v)];
    }),
  ) as SubmissionDocument['metrics'];
  const body: Omit<SubmissionDocument, 'digest'> = {
    format: SUBMISSION_FORMAT,
    submissionId,
    participant: participantPseudonym(input.secret, period),
    period,
    generatedIn: input.now.toISOString().slice(0, 7),
    orgKind: input.orgKind,
    catalogVersion: input.catalogVersion,
    overall: input.overall === null ? null : roundHalf(input.overall),
    areas: input.areas.filter((a) => a.score !== null).map((a) => ({ area: a.area, level: roundHalf(a.score!) })),
    metrics,
  };
  return { ...body, digest: submissionDigest(body) };
}

export type Checked = { readonly ok: true; readonly doc: SubmissionDocument } | { readonly ok: false; readonly problems: { pointer: string; message: string }[] };

/** Schema first, then the digest, then one area per code: any failure rejects the document whole. */
export function checkSubmission(value: unknown): Checked {
  const parsed = SubmissionDocument.safeParse(value);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, message: i.message })) };
  const doc = parsed.data;
  const seen = new Set<string>();
  for (const [i, a] of doc.areas.entries()) {
    if (seen.has(a.area)) return { ok: false, problems: [{ pointer: `/areas/${i}/area`, message: `area ${a.area} appears twice` }] };
    seen.add(a.area);
  }
  if (submissionDigest(doc) !== doc.digest) return { ok: false, problems: [{ pointer: '/digest', message: 'does not match the content: the submission was altered after export' }] };
  return { ok: true, doc };
}

export interface Distribution {
  readonly n: number;
  readonly mean: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  /** Counts per half level 0, 0.5, … 5. */
  readonly histogram: number[];
}

/** Quantile by linear interpolation between order statistics (R type 7, the spreadsheet default). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('quantile of nothing');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

const r2 = (n: number) => Math.round(n * 100) / 100;

export function distributionOf(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const histogram = HALF_STEPS.map((s) => sorted.filter((v) => v === s).length);
  return {
    n: sorted.length,
    mean: r2(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    p25: r2(quantile(sorted, 0.25)),
    median: r2(quantile(sorted, 0.5)),
    p75: r2(quantile(sorted, 0.75)),
    histogram,
  };
}

/** Mid-rank percentile of a value in a histogram: the share below plus half the share equal, 0–100. */
export function percentileIn(histogram: readonly number[], value: number): number {
  const v = roundHalf(value);
  const n = histogram.reduce((a, b) => a + b, 0);
  if (n === 0) throw new Error('percentile in an empty distribution');
  let below = 0;
  let equal = 0;
  HALF_STEPS.forEach((s, i) => {
    if (s < v) below += histogram[i]!;
    else if (s === v) equal += histogram[i]!;
  });
  return Math.round(((below + equal / 2) / n) * 100);
}

export type Figure<T> = ({ readonly published: true } & T) | { readonly published: false; readonly n: number };

export interface Aggregate {
  readonly period: string;
  readonly orgKind: string | null;
  readonly participants: number;
  readonly k: number;
  readonly overall: Figure<Distribution>;
  readonly areas: { readonly area: string; readonly figure: Figure<Distribution> }[];
  readonly metrics: { readonly metric: MetricKey; readonly figure: Figure<{ n: number; buckets: Record<string, number> }> }[];
}

/**
 * Aggregates the counted submissions (newest per participant). Every figure names how many
 * organizations stand behind it and is withheld (published: false) below k. Null when the
 * cohort itself is below k: then nothing at all is published.
 */
export function aggregate(docs: readonly SubmissionDocument[], period: string, orgKind: string | null, k = K_ANONYMITY): Aggregate | null {
  const cohort = docs.filter((d) => d.period === period && (orgKind === null || d.orgKind === orgKind));
  if (new Set(cohort.map((d) => d.participant)).size < k) return null;
  const figure = (values: number[]): Figure<Distribution> => (values.length >= k ? { published: true, ...distributionOf(values) } : { published: false, n: values.length });
  const areaCodes = [...new Set(cohort.flatMap((d) => d.areas.map((a) => a.area)))].sort();
  return {
    period,
    orgKind,
    participants: cohort.length,
    k,
    overall: figure(cohort.flatMap((d) => (d.overall === null ? [] : [d.overall]))),
    areas: areaCodes.map((area) => ({ area, figure: figure(cohort.flatMap((d) => d.areas.filter((a) => a.area === area).map((a) => a.level))) })),
    metrics: METRIC_KEYS.map((metric) => {
      const values = cohort.flatMap((d) => (d.metrics[metric] === null ? [] : [d.metrics[metric]!]));
      const labels: readonly string[] = SHARE_METRICS.includes(metric) ? SHARE_BUCKETS : DAY_BUCKETS;
      return {
        metric,
        figure: values.length >= k ? { published: true as const, n: values.length, buckets: Object.fromEntries(labels.map((l) => [l, values.filter((v) => v === l).length])) } : { published: false as const, n: values.length },
      };
    }),
  };
}
