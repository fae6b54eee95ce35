import { describe, expect, it } from 'vitest';
import { sarifSchema, validateSarif } from './validate.js';
import { SARIF_SCHEMA_URI } from './types.js';

/** The vendored official SARIF 2.1.0 schema, and the validator built on it. */

describe('the vendored SARIF 2.1.0 schema', () => {
  const schema = sarifSchema();

  it('is the OASIS errata 01 schema that $schema names', () => {
    expect(schema['id']).toBe(SARIF_SCHEMA_URI);
    expect(schema['title']).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(Object.keys(schema['definitions'] as object)).toHaveLength(52);
  });

  it('uses only keywords that mean the same in draft-04 and in the draft-07 vocabulary ajv compiles it with', () => {
    const keywords = new Set<string>();
    const visit = (node: unknown, namesHere: boolean): void => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, false));
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (namesHere) visit(value, false); // keys of `properties`/`definitions` are names, not keywords
        else {
          keywords.add(key);
          if (key !== 'enum' && key !== 'default') visit(value, key === 'properties' || key === 'definitions');
        }
      }
    };
    visit(schema, false);
    const sameInBoth = ['$ref', '$schema', 'additionalProperties', 'anyOf', 'default', 'definitions', 'description', 'enum', 'format', 'id', 'items', 'maximum', 'minItems', 'minimum', 'oneOf', 'pattern', 'properties', 'required', 'title', 'type', 'uniqueItems'];
    expect([...keywords].filter((k) => !sameInBoth.includes(k))).toEqual([]);
  });
});

describe('validateSarif', () => {
  const minimal = { version: '2.1.0', runs: [{ tool: { driver: { name: 'Vigil' } }, results: [{ ruleId: 'CVE-2021-44228', level: 'error', message: { text: 'log4j-core 2.14.1 is affected' } }] }] };

  it('accepts a minimal valid log', () => {
    expect(validateSarif(minimal)).toEqual([]);
  });

  it('names the pointer of each violation', () => {
    expect(validateSarif({ version: '2.0.0', runs: [] })).toEqual([{ pointer: '/version', message: 'must be equal to one of the allowed values' }]);
    const noMessage = { ...minimal, runs: [{ tool: { driver: { name: 'Vigil' } }, results: [{ ruleId: 'x', level: 'error' }] }] };
    expect(validateSarif(noMessage)).toEqual([{ pointer: '/runs/0/results/0', message: "must have required property 'message'" }]);
    const badUri = { ...minimal, runs: [{ tool: { driver: { name: 'Vigil' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'has space.json' } } }] }] }] };
    expect(validateSarif(badUri)).toEqual([{ pointer: '/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri', message: 'must match format "uri-reference"' }]);
  });
});
