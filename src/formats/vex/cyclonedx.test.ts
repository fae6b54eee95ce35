import { describe, expect, it } from 'vitest';
import { strictValidate } from '../cyclonedx/test-support.js';
import { parseCycloneDxVex } from './cyclonedx-read.js';
import { toCycloneDxVex } from './cyclonedx-write.js';
import { errors, fixture, mutated, richModel, statement, vexOf } from './test-support.js';

const FIXTURE = 'gateway.cdx-1.6.json';
const gateway = { ref: 'infusion-gateway', name: 'Acme Infusion Gateway', purl: 'pkg:generic/acme/infusion-gateway', cpe: 'cpe:2.3:h:acme:infusion_gateway:*:*:*:*:*:*:*:*' };

describe('parseCycloneDxVex', () => {
  const r = parseCycloneDxVex(fixture(FIXTURE));

  it('reads the document metadata, with the author role from its property', () => {
    expect(r.issues).toEqual([]);
    expect(r.document).toEqual({
      id: 'urn:uuid:8a1c6e2e-5d0b-4c1e-9f51-2b7f0c7e4a10',
      author: 'Acme Medical Product Security',
      authorRole: 'vendor',
      timestamp: '2022-01-10T09:00:00Z',
      version: 2,
      tooling: 'vexgen 1.2.0',
      notes: [],
      revisions: [],
    });
  });

  it('reads one statement per vulnerability, with analysis, recommendation, workaround, ratings and annotations', () => {
    expect(r.statements).toHaveLength(5);
    expect(r.statements[0]).toEqual({
      id: 'vex-log4shell-3.1.0',
      vulnerability: {
        id: 'CVE-2021-44228',
        aliases: [{ id: 'GHSA-jfh8-c2jp-5v3q', system: 'GitHub' }],
        description:
          'Apache Log4j2 2.0-beta9 through 2.15.0 (excluding security releases 2.12.2, 2.12.3, and 2.3.1) JNDI features used in configuration, log messages, and parameters do not protect against attacker controlled LDAP and other JNDI related endpoints.',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
        sourceName: 'NVD',
      },
      products: [{ ...gateway, version: '3.1.0', subcomponents: [] }],
      state: 'exploitable',
      responses: ['update', 'workaround_available'],
      detail: 'The gateway logs HL7 message fields with log4j-core 2.14.1; a crafted patient name reaches a JNDI lookup.',
      actionStatement: 'Update the gateway to 3.1.1, which ships log4j-core 2.17.1.',
      workaround: 'Block outbound LDAP and RMI from the device network segment until the update is installed.',
      firstIssued: '2021-12-13T10:00:00Z',
      lastUpdated: '2021-12-20T16:30:00Z',
      ratings: [{ method: 'CVSSv31', score: 10, severity: 'critical', vector: 'AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', sourceName: 'NVD' }],
      notes: [],
      history: [
        { timestamp: '2021-12-13T10:00:00Z', author: 'Acme Medical Product Security', text: 'Opened after the Apache Log4j security bulletin; patient-facing fields flow into log messages.' },
        { timestamp: '2021-12-20T16:30:00Z', author: 'J. Rivera', text: 'Fix verified on the 3.1.1 release candidate.' },
      ],
    });
  });

  it('reads each affected version or range as a product of its own', () => {
    expect(r.statements.map((s) => [s.vulnerability.id, s.state, s.justification, s.products.map((p) => p.version ?? p.range)])).toEqual([
      ['CVE-2021-44228', 'exploitable', undefined, ['3.1.0']],
      ['CVE-2021-44228', 'not_affected', 'code_not_present', ['vers:generic/>=2.0.0|<3.0.0']],
      ['CVE-2021-44228', 'resolved', undefined, ['3.1.1']],
      ['CVE-2020-25649', 'not_affected', 'code_not_reachable', ['3.1.0']],
      ['CVE-2021-45105', 'in_triage', undefined, ['3.1.0']],
    ]);
  });

  it('reads CycloneDX 1.4 (tools as an array, product in metadata.component)', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.4',
      version: 1,
      metadata: {
        timestamp: '2022-03-03T00:00:00Z',
        tools: [{ vendor: 'Acme', name: 'vexgen', version: '1.0.0' }],
        component: { type: 'application', 'bom-ref': 'product-ABC', name: 'ABC', version: '4.2' },
      },
      vulnerabilities: [
        {
          id: 'CVE-2021-44228',
          analysis: { state: 'not_affected', justification: 'code_not_present', response: ['will_not_fix'], detail: 'Class with vulnerable code was removed before shipping.' },
          affects: [{ ref: 'product-ABC' }],
        },
      ],
    };
    const read = parseCycloneDxVex(JSON.stringify(bom));
    expect(errors(read)).toEqual([]);
    expect(read.document?.tooling).toBe('Acme vexgen 1.0.0');
    expect(read.statements[0]?.products).toEqual([{ ref: 'product-ABC', name: 'ABC', version: '4.2', subcomponents: [] }]);
    expect(read.statements[0]?.responses).toEqual(['will_not_fix']);
    // No serial number, author or author role: the CISA minimum elements are named.
    expect(read.issues).toEqual([{ severity: 'warning', code: 'cisa-minimum', location: '/', message: 'missing CISA minimum document elements: document id, author, author role' }]);
  });

  it('refuses what is not CycloneDX VEX', () => {
    expect(errors(parseCycloneDxVex('{"bomFormat": '))).toEqual(['invalid-json /']);
    expect(errors(parseCycloneDxVex('{"bomFormat":"SPDX"}'))).toEqual(['not-cyclonedx /']);
    expect(errors(parseCycloneDxVex(mutated(FIXTURE, ['/specVersion', '1.3'])))).toEqual(['unsupported-version /specVersion']);
    expect(errors(parseCycloneDxVex(mutated(FIXTURE, ['/vulnerabilities', undefined], ['/annotations', undefined])))).toEqual(['not-vex /vulnerabilities']);
  });

  it('refuses a schema-invalid document at the pointer of the error', () => {
    const r2 = parseCycloneDxVex(mutated(FIXTURE, ['/vulnerabilities/3/analysis/state', 'unexploitable']));
    expect(r2.document).toBeUndefined();
    expect(r2.issues[0]).toMatchObject({ severity: 'error', code: 'schema', location: '/vulnerabilities/3/analysis/state' });
  });

  it('refuses not_affected without justification or detail (CISA minimum)', () => {
    const r2 = parseCycloneDxVex(fixture('bad/not-affected-without-justification.cdx.json'));
    expect(errors(r2)).toEqual(['missing-justification /vulnerabilities/0']);
  });

  it('accepts not_affected with a detail but no justification (the detail is the impact statement)', () => {
    expect(errors(parseCycloneDxVex(mutated(FIXTURE, ['/vulnerabilities/1/analysis/justification', undefined])))).toEqual([]);
  });

  it('refuses a justification on an exploitable statement', () => {
    expect(errors(parseCycloneDxVex(mutated(FIXTURE, ['/vulnerabilities/0/analysis/justification', 'code_not_reachable'])))).toEqual([
      'justification-without-not-affected /vulnerabilities/0',
    ]);
  });

  it('refuses a version status contradicting the analysis', () => {
    expect(errors(parseCycloneDxVex(mutated(FIXTURE, ['/vulnerabilities/3/affects/0/versions/0/status', 'affected'])))).toEqual([
      'version-status-conflict /vulnerabilities/3/affects/0/versions/0/status',
    ]);
  });

  it('refuses two statuses for one vulnerability and product at the same time', () => {
    // The third entry (resolved, 3.1.1) now names 3.1.0 at the first entry's time.
    const r2 = parseCycloneDxVex(
      mutated(FIXTURE, ['/vulnerabilities/2/affects/0/versions/0/version', '3.1.0'], ['/vulnerabilities/2/analysis/firstIssued', undefined], ['/vulnerabilities/0/analysis/lastUpdated', undefined], ['/vulnerabilities/0/analysis/firstIssued', undefined]),
    );
    expect(errors(r2)).toEqual(['contradictory-statements /vulnerabilities/2']);
    expect(r2.issues.find((i) => i.severity === 'error')?.message).toBe(
      'CVE-2021-44228 for pkg:generic/acme/infusion-gateway version 3.1.0 is resolved here but exploitable at /vulnerabilities/0, with the same timestamp (2022-01-10T09:00:00Z)',
    );
  });

  it('reads a later statement about the same product as a sequence, with a warning', () => {
    // Entry 0 was last updated 2021-12-20T16:30:00Z; entry 2 now speaks of 3.1.0 the next day.
    const r2 = parseCycloneDxVex(mutated(FIXTURE, ['/vulnerabilities/2/affects/0/versions/0/version', '3.1.0'], ['/vulnerabilities/2/analysis/firstIssued', '2021-12-21T08:00:00Z']));
    expect(errors(r2)).toEqual([]);
    expect(r2.issues.map((i) => `${i.code} ${i.location ?? ''}`)).toEqual(['superseded-statement /vulnerabilities/2']);
  });

  it('warns about analysis-less vulnerabilities, unresolved refs and statements without products', () => {
    const r2 = parseCycloneDxVex(
      mutated(FIXTURE, ['/vulnerabilities/4/analysis', undefined], ['/vulnerabilities/3/affects/0/ref', 'jackson-databind'], ['/vulnerabilities/2/affects', undefined]),
    );
    expect(r2.issues.map((i) => `${i.severity} ${i.code} ${i.location ?? ''}`)).toEqual([
      'warning unresolved-ref /vulnerabilities/3/affects/0/ref',
      'warning no-analysis /vulnerabilities/4',
      'warning no-product /vulnerabilities/2',
    ]);
    expect(r2.statements).toHaveLength(4);
  });
});

