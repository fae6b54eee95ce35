import { describe, expect, it } from 'vitest';
import { isAbsoluteIri, MAX_VEX_DEPTH, parseJson, pointer, uuidUrnFor } from './json.js';
import { ANALYSIS_STATES, CISA_JUSTIFICATIONS, JUSTIFICATIONS, RESPONSES } from './model.js';
import {
  cisaJustificationOf,
  fromCisaJustification,
  fromCsafRemediation,
  fromCsafStatus,
  fromOpenVexStatus,
  justificationFromCisaLoss,
  justificationToCisaLoss,
  stateLoss,
  toCisaJustification,
  toCsafRemediation,
  toCsafStatus,
  toOpenVexStatus,
} from './vocabulary.js';

// Every row of the tables in docs/formats/vex.md, written out by hand from the specs' wording.

describe('status', () => {
  it('maps each CycloneDX state to OpenVEX and CSAF', () => {
    const rows = ANALYSIS_STATES.map((s) => [s, toOpenVexStatus(s), toCsafStatus(s)]);
    expect(rows).toEqual([
      ['in_triage', 'under_investigation', 'under_investigation'],
      ['exploitable', 'affected', 'known_affected'],
      ['resolved', 'fixed', 'fixed'],
      ['resolved_with_pedigree', 'fixed', 'fixed'],
      ['false_positive', 'not_affected', 'known_not_affected'],
      ['not_affected', 'not_affected', 'known_not_affected'],
    ]);
  });

  it('maps each OpenVEX status back', () => {
    expect(['not_affected', 'affected', 'fixed', 'under_investigation'].map((s) => fromOpenVexStatus(s as never))).toEqual([
      'not_affected',
      'exploitable',
      'resolved',
      'in_triage',
    ]);
  });

  it('maps all eight CSAF product status lists', () => {
    const lists = ['first_affected', 'known_affected', 'last_affected', 'first_fixed', 'fixed', 'recommended', 'known_not_affected', 'under_investigation'] as const;
    expect(lists.map(fromCsafStatus)).toEqual(['exploitable', 'exploitable', 'exploitable', 'resolved', 'resolved', 'resolved', 'not_affected', 'in_triage']);
  });

  it('names the two states that do not come back', () => {
    expect(ANALYSIS_STATES.filter((s) => stateLoss(s) !== undefined)).toEqual(['resolved_with_pedigree', 'false_positive']);
  });
});

describe('justification', () => {
  it('maps the nine CycloneDX justifications onto the five CISA labels', () => {
    expect(Object.fromEntries(JUSTIFICATIONS.map((j) => [j, toCisaJustification(j)]))).toEqual({
      code_not_present: 'vulnerable_code_not_present',
      code_not_reachable: 'vulnerable_code_not_in_execute_path',
      requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
      requires_dependency: 'vulnerable_code_cannot_be_controlled_by_adversary',
      requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
      protected_by_compiler: 'inline_mitigations_already_exist',
      protected_at_runtime: 'inline_mitigations_already_exist',
      protected_at_perimeter: 'vulnerable_code_cannot_be_controlled_by_adversary',
      protected_by_mitigating_control: 'inline_mitigations_already_exist',
    });
  });

  it('maps the five CISA labels back', () => {
    expect(Object.fromEntries(CISA_JUSTIFICATIONS.map((j) => [j, fromCisaJustification(j)]))).toEqual({
      component_not_present: 'code_not_present',
      vulnerable_code_not_present: 'code_not_present',
      vulnerable_code_not_in_execute_path: 'code_not_reachable',
      vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
      inline_mitigations_already_exist: 'protected_by_mitigating_control',
    });
  });

  it('reports exactly the values a round trip changes', () => {
    expect(JUSTIFICATIONS.filter((j) => justificationToCisaLoss(j) !== undefined)).toEqual([
      'requires_configuration',
      'requires_dependency',
      'protected_by_compiler',
      'protected_at_runtime',
      'protected_at_perimeter',
    ]);
    expect(CISA_JUSTIFICATIONS.filter((j) => justificationFromCisaLoss(j) !== undefined)).toEqual(['component_not_present']);
    expect(justificationToCisaLoss('protected_at_runtime')).toBe('justification protected_at_runtime is written as inline_mitigations_already_exist, which reads back as protected_by_mitigating_control');
  });

  it('prefers the label a statement was read with', () => {
    expect(cisaJustificationOf({ justification: 'code_not_present', cisaJustification: 'component_not_present' })).toBe('component_not_present');
    expect(cisaJustificationOf({ justification: 'code_not_present' })).toBe('vulnerable_code_not_present');
    expect(cisaJustificationOf({})).toBeUndefined();
  });
});

describe('responses and remediations', () => {
  it('maps each CycloneDX response to a CSAF remediation category', () => {
    expect(RESPONSES.map((r) => [r, toCsafRemediation(r)])).toEqual([
      ['can_not_fix', 'none_available'],
      ['will_not_fix', 'no_fix_planned'],
      ['update', 'vendor_fix'],
      ['rollback', 'vendor_fix'],
      ['workaround_available', 'workaround'],
    ]);
  });

  it('maps CSAF categories back; mitigation is no vendor response', () => {
    expect((['vendor_fix', 'workaround', 'no_fix_planned', 'none_available', 'mitigation'] as const).map(fromCsafRemediation)).toEqual([
      'update',
      'workaround_available',
      'will_not_fix',
      'can_not_fix',
      undefined,
    ]);
  });
});

describe('identifiers', () => {
  it('derives RFC 4122 version 5 UUIDs (vectors from Python uuid.uuid5(NAMESPACE_URL, …))', () => {
    expect(uuidUrnFor('RHSA-2020:1358')).toBe('urn:uuid:52242332-19bc-5712-b2eb-c61943600e9c');
    expect(uuidUrnFor('https://openvex.dev/docs/example/vex-9fb3463de1b57')).toBe('urn:uuid:0e6d3dc1-e185-56ee-aa33-e343464392fe');
    expect(uuidUrnFor('urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79')).toBe('urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
  });

  it('accepts purls, BOM-Links and URLs as IRIs, not local refs or text with spaces', () => {
    expect(['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#product-ABC', 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228'].every(isAbsoluteIri)).toBe(true);
    expect(['product-ABC', 'Example Company - 2019-YH3234', 'a:b\u0007c', ''].some(isAbsoluteIri)).toBe(false);
  });

  it('escapes JSON pointer segments (RFC 6901)', () => {
    expect(pointer('a/b', 'c~d', 0)).toBe('/a~1b/c~0d/0');
  });
});

describe('input bounds', () => {
  it('refuses nesting beyond the limit before parsing, and invalid JSON', () => {
    const deep = `${'['.repeat(MAX_VEX_DEPTH + 1)}${']'.repeat(MAX_VEX_DEPTH + 1)}`;
    expect(parseJson(deep)).toEqual({ issue: { severity: 'error', code: 'too-deep', location: '/', message: `nesting deeper than ${MAX_VEX_DEPTH} levels at character ${MAX_VEX_DEPTH}` } });
    expect(parseJson(`${'['.repeat(MAX_VEX_DEPTH)}${']'.repeat(MAX_VEX_DEPTH)}`)).toHaveProperty('value');
    // Brackets inside strings are text, not nesting.
    expect(parseJson(JSON.stringify({ text: '['.repeat(200) }))).toHaveProperty('value');
    expect(parseJson('{"a":')).toMatchObject({ issue: { code: 'invalid-json' } });
  });
});
