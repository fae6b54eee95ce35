import { describe, expect, it } from 'vitest';
import { CATALOG_SETS } from './catalog.js';
import { checkThreatModel, ThreatModelSchema, threatModelFacts } from './threat-model.js';
import { buildMatrix, fileOutcome, namesRef, refsNamedBy, type TraceRequirement } from './trace.js';

const req = (id: string, ref: string, extra: Partial<TraceRequirement> = {}): TraceRequirement => ({
  id, ref, title: ref, category: null, source: 'custom', design: 'designed', verificationMethod: 'test', autoEvidence: null, applicable: true, naJustification: null, ...extra,
});

describe('requirement refs in evidence', () => {
  it('matches whole tokens, case-insensitively, and not inside longer refs', () => {
    expect(namesRef('test_tls[SEC-REQ-001]', 'SEC-REQ-001')).toBe(true);
    expect(namesRef('SEC-REQ-001 rejects unsigned image', 'sec-req-001')).toBe(true);
    expect(namesRef('test (SEC-REQ-0012)', 'SEC-REQ-001')).toBe(false);
    expect(namesRef('XSEC-REQ-001', 'SEC-REQ-001')).toBe(false);
    expect(refsNamedBy({ name: 'plain', refs: [' jsp-des-08 ', 'security'] }, ['JSP-DES-08', 'JSP-DES-09'])).toEqual(['JSP-DES-08']);
  });

  it('gives a file the worst outcome of its items; an empty file verifies nothing', () => {
    expect(fileOutcome(['passed', 'failed', 'skipped'])).toBe('failed');
    expect(fileOutcome(['passed', 'error'])).toBe('error');
    expect(fileOutcome(['skipped', 'passed'])).toBe('passed');
    expect(fileOutcome([])).toBe('skipped');
  });
});

describe('traceability matrix', () => {
  const files = [{ id: 'f1', kind: 'junit' as const, fileName: 'tests.xml', outcome: 'failed' as const }, { id: 'f2', kind: 'sarif' as const, fileName: 'codeql.sarif', outcome: 'passed' as const }];
  const items = [
    { id: 'i1', evidenceId: 'f1', kind: 'junit' as const, fileName: 'tests.xml', name: 'test_a[R-1]', outcome: 'passed' as const, detail: null, refs: [] },
    { id: 'i2', evidenceId: 'f1', kind: 'junit' as const, fileName: 'tests.xml', name: 'test_b', outcome: 'failed' as const, detail: 'boom', refs: ['R-2'] },
    { id: 'i3', evidenceId: 'f1', kind: 'junit' as const, fileName: 'tests.xml', name: 'test_c R-3', outcome: 'skipped' as const, detail: null, refs: [] },
  ];
  const m = buildMatrix({
    requirements: [
      req('a', 'R-1'),
      req('b', 'R-2'),
      req('c', 'R-3'),
      req('d', 'R-4', { design: null }),
      req('e', 'R-5', { applicable: false, naJustification: 'no wireless' }),
      req('f', 'R-6', { autoEvidence: 'sbom', design: null }),
      req('g', 'R-7', { autoEvidence: 'findings' }),
      req('h', 'R-8'),
    ],
    files,
    items,
    links: [
      { id: 'l1', requirementId: 'h', evidenceId: 'f2', itemId: null },
      { id: 'l2', requirementId: 'a', evidenceId: 'f1', itemId: 'i1' },
      { id: 'l3', requirementId: 'a', evidenceId: 'gone', itemId: null },
    ],
    mitigations: [{ id: 'M1', title: 'Mutual TLS', requirement: 'r-6' }],
    system: { sbom: { id: 's', revision: 2, componentCount: 40 }, findings: { open: 5, unanalysed: 2 } },
  });
  const row = (ref: string) => m.rows.find((r) => r.requirement.ref === ref)!;

  it('derives each status and the gaps that explain it', () => {
    expect(m.rows.map((r) => [r.requirement.ref, r.status, r.gaps])).toEqual([
      ['R-1', 'verified', []],
      ['R-2', 'failed', ['Verification failed: tests.xml: test_b']],
      ['R-3', 'not_verified', ['Verification skipped: no passing evidence']],
      ['R-4', 'not_verified', ['No design or mitigation recorded', 'No verification evidence']],
      ['R-5', 'not_applicable', []],
      ['R-6', 'verified', []],
      ['R-7', 'failed', ['Verification failed: Vulnerability assessment (findings)']],
      ['R-8', 'verified', []],
    ]);
    expect(m.counts).toEqual({ verified: 3, failed: 2, not_verified: 2, not_applicable: 1 });
    expect(m.withGaps).toBe(4);
  });

  it('counts an automatically matched item once even when also linked, and drops links to other releases', () => {
    expect(row('R-1').verifications.map((v) => [v.via, v.itemId])).toEqual([['auto', 'i1']]);
    expect(row('R-8').verifications).toEqual([{ via: 'link', linkId: 'l1', evidenceId: 'f2', itemId: null, label: 'codeql.sarif', outcome: 'passed', detail: null }]);
  });

  it('takes Vigil’s SBOM and findings as evidence, and mitigations as design', () => {
    expect(row('R-6').verifications[0]).toMatchObject({ via: 'vigil', label: 'SBOM revision 2', outcome: 'passed' });
    expect(row('R-6').mitigations).toEqual([{ id: 'M1', title: 'Mutual TLS' }]);
    expect(row('R-7').verifications[0]!.detail).toBe('2 of 5 open finding(s) not analysed');
    const none = buildMatrix({ requirements: [req('x', 'X', { autoEvidence: 'sbom' }), req('y', 'Y', { autoEvidence: 'findings' }), req('z', 'Z', { applicable: false })], files: [], items: [], links: [], mitigations: [], system: { sbom: null, findings: null } });
    expect(none.rows.map((r) => r.gaps)).toEqual([['No SBOM for this release'], ['No vulnerability assessment: the release has no SBOM'], ['Marked not applicable without a justification']]);
  });
});

