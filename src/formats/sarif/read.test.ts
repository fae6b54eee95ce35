import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, positionOf, readSarif } from './read.js';

const FIXTURE = readFileSync(new URL('../../../test/fixtures/premarket/cardiowatch-gateway.sarif', import.meta.url), 'utf8');

const log = (results: unknown[], rules: unknown[] = [{ id: 'r1' }]) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T', rules } }, results }] });

describe('SARIF 2.1.0 reader', () => {
  it('summarizes a CodeQL log per rule: suppressed results left out, levels from result or rule default', () => {
    const r = readSarif(FIXTURE);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.tools).toEqual(['CodeQL 2.17.6']);
    expect(r.report.results).toBe(3);
    expect(r.report.ignored).toBe(1);
    expect(r.report.levels).toEqual({ none: 0, note: 0, warning: 2, error: 0 });
    expect(r.report.rules.map((x) => [x.ruleId, x.outcome, x.levels.warning, x.refs])).toEqual([
      ['cpp/hardcoded-credentials', 'passed', 0, ['SEC-REQ-001', 'security', 'external/cwe/cwe-798', 'JSP-DES-08']],
      ['cpp/unbounded-write', 'passed', 1, ['SEC-REQ-002', 'security', 'external/cwe/cwe-120', 'external/cwe/cwe-787', 'JSP-DES-08']],
      ['cpp/uncontrolled-format-string', 'passed', 1, ['security', 'external/cwe/cwe-134', 'JSP-DES-08']],
    ]);
  });

  it('fails a rule with an error-level result (explicit or by default configuration) and keeps the first message', () => {
    const r = readSarif(log([{ ruleId: 'r1', message: { text: 'first' } }, { ruleId: 'r1', level: 'note', message: { text: 'n' } }], [{ id: 'r1', defaultConfiguration: { level: 'error' } }]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.rules[0]).toMatchObject({ outcome: 'failed', levels: { error: 1, note: 1, warning: 0, none: 0 }, firstError: 'first' });
  });

  it('leaves out pass/notApplicable kinds, absent baseline results and rejected-only suppressions stay in', () => {
    const r = readSarif(log([
      { ruleId: 'r1', level: 'error', kind: 'pass', message: { text: 'a' } },
      { ruleId: 'r1', level: 'error', baselineState: 'absent', message: { text: 'b' } },
      { ruleId: 'r1', level: 'error', suppressions: [{ kind: 'inSource', status: 'rejected' }], message: { text: 'c' } },
      { ruleId: 'r2', message: { text: 'd' }, properties: { requirements: 'SEC-1, SEC-2' } },
    ]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.ignored).toBe(2);
    expect(r.report.rules.map((x) => [x.ruleId, x.outcome, x.refs])).toEqual([['r1', 'failed', []], ['r2', 'passed', ['SEC-1', 'SEC-2']]]);
  });

  it('names the line and column of a JSON syntax error', () => {
    const text = '{\n  "version": "2.1.0",\n  "runs": [\n    { "tool": }\n  ]\n}';
    const r = readSarif(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.error.code, r.error.line, r.error.column]).toEqual(['invalid-json', 4, 15]);
    expect(r.error.message).toMatch(/^Not JSON at line 4, column 15: /);
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('"\\x"')).toBe(2);
    expect(jsonErrorOffset('[1] x')).toBe(4);
  });

  it('refuses another version, a schema violation (with its pointer) and too deep or too large input', () => {
    const v = readSarif(JSON.stringify({ version: '2.0.0', runs: [] }));
    expect(!v.ok && v.error.code).toBe('sarif-version');
    const s = readSarif(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [{ ruleId: 'x', level: 'fatal', message: { text: 'm' } }] }] }));
    expect(s.ok).toBe(false);
    if (!s.ok) {
      expect(s.error.code).toBe('sarif-schema');
      expect(s.error.errors?.map((e) => e.pointer)).toContain('/runs/0/results/0/level');
    }
    const missing = readSarif(JSON.stringify({ version: '2.1.0' }));
    expect(!missing.ok && missing.error.code).toBe('sarif-schema');
    const deep = readSarif(`{"version":"2.1.0","runs":${'['.repeat(80)}${']'.repeat(80)}}`);
    expect(!deep.ok && deep.error.code).toBe('sarif-too-deep');
  });
});
