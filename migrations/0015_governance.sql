-- Governance, JSP maturity self-assessment and anonymous benchmarking (issue 10;
-- src/modules/governance). The JSP control checklist is data: a catalog version row and its
-- controls, the first version loaded below. New versions come through
-- `vigil governance catalog import FILE`; an organization's assessments follow the control
-- code, and content_hash (SHA-256 of area, title, description, owner and evidence joined by
-- "\n", see catalog.ts controlHash) tells whether a control changed between versions.

create table jsp_catalog_versions (
  version      text primary key check (length(version) between 1 and 40),
  title        text not null,
  source       text not null,
  -- [{"code": "GOV", "name": "Governance and organisation"}, ...] in display order
  areas        jsonb not null,
  is_current   boolean not null default false,
  imported_at  timestamptz not null default date_trunc('milliseconds', now())
);
create unique index jsp_catalog_versions_current_idx on jsp_catalog_versions((true)) where is_current;

create table jsp_controls (
  catalog_version text not null references jsp_catalog_versions(version) on delete cascade,
  code          text not null,
  ord           integer not null,
  area          text not null,
  title         text not null,
  description   text not null default '',
  owner         text not null check (owner in ('MDM', 'HDO', 'shared')),
  evidence      text not null,
  source        text not null,
  content_hash  text not null,
  primary key (catalog_version, code)
);

-- The organization's own controls (codes outside the catalog's), assessed like the catalog's.
create table org_controls (
  org_id       uuid not null references organizations(id) on delete cascade,
  code         text not null,
  area         text not null,
  title        text not null check (length(title) between 1 and 500),
  description  text not null default '',
  owner        text not null check (owner in ('MDM', 'HDO', 'shared')),
  evidence     text not null default '',
  created_by   text not null,
  created_at   timestamptz not null default date_trunc('milliseconds', now()),
  primary key (org_id, code)
);

-- Applicability overrides of the defaults by organization kind (manufacturer: MDM + shared,
-- healthcare_provider: HDO + shared, both: all). No row: the default applies.
create table control_applicability (
  org_id         uuid not null references organizations(id) on delete cascade,
  code           text not null,
  applicable     boolean not null,
  justification  text,
  updated_by     text not null,
  updated_at     timestamptz not null default date_trunc('milliseconds', now()),
  primary key (org_id, code)
);

-- Assessment cycles: one open per organization; closing one stores its snapshot (scores per
-- area, overall, metrics) and opens the next with the assessments carried forward.
create table maturity_cycles (
  id               uuid primary key default gen_random_uuid(),
  org_id           uuid not null references organizations(id) on delete cascade,
  name             text not null,
  catalog_version  text not null references jsp_catalog_versions(version),
  opened_at        timestamptz not null default date_trunc('milliseconds', now()),
  closed_at        timestamptz,
  closed_by        text,
  snapshot         jsonb
);
create unique index maturity_cycles_open_idx on maturity_cycles(org_id) where closed_at is null;
create index maturity_cycles_org_idx on maturity_cycles(org_id, opened_at);

create table maturity_assessments (
  id                  uuid primary key default gen_random_uuid(),
  org_id              uuid not null references organizations(id) on delete cascade,
  cycle_id            uuid not null references maturity_cycles(id) on delete cascade,
  code                text not null,
  -- null with not_applicable = true: N/A (justification required)
  level               integer check (level between 0 and 5),
  not_applicable      boolean not null default false,
  rationale           text not null default '',
  -- The control's content hash when assessed; a catalog import that changes the control sets
  -- needs_reassessment (the level stays visible but is left out of the scores).
  content_hash        text not null,
  needs_reassessment  boolean not null default false,
  assessed_by         text not null,
  assessed_at         timestamptz not null default date_trunc('milliseconds', now()),
  unique (cycle_id, code),
  check ((not_applicable and level is null) or (not not_applicable and level is not null))
);
create index maturity_assessments_org_idx on maturity_assessments(org_id, code);

-- Evidence belongs to the organization's control (kept across cycles): a URL, an uploaded
-- document (size-limited, stored here) or a reference to a Vigil record.
create table maturity_evidence (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  code         text not null,
  kind         text not null check (kind in ('url', 'document', 'record')),
  label        text not null,
  url          text,
  record_type  text,
  record_id    uuid,
  file_name    text,
  media_type   text,
  size         integer,
  sha256       text,
  content      bytea,
  added_by     text not null,
  added_at     timestamptz not null default date_trunc('milliseconds', now()),
  check ((kind = 'url' and url is not null) or (kind = 'document' and content is not null) or (kind = 'record' and record_id is not null))
);
create index maturity_evidence_org_idx on maturity_evidence(org_id, code);

