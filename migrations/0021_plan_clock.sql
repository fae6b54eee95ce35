-- The remediation-plan clock of an uncontrolled risk (FDA 2016 postmarket guidance: identify
-- interim compensating controls and write a remediation plan within 30 days of learning of the
-- vulnerability; src/modules/clocks/policy.ts rule uncontrolled_plan). It is stopped as
-- `planned` when a patch or compensating-control plan is recorded.
alter table sla_rules drop constraint sla_rules_rule_check;
alter table sla_rules add constraint sla_rules_rule_check
  check (rule in ('uncontrolled_communication', 'uncontrolled_plan', 'uncontrolled_remediation',
    'controlled_critical', 'controlled_high', 'controlled_medium', 'controlled_low'));
alter table finding_clocks drop constraint finding_clocks_clock_check;
alter table finding_clocks add constraint finding_clocks_clock_check check (clock in ('communication', 'plan', 'remediation'));
alter table finding_clocks drop constraint finding_clocks_stop_reason_check;
alter table finding_clocks add constraint finding_clocks_stop_reason_check
  check (stop_reason in ('remediated', 'mitigated', 'communicated', 'planned', 'risk_accepted', 'reclassified', 'closed'));

-- Uncontrolled risks that already run their clocks get the plan clock now, started with their
-- remediation clock (when the manufacturer learned of the vulnerability, in its time zone) and
-- due at the end of the 30th local day — rather than later, already overdue, at the next
-- rescore. Already stopped as planned when a patch or compensating control was recorded (at the
-- first one's creation) or when the remediation clock was stopped by a person.
insert into finding_clocks (org_id, finding_id, clock, rule, days, kind, source, time_zone, started_at, base_due_at, state, stopped_at, stop_reason, stop_note)
select r.org_id, r.finding_id, 'plan', 'uncontrolled_plan', 30, 'guidance',
  'FDA, Postmarket Management of Cybersecurity in Medical Devices (Dec 2016): identify interim compensating controls and write a remediation plan (documenting the rationale of its timeline) for an uncontrolled risk within 30 days of learning of it',
  r.time_zone, r.started_at,
  (((r.started_at at time zone r.time_zone)::date + 31)::timestamp at time zone r.time_zone) - interval '1 millisecond',
  case when p.created_at is null and r.state <> 'stopped' then 'running' else 'stopped' end,
  case when p.created_at is null and r.state <> 'stopped' then null else coalesce(p.created_at, r.stopped_at) end,
  case when p.created_at is null and r.state <> 'stopped' then null else 'planned' end,
  case
    when p.created_at is not null then 'Plan ' || replace(p.kind, '_', ' ') || ' ' || p.status || ': ' || left(p.description, 200)
    when r.state = 'stopped' then 'Remediation clock already stopped (' || r.stop_reason || ')'
  end
from finding_clocks r
left join lateral (
  select kind, status, description, created_at from remediation_plans
  where finding_id = r.finding_id and kind in ('patch', 'compensating_control')
  order by created_at, id limit 1
) p on true
where r.rule = 'uncontrolled_remediation'
  and (r.state <> 'stopped' or r.stop_reason in ('remediated', 'mitigated', 'communicated', 'risk_accepted'))
  and not exists (select 1 from finding_clocks x where x.finding_id = r.finding_id and x.rule = 'uncontrolled_plan');
