/**
 * CVSS throughput: parse+score of vectors of every version, beside a floor of splitting the same
 * strings on "/" and ":" (the cheapest way to read the metrics at all).
 */
import type { BenchSection } from './harness.js';
import { opsPerSecond } from './harness.js';
import { parseCvss, scoreCvss } from '../src/core/cvss/index.js';

const V3 = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
  'CVSS:3.1/AV:A/AC:H/PR:L/UI:N/S:C/C:H/I:L/A:L/E:F/RL:U/RC:R/CR:H/IR:M/AR:L/MAV:N/MAC:L/MPR:N/MUI:N/MS:C/MC:H/MI:H/MA:H',
  'CVSS:3.0/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:N/A:H/E:H/RL:W/RC:U/CR:H/IR:H/AR:M/MAV:L/MAC:L/MPR:H/MUI:N/MS:C/MC:N/MI:H/MA:L',
  'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:L/A:H',
];
const V4 = [
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L',
  'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:L/IR:L/AR:L',
  'CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:H',
];
const V2 = ['AV:N/AC:M/Au:N/C:C/I:C/A:C', 'AV:A/AC:H/Au:S/C:N/I:P/A:P/E:POC/RL:OF/RC:C/CDP:LM/TD:M/CR:M/IR:L/AR:L'];

function throughput(vectors: readonly string[]): { measured: number; floor: number } {
  let sink = 0;
  const measured = opsPerSecond(() => {
    for (const v of vectors) {
      const parsed = parseCvss(v);
      if (parsed.ok) sink += scoreCvss(parsed.value).overall;
    }
  }, vectors.length);
  const floor = opsPerSecond(() => {
    for (const v of vectors) for (const part of v.split('/')) sink += part.split(':').length;
  }, vectors.length);
  if (sink === -1) throw new Error('unreachable');
  return { measured, floor };
}

export default async function cvssBench(): Promise<BenchSection> {
  const v3 = throughput(V3);
  const v4 = throughput(V4);
  const v2 = throughput(V2);
  return {
    title: 'CVSS parse + score',
    rows: [
      { name: 'CVSS v3.x parse + score', value: v3.measured, unit: 'vectors/s', floor: v3.floor },
      { name: 'CVSS v4.0 parse + score (incl. CVSS-B re-score)', value: v4.measured, unit: 'vectors/s', floor: v4.floor },
      { name: 'CVSS v2.0 parse + score', value: v2.measured, unit: 'vectors/s', floor: v2.floor },
    ],
    notes:
      'Floor: `split("/")` then `split(":")` on the same strings. v4.0 vectors with threat/environmental metrics are scored twice or three times (overall, CVSS-B, CVSS-BT), as scoreCvss reports each group.',
  };
}
