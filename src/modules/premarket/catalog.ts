/**
 * The built-in requirement sets a product's catalog can be filled from. The facts are copied
 * from the project's JSP notes (shared/jsp/framework.md: the DES, VV and LAB controls, the
 * IEC 81001-5-1 clause structure and FDA's premarket security control categories); nothing
 * here is read from those notes at run time. Each set carries a version: adding a set to a
 * product records which version the rows were copied from. IEC 81001-5-1 sub-clause numbers
 * were not confirmed, so the IEC refs name the (confirmed) clause and the activity only.
 */

export type VerificationMethod = 'test' | 'analysis' | 'inspection';

export interface CatalogItem {
  readonly ref: string;
  readonly category: string;
  readonly title: string;
  /** Where the practice comes from (the notes' `src` column). */
  readonly description: string;
  readonly verificationMethod: VerificationMethod;
  /** Evidence Vigil holds itself: the release's SBOM, or its vulnerability assessment (findings). */
  readonly autoEvidence?: 'sbom' | 'findings';
}

export interface CatalogSet {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly items: readonly CatalogItem[];
}

const item = (ref: string, category: string, title: string, description: string, verificationMethod: VerificationMethod, autoEvidence?: 'sbom' | 'findings'): CatalogItem =>
  autoEvidence ? { ref, category, title, description, verificationMethod, autoEvidence } : { ref, category, title, description, verificationMethod };

const JSP_DESIGN: CatalogSet = {
  id: 'jsp-design',
  name: 'JSP design controls',
  version: 'JSP2 (Mar 2024) · Vigil catalog 1',
  description: 'HSCC JSP design and development (DES) and verification and validation (VV) practices for manufacturers.',
  items: [
    item('JSP-DES-01', 'Design', 'Security requirements defined as design inputs (from intended use, environment, threat model, standards)', 'Source: JSP, FDA-PRE, IEC 5.2. Evidence: requirements spec with security items, traceability.', 'inspection'),
    item('JSP-DES-02', 'Design', 'Threat modelling performed and kept current for each product/system (incl. cloud, update path)', 'Source: JSP, FDA-PRE, IEC 5.3/Annex. Evidence: threat model (e.g. STRIDE), review records.', 'analysis'),
    item('JSP-DES-03', 'Design', 'Security risk assessment separate from but linked to safety risk management (ISO 14971)', 'Source: JSP, FDA-PRE, TIR57. Evidence: security risk file, links to hazard analysis.', 'analysis'),
    item('JSP-DES-04', 'Design', 'Exploitability-based (not probability-based) scoring of security risk, e.g. CVSS + MITRE medical-device rubric', 'Source: FDA-PRE, FDA-POST, MITRE. Evidence: scoring method procedure, scored risk register.', 'inspection'),
    item('JSP-DES-05', 'Design', 'Security architecture documented: global system, multi-patient harm, updatability/patchability and security use-case views', 'Source: FDA-PRE. Evidence: architecture views.', 'inspection'),
    item('JSP-DES-06', 'Design', 'Security controls implemented across the FDA control categories', 'Source: FDA-PRE (Appendix 1). Evidence: design docs mapping controls to categories.', 'inspection'),
    item('JSP-DES-07', 'Design', 'Secure-by-default configuration shipped (no default passwords, unnecessary services off)', 'Source: JSP2 (secure-by-default), FDA-PRE. Evidence: hardening spec, config baseline.', 'test'),
    item('JSP-DES-08', 'Design', 'Secure coding standard and code review; static analysis', 'Source: IEC 5.5, JSP. Evidence: coding standard, review/SAST records.', 'analysis'),
    item('JSP-DES-09', 'Design', 'SBOM produced per release (machine-readable, NTIA minimum elements + level of support + end-of-support date per component)', 'Source: 524B(b)(3), FDA-PRE, JSP. Evidence: SBOM (SPDX/CycloneDX) per version.', 'inspection', 'sbom'),
    item('JSP-DES-10', 'Design', 'Third-party/OTS component risk: support lifetime vs device service life planned; plan to update/replace', 'Source: MLTS, IEC 4.1.6, FDA-PRE. Evidence: component lifecycle analysis.', 'analysis'),
    item('JSP-DES-11', 'Design', 'Known-vulnerability assessment of all components (incl. CISA KEV) with risk and controls for each', 'Source: FDA-PRE. Evidence: vulnerability assessment report.', 'analysis', 'findings'),
    item('JSP-DES-12', 'Design', 'Security assessment of unresolved anomalies (bugs)', 'Source: FDA-PRE. Evidence: anomaly list with security impact.', 'analysis'),
    item('JSP-DES-13', 'Design', 'Design for updatability: signed, authenticated, version-identifiable updates; timely deployment path', 'Source: FDA-PRE, IEC 5.8, 524B(b)(2). Evidence: update architecture, code-signing key controls.', 'test'),
    item('JSP-DES-14', 'Design', 'Future-proofing: product stays supportable through expected clinical life (abstraction, upgradeable OS, crypto agility)', 'Source: MLTS. Evidence: design rationale.', 'inspection'),
    item('JSP-VV-01', 'Verification', 'Security requirements testing (each security requirement verified)', 'Source: FDA-PRE, IEC 5.7.1. Evidence: test protocol/report with traceability.', 'test'),
    item('JSP-VV-02', 'Verification', 'Threat mitigation testing (each mitigation verified effective)', 'Source: FDA-PRE, IEC 5.7.2. Evidence: test report.', 'test'),
    item('JSP-VV-03', 'Verification', 'Vulnerability testing: fuzzing, attack-surface analysis, vulnerability chaining, closed-box scanning, SCA, static/dynamic analysis', 'Source: FDA-PRE, IEC 5.7.3. Evidence: tool outputs, findings, dispositions.', 'test'),
    item('JSP-VV-04', 'Verification', 'Penetration testing with independence from developers; scope, duration, methods and results documented', 'Source: FDA-PRE, IEC 5.7.4/5.7.5. Evidence: pentest report, tester independence statement.', 'test'),
    item('JSP-VV-05', 'Verification', 'All security findings resolved or risk-accepted with rationale before release', 'Source: IEC 5.8.1, JSP. Evidence: release checklist, residual risk sign-off.', 'inspection'),
  ],
};

