import { describe, expect, it } from 'vitest';
import { validateOpenVexSchema } from './openvex-schema.js';
import { parseOpenVex } from './openvex-read.js';
import { toOpenVex } from './openvex-write.js';
import { errors, fixture, mutated, richModel, statement, vexOf } from './test-support.js';
import type { Vex } from './model.js';

const FIXTURE = 'gateway.openvex.json';

describe('parseOpenVex', () => {
  const r = parseOpenVex(fixture(FIXTURE));

  it('reads the document', () => {
    expect(r.issues).toEqual([]);
    expect(r.document).toEqual({
      id: 'https://vex.acme-medical.example/docs/infusion-gateway-2021-12',
      author: 'Acme Medical Product Security <psirt@acme-medical.example>',
      authorRole: 'vendor',
      timestamp: '2021-12-13T10:00:00Z',
      lastUpdated: '2021-12-20T16:30:00Z',
      version: 3,
      tooling: 'vexgen 1.2.0',
      notes: [],
      revisions: [],
    });
  });

  it('reads statements: purl @ids as purls, identifiers, subcomponents, the three texts and timestamps', () => {
    expect(r.statements[0]).toEqual({
      id: 'https://vex.acme-medical.example/statements/log4shell-3.1.0',
      vulnerability: {
        id: 'CVE-2021-44228',
        aliases: [{ id: 'GHSA-jfh8-c2jp-5v3q' }],
        description: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints.',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      },
      products: [
        {
          purl: 'pkg:generic/acme/infusion-gateway@3.1.0',
          cpe: 'cpe:2.3:h:acme:infusion_gateway:3.1.0:*:*:*:*:*:*:*',
          subcomponents: [{ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
        },
      ],
      state: 'exploitable',
      responses: [],
      actionStatement: 'Update the gateway to 3.1.1, which ships log4j-core 2.17.1.',
      actionStatementTimestamp: '2021-12-20T16:30:00Z',
      statusNotes: 'Patient name fields of HL7 messages are logged through log4j-core.',
      firstIssued: '2021-12-13T10:00:00Z',
      lastUpdated: '2021-12-20T16:30:00Z',
      ratings: [],
      notes: [],
      history: [],
    });
  });

  it('keeps the CISA label beside its CycloneDX word', () => {
    expect(r.statements.map((s) => [s.state, s.cisaJustification, s.justification])).toEqual([
      ['exploitable', undefined, undefined],
      ['not_affected', 'component_not_present', 'code_not_present'],
      ['not_affected', 'vulnerable_code_not_in_execute_path', 'code_not_reachable'],
      ['in_triage', undefined, undefined],
      ['resolved', undefined, undefined],
    ]);
    expect(r.statements[1]?.impactStatement).toBe('The 2.x line logs through java.util.logging; log4j-core is not shipped.');
  });

  it('refuses not_affected without justification or impact statement (schema)', () => {
    const bad = parseOpenVex(fixture('bad/not-affected-without-justification.openvex.json'));
    expect(bad.document).toBeUndefined();
    expect(bad.issues.map((i) => `${i.code} ${i.location ?? ''} ${i.message}`)).toEqual([
      'schema /statements/0/justification is required',
      'schema /statements/0/impact_statement is required',
      'schema /statements/0 must match a schema in anyOf',
    ]);
  });

  it('refuses affected without action statement (schema)', () => {
    expect(errors(parseOpenVex(mutated(FIXTURE, ['/statements/0/action_statement', undefined])))).toEqual(['schema /statements/0/action_statement']);
  });

  it('refuses two statuses for one vulnerability and product at the same time', () => {
    const bad = parseOpenVex(fixture('bad/contradiction.openvex.json'));
    expect(bad.issues).toEqual([
      {
        severity: 'error',
        code: 'contradictory-statements',
        location: '/statements/1',
        message: 'CVE-2021-44228 for pkg:generic/acme/infusion-gateway@3.1.0 is not_affected here but exploitable at /statements/0, with the same timestamp (2021-12-13T10:00:00Z)',
      },
    ]);
  });

  it('reads the spec\'s sequence (under_investigation, then fixed later) with a warning', () => {
    const seq = mutated(
      'bad/contradiction.openvex.json',
      ['/statements/0', { timestamp: '2021-12-13T10:00:00Z', vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': 'pkg:generic/acme/infusion-gateway@3.1.0' }], status: 'under_investigation' }],
      ['/statements/1', { timestamp: '2021-12-20T16:30:00Z', vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': 'pkg:generic/acme/infusion-gateway@3.1.0' }], status: 'fixed' }],
    );
    const read = parseOpenVex(seq);
    expect(errors(read)).toEqual([]);
    expect(read.issues.map((i) => i.code)).toEqual(['superseded-statement']);
  });

  it('refuses a justification on an affected statement', () => {
    expect(errors(parseOpenVex(mutated(FIXTURE, ['/statements/0/justification', 'component_not_present'])))).toEqual(['justification-without-not-affected /statements/0']);
  });

  it('refuses other versions, non-IRI ids and non-OpenVEX input', () => {
    expect(errors(parseOpenVex(mutated(FIXTURE, ['/@context', 'https://openvex.dev/ns'])))).toEqual(['unsupported-version /@context']);
    expect(errors(parseOpenVex(mutated(FIXTURE, ['/@id', 'infusion gateway 2021-12'])))).toEqual(['schema /@id']);
    expect(errors(parseOpenVex('{"bomFormat":"CycloneDX"}'))).toEqual(['not-openvex /']);
    expect(errors(parseOpenVex('not json'))).toEqual(['invalid-json /']);
  });
});

describe('toOpenVex', () => {
  it('writes a document the official schema accepts and that reads back to the same model', () => {
    const read = parseOpenVex(fixture(FIXTURE));
    const written = toOpenVex(vexOf(read));
    expect(written.issues).toEqual([]);
    expect(written.lost).toEqual([]);
    expect(validateOpenVexSchema(written.document)).toEqual([]);
    const back = parseOpenVex(JSON.stringify(written.document));
    expect(back.document).toEqual(read.document);
    expect(back.statements).toEqual(read.statements);
  });

  it('places the texts: detail as impact statement for not_affected, as status notes otherwise', () => {
    const written = toOpenVex(richModel());
    const statements = written.document?.['statements'] as Record<string, unknown>[];
    expect(statements[2]).toMatchObject({ status: 'not_affected', justification: 'inline_mitigations_already_exist', impact_statement: 'The gateway runs jackson-databind with a hardened ObjectMapper that refuses DTDs.' });
    expect(statements[4]).toMatchObject({ status: 'fixed', status_notes: '3.1.1 ships log4j-core 2.17.1; the commit replacing it is in the component pedigree.' });
    expect(statements[0]).toMatchObject({ status: 'affected', status_notes: 'Confirmed by a proof of concept on the 3.1.0 release.', action_statement: 'Update the gateway to 3.1.1, which ships log4j-core 2.17.1.' });
  });

  it('lists what OpenVEX cannot carry', () => {
    const written = toOpenVex(richModel());
    expect(validateOpenVexSchema(written.document)).toEqual([]);
    expect(written.lost.map((l) => l.location)).toEqual([
      '/document/authorUrl',
      '/document/title',
      '/document/status',
      '/document/tlp',
      '/document/notes',
      '/statements/0/detail',
      '/statements/0/workaround',
      '/statements/0/responses',
      '/statements/0/ratings',
      '/statements/0/notes',
      '/statements/0/history',
      '/statements/0/vulnerability/aliases',
      '/statements/0/vulnerability/sourceName',
      '/statements/0/products/0/ref',
      '/statements/0/products/0/name',
      '/statements/0/products/0/version',
      '/statements/0/products/0/subcomponents/0/ref',
      '/statements/0/products/0/subcomponents/0/name',
      '/statements/0/products/0/subcomponents/0/version',
      '/statements/1/products/0/ref',
      '/statements/1/products/0/name',
      '/statements/1/products/0/version',
      '/statements/2/justification',
      '/statements/2/ratings',
      '/statements/2/products/0/ref',
      '/statements/2/products/0/name',
      '/statements/2/products/0/version',
      '/statements/2/products/0/subcomponents/0/ref',
      '/statements/2/products/0/subcomponents/0/name',
      '/statements/2/products/0/subcomponents/0/version',
      '/statements/3/products/0/ref',
      '/statements/3/products/0/name',
      '/statements/3/products/0/version',
      '/statements/4/state',
      '/statements/4/products/0/ref',
      '/statements/4/products/0/name',
      '/statements/4/products/0/version',
    ]);
  });

  it('writes responses as the action statement of an affected statement that has none', () => {
    const vex: Vex = {
      document: { id: 'https://vex.acme-medical.example/docs/2', author: 'Acme Medical Product Security', timestamp: '2022-03-03T00:00:00Z', version: 1, notes: [], revisions: [] },
      statements: [statement({ vulnerability: { id: 'CVE-2021-44228', aliases: [] }, state: 'exploitable', responses: ['will_not_fix', 'update'], products: [{ purl: 'pkg:generic/example/def@1.0', subcomponents: [] }] })],
    };
    const statements = toOpenVex(vex).document?.['statements'] as Record<string, unknown>[];
    expect(statements[0]?.['action_statement']).toBe('Will not fix; Update to a different revision or release');
  });

  it('gives a bare false positive the CycloneDX definition as its impact statement', () => {
    const vex: Vex = {
      document: { id: 'https://vex.acme-medical.example/docs/3', author: 'Acme Medical Product Security', timestamp: '2022-03-03T00:00:00Z', version: 1, notes: [], revisions: [] },
      statements: [statement({ vulnerability: { id: 'CVE-2020-25649', aliases: [] }, state: 'false_positive', products: [{ purl: 'pkg:generic/acme/infusion-gateway@3.1.0', subcomponents: [] }] })],
    };
    const written = toOpenVex(vex);
    expect(written.issues).toEqual([]);
    expect(written.document?.['statements']).toEqual([
      {
        vulnerability: { name: 'CVE-2020-25649' },
        products: [{ '@id': 'pkg:generic/acme/infusion-gateway@3.1.0' }],
        status: 'not_affected',
        impact_statement: 'The vulnerability is not specific to the component or service and was falsely identified or associated.',
      },
    ]);
    expect(written.lost.map((l) => l.location)).toEqual(['/statements/0/state']);
  });

  it('refuses what OpenVEX requires and the model lacks', () => {
    const vex: Vex = {
      document: { version: 1, notes: [], revisions: [] },
      statements: [statement({ vulnerability: { id: 'CVE-2021-44228', aliases: [] }, state: 'exploitable', products: [{ ref: 'product-DEF', name: 'DEF', subcomponents: [] }] })],
    };
    const written = toOpenVex(vex);
    expect(written.document).toBeUndefined();
    expect(errors(written)).toEqual([
      'missing-author /document/author',
      'missing-timestamp /document/timestamp',
      'missing-id /document/id',
      'missing-action-statement /statements/0',
      'unidentifiable-product /statements/0/products/0',
    ]);
  });
});