describe('toCycloneDxVex', () => {
  it('writes a BOM the CycloneDX library\'s strict 1.6 validator accepts and that reads back to the same model', async () => {
    const read = parseCycloneDxVex(fixture(FIXTURE));
    const written = toCycloneDxVex(vexOf(read));
    expect(written.issues).toEqual([]);
    expect(written.lost).toEqual([]);
    expect(await strictValidate(JSON.stringify(written.document), '1.6')).toBeNull();
    const back = parseCycloneDxVex(JSON.stringify(written.document));
    expect(back.document).toEqual(read.document);
    expect(back.statements).toEqual(read.statements);
  });

  it('writes versions with the status the state implies, and BOM-Link products as bare refs', async () => {
    const link = 'urn:cdx:cbb2cd68-2857-43b8-a10b-e8c03d277d18/1#product-ABC';
    const vex = {
      document: { id: 'urn:uuid:0e6d3dc1-e185-56ee-aa33-e343464392fe', author: 'Example Company', authorRole: 'vendor', timestamp: '2022-03-03T00:00:00Z', version: 1, notes: [], revisions: [] },
      statements: [
        statement({
          vulnerability: { id: 'CVE-2021-44228', aliases: [] },
          state: 'in_triage',
          products: [{ ref: link, version: '2.4', subcomponents: [] }, { ref: link, range: 'vers:generic/>=2.9|<=4.1', subcomponents: [] }],
        }),
      ],
    };
    const written = toCycloneDxVex(vex);
    expect(written.document?.['components']).toBeUndefined();
    expect(written.document?.['vulnerabilities']).toEqual([
      { id: 'CVE-2021-44228', analysis: { state: 'in_triage' }, affects: [{ ref: link, versions: [{ version: '2.4', status: 'unknown' }, { range: 'vers:generic/>=2.9|<=4.1', status: 'unknown' }] }] },
    ]);
    expect(await strictValidate(JSON.stringify(written.document), '1.6')).toBeNull();
    expect(parseCycloneDxVex(JSON.stringify(written.document)).statements).toEqual(vex.statements);
  });

  it('lists what CycloneDX cannot carry', () => {
    const written = toCycloneDxVex(richModel());
    expect(written.issues).toEqual([]);
    expect(written.lost.map((l) => l.location)).toEqual([
      '/document/lastUpdated',
      '/document/authorUrl',
      '/document/title',
      '/document/status',
      '/document/tlp',
      '/document/notes',
      '/statements/0/statusNotes',
      '/statements/0/actionStatementTimestamp',
      '/statements/0/notes',
      '/statements/0/products/0/subcomponents',
      '/statements/1/cisaJustification',
      '/statements/2/products/0/subcomponents',
    ]);
    expect(written.lost.find((l) => l.location === '/statements/1/cisaJustification')?.reason).toBe(
      'justification component_not_present is written as code_not_present, which reads back as vulnerable_code_not_present',
    );
  });

  it('keeps the history as annotations of the vulnerability', () => {
    const written = toCycloneDxVex(richModel());
    expect(written.document?.['annotations']).toEqual([
      {
        subjects: ['https://vex.acme-medical.example/statements/log4shell-3.1.0'],
        annotator: { organization: { name: 'J. Rivera' } },
        timestamp: '2021-12-14T09:00:00Z',
        text: 'Reproduced with a crafted patient name.',
      },
    ]);
  });

  it('writes CycloneDX 1.5 with the same VEX content, accepted by the strict 1.5 validator', async () => {
    const six = toCycloneDxVex(richModel());
    const five = toCycloneDxVex(richModel(), { specVersion: '1.5' });
    expect(five.issues).toEqual([]);
    expect(five.lost).toEqual(six.lost);
    expect(five.document).toMatchObject({ $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json', specVersion: '1.5' });
    expect(await strictValidate(JSON.stringify(five.document), '1.5')).toBeNull();
    expect(parseCycloneDxVex(JSON.stringify(five.document)).statements).toEqual(parseCycloneDxVex(JSON.stringify(six.document)).statements);
  });

  it('writes CycloneDX 1.4, accepted by the strict 1.4 validator, listing what 1.4 has no place for', async () => {
    const vex = richModel();
    const v4 = { ...vex, statements: vex.statements.map((s, i) => (i === 2 ? { ...s, ratings: [...s.ratings, { method: 'CVSSv4', score: 8.7, severity: 'high', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N' }] } : s)) };
    const written = toCycloneDxVex(v4, { specVersion: '1.4' });
    expect(written.issues).toEqual([]);
    const text = JSON.stringify(written.document);
    expect(await strictValidate(text, '1.4')).toBeNull();
    expect(written.document).toMatchObject({ specVersion: '1.4', metadata: { tools: [{ name: 'vexgen 1.2.0' }] } });
    expect(written.document?.['annotations']).toBeUndefined();
    const extra = written.lost.map((l) => l.location).filter((l) => !toCycloneDxVex(v4).lost.some((x) => x.location === l));
    expect(extra).toEqual([
      '/statements/0/history',
      '/statements/0/firstIssued',
      '/statements/0/lastUpdated',
      '/statements/0/workaround',
      '/statements/1/firstIssued',
      '/statements/2/firstIssued',
      '/statements/2/ratings/1/method',
      '/statements/3/firstIssued',
      '/statements/4/firstIssued',
    ]);
    const back = parseCycloneDxVex(text);
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(back.statements.map((s) => [s.vulnerability.id, s.state, s.justification, s.responses, s.detail, s.actionStatement, s.workaround, s.firstIssued])).toEqual(
      vex.statements.map((s) => [s.vulnerability.id, s.state, s.justification, s.responses, s.detail ?? s.impactStatement, s.actionStatement, undefined, undefined]),
    );
    expect(back.statements[2]!.ratings.map((r) => r.method)).toEqual(['CVSSv31', 'other']);
  });

  it('refuses an invalid model instead of writing it', () => {
    const vex = richModel();
    const bad = { ...vex, statements: [{ ...vex.statements[1]!, state: 'exploitable' as const }] };
    const written = toCycloneDxVex(bad);
    expect(written.document).toBeUndefined();
    expect(errors(written)).toEqual(['justification-without-not-affected /statements/0']);
  });
});
