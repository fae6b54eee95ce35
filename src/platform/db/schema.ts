import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/**
 * Table types for Kysely, kept by hand beside migrations/*.sql. A column that the
 * database fills in is `Generated`; timestamps read as Date and are written as Date or ISO strings.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type OrgKind = 'manufacturer' | 'healthcare_provider' | 'both';
import type { Role } from '../auth/permission-table.js';

export type { Role };

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  kind: OrgKind;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** IANA time zone clocks' due dates are counted in (migration 0009). */
  time_zone: ColumnType<string, string | undefined, string>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  password_changed_at: Timestamp;
  created_at: Timestamp;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: Role;
  created_at: Timestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  active_org_id: string | null;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  role: Exclude<Role, 'owner'>;
  token_hash: string;
  token_prefix: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface AuditChainsTable {
  chain_id: string;
  seq: number;
  hash: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  chain_id: string;
  seq: number;
  org_id: string | null;
  at: Timestamp;
  actor_type: 'user' | 'token' | 'system';
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: JSONColumnType<Record<string, unknown>, string, string>;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobRunsTable {
  id: Generated<string>;
  org_id: string;
  kind: string;
  state: JobState;
  progress: Generated<number>;
  total: number | null;
  message: string | null;
  result: ColumnType<unknown, string | null, string | null>;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export type LifecycleStage = 'development' | 'support' | 'limited_support' | 'end_of_support';
/** A calendar date, 'YYYY-MM-DD' (date columns are read as strings on both drivers). */
type CalendarDate = string | null;

export interface ProductsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  manufacturer: string | null;
  model_numbers: ColumnType<string[], string[] | undefined, string[]>;
  device_class: string | null;
  regulatory_ids: ColumnType<Record<string, string>, string | undefined, string>;
  intended_use: string | null;
  clinical_function: string | null;
  connectivity: ColumnType<string[], string[] | undefined, string[]>;
  description: string | null;
  archived_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReleasesTable {
  id: Generated<string>;
  org_id: string;
  product_id: string;
  version: string;
  lifecycle_stage: ColumnType<LifecycleStage, LifecycleStage | undefined, LifecycleStage>;
  release_date: CalendarDate;
  end_of_life_date: CalendarDate;
  end_of_guaranteed_support_date: CalendarDate;
  end_of_support_date: CalendarDate;
  customers_notified_at: NullableTimestamp;
  release_notes_url: string | null;
  archived_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

type Json<T> = ColumnType<T, string | undefined, string>;

export interface SbomsTable {
  id: Generated<string>;
  org_id: string;
  release_id: string;
  revision: number;
  is_current: ColumnType<boolean, boolean | undefined, boolean>;
  encoding: 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-tag-value';
  format: 'cyclonedx' | 'spdx';
  spec_version: string;
  content_hash: string;
  size_bytes: number;
  serial_number: string | null;
  doc_name: string | null;
  doc_version: number | null;
  doc_created: string | null;
  authors: ColumnType<string[], string[] | undefined, string[]>;
  tools: Json<unknown[]>;
  supplier: string | null;
  subject_ref: string | null;
  services: Json<unknown[]>;
  properties: Json<{ name: string; value: string }[]>;
  issues: Json<unknown[]>;
  component_count: number;
  original: Buffer;
  imported_by: string | null;
  imported_at: Timestamp;
}

export interface SbomComponentsTable {
  id: Generated<number>;
  sbom_id: string;
  org_id: string;
  ord: number;
  ref: string;
  parent_ref: string | null;
  type: string;
  name: string;
  grp: string | null;
  version: string | null;
  description: string | null;
  purl: string | null;
  cpe: string | null;
  supplier: string | null;
  authors: ColumnType<string[], string[] | undefined, string[]>;
  publisher: string | null;
  license: string | null;
  copyright: string | null;
  scope: string | null;
  hashes: Json<{ alg: string; content: string }[]>;
  external_refs: Json<{ type: string; url: string; comment?: string }[]>;
  properties: Json<{ name: string; value: string }[]>;
  depends_on: ColumnType<string[], string[] | undefined, string[]>;
  level_of_support: string | null;
  end_of_support: string | null;
}

type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface IntelSourcesTable {
  id: Generated<string>;
  org_id: string;
  kind: 'osv' | 'nvd' | 'kev' | 'epss';
  name: string;
  url: string | null;
  interval_minutes: number | null;
  enabled: Generated<boolean>;
  etag: string | null;
  last_modified: string | null;
  last_run_at: NullableTimestamp;
  last_success_at: NullableTimestamp;
  last_status: 'running' | 'succeeded' | 'failed' | 'not-modified' | null;
  last_counts: Json<Record<string, number>>;
  last_error: string | null;
  created_at: Timestamp;
  last_job_id: string | null;
  next_run_at: NullableTimestamp;
}

export interface IntelRecordsTable {
  id: Generated<number>;
  org_id: string;
  source_id: string;
  record_id: string;
  record_kind: string;
  vuln_id: string;
  aliases: TextArray;
  related: TextArray;
  summary: string | null;
  details: string | null;
  published: string | null;
  modified: string;
  withdrawn: string | null;
  severities: Json<unknown[]>;
  cwes: TextArray;
  refs: Json<unknown[]>;
  affected: Json<unknown[]>;
  cpe_configurations: Json<unknown[]>;
  content_hash: string;
  imported_at: Timestamp;
  severity_level: Generated<'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown'>;
  severity_score: number | null;
}

export interface IntelRecordPackagesTable {
  record_id: number;
  org_id: string;
  package_key: string;
}

export interface IntelKevTable {
  org_id: string;
  cve_id: string;
  vendor_project: string;
  product: string;
  vulnerability_name: string;
  date_added: string;
  short_description: string;
  required_action: string;
  due_date: string;
  known_ransomware_campaign_use: string;
  notes: string;
  cwes: TextArray;
}

export interface IntelEpssTable {
  org_id: string;
  cve_id: string;
  epss: number;
  percentile: number;
  score_date: string | null;
}

export interface FindingsTable {
  id: Generated<string>;
  org_id: string;
  release_id: string;
  component_key: string;
  vuln_id: string;
  status: 'affected' | 'fixed' | 'withdrawn';
  component_name: string;
  component_version: string | null;
  component_purl: string | null;
  component_cpe: string | null;
  match_method: 'purl' | 'cpe';
  confidence: string;
  evidence: Json<unknown[]>;
  fixed_evidence: Json<unknown> | null;
  sbom_id: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  fixed_at: NullableTimestamp;
  /** CycloneDX analysis (migration 0007); null state: not analysed yet. */
  analysis_state: AnalysisStateColumn | null;
  analysis_justification: string | null;
  analysis_responses: ColumnType<string[], string[] | undefined, string[]>;
  analysis_detail: string | null;
  analysis_updated_at: NullableTimestamp;
  analysis_updated_by: string | null;
  assignee_id: string | null;
  risk_class: 'controlled' | 'uncontrolled' | null;
  priority: ColumnType<number, number | undefined, number>;
  priority_factors: Json<unknown[]>;
  /** The suppression rule whose analysis the finding carries (migration 0008). */
  suppression_rule_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AnalysisStateColumn = 'in_triage' | 'exploitable' | 'resolved' | 'resolved_with_pedigree' | 'false_positive' | 'not_affected';

/** Kinds of finding history; each capability adds its own (matching: the first five). */
export type FindingEventKind = 'opened' | 'fixed' | 'withdrawn' | 'reopened' | 'evidence'
  // triage (migration 0008): decisions, with the actor in the detail
  | 'analysis' | 'assigned' | 'suppressed' | 'unsuppressed' | 'propagated' | 'vex'
  // scoring, clocks and remediation plans (migration 0009)
  | 'scored' | 'clock' | 'remediation';

export interface FindingEventsTable {
  id: Generated<number>;
  finding_id: string;
  org_id: string;
  at: Timestamp;
  kind: FindingEventKind;
  detail: Json<Record<string, unknown>>;
}

export interface SbomComponentKeysTable {
  org_id: string;
  sbom_id: string;
  component_id: number;
  package_key: string;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

// ---- triage workflow and VEX (migration 0008): interfaces here, listed in TriageTables
export interface FindingCommentsTable {
  id: Generated<string>;
  org_id: string;
  finding_id: string;
  author_id: string | null;
  author_label: string;
  body: string;
  created_at: Timestamp;
}

export interface SuppressionRulesTable {
  id: Generated<string>;
  org_id: string;
  vuln_id: string;
  component_kind: 'purl' | 'name';
  component: string;
  component_version: string | null;
  product_id: string | null;
  analysis_state: Exclude<AnalysisStateColumn, 'in_triage'>;
  analysis_justification: string | null;
  analysis_responses: ColumnType<string[], string[] | undefined, string[]>;
  analysis_detail: string | null;
  reason: string | null;
  expires_at: Timestamp;
  created_by: string | null;
  created_by_label: string;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
  released_at: NullableTimestamp;
}

export interface TriageTables {
  finding_comments: FindingCommentsTable;
  suppression_rules: SuppressionRulesTable;
}

// ---- scoring, remediation clocks and notifications (migration 0009)
export interface ProductCvssEnvironmentsTable {
  product_id: string;
  org_id: string;
  environment: Json<Record<string, unknown>>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface FindingScoresTable {
  finding_id: string;
  org_id: string;
  cvss_source: ColumnType<string, string | undefined, string>;
  rubric_version: string | null;
  rubric_answers: Json<Record<string, string>>;
  harm_severity: string | null;
  inputs_updated_at: NullableTimestamp;
  inputs_updated_by: string | null;
  scored_at: NullableTimestamp;
  scored_kev: boolean | null;
  scored_epss: number | null;
  scored_records: string | null;
  scored_stage: string | null;
  scored_analysis: string | null;
  scored_status: string | null;
  scored_environment: NullableTimestamp;
  severity: string | null;
  result: Json<Record<string, unknown>>;
}

export interface SlaRulesTable {
  org_id: string;
  rule: string;
  days: number | null;
  kind: string;
  source: string;
  updated_at: Timestamp;
}

export interface ClockSettingsTable {
  org_id: string;
  notify_before_days: ColumnType<number, number | undefined, number>;
}

export interface FindingClocksTable {
  id: Generated<string>;
  org_id: string;
  finding_id: string;
  clock: 'communication' | 'plan' | 'remediation';
  rule: string;
  days: number;
  kind: string;
  source: string;
  time_zone: string;
  started_at: Timestamp;
  base_due_at: Timestamp;
  state: ColumnType<'running' | 'paused' | 'stopped', 'running' | 'paused' | 'stopped' | undefined, 'running' | 'paused' | 'stopped'>;
  paused_ms: ColumnType<number, number | undefined, number>;
  paused_at: NullableTimestamp;
  pause_reason: string | null;
  stopped_at: NullableTimestamp;
  stop_reason: string | null;
  stop_note: string | null;
  approaching_notified_at: NullableTimestamp;
  missed_notified_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface RemediationPlansTable {
  id: Generated<string>;
  org_id: string;
  finding_id: string;
  kind: 'patch' | 'compensating_control' | 'customer_communication';
  release_id: string | null;
  description: string;
  target_date: CalendarDate;
  status: ColumnType<'planned' | 'in_progress' | 'validated' | 'released', 'planned' | 'in_progress' | 'validated' | 'released' | undefined, 'planned' | 'in_progress' | 'validated' | 'released'>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotificationChannelsTable {
  id: Generated<string>;
  org_id: string;
  kind: 'email' | 'webhook';
  name: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  events: TextArray;
  recipients: TextArray;
  url: string | null;
  secret: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotificationOutboxTable {
  id: Generated<string>;
  org_id: string;
  channel_id: string;
  event: string;
  dedupe_key: string;
  payload: Json<Record<string, unknown>>;
  state: ColumnType<'pending' | 'delivered' | 'failed', 'pending' | 'delivered' | 'failed' | undefined, 'pending' | 'delivered' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  outbox_id: string;
  org_id: string;
  attempt: number;
  at: Timestamp;
  ok: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface ClockTables {
  product_cvss_environments: ProductCvssEnvironmentsTable;
  finding_scores: FindingScoresTable;
  sla_rules: SlaRulesTable;
  clock_settings: ClockSettingsTable;
  finding_clocks: FindingClocksTable;
  remediation_plans: RemediationPlansTable;
  notification_channels: NotificationChannelsTable;
  notification_outbox: NotificationOutboxTable;
  notification_deliveries: NotificationDeliveriesTable;
  scoring_queue: ScoringQueueTable;
}

/** Findings waiting to be scored by the worker (migration 0011). */
export interface ScoringQueueTable {
  finding_id: string;
  org_id: string;
  queued_at: Timestamp;
}

// ---- risk register (migration 0010)
export type RiskStatus = 'open' | 'mitigating' | 'accepted' | 'closed';
export type RiskClassColumn = 'controlled' | 'uncontrolled';
export type AcceptanceEndReason = 'revoked' | 'expired' | 'superseded' | 'risk_changed' | 'closed';
export type RiskEventKind = 'created' | 'updated' | 'accepted' | 'acceptance_revoked' | 'acceptance_expired' | 'acceptance_ended';

export interface RiskItemsTable {
  id: Generated<string>;
  org_id: string;
  product_id: string;
  title: string;
  threat: string | null;
  vulnerability: string | null;
  hazardous_situation: string | null;
  harm: string | null;
  likelihood: string;
  severity: string;
  initial_class: RiskClassColumn;
  existing_controls: string | null;
  new_controls: Json<{ description: string; status: string }[]>;
  residual_likelihood: string;
  residual_severity: string;
  residual_class: RiskClassColumn;
  matrix_id: string;
  owner_id: string | null;
  status: ColumnType<RiskStatus, RiskStatus | undefined, RiskStatus>;
  version: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RiskItemFindingsTable {
  risk_id: string;
  finding_id: string;
  org_id: string;
}

export interface RiskAcceptancesTable {
  id: Generated<string>;
  org_id: string;
  risk_id: string;
  approver_id: string | null;
  approver_label: string;
  rationale: string;
  residual_likelihood: string;
  residual_severity: string;
  residual_class: RiskClassColumn;
  uncontrolled_accepted: ColumnType<boolean, boolean | undefined, boolean>;
  benefit_risk_rationale: string | null;
  expires_on: string;
  review_on: string;
  accepted_at: Timestamp;
  ended_at: NullableTimestamp;
  end_reason: AcceptanceEndReason | null;
  ended_by: string | null;
  end_note: string | null;
}

export interface RiskEventsTable {
  id: Generated<number>;
  risk_id: string;
  org_id: string;
  at: Timestamp;
  actor: string;
  kind: RiskEventKind;
  detail: Json<Record<string, unknown>>;
}

export interface RiskTables {
  risk_items: RiskItemsTable;
  risk_item_findings: RiskItemFindingsTable;
  risk_acceptances: RiskAcceptancesTable;
  risk_events: RiskEventsTable;
}

// ---- coordinated disclosure: intake, cases, customer notices (migration 0012)
export type CvdState = 'received' | 'acknowledged' | 'triaged' | 'remediation' | 'disclosed' | 'closed';
export type CvdCredit = 'named' | 'anonymous' | 'none';
export type CvdEventKind = 'received' | 'transition' | 'edit' | 'link' | 'unlink' | 'message' | 'notice' | 'advisory';
export type CvdLinkKind = 'product' | 'release' | 'finding';

export interface CvdCasesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  description: string;
  product_hint: string | null;
  state: ColumnType<CvdState, CvdState | undefined, CvdState>;
  source: 'form' | 'encrypted' | 'staff';
  encrypted_message: string | null;
  reporter_name: string | null;
  reporter_email: string | null;
  credit: ColumnType<CvdCredit, CvdCredit | undefined, CvdCredit>;
  cve_requested: ColumnType<boolean, boolean | undefined, boolean>;
  cve_ids: ColumnType<string[], string[] | undefined, string[]>;
  embargo_date: string | null;
  internal_notes: string | null;
  received_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  triaged_at: NullableTimestamp;
  remediation_at: NullableTimestamp;
  disclosed_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  close_reason: string | null;
  acknowledge_due_at: Timestamp;
  disclosure_target: string;
  last_reporter_update_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CvdCaseEventsTable {
  id: Generated<number>;
  case_id: string;
  org_id: string;
  at: Timestamp;
  actor: string;
  kind: CvdEventKind;
  detail: Json<Record<string, unknown>>;
}

export interface CvdCaseLinksTable {
  case_id: string;
  org_id: string;
  kind: CvdLinkKind;
  target_id: string;
}

export interface CvdAttachmentsTable {
  id: Generated<string>;
  case_id: string;
  org_id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Buffer;
}

export interface CvdIntakeKeysTable {
  org_id: string;
  armored: string;
  fingerprint: string;
  key_ids: string[];
  updated_at: Timestamp;
}

export interface CvdMessagesTable {
  id: Generated<string>;
  case_id: string;
  org_id: string;
  kind: 'acknowledgement' | 'status';
  recipient: string;
  subject: string;
  body: string;
  ok: boolean;
  error: string | null;
  sent_by: string;
  sent_at: Timestamp;
}

export interface CustomerContactsTable {
  id: Generated<string>;
  org_id: string;
  product_id: string;
  customer_name: string;
  email: string;
  customer_org_id: string | null;
  created_at: Timestamp;
}

export interface CustomerNoticesTable {
  id: Generated<string>;
  org_id: string;
  case_id: string;
  fields: Json<Record<string, unknown>>;
  subject: string;
  html: string;
  text: string;
  sent_by: string;
  sent_at: Timestamp;
}

export interface CustomerNoticeDeliveriesTable {
  id: Generated<string>;
  notice_id: string;
  org_id: string;
  contact_id: string | null;
  channel: 'email' | 'account';
  recipient: string;
  customer_org_id: string | null;
  ok: boolean;
  error: string | null;
  at: Timestamp;
}

export interface CvdTables {
  cvd_cases: CvdCasesTable;
  cvd_case_events: CvdCaseEventsTable;
  cvd_case_links: CvdCaseLinksTable;
  cvd_attachments: CvdAttachmentsTable;
  cvd_intake_keys: CvdIntakeKeysTable;
  cvd_messages: CvdMessagesTable;
  customer_contacts: CustomerContactsTable;
  customer_notices: CustomerNoticesTable;
  customer_notice_deliveries: CustomerNoticeDeliveriesTable;
}

// ---- CSAF advisories, keys and the trusted-provider directory (migration 0013)
export interface CsafTables {
  csaf_advisories: CsafAdvisoriesTable;
  csaf_advisory_findings: { advisory_id: string; org_id: string; finding_id: string };
  csaf_publications: CsafPublicationsTable;
  csaf_keys: CsafKeysTable;
}

export interface CsafAdvisoriesTable {
  id: Generated<string>;
  org_id: string;
  tracking_id: string;
  title: string;
  profile: 'csaf_security_advisory' | 'csaf_vex';
  status: ColumnType<'draft' | 'interim' | 'final', 'draft' | 'interim' | 'final' | undefined, 'draft' | 'interim' | 'final'>;
  tlp: ColumnType<'WHITE' | 'GREEN' | 'AMBER' | 'RED', 'WHITE' | 'GREEN' | 'AMBER' | 'RED' | undefined, 'WHITE' | 'GREEN' | 'AMBER' | 'RED'>;
  version: string;
  vulnerability_id: string | null;
  case_id: string | null;
  document: Json<Record<string, unknown>>;
  revision: ColumnType<number, number | undefined, number>;
  published_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CsafPublicationsTable {
  advisory_id: string;
  org_id: string;
  version: string;
  tracking_id: string;
  tlp: string;
  file_name: string;
  year: number;
  content: string;
  sha256: string;
  sha512: string;
  signature: string;
  key_fingerprint: string;
  released_at: ColumnType<Date, Date | string, Date | string>;
  published_at: Timestamp;
}

export interface CsafKeysTable {
  id: Generated<string>;
  org_id: string;
  fingerprint: string;
  public_key: string;
  private_key: string;
  user_id: string;
  algorithm: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: Timestamp;
}

// ---- hospital fleet, MDS2, contracts, legacy register (migration 0017, issue 9 part A)
export type ClinicalCriticality = 'low' | 'medium' | 'high' | 'critical';

export interface AssetsTable {
  id: Generated<string>;
  org_id: string;
  manufacturer: string;
  model: string;
  serial: string;
  software_version: string | null;
  firmware_version: string | null;
  location: string | null;
  department: string | null;
  network_zone: string | null;
  vlan: number | null;
  ip: string | null;
  mac: string | null;
  clinical_criticality: ClinicalCriticality | null;
  patient_connected: ColumnType<boolean, boolean | undefined, boolean>;
  owner: string | null;
  purchased_on: CalendarDate;
  installed_on: CalendarDate;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
  last_import_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssetImportMappingsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  mapping: Json<Record<string, string>>;
  updated_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssetImportRunsTable {
  id: Generated<string>;
  org_id: string;
  file_name: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  mapping_name: string | null;
  status: 'succeeded' | 'rejected';
  rows_total: ColumnType<number, number | undefined, number>;
  created_count: ColumnType<number, number | undefined, number>;
  updated_count: ColumnType<number, number | undefined, number>;
  unchanged_count: ColumnType<number, number | undefined, number>;
  duplicate_count: ColumnType<number, number | undefined, number>;
  errors: Json<{ row: number | null; column: string | null; message: string }[]>;
  actor: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

export type Mds2Answer = 'yes' | 'no' | 'n/a' | null;

export interface Mds2StatementsTable {
  id: Generated<string>;
  org_id: string;
  manufacturer: string;
  model: string;
  model_version: ColumnType<string, string | undefined, string>;
  form_version: ColumnType<string, string | undefined, string>;
  statement_date: CalendarDate;
  source: 'import' | 'form';
  file_name: string | null;
  answers: Json<Record<string, { answer: Mds2Answer; note?: string }>>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ContractObligationKind = 'sbom_delivery' | 'mds2_delivery' | 'vulnerability_notification'
  | 'patch_availability' | 'incident_notification' | 'eos_notice' | 'evidence';
export type ContractFactKind = 'vulnerability_published' | 'advisory_published' | 'patch_available' | 'release'
  | 'sbom_delivered' | 'mds2_delivered' | 'incident_occurred' | 'incident_notified' | 'eos_notice' | 'evidence';

export interface ContractsTable {
  id: Generated<string>;
  org_id: string;
  vendor_name: string;
  title: string;
  reference: string | null;
  mc2_version: 'v1' | 'v2' | null;
  form: 'standalone' | 'addendum' | null;
  covered_models: ColumnType<string[], string[] | undefined, string[]>;
  effective_on: string;
  renewal_on: CalendarDate;
  expires_on: CalendarDate;
  notes: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContractObligationsTable {
  id: Generated<string>;
  org_id: string;
  contract_id: string;
  clause_id: string;
  kind: ContractObligationKind;
  included: ColumnType<'yes' | 'modified', 'yes' | 'modified' | undefined, 'yes' | 'modified'>;
  parameters: Json<Record<string, number>>;
  description: string | null;
  created_at: Timestamp;
}

export interface ContractFactsTable {
  id: Generated<string>;
  org_id: string;
  contract_id: string;
  kind: ContractFactKind;
  subject: string | null;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  end_of_support_on: CalendarDate;
  obligation_id: string | null;
  note: string | null;
  recorded_by: string;
  created_at: Timestamp;
}

export interface LegacyControl { control: string; description?: string; status: 'planned' | 'in_place' | 'verified' }

export interface LegacyPlansTable {
  id: Generated<string>;
  org_id: string;
  manufacturer: string;
  model: string;
  lifecycle_stage: LifecycleStage | null;
  end_of_life_on: CalendarDate;
  end_of_guaranteed_support_on: CalendarDate;
  end_of_support_on: CalendarDate;
  compensating_controls: Json<LegacyControl[]>;
  decision: 'continue' | 'replace' | 'decommission' | 'accept_risk' | null;
  replacement_model: string | null;
  budget_year: number | null;
  /** numeric(14,2): read as a string on PostgreSQL, written as a number or string. */
  estimated_cost: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  currency: ColumnType<string, string | undefined, string>;
  risk_accepted_by: string | null;
  risk_accepted_on: CalendarDate;
  next_review_on: CalendarDate;
  reminder_days: ColumnType<number[], number[] | undefined, number[]>;
  notes: string | null;
  updated_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LegacyRemindersTable {
  plan_id: string;
  org_id: string;
  days_before: number;
  end_of_support_on: string;
  sent_at: Timestamp;
}

export interface FleetTables {
  assets: AssetsTable;
  asset_import_mappings: AssetImportMappingsTable;
  asset_import_runs: AssetImportRunsTable;
  mds2_statements: Mds2StatementsTable;
  contracts: ContractsTable;
  contract_obligations: ContractObligationsTable;
  contract_facts: ContractFactsTable;
  legacy_plans: LegacyPlansTable;
  legacy_reminders: LegacyRemindersTable;
}

// ---- premarket: requirements, threat models, evidence, trace links (migration 0016)
export interface PremarketTables {
  premarket_requirements: PremarketRequirementsTable;
  premarket_requirement_versions: {
    requirement_id: string;
    org_id: string;
    version: number;
    snapshot: Json<Record<string, unknown>>;
    changed_by: string;
    changed_at: Timestamp;
  };
  premarket_threat_models: {
    id: Generated<string>;
    org_id: string;
    product_id: string;
    release_id: string | null;
    document: Json<Record<string, unknown>>;
    version: ColumnType<number, number | undefined, number>;
    updated_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  premarket_evidence: {
    id: Generated<string>;
    org_id: string;
    release_id: string;
    kind: 'sarif' | 'junit';
    file_name: string;
    content_hash: string;
    size_bytes: number;
    tool: string | null;
    summary: Json<Record<string, unknown>>;
    content: Buffer;
    imported_by: string;
    imported_at: Timestamp;
  };
  premarket_evidence_items: {
    id: Generated<string>;
    evidence_id: string;
    org_id: string;
    ord: number;
    name: string;
    outcome: 'passed' | 'failed' | 'error' | 'skipped';
    detail: string | null;
    requirement_refs: ColumnType<string[], string[] | undefined, string[]>;
  };
  premarket_trace_links: {
    id: Generated<string>;
    org_id: string;
    requirement_id: string;
    evidence_id: string;
    item_id: string | null;
    note: string | null;
    created_by: string;
    created_at: Timestamp;
  };
}

export interface PremarketRequirementsTable {
  id: Generated<string>;
  org_id: string;
  product_id: string;
  ref: string;
  source: string;
  source_version: string | null;
  category: string | null;
  title: string;
  description: string | null;
  design: string | null;
  verification_method: ColumnType<'test' | 'analysis' | 'inspection', 'test' | 'analysis' | 'inspection' | undefined, 'test' | 'analysis' | 'inspection'>;
  auto_evidence: 'sbom' | 'findings' | null;
  applicable: ColumnType<boolean, boolean | undefined, boolean>;
  na_justification: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DB extends TriageTables, ClockTables, RiskTables, CvdTables, CsafTables, FleetTables, PremarketTables, GovernanceTables, VendorTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_chains: AuditChainsTable;
  audit_events: AuditEventsTable;
  job_runs: JobRunsTable;
  products: ProductsTable;
  releases: ReleasesTable;
  sboms: SbomsTable;
  sbom_components: SbomComponentsTable;
  intel_sources: IntelSourcesTable;
  intel_records: IntelRecordsTable;
  intel_record_packages: IntelRecordPackagesTable;
  intel_kev: IntelKevTable;
  intel_epss: IntelEpssTable;
  findings: FindingsTable;
  sbom_component_keys: SbomComponentKeysTable;
  finding_events: FindingEventsTable;
  schema_migrations: SchemaMigrationsTable;
}

// ---- hospital vendor catalog, feeds, exposure and patching (migration 0018, issue 9 part B)
export type VendorLifecycle = 'development' | 'support' | 'limited_support' | 'end_of_support';
export type VendorStatementStatus = 'known_affected' | 'known_not_affected' | 'fixed' | 'under_investigation';
export type ExposureStatus = VendorStatementStatus | 'patched';
export type PatchState = 'available' | 'validated' | 'scheduled' | 'installed';
export type ControlKind = 'segmentation' | 'service_disabled' | 'monitoring' | 'access_control' | 'application_allowlisting' | 'other';

export interface VendorTables {
  vendors: {
    id: Generated<string>; org_id: string; name: string; name_key: string; manufacturer_org_id: string | null; created_at: Timestamp; updated_at: Timestamp;
  };
  vendor_products: {
    id: Generated<string>; org_id: string; vendor_id: string; name: string; name_key: string; model_numbers: TextArray; created_at: Timestamp;
  };
  vendor_releases: {
    id: Generated<string>; org_id: string; vendor_id: string; product_id: string; version: string; version_key: string;
    lifecycle_stage: VendorLifecycle | null; end_of_life_date: CalendarDate; end_of_guaranteed_support_date: CalendarDate; end_of_support_date: CalendarDate;
    model_numbers: TextArray; serial_numbers: TextArray; purls: TextArray; cpes: TextArray; created_at: Timestamp; updated_at: Timestamp;
  };
  vendor_feeds: {
    id: Generated<string>; org_id: string; vendor_id: string | null; kind: 'csaf_provider' | 'instance'; url: string | null; manufacturer_org_id: string | null; name: string;
    enabled: ColumnType<boolean, boolean | undefined, boolean>;
    status: ColumnType<'new' | 'running' | 'ok' | 'partial' | 'failed', 'new' | 'running' | 'ok' | 'partial' | 'failed' | undefined, 'new' | 'running' | 'ok' | 'partial' | 'failed'>;
    last_job_id: string | null; last_sync_at: NullableTimestamp; last_success_at: NullableTimestamp; etag: string | null; last_modified: string | null;
    documents_total: ColumnType<number, number | undefined, number>; last_new: ColumnType<number, number | undefined, number>; last_updated: ColumnType<number, number | undefined, number>;
    last_unchanged: ColumnType<number, number | undefined, number>; last_rejected: ColumnType<number, number | undefined, number>;
    errors: Json<{ url: string; problem: string; detail: string }[]>; last_error: string | null;
    public_keys: Json<{ fingerprint: string; armored: string; pinned: boolean }[]>; created_by: string; created_at: Timestamp;
  };
  vendor_documents: {
    id: Generated<string>; org_id: string; vendor_id: string; feed_id: string | null; kind: 'csaf' | 'vex' | 'sbom'; format: string; source: 'feed' | 'instance' | 'upload';
    doc_key: string; url: string | null; title: string | null; tracking_version: string | null; current_release_date: NullableTimestamp; sha256: string;
    signature_status: 'valid' | 'not_checked'; hash_status: 'valid' | 'not_checked'; statements: ColumnType<number, number | undefined, number>;
    content: Json<unknown> | null; received_at: Timestamp;
  };
  vendor_statements: {
    id: Generated<string>; org_id: string; vendor_release_id: string; document_id: string | null; vuln_id: string; status: VendorStatementStatus;
    justification: string | null; detail: string | null; remediation_category: string | null; remediation: string | null; remediation_url: string | null;
    patient_safety: string | null; harm: string | null; vendor_exploited: ColumnType<boolean, boolean | undefined, boolean>; cvss_score: number | null; cvss_vector: string | null; updated_at: Timestamp;
  };
  vendor_release_components: {
    vendor_release_id: string; org_id: string; document_id: string; purl: string | null; name: string; version: string | null; package_key: string | null;
  };
  asset_release_matches: {
    asset_id: string; org_id: string; vendor_release_id: string | null; method: 'auto' | 'confirmed' | 'overridden'; confidence: number; reason: string; decided_by: string | null; updated_at: Timestamp;
  };
  compensating_controls: {
    id: Generated<string>; org_id: string; kind: ControlKind; description: string; scope: 'asset' | 'department' | 'zone'; asset_id: string | null; scope_value: string | null;
    vuln_id: string | null; status: ColumnType<'planned' | 'implemented' | 'verified', 'planned' | 'implemented' | 'verified' | undefined, 'planned' | 'implemented' | 'verified'>;
    created_by: string; created_at: Timestamp;
  };
  exposures: {
    asset_id: string; vuln_id: string; org_id: string; vendor_release_id: string; statement_id: string | null; source: 'vendor' | 'sbom'; status: ExposureStatus;
    kev: boolean; epss: number | null; cvss: number | null; base_priority: number; control_points: number; priority: number; control_ids: TextArray; computed_at: Timestamp;
  };
  patch_deployments: {
    id: Generated<string>; org_id: string; asset_id: string; vuln_id: string; document_id: string | null; remediation: string | null;
    state: ColumnType<PatchState, PatchState | undefined, PatchState>; priority: ColumnType<number, number | undefined, number>;
    available_on: string; due_on: string; validated_on: CalendarDate; scheduled_for: CalendarDate; installed_on: CalendarDate; note: string | null; updated_by: string; updated_at: Timestamp;
  };
  patch_policies: {
    org_id: string; critical_days: ColumnType<number, number | undefined, number>; high_days: ColumnType<number, number | undefined, number>;
    medium_days: ColumnType<number, number | undefined, number>; low_days: ColumnType<number, number | undefined, number>; updated_by: string; updated_at: Timestamp;
  };
}

// ---- governance, maturity self-assessment and benchmarking (migration 0015)
export type ControlOwner = 'MDM' | 'HDO' | 'shared';

export interface GovernanceTables {
  jsp_catalog_versions: {
    version: string;
    title: string;
    source: string;
    areas: Json<{ code: string; name: string }[]>;
    is_current: ColumnType<boolean, boolean | undefined, boolean>;
    imported_at: Timestamp;
  };
  jsp_controls: {
    catalog_version: string;
    code: string;
    ord: number;
    area: string;
    title: string;
    description: ColumnType<string, string | undefined, string>;
    owner: ControlOwner;
    evidence: string;
    source: string;
    content_hash: string;
  };
  org_controls: {
    org_id: string;
    code: string;
    area: string;
    title: string;
    description: ColumnType<string, string | undefined, string>;
    owner: ControlOwner;
    evidence: ColumnType<string, string | undefined, string>;
    created_by: string;
    created_at: Timestamp;
  };
  control_applicability: {
    org_id: string;
    code: string;
    applicable: boolean;
    justification: string | null;
    updated_by: string;
    updated_at: Timestamp;
  };
  maturity_cycles: {
    id: Generated<string>;
    org_id: string;
    name: string;
    catalog_version: string;
    opened_at: Timestamp;
    closed_at: NullableTimestamp;
    closed_by: string | null;
    snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  };
  maturity_assessments: {
    id: Generated<string>;
    org_id: string;
    cycle_id: string;
    code: string;
    level: number | null;
    not_applicable: ColumnType<boolean, boolean | undefined, boolean>;
    rationale: ColumnType<string, string | undefined, string>;
    content_hash: string;
    needs_reassessment: ColumnType<boolean, boolean | undefined, boolean>;
    assessed_by: string;
    assessed_at: Timestamp;
  };
  maturity_evidence: {
    id: Generated<string>;
    org_id: string;
    code: string;
    kind: 'url' | 'document' | 'record';
    label: string;
    url: string | null;
    record_type: string | null;
    record_id: string | null;
    file_name: string | null;
    media_type: string | null;
    size: number | null;
    sha256: string | null;
    content: Buffer | null;
    added_by: string;
    added_at: Timestamp;
  };
  maturity_actions: {
    id: Generated<string>;
    org_id: string;
    code: string;
    title: string;
    owner_id: string | null;
    owner_name: string | null;
    due_on: string;
    status: ColumnType<'open' | 'done', 'open' | 'done' | undefined, 'open' | 'done'>;
    target_level: number | null;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  governance_raci: {
    id: Generated<string>;
    org_id: string;
    area: string;
    raci: 'R' | 'A' | 'C' | 'I';
    person_id: string | null;
    person_name: string | null;
    role_title: string | null;
    created_at: Timestamp;
  };
  training_records: {
    id: Generated<string>;
    org_id: string;
    course: string;
    person_id: string | null;
    person_name: string | null;
    completed_on: CalendarDate;
    expires_on: CalendarDate;
    created_at: Timestamp;
  };
  governance_policies: {
    id: Generated<string>;
    org_id: string;
    kind: 'policy' | 'procedure';
    title: string;
    owner_id: string | null;
    owner_name: string | null;
    version: string;
    approved_on: CalendarDate;
    next_review_on: CalendarDate;
    url: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  benchmark_participants: { org_id: string; secret: string; created_at: Timestamp };
  benchmark_operators: { org_id: string; enabled_at: Timestamp };
  benchmark_submissions: {
    submission_id: string;
    operator_id: string;
    participant: string;
    period: string;
    org_kind: string;
    catalog_version: string;
    document: Json<unknown>;
    superseded: ColumnType<boolean, boolean | undefined, boolean>;
    imported_at: Timestamp;
  };
}
