-- A CVD case's timeline also records the advisories drafted from it and their publications.
alter table cvd_case_events drop constraint cvd_case_events_kind_check;
alter table cvd_case_events add constraint cvd_case_events_kind_check
  check (kind in ('received', 'transition', 'edit', 'link', 'unlink', 'message', 'notice', 'advisory'));
