/**
 * Corpus check of the OSV readers (src/formats/osv) on real advisories: every line of the
 * OSV.dev export yields a record, or an error issue located at its line (schema problems
 * with a JSON pointer). Schema-invalid records are listed in KNOWN_SCHEMA_INVALID, each
 * investigated; any other refusal fails the test with its issue.
 *
 * The corpus is NOT in the repository: it is read from $VIGIL_CORPUS_DIR (default
 * ../shared/data), file osv/osv-advisories.jsonl.gz. Run: npx vitest run --project corpus
 */
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { IntelIssue } from '../../src/formats/intel/model.js';
import { idPrefix, readOsvJsonLines } from '../../src/formats/osv/index.js';

const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');
const corpusFile = resolve(corpusDir, 'osv/osv-advisories.jsonl.gz');

/** Records of the corpus that do not conform to the OSV schema, and why. */
const KNOWN_SCHEMA_INVALID: readonly { id: string; pointer: string; why: string }[] = [
  {
    id: 'PYSEC-2024-55',
    pointer: '/modified',
    why:
      'modified is "1-01-01T00:00:00Z": a zero time printed without its four-digit year (Go writes ' +
      '0001-01-01T00:00:00Z). Neither the schema\'s date-time format nor its timestamp pattern accepts it.',
  },
];

function requireCorpus(): void {
  if (!existsSync(corpusFile)) {
    throw new Error(
      `OSV corpus not found at ${corpusFile}. Set VIGIL_CORPUS_DIR to the directory holding osv/osv-advisories.jsonl.gz ` +
        '(default ../shared/data relative to the repository root).',
    );
  }
}

/** Non-blank lines of the corpus, counted independently of the reader. */
async function countLines(): Promise<number> {
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(corpusFile).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (line.trim() !== '') count++;
  }
  return count;
}

const lineOf = (issue: IntelIssue) => Number(/^line (\d+)/.exec(issue.location ?? '')?.[1]);

describe('OSV corpus: the JSON-lines reader', () => {
  it('turns every line into a record or a located issue, refusing only the known schema-invalid records', async () => {
    requireCorpus();
    const lines = await countLines();
    const bySource = new Map<string, number>();
    const byPrefix = new Map<string, number>();
    const errors: IntelIssue[] = [];
    const warnings: IntelIssue[] = [];
    let records = 0;
    let withdrawn = 0;
    for await (const item of readOsvJsonLines(corpusFile)) {
      if ('issue' in item) {
        (item.issue.severity === 'error' ? errors : warnings).push(item.issue);
        continue;
      }
      const r = item.record;
      records++;
      if (r.withdrawn !== undefined) withdrawn++;
      bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
      byPrefix.set(idPrefix(r.id), (byPrefix.get(idPrefix(r.id)) ?? 0) + 1);
      expect(r.aliases, r.id).not.toContain(r.id);
    }

    const schemaInvalid = errors.filter((e) => e.code === 'osv.schema.invalid');
    console.log(
      [
        `OSV corpus: ${lines} lines → ${records} records, ${errors.length} refused (${schemaInvalid.length} schema-invalid), ${warnings.length} warnings; ${withdrawn} withdrawn.`,
        `By source: ${[...bySource].map(([k, n]) => `${k} ${n}`).join(', ')}.`,
        `By database: ${[...byPrefix].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}.`,
        ...errors.map((e) => `  ${e.location}: ${e.code} ${e.message}`),
        ...KNOWN_SCHEMA_INVALID.map((k) => `Known schema-invalid ${k.id}: ${k.why}`),
      ].join('\n'),
    );

    expect(lines).toBeGreaterThan(19_000);
    // One outcome per line: a record, or one error located at that line.
    expect(records + errors.length).toBe(lines);
    expect(new Set(errors.map(lineOf)).size).toBe(errors.length);
    expect(errors.every((e) => Number.isInteger(lineOf(e)) && lineOf(e) <= lines)).toBe(true);
    expect(errors.map((e) => e.code).filter((c) => c !== 'osv.schema.invalid')).toEqual([]);
    const refused = schemaInvalid.map((e) => ({ id: /OSV record (\S+)/.exec(e.message)?.[1], pointer: e.location?.split('#')[1] }));
    expect(refused).toEqual(KNOWN_SCHEMA_INVALID.map(({ id, pointer }) => ({ id, pointer })));
    expect(warnings).toEqual([]);
  });
});
