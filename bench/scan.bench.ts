/**
 * `vigil scan` of a 10,000-component SBOM against a snapshot (issue 6 target: ≤ 2 s end to
 * end, start-up included). Timed as a pipeline runs it: `node bin/vigil.js scan …` as a child
 * process, p50 of several runs. Floor, in the same run: a `node -e` child that reads the SBOM
 * and JSON.parses it, and reads the snapshot (gunzip, split lines, JSON.parse each) — the
 * least any offline scanner must do with the same two files.
 *
 * The snapshot is built from the shared OSV corpus ($VIGIL_CORPUS_DIR/osv/osv-advisories.jsonl.gz,
 * default ../shared/data) with the real CISA KEV catalog beside it when present, else from
 * generated records of the same shape; the SBOM draws a third of its components from the
 * packages those records name (so matching has real work), the rest are npm/Maven/NuGet/gem
 * packages the records do not name.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKev } from '../src/formats/kev/index.js';
import { readOsvJsonLines } from '../src/formats/osv/index.js';
import type { IntelRecord } from '../src/formats/intel/model.js';
import { createSnapshotWriter } from '../src/modules/intel/snapshot-file.js';
import { encodeEpss, encodeHeader, encodeKev, encodeRecord, SNAPSHOT_CHUNK, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, snapshotRecordFromIntel, type SnapshotRecord } from '../src/modules/intel/snapshot.js';
import { medianMs, type BenchRow, type BenchSection } from './harness.js';

const COMPONENTS = 10_000;
const RUNS = 5;
const TARGET_MS = 2000;
const BIN = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
const ENTRY = fileURLToPath(new URL('./scan-entry.ts', import.meta.url));
const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');

/** A deterministic stream of numbers in [0, 1), so every run builds the same inputs. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

async function corpusRecords(): Promise<{ records: IntelRecord[]; source: string }> {
  const file = join(corpusDir, 'osv', 'osv-advisories.jsonl.gz');
  if (!existsSync(file)) return { records: generatedRecords(20_000), source: 'generated: 20,000 OSV records of npm, PyPI, Go and crates.io packages, one SEMVER range each' };
  const records: IntelRecord[] = [];
  for await (const item of readOsvJsonLines(file)) if ('record' in item && item.record) records.push(item.record);
  return { records, source: `the shared OSV corpus (${file}: ${records.length.toLocaleString('en-US')} advisories of Go, PyPI, crates.io, OSS-Fuzz and Bitnami read by Vigil's OSV reader)` };
}

function generatedRecords(n: number): IntelRecord[] {
  const ecosystems = ['npm', 'PyPI', 'Go', 'crates.io'];
  return Array.from({ length: n }, (_, i) => ({
    id: `BENCH-${i}`, source: 'osv' as const, aliases: [`CVE-2026-${10_000 + i}`], related: [], modified: '2026-11-01T00:00:00Z',
    summary: `Generated advisory ${i}`, severities: [{ type: 'CVSS_V3', vector: i % 3 === 0 ? 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' : 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N' }],
    cwes: ['CWE-79'], references: [], cpeConfigurations: [],
    affected: [{ package: { ecosystem: ecosystems[i % 4]!, name: `bench-pkg-${i % 5000}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: `1.${(i % 9) + 1}.0` }] }] }],
  }));
}

const PURL_TYPES: Record<string, string> = { Go: 'golang', PyPI: 'pypi', 'crates.io': 'cargo', npm: 'npm', Bitnami: 'bitnami' };

/**
 * The distinct packages the records name, each with the version a real SBOM would most
 * likely carry: every tenth at a version one of its ranges introduces (affected), the rest
 * past the highest fix the records name (current, so not affected but still evaluated).
 */
function recordPackages(records: readonly SnapshotRecord[]): { type: string; name: string; version: string }[] {
  const byPackage = new Map<string, { type: string; name: string; introduced: string | undefined; fixes: string[] }>();
  for (const r of records) {
    for (const a of r.affected) {
      const type = a.package ? PURL_TYPES[a.package.ecosystem] : undefined;
      if (!type || !a.package) continue;
      const key = `${type}/${a.package.name}`;
      let p = byPackage.get(key);
      if (!p) byPackage.set(key, (p = { type, name: a.package.name, introduced: undefined, fixes: [] }));
      for (const e of a.ranges?.flatMap((g) => g.events) ?? []) {
        if (e.introduced !== undefined && e.introduced !== '0') p.introduced ??= e.introduced;
        if (e.fixed !== undefined) p.fixes.push(e.fixed);
      }
    }
  }
  const major = (v: string) => Number(/^v?(\d+)/.exec(v)?.[1] ?? 0);
  return [...byPackage.values()].map((p, i) => ({
    type: p.type,
    name: p.name,
    version: i % 10 === 0 && p.introduced ? p.introduced : `${Math.max(0, ...p.fixes.map(major)) + 1}.0.0`,
  }));
}

