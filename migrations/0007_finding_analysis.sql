-- The decision columns every triage capability shares (issue 7): the CycloneDX analysis of a
-- finding (state, justification, responses, detail — the vocabulary src/formats/vex maps to
-- OpenVEX and CSAF), who it is assigned to, its patient-safety risk class, and the single
-- explainable priority that orders the queues (priority_factors says what raised or lowered it).
-- Tables of each capability (comments and suppression rules, scores and clocks, the risk
-- register) come in their own migrations.

alter table findings
  add column analysis_state text check (analysis_state in
    ('in_triage', 'exploitable', 'resolved', 'resolved_with_pedigree', 'false_positive', 'not_affected')),
  add column analysis_justification text check (analysis_justification in
    ('code_not_present', 'code_not_reachable', 'requires_configuration', 'requires_dependency', 'requires_environment',
     'protected_by_compiler', 'protected_at_runtime', 'protected_at_perimeter', 'protected_by_mitigating_control')),
  add column analysis_responses text[] not null default '{}',
  add column analysis_detail text,
  add column analysis_updated_at timestamptz,
  add column analysis_updated_by uuid references users(id) on delete set null,
  add column assignee_id uuid references users(id) on delete set null,
  add column risk_class text check (risk_class in ('controlled', 'uncontrolled')),
  add column priority integer not null default 0,
  add column priority_factors jsonb not null default '[]'::jsonb;

-- Finding history now records decisions as well as matches; the kinds are the FindingEventKind
-- union in src/platform/db/schema.ts, which every capability extends with its own.
alter table finding_events drop constraint finding_events_kind_check;
