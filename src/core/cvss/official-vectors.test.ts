import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCvss, scoreCvss } from './index.js';

// Reference scores transcribed from RedHatProductSecurity/cvss test-vector files (computed by
// FIRST's calculators); provenance per file in testdata/README.md.

interface V3Row {
  readonly vector: string;
  readonly base: number;
  readonly temporal?: number | null;
  readonly environmental?: number | null;
}
interface V4Row {
  readonly vector: string;
  readonly score: number;
}

function load<T>(name: string): readonly T[] {
  const url = new URL(`./testdata/${name}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { vectors: T[] }).vectors;
}

/** Scores every row and returns the rows that differ, so a failure lists them all at once. */
function mismatchesV2V3(rows: readonly V3Row[]): string[] {
  const wrong: string[] = [];
  for (const row of rows) {
    const parsed = parseCvss(row.vector);
    if (!parsed.ok) {
      wrong.push(`${row.vector}: ${parsed.error.code}`);
      continue;
    }
    const s = scoreCvss(parsed.value);
    const expected = [row.base, row.temporal ?? s.temporal, row.environmental ?? s.environmental];
    const actual = [s.base, s.temporal, s.environmental];
    if (expected.some((value, i) => value !== actual[i])) {
      wrong.push(`${row.vector}: expected ${expected.join('/')} got ${actual.join('/')}`);
    }
  }
  return wrong;
}

function mismatchesV4(rows: readonly V4Row[]): string[] {
  const wrong: string[] = [];
  for (const row of rows) {
    const parsed = parseCvss(row.vector);
    if (!parsed.ok) {
      wrong.push(`${row.vector}: ${parsed.error.code}`);
      continue;
    }
    const score = scoreCvss(parsed.value).overall;
    if (score !== row.score) wrong.push(`${row.vector}: expected ${row.score} got ${score}`);
  }
  return wrong;
}

describe('official CVSS test vectors', () => {
  it('CVSS v3.1: 1,522 vectors, base/temporal/environmental (FIRST v3.1 calculator)', () => {
    const rows = load<V3Row>('redhat-simple31.json');
    expect(rows).toHaveLength(1522);
    expect(mismatchesV2V3(rows)).toEqual([]);
  });

  it('CVSS v3.0: 253 vectors (v3.0 scope-changed environmental formula)', () => {
    const rows = load<V3Row>('redhat-simple3.json');
    expect(rows).toHaveLength(253);
    expect(mismatchesV2V3(rows)).toEqual([]);
  });

  it('CVSS v2.0: all 729 base vectors', () => {
    const rows = load<V3Row>('redhat-simple2.json');
    expect(rows).toHaveLength(729);
    expect(mismatchesV2V3(rows)).toEqual([]);
  });

  it('CVSS v2.0 and v3.0 vectors with temporal and environmental metrics', () => {
    const rows = load<V3Row>('redhat-mixed-v2-v30.json');
    expect(rows).toHaveLength(53);
    expect(mismatchesV2V3(rows)).toEqual([]);
  });

  it('CVSS v4.0: 619 base vectors (MacroVector interpolation)', () => {
    const rows = load<V4Row>('redhat-simple4.json');
    expect(rows).toHaveLength(619);
    expect(mismatchesV4(rows)).toEqual([]);
  });

  it('CVSS v4.0: threat, security requirement and supplemental metrics', () => {
    const rows = load<V4Row>('redhat-v4-threat-security-supplemental.json');
    expect(rows).toHaveLength(204);
    expect(mismatchesV4(rows)).toEqual([]);
  });
});
