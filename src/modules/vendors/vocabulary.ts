/** Words the vendor catalog and exposure share (pure data). */

/** Severity of harm, least to most severe (the JSP / ISO 14971 matrix levels, src/core/risk/matrix.ts). */
export const HARM_LEVELS = ['negligible', 'minor', 'serious', 'critical', 'catastrophic'] as const;
export type HarmLevel = (typeof HARM_LEVELS)[number];

export const STATEMENT_STATUSES = ['known_affected', 'known_not_affected', 'fixed', 'under_investigation'] as const;
export const CONTROL_KINDS = ['segmentation', 'service_disabled', 'monitoring', 'access_control', 'application_allowlisting', 'other'] as const;
export const CONTROL_SCOPES = ['asset', 'department', 'zone'] as const;
export const CONTROL_STATUSES = ['planned', 'implemented', 'verified'] as const;
export const PATCH_STATES = ['available', 'validated', 'scheduled', 'installed'] as const;
export const LIFECYCLE_STAGES = ['development', 'support', 'limited_support', 'end_of_support'] as const;
