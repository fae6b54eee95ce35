-- Findings waiting to be scored. Matching writes here, in its own transaction, when it touched
-- more findings than are worth scoring inline (a full rematch, an advisory naming a package
-- every product ships); a worker tick drains it in batches. A finding is queued once.

create table scoring_queue (
  finding_id uuid primary key references findings(id) on delete cascade,
  org_id     uuid not null references organizations(id) on delete cascade,
  queued_at  timestamptz not null default date_trunc('milliseconds', now())
);
create index scoring_queue_org_idx on scoring_queue(org_id, queued_at);
