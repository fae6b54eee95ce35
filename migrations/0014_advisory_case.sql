-- The CVD case an advisory discloses (issue 8): migration 0013 stored csaf_advisories.case_id
-- without a foreign key because cvd_cases was built in parallel. Ids that name no case, or a
-- case of another organization, are cleared first (the service never wrote such ids knowingly,
-- but 0013 did not check); deleting a case keeps its advisories and forgets the link. The
-- same-organization rule is enforced by the service (a foreign key cannot compare org_id).

update csaf_advisories a set case_id = null
where a.case_id is not null
  and not exists (select 1 from cvd_cases c where c.id = a.case_id and c.org_id = a.org_id);

alter table csaf_advisories
  add constraint csaf_advisories_case_fk foreign key (case_id) references cvd_cases(id) on delete set null;

create index csaf_advisories_case_idx on csaf_advisories(case_id) where case_id is not null;