function purlOf(type: string, name: string, version: string): string {
  if (type === 'golang' || type === 'maven') {
    const parts = name.split(type === 'maven' ? ':' : '/');
    const last = parts.pop()!;
    return `pkg:${type}/${parts.map(encodeURIComponent).join('/')}/${encodeURIComponent(last)}@${encodeURIComponent(version)}`;
  }
  return `pkg:${type}/${encodeURIComponent(type === 'pypi' ? name.toLowerCase() : name)}@${encodeURIComponent(version)}`;
}

/**
 * 10,000 components: `named` of them packages the intelligence names (each package once), the
 * rest common packages it does not name, every 50th a firmware module known by CPE only.
 */
function generateSbom(records: readonly SnapshotRecord[], named: number): { text: string; fromIntel: number } {
  const next = random(6);
  const packages = recordPackages(records);
  const components: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const add = (c: Record<string, unknown>) => {
    if (seen.has(c['bom-ref'] as string)) return;
    seen.add(c['bom-ref'] as string);
    components.push(c);
  };
  // Shuffled, so the third taken mixes ecosystems as the corpus does.
  const shuffled = packages.map((p) => ({ p, k: next() })).sort((a, b) => a.k - b.k).map((x) => x.p);
  for (const p of shuffled.slice(0, named)) {
    const purl = purlOf(p.type, p.name, p.version);
    add({ type: 'library', 'bom-ref': purl, name: p.name.split(/[/:]/).pop(), version: p.version, purl });
  }
  const fromIntel = components.length;
  const others = ['npm', 'maven', 'nuget', 'gem'] as const;
  for (let i = 0; components.length < COMPONENTS; i++) {
    const type = others[i % others.length]!;
    const version = `${1 + (i % 7)}.${i % 13}.${i % 5}`;
    if (i % 50 === 0) {
      add({ type: 'firmware', 'bom-ref': `fw-${i}`, name: `module-${i}`, version, cpe: `cpe:2.3:o:vendor${i % 17}:module-${i}_firmware:${version}:*:*:*:*:*:*:*` });
      continue;
    }
    const name = type === 'maven' ? `com.example.group${i % 40}:artifact-${i}` : type === 'npm' && i % 3 === 0 ? `@scope${i % 30}/pkg-${i}` : `pkg-${i}`;
    const purl = type === 'npm' && name.startsWith('@') ? `pkg:npm/${encodeURIComponent(name.split('/')[0]!)}/${name.split('/')[1]}@${version}` : purlOf(type, name, version);
    add({ type: 'library', 'bom-ref': purl, ...(type === 'maven' ? { group: name.split(':')[0] } : {}), name: type === 'maven' ? name.split(':')[1] : name, version, purl, licenses: [{ license: { id: 'MIT' } }] });
  }
  return { text: JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, metadata: { timestamp: '2026-12-01T00:00:00Z' }, components }), fromIntel };
}

async function writeBenchSnapshot(path: string, records: readonly SnapshotRecord[]): Promise<{ kev: number; epss: number; kevSource: string }> {
  const cves = new Set(records.map((r) => r.vulnId).filter((id) => id.startsWith('CVE-')));
  const kevFile = join(corpusDir, 'kev', 'known_exploited_vulnerabilities.json');
  const kevIds = existsSync(kevFile) ? parseKev(readFileSync(kevFile, 'utf8')).entries.map((e) => e.cveId).filter((id) => cves.has(id)) : [...cves].filter((_, i) => i % 50 === 0);
  // No EPSS file is in the corpus: every CVE gets a score drawn from a skewed distribution, as real EPSS is (most scores are tiny).
  const next = random(42);
  const epss = [...cves].sort().map((cve) => [cve, Number((next() ** 6).toFixed(5)), Number(next().toFixed(5))] as const);
  const writer = createSnapshotWriter(path);
  await writer.line(encodeHeader({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, createdAt: new Date().toISOString(), org: 'bench', counts: { records: records.length, kev: kevIds.length, epss: epss.length } }));
  for (const r of records) await writer.line(encodeRecord(r));
  for (let i = 0; i < kevIds.length; i += SNAPSHOT_CHUNK) await writer.line(encodeKev(kevIds.slice(i, i + SNAPSHOT_CHUNK)));
  for (let i = 0; i < epss.length; i += SNAPSHOT_CHUNK) await writer.line(encodeEpss(epss.slice(i, i + SNAPSHOT_CHUNK)));
  await writer.close();
  return { kev: kevIds.length, epss: epss.length, kevSource: existsSync(kevFile) ? `the real CISA KEV catalog (${kevFile}) cut to the CVEs the records carry` : 'every 50th CVE (no KEV file found)' };
}

