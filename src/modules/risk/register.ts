import { classifyRisk, DEFAULT_EXPLOITABILITY_LEVELS, DEFAULT_HARM_SEVERITIES, DEFAULT_RISK_MATRIX, type RiskClass, type RiskMatrix } from '../../core/risk/index.js';

/**
 * The risk register's vocabulary and rules, free of I/O. Likelihood is the core library's
 * exploitability scale and severity its harm scale (FDA's 2016 postmarket guidance takes
 * exploitability, not probability, as the likelihood of a security risk); the class of a cell
 * comes from {@link classifyRisk} on the register's matrix. There is no second scale.
 */

/** The matrix the register classifies with (stored per item as matrix_id). */
export const REGISTER_MATRIX: RiskMatrix = DEFAULT_RISK_MATRIX;
export const LIKELIHOOD_LEVELS = DEFAULT_EXPLOITABILITY_LEVELS;
export const SEVERITY_LEVELS = DEFAULT_HARM_SEVERITIES;
export type Likelihood = (typeof LIKELIHOOD_LEVELS)[number];
export type Severity = (typeof SEVERITY_LEVELS)[number];

export const RISK_STATUSES = ['open', 'mitigating', 'accepted', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
/** Statuses a PATCH may set; `accepted` is reached only through an acceptance. */
export const EDITABLE_STATUSES = ['open', 'mitigating', 'closed'] as const;

/** A new risk control's progress, planned → verified (verification of effectiveness, ISO 14971 7.2). */
export const CONTROL_STATUSES = ['planned', 'in_progress', 'implemented', 'verified'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface NewControl {
  readonly description: string;
  readonly status: ControlStatus;
}

/** The class of a likelihood × severity cell on the register's matrix. */
export function classOf(likelihood: string, severity: string, matrix: RiskMatrix = REGISTER_MATRIX): RiskClass {
  const result = classifyRisk(matrix, likelihood, severity);
  // The routes accept only the matrix's own levels, so an unknown level is a programming error.
  if (!result.ok) throw new Error(result.error.message);
  return result.value.risk;
}

/** Days before expiry that the re-review reminder falls by default. */
export const DEFAULT_REVIEW_LEAD_DAYS = 30;

/** The calendar date (UTC) of an instant, 'YYYY-MM-DD'. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A calendar date moved by whole days (calendar arithmetic in UTC, so no DST shift). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDate(d);
}

export interface AcceptanceDatesInput {
  readonly expiresOn: string;
  readonly reviewOn?: string | undefined;
}

export type DateCheck = { readonly ok: true; readonly expiresOn: string; readonly reviewOn: string } | { readonly ok: false; readonly pointer: string; readonly message: string };

/**
 * The dates of a new acceptance, judged on the UTC calendar day `today`. An acceptance is in
 * force up to, not including, its expiry date, so the expiry must be after today. The re-review
 * date defaults to 30 days before expiry, but never before today (an acceptance that expires
 * within 30 days is due for re-review at once); one given explicitly must lie from today up
 * to the expiry date.
 */
export function acceptanceDates(input: AcceptanceDatesInput, today: string): DateCheck {
  if (input.expiresOn <= today) return { ok: false, pointer: '/body/expiresOn', message: `The expiry date must be after today (${today}, UTC).` };
  if (input.reviewOn === undefined) {
    const lead = addDays(input.expiresOn, -DEFAULT_REVIEW_LEAD_DAYS);
    return { ok: true, expiresOn: input.expiresOn, reviewOn: lead < today ? today : lead };
  }
  if (input.reviewOn < today) return { ok: false, pointer: '/body/reviewOn', message: `The re-review date cannot be before today (${today}, UTC).` };
  if (input.reviewOn > input.expiresOn) return { ok: false, pointer: '/body/reviewOn', message: 'The re-review date must be on or before the expiry date.' };
  return { ok: true, expiresOn: input.expiresOn, reviewOn: input.reviewOn };
}

/** Whether an acceptance expiring on `expiresOn` has lapsed on `today` (both UTC calendar dates). */
export function hasExpired(expiresOn: string, today: string): boolean {
  return expiresOn <= today;
}

/** Whether an acceptance in force is due for re-review on `today`. */
export function isDueForReview(reviewOn: string, expiresOn: string, today: string): boolean {
  return reviewOn <= today && !hasExpired(expiresOn, today);
}

/** The smallest benefit-risk rationale that can say why an uncontrolled risk is accepted. */
export const MIN_BENEFIT_RISK_RATIONALE = 20;

export interface AcceptanceRequest {
  readonly residualClass: RiskClass;
  readonly acceptUncontrolled: boolean;
  readonly benefitRiskRationale?: string | undefined;
}

/**
 * The acceptance rule for the residual class (docs/guide-manufacturer.md, "Risk register"):
 * a controlled residual risk is accepted with a rationale; an uncontrolled one only with
 * `acceptUncontrolled: true` and a benefit-risk rationale of its own (ISO 14971 asks for a
 * benefit-risk analysis before a risk that is not acceptable may stay). The flag on a
 * controlled risk is refused, so a form that saw a stale class cannot record a false claim.
 */
export function checkAcceptanceRule(request: AcceptanceRequest): { pointer: string; message: string } | null {
  if (request.residualClass === 'uncontrolled') {
    if (!request.acceptUncontrolled) {
      return {
        pointer: '/body/acceptUncontrolled',
        message: 'The residual risk is uncontrolled: accepting it needs acceptUncontrolled set to true and a benefit-risk rationale.',
      };
    }
    const text = request.benefitRiskRationale?.trim() ?? '';
    if (text.length < MIN_BENEFIT_RISK_RATIONALE) {
      return { pointer: '/body/benefitRiskRationale', message: `Say why the benefit outweighs the uncontrolled risk (at least ${MIN_BENEFIT_RISK_RATIONALE} characters).` };
    }
    return null;
  }
  if (request.acceptUncontrolled) return { pointer: '/body/acceptUncontrolled', message: 'The residual risk is controlled; acceptUncontrolled applies only to uncontrolled residual risk.' };
  if (request.benefitRiskRationale !== undefined) return { pointer: '/body/benefitRiskRationale', message: 'A benefit-risk rationale is for uncontrolled residual risk only.' };
  return null;
}

/** Only the fields that changed, so the history shows what happened, not the whole item. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T, keys: readonly (keyof T)[]): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of keys) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
