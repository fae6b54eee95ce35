/** CVSS v3.x base metrics the rubric decides. */
export type RubricMetric = 'AV' | 'AC' | 'PR' | 'UI' | 'S' | 'C' | 'I' | 'A';

/** Where an answer leads. */
export type RubricOutcome =
  /** The flow ends with this CVSS metric value (e.g. `N` for AV:N). */
  | { readonly metricValue: string }
  /** Ask this question next. */
  | { readonly next: string }
  /** The answer combination is not a valid path through the flow; evaluation fails with this reason. */
  | { readonly reject: string };

/** One possible answer to a question. */
export interface RubricOption {
  /** Token stored in an assessment, e.g. `yes`, `no`, `none`, `low`, `high`. */
  readonly value: string;
  readonly label: string;
  readonly outcome: RubricOutcome;
}

/** One question of a decision flow. */
export interface RubricQuestion {
  /** Stable id used as the answer key, e.g. `AV.Q1`, `Q1.1.C`. Never reused with another meaning. */
  readonly id: string;
  /**
   * Extended-vector code of the rubric question as shown by public rubric calculators
   * (e.g. `XAVN`); kept for traceability to the MITRE rubric's numbering.
   */
  readonly code: string;
  readonly metric: RubricMetric;
  readonly text: string;
  /** Medical-device guidance shown with the question. */
  readonly guidance: string;
  readonly options: readonly RubricOption[];
}

/**
 * How one metric is decided: a single decision flow (AV, AC, PR, UI, S) or, for C/I/A, one
 * flow per data/function category whose results are combined by taking the highest value
 * (a vulnerability's impact is that on the most affected kind of data or function).
 */
export interface RubricMetricFlow {
  readonly metric: RubricMetric;
  /** First question of each flow, in the order they are asked. */
  readonly starts: readonly string[];
  readonly combine: 'single' | 'highest';
}

/** A frozen, versioned question set. Editing a published version is forbidden: add a new one. */
export interface RubricVersion {
  /** e.g. `mitre-2020.1`. */
  readonly id: string;
  readonly title: string;
  /** CVSS version of the produced vector. */
  readonly cvssVersion: '3.0' | '3.1';
  /** Where the structure comes from and how faithful the wording is. */
  readonly provenance: string;
  readonly flows: readonly RubricMetricFlow[];
  readonly questions: readonly RubricQuestion[];
}

/** One recorded step of an evaluation. */
export type RubricRationaleEntry =
  | {
      readonly kind: 'answer';
      readonly questionId: string;
      readonly code: string;
      readonly metric: RubricMetric;
      readonly question: string;
      readonly answer: string;
      readonly answerLabel: string;
      /** Next question asked, or the metric value this answer decided. */
      readonly next?: string;
      readonly metricValue?: string;
    }
  | {
      readonly kind: 'combined';
      readonly metric: RubricMetric;
      /** Highest value over the category flows. */
      readonly metricValue: string;
      /** Question ids whose answers decided the per-category values. */
      readonly from: readonly string[];
    };
