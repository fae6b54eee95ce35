import { describe, expect, it } from 'vitest';
import { parseSupportCsv, planSupportUpdates, type StoredComponent } from './support-csv.js';

const components: StoredComponent[] = [
  { ref: 'pkg:generic/openssl@3.0.13', purl: 'pkg:generic/openssl@3.0.13', name: 'openssl', version: '3.0.13' },
  { ref: 'zlib-1', purl: 'pkg:generic/zlib@1.3.1', name: 'zlib', version: '1.3.1' },
  // Two copies of one library (vendored twice), told apart only by ref.
  { ref: 'lwip-a', purl: null, name: 'lwip', version: '2.1.3' },
  { ref: 'lwip-b', purl: null, name: 'lwip', version: '2.1.3' },
];
const identity = (p: string) => p.toLowerCase();

describe('support CSV', () => {
  it('reads spreadsheet headers loosely and names components by ref, purl or name + version', () => {
    const text = '\uFEFFBOM-Ref,Package URL,Name,Version,Level of support,End-of-support date,Notes\n' +
      'zlib-1,,,,actively maintained,2030-12-31,community\n' +
      ',PKG:generic/openssl@3.0.13,,,,2026-09-07,\n' +
      ',,lwip,2.1.3,no longer maintained,,\n';
    const { rows, errors } = parseSupportCsv(text);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, key: { by: 'ref', ref: 'zlib-1' }, set: { levelOfSupport: 'actively maintained', endOfSupport: '2030-12-31' } },
      { line: 3, key: { by: 'purl', purl: 'PKG:generic/openssl@3.0.13' }, set: { endOfSupport: '2026-09-07' } },
      { line: 4, key: { by: 'name', name: 'lwip', version: '2.1.3' }, set: { levelOfSupport: 'no longer maintained' } },
    ]);
    const plan = planSupportUpdates(rows, components, identity);
    expect(plan.errors).toEqual([]);
    expect(plan.updates).toEqual([
      { ref: 'zlib-1', set: { levelOfSupport: 'actively maintained', endOfSupport: '2030-12-31' } },
      { ref: 'pkg:generic/openssl@3.0.13', set: { endOfSupport: '2026-09-07' } },
      { ref: 'lwip-a', set: { levelOfSupport: 'no longer maintained' } },
      { ref: 'lwip-b', set: { levelOfSupport: 'no longer maintained' } },
    ]);
  });

  it('accepts semicolon-separated files from European spreadsheet locales', () => {
    const { rows, errors } = parseSupportCsv('ref;supplier\nzlib-1;"zlib project; Jean-loup Gailly"\n');
    expect(errors).toEqual([]);
    expect(rows[0]?.set).toEqual({ supplier: 'zlib project; Jean-loup Gailly' });
  });

  it('refuses a header without a key or without a value column', () => {
    expect(parseSupportCsv('version,level_of_support\n1,x\n').errors[0]?.message).toMatch(/names the component/);
    expect(parseSupportCsv('ref,owner\nzlib-1,me\n').errors[0]?.message).toMatch(/at least one of/);
    expect(parseSupportCsv('').errors[0]?.message).toMatch(/empty/);
  });

  it('names the line of a bad date, an empty key and an unclosed quote', () => {
    const { errors } = parseSupportCsv('ref,end_of_support\nzlib-1,31/12/2030\n,2030-01-01\nx,2030-02-30x\n');
    expect(errors).toEqual([
      { line: 2, message: 'end_of_support "31/12/2030" is not a date written YYYY-MM-DD.' },
      { line: 3, message: 'The row names no component (ref, purl and name are all empty).' },
      { line: 4, message: 'end_of_support "2030-02-30x" is not a date written YYYY-MM-DD.' },
    ]);
    expect(parseSupportCsv('ref,supplier\n"zlib-1,x\n').errors[0]?.message).toMatch(/^Not readable as CSV/);
  });

  it('reports rows that match nothing and rows that contradict each other', () => {
    const { rows } = parseSupportCsv('ref,purl,level_of_support\nzlib-1,,a\n,pkg:generic/zlib@1.3.1,b\nnope,,c\n');
    const plan = planSupportUpdates(rows, components, identity);
    expect(plan.errors).toEqual([
      { line: 3, message: 'Line 2 already sets levelOfSupport of zlib-1 to "a".' },
      { line: 4, message: 'No component of this SBOM has ref "nope".' },
    ]);
  });
});