const JSP_LABELING: CatalogSet = {
  id: 'jsp-labeling',
  name: 'Customer security documentation (labeling)',
  version: 'JSP2 (Mar 2024) / FDA premarket VI.A · Vigil catalog 1',
  description: 'The labeling items FDA premarket guidance section VI.A and the JSP expect in customer-facing security documentation. Record in “design” where each is documented.',
  items: [
    item('JSP-LAB-01', 'Labeling', 'MDS2 (2019 form) completed and provided per product/version', 'Source: JSP, MDS2, MLTS. Evidence: MDS2 file.', 'inspection'),
    item('JSP-LAB-02', 'Labeling', 'SBOM made available to customers continuously (machine-readable, current links)', 'Source: FDA-PRE VI.A, MC2, MLTS. Evidence: customer portal / delivery record.', 'inspection', 'sbom'),
    item('JSP-LAB-03', 'Labeling', 'Recommended security controls for the use environment (anti-malware, firewall, passwords) + diagrams', 'Source: FDA-PRE VI.A. Evidence: security/hardening guide.', 'inspection'),
    item('JSP-LAB-04', 'Labeling', 'Ports/interfaces list: function, direction, approved endpoints; infrastructure requirements', 'Source: FDA-PRE VI.A, MLTS. Evidence: network requirements doc.', 'inspection'),
    item('JSP-LAB-05', 'Labeling', 'How to obtain and verify authorised updates; how users learn an update exists', 'Source: FDA-PRE VI.A. Evidence: update instructions.', 'inspection'),
    item('JSP-LAB-06', 'Labeling', 'Security event detection/logging, forensic log formats, SIEM/IDS integration', 'Source: FDA-PRE VI.A. Evidence: logging spec.', 'inspection'),
    item('JSP-LAB-07', 'Labeling', 'Backup/restore, configuration recovery, critical-function protection (safe/backup mode)', 'Source: FDA-PRE VI.A. Evidence: IFU sections.', 'inspection'),
    item('JSP-LAB-08', 'Labeling', 'Secure configuration as shipped + user-configurable changes that raise risk', 'Source: FDA-PRE VI.A. Evidence: config guide.', 'inspection'),
    item('JSP-LAB-09', 'Labeling', 'Device and component EOS/EOL dates and the risk-transfer process after EOS', 'Source: FDA-PRE VI.A, MLTS. Evidence: lifecycle statement.', 'inspection'),
    item('JSP-LAB-10', 'Labeling', 'Secure decommissioning / data sanitisation instructions', 'Source: FDA-PRE VI.A, IEC. Evidence: decommissioning guide.', 'inspection'),
    item('JSP-LAB-11', 'Labeling', 'Response instructions for users on detecting a vulnerability or incident', 'Source: FDA-PRE VI.A. Evidence: IFU / security guide.', 'inspection'),
    item('JSP-LAB-12', 'Labeling', 'Risks transferred to users covered by usability (human factors) testing', 'Source: FDA-PRE VI.A. Evidence: HF test records.', 'test'),
  ],
};

