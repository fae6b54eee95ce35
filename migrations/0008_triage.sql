-- Triage workflow (issue 7): comments on findings, reusable suppression rules with expiry,
-- and the index the triage queue reads. The analysis columns themselves came with 0007.

create table finding_comments (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  finding_id   uuid not null references findings(id) on delete cascade,
  author_id    uuid references users(id) on delete set null,
  -- What the history shows even after the author's account is gone (e-mail or token name).
  author_label text not null,
  body         text not null check (length(body) between 1 and 10000),
  created_at   timestamptz not null default date_trunc('milliseconds', now())
);
create index finding_comments_finding_idx on finding_comments(finding_id, created_at, id);

-- A rule says: findings of this vulnerability (id or any alias) in this component package
-- (purl without version, or a name), optionally one version and one product, get this
-- analysis until the rule expires or is disabled.
create table suppression_rules (
  id                     uuid primary key default gen_random_uuid(),
  org_id                 uuid not null references organizations(id) on delete cascade,
  vuln_id                text not null,
  -- 'purl': component_purl without version, qualifiers and subpath; 'name': component name.
  component_kind         text not null check (component_kind in ('purl', 'name')),
  component              text not null,
  component_version      text,
  product_id             uuid references products(id) on delete cascade,
  analysis_state         text not null check (analysis_state in
    ('exploitable', 'resolved', 'resolved_with_pedigree', 'false_positive', 'not_affected')),
  analysis_justification text check (analysis_justification in
    ('code_not_present', 'code_not_reachable', 'requires_configuration', 'requires_dependency', 'requires_environment',
     'protected_by_compiler', 'protected_at_runtime', 'protected_at_perimeter', 'protected_by_mitigating_control')),
  analysis_responses     text[] not null default '{}',
  analysis_detail        text,
  reason                 text,
  expires_at             timestamptz not null,
  created_by             uuid references users(id) on delete set null,
  created_by_label       text not null,
  created_at             timestamptz not null default date_trunc('milliseconds', now()),
  disabled_at            timestamptz,
  -- Set when the expiry job (or disabling) has returned the rule's findings to triage.
  released_at            timestamptz
);
create index suppression_rules_org_idx on suppression_rules(org_id, created_at desc, id desc);
create index suppression_rules_due_idx on suppression_rules(expires_at) where released_at is null;

-- The rule whose analysis a finding carries; cleared when a person changes the analysis, so an
-- expiring rule never undoes a human decision.
alter table findings add column suppression_rule_id uuid references suppression_rules(id) on delete set null;
create index findings_suppression_rule_idx on findings(suppression_rule_id) where suppression_rule_id is not null;

-- The triage queue: open work (affected, analysis undecided) by priority. The predicate is the
-- one src/modules/triage/queue.ts filters on, word for word, so the planner can use the index.
create index findings_triage_queue_idx on findings(org_id, priority desc, id)
  where status = 'affected' and (analysis_state is null or analysis_state = 'in_triage' or (analysis_state = 'exploitable' and analysis_responses = '{}'));

-- Propagation looks up the same component version and vulnerability in other releases.
create index findings_org_component_idx on findings(org_id, component_key, vuln_id);