function runChild(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** The floor: read both files the scan reads and parse them, nothing else. */
const FLOOR_SCRIPT = `
const { readFileSync, createReadStream } = require('node:fs');
const { createGunzip } = require('node:zlib');
const [sbom, snapshot] = process.argv.slice(1);
JSON.parse(readFileSync(sbom, 'utf8'));
let rest = '';
createReadStream(snapshot).pipe(createGunzip()).on('data', (chunk) => {
  const lines = (rest + chunk.toString('utf8')).split('\\n');
  rest = lines.pop();
  for (const line of lines) if (line) JSON.parse(line);
}).on('end', () => { if (rest) JSON.parse(rest); });
`;

/** Where a scan's time goes, measured once in this (warm) process with the same modules the CLI uses. */
async function inProcess(sbom: string, snapshot: string): Promise<{ snapshot: number; sbom: number; scan: number; candidates: number }> {
  const { readSnapshotFile } = await import('../src/modules/intel/snapshot-file.js');
  const { readScanSbom } = await import('../src/modules/intel/scan-input.js');
  const { scanDocument } = await import('../src/modules/intel/scan.js');
  const { componentIdentity } = await import('../src/modules/intel/matching.js');
  let start = performance.now();
  const { index } = await readSnapshotFile(snapshot);
  const snapshotMs = performance.now() - start;
  start = performance.now();
  const read = readScanSbom(readFileSync(sbom));
  const sbomMs = performance.now() - start;
  if (!read.ok) throw new Error(read.message);
  start = performance.now();
  scanDocument(read.document, index, { file: sbom, encoding: read.encoding, intelligence: { source: 'snapshot', org: 'bench', asOf: '' }, failOn: ['critical'] });
  const scanMs = performance.now() - start;
  const candidates = new Set(read.document.components.flatMap((c) => index.candidates(componentIdentity({ name: c.name, group: c.group ?? null, version: c.version ?? null, purl: c.purl ?? null, cpe: c.cpe ?? null }).packageKeys))).size;
  return { snapshot: snapshotMs, sbom: sbomMs, scan: scanMs, candidates };
}

export default async function run(): Promise<BenchSection> {
  // VIGIL_BENCH_KEEP_DIR keeps the generated SBOM and snapshot there, to profile or inspect them.
  const keep = process.env['VIGIL_BENCH_KEEP_DIR'];
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'vigil-bench-scan-'));
  mkdirSync(dir, { recursive: true });
  try {
    const { records: intel, source } = await corpusRecords();
    // The snapshot rule: every record of a vulnerability that has at least one record naming a package key.
    const all = intel.map(snapshotRecordFromIntel);
    const matchable = new Set(all.filter((r) => r.keys.length > 0).map((r) => r.vulnId));
    const records = all.filter((r) => matchable.has(r.vulnId));
    const snapshot = join(dir, 'intel.jsonl.gz');
    const written = await writeBenchSnapshot(snapshot, records);
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    const floorOf = (sbom: string) => medianMs(() => runChild(['-e', FLOOR_SCRIPT, sbom, snapshot]), RUNS);

    /** Writes an SBOM with `named` components the records name, scans it once for its counts, then times the scan RUNS times. */
    async function scenario(name: string, named: number) {
      const { text, fromIntel } = generateSbom(records, named);
      const sbom = join(dir, `${name}.cdx.json`);
      writeFileSync(sbom, text);
      const output = join(dir, `${name}.result.json`);
      const args = ['scan', sbom, '--snapshot', snapshot, '--format', 'json', '--output', output, '--fail-on', 'critical'];
      const first = await runChild([BIN, ...args]);
      if (first.code !== 0 && first.code !== 1) throw new Error(`vigil scan exited with ${first.code}: ${first.stderr}`);
      const { summary } = JSON.parse(readFileSync(output, 'utf8')) as { summary: { findings: number; vulnerabilities: number } };
      return { sbom, args, text, fromIntel, summary, ms: await medianMs(() => runChild([BIN, ...args]), RUNS) };
    }

    // A realistic mix: about one component in seven with any advisory (SBOM studies of real
    // applications find 10–20 %), and a stress case with every package the corpus names.
    const usual = await scenario('usual', Math.round(COMPONENTS * 0.15));
    const stress = await scenario('stress', COMPONENTS);
    const floorMs = await floorOf(usual.sbom);
    const entryMs = await medianMs(() => runChild(['--import', 'tsx', ENTRY, ...usual.args.slice(1)]), RUNS);
    const versionMs = await medianMs(() => runChild([BIN, '--version']), RUNS);
    const stressFloorMs = await floorOf(stress.sbom);
    const phases = await inProcess(usual.sbom, snapshot);
    const n = (x: number) => x.toLocaleString('en-US');
    const rows: BenchRow[] = [
      { name: `\`node bin/vigil.js scan\` of a ${n(COMPONENTS)}-component CycloneDX SBOM against the snapshot, end to end (p50 of ${RUNS})`, value: usual.ms, unit: 'ms', floor: floorMs, target: `≤ ${n(TARGET_MS)} ms`, pass: usual.ms <= TARGET_MS },
      { name: '`node bin/vigil.js --version`: start-up of the CLI with every verb’s module loaded (what --help and --version load)', value: versionMs, unit: 'ms', floor: floorMs },
      { name: 'the same scan entered at src/cli/scan-run.ts (tsx and the scan’s own modules only)', value: entryMs, unit: 'ms', floor: floorMs },
      { name: `stress: every package the corpus names in the SBOM (${n(stress.fromIntel)} of ${n(COMPONENTS)} components), end to end`, value: stress.ms, unit: 'ms', floor: stressFloorMs },
      { name: 'in this process, modules loaded: read the snapshot into the index', value: phases.snapshot, unit: 'ms' },
      { name: 'in this process: read and validate the SBOM (the first CycloneDX 1.6 document: schema compile included)', value: phases.sbom, unit: 'ms' },
      { name: `in this process: match the ${n(COMPONENTS)} components (${n(phases.candidates)} candidate records parsed and compiled) and build the result`, value: phases.scan, unit: 'ms' },
    ];
    return {
      title: 'Offline CI scan (issue 6)',
      rows,
      notes:
        `Snapshot: ${n(records.length)} records from ${source}; ${written.kev} KEV ids from ${written.kevSource}; ${n(written.epss)} EPSS scores, generated (the corpus has no EPSS file). File ${mib(statSync(snapshot).size)} MiB gzip. ` +
        `SBOM: generated CycloneDX 1.6 JSON, ${n(COMPONENTS)} components (${mib(usual.text.length)} MiB): ${n(usual.fromIntel)} distinct packages the records name (Go, PyPI, crates.io and Bitnami purls; every tenth at a version a range introduces, the others past the highest fix named), the rest npm (a third scoped), Maven, NuGet and RubyGems packages they do not name, and every 50th a firmware module identified by CPE only. ` +
        `It has ${n(usual.summary.findings)} findings of ${n(usual.summary.vulnerabilities)} vulnerabilities (the stress SBOM ${n(stress.summary.findings)} of ${n(stress.summary.vulnerabilities)}). Output: --format json to a file, --fail-on critical. ` +
        `Floor: \`node -e\` reading and JSON.parsing the SBOM and the snapshot (gunzip, every line parsed), p50 of ${RUNS}. ` +
        'The end-to-end rows include the start-up of `vigil` itself: bin/vigil.js registers tsx, and src/cli/main.ts loads only the module of the verb being run (`scan` → scan.ts; the database layer and Fastify are never loaded). `--version` and `--help` name no verb, so that row loads every verb’s module (serve, admin, SBOM and intelligence import) — the cost a scan no longer pays. The scan-run.ts row enters the scan module directly, without bin/vigil.js.',
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