const IEC_81001: CatalogSet = {
  id: 'iec-81001-5-1',
  name: 'IEC 81001-5-1 activities',
  version: 'IEC 81001-5-1:2021 clause structure · Vigil catalog 1',
  description: 'Health software security lifecycle activities by clause (4 general, 5 development, 6 maintenance, 7 security risk management, 8 configuration management, 9 problem resolution). Sub-clause numbers are not given: verify them against the standard.',
  items: [
    item('IEC-4-QMS', 'General (clause 4)', 'Quality management system covers health software security', 'IEC 81001-5-1 clause 4: quality management.', 'inspection'),
    item('IEC-4-RESPONSIBILITIES', 'General (clause 4)', 'Security responsibilities assigned', 'IEC 81001-5-1 clause 4: responsibilities.', 'inspection'),
    item('IEC-4-EXPERTISE', 'General (clause 4)', 'Security expertise of people in their roles defined and kept', 'IEC 81001-5-1 clause 4: expertise.', 'inspection'),
    item('IEC-4-RISK', 'General (clause 4)', 'Security risk management process in place', 'IEC 81001-5-1 clause 4: security risk management.', 'inspection'),
    item('IEC-4-THIRD-PARTY', 'General (clause 4)', 'Third-party software items identified and managed', 'IEC 81001-5-1 clause 4: third-party software items.', 'analysis', 'sbom'),
    item('IEC-4-IMPROVEMENT', 'General (clause 4)', 'Continuous improvement, disclosure and periodic review of security defects', 'IEC 81001-5-1 clause 4: continuous improvement, disclosure/periodic defect review.', 'inspection'),
    item('IEC-5-PLANNING', 'Development (clause 5)', 'Software development planning includes security activities', 'IEC 81001-5-1 clause 5: planning.', 'inspection'),
    item('IEC-5-REQUIREMENTS', 'Development (clause 5)', 'Health software security requirements', 'IEC 81001-5-1 clause 5: requirements.', 'inspection'),
    item('IEC-5-ARCHITECTURE', 'Development (clause 5)', 'Software architecture with security (defence in depth, trust boundaries)', 'IEC 81001-5-1 clause 5: architecture.', 'inspection'),
    item('IEC-5-DESIGN', 'Development (clause 5)', 'Secure software design', 'IEC 81001-5-1 clause 5: design.', 'inspection'),
    item('IEC-5-IMPLEMENTATION', 'Development (clause 5)', 'Secure unit implementation and verification (secure coding, static analysis)', 'IEC 81001-5-1 clause 5: unit implementation and verification.', 'analysis'),
    item('IEC-5-INTEGRATION', 'Development (clause 5)', 'Security integration testing', 'IEC 81001-5-1 clause 5: integration testing.', 'test'),
    item('IEC-5-REQUIREMENTS-TESTING', 'Development (clause 5)', 'System testing of security requirements', 'IEC 81001-5-1 clause 5: system testing — security requirements testing.', 'test'),
    item('IEC-5-THREAT-MITIGATION-TESTING', 'Development (clause 5)', 'Threat mitigation testing', 'IEC 81001-5-1 clause 5: system testing — threat mitigation testing.', 'test'),
    item('IEC-5-VULNERABILITY-TESTING', 'Development (clause 5)', 'Vulnerability testing', 'IEC 81001-5-1 clause 5: system testing — vulnerability testing.', 'test'),
    item('IEC-5-PENETRATION-TESTING', 'Development (clause 5)', 'Penetration testing with tester independence', 'IEC 81001-5-1 clause 5: system testing — penetration testing and tester independence.', 'test'),
    item('IEC-5-RELEASE', 'Development (clause 5)', 'Release: file integrity and private-key controls', 'IEC 81001-5-1 clause 5: release incl. file integrity and private-key controls.', 'inspection'),
    item('IEC-6-MAINTENANCE-PLAN', 'Maintenance (clause 6)', 'Software maintenance plan with timely security updates', 'IEC 81001-5-1 clause 6: maintenance plan, timely security updates.', 'inspection'),
    item('IEC-6-MONITORING', 'Maintenance (clause 6)', 'Monitoring of public incident and vulnerability reports', 'IEC 81001-5-1 clause 6: monitoring public incident/vulnerability reports.', 'analysis', 'findings'),
    item('IEC-7-RISK-MANAGEMENT', 'Security risk management (clause 7)', 'Threats and vulnerabilities identified, risk estimated, evaluated, controlled and monitored', 'IEC 81001-5-1 clause 7: context, identification, estimation/evaluation, control, monitoring of effectiveness.', 'analysis'),
    item('IEC-8-CONFIGURATION', 'Configuration management (clause 8)', 'Configuration management of the health software', 'IEC 81001-5-1 clause 8.', 'inspection'),
    item('IEC-9-PROBLEM-RESOLUTION', 'Problem resolution (clause 9)', 'Vulnerability reports received, reviewed, analysed and addressed', 'IEC 81001-5-1 clause 9.', 'inspection'),
  ],
};

