/**
 * Corpus check of OSV range evaluation (src/core/ranges/osv.ts) against real advisories.
 *
 * For every `affected[]` entry that has both evaluable ranges and an explicit `versions[]`
 * list, every listed version must be inside the ranges (the schema calls the ranges "a
 * compact form of a larger versions list"). Disagreements are either:
 *   - a listed version the ecosystem's scheme cannot parse (the range cannot be evaluated
 *     for it, status `unknown`): counted and reported, see LEGACY_VERSIONS_NOTE; or
 *   - an entry of KNOWN_QUIRKS below, each investigated and explained;
 * anything else fails the test with the full details.
 *
 * The corpus is NOT in the repository: it is read from $VIGIL_CORPUS_DIR (default
 * ../shared/data), file osv/osv-advisories.jsonl.gz. Run: npx vitest run --project corpus
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compileOsvAffected, type OsvAdvisory, type OsvAffected } from '../../src/core/ranges/osv.js';

const corpusDir = resolve(process.env['VIGIL_CORPUS_DIR'] ?? '../shared/data');
const corpusFile = resolve(corpusDir, 'osv/osv-advisories.jsonl.gz');

const LEGACY_VERSIONS_NOTE =
  'Listed versions that are not valid PEP 440 (e.g. buildbot "0.7.10p1", cherrypy "2.0.0-final", ' +
  'ipython "0.7.1.fix1", joblib "0.3.2d"): releases from before PEP 440 that OSV.dev enumerated from ' +
  'PyPI. packaging >= 22 rejects them too, so no ECOSYSTEM range can be evaluated for them; the ' +
  'versions list still matches them exactly.';

/** Investigated disagreements between an entry's ranges and its own versions list. */
const KNOWN_QUIRKS: readonly { id: string; versions: readonly string[]; why: string }[] = [
  {
    id: 'PYSEC-2023-61',
    versions: ['3.2a1', '3.2b1', '3.2rc1', '4.2a1', '4.2b1', '4.2rc1'],
    why:
      'django: the ranges start at "introduced: 3.2" and "introduced: 4.2", but the list also names the ' +
      '3.2 and 4.2 pre-releases, which PEP 440 orders BEFORE 3.2 / 4.2. The list is wider than the ranges ' +
      '(data quirk; our PEP 440 order agrees with packaging: 3.2a1 < 3.2).',
  },
  {
    id: 'PYSEC-2023-177',
    versions: ['23.9.0', '23.9.0.post1'],
    why:
      'gevent: the ECOSYSTEM range says "fixed: 23.9.0" yet the list (derived from the GIT range, whose ' +
      'fix commit comes after the 23.9.0 tag) names 23.9.0 and 23.9.0.post1. The two parts of the entry ' +
      'contradict each other; the evaluator correctly reports them as outside the range.',
  },
  {
    id: 'PYSEC-2021-114',
    versions: ['2.11.6'],
    why:
      'wagtail: one ECOSYSTEM range holds OVERLAPPING pairs [2.11, 2.11.7) and [0, 2.11.6). The schema ' +
      'evaluates the sorted events as one timeline (introduced 0, introduced 2.11, fixed 2.11.6, fixed 2.11.7 …), ' +
      'so "fixed 2.11.6" switches 2.11.6 to unaffected although the other pair covers it. We follow the ' +
      'schema\'s pseudo-code exactly; the list was generated as a union of pairs. Data quirk (pairs should ' +
      'have been separate ranges).',
  },
];

interface Disagreement {
  readonly id: string;
  readonly entry: number;
  readonly pkg: string;
  readonly version: string;
  readonly status: string;
  readonly ranges: string;
}

function loadCorpus(): OsvAdvisory[] {
  if (!existsSync(corpusFile)) {
    throw new Error(
      `OSV corpus not found at ${corpusFile}. Set VIGIL_CORPUS_DIR to the directory holding osv/osv-advisories.jsonl.gz ` +
        '(default ../shared/data relative to the repository root).',
    );
  }
  return gunzipSync(readFileSync(corpusFile))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as OsvAdvisory);
}

describe('OSV corpus: ranges agree with explicit versions lists', () => {
  it('every listed version lies inside its entry\'s ranges, except explained quirks', () => {
    const advisories = loadCorpus();
    expect(advisories.length).toBeGreaterThan(19_000);

    let entriesChecked = 0;
    let versionsChecked = 0;
    let entriesWithoutEvaluableRange = 0;
    const legacy: Disagreement[] = [];
    const unexplained: Disagreement[] = [];
    const quirkHits = new Map<string, Set<string>>();

    for (const adv of advisories) {
      (adv.affected ?? []).forEach((a: OsvAffected, index) => {
        const versions = a.versions ?? [];
        if (!a.ranges?.length || versions.length === 0) return;
        // Ranges only: the list is what we check against.
        const rangesOnly = compileOsvAffected({ ...a, versions: [] });
        if (rangesOnly.intervals().length === 0) {
          entriesWithoutEvaluableRange++;
          return;
        }
        entriesChecked++;
        for (const version of versions) {
          versionsChecked++;
          const verdict = rangesOnly.evaluate(version);
          if (verdict.reasons.some((r) => r.kind === 'range')) continue;
          const d: Disagreement = {
            id: adv.id,
            entry: index,
            pkg: `${a.package?.ecosystem}/${a.package?.name}`,
            version,
            status: `${verdict.status} ${verdict.notEvaluable.map((p) => p.code).join(',')}`,
            ranges: JSON.stringify(a.ranges.filter((r) => r.type !== 'GIT').map((r) => r.events)),
          };
          const quirk = KNOWN_QUIRKS.find((q) => q.id === adv.id && q.versions.includes(version));
          if (verdict.notEvaluable.some((p) => p.code === 'osv.version.unparseable')) legacy.push(d);
          else if (quirk !== undefined) {
            const set = quirkHits.get(quirk.id) ?? new Set<string>();
            set.add(version);
            quirkHits.set(quirk.id, set);
          } else unexplained.push(d);
        }
      });
    }

    const fmt = (d: Disagreement) => `${d.id} affected[${d.entry}] ${d.pkg} ${d.version}: ${d.status} ranges=${d.ranges}`;
    console.log(
      [
        `OSV corpus: ${advisories.length} advisories; ${entriesChecked} entries with ranges + versions checked, ` +
          `${versionsChecked} listed versions evaluated; ${entriesWithoutEvaluableRange} entries skipped (only GIT ranges).`,
        `Listed versions the scheme cannot parse (${legacy.length}, in ${new Set(legacy.map((d) => d.id)).size} advisories): ${LEGACY_VERSIONS_NOTE}`,
        ...legacy.map((d) => `  ${fmt(d)}`),
        `Known quirks hit: ${[...quirkHits].map(([id, s]) => `${id} (${s.size})`).join(', ')}`,
        `Unexplained disagreements: ${unexplained.length}`,
        ...unexplained.map((d) => `  ${fmt(d)}`),
      ].join('\n'),
    );

    expect(unexplained.map(fmt)).toEqual([]);
    // The quirk list must stay accurate: every listed pair still disagrees.
    for (const q of KNOWN_QUIRKS) expect([...(quirkHits.get(q.id) ?? [])].sort(), q.id).toEqual([...q.versions].sort());
    // Legacy versions really are unparseable listed versions, never something the ranges reject.
    expect(legacy.every((d) => d.status.startsWith('unknown'))).toBe(true);
    expect(entriesChecked).toBeGreaterThan(2_500);
  });
});
