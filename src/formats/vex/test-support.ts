import { readFileSync } from 'node:fs';
import type { Vex, VexParseResult, VexStatement } from './model.js';

/** Test helpers (not exported from index.ts): fixtures, mutation of parsed fixtures, models. */

export function fixture(name: string): string {
  return readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
}

/**
 * A fixture parsed, changed at JSON pointers and serialized again: bad inputs one change away
 * from good ones. A value of `undefined` deletes the member.
 */
export function mutated(name: string, ...edits: readonly (readonly [string, unknown])[]): string {
  const doc: unknown = JSON.parse(fixture(name));
  for (const [path, value] of edits) {
    const keys = path.split('/').slice(1).map((k) => k.replace(/~1/gu, '/').replace(/~0/gu, '~'));
    const last = keys.pop() ?? '';
    let node = doc as Record<string, unknown>;
    for (const k of keys) node = node[k] as Record<string, unknown>;
    if (value === undefined) {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
    } else node[last] = value;
  }
  return JSON.stringify(doc);
}

export function vexOf(r: VexParseResult): Vex {
  if (!r.document) throw new Error(`not read: ${JSON.stringify(r.issues)}`);
  return { document: r.document, statements: r.statements };
}

export function errors(r: { readonly issues: readonly { severity: string; code: string; location?: string }[] }): string[] {
  return r.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.location ?? ''}`);
}

const NVD = 'https://nvd.nist.gov/vuln/detail/';

/** A statement with the model's empty lists filled in. */
export function statement(s: Partial<VexStatement> & Pick<VexStatement, 'vulnerability' | 'state'>): VexStatement {
  return { products: [], responses: [], ratings: [], notes: [], history: [], ...s };
}

/**
 * A medical-device VEX with everything the model holds: the Log4Shell (CVE-2021-44228,
 * log4j-core 2.14.1) and jackson-databind XXE (CVE-2020-25649, jackson-databind 2.10.0) cases
 * of a hospital infusion gateway.
 */
export function richModel(): Vex {
  const gateway310 = { ref: 'gateway-3.1.0', name: 'Acme Infusion Gateway', version: '3.1.0', purl: 'pkg:generic/acme/infusion-gateway@3.1.0' };
  const log4j = { ref: 'log4j-core-2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', name: 'log4j-core', version: '2.14.1' };
  return {
    document: {
      id: 'urn:uuid:8a1c6e2e-5d0b-4c1e-9f51-2b7f0c7e4a10',
      author: 'Acme Medical Product Security',
      authorRole: 'vendor',
      authorUrl: 'https://acme-medical.example',
      timestamp: '2021-12-13T10:00:00Z',
      lastUpdated: '2021-12-20T16:30:00Z',
      version: 1,
      tooling: 'vexgen 1.2.0',
      title: 'Acme Infusion Gateway: Log4j and jackson-databind',
      status: 'final',
      tlp: 'WHITE',
      notes: [{ category: 'summary', title: 'Summary', text: 'Exploitability of Log4j and jackson-databind in the Acme Infusion Gateway.' }],
      revisions: [],
    },
    statements: [
      statement({
        id: 'https://vex.acme-medical.example/statements/log4shell-3.1.0',
        vulnerability: { id: 'CVE-2021-44228', aliases: [{ id: 'GHSA-jfh8-c2jp-5v3q', system: 'GitHub' }], url: `${NVD}CVE-2021-44228`, sourceName: 'NVD', description: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints.' },
        products: [{ ...gateway310, subcomponents: [log4j] }],
        state: 'exploitable',
        responses: ['update', 'workaround_available'],
        detail: 'Patient name fields of HL7 messages are logged through log4j-core; a crafted value reaches a JNDI lookup.',
        statusNotes: 'Confirmed by a proof of concept on the 3.1.0 release.',
        actionStatement: 'Update the gateway to 3.1.1, which ships log4j-core 2.17.1.',
        actionStatementTimestamp: '2021-12-20T16:30:00Z',
        workaround: 'Block outbound LDAP and RMI from the device network segment until the update is installed.',
        firstIssued: '2021-12-13T10:00:00Z',
        lastUpdated: '2021-12-20T16:30:00Z',
        ratings: [{ method: 'CVSSv31', score: 10, severity: 'critical', vector: 'AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', sourceName: 'NVD' }],
        notes: [{ category: 'general', title: 'Clinical impact', text: 'An attacker on the device network could stop infusions from being reported to the EHR.' }],
        history: [{ timestamp: '2021-12-14T09:00:00Z', author: 'J. Rivera', text: 'Reproduced with a crafted patient name.' }],
      }),
      statement({
        vulnerability: { id: 'CVE-2021-44228', aliases: [] },
        products: [{ ref: 'gateway-2.4.0', name: 'Acme Infusion Gateway', version: '2.4.0', purl: 'pkg:generic/acme/infusion-gateway@2.4.0', subcomponents: [] }],
        state: 'not_affected',
        justification: 'code_not_present',
        cisaJustification: 'component_not_present',
        impactStatement: 'The 2.x line logs through java.util.logging; log4j-core is not shipped.',
        firstIssued: '2021-12-13T10:00:00Z',
      }),
      statement({
        vulnerability: { id: 'CVE-2020-25649', aliases: [], description: 'FasterXML jackson-databind did not secure entity expansion properly, allowing XML external entity (XXE) attacks.' },
        products: [{ ...gateway310, subcomponents: [{ ref: 'jackson-databind-2.10.0', purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0', name: 'jackson-databind', version: '2.10.0' }] }],
        state: 'not_affected',
        justification: 'protected_at_runtime',
        detail: 'The gateway runs jackson-databind with a hardened ObjectMapper that refuses DTDs.',
        firstIssued: '2021-01-05T08:00:00Z',
        ratings: [{ method: 'CVSSv31', score: 7.5, severity: 'high', vector: 'AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', sourceName: 'NVD' }],
      }),
      statement({
        vulnerability: { id: 'CVE-2021-45105', aliases: [], description: 'Apache Log4j2 2.0-alpha1 through 2.16.0 did not protect from uncontrolled recursion from self-referential lookups.' },
        products: [{ ...gateway310, subcomponents: [] }],
        state: 'in_triage',
        firstIssued: '2021-12-19T12:00:00Z',
      }),
      statement({
        vulnerability: { id: 'CVE-2021-44228', aliases: [] },
        products: [{ ref: 'gateway-3.1.1', name: 'Acme Infusion Gateway', version: '3.1.1', purl: 'pkg:generic/acme/infusion-gateway@3.1.1', subcomponents: [] }],
        state: 'resolved_with_pedigree',
        detail: '3.1.1 ships log4j-core 2.17.1; the commit replacing it is in the component pedigree.',
        firstIssued: '2021-12-20T16:30:00Z',
      }),
    ],
  };
}
