import { systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { addCatalogSet, importEvidence, saveThreatModel } from '../premarket/service.js';
import type { ThreatModel } from '../premarket/threat-model.js';

/**
 * Demo premarket records for the CardioWatch bedside monitor and its 4.6.0 release (the one with
 * an SBOM and findings): the JSP design-control and FDA control-category sets, a STRIDE threat
 * model whose threats link the Log4Shell and Heartbleed risk items of src/modules/demo/risk.ts
 * and whose mitigations become requirements SEC-REQ-001/003/004, and two small evidence files
 * (a Semgrep SARIF log and a JUnit report) written inline, so the matrix shows verified, failed
 * and not-verified rows. Loaded once: a product that already has requirements is left alone.
 */
export const DEMO_PREMARKET_PRODUCT = 'CardioWatch bedside monitor';
export const DEMO_PREMARKET_RELEASE = '4.6.0';

const LOG4SHELL = 'Log4Shell: remote code execution on the CardioWatch 4.6.0 gateway';
const HEARTBLEED = 'Heartbleed: memory disclosure from the CardioWatch 4.6.0 gateway';

function threatModel(log4shell: string | undefined, heartbleed: string | undefined): ThreatModel {
  const risks = (id: string | undefined) => (id ? { riskItemIds: [id] } : {});
  return {
    format: 'vigil-threat-model',
    formatVersion: 1,
    title: 'CardioWatch CW-200 monitoring system',
    scope: 'Bedside monitor, its HL7 gateway on the clinical VLAN, and the hospital systems it talks to.',
    boundaries: [
      { id: 'bedside', name: 'Bedside device', description: 'The monitor itself: firmware and local service port.' },
      { id: 'clinical-vlan', name: 'Clinical VLAN', description: 'Isolated network segment for monitors and the gateway.' },
      { id: 'hospital-lan', name: 'Hospital network', description: 'Central station and interface engine, managed by hospital IT.' },
    ],
    assets: [
      { id: 'monitor', name: 'CW-200 monitor firmware', kind: 'device', boundary: 'bedside' },
      { id: 'vitals', name: 'Vital signs and alarms', kind: 'data', boundary: 'bedside' },
      { id: 'gateway', name: 'HL7 gateway (Java, log4j)', kind: 'software', boundary: 'clinical-vlan' },
      { id: 'central', name: 'Central station', kind: 'external', boundary: 'hospital-lan' },
      { id: 'ehr', name: 'EHR interface engine', kind: 'external', boundary: 'hospital-lan' },
    ],
    interfaces: [
      { id: 'if-vitals', name: 'Vitals stream', from: 'monitor', to: 'gateway', protocol: 'TCP 6100' },
      { id: 'if-hl7', name: 'HL7 alarms to central station', from: 'gateway', to: 'central', protocol: 'HL7 v2 / MLLP over TLS' },
      { id: 'if-ehr', name: 'ORU results to the EHR', from: 'gateway', to: 'ehr', protocol: 'HL7 v2 / MLLP' },
    ],
    threats: [
      {
        id: 'T-01',
        title: 'JNDI lookup in a logged HL7 field runs code on the gateway',
        stride: ['tampering', 'elevation_of_privilege'],
        targets: ['if-hl7', 'gateway'],
        hazard: 'Alarms forwarded to the central station are suppressed or delayed.',
        harm: 'A missed arrhythmia alarm: permanent impairment or death.',
        ...risks(log4shell),
        mitigations: ['M-01'],
      },
      {
        id: 'T-02',
        title: 'Malformed TLS heartbeats leak the gateway key',
        stride: ['information_disclosure', 'spoofing'],
        targets: ['gateway'],
        hazard: 'An attacker impersonates the central station.',
        harm: 'Falsified vital signs shown to clinicians.',
        ...risks(heartbleed),
        mitigations: ['M-02'],
      },
      { id: 'T-03', title: 'Rogue device on the clinical VLAN forges a vitals stream', stride: ['spoofing'], targets: ['if-vitals'], hazard: 'Wrong vital signs on the central station.', mitigations: ['M-02'] },
      { id: 'T-04', title: 'Tampered firmware image installed through the service port', stride: ['tampering'], targets: ['monitor'], mitigations: ['M-03'] },
      { id: 'T-05', title: 'Alarm flood overwhelms the central station', stride: ['denial_of_service'], targets: ['if-hl7'], mitigations: [] },
    ],
    mitigations: [
      { id: 'M-01', title: 'Logged input never evaluates lookups', description: 'log4j-core 2.17.1 with message lookups disabled; HL7 fields are logged as data only.', requirement: 'SEC-REQ-003' },
      { id: 'M-02', title: 'Gateway listeners require mutual TLS', description: 'Monitors and the central station present certificates from the site CA; OpenSSL kept current.', requirement: 'SEC-REQ-001' },
      { id: 'M-03', title: 'Firmware updates are signed and verified', description: 'The bootloader refuses images without a valid Acme signature.', requirement: 'SEC-REQ-004' },
    ],
  };
}

/** Semgrep on the 4.6.0 gateway: the log4j lookup rule fires (SEC-REQ-003 fails); the TLS and credentials rules are clean. */
const SARIF = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: {
          name: 'Semgrep OSS',
          semanticVersion: '1.85.0',
          informationUri: 'https://semgrep.dev',
          rules: [
            { id: 'java.log4j.security.log4j-message-lookup-injection', shortDescription: { text: 'User input reaches a log4j logger that evaluates lookups' }, defaultConfiguration: { level: 'error' }, properties: { tags: ['security', 'CWE-917'], requirements: ['SEC-REQ-003'] } },
            { id: 'java.lang.security.audit.weak-ssl-context', shortDescription: { text: 'SSLContext allows protocols older than TLS 1.2' }, defaultConfiguration: { level: 'error' }, properties: { tags: ['security', 'CWE-326'], requirements: ['SEC-REQ-001'] } },
            { id: 'java.lang.security.audit.hardcoded-credentials', shortDescription: { text: 'Hard-coded credential' }, defaultConfiguration: { level: 'error' }, properties: { tags: ['security', 'CWE-798', 'JSP-DES-07'] } },
          ],
        },
      },
      results: [
        {
          ruleId: 'java.log4j.security.log4j-message-lookup-injection',
          ruleIndex: 0,
          level: 'error',
          message: { text: 'PID-5 (patient name) from the inbound HL7 message is logged with log4j-core 2.14.1, which evaluates JNDI lookups in logged text.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/main/java/com/acme/cw/hl7/InboundHandler.java' }, region: { startLine: 88, startColumn: 9 } } }],
        },
      ],
    },
  ],
};

