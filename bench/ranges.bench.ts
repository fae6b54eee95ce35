/**
 * OSV range evaluation: amortized nanoseconds per (version, compiled affected entry) check,
 * beside a floor of plain string equality against the entry's versions list. Entries are
 * sampled from the shared OSV corpus ($VIGIL_CORPUS_DIR, default ../shared/data) when it is
 * present, else generated. Target: ≤ 1 µs per check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { BenchSection } from './harness.js';
import { opsPerSecond } from './harness.js';
import { compileOsvAffected, type CompiledOsvAffected, type OsvAdvisory, type OsvAffected } from '../src/core/ranges/osv.js';
import { PreparedVersion } from '../src/core/ranges/prepared.js';

const SAMPLE_ENTRIES = 3000;
const QUERIES_PER_ENTRY = 6;

function corpusEntries(): { entries: OsvAffected[]; source: string } {
  const file = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data', 'osv/osv-advisories.jsonl.gz');
  if (!existsSync(file)) return { entries: generatedEntries(), source: 'generated (corpus not found)' };
  const all: OsvAffected[] = [];
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    if (line.length === 0) continue;
    const adv = JSON.parse(line) as OsvAdvisory;
    for (const a of adv.affected ?? []) if (a.ranges?.some((r) => r.type !== 'GIT')) all.push(a);
  }
  // Every k-th entry, so all ecosystems (Bitnami, Go, PyPI, crates.io) are represented.
  const step = Math.max(1, Math.floor(all.length / SAMPLE_ENTRIES));
  return {
    entries: all.filter((_, i) => i % step === 0).slice(0, SAMPLE_ENTRIES),
    source: `the shared OSV corpus (osv/osv-advisories.jsonl.gz; every ${step}th of ${all.length} entries with SEMVER/ECOSYSTEM ranges)`,
  };
}

function generatedEntries(): OsvAffected[] {
  const out: OsvAffected[] = [];
  for (let i = 0; i < SAMPLE_ENTRIES; i++) {
    const events = [];
    for (let k = 0; k < 1 + (i % 4); k++) events.push({ introduced: `${k * 2}.${i % 10}.0` }, { fixed: `${k * 2 + 1}.0.${i % 7}` });
    out.push({ package: { ecosystem: 'npm', name: `p${i}` }, ranges: [{ type: 'SEMVER', events }], versions: [`${i % 5}.0.0`] });
  }
  return out;
}

/** Versions worth asking about an entry: listed ones, event boundaries, and one outside. */
function queriesFor(a: OsvAffected): string[] {
  const q = new Set<string>(a.versions?.slice(0, 2) ?? []);
  for (const r of a.ranges ?? []) {
    for (const e of r.events) for (const v of [e.introduced, e.fixed, e.last_affected]) if (v !== undefined && v !== '0') q.add(v);
  }
  q.add('0.0.1');
  return [...q].slice(0, QUERIES_PER_ENTRY);
}

export default async function rangesBench(): Promise<BenchSection> {
  const { entries, source } = corpusEntries();
  const compileStart = performance.now();
  const compiled: CompiledOsvAffected[] = entries.map((a) => compileOsvAffected(a));
  const compileMs = performance.now() - compileStart;
  const pairs: { entry: CompiledOsvAffected; version: PreparedVersion; list: readonly string[] }[] = [];
  entries.forEach((a, i) => {
    const list = a.versions?.length ? a.versions : (a.ranges ?? []).flatMap((r) => r.events.map((e) => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? ''));
    for (const v of queriesFor(a)) pairs.push({ entry: compiled[i]!, version: new PreparedVersion(v), list });
  });

  let sink = 0;
  const checks = opsPerSecond(() => {
    for (const p of pairs) if (p.entry.evaluate(p.version).affected) sink++;
  }, pairs.length, 1500);
  const floor = opsPerSecond(() => {
    for (const p of pairs) if (p.list.includes(p.version.raw)) sink++;
  }, pairs.length, 1500);
  if (sink === 0) throw new Error('benchmark produced no work');

  const nsPerCheck = 1e9 / checks;
  const nsFloor = 1e9 / floor;
  return {
    title: 'OSV range evaluation (compiled affected entries)',
    rows: [
      { name: 'evaluate one version against one compiled entry (with reasons)', value: nsPerCheck, unit: 'ns/check', floor: nsFloor, target: '≤ 1,000 ns/check', pass: nsPerCheck <= 1000 },
      { name: 'compile one affected entry (cold: first compile, JIT included)', value: (compileMs * 1e6) / entries.length, unit: 'ns/entry' },
    ],
    notes:
      `Entries: ${entries.length} from ${source}; ${pairs.length} (entry, version) pairs, up to ${QUERIES_PER_ENTRY} versions per entry ` +
      '(listed versions, event boundaries, 0.0.1), each a PreparedVersion reused across runs so parsing is amortized as in matching. ' +
      'Floor: Array.prototype.includes of the raw version string in the entry\'s versions list (event strings when it has none).',
  };
}