describe('threat model', () => {
  const model = {
    format: 'vigil-threat-model', formatVersion: 1, title: 'Gateway',
    boundaries: [{ id: 'hospital', name: 'Hospital network' }, { id: 'device', name: 'Device' }],
    assets: [{ id: 'gw', name: 'Gateway', kind: 'software', boundary: 'device' }, { id: 'cs', name: 'Central station', kind: 'external', boundary: 'hospital' }, { id: 'fw', name: 'Firmware', kind: 'software', boundary: 'device' }],
    interfaces: [{ id: 'hl7', name: 'HL7', from: 'cs', to: 'gw', protocol: 'MLLP/TCP' }, { id: 'local', name: 'IPC', from: 'gw', to: 'fw' }],
    threats: [
      { id: 'T1', title: 'Spoofed station', stride: ['spoofing'], targets: ['hl7'], mitigations: ['M1'] },
      { id: 'T2', title: 'Flood', stride: ['denial_of_service', 'tampering'], targets: ['gw'], mitigations: [] },
    ],
    mitigations: [{ id: 'M1', title: 'Mutual TLS', requirement: 'SEC-REQ-001' }],
  };

  it('parses, checks references and states the review facts', () => {
    const parsed = ThreatModelSchema.parse(model);
    expect(checkThreatModel(parsed)).toEqual([]);
    expect(threatModelFacts(parsed)).toMatchObject({ assets: 3, crossingInterfaces: ['hl7'], unmitigatedThreats: ['T2'], strideCounts: { spoofing: 1, tampering: 1, denial_of_service: 1, repudiation: 0 } });
  });

  it('names every unresolved reference and duplicate id by pointer', () => {
    const bad = ThreatModelSchema.parse({ ...model, assets: [...model.assets, { id: 'gw', name: 'again', kind: 'data', boundary: 'cloud' }], interfaces: [{ id: 'x', name: 'x', from: 'gw', to: 'nowhere' }], threats: [{ id: 'T1', title: 't', stride: ['tampering'], targets: ['zz'], mitigations: ['M9'] }] });
    expect(checkThreatModel(bad)).toEqual([
      { pointer: '/assets/3/id', message: 'duplicate id gw' },
      { pointer: '/assets/3/boundary', message: 'no trust boundary cloud' },
      { pointer: '/interfaces/0/to', message: 'no asset nowhere' },
      { pointer: '/threats/0/targets/0', message: 'no asset or interface zz' },
      { pointer: '/threats/0/mitigations/0', message: 'no mitigation M9' },
    ]);
    expect(ThreatModelSchema.safeParse({ ...model, threats: [{ ...model.threats[0], stride: ['phishing'] }] }).success).toBe(false);
  });
});

describe('built-in catalog', () => {
  it('holds the JSP DES/VV (19), IEC (22), FDA categories (8) and labeling (12) items with unique refs', () => {
    expect(CATALOG_SETS.map((s) => [s.id, s.items.length])).toEqual([['jsp-design', 19], ['iec-81001-5-1', 22], ['fda-premarket', 8], ['jsp-labeling', 12]]);
    const refs = CATALOG_SETS.flatMap((s) => s.items.map((i) => i.ref));
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.every((r) => /^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(r))).toBe(true);
  });
});
