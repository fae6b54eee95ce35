import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/** The demo's triage: decisions on the CardioWatch gateway's log4j findings and the Heartbleed suppression rule, loaded once. */
let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil();
});
afterAll(() => t.close());

describe('demo triage', () => {
  it('analyses the demo findings, suppresses Heartbleed by rule, and loads once', async () => {
    await loadDemo(t.db, null);
    const findings = await t.db
      .selectFrom('findings as f')
      .leftJoin('users as u', 'u.id', 'f.assignee_id')
      .select(['f.vuln_id', 'f.analysis_state', 'f.analysis_justification', 'f.analysis_responses', 'f.suppression_rule_id', 'u.email'])
      .orderBy('f.vuln_id')
      .execute();
    expect(findings.map(({ suppression_rule_id, ...f }) => ({ ...f, suppressed: suppression_rule_id !== null }))).toEqual([
      { vuln_id: 'CVE-2014-0160', analysis_state: 'not_affected', analysis_justification: 'protected_by_compiler', analysis_responses: [], email: null, suppressed: true },
      { vuln_id: 'CVE-2021-44228', analysis_state: 'exploitable', analysis_justification: null, analysis_responses: ['update'], email: 'analyst@acme.example', suppressed: false },
      { vuln_id: 'CVE-2021-45046', analysis_state: 'not_affected', analysis_justification: 'requires_configuration', analysis_responses: [], email: null, suppressed: false },
    ]);
    const comments = await t.db.selectFrom('finding_comments').select(['author_label', 'body']).execute();
    expect(comments).toEqual([{ author_label: 'analyst@acme.example', body: 'Customer advisory drafted; field update scheduled with the three pilot hospitals.' }]);
    const events = await t.db.selectFrom('finding_events').select('kind').where('kind', 'in', ['analysis', 'suppressed']).execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['analysis', 'analysis', 'suppressed']);
    await loadDemo(t.db, null);
    expect(await t.db.selectFrom('suppression_rules').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('finding_comments').select('id').execute()).toHaveLength(1);
  });
});
