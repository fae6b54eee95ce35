import type { AnalysisState, CisaJustification, Justification, Response } from './model.js';

/**
 * The status, justification and response vocabularies of CycloneDX, OpenVEX and CSAF, and the
 * exact mappings between them. docs/formats/vex.md has the same tables with each spec's
 * wording and the reasoning; the tests pin every row.
 *
 * A mapping "loses" a value when going there and back does not give it back; those cases are
 * listed by `*Loss` functions so writers can report them.
 */

export const OPENVEX_STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
export type OpenVexStatus = (typeof OPENVEX_STATUSES)[number];

/** The four CSAF `product_status` lists of the VEX profile (CSAF 2.0 §4.5). */
export const CSAF_VEX_STATUSES = ['known_not_affected', 'known_affected', 'fixed', 'under_investigation'] as const;
export type CsafVexStatus = (typeof CSAF_VEX_STATUSES)[number];

/** Every CSAF 2.0 `product_status` list; the four outside the VEX profile are read too. */
export const CSAF_PRODUCT_STATUSES = [
  'first_affected',
  'known_affected',
  'last_affected',
  'first_fixed',
  'fixed',
  'recommended',
  'known_not_affected',
  'under_investigation',
] as const;
export type CsafProductStatus = (typeof CSAF_PRODUCT_STATUSES)[number];

export const CSAF_REMEDIATION_CATEGORIES = ['mitigation', 'no_fix_planned', 'none_available', 'vendor_fix', 'workaround'] as const;
export type CsafRemediationCategory = (typeof CSAF_REMEDIATION_CATEGORIES)[number];

/** CSAF 2.0 `publisher.category`. */
export const CSAF_PUBLISHER_CATEGORIES = ['coordinator', 'discoverer', 'other', 'translator', 'user', 'vendor'] as const;

// ---------------------------------------------------------------- status

const TO_OPENVEX_STATUS: Readonly<Record<AnalysisState, OpenVexStatus>> = {
  in_triage: 'under_investigation',
  exploitable: 'affected',
  resolved: 'fixed',
  // OpenVEX/CSAF have no notion of pedigree evidence: the fix itself is all they can say.
  resolved_with_pedigree: 'fixed',
  // A false positive needs no remediation, which is what not_affected means (CISA: "No
  // remediation is required"); the writer supplies the impact statement not_affected needs.
  false_positive: 'not_affected',
  not_affected: 'not_affected',
};

const FROM_OPENVEX_STATUS: Readonly<Record<OpenVexStatus, AnalysisState>> = {
  not_affected: 'not_affected',
  affected: 'exploitable',
  fixed: 'resolved',
  under_investigation: 'in_triage',
};

export function toOpenVexStatus(state: AnalysisState): OpenVexStatus {
  return TO_OPENVEX_STATUS[state];
}

export function fromOpenVexStatus(status: OpenVexStatus): AnalysisState {
  return FROM_OPENVEX_STATUS[status];
}

const TO_CSAF_STATUS: Readonly<Record<OpenVexStatus, CsafVexStatus>> = {
  not_affected: 'known_not_affected',
  affected: 'known_affected',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
};

export function toCsafStatus(state: AnalysisState): CsafVexStatus {
  return TO_CSAF_STATUS[toOpenVexStatus(state)];
}

const FROM_CSAF_STATUS: Readonly<Record<CsafProductStatus, AnalysisState>> = {
  first_affected: 'exploitable',
  known_affected: 'exploitable',
  last_affected: 'exploitable',
  // CSAF: fixed/first_fixed "contain a fix", recommended "have a fix … vendor-recommended".
  first_fixed: 'resolved',
  fixed: 'resolved',
  recommended: 'resolved',
  known_not_affected: 'not_affected',
  under_investigation: 'in_triage',
};

export function fromCsafStatus(status: CsafProductStatus): AnalysisState {
  return FROM_CSAF_STATUS[status];
}

/** Why a state does not survive OpenVEX/CSAF and back, or undefined when it does. */
export function stateLoss(state: AnalysisState): string | undefined {
  if (state === 'resolved_with_pedigree') return 'state resolved_with_pedigree is written as fixed: the target has no place for pedigree evidence, it reads back as resolved';
  if (state === 'false_positive') return 'state false_positive is written as not_affected (the target has no false-positive status), it reads back as not_affected';
  return undefined;
}

// ---------------------------------------------------------------- justification