const FDA_CONTROLS: CatalogSet = {
  id: 'fda-premarket',
  name: 'FDA premarket security control categories',
  version: 'FDA premarket cybersecurity guidance (Sep 2023, rev. Jun 2025) Appendix 1 · Vigil catalog 1',
  description: 'The security control categories of FDA’s premarket guidance, Appendix 1.',
  items: [
    item('FDA-SC-AUTHENTICATION', 'Security controls', 'Authentication', 'FDA premarket guidance Appendix 1: authentication.', 'test'),
    item('FDA-SC-AUTHORIZATION', 'Security controls', 'Authorization', 'FDA premarket guidance Appendix 1: authorization.', 'test'),
    item('FDA-SC-CRYPTOGRAPHY', 'Security controls', 'Cryptography', 'FDA premarket guidance Appendix 1: cryptography.', 'test'),
    item('FDA-SC-INTEGRITY', 'Security controls', 'Code, data and execution integrity', 'FDA premarket guidance Appendix 1: code, data and execution integrity.', 'test'),
    item('FDA-SC-CONFIDENTIALITY', 'Security controls', 'Confidentiality', 'FDA premarket guidance Appendix 1: confidentiality.', 'test'),
    item('FDA-SC-LOGGING', 'Security controls', 'Event detection and logging', 'FDA premarket guidance Appendix 1: event detection and logging.', 'test'),
    item('FDA-SC-RESILIENCY', 'Security controls', 'Resiliency and recovery', 'FDA premarket guidance Appendix 1: resiliency and recovery.', 'test'),
    item('FDA-SC-UPDATABILITY', 'Security controls', 'Updatability and patchability', 'FDA premarket guidance Appendix 1: updatability and patchability.', 'test'),
  ],
};

export const CATALOG_SETS: readonly CatalogSet[] = [JSP_DESIGN, IEC_81001, FDA_CONTROLS, JSP_LABELING];
export const CATALOG_SET_IDS = CATALOG_SETS.map((s) => s.id) as [string, ...string[]];

export function catalogSet(id: string): CatalogSet | undefined {
  return CATALOG_SETS.find((s) => s.id === id);
}

/** The refs whose rows make up the customer-facing security documentation section of the package. */
export const LABELING_SET = JSP_LABELING.id;
