/**
 * Version schemes: compare/s on pre-parsed versions and parse/s, for npm, PyPI, Maven and
 * (when present) Debian, beside a floor of plain string comparison (`a < b`) over the same
 * strings measured in the same run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { opsPerSecond, type BenchRow, type BenchSection } from './harness.js';
import { schemeById } from '../src/core/versions/index.js';
import type { VersionScheme } from '../src/core/versions/scheme.js';

const INPUTS: Record<string, string[]> = {
  npm: ['1.2.3', '1.2.4', '1.10.0', '2.0.0-alpha.1', '2.0.0-alpha.2', '2.0.0-beta', '2.0.0', '0.9.12', '10.1.3-rc.1', '1.2.3+build.5', '4.17.21', '7.8.6'],
  pypi: ['1.0', '1.0.0', '1.0a1', '1.0b2.post3', '1.0rc1', '1.0.post1', '2.0.dev4', '1!1.0', '1.0+local.7', '2.31.0', '0.9.9', '3.11.7'],
  maven: ['1.0', '1.0.0', '1.0-alpha-1', '1.0-SNAPSHOT', '1.0-rc2', '2.0.1-xyz', '2.17.1', '5.3.30', '1.0.final', '1.0-sp1', '31.1-jre', '2.13.4.2'],
  deb: ['1.0-1', '1:2.3.4-5', '2.36-9+deb12u4', '1.2.3~rc1-1', '3.0.11-1~deb12u2', '7.88.1-10+deb12u5', '1.1.1n-0+deb11u5', '2.9.14+dfsg-1.3'],
};

const COMPARE_TARGET = 2_000_000;
const PARSE_TARGET = 500_000;

function stringFloor(strings: string[]): number {
  let sink = 0;
  return opsPerSecond(() => {
    for (let i = 0; i < strings.length; i++) for (let j = 0; j < strings.length; j++) if (strings[i]! < strings[j]!) sink++;
    if (sink < 0) throw new Error('unreachable');
  }, strings.length * strings.length);
}

function measure(scheme: VersionScheme, strings: string[]): { compare: number; parse: number } {
  const parsed = strings.map((s) => {
    const r = scheme.parse(s);
    if (!r.ok) throw new Error(`${scheme.id}: bench input ${s} does not parse`);
    return r.value;
  });
  let sink = 0;
  const compare = opsPerSecond(() => {
    for (let i = 0; i < parsed.length; i++) for (let j = 0; j < parsed.length; j++) sink += scheme.compare(parsed[i], parsed[j]);
  }, parsed.length * parsed.length);
  const parse = opsPerSecond(() => {
    for (let i = 0; i < strings.length; i++) if (scheme.parse(strings[i]!).ok) sink++;
  }, strings.length);
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return { compare, parse };
}

export default async function versionsBench(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const ids = ['npm', 'pypi', 'maven'];
  const debPath = fileURLToPath(new URL('../src/core/versions/deb.ts', import.meta.url));
  if (existsSync(debPath) && schemeById('deb')) ids.push('deb');
  for (const id of ids) {
    const strings = INPUTS[id]!;
    const floor = stringFloor(strings);
    const { compare, parse } = measure(schemeById(id)!, strings);
    rows.push({ name: `${id} compare (pre-parsed)`, value: compare, unit: 'ops/s', floor, target: '>= 2,000,000 ops/s', pass: compare >= COMPARE_TARGET });
    rows.push({ name: `${id} parse`, value: parse, unit: 'ops/s', floor, target: '>= 500,000 ops/s', pass: parse >= PARSE_TARGET });
  }
  return {
    title: 'Version schemes (src/core/versions)',
    rows,
    notes:
      'Floor: plain JavaScript string comparison `a < b` over the same version strings (all ordered pairs), measured in the same run; it is not a correct version order, only the cheapest comparison possible. Compare rows run every ordered pair of 8–12 realistic versions per scheme on pre-parsed values; parse rows parse the same strings.',
  };
}
