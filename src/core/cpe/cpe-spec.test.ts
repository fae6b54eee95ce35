/** Published CPE examples (NISTIR 7695 / 7696, NIST reference implementation); see testdata/README.md. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ANY, NA, compareCpeValues, cpeValue, formatCpe23, formatCpeUri, invalidWfnValueAt, isDisjoint, isEqual,
  isSubset, isSuperset, makeWfn, parseCpe, parseCpe23, parseCpeUri,
} from './index.js';
import type { CpeAttribute, CpeValue, Wfn } from './index.js';

type WfnJson = Partial<Record<CpeAttribute, string>>;
interface Examples {
  bindToUri: { source: string; wfn: WfnJson; uri: string }[];
  unbindUri: { source: string; uri: string; wfn?: WfnJson; error?: boolean }[];
  bindToFs: { source: string; wfn: WfnJson; fs: string }[];
  unbindFs: { source: string; fs: string; wfn?: WfnJson; error?: boolean }[];
  attributeRelations: { symbols: Record<string, string>; rows: { s: string; t: string; relation: string }[] };
  valueMatches: { true: [string, string][]; false: [string, string][] };
  nameMatching: {
    source: string; sourceWfn?: WfnJson; targetWfn?: WfnJson; sourceFs?: string; targetUri?: string;
    disjoint: boolean; equal: boolean; subset: boolean; superset: boolean;
  }[];
  validValues: { valid: string[]; invalid: string[] };
}

const examples = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'nistir-examples.json'), 'utf8'),
) as Examples;

function value(s: string): CpeValue {
  return s === 'ANY' ? ANY : s === 'NA' ? NA : cpeValue(s);
}
function wfnOf(json: WfnJson): Wfn {
  return makeWfn(Object.fromEntries(Object.entries(json).map(([k, v]) => [k, value(v)])));
}
function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('NISTIR 7695 URI binding', () => {
  it.each(examples.bindToUri)('$source', ({ wfn, uri }) => expect(formatCpeUri(wfnOf(wfn))).toBe(uri));
  it.each(examples.unbindUri)('$source: unbind $uri', ({ uri, wfn, error }) => {
    const parsed = parseCpeUri(uri);
    if (error) return void expect(parsed.ok).toBe(false);
    expect(ok(parsed)).toEqual(wfnOf(wfn!));
  });
});

describe('NISTIR 7695 formatted string binding', () => {
  it.each(examples.bindToFs)('$source', ({ wfn, fs }) => expect(formatCpe23(wfnOf(wfn))).toBe(fs));
  it.each(examples.unbindFs)('$source: unbind $fs', ({ fs, wfn, error }) => {
    const parsed = parseCpe23(fs);
    if (error) return void expect(parsed.ok).toBe(false);
    expect(ok(parsed)).toEqual(wfnOf(wfn!));
  });
  it('converts between the bindings through the WFN (NISTIR 7695 6.3)', () => {
    // Example 3 of 6.1.2.3 and 6.2.2.3 describe the same WFN in both bindings.
    const fs = 'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*';
    const uri = 'cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~';
    expect(formatCpeUri(ok(parseCpe(fs)))).toBe(uri);
    expect(formatCpe23(ok(parseCpe(uri)))).toBe(fs);
  });
});

describe('NISTIR 7696 attribute relations (Table 6-2)', () => {
  const { symbols, rows } = examples.attributeRelations;
  const v = (s: string): CpeValue => (s === 'ANY' || s === 'NA' ? value(s) : cpeValue(symbols[s]!));
  it.each(rows)('source $s, target $t → $relation', ({ s, t, relation }) => {
    expect(compareCpeValues(v(s), v(t))).toBe(relation);
  });
  it.each(examples.valueMatches.true)('pattern %s matches %s', (source, target) => {
    expect(compareCpeValues(ok(parseCpe23(`cpe:2.3:a:${source}:x:*:*:*:*:*:*:*:*`)).vendor, cpeValue(target))).toBe('SUPERSET');
  });
  it.each(examples.valueMatches.false)('pattern %s does not match %s', (source, target) => {
    expect(compareCpeValues(ok(parseCpe23(`cpe:2.3:a:${source}:x:*:*:*:*:*:*:*:*`)).vendor, cpeValue(target))).toBe('DISJOINT');
  });
});

describe('NISTIR 7696 name comparison', () => {
  it.each(examples.nameMatching)('$source', (c) => {
    const s = c.sourceWfn ? wfnOf(c.sourceWfn) : ok(parseCpe(c.sourceFs!));
    const t = c.targetWfn ? wfnOf(c.targetWfn) : ok(parseCpe(c.targetUri!));
    expect([isDisjoint(s, t), isEqual(s, t), isSubset(s, t), isSuperset(s, t)]).toEqual([c.disjoint, c.equal, c.subset, c.superset]);
  });
});

describe('NISTIR 7695 5.3.2 value strings', () => {
  it.each(examples.validValues.valid)('%s is valid', (s) => expect(invalidWfnValueAt(s)).toBe(-1));
  it.each(examples.validValues.invalid)('%s is invalid', (s) => expect(invalidWfnValueAt(s)).toBeGreaterThanOrEqual(0));
});
