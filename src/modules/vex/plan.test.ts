import { describe, expect, it } from 'vitest';
import { statement } from '../../formats/vex/test-support.js';
import { componentMatches, planImport, releaseRef, responsesFromAction } from './plan.js';

const release = { id: 'r1', productName: 'Infusion Gateway', version: '3.1.0' };
const log4j = { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar', cpe: null, name: 'log4j-core', version: '2.14.1' };
const findings = [{ id: 'f1', vulnIds: ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'], ...log4j }];
const vuln = (id: string) => ({ id, aliases: [] });

describe('componentMatches', () => {
  it('compares package URLs without qualifiers, by the purl’s or the statement’s version or a vers range', () => {
    expect(componentMatches({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }, log4j)).toBe(true);
    expect(componentMatches({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' }, log4j)).toBe(false);
    expect(componentMatches({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core' }, log4j)).toBe(true);
    expect(componentMatches({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', range: 'vers:maven/>=2.0.0|<2.15.0' }, log4j)).toBe(true);
    expect(componentMatches({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', range: 'vers:maven/>=2.15.0' }, log4j)).toBe(false);
    expect(componentMatches({ name: 'LOG4J-CORE', version: '2.14.1' }, log4j)).toBe(true);
    expect(componentMatches({ cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*' }, log4j)).toBe(false);
  });
});

describe('responsesFromAction', () => {
  it('reads back the CycloneDX wording Vigil writes for OpenVEX, and nothing from other text', () => {
    expect(responsesFromAction('Update to a different revision or release; There is a workaround available')).toEqual(['update', 'workaround_available']);
    expect(responsesFromAction('Update the gateway to 3.1.1.')).toEqual([]);
    expect(responsesFromAction(undefined)).toEqual([]);
  });
});

describe('planImport', () => {
  it('keeps the later statement of a sequence and refuses two decisions at one time', () => {
    const release1 = { ref: releaseRef('r1'), subcomponents: [] };
    const early = statement({ vulnerability: vuln('CVE-2021-44228'), state: 'in_triage', products: [release1], firstIssued: '2021-12-10T00:00:00Z' });
    const late = statement({ vulnerability: vuln('GHSA-jfh8-c2jp-5v3q'), state: 'resolved', products: [{ purl: log4j.purl, subcomponents: [] }], firstIssued: '2021-12-20T00:00:00Z' });
    const plan = planImport([late, early], release, findings, [log4j]);
    expect(plan.errors).toEqual([]);
    expect(plan.changes.get('f1')).toMatchObject({ statement: 0, analysis: { state: 'resolved' } });
    const clash = planImport([{ ...late, firstIssued: '2021-12-10T00:00:00Z' }, early], release, findings, [log4j]);
    expect(clash.errors.map((e) => `${e.code} ${e.statement}`)).toEqual(['contradictory-statements 1']);
  });

  it('drops a justification a finding cannot hold, with a warning', () => {
    const fp = statement({ vulnerability: vuln('CVE-2021-44228'), state: 'false_positive', justification: 'code_not_present', products: [{ purl: log4j.purl, subcomponents: [] }] });
    const plan = planImport([fp], release, findings, [log4j]);
    expect(plan.errors).toEqual([]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['justification-dropped']);
    expect(plan.changes.get('f1')!.analysis).toEqual({ state: 'false_positive', justification: null, responses: [], detail: null });
  });
});
