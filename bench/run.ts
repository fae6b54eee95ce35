/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose file name contains an
 * argument, e.g. `npm run bench -- core`) and rewrites the matching sections of bench/RESULTS.md.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { Bench, BenchSection } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const resultsPath = join(here, 'RESULTS.md');
const previous = await readFile(resultsPath, 'utf8').catch(() => '');
const sections = new Map<string, string>();
for (const m of previous.matchAll(/<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) sections.set(m[1]!, m[2]!);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
let failed = 0;

for (const file of files) {
  const key = file.replace(/\.bench\.ts$/, '');
  process.stdout.write(`bench ${key} ...\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Bench };
  const section = await mod.default();
  failed += section.rows.filter((r) => r.pass === false).length;
  sections.set(key, render(section));
  process.stdout.write(render(section) + '\n');
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

function render(s: BenchSection): string {
  const lines = [`## ${s.title}`, '', `Measured ${date} on ${machine}.`, ''];
  lines.push('| measure | value | floor | ratio to floor | target | met |', '|---|---|---|---|---|---|');
  for (const r of s.rows) {
    const ratio = r.floor ? (r.value / r.floor).toFixed(2) : '';
    lines.push(`| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.floor ? `${fmt(r.floor)} ${r.unit}` : ''} | ${ratio} | ${r.target ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'yes' : '**no**'} |`);
  }
  if (s.notes) lines.push('', s.notes);
  return lines.join('\n') + '\n';
}

const body = [...sections.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([k, v]) => `<!-- bench:${k} -->\n${v}<!-- /bench:${k} -->`)
  .join('\n\n');
await writeFile(resultsPath, `# Benchmark results\n\nWritten by \`npm run bench\`; each section is replaced when its benchmark runs again.\n\n${body}\n`);
if (failed > 0) process.stdout.write(`${failed} target(s) not met\n`);