-- Gaps turned into work: owner (a member or a free-text name) and due date.
create table maturity_actions (
  id            uuid primary key default gen_random_uuid(),
  org_id        uuid not null references organizations(id) on delete cascade,
  code          text not null,
  title         text not null,
  owner_id      uuid references users(id) on delete set null,
  owner_name    text,
  due_on        date not null,
  status        text not null default 'open' check (status in ('open', 'done')),
  target_level  integer check (target_level between 1 and 5),
  created_by    text not null,
  created_at    timestamptz not null default date_trunc('milliseconds', now()),
  updated_at    timestamptz not null default date_trunc('milliseconds', now())
);
create index maturity_actions_org_idx on maturity_actions(org_id, status, due_on);

-- RACI per JSP area with named people: a member (person_id) or a free-text name.
create table governance_raci (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references organizations(id) on delete cascade,
  area         text not null,
  raci         text not null check (raci in ('R', 'A', 'C', 'I')),
  person_id    uuid references users(id) on delete cascade,
  person_name  text,
  role_title   text,
  created_at   timestamptz not null default date_trunc('milliseconds', now()),
  check (person_id is not null or person_name is not null)
);
create index governance_raci_org_idx on governance_raci(org_id, area);
-- One accountable person per area (RACI's rule).
create unique index governance_raci_accountable_idx on governance_raci(org_id, area) where raci = 'A';

create table training_records (
  id            uuid primary key default gen_random_uuid(),
  org_id        uuid not null references organizations(id) on delete cascade,
  course        text not null,
  person_id     uuid references users(id) on delete cascade,
  person_name   text,
  completed_on  date,
  expires_on    date,
  created_at    timestamptz not null default date_trunc('milliseconds', now()),
  check (person_id is not null or person_name is not null),
  check (expires_on is null or completed_on is null or expires_on > completed_on)
);
create index training_records_org_idx on training_records(org_id, expires_on);

create table governance_policies (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references organizations(id) on delete cascade,
  kind            text not null check (kind in ('policy', 'procedure')),
  title           text not null,
  owner_id        uuid references users(id) on delete set null,
  owner_name      text,
  version         text not null,
  approved_on     date,
  next_review_on  date,
  url             text,
  created_at      timestamptz not null default date_trunc('milliseconds', now()),
  updated_at      timestamptz not null default date_trunc('milliseconds', now())
);
create index governance_policies_org_idx on governance_policies(org_id, next_review_on);

-- Benchmarking. Each participant has a random secret from which its pseudonym per period is
-- derived (benchmark.ts); the operator never learns which organization a pseudonym is.
create table benchmark_participants (
  org_id      uuid primary key references organizations(id) on delete cascade,
  secret      text not null,
  created_at  timestamptz not null default date_trunc('milliseconds', now())
);

-- Organizations an instance administrator made benchmark operators (`vigil benchmark operator enable`).
create table benchmark_operators (
  org_id      uuid primary key references organizations(id) on delete cascade,
  enabled_at  timestamptz not null default date_trunc('milliseconds', now())
);

-- Submissions an operator imported: only the anonymized document's content, never who sent it.
create table benchmark_submissions (
  submission_id  uuid primary key,
  operator_id    uuid not null references organizations(id) on delete cascade,
  participant    text not null,
  period         text not null,
  org_kind       text not null,
  catalog_version text not null,
  document       jsonb not null,
  -- The newest submission of a participant for a period counts; older ones are superseded.
  superseded     boolean not null default false,
  imported_at    timestamptz not null default date_trunc('milliseconds', now())
);
create index benchmark_submissions_period_idx on benchmark_submissions(period, superseded);
create unique index benchmark_submissions_current_idx on benchmark_submissions(participant, period) where not superseded;

insert into jsp_catalog_versions (version, title, source, areas, is_current) values
  ('2026.1', 'HSCC JSP 2.0 control checklist', 'Vigil transcription of the JSP 2.0 practice checklist (84 controls in 12 areas; ids are Vigil''s, src names where each practice comes from)',
   '[{"code":"GOV","name":"Governance and organisation"},{"code":"DES","name":"Design and development"},{"code":"VV","name":"Verification and validation (testing)"},{"code":"LAB","name":"Labeling and customer security documentation"},{"code":"CMP","name":"Complaint handling"},{"code":"RSK","name":"Post-market risk management and monitoring"},{"code":"VUL","name":"Vulnerability management and coordinated disclosure"},{"code":"PAT","name":"Patching and updates"},{"code":"IR","name":"Incident response"},{"code":"EOL","name":"End of life, legacy and decommissioning"},{"code":"TRN","name":"Training and awareness"},{"code":"MAT","name":"Maturity measurement"}]'::jsonb, true);

insert into jsp_controls (catalog_version, code, ord, area, title, description, owner, evidence, source, content_hash) values
  ('2026.1', 'JSP-GOV-01', 1, 'GOV', 'Named executive accountable for product security; product security function with defined reporting line', '', 'MDM', 'org chart, charter, RACI', 'JSP, IEC 4.1.2', '4ad8dd45b660d56a6b0ae1092beae491ac0f49aa1e771a3932919b77fa41296b'),
  ('2026.1', 'JSP-GOV-02', 2, 'GOV', 'Product security policy approved and briefed to leadership at least yearly', '', 'MDM', 'policy doc, board/leadership minutes', 'JSP, MDIC', 'c31426c2034651ee199941525831d061b2dcc99fa5a4b604299c0254d32e3b66'),
  ('2026.1', 'JSP-GOV-03', 3, 'GOV', 'Product security plan covering the whole lifecycle for each product (SPDF procedure)', '', 'MDM', 'SPDF/secure development procedure in QMS; per-product security plan', 'JSP, FDA-PRE (SPDF), IEC 5.1', '5f1e4a9c0b9374ee6f5a1cf448f8789741f769f6796ba9b33b44bd975bdc7bf4'),
  ('2026.1', 'JSP-GOV-04', 4, 'GOV', 'Product security adequately staffed; security expertise defined for roles', '', 'MDM', 'staffing plan, role descriptions, competence records', 'JSP, IEC 4.1.4', '81e5f2df9da3638f3d3fc605cf5369f96b862b6d87eab2f2cd4d5f2e09527237'),
  ('2026.1', 'JSP-GOV-05', 5, 'GOV', 'Security integrated in the QMS (design controls, CAPA, complaints, supplier control)', '', 'MDM', 'QMS procedures referencing security', 'FDA-PRE (QMSR), IEC 4.1.1', '3a8acad50da1e3bd2eae94ae8cc864ab09e7212cb950f60e8908a65b997f0a28'),
  ('2026.1', 'JSP-GOV-06', 6, 'GOV', 'Public commitment/attestation to JSP adoption and a JSP implementation roadmap', '', 'MDM', 'published statement, roadmap', 'JSP', '3902249e4aa926334051c456787e1be2a00e3af320ba6a5e06a55a424c393d17'),
  ('2026.1', 'JSP-GOV-07', 7, 'GOV', 'HDO medical device security programme (policy, owner, clinical engineering + IT security roles)', '', 'HDO', 'policy, RACI', 'JSP (Medical Device Management Plan), MLTS', 'f523c58d77c8b5c976b08e8bc1bd532866339b089645599b8cdc5c6bd2bd162c'),
  ('2026.1', 'JSP-GOV-08', 8, 'GOV', 'Legacy technology governance: policy for lifecycle planning, risk acceptance authority for devices past EOS', '', 'shared', 'policy, risk acceptance register', 'MLTS', '470cff82e2e437953b63c11b4a8ce17722b9c831f76ebe14c229dea0754ccc9f'),
  ('2026.1', 'JSP-GOV-09', 9, 'GOV', 'Supplier / third-party component security requirements and supplier assessments', '', 'MDM', 'supplier security clauses, assessment records', 'JSP, IEC 4.1.6, MDIC', '165c4dc733b7d2ca442fcdf055be06f9686c93cfb24fc1d2580bfc2ccb0c08fb'),
  ('2026.1', 'JSP-DES-01', 10, 'DES', 'Security requirements defined as design inputs (from intended use, environment, threat model, standards)', '', 'MDM', 'requirements spec with security items, traceability', 'JSP, FDA-PRE, IEC 5.2', 'e0b800fc96ad16c3cf3cd16bbaf91c4af5127f0bb1b1fd46a6ffa0ed2987ddd9'),
  ('2026.1', 'JSP-DES-02', 11, 'DES', 'Threat modelling performed and kept current for each product/system (incl. cloud, update path)', '', 'MDM', 'threat model (e.g. STRIDE), review records', 'JSP, FDA-PRE, IEC 5.3/Annex', '66942f083eba21fdbf3be5394edd63bf9a88b67f6725035eb41fb6978a807eee'),
  ('2026.1', 'JSP-DES-03', 12, 'DES', 'Security risk assessment separate from but linked to safety risk management (ISO 14971)', '', 'MDM', 'security risk file, links to hazard analysis', 'JSP, FDA-PRE, TIR57', 'dcfc8a6b00facd924318649cc8e05b1f3b2aea7529465bfca23c1e90a9424bd1'),
  ('2026.1', 'JSP-DES-04', 13, 'DES', 'Exploitability-based (not probability-based) scoring of security risk, e.g. CVSS + MITRE medical-device rubric', '', 'MDM', 'scoring method procedure, scored risk register', 'FDA-PRE, FDA-POST, MITRE', 'ed556da0ff22c4039c7edf4c43363bab82990a480f5581ce0bcf14a4fda380ed'),
  ('2026.1', 'JSP-DES-05', 14, 'DES', 'Security architecture documented: global system view, multi-patient harm view, updatability/patchability view, security use-case views', '', 'MDM', 'architecture views', 'FDA-PRE', '1aa561fb98807b308e105c6f377da635421e4d900fac60e634a58d1b065043a1'),
  ('2026.1', 'JSP-DES-06', 15, 'DES', 'Security controls implemented across FDA categories: authentication, authorization, cryptography, code/data/execution integrity, confidentiality, event detection & logging, resiliency & recovery, updatability & patchability', '', 'MDM', 'design docs mapping controls to categories', 'FDA-PRE (Appendix 1)', 'b22703543e4f4df8e39e57617a33aaa397502864955abbebed221c882f1c7ffe'),
  ('2026.1', 'JSP-DES-07', 16, 'DES', 'Secure-by-default configuration shipped (no default passwords, unnecessary services off)', '', 'MDM', 'hardening spec, config baseline', 'JSP2 (secure-by-default), FDA-PRE', '42a7c3e0165d98b4eb1918079f887ffd4c70c731b006162b58603de303b68301'),
  ('2026.1', 'JSP-DES-08', 17, 'DES', 'Secure coding standard and code review; static analysis', '', 'MDM', 'coding standard, review/SAST records', 'IEC 5.5, JSP', '91c2f2fd027be401a6b76f6df6513c571bd8e89ba62909ee77065b9510db7033'),
  ('2026.1', 'JSP-DES-09', 18, 'DES', 'SBOM produced per release (machine-readable, NTIA minimum elements + level of support + end-of-support date per component)', '', 'MDM', 'SBOM (SPDX/CycloneDX) per version', '524B(b)(3), FDA-PRE, JSP', 'df93e4229a1dca02ebaa273d74d9210fbbaeac53a02525aff9a0479693b96072'),
  ('2026.1', 'JSP-DES-10', 19, 'DES', 'Third-party/OTS component risk: support lifetime vs device service life planned; plan to update/replace', '', 'MDM', 'component lifecycle analysis', 'MLTS, IEC 4.1.6, FDA-PRE', '3071f2982aa1c8f4f865886054df5760c07f0a975dd16eac4b281489e8ee44b5'),
  ('2026.1', 'JSP-DES-11', 20, 'DES', 'Known-vulnerability assessment of all components (incl. CISA KEV) with risk and controls for each', '', 'MDM', 'vulnerability assessment report', 'FDA-PRE', 'df0073fdc5002c333ce7d8bc8e7a1f3c37e5ab77705f2667209c2697ec3baa18'),
  ('2026.1', 'JSP-DES-12', 21, 'DES', 'Security assessment of unresolved anomalies (bugs)', '', 'MDM', 'anomaly list with security impact', 'FDA-PRE', 'b0a7ab95db9c1c79c6bb97ab4fecb6a6422787a208c4f9c0e8b1433e6c3b4d62'),
  ('2026.1', 'JSP-DES-13', 22, 'DES', 'Design for updatability: signed, authenticated, version-identifiable updates; timely deployment path', '', 'MDM', 'update architecture, code-signing key controls', 'FDA-PRE, IEC 5.8, 524B(b)(2)', '9db592bb07049ee3dde1ec45dbba16d1653f185a4de9ed70e3f79fbf6675aa56'),
  ('2026.1', 'JSP-DES-14', 23, 'DES', 'Future-proofing: design so product stays supportable through expected clinical life (abstraction, upgradeable OS, crypto agility)', '', 'MDM', 'design rationale', 'MLTS', '96b0c6f83ec353da5c801f943118566d1d24419c1c431f5133ccedd588dc1e91'),
  ('2026.1', 'JSP-VV-01', 24, 'VV', 'Security requirements testing (each security requirement verified)', '', 'MDM', 'test protocol/report with traceability', 'FDA-PRE, IEC 5.7.1', '6d2b586fb22a55528ccdbcf8fa64c0be88cd2e7f3587a18f54f225f5977c26f9'),
  ('2026.1', 'JSP-VV-02', 25, 'VV', 'Threat mitigation testing (each mitigation verified effective)', '', 'MDM', 'test report', 'FDA-PRE, IEC 5.7.2', '46b32ee7b03d4da5471f3d4f2ca1b25209898457749fe630cf91f50fd01062e1'),
  ('2026.1', 'JSP-VV-03', 26, 'VV', 'Vulnerability testing: fuzzing, attack-surface analysis, vulnerability chaining, closed-box scanning, SCA, static/dynamic analysis', '', 'MDM', 'tool outputs, findings, dispositions', 'FDA-PRE, IEC 5.7.3', '0924a25fdb4fbf744fdf95579f001b945e726d1ae47a34c58bb668b4e30cf796'),
  ('2026.1', 'JSP-VV-04', 27, 'VV', 'Penetration testing with independence from developers; scope, duration, methods and results documented', '', 'MDM', 'pentest report, tester independence statement', 'FDA-PRE, IEC 5.7.4/5.7.5', '4e17c23caeae2a37d132eef7e7d715fcbc57c4e2031d7117a8f3ccd888f32dd0'),
  ('2026.1', 'JSP-VV-05', 28, 'VV', 'All security findings resolved or risk-accepted with rationale before release', '', 'MDM', 'release checklist, residual risk sign-off', 'IEC 5.8.1, JSP', '5bbf23bff261b04d0bd9ce60338ff8ec5e439b2a180369878adc4ac4a3140e6f'),
  ('2026.1', 'JSP-LAB-01', 29, 'LAB', 'MDS2 (2019 form) completed and provided per product/version', '', 'MDM', 'MDS2 file', 'JSP, MDS2, MLTS', 'ee4bd19b4411daff1b83ce460d08222546346ed81f308d4b5c0a6fbf2cc9fb92'),
  ('2026.1', 'JSP-LAB-02', 30, 'LAB', 'SBOM made available to customers continuously (machine-readable, current links)', '', 'MDM', 'customer portal / delivery record', 'FDA-PRE VI.A, MC2, MLTS', '2feeae4fc4abd41e2bd8ccbe982c3aca67c7ead9f81970b2274e62ddf2e905c7'),
  ('2026.1', 'JSP-LAB-03', 31, 'LAB', 'Recommended security controls for the use environment (anti-malware, firewall, passwords) + diagrams', '', 'MDM', 'security/hardening guide', 'FDA-PRE VI.A', '183550f684f73306cfc6c801ce88df05d334ce020d9a01b3d28f57ef27c2daa4'),
  ('2026.1', 'JSP-LAB-04', 32, 'LAB', 'Ports/interfaces list: function, direction, approved endpoints; infrastructure requirements', '', 'MDM', 'network requirements doc', 'FDA-PRE VI.A, MLTS', '9232e3c2d4232f01956c66ab51db78e0c58d7f9d3d5af1ff585bdf9c90716441'),
  ('2026.1', 'JSP-LAB-05', 33, 'LAB', 'How to obtain and verify authorised updates; how users learn an update exists', '', 'MDM', 'update instructions', 'FDA-PRE VI.A', '76b6a0406a5592ba384e726bd76dea8ae7b7fa2ff12db9f7afac77f18c3e8fcd'),
  ('2026.1', 'JSP-LAB-06', 34, 'LAB', 'Security event detection/logging, forensic log formats, SIEM/IDS integration', '', 'MDM', 'logging spec', 'FDA-PRE VI.A', '0156783b1f63edc67fe2c8159ba224617892415320e010cbde5c08afe3e818f6'),
  ('2026.1', 'JSP-LAB-07', 35, 'LAB', 'Backup/restore, configuration recovery, critical-function protection (safe/backup mode)', '', 'MDM', 'IFU sections', 'FDA-PRE VI.A', '84daadaa5dbef018457736e539c62bdd7ff5780c141f63faf0b1be45b2ee3084'),
  ('2026.1', 'JSP-LAB-08', 36, 'LAB', 'Secure configuration as shipped + user-configurable changes that raise risk', '', 'MDM', 'config guide', 'FDA-PRE VI.A', '8c3472fd54a845322d3fe16f03039905da531da05967feca5a7acf0724f4d5b2'),
  ('2026.1', 'JSP-LAB-09', 37, 'LAB', 'Device and component EOS/EOL dates and the risk-transfer process after EOS', '', 'MDM', 'lifecycle statement', 'FDA-PRE VI.A, MLTS', 'c66f29ef6768555f59310c6893819768a9a070d8a1b41654830014f7bba32d2d'),
  ('2026.1', 'JSP-LAB-10', 38, 'LAB', 'Secure decommissioning / data sanitisation instructions', '', 'MDM', 'decommissioning guide', 'FDA-PRE VI.A, IEC', 'b94a2bd1b2abc42479c2997ca1898532f2d4f429f66555427bd7e0cb409f1836'),
  ('2026.1', 'JSP-LAB-11', 39, 'LAB', 'Response instructions for users on detecting a vulnerability or incident', '', 'MDM', 'IFU / security guide', 'FDA-PRE VI.A', '330fdf230ac8600d71e95c4f72898151c920afcc9c3be454262ea87ee4df541b'),
  ('2026.1', 'JSP-LAB-12', 40, 'LAB', 'Risks transferred to users covered by usability (human factors) testing', '', 'MDM', 'HF test records', 'FDA-PRE VI.A', '84da6c17847fc3c56397fc5860447e7284a9bb9e286124aec62e1f10d9aebd43'),
  ('2026.1', 'JSP-CMP-01', 41, 'CMP', 'Complaint intake screens for possible cybersecurity involvement (criteria, questions for service/call-centre staff)', '', 'MDM', 'complaint procedure, screening form', 'JSP', '07f29e998f5764d8e7f1107b59817292e75e2771b3f0ffa707a9f79c73c3646b'),
  ('2026.1', 'JSP-CMP-02', 42, 'CMP', 'Suspected cyber complaints routed to PSIRT; linked records between complaint system and vulnerability tracker', '', 'MDM', 'workflow, sample linked records', 'JSP', '3f37a351fa027d0576dfdd1aeacbd73043950ba874fa079ead99b148eec0c69d'),
  ('2026.1', 'JSP-CMP-03', 43, 'CMP', 'Cyber complaints evaluated for MDR (803) and correction/removal (806) reportability', '', 'MDM', 'reportability decisions', 'JSP, FDA-POST', '52d568ae6c4dc6fcba2353a347e954c7e224345acecf998e7aaf33f3a53bface'),
  ('2026.1', 'JSP-CMP-04', 44, 'CMP', 'Trending of security complaints and feedback into design/CAPA', '', 'MDM', 'trend reports, CAPA links', 'JSP, IEC 4.1.9', 'e13ca498215b5b251a2e35c9e739a73c2927ccb19aa995464f0222909cfe2961'),
  ('2026.1', 'JSP-CMP-05', 45, 'CMP', 'HDO process to report suspected device security issues to the MDM', '', 'HDO', 'procedure, contact list', 'JSP, MC2', 'adfb8ac311b8536c7bf5f7a6ed1029f3b20e0878b80880f25d2c59fa491d4c99'),
  ('2026.1', 'JSP-RSK-01', 46, 'RSK', 'Continuous monitoring of vulnerability sources (NVD, CISA KEV/ICS advisories, supplier advisories, researchers, ISAO) mapped against SBOMs', '', 'MDM', 'monitoring procedure, feed logs', 'FDA-PRE VI.B, FDA-POST, IEC 6.2', '0ff3a501438c553c92cf852418d95a9635b64f55269bdfd7cb78abdc563f787f'),
  ('2026.1', 'JSP-RSK-02', 47, 'RSK', 'Each new vulnerability assessed for exploitability and patient-harm severity → controlled/uncontrolled decision, for every fielded version', '', 'MDM', 'assessment records', 'FDA-POST, 524B guidance', '60aa638879ea631b3f833b59fba7b06e6c0fbe7fec10676ef5ddf0b79908b2d4'),
  ('2026.1', 'JSP-RSK-03', 48, 'RSK', 'Active membership of an ISAO (e.g. Health-ISAC) and sharing of vulnerability info', '', 'shared', 'membership record, shares', 'FDA-POST', 'c84f068212e8352e23237484020254409a4139b3b8e5187c98b3655bc0da8a58'),
  ('2026.1', 'JSP-RSK-04', 49, 'RSK', 'Cybersecurity management plan maintained (personnel, sources, KEV, periodic testing, patch timeline, update process, patching capability, CVD, customer comms)', '', 'MDM', 'CMP document, review history', 'FDA-PRE VI.B, 524B(b)(1)', '50237a9ca0d3818c9b18bf29e64610d9841637067f1e3d66902a7916b004d145'),
  ('2026.1', 'JSP-RSK-05', 50, 'RSK', 'Security metrics tracked (time to patch, time to deploy, % vulns remediated)', '', 'MDM', 'metrics dashboard', 'FDA-PRE', '2132a3e6a14c1769d42f42ce61bfa1a62641665348e8ce71cca31a3972901834'),
  ('2026.1', 'JSP-RSK-06', 51, 'RSK', 'Threat model and risk assessment updated when new threats/vulns/assets appear', '', 'MDM', 'revision history', '524B guidance VII.C.1, IEC 7.5', 'cbe8a86fafe4809e9972ab2e9c8ed92cac6b6e5ed4921790d0f660442942548d'),
  ('2026.1', 'JSP-RSK-07', 52, 'RSK', 'HDO asset inventory incl. lifecycle stage, EOS date, SBOM, vuln and patch status, network location', '', 'HDO', 'inventory export', 'MLTS, JSP', '486c373148a269d2abaadf69cd25a5274bfd49fefe56e0c73d916ec50a9b1c78'),
  ('2026.1', 'JSP-RSK-08', 53, 'RSK', 'HDO risk assessment before connecting a new device (network zone, access control, monitoring)', '', 'HDO', 'pre-deployment assessment', 'MLTS, JSP', 'd425767f7f6b70951b37312db762deb380a664b167a38ab770a5b849bc33d79b'),
  ('2026.1', 'JSP-RSK-09', 54, 'RSK', 'HDO network segmentation and device-aware monitoring (IDS/flow/logs → SIEM)', '', 'HDO', 'network design, monitoring config', 'MLTS', '54d1e1b8a136869fdbdaaa6c51756ffcf58a573ddd2b911d402b9829fcbe1188'),
  ('2026.1', 'JSP-RSK-10', 55, 'RSK', 'Procurement: security requirements and vendor questions (JSP adoption, MDS2, SBOM, EOS dates, patch policy) in RFPs', '', 'HDO', 'RFP template, vendor answers', 'JSP (vendor questions), MC2, MLTS', '0d46d87632268f764cc428eff4255ac4568b5cf1700a3565cca913062501ba8b'),
  ('2026.1', 'JSP-VUL-01', 56, 'VUL', 'Published CVD policy with reporting channel (web form / security contact / security.txt), scope, safe-harbour statement', '', 'MDM', 'public policy URL', 'JSP, 524B(b)(1), IEC 9.1', 'f069b5eac4eeeb4c25fa61eb9c608723241ab9d533a63fb05f859060a5fcf879'),
  ('2026.1', 'JSP-VUL-02', 57, 'VUL', 'Report intake acknowledgement, triage, validation and status updates to the finder', '', 'MDM', 'ticket history with timestamps', 'JSP, ISO 29147/30111, IEC 9.2–9.3', '8dbd5c2e597465b0aa0294df9450014f40684bb799fa3f3b979c9e4de2d3cb38'),
  ('2026.1', 'JSP-VUL-03', 58, 'VUL', 'Coordination with CISA/coordinators and CVE assignment (own CNA or via coordinator)', '', 'MDM', 'advisory records, CVE ids', 'JSP, FDA-POST', '7033eb2800b720621a9c7c0af6e7f8cbba21eb0bc53c56ec5ad60393a8fe7971'),
  ('2026.1', 'JSP-VUL-04', 59, 'VUL', 'Customer advisories per MVCT structure; plain-language version for clinicians/patients', '', 'MDM', 'advisories', 'MVCT, FDA-POST', '68fa628e65ee5002eba4903be9daaceefadd3de59f5d072409e054b8e6c1497a'),
  ('2026.1', 'JSP-VUL-05', 60, 'VUL', 'Uncontrolled risk: notify within 30 days with compensating controls and remediation plan', '', 'MDM', 'notification with date', 'FDA-POST', 'e5d3d6f8b3e9b980c5a87bdaa1b6e777685f8b9f35ae7603a44f170c7d396b9e'),
  ('2026.1', 'JSP-VUL-06', 61, 'VUL', 'Machine-readable advisories/VEX (CSAF) per product so HDOs can automate matching', '', 'MDM', 'CSAF/VEX files', 'industry practice (JSP2 SBOM/VEX guidance unconfirmed)', '467b5d146269458dffbf947cb070ae95d75aa30505d5482dabf9438bac254823'),
  ('2026.1', 'JSP-VUL-07', 62, 'VUL', 'Vulnerabilities found internally are also disclosed', '', 'MDM', 'internal-finding advisories', '524B guidance VII.C.1', '0270e866ee9779eec39d64057194f1e42eea61c1be2c0eceac5d918822f7e22a'),
  ('2026.1', 'JSP-VUL-08', 63, 'VUL', 'HDO vulnerability management for devices: receive advisories, match to inventory, apply mitigations, track to closure', '', 'HDO', 'tracker records', 'MLTS, JSP', '5e90b3f12732b00fc4e557722073bcf127c171ad8ae3e49634128ebfe5519c9f'),
  ('2026.1', 'JSP-PAT-01', 64, 'PAT', 'Regular, justified update cycle for known unacceptable vulnerabilities', '', 'MDM', 'release calendar, CMP justification', '524B(b)(2)(A)', 'e83fc72c60f994616361241558133b94b18e8ee8e4894a12d156f9fc9b979576'),
  ('2026.1', 'JSP-PAT-02', 65, 'PAT', 'Out-of-cycle patch ASAP for critical vulnerabilities with uncontrolled risk; ≤ 60 days for FDA relief', '', 'MDM', 'patch release records', '524B(b)(2)(B), FDA-POST', '42cc6b70a8002b043e3ce645d34a5fdd59d070ae5c1a9d9858fe0a02b6e6a995'),
  ('2026.1', 'JSP-PAT-03', 66, 'PAT', 'Validation of third-party OS/application patches for compatibility, with published validated-patch list', '', 'MDM', 'validated patch bulletins', 'JSP, MC2', '3029fd5287c788a4f734a79b7e58f3f3d581e8e21953e8a514f4f6ffa9af9e79'),
  ('2026.1', 'JSP-PAT-04', 67, 'PAT', 'Patches cover "related systems" (servers, cloud, apps), not only the device', '', 'MDM', 'scope in CMP', '524B', '8a214d4d0b891b50d85f9220da517044ad2888ab5dc917b947844c6ee020fd13'),
  ('2026.1', 'JSP-PAT-05', 68, 'PAT', 'Update integrity: signed packages, private key protection, integrity check before install', '', 'MDM', 'signing procedure, key custody', 'IEC 5.8.3–5.8.4, FDA-PRE', 'c038b0124e1052bfeaed133303b18d95e33af9a734f99de4e14fa47385c6e46a'),
  ('2026.1', 'JSP-PAT-06', 69, 'PAT', 'HDO applies validated patches within agreed window and records status per asset', '', 'HDO', 'patch status per asset', 'MC2, MLTS', '57af299c4eebf079b5d9b71c8ab160ead6814e5e0f64b6b97caa2edce904f504'),
  ('2026.1', 'JSP-IR-01', 70, 'IR', 'MDM product security incident response plan (PSIRT) with roles, severity, escalation, regulator/ISAO/CISA contacts', '', 'MDM', 'IR plan, exercise records', 'JSP, FDA-PRE', 'f79a7d71aa1fccf038d37a0353a5149ebcebdd5e806e643b53fea4fb48bdbbc2'),
  ('2026.1', 'JSP-IR-02', 71, 'IR', 'HDO incident response and business-continuity plan covering medical devices (downtime procedures)', '', 'HDO', 'IR/BCP plans', 'MLTS, JSP', '7dadc845fd0002c9e6c9ebc85fda0c5ee08523ec3242f583efd751bf1b82dd1c'),
  ('2026.1', 'JSP-IR-03', 72, 'IR', 'Joint MDM–HDO incident cooperation: contacts, forensic log access, timely notification both ways', '', 'shared', 'contract clause, contact matrix', 'MC2, JSP', 'e60962fb5a804bf37a316298354ebf751abce475fc93bf8cadf6ad4a629e25c1'),
  ('2026.1', 'JSP-IR-04', 73, 'IR', 'Post-incident lessons learned fed into design and risk files', '', 'MDM', 'post-incident report', 'IEC 4.1.7', 'b4c9a6dcc6b0815553fb1900ca79515b6e0176d77df31c3322ed657769de4a51'),
  ('2026.1', 'JSP-EOL-01', 74, 'EOL', 'Define and publish EOL, (EOGS) and EOS dates per product version; notify ≥ 2 years ahead', '', 'MDM', 'lifecycle notices with dates', 'MLTS, FDA-PRE', '7ff39b1ecf05e7f7d89f096648c4aab2cafbe36dd1edee25b6b9465e7e13b1e8'),
  ('2026.1', 'JSP-EOL-02', 75, 'EOL', 'Track third-party component EOL/EOS and run the stage-transition risk assessment when a component goes unsupported', '', 'MDM', 'component tracker, assessments', 'MLTS', 'eab9542419dc620023a21b6f77ed072f7f2d131e89d2c267894a31400942f485'),
  ('2026.1', 'JSP-EOL-03', 76, 'EOL', 'Limited-support and EOS customer notices + permanent public support-status page', '', 'MDM', 'notices, web page', 'MLTS', 'b10861c1adfe5cca0311bbc0d6cb73110f8ea429f9545a96e1d7db95fb2d6467'),
  ('2026.1', 'JSP-EOL-04', 77, 'EOL', 'Responsibility-transfer package (updates, ports/IPs, SBOM, compensating controls, upgrade paths) 2–3 years before EOS', '', 'MDM', 'transfer package', 'MLTS', '557a7fabfded37a2994a998fcef2cd4bcebf7a1b42b1a46148701ad14c5924b4'),
  ('2026.1', 'JSP-EOL-05', 78, 'EOL', 'HDO formal risk acceptance for each device used past EOS, with compensating controls and periodic review', '', 'HDO', 'risk acceptance record', 'MLTS', '88333c510d615d31f104a76ff1311eca5b6396b95f0089eabab194c9659e930e'),
  ('2026.1', 'JSP-EOL-06', 79, 'EOL', 'Secure decommissioning and data sanitisation at retirement', '', 'shared', 'sanitisation certificate', 'FDA-PRE, MLTS', 'accb9c5d8c8c128bff1d5563f7bf3739c6d9b5e742dfd5b66f8e182cac1544b0'),
  ('2026.1', 'JSP-TRN-01', 80, 'TRN', 'Role-based product security training for developers, testers, service, complaint handlers', '', 'MDM', 'training records', 'JSP, IEC 4.1.4', '542d56b799152ca480a09ed35c2fff898b1a5c27cdfa65354ffd65d0bcede3dd'),
  ('2026.1', 'JSP-TRN-02', 81, 'TRN', 'HDO clinical engineering / IT training on device security and legacy risk', '', 'HDO', 'training records', 'MLTS', '62ff2d17934bff730d556d753ee6b9c7da992e1f9846df76cfb53c9cb8b95c11'),
  ('2026.1', 'JSP-MAT-01', 82, 'MAT', 'Annual self-assessment against JSP maturity metrics (CMMI levels)', '', 'MDM', 'assessment results', 'JSP, MDIC', '4c8ef116eaa7f131e8e49546c24492a69413a6b03699bde773cba462989d04a9'),
  ('2026.1', 'JSP-MAT-02', 83, 'MAT', 'Participation in anonymous industry benchmark; improvement plan for lowest areas', '', 'MDM', 'benchmark submission, plan', 'MDIC', '1751e66ae0f97b484811c9ca8b0d1f2d3c6aebfe8081fe109e5cdaaf0b6eb012'),
  ('2026.1', 'JSP-MAT-03', 84, 'MAT', 'Periodic review of security defects and process effectiveness (continuous improvement)', '', 'MDM', 'review minutes', 'IEC 4.1.7/4.1.9', '1160c02ceafb6c7ad556ca1d9de549d5c8ad75e3227e56664f50b181e04b226a');
