import { describe, expect, it } from 'vitest';
import { withAnalysis } from './vdr.js';
import type { ReleaseFinding } from './store.js';

/**
 * The release VDR's analysis (withAnalysis): a vulnerability affecting two components analysed
 * differently becomes one entry per analysis, components without analysis keep an entry
 * without one, components are recognised by purl, else CPE, else name and version, and
 * findings of another vulnerability never lend their analysis.
 */
const at = (iso: string) => new Date(iso);
function finding(over: Partial<ReleaseFinding>): ReleaseFinding {
  return {
    id: 'f', vuln_id: 'CVE-2021-44228', status: 'affected', component_name: 'log4j-core', component_version: '2.14.1', component_purl: null, component_cpe: null,
    analysis_state: null, analysis_justification: null, analysis_responses: [], analysis_detail: null, analysis_updated_at: null, first_seen_at: at('2026-01-01T00:00:00Z'),
    aliases: [], summary: null, ...over,
  } as ReleaseFinding;
}

const vdr = {
  components: [
    { 'bom-ref': 'a', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
    { 'bom-ref': 'b', name: 'log4j-core', version: '2.13.0', cpe: 'cpe:2.3:a:apache:log4j:2.13.0:*:*:*:*:*:*:*' },
    { 'bom-ref': 'c', name: 'log4j-core', version: '2.12.0' },
    { 'bom-ref': 'd', name: 'log4j-core', version: '2.11.0' },
  ],
  vulnerabilities: [
    { id: 'CVE-2021-44228', ratings: [], affects: [{ ref: 'a' }, { ref: 'b' }, { ref: 'c' }, { ref: 'd' }] },
    { id: 'CVE-2021-45046', ratings: [], affects: [{ ref: 'a' }] },
  ],
};

describe('release VDR analysis', () => {
  it('one entry per analysis, in order; unanalysed components without analysis; matched by purl, CPE, name and version', () => {
    const out = withAnalysis(vdr, [
      finding({ id: '1', component_purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', analysis_state: 'exploitable', analysis_responses: ['update'], analysis_detail: 'Reached.', analysis_updated_at: at('2026-02-01T00:00:00Z') }),
      finding({ id: '2', component_version: '2.13.0', component_cpe: 'cpe:2.3:a:apache:log4j:2.13.0:*:*:*:*:*:*:*', analysis_state: 'not_affected', analysis_justification: 'code_not_reachable', first_seen_at: at('2026-01-05T00:00:00Z'), analysis_updated_at: at('2026-01-20T00:00:00Z') }),
      finding({ id: '3', component_version: '2.12.0', analysis_state: 'exploitable', analysis_responses: ['update'], analysis_detail: 'Reached.', first_seen_at: at('2025-12-01T00:00:00Z'), analysis_updated_at: at('2026-03-01T00:00:00Z') }),
      finding({ id: '4', component_version: '2.11.0' }),
      // Another vulnerability's decision on component a.
      finding({ id: '5', vuln_id: 'CVE-2099-0001', component_purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', analysis_state: 'false_positive' }),
    ]);
    expect(out.map((v) => [v.id, v.affects.map((a) => a.ref), v['analysis'] ?? null])).toEqual([
      ['CVE-2021-44228', ['a', 'c'], { state: 'exploitable', response: ['update'], detail: 'Reached.', firstIssued: '2025-12-01T00:00:00.000Z', lastUpdated: '2026-03-01T00:00:00.000Z' }],
      ['CVE-2021-44228', ['b'], { state: 'not_affected', justification: 'code_not_reachable', firstIssued: '2026-01-05T00:00:00.000Z', lastUpdated: '2026-01-20T00:00:00.000Z' }],
      ['CVE-2021-44228', ['d'], null],
      ['CVE-2021-45046', ['a'], null],
    ]);
    // Everything else of the scan's entry is kept.
    expect(out.every((v) => Array.isArray(v['ratings']))).toBe(true);
  });

  it('without analysed findings the scan is unchanged', () => {
    expect(withAnalysis(vdr, [finding({ id: '1', component_version: '2.12.0' })])).toEqual(vdr.vulnerabilities);
  });
});