/**
 * CycloneDX → CISA. Each row is the CISA label whose definition contains the CycloneDX one
 * (see docs/formats/vex.md for both wordings):
 * - code removed / not invoked are CISA's "code not present" / "not in execute path";
 * - the three `requires_*` (exploitable only with a configuration, dependency or environment
 *   that is absent) and `protected_at_perimeter` (attacks blocked before they reach the code)
 *   all leave code present and reachable but out of an attacker's control;
 * - compiler and runtime protections and mitigating controls are protections that prevent
 *   exploitation: CISA's inline mitigations.
 */
const TO_CISA: Readonly<Record<Justification, CisaJustification>> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

/**
 * CISA → CycloneDX: the CycloneDX word that claims the least beyond the CISA label.
 * `component_not_present` has no CycloneDX counterpart: `code_not_present` ("the code has been
 * removed") is the nearest true statement, since an absent component has no code either.
 * `vulnerable_code_cannot_be_controlled_by_adversary` is split four ways in CycloneDX; the
 * general `requires_environment` ("requires a certain environment which is not present")
 * names no mechanism. `inline_mitigations_already_exist` is CycloneDX's general
 * `protected_by_mitigating_control`.
 */
const FROM_CISA: Readonly<Record<CisaJustification, Justification>> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

export function toCisaJustification(j: Justification): CisaJustification {
  return TO_CISA[j];
}

export function fromCisaJustification(j: CisaJustification): Justification {
  return FROM_CISA[j];
}

/** Why a CycloneDX justification does not survive OpenVEX/CSAF and back, or undefined when it does. */
export function justificationToCisaLoss(j: Justification): string | undefined {
  const cisa = TO_CISA[j];
  const back = FROM_CISA[cisa];
  return back === j ? undefined : `justification ${j} is written as ${cisa}, which reads back as ${back}`;
}

/** Why a CISA label does not survive CycloneDX and back, or undefined when it does. */
export function justificationFromCisaLoss(j: CisaJustification): string | undefined {
  const cdx = FROM_CISA[j];
  const back = TO_CISA[cdx];
  return back === j ? undefined : `justification ${j} is written as ${cdx}, which reads back as ${back}`;
}

/** The CISA label a statement carries: the one it was read with, else its CycloneDX word's. */
export function cisaJustificationOf(s: { readonly justification?: Justification; readonly cisaJustification?: CisaJustification }): CisaJustification | undefined {
  return s.cisaJustification ?? (s.justification ? TO_CISA[s.justification] : undefined);
}

// ---------------------------------------------------------------- responses

/**
 * CycloneDX response → CSAF remediation category. `update` and `rollback` both move to an
 * official release of the author, which is CSAF's `vendor_fix` ("an official fix that is issued
 * by the original author"); `can_not_fix` is `none_available` ("currently no fix or other
 * remediation available"); `will_not_fix` is `no_fix_planned`.
 */
const TO_CSAF_REMEDIATION: Readonly<Record<Response, CsafRemediationCategory>> = {
  can_not_fix: 'none_available',
  will_not_fix: 'no_fix_planned',
  update: 'vendor_fix',
  rollback: 'vendor_fix',
  workaround_available: 'workaround',
};

/** CSAF remediation category → CycloneDX response; `mitigation` has none (it is the customer's measure, not the vendor's response). */
const FROM_CSAF_REMEDIATION: Readonly<Record<CsafRemediationCategory, Response | undefined>> = {
  vendor_fix: 'update',
  workaround: 'workaround_available',
  no_fix_planned: 'will_not_fix',
  none_available: 'can_not_fix',
  mitigation: undefined,
};

export function toCsafRemediation(r: Response): CsafRemediationCategory {
  return TO_CSAF_REMEDIATION[r];
}

export function fromCsafRemediation(c: CsafRemediationCategory): Response | undefined {
  return FROM_CSAF_REMEDIATION[c];
}

/** The CycloneDX 1.6 schema's own wording of each response (`meta:enum`), used where a target needs text. */
export const RESPONSE_WORDING: Readonly<Record<Response, string>> = {
  can_not_fix: 'Can not fix',
  will_not_fix: 'Will not fix',
  update: 'Update to a different revision or release',
  rollback: 'Revert to a previous revision or release',
  workaround_available: 'There is a workaround available',
};

/** The CycloneDX 1.6 schema's definition of `false_positive`: the impact statement when a false positive carries no text of its own. */
export const FALSE_POSITIVE_MEANING = 'The vulnerability is not specific to the component or service and was falsely identified or associated.';

export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}
