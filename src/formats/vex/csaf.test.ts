import { describe, expect, it } from 'vitest';
import { parseCsafVex } from './csaf-read.js';
import { validateCsaf } from './csaf-validate.js';
import { toCsafVex } from './csaf-write.js';
import type { Vex } from './model.js';
import { errors, fixture, mutated, richModel, statement, vexOf } from './test-support.js';

const FIXTURE = 'gateway.csaf.json';
const gateway310 = { ref: 'gateway-3.1.0', purl: 'pkg:generic/acme/infusion-gateway@3.1.0', name: 'Acme Infusion Gateway', version: '3.1.0' };

describe('parseCsafVex', async () => {
  const r = await parseCsafVex(fixture(FIXTURE));

  it('reads the document, its tracking and revision history', () => {
    expect(r.issues).toEqual([]);
    expect(r.document).toEqual({
      id: 'ACME-VEX-2021-0007',
      author: 'Acme Medical Product Security',
      authorRole: 'vendor',
      authorUrl: 'https://acme-medical.example',
      timestamp: '2021-12-13T10:00:00Z',
      lastUpdated: '2021-12-20T16:30:00Z',
      version: 2,
      tooling: 'vexgen 1.2.0',
      title: 'Acme Infusion Gateway: Log4j and jackson-databind',
      status: 'final',
      tlp: 'WHITE',
      notes: [{ category: 'summary', title: 'Summary', text: 'Exploitability of the Log4j and jackson-databind vulnerabilities in the Acme Infusion Gateway.' }],
      revisions: [
        { number: '1', date: '2021-12-13T10:00:00Z', summary: 'Initial version.' },
        { number: '2', date: '2021-12-20T16:30:00Z', summary: '3.1.1 released with log4j-core 2.17.1.' },
      ],
    });
  });

  it('reads the relationship as product and subcomponent, with remediations, impact threat and score', () => {
    expect(r.statements[0]).toEqual({
      vulnerability: {
        id: 'CVE-2021-44228',
        aliases: [{ id: 'GHSA-jfh8-c2jp-5v3q', system: 'GitHub' }],
        description: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints.',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      },
      products: [{ ...gateway310, subcomponents: [{ ref: 'log4j-core-2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', name: 'log4j-core', version: '2.14.1' }] }],
      state: 'exploitable',
      responses: ['update', 'workaround_available'],
      detail: 'Patient name fields of HL7 messages are logged through log4j-core; a crafted value reaches a JNDI lookup.',
      actionStatement: 'Update the gateway to 3.1.1, which ships log4j-core 2.17.1.',
      actionStatementTimestamp: '2021-12-20T16:30:00Z',
      workaround: 'Block outbound LDAP and RMI from the device network segment until the update is installed.',
      firstIssued: '2021-12-13T10:00:00Z',
      ratings: [{ method: 'CVSSv31', score: 10, severity: 'critical', vector: 'AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
      notes: [],
      history: [],
    });
  });

  it('groups the products of one vulnerability by status and flag', () => {
    expect(r.statements.map((s) => [s.vulnerability.id, s.state, s.cisaJustification, s.products.map((p) => p.ref)])).toEqual([
      ['CVE-2021-44228', 'exploitable', undefined, ['gateway-3.1.0']],
      ['CVE-2021-44228', 'resolved', undefined, ['gateway-3.1.1']],
      ['CVE-2021-44228', 'not_affected', 'component_not_present', ['gateway-2.x']],
      ['CVE-2020-25649', 'not_affected', 'vulnerable_code_not_in_execute_path', ['gateway-3.1.0']],
      ['CVE-2021-45105', 'in_triage', undefined, ['gateway-3.1.0']],
    ]);
    expect(r.statements[2]?.products[0]).toEqual({ ref: 'gateway-2.x', name: 'Acme Infusion Gateway', range: 'vers:generic/>=2.0.0|<3.0.0', subcomponents: [] });
  });

  it('refuses known_not_affected without flag or impact threat (mandatory test 6.1.27.9)', async () => {
    const bad = await parseCsafVex(fixture('bad/known-not-affected-without-flag.csaf.json'));
    expect(bad.document).toBeUndefined();
    expect(bad.issues).toEqual([
      {
        severity: 'error',
        code: 'csaf-6.1.27.9',
        location: '/vulnerabilities/1/product_status/known_not_affected/0',
        message: 'no suitable impact statement found (CSAF mandatory test 6.1.27.9)',
      },
    ]);
  });

  it('refuses known_affected without remediation (mandatory test 6.1.27.10)', async () => {
    const bad = await parseCsafVex(fixture('bad/known-affected-without-remediation.csaf.json'));
    expect(errors(bad)).toEqual(['csaf-6.1.27.10 /vulnerabilities/0/product_status/known_affected/0']);
  });

  it('refuses a product with two statuses (mandatory test 6.1.6)', async () => {
    const bad = await parseCsafVex(mutated(FIXTURE, ['/vulnerabilities/2/product_status/known_affected', ['gateway-3.1.0']]));
    expect(errors(bad)).toContain('csaf-6.1.6 /vulnerabilities/2/product_status');
  });

  it('refuses a flag on an affected product', async () => {
    const bad = await parseCsafVex(mutated(FIXTURE, ['/vulnerabilities/0/flags/0/product_ids', ['gateway-2.x', 'gateway-3.1.1']]));
    expect(errors(bad)).toEqual(['justification-without-not-affected /vulnerabilities/0']);
  });

  it('refuses other profiles, other versions and schema violations', async () => {
    expect(errors(await parseCsafVex(mutated(FIXTURE, ['/document/category', 'csaf_security_advisory'])))).toEqual(['not-csaf-vex /document/category']);
    expect(errors(await parseCsafVex(mutated(FIXTURE, ['/document/csaf_version', '2.1'])))).toEqual(['not-csaf /']);
    const schema = await parseCsafVex(mutated(FIXTURE, ['/vulnerabilities/1/flags/0/label', 'code_not_reachable']));
    expect(schema.issues[0]).toMatchObject({ severity: 'error', code: 'schema', location: '/vulnerabilities/1/flags/0/label' });
  });
});

describe('toCsafVex', () => {
  it('writes a document that passes the CSAF schema and every mandatory test and reads back to the same model', async () => {
    const read = await parseCsafVex(fixture(FIXTURE));
    const written = toCsafVex(vexOf(read));
    expect(written.issues).toEqual([]);
    expect(written.lost).toEqual([]);
    expect(await validateCsaf(written.document)).toEqual([]);
    const back = await parseCsafVex(JSON.stringify(written.document));
    expect(back.document).toEqual(read.document);
    expect(back.statements).toEqual(read.statements);
  });

  it('writes flags, impact threats, remediations and scores from the model', async () => {
    const written = toCsafVex(richModel());
    expect(written.issues).toEqual([]);
    expect(await validateCsaf(written.document)).toEqual([]);
    const vulns = written.document?.['vulnerabilities'] as Record<string, unknown>[];
    expect(vulns.map((v) => v['cve'])).toEqual(['CVE-2021-44228', 'CVE-2020-25649', 'CVE-2021-45105']);
    expect(vulns[0]?.['product_status']).toEqual({ known_affected: ['gateway-3.1.0:log4j-core-2.14.1'], known_not_affected: ['gateway-2.4.0'], fixed: ['gateway-3.1.1'] });
    expect(vulns[0]?.['flags']).toEqual([{ date: '2021-12-13T10:00:00Z', label: 'component_not_present', product_ids: ['gateway-2.4.0'] }]);
    expect(vulns[0]?.['remediations']).toEqual([
      { category: 'vendor_fix', date: '2021-12-20T16:30:00Z', details: 'Update the gateway to 3.1.1, which ships log4j-core 2.17.1.', product_ids: ['gateway-3.1.0:log4j-core-2.14.1'] },
      { category: 'workaround', date: '2021-12-20T16:30:00Z', details: 'Block outbound LDAP and RMI from the device network segment until the update is installed.', product_ids: ['gateway-3.1.0:log4j-core-2.14.1'] },
    ]);
    expect(vulns[1]?.['flags']).toEqual([{ date: '2021-01-05T08:00:00Z', label: 'inline_mitigations_already_exist', product_ids: ['gateway-3.1.0:jackson-databind-2.10.0'] }]);
    expect(vulns[1]?.['scores']).toEqual([
      { cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', baseScore: 7.5, baseSeverity: 'HIGH' }, products: ['gateway-3.1.0:jackson-databind-2.10.0'] },
    ]);
  });

  it('lists what CSAF cannot carry', () => {
    const written = toCsafVex(richModel());
    expect(written.lost.map((l) => l.location)).toEqual([
      '/statements/0/statusNotes',
      '/statements/0/lastUpdated',
      '/statements/0/ratings/0',
      '/statements/0/history',
      '/statements/0/id',
      '/statements/4/state',
      '/statements/0/vulnerability/sourceName',
      '/statements/2/justification',
      '/statements/2/ratings/0',
      '/statements/3/firstIssued',
    ]);
  });

  it('writes a CycloneDX-only model: generated product ids, a status note, responses in the schema\'s words', async () => {
    const vex: Vex = {
      document: { id: 'ACME-VEX-2022-0001', author: 'Acme Medical Product Security', authorRole: 'Document Creator', timestamp: '2022-03-03T00:00:00Z', version: 1, notes: [], revisions: [] },
      statements: [
        statement({
          vulnerability: { id: 'CVE-2021-44228', aliases: [] },
          state: 'exploitable',
          responses: ['will_not_fix', 'update'],
          products: [{ purl: 'pkg:generic/example/def@1.0', name: 'DEF', version: '1.0', subcomponents: [] }],
        }),
      ],
    };
    const written = toCsafVex(vex, { publisherNamespace: 'https://example.com' });
    expect(written.issues).toEqual([]);
    expect(await validateCsaf(written.document)).toEqual([]);
    const v = (written.document?.['vulnerabilities'] as Record<string, unknown>[])[0];
    expect(v?.['notes']).toEqual([{ category: 'summary', title: 'VEX status', text: 'CVE-2021-44228 is affected in DEF 1.0.' }]);
    expect(v?.['remediations']).toEqual([
      { category: 'no_fix_planned', details: 'Will not fix', product_ids: ['CSAFPID-0001'] },
      { category: 'vendor_fix', details: 'Update to a different revision or release', product_ids: ['CSAFPID-0001'] },
    ]);
    expect(written.lost.map((l) => l.reason)).toEqual(['author role "Document Creator" is not a CSAF publisher category; written as other', 'CSAF requires a title; written as "VEX <document id>"']);
  });

  it('refuses what CSAF requires and the model lacks', () => {
    const vex: Vex = {
      document: { id: 'ACME-VEX-2022-0002', author: 'Acme Medical Product Security', timestamp: '2022-03-03T00:00:00Z', version: 3, notes: [], revisions: [] },
      statements: [statement({ vulnerability: { id: 'CVE-2021-44228', aliases: [] }, state: 'exploitable', products: [{ name: 'DEF', subcomponents: [] }] })],
    };
    expect(errors(toCsafVex(vex))).toEqual([
      'missing-publisher-namespace /document/authorUrl',
      'missing-revision-history /document/revisions',
      'missing-action-statement /statements/0',
    ]);
  });
});