/** The 4.6.0 gateway's security regression run: session timeout fails (FDA authentication), the rest pass. */
const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="cardiowatch-gateway 4.6.0 security regression" tests="4" failures="1" errors="0" time="6.42">
  <testsuite name="com.acme.cw.security" tests="4" failures="1" errors="0" skipped="0" time="6.42" timestamp="2015-04-20T10:02:11">
    <testcase classname="com.acme.cw.security.TlsTest" name="listenerRequiresClientCertificate[SEC-REQ-001]" time="1.90"/>
    <testcase classname="com.acme.cw.security.UpdateTest" name="rejectsUnsignedImage[SEC-REQ-004]" time="2.10"/>
    <testcase classname="com.acme.cw.security.AuditLogTest" name="failedLoginsAreLogged" time="0.84">
      <properties><property name="requirement" value="FDA-SC-LOGGING"/></properties>
    </testcase>
    <testcase classname="com.acme.cw.security.SessionTest" name="serviceSessionTimesOutAfterFiveMinutes" time="1.58">
      <properties><property name="requirement" value="FDA-SC-AUTHENTICATION"/></properties>
      <failure message="expected session to expire after 300 s, still valid at 900 s" type="java.lang.AssertionError">java.lang.AssertionError: expected session to expire after 300 s, still valid at 900 s
	at com.acme.cw.security.SessionTest.serviceSessionTimesOutAfterFiveMinutes(SessionTest.java:41)</failure>
    </testcase>
  </testsuite>
</testsuites>
`;

export async function loadDemoPremarket(db: Db, orgId: string): Promise<boolean> {
  const release = await db
    .selectFrom('releases as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['r.id', 'p.id as product_id'])
    .where('r.org_id', '=', orgId)
    .where('p.name', '=', DEMO_PREMARKET_PRODUCT)
    .where('r.version', '=', DEMO_PREMARKET_RELEASE)
    .executeTakeFirst();
  if (!release) return false;
  const done = await db.selectFrom('premarket_requirements').select('id').where('product_id', '=', release.product_id).limit(1).executeTakeFirst();
  if (done) return false;
  const ctx = systemContext(orgId);
  const risks = await db.selectFrom('risk_items').select(['id', 'title']).where('org_id', '=', orgId).where('product_id', '=', release.product_id).where('title', 'in', [LOG4SHELL, HEARTBLEED]).execute();
  const riskId = (title: string) => risks.find((r) => r.title === title)?.id;
  await addCatalogSet(db, ctx, release.product_id, 'jsp-design');
  await addCatalogSet(db, ctx, release.product_id, 'fda-premarket');
  await saveThreatModel(db, ctx, release.product_id, null, threatModel(riskId(LOG4SHELL), riskId(HEARTBLEED)));
  await importEvidence(db, ctx, release.id, Buffer.from(`${JSON.stringify(SARIF, null, 2)}\n`), 'cardiowatch-gateway-4.6.0.semgrep.sarif');
  await importEvidence(db, ctx, release.id, Buffer.from(JUNIT), 'cardiowatch-gateway-4.6.0-security-tests.xml');
  return true;
}
