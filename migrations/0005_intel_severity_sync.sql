-- Intelligence, second step (issue 6): each record's own severity rating kept beside its
-- vectors so findings can be filtered and sorted by it (the rating needs CVSS scoring,
-- done once at import — see src/modules/intel/severity.ts), and what a scheduled sync
-- needs: the job that is running it and when it is next due.

alter table intel_records add column severity_level text not null default 'unknown'
  check (severity_level in ('critical', 'high', 'medium', 'low', 'none', 'unknown'));
alter table intel_records add column severity_score real check (severity_score between 0 and 10);

alter table intel_sources add column last_job_id uuid references job_runs(id) on delete set null;
alter table intel_sources add column next_run_at timestamptz;
create index intel_sources_due_idx on intel_sources(next_run_at) where enabled and url is not null;
