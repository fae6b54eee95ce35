/** CVSS versions this module parses and scores. `2.0` is the legacy NVD form without prefix. */
export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

/**
 * Qualitative severity. CVSS v3.x and v4.0 use all five (FIRST rating scale); CVSS v2.0 has no
 * rating scale of its own, so NVD's Low/Medium/High banding is used and `None`/`Critical` never
 * occur for v2.
 */
export type CvssSeverity = 'None' | 'Low' | 'Medium' | 'High' | 'Critical';

/**
 * A parsed, validated CVSS vector.
 *
 * `metrics` holds only the metrics that carry a value: "Not Defined" values (`X`, or `ND` in
 * v2.0) are dropped because every CVSS specification gives them the same meaning as an absent
 * metric. The object is therefore canonical: two vectors that differ only in metric order or in
 * explicit Not Defined values parse to deep-equal objects, and `formatCvss` prints metrics in the
 * specification's order.
 */
export interface CvssVector {
  readonly version: CvssVersion;
  /** Metric abbreviation (case as in the specification, e.g. `AV`, `Au`, `MSI`) → value. */
  readonly metrics: Readonly<Record<string, string>>;
}

/** Which CVSS v4.0 metric groups contributed to a score (specification section 1.3 "nomenclature"). */
export type CvssV4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

/**
 * Scores of one vector.
 *
 * - v2.0 / v3.x: `base`, `temporal` and `environmental` are always computed the way FIRST's
 *   calculators display them (a vector without temporal metrics has temporal = base; a v3.1
 *   vector without environmental metrics can still have environmental ≠ base because v3.1 changed
 *   the scope-changed impact formula). `overall` is the score of the most specific group the
 *   vector actually defines (environmental if any environmental metric is set, else temporal if
 *   any temporal metric is set, else base).
 * - v4.0: one formula scores the whole vector. `base` is the CVSS-B score (threat and
 *   environmental metrics ignored), `threat` the CVSS-BT score when a threat metric is set,
 *   `environmental` the CVSS-BE/BTE score when an environmental metric is set, and `overall`
 *   the score of the vector as written, labelled by `nomenclature`.
 */
export interface CvssScores {
  readonly version: CvssVersion;
  readonly base: number;
  readonly temporal?: number;
  readonly threat?: number;
  readonly environmental?: number;
  readonly overall: number;
  /** Severity of `overall`. */
  readonly severity: CvssSeverity;
  /** v4.0 only. */
  readonly nomenclature?: CvssV4Nomenclature;
  /** v2.0 / v3.x only: exploitability sub-score rounded to one decimal, as NVD publishes it. */
  readonly exploitability?: number;
  /** v2.0 / v3.x only: impact sub-score rounded to one decimal (0 when negative), as NVD publishes it. */
  readonly impact?: number;
}

/**
 * How strictly metric order is checked.
 * - `spec` (default): what each specification requires: v2.0 and v4.0 vectors must list metrics
 *   in the specification's order; v3.x vectors may list them in any order (v3.x section 6:
 *   "Programs reading CVSS v3.1 vector strings must accept metrics in any order").
 * - `any`: accept any order for every version, as FIRST's web calculators do.
 * - `canonical`: require specification order for every version, v3.x included.
 */
export type CvssOrderPolicy = 'spec' | 'any' | 'canonical';

/** Options for {@link parseCvss}. */
export interface ParseCvssOptions {
  readonly order?: CvssOrderPolicy;
}
