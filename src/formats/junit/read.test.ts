import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJUnit } from './read.js';

const FIXTURE = readFileSync(new URL('../../../test/fixtures/premarket/cardiowatch-gateway-tests.xml', import.meta.url), 'utf8');

describe('JUnit XML reader', () => {
  it('reads a pytest report: cases, outcomes, messages, properties and lines', () => {
    const r = readJUnit(FIXTURE);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.name).toBe('pytest');
    expect(r.report.counts).toEqual({ passed: 4, failed: 1, error: 0, skipped: 1 });
    expect(r.report.cases.map((c) => [c.name, c.outcome])).toEqual([
      ['test_listener_requires_mutual_tls[SEC-REQ-001]', 'passed'],
      ['test_listener_rejects_expired_client_certificate', 'passed'],
      ['test_rejects_oversized_segment', 'passed'],
      ['test_rejects_unterminated_field (SEC-REQ-002)', 'failed'],
      ['test_rejects_unsigned_firmware_image [SEC-REQ-004]', 'skipped'],
      ['test_audit_log_records_failed_logins', 'passed'],
    ]);
    const failed = r.report.cases[3]!;
    expect(failed.message).toBe('AssertionError: gateway accepted a PID segment without a field terminator');
    expect(failed.classname).toBe('tests.security.test_hl7_parser');
    expect(failed.time).toBe(0.298);
    expect(failed.line).toBe(15);
    expect(r.report.cases[1]!.properties).toEqual([{ name: 'requirement', value: 'SEC-REQ-001' }]);
    expect(r.report.cases[4]!.message).toBe('signing HSM not reachable from CI');
  });

  it('takes a failure text when there is no message attribute, and a single <testsuite> root', () => {
    const r = readJUnit('<testsuite name="unit"><testcase name="a"><error>boom\n at x</error></testcase><testcase name="b"><failure/></testcase></testsuite>');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.cases.map((c) => [c.suite, c.name, c.outcome, c.message])).toEqual([
      ['unit', 'a', 'error', 'boom\n at x'],
      ['unit', 'b', 'failed', null],
    ]);
  });

  it('names the innermost suite of nested suites', () => {
    const r = readJUnit('<testsuites><testsuite name="outer"><testsuite name="inner"><testcase name="x"/></testsuite><testcase name="y"/></testsuite></testsuites>');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.cases.map((c) => `${c.suite}/${c.name}`)).toEqual(['inner/x', 'outer/y']);
  });

  it('refuses malformed XML with the line and column', () => {
    const r = readJUnit('<testsuites>\n  <testsuite name="s">\n    <testcase name="a">\n  </testsuite>\n</testsuites>');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('xml-syntax');
    expect(r.error.line).toBe(4);
    expect(r.error.column).toBeGreaterThan(1);
    expect(r.error.message).toMatch(/unexpected close tag/i);
  });

  it('refuses a DOCTYPE (billion laughs) before any entity is defined', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<testsuites><testcase name="&lol2;"/></testsuites>';
    const r = readJUnit(bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.line]).toEqual(['xml-doctype', 2]);
  });

  it('refuses an undefined entity, a wrong root, a nameless test case, too many cases and too many bytes', () => {
    const entity = readJUnit('<testsuites><testcase name="&xxe;"/></testsuites>');
    expect(!entity.ok && entity.error.code).toBe('xml-syntax');
    const root = readJUnit('<html><body/></html>');
    expect(!root.ok && [root.error.code, root.error.message]).toEqual(['junit-root', 'The root element is <html>; a JUnit report starts with <testsuites> or <testsuite>.']);
    const nameless = readJUnit('<testsuite>\n<testcase classname="c"/></testsuite>');
    expect(!nameless.ok && [nameless.error.code, nameless.error.line]).toEqual(['junit-testcase', 2]);
    const many = readJUnit('<testsuite><testcase name="a"/><testcase name="b"/><testcase name="c"/></testsuite>', { maxCases: 2 });
    expect(!many.ok && many.error.code).toBe('junit-too-many-cases');
    const big = readJUnit(`<testsuite>${'<testcase name="a"/>'.repeat(10)}</testsuite>`, { maxBytes: 100 });
    expect(!big.ok && big.error.code).toBe('junit-too-large');
    const empty = readJUnit('   ');
    expect(!empty.ok && empty.error.code).toBe('xml-syntax');
    const deep = readJUnit(`<testsuites>${'<testsuite>'.repeat(70)}${'</testsuite>'.repeat(70)}</testsuites>`);
    expect(!deep.ok && deep.error.code).toBe('junit-too-deep');
  });
});
